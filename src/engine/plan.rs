//! The steps each mode walks, in order. One definition: the engine reads it to know which
//! unanswered questions are TBDs, the workflow layer computes each step's progress from
//! it, and the terminal draws its step list from it.

use crate::kb::{KnowledgeBase, Question, Step};
use crate::session::Mode;

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
    /// The documents a write would produce, their self-check, and the write.
    Review,
}

/// One step of a mode's plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlannedStep {
    pub kind: StepKind,
    pub title: &'static str,
    /// Walked below the threshold too (design mode's short path).
    pub short_path: bool,
}

const fn step(kind: StepKind, title: &'static str, short_path: bool) -> PlannedStep {
    PlannedStep {
        kind,
        title,
        short_path,
    }
}

/// Design mode: the full guided session (seed 000, mode 1; seed 004's pipeline).
const DESIGN: &[PlannedStep] = &[
    step(StepKind::Questions(Step::Threshold), "Threshold", true),
    step(
        StepKind::Questions(Step::Requirements),
        "Data requirements",
        true,
    ),
    step(StepKind::Graph, "Problems & patterns", false),
    step(StepKind::Questions(Step::Reliability), "Reliability", false),
    step(
        StepKind::Questions(Step::Distributed),
        "Distributed systems",
        false,
    ),
    step(
        StepKind::Questions(Step::Concerns),
        "System concerns",
        false,
    ),
    step(StepKind::Evidence, "Evidence (tiers)", false),
    step(StepKind::Review, "Review & export", true),
];

/// Review mode (seed 000, mode 2): the review steps over an existing system.
const REVIEW: &[PlannedStep] = &[
    step(StepKind::Questions(Step::Review), "Review steps", true),
    step(
        StepKind::Questions(Step::Requirements),
        "Data requirements",
        true,
    ),
    step(StepKind::Questions(Step::Reliability), "Reliability", true),
    step(StepKind::Questions(Step::Concerns), "System concerns", true),
    step(StepKind::Review, "Review & export", true),
];

/// Integration-architecture mode (seed 002).
const INTEGRATION: &[PlannedStep] = &[
    step(StepKind::Inventory, "Stores & flows", true),
    step(
        StepKind::Questions(Step::Requirements),
        "Data requirements",
        true,
    ),
    step(StepKind::Graph, "Propagation & patterns", true),
    step(
        StepKind::Questions(Step::Integration),
        "Correctness checks",
        true,
    ),
    step(StepKind::Questions(Step::Reliability), "Reliability", true),
    step(StepKind::Questions(Step::Concerns), "System concerns", true),
    step(StepKind::Review, "Review & export", true),
];

/// The steps a mode walks, in order.
pub fn steps(mode: Mode) -> &'static [PlannedStep] {
    match mode {
        Mode::Design => DESIGN,
        Mode::Review => REVIEW,
        Mode::Integration => INTEGRATION,
    }
}

/// Whether a step is walked: below the threshold, design mode keeps to the short path.
pub fn walked(mode: Mode, below_threshold: bool, step: &PlannedStep) -> bool {
    !(below_threshold && mode == Mode::Design) || step.short_path
}

/// The questionnaire steps a session walks; their unanswered questions are its TBDs.
pub fn question_steps(mode: Mode, below_threshold: bool) -> impl Iterator<Item = Step> {
    steps(mode)
        .iter()
        .filter(move |s| walked(mode, below_threshold, s))
        .filter_map(|s| match s.kind {
            StepKind::Questions(step) => Some(step),
            _ => None,
        })
}

/// The questions of a questionnaire step, each with whether its questionnaire is optional.
pub fn questions(kb: &KnowledgeBase, step: Step) -> Vec<(bool, &Question)> {
    kb.questionnaires_for(step)
        .flat_map(|qn| qn.question.iter().map(move |q| (qn.optional, q)))
        .collect()
}
