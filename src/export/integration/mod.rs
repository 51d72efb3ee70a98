//! integration-architecture.md: component map, data flow, correctness analysis (seed 002).
//!
//! This file writes the document's frame and the processing architecture; `map` the
//! component map and entity ownership, `flow` the data-flow diagram and the write and
//! read paths, `correctness` the per-flow analysis and the anti-patterns in the flows.

mod correctness;
mod flow;
mod map;

use crate::export::ctx::{Ctx, related_block};
use crate::export::design::{concerns, summary_block};
use crate::export::escape::inline;
use crate::session::{Mechanism, Session, Store, StoreRole};
use std::fmt::Write;

pub fn render(ctx: &Ctx) -> String {
    // The architecture drawn is the target: what the design removes is listed apart.
    let original = ctx.session;
    let mut target = ctx.session.clone();
    target.stores.retain(|x| x.change.in_target());
    target.flows.retain(|x| x.change.in_target());
    target.channels.retain(|x| x.change.in_target());
    let ctx = &Ctx {
        kb: ctx.kb,
        session: &target,
        assessment: ctx.assessment,
        related: ctx.related.clone(),
    };
    let s = ctx.session;
    let mut d = String::with_capacity(12 * 1024);
    let w = &mut d;
    let _ = writeln!(w, "# {} integration architecture\n", inline(&s.feature));
    summary_block(w, s.status.as_str(), &s.date.to_string(), &s.tldr);
    concerns(w, ctx.kb, s);
    map::component_map(w, s);
    processing_architecture(w, ctx);
    flow::data_flow(w, s);
    removed_by_design(w, original);
    correctness::correctness(w, ctx);
    related_block(w, ctx, "integration-architecture.md");
    d
}

/// Today's flows the design removes.
fn removed_by_design(w: &mut String, s: &crate::session::Session) {
    let removed: Vec<String> = s
        .flows
        .iter()
        .filter(|f| f.change == crate::session::Change::Removed)
        .map(|f| {
            format!(
                "{} → {}: {} by {}",
                inline(&f.from),
                inline(&f.to),
                inline(&f.entity),
                f.mechanism.as_str()
            )
        })
        .collect();
    if removed.is_empty() {
        return;
    }
    let _ = writeln!(w, "### Removed by the design\n");
    for r in removed {
        let _ = writeln!(w, "- {r}");
    }
    let _ = writeln!(w);
}

/// The architectures of seed 002 step 5, by the pattern that names each in the knowledge
/// base; the session chooses one by adding its bundle from the decision graph.
const ARCHITECTURES: [&str; 3] = [
    "single-integrated-system",
    "kappa-architecture",
    "lambda-architecture",
];

/// Single system or composed pipeline, and Lambda, Kappa or one integrated system.
fn processing_architecture(w: &mut String, ctx: &Ctx) {
    let s = ctx.session;
    let _ = writeln!(w, "### Processing architecture\n");
    let composed = s.stores.len() > 1;
    let _ = writeln!(
        w,
        "- **Shape**: {}",
        match s.stores.len() {
            0 => "`<TBD: record the stores>`".to_string(),
            1 => "a single system: one store serves every access pattern".to_string(),
            n => format!(
                "a composed pipeline of {n} stores, derived views fed from their systems of record (unbundled)"
            ),
        }
    );
    let chosen: Vec<_> = ctx
        .assessment
        .patterns
        .iter()
        .filter(|r| ARCHITECTURES.contains(&r.pattern.id.get_ref().as_str()))
        .collect();
    match chosen.as_slice() {
        [] if composed => {
            let _ = writeln!(
                w,
                "- **Architecture**: `<TBD: Lambda, Kappa or one integrated system; walk \"Choose a processing architecture\" in the decision graph>`\n"
            );
        }
        [] => {
            let _ = writeln!(
                w,
                "- **Architecture**: one integrated system; no batch or stream layer is needed\n"
            );
        }
        found => {
            for r in found {
                let _ = writeln!(
                    w,
                    "- **Architecture**: {}: {}",
                    inline(&r.pattern.name),
                    inline(&r.pattern.solves)
                );
            }
            let _ = writeln!(w);
        }
    }
}

pub(super) fn role_text(role: StoreRole) -> &'static str {
    match role {
        StoreRole::SystemOfRecord => "system of record",
        StoreRole::Derived => "derived view",
    }
}

pub fn mechanism_text(m: Mechanism) -> &'static str {
    match m {
        Mechanism::AppDualWrite => "application dual write",
        Mechanism::Cdc => "change data capture",
        Mechanism::EventSourcing => "event sourcing",
        Mechanism::Outbox => "transactional outbox",
        Mechanism::BatchEtl => "batch ETL",
        Mechanism::IncrementalHybrid => "incremental batch or hybrid",
        Mechanism::LogMessaging => "log-based messaging",
        Mechanism::Rpc => "synchronous call (RPC)",
        Mechanism::Undecided => "undecided",
    }
}

/// Stores in the order of the map: systems of record first, then derived views, each in
/// session order.
pub(super) fn ordered_stores(s: &Session) -> Vec<&Store> {
    let mut stores: Vec<&Store> = s.stores.iter().collect();
    stores.sort_by_key(|st| st.role != StoreRole::SystemOfRecord);
    stores
}
