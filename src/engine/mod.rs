//! The engine: pure functions from a session and the knowledge base to advice. No I/O, no
//! clock, no terminal; the same inputs always give the same assessment.

mod facts;
pub mod plan;
mod tier;

pub use facts::SessionFacts;
pub use tier::{AppliedCap, TierVerdict};

use crate::kb::{AntiPattern, KnowledgeBase, Node, Pattern, Severity};
use crate::rules::Witness;
use crate::session::{Date, Session};

/// Everything the engine concludes about one session.
#[derive(Debug)]
pub struct Assessment<'kb> {
    pub threshold: ThresholdVerdict,
    pub patterns: Vec<Recommendation<'kb>>,
    pub findings: Vec<AntiPatternFinding<'kb>>,
    pub tier: TierVerdict<'kb>,
    pub tbds: Vec<Tbd<'kb>>,
    pub advice: Vec<DesignAdvice<'kb>>,
    pub alternatives: Vec<Alternative<'kb>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThresholdVerdict {
    /// One service, one team, no production users: the full pipeline is overkill.
    pub below: bool,
    /// The threshold answers that decided it.
    pub because: Vec<Witness>,
}

/// Why a pattern is recommended: a graph path (with the answers that suggested its
/// options) or the threshold verdict.
#[derive(Debug, Clone)]
pub enum Provenance<'kb> {
    Path {
        index: usize,
        nodes: Vec<&'kb Node>,
        suggested_by: Vec<Witness>,
    },
    Threshold {
        because: Vec<Witness>,
    },
}

#[derive(Debug, Clone)]
pub struct Recommendation<'kb> {
    pub pattern: &'kb Pattern,
    /// The problem named along the path, for the "need" column.
    pub need: String,
    pub provenance: Vec<Provenance<'kb>>,
}

#[derive(Debug, Clone)]
pub struct AntiPatternFinding<'kb> {
    pub antipattern: &'kb AntiPattern,
    pub triggered_by: Vec<Witness>,
    pub fix: Vec<&'kb Pattern>,
}

impl AntiPatternFinding<'_> {
    pub fn severity(&self) -> Severity {
        self.antipattern.severity
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TbdKind {
    Unanswered,
    Later,
}

#[derive(Debug, Clone)]
pub struct Tbd<'kb> {
    pub question: &'kb crate::kb::Question,
    pub questionnaire: &'kb crate::kb::Questionnaire,
    pub kind: TbdKind,
    pub owner: Option<String>,
    pub due: Option<Date>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct DesignAdvice<'kb> {
    pub principle: &'kb crate::kb::Principle,
    pub text: &'kb str,
    pub because: Vec<Witness>,
}

/// An option offered on a path that the person did not take.
#[derive(Debug, Clone)]
pub struct Alternative<'kb> {
    pub at: &'kb Node,
    pub option: &'kb crate::kb::NodeOption,
}

