//! DLQ runbooks: docs/features/<slug>/runbooks/<incident>.md, answering the nine questions.

use super::artifacts::Ctx;
use crate::session::Runbook;

pub fn path(r: &Runbook) -> String {
    format!("runbooks/{}.md", r.incident)
}

pub fn render(_ctx: &Ctx, r: &Runbook) -> String {
    format!("# Runbook: {}\n", r.incident)
}
