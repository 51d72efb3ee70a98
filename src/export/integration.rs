//! integration-architecture.md: component map, data flow, correctness analysis (seed 002).

use super::artifacts::Ctx;

pub fn render(ctx: &Ctx) -> String {
    format!("# {} integration architecture\n", ctx.session.feature)
}
