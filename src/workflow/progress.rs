//! How far a session has come in each step of its mode's plan (✓ ◐ · –).

use crate::engine::Assessment;
use crate::engine::plan::{PlannedStep, StepKind, walked};
use crate::kb::{KnowledgeBase, Question};
use crate::session::{Answer, Mechanism, Session};

/// How far a step has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    NotStarted,
    Started,
    Done,
    /// Not walked below the threshold.
    Skipped,
}

impl State {
    /// ✓ done, ◐ started, · not started, – not needed below the threshold.
    pub fn mark(self) -> &'static str {
        match self {
            State::Done => "✓",
            State::Started => "◐",
            State::NotStarted => "·",
            State::Skipped => "–",
        }
    }
}

/// A step's progress: its state and, for questions, how many required ones are answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub state: State,
    /// Required questions answered, and required questions in all (questions steps only).
    pub counts: Option<(usize, usize)>,
}

/// What a step's progress depends on besides the session: the assessment, and whether
/// the documents were written in this run.
pub struct ProgressInputs<'a, 'kb> {
    pub kb: &'kb KnowledgeBase,
    pub session: &'a Session,
    pub assessment: &'a Assessment<'kb>,
    pub documents_written: bool,
    /// The documents on disk were written from an earlier state of the session.
    pub documents_stale: bool,
}

pub fn progress(inputs: &ProgressInputs, step: &PlannedStep) -> Progress {
    let ProgressInputs {
        kb,
        session,
        assessment,
        documents_written,
        documents_stale,
    } = inputs;
    if !walked(session.mode, assessment.threshold.below, step) {
        return Progress {
            state: State::Skipped,
            counts: None,
        };
    }
    let state = |done: bool, started: bool| {
        if done {
            State::Done
        } else if started {
            State::Started
        } else {
            State::NotStarted
        }
    };
    match step.kind {
        StepKind::Questions(s) => {
            let qs = crate::engine::plan::asked(kb, session, s);
            let answered = |q: &Question| {
                session
                    .answer(q.id.get_ref())
                    .is_some_and(Answer::is_answered)
            };
            let required: Vec<&Question> = qs
                .iter()
                .filter(|(optional, _)| !optional)
                .map(|(_, q)| *q)
                .collect();
            let done = required.iter().filter(|q| answered(q)).count();
            let any = qs.iter().any(|(_, q)| {
                session
                    .answer(q.id.get_ref())
                    .is_some_and(|a| a.is_answered() || a.tbd)
            });
            Progress {
                state: state(!required.is_empty() && done == required.len(), any),
                counts: Some((done, required.len())),
            }
        }
        StepKind::Graph => Progress {
            state: state(session.paths.iter().any(|p| p.added), false),
            counts: None,
        },
        StepKind::Inventory => {
            let flows = &session.flows;
            let decided =
                !flows.is_empty() && flows.iter().all(|f| f.mechanism != Mechanism::Undecided);
            Progress {
                state: state(decided, !session.stores.is_empty() || !flows.is_empty()),
                counts: None,
            }
        }
        StepKind::Evidence => Progress {
            state: state(
                assessment.tier.gate_met && !assessment.tier.met.is_empty(),
                !session.evidence.is_empty(),
            ),
            counts: None,
        },
        StepKind::Records(kind) => {
            let count = kind.count(session);
            Progress {
                state: state(count > 0, false),
                counts: None,
            }
        }
        StepKind::Review => Progress {
            // Written and stale since: begun, not done.
            state: state(*documents_written && !*documents_stale, *documents_written),
            counts: None,
        },
    }
}
