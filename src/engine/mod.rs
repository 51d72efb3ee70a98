//! The engine: pure functions from a session and the knowledge base to advice. No I/O, no
//! clock, no terminal; the same inputs always give the same assessment.

mod facts;
pub mod plan;
mod stack;
mod tier;
mod visibility;

pub use facts::{SessionFacts, View, kept_patterns};
pub use stack::{advice_fits_stack, realisation_line, realisations, session_stack};
pub use tier::{
    AppliedCap, EvidenceError, TierVerdict, Unticked, in_production, reconcile_evidence,
    refutation, tick_evidence,
};
pub use visibility::{
    applies, applies_with, prefilled, prefilled_answer, relevant_with, visible_with,
};

use crate::kb::{AntiPattern, KnowledgeBase, Node, Pattern, Severity};
use crate::rules::{Witness, WitnessKind};
use crate::session::{Date, Session};
use std::collections::BTreeSet;

/// Everything the engine concludes about one session.
#[derive(Debug)]
pub struct Assessment<'kb> {
    pub threshold: ThresholdVerdict,
    pub patterns: Vec<Recommendation<'kb>>,
    /// Risks of the target design: they cap the tier.
    pub findings: Vec<AntiPatternFinding<'kb>>,
    /// Findings on what the system does today that the target no longer shows: what the
    /// design removes. They never cap the tier.
    pub removed: Vec<RemovedFinding<'kb>>,
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
        /// Today's answers that suggested options the target's answers no longer do:
        /// the problem the bundle answers.
        suggested_by_today: Vec<Witness>,
    },
    Threshold {
        because: Vec<Witness>,
    },
    /// The team states the pattern is in place today (`context.in_place`).
    InPlace,
}

#[derive(Debug, Clone)]
pub struct Recommendation<'kb> {
    pub pattern: &'kb Pattern,
    /// The problem named along the path, for the "need" column.
    pub need: String,
    pub provenance: Vec<Provenance<'kb>>,
}

impl Recommendation<'_> {
    /// Stated by the team as in place; otherwise the advisor recommends it.
    pub fn in_place(&self) -> bool {
        self.provenance
            .iter()
            .any(|p| matches!(p, Provenance::InPlace))
    }
}

/// A finding on today's system that the target design no longer shows.
#[derive(Debug, Clone)]
pub struct RemovedFinding<'kb> {
    /// The finding as today's answers and flows trigger it.
    pub finding: AntiPatternFinding<'kb>,
    /// The target's answers and flows that remove its cause.
    pub removed_by: Vec<Witness>,
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

