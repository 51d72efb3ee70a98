//! review.md: the review of an existing system (seed 000, mode 2).

use super::artifacts::Ctx;

pub fn render(ctx: &Ctx) -> String {
    format!("# {} review\n", ctx.session.feature)
}
