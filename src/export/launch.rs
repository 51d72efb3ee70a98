//! Launch decisions: docs/features/<slug>/launches/<date>.md.

use super::artifacts::Ctx;
use crate::session::Launch;

pub fn path(l: &Launch) -> String {
    format!("launches/{}.md", l.date)
}

pub fn render(_ctx: &Ctx, l: &Launch) -> String {
    format!("# Launch decision {}\n", l.date)
}