impl Tbd<'_> {
    /// Its due date has passed on `day` (`session::overdue`).
    pub fn overdue_on(&self, day: Date) -> bool {
        crate::session::overdue(self.due, day)
    }
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
    let today = SessionFacts::with_view(kb, session, View::Today);

    // An explicit request for an ADR, a runbook or a launch decision runs the full
    // pipeline whatever the size of the change.
    let requested = !session.decisions.is_empty()
        || !session.runbooks.is_empty()
        || !session.launches.is_empty();
    let threshold = match kb
        .threshold
        .parsed_rule
        .as_ref()
        .and_then(|r| r.witness(&facts))
        .filter(|_| !requested)
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

    let patterns = recommendations(kb, session, &facts, &today, &threshold);

    let mut findings = findings_on(kb, &facts);
    findings.sort_by_key(|f| f.severity());
    let mut removed: Vec<RemovedFinding> = findings_on(kb, &today)
        .into_iter()
        .filter(|f| {
            !findings
                .iter()
                .any(|t| t.antipattern.id == f.antipattern.id)
        })
        .map(|f| {
            let removed_by = removal(session, &f.triggered_by);
            RemovedFinding {
                finding: f,
                removed_by,
            }
        })
        .collect();
    removed.sort_by_key(|r| r.finding.severity());

    let mut tier = tier::verdict(kb, session, &facts, &findings);
    tier.below_threshold = threshold.below;

    let mut tbds = Vec::new();
    for step in plan::question_steps(kb, session.mode, threshold.below) {
        for qn in kb.questionnaires_for(step) {
            for q in &qn.question {
                let answer = session.answer(q.id.get_ref());
                if facts.not_applicable(q.id.get_ref())
                    || !applies_with(kb, session, &facts, q.id.get_ref())
                {
                    continue;
                }
                if answer.is_some_and(|a| a.is_answered())
                    || (qn.skippable(q) && !answer.is_some_and(|a| a.tbd))
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

    let advice = design_advice(kb, session, &facts);

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
        removed,
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
    today: &SessionFacts,
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
        let mut suggested_by_today = Vec::new();
        for pair in nodes.windows(2) {
            let option = pair[0].option.iter().find(|o| o.to == pair[1].id);
            let Some(rule) = option.and_then(|o| o.parsed_suggestion.as_ref()) else {
                continue;
            };
            // A bundle answers today's problem: read the suggestion on the target, and
            // on today's system when the design has changed the answers behind it.
            if let Some(w) = rule.witness(facts) {
                suggested_by.extend(w);
            } else if let Some(w) = rule.witness(today) {
                suggested_by_today.extend(w);
            }
        }
        suggested_by.sort();
        suggested_by.dedup();
        suggested_by_today.sort();
        suggested_by_today.dedup();
        suggested_by_today.retain(|w| !suggested_by.contains(w));
        let need = nodes
            .iter()
            .rev()
            .find_map(|n| n.problem.clone())
            .unwrap_or_else(|| leaf.title.clone());
        for p in leaf
            .patterns
            .iter()
            .filter(|p| !path.dropped.iter().any(|d| d == p.get_ref()))
            .filter_map(|p| kb.pattern(p.get_ref()))
        {
            add(
                p,
                need.to_string(),
                Provenance::Path {
                    index,
                    nodes: nodes.clone(),
                    suggested_by: suggested_by.clone(),
                    suggested_by_today: suggested_by_today.clone(),
                },
            );
        }
    }
    for p in session
        .context
        .in_place
        .iter()
        .filter_map(|p| kb.pattern(p))
    {
        add(p, "In place today".into(), Provenance::InPlace);
    }
    out
}

/// Every anti-pattern whose rule holds on these facts.
fn findings_on<'kb>(kb: &'kb KnowledgeBase, facts: &SessionFacts) -> Vec<AntiPatternFinding<'kb>> {
    kb.antipatterns
        .iter()
        .filter_map(|a| {
            let triggered_by = a.parsed_rule.as_ref()?.witness(facts)?;
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
        .collect()
}

/// The target answers and flows that replace what triggered a finding today: for each
/// answer the design changes, its target choices; for a flow mechanism, the flows the
/// design adds. When no witness names a change, every answer the design changes.
fn removal(session: &Session, today: &[Witness]) -> Vec<Witness> {
    let target_of = |q: &str, out: &mut Vec<Witness>| {
        if let Some(a) = session.answer(q).filter(|a| a.changes() && !a.tbd) {
            for c in &a.choices {
                out.push(Witness {
                    question: q.to_string(),
                    choice: Some(c.clone()),
                    kind: WitnessKind::Choice,
                });
            }
        }
    };
    let mut out = Vec::new();
    for w in today {
        match w.kind {
            WitnessKind::Choice | WitnessKind::Open => target_of(&w.question, &mut out),
            WitnessKind::Flow => {
                for f in session
                    .flows
                    .iter()
                    .filter(|f| f.change == crate::session::Change::Added)
                {
                    out.push(Witness {
                        question: f.mechanism.as_str().to_string(),
                        choice: None,
                        kind: WitnessKind::Flow,
                    });
                }
            }
            WitnessKind::Complete | WitnessKind::Pattern => {}
        }
    }
    if out.is_empty() {
        for (q, _) in session.answers.iter().filter(|(_, a)| a.changes()) {
            target_of(q, &mut out);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The principle advice that fits the session: rules that hold on the target, at most
/// once per text, a principle's unconditional default left out when a specific advice of
/// the same principle applies (a default beside its exception reads as a contradiction),
/// and advice tagged with technologies none of which the session has left out.
fn design_advice<'kb>(
    kb: &'kb KnowledgeBase,
    session: &Session,
    facts: &SessionFacts,
) -> Vec<DesignAdvice<'kb>> {
    let stack = session_stack(session);
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut out = Vec::new();
    for principle in &kb.principles {
        let fired: Vec<_> = principle
            .advice
            .iter()
            .filter_map(|a| Some((a, a.parsed_rule.as_ref()?.witness(facts)?)))
            .collect();
        let specific = fired
            .iter()
            .any(|(a, _)| a.parsed_rule != Some(crate::rules::Rule::Const(true)));
        for (a, because) in fired {
            if specific && a.parsed_rule == Some(crate::rules::Rule::Const(true)) {
                continue;
            }
            if !advice_fits_stack(&a.stack, &stack) || !seen.insert(a.text.as_str()) {
                continue;
            }
            out.push(DesignAdvice {
                principle,
                text: &a.text,
                because,
            });
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

/// The answers behind a conclusion, in words: "Question = Choice; ...".
pub fn witness_text(kb: &KnowledgeBase, w: &[Witness]) -> String {
    let parts: Vec<String> = w
        .iter()
        .map(|w| {
            let label = |q: &str| {
                kb.question(q)
                    .map_or(q.to_string(), |q| q.label().to_string())
            };
            match w.kind {
                WitnessKind::Choice => {
                    let q = kb.question(&w.question);
                    let c = w.choice.as_deref().unwrap_or_default();
                    let choice = q.and_then(|q| q.choice(c)).map_or(c, |c| c.label.as_str());
                    format!("{} = {choice}", label(&w.question))
                }
                WitnessKind::Open => format!("{} not answered yet", label(&w.question)),
                WitnessKind::Complete => format!(
                    "{} complete",
                    kb.questionnaire(&w.question)
                        .map_or(w.question.as_str(), |q| q.title.as_str())
                ),
                WitnessKind::Flow => format!("a data flow uses {}", w.question),
                WitnessKind::Pattern => format!(
                    "{} in the design",
                    kb.pattern(&w.question)
                        .map_or(w.question.as_str(), |p| p.name.as_str())
                ),
            }
        })
        .collect();
    parts.join("; ")
}
