//! The session seen through the rule language's eyes, as it stands today or as the design
//! makes it (the target).

use crate::kb::KnowledgeBase;
use crate::rules::Facts;
use crate::session::Session;
use std::collections::HashSet;

/// Which state of the system the facts describe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// What the design makes the system do: the answers' `choices`, the stores, flows and
    /// channels not removed, the kept patterns of the added bundles (not in review mode,
    /// where they are proposals) and those in place.
    Target,
    /// What the system does now: `today` where an answer gives it, the flows not added by
    /// the design, and only the patterns the team states are in place.
    Today,
}

pub struct SessionFacts<'a> {
    kb: &'a KnowledgeBase,
    session: &'a Session,
    view: View,
    patterns: HashSet<&'a str>,
}

/// The patterns of the bundles added to the design, without the ones the team dropped.
pub fn kept_patterns<'a>(kb: &'a KnowledgeBase, session: &'a Session) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for path in session.paths.iter().filter(|p| p.added) {
        let Some(leaf) = path.nodes.last().and_then(|n| kb.node(n)) else {
            continue;
        };
        for p in &leaf.patterns {
            let id = p.get_ref().as_str();
            if !path.dropped.iter().any(|d| d == id) && !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

impl<'a> SessionFacts<'a> {
    /// The target: what the design makes the system do.
    pub fn new(kb: &'a KnowledgeBase, session: &'a Session) -> Self {
        Self::with_view(kb, session, View::Target)
    }

    pub fn with_view(kb: &'a KnowledgeBase, session: &'a Session, view: View) -> Self {
        let mut patterns: HashSet<&str> = session
            .context
            .in_place
            .iter()
            .map(String::as_str)
            .collect();
        // In review mode the bundles are the reviewer's proposals, not the system: only
        // what the team states is in place counts.
        if view == View::Target && session.mode != crate::session::Mode::Review {
            patterns.extend(kept_patterns(kb, session));
        }
        SessionFacts {
            kb,
            session,
            view,
            patterns,
        }
    }

    pub fn view(&self) -> View {
        self.view
    }

    /// The question is answered "does not apply" and the knowledge base allows that.
    pub fn not_applicable(&self, question: &str) -> bool {
        self.session
            .answer(question)
            .is_some_and(|a| a.not_applicable && !a.tbd)
            && self.kb.question(question).is_some_and(|q| q.may_not_apply)
    }
}

impl Facts for SessionFacts<'_> {
    fn choices(&self, question: &str) -> Option<&[String]> {
        let own = self.session.answer(question).and_then(|a| {
            // Today is known even while the target is still open ("later").
            let cs = match self.view {
                View::Today if !a.today.is_empty() => a.today.as_slice(),
                _ if a.tbd => return None,
                View::Target => a.choices.as_slice(),
                View::Today => a.today_choices(),
            };
            (!cs.is_empty()).then_some(cs)
        });
        own.or_else(|| {
            super::visibility::prefilled_in(
                self.kb,
                self.session,
                question,
                self.view == View::Today,
            )
        })
    }

    fn complete(&self, questionnaire: &str) -> bool {
        self.kb.questionnaire(questionnaire).is_some_and(|qn| {
            qn.question.iter().all(|q| {
                self.choices(q.id.get_ref()).is_some()
                    || self.not_applicable(q.id.get_ref())
                    || !super::visibility::visible_with(self, q)
            })
        })
    }

    fn has_pattern(&self, pattern: &str) -> bool {
        self.patterns.contains(pattern)
    }

    fn has_flow(&self, mechanism: &str) -> bool {
        self.session.flows.iter().any(|f| {
            f.mechanism.as_str() == mechanism
                && match self.view {
                    View::Target => f.change.in_target(),
                    View::Today => f.change.in_today(),
                }
        })
    }
}
