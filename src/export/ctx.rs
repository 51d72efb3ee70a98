//! What every renderer gets: the knowledge base, the session, its assessment and the
//! artifacts beside the one being rendered. Kept apart from `artifacts`, which calls the
//! renderers, so the renderers depend on it and not on their caller.

use crate::engine::Assessment;
use crate::kb::KnowledgeBase;
use crate::session::{Decision, Session};

/// What every renderer gets.
pub struct Ctx<'a> {
    pub kb: &'a KnowledgeBase,
    pub session: &'a Session,
    pub assessment: &'a Assessment<'a>,
    /// Every sibling artifact (planned now or already on disk), relative to the feature
    /// folder, sorted: for the Related artifacts blocks.
    pub related: Vec<String>,
    /// The decisions the ADRs record (`adr::decisions`), worked out once.
    pub decisions: Vec<Decision>,
    /// Which of them replace which, indexed once (asking each ADR stays linear).
    pub supersessions: super::supersessions::Supersessions,
}

impl Ctx<'_> {
    /// The siblings of `path`: every related artifact but itself.
    pub fn related_to(&self, path: &str) -> Vec<String> {
        self.related
            .iter()
            .filter(|p| *p != path)
            .cloned()
            .collect()
    }
}

/// The Related artifacts block of the document at `own`: bounded, without copying the
/// list of siblings for every document (see `related::related_artifacts`).
pub(crate) fn related_block(w: &mut String, ctx: &Ctx, own: &str) {
    super::related::related_artifacts(w, ctx.kb, &ctx.related, own);
}
