//! The steps each mode walks, in order: one definition, in the knowledge base
//! (data/modes.toml). The engine reads it to know which unanswered questions are TBDs, the
//! workflow layer computes each step's progress from it, and the terminal draws its step
//! list from it.

use crate::kb::{KnowledgeBase, ModeStepKind, Question, Step};
use crate::session::{Mode, RecordKind};

/// The kinds of guided step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepKind {
    /// The questions of one questionnaire step; unanswered ones are TBDs.
    Questions(Step),
    /// The decision graph: problems to pattern bundles.
    Graph,
    /// The evidence checklist of the tier gates.
    Evidence,
    /// Integration architecture: the stores and the flows between them.
    Inventory,
    /// A list of records (channels, decisions, runbooks, launches), each edited in a form.
    Records(RecordKind),
    /// The documents a write would produce, their self-check, and the write.
    Review,
}

/// One step of a mode's plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedStep {
    pub kind: StepKind,
    pub title: String,
    /// Walked below the threshold too (design mode's short path).
    pub short_path: bool,
}

/// The steps a mode walks, in order, as the knowledge base's `[[mode]]` plan gives them.
pub fn steps(kb: &KnowledgeBase, mode: Mode) -> Vec<PlannedStep> {
    kb.mode(mode.as_id())
        .map(|m| {
            m.step
                .iter()
                .map(|s| PlannedStep {
                    kind: match (s.kind, s.questions) {
                        (ModeStepKind::Questions, Some(step)) => StepKind::Questions(step),
                        (ModeStepKind::Graph, _) => StepKind::Graph,
                        (ModeStepKind::Evidence, _) => StepKind::Evidence,
                        (ModeStepKind::Inventory, _) => StepKind::Inventory,
                        (ModeStepKind::Channels, _) => StepKind::Records(RecordKind::Channel),
                        (ModeStepKind::Decisions, _) => StepKind::Records(RecordKind::Decision),
                        (ModeStepKind::Runbooks, _) => StepKind::Records(RecordKind::Runbook),
                        (ModeStepKind::Launches, _) => StepKind::Records(RecordKind::Launch),
                        // Validation guarantees a questions step names its questions.
                        (ModeStepKind::Questions, None) | (ModeStepKind::Review, _) => {
                            StepKind::Review
                        }
                    },
                    title: s.title.to_string(),
                    short_path: s.short_path,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a step is walked: below the threshold, design mode keeps to the short path.
pub fn walked(mode: Mode, below_threshold: bool, step: &PlannedStep) -> bool {
    !(below_threshold && mode == Mode::Design) || step.short_path
}

/// The questionnaire steps a session walks; their unanswered questions are its TBDs.
pub fn question_steps(kb: &KnowledgeBase, mode: Mode, below_threshold: bool) -> Vec<Step> {
    steps(kb, mode)
        .iter()
        .filter(|s| walked(mode, below_threshold, s))
        .filter_map(|s| match s.kind {
            StepKind::Questions(step) => Some(step),
            _ => None,
        })
        .collect()
}

/// The questions of a questionnaire step, each with whether it may be skipped without a
/// TBD (`Questionnaire::skippable`).
pub fn questions(kb: &KnowledgeBase, step: Step) -> Vec<(bool, &Question)> {
    kb.questionnaires_for(step)
        .flat_map(|qn| qn.question.iter().map(move |q| (qn.skippable(q), q)))
        .collect()
}

/// The questions of a questionnaire step that the session is asked: those earlier answers
/// make relevant (their visibility rule holds and they are not pre-filled from an earlier
/// question), each with whether it may be skipped.
pub fn asked<'kb>(
    kb: &'kb KnowledgeBase,
    session: &crate::session::Session,
    step: Step,
) -> Vec<(bool, &'kb Question)> {
    asked_with(kb, session, &super::SessionFacts::new(kb, session), step)
}

/// [`asked`] with the session's facts already gathered, for a walk over several steps.
pub fn asked_with<'kb>(
    kb: &'kb KnowledgeBase,
    session: &crate::session::Session,
    facts: &super::SessionFacts,
    step: Step,
) -> Vec<(bool, &'kb Question)> {
    questions(kb, step)
        .into_iter()
        .filter(|(_, q)| super::relevant_with(kb, session, facts, q.id.get_ref()))
        .collect()
}
