//! docs/features/<slug>/README.md: the per-feature index.

use super::artifacts::Ctx;

pub fn render(ctx: &Ctx) -> String {
    format!("# {}\n", ctx.session.feature)
}
