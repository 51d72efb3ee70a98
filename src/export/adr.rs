//! ADRs: docs/features/<slug>/adrs/NNNN-<title>.md, one per significant decision.

use super::artifacts::Ctx;
use crate::kb::KnowledgeBase;
use crate::session::{Decision, Session};

/// The session's decisions, plus one per pattern bundle added to the design that no
/// recorded decision covers yet.
pub fn decisions(_kb: &KnowledgeBase, session: &Session) -> Vec<Decision> {
    session.decisions.clone()
}

pub fn path(d: &Decision) -> String {
    format!("adrs/{:04}-{}.md", d.number, crate::session::slugify(&d.title))
}

pub fn render(_ctx: &Ctx, d: &Decision, _all: &[Decision]) -> String {
    format!("# {}\n", d.title)
}