/// Assesses a session against the knowledge base.
pub fn assess<'kb>(kb: &'kb KnowledgeBase, session: &Session) -> Assessment<'kb> {
    let facts = SessionFacts::new(kb, session);

    let threshold = match kb
        .threshold
        .parsed_rule
        .as_ref()
        .and_then(|r| r.witness(&facts))
    {
        Some(because) => ThresholdVerdict {
            below: true,
            because,
        },
        None => ThresholdVerdict {
            below: false,
            because: Vec::new(),
        },
    };

    let patterns = recommendations(kb, session, &facts, &threshold);

    let mut findings: Vec<AntiPatternFinding> = kb
        .antipatterns
        .iter()
        .filter_map(|a| {
            let triggered_by = a.parsed_rule.as_ref()?.witness(&facts)?;
            let fix = a
                .fix
                .iter()
                .filter_map(|p| kb.pattern(p.get_ref()))
                .collect();
            Some(AntiPatternFinding {
                antipattern: a,
                triggered_by,
                fix,
            })
        })
        .collect();
    findings.sort_by_key(|f| f.severity());

    let tier = tier::verdict(kb, session, &facts, &findings);

    let mut tbds = Vec::new();
    for step in plan::question_steps(session.mode, threshold.below) {
        for qn in kb.questionnaires_for(step) {
            for q in &qn.question {
                let answer = session.answer(q.id.get_ref());
                if answer.is_some_and(|a| a.is_answered())
                    || (qn.optional && !answer.is_some_and(|a| a.tbd))
                {
                    continue;
                }
                let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
                tbds.push(Tbd {
                    question: q,
                    questionnaire: qn,
                    kind: if answer.is_some_and(|a| a.tbd) {
                        TbdKind::Later
                    } else {
                        TbdKind::Unanswered
                    },
                    owner: answer.and_then(|a| nonempty(&a.owner)),
                    due: answer.and_then(|a| a.due),
                    note: answer.and_then(|a| nonempty(&a.note)),
                });
            }
        }
    }

    let advice = kb
        .principles
        .iter()
        .flat_map(|p| p.advice.iter().map(move |a| (p, a)))
        .filter_map(|(principle, a)| {
            let because = a.parsed_rule.as_ref()?.witness(&facts)?;
            Some(DesignAdvice {
                principle,
                text: &a.text,
                because,
            })
        })
        .collect();

    // Branches passed over at real decisions: from the first node that names a problem
    // on; the root and area menus above it are navigation, not decisions.
    let mut alternatives: Vec<Alternative> = Vec::new();
    for path in &session.paths {
        let start = path
            .nodes
            .iter()
            .position(|n| kb.node(n).is_some_and(|n| n.problem.is_some()))
            .unwrap_or(path.nodes.len());
        for pair in path.nodes[start..].windows(2) {
            let Some(at) = kb.node(&pair[0]) else {
                continue;
            };
            for option in at.option.iter().filter(|o| o.to.get_ref() != &pair[1]) {
                if !alternatives
                    .iter()
                    .any(|x| x.at.id == at.id && x.option.to == option.to)
                {
                    alternatives.push(Alternative { at, option });
                }
            }
        }
    }

    Assessment {
        threshold,
        patterns,
        findings,
        tier,
        tbds,
        advice,
        alternatives,
    }
}

fn recommendations<'kb>(
    kb: &'kb KnowledgeBase,
    session: &Session,
    facts: &SessionFacts,
    threshold: &ThresholdVerdict,
) -> Vec<Recommendation<'kb>> {
    let mut out: Vec<Recommendation> = Vec::new();
    let mut add = |pattern: &'kb Pattern, need: String, provenance: Provenance<'kb>| {
        if let Some(r) = out.iter_mut().find(|r| r.pattern.id == pattern.id) {
            r.provenance.push(provenance);
        } else {
            out.push(Recommendation {
                pattern,
                need,
                provenance: vec![provenance],
            });
        }
    };
    if threshold.below {
        for p in kb
            .threshold
            .patterns
            .iter()
            .filter_map(|p| kb.pattern(p.get_ref()))
        {
            add(
                p,
                "Below the threshold: the simple design".into(),
                Provenance::Threshold {
                    because: threshold.because.clone(),
                },
            );
        }
    }
    for (index, path) in session.paths.iter().enumerate().filter(|(_, p)| p.added) {
        let nodes: Vec<&Node> = path.nodes.iter().filter_map(|n| kb.node(n)).collect();
        let Some(leaf) = nodes.last().filter(|n| n.is_leaf()) else {
            continue;
        };
        let mut suggested_by = Vec::new();
        for pair in nodes.windows(2) {
            let option = pair[0].option.iter().find(|o| o.to == pair[1].id);
            if let Some(w) = option
                .and_then(|o| o.parsed_suggestion.as_ref())
                .and_then(|r| r.witness(facts))
            {
                suggested_by.extend(w);
            }
        }
        suggested_by.sort();
        suggested_by.dedup();
        let need = nodes
            .iter()
            .rev()
            .find_map(|n| n.problem.clone())
            .unwrap_or_else(|| leaf.title.clone());
        for p in leaf.patterns.iter().filter_map(|p| kb.pattern(p.get_ref())) {
            add(
                p,
                need.clone(),
                Provenance::Path {
                    index,
                    nodes: nodes.clone(),
                    suggested_by: suggested_by.clone(),
                },
            );
        }
    }
    out
}

/// The option of `node` that earlier answers suggest, with the answers behind it.
pub fn suggestion<'kb>(
    node: &'kb Node,
    facts: &SessionFacts,
) -> Option<(&'kb crate::kb::NodeOption, Vec<Witness>)> {
    node.option
        .iter()
        .find_map(|o| Some((o, o.parsed_suggestion.as_ref()?.witness(facts)?)))
}
