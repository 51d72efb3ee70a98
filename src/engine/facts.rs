//! The session seen through the rule language's eyes.

use crate::kb::KnowledgeBase;
use crate::rules::Facts;
use crate::session::Session;
use std::collections::HashSet;

pub struct SessionFacts<'a> {
    kb: &'a KnowledgeBase,
    session: &'a Session,
    patterns: HashSet<&'a str>,
}

impl<'a> SessionFacts<'a> {
    pub fn new(kb: &'a KnowledgeBase, session: &'a Session) -> Self {
        let patterns = session
            .paths
            .iter()
            .filter(|p| p.added)
            .filter_map(|p| p.nodes.last())
            .filter_map(|n| kb.node(n))
            .flat_map(|n| n.patterns.iter().map(|p| p.get_ref().as_str()))
            .collect();
        SessionFacts {
            kb,
            session,
            patterns,
        }
    }
}

impl Facts for SessionFacts<'_> {
    fn choices(&self, question: &str) -> Option<&[String]> {
        self.session
            .answer(question)
            .filter(|a| a.is_answered())
            .map(|a| a.choices.as_slice())
            .or_else(|| super::visibility::prefilled(self.kb, self.session, question))
    }

    fn complete(&self, questionnaire: &str) -> bool {
        self.kb.questionnaire(questionnaire).is_some_and(|qn| {
            qn.question.iter().all(|q| {
                self.choices(q.id.get_ref()).is_some() || !super::visibility::visible_with(self, q)
            })
        })
    }

    fn has_pattern(&self, pattern: &str) -> bool {
        self.patterns.contains(pattern)
    }

    fn has_flow(&self, mechanism: &str) -> bool {
        self.session
            .flows
            .iter()
            .any(|f| f.mechanism.as_str() == mechanism)
    }
}
