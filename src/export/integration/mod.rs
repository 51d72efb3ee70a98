//! integration-architecture.md: component map, data flow, correctness analysis (seed 002).
//!
//! This file writes the document's frame and the processing architecture; `map` the
//! component map and entity ownership, `flow` the data-flow diagram and the write and
//! read paths, `correctness` the per-flow analysis and the anti-patterns in the flows.

mod correctness;
mod flow;
mod map;

use crate::export::ctx::Ctx;
use crate::export::escape::inline;
use crate::export::markdown::Markdown;
use crate::export::registry::{self, Renderer};
use crate::session::{Mechanism, Mode, Session, Store, StoreRole};

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
        decisions: ctx.decisions.clone(),
        supersessions: ctx.supersessions.clone(),
    };
    let s = ctx.session;
    let mut md = Markdown::with_capacity(12 * 1024);
    md.heading(
        1,
        format_args!("{} integration architecture", inline(&s.feature)),
    )
    .summary(s.status.as_str(), &s.date.to_string(), &s.tldr)
    .concerns_ref(ctx.kb, "integration-architecture.md", None);
    map::component_map(&mut md, s);
    processing_architecture(&mut md, ctx);
    flow::data_flow(&mut md, s);
    removed_by_design(&mut md, original);
    correctness::correctness(&mut md, ctx);
    md.related(ctx, "integration-architecture.md");
    md.finish()
}

/// Today's flows the design removes.
fn removed_by_design(md: &mut Markdown, s: &Session) {
    let removed: Vec<String> = s
        .flows
        .iter()
        .filter(|f| f.change == crate::session::Change::Removed)
        .map(|f| {
            format!(
                "{} → {}: {}, by {}",
                inline(&f.from),
                inline(&f.to),
                inline(&f.entity),
                mechanism_text(f.mechanism)
            )
        })
        .collect();
    if removed.is_empty() {
        return;
    }
    md.heading(3, "Removed by the design");
    for r in removed {
        md.bullet(r);
    }
    md.blank();
}

/// Single system or composed pipeline, and Lambda, Kappa or one integrated system: the
/// architecture patterns of data/integration.toml the session has added.
fn processing_architecture(md: &mut Markdown, ctx: &Ctx) {
    let s = ctx.session;
    md.heading(3, "Processing architecture");
    let composed = s.stores.len() > 1;
    md.labelled(
        "Shape",
        match s.stores.len() {
            0 => "`<TBD: record the stores>`".to_string(),
            1 => "a single system: one store serves every access pattern".to_string(),
            n => format!(
                "a composed pipeline of {n} stores, derived views fed from their systems of record (unbundled)"
            ),
        },
    );
    let chosen: Vec<_> = ctx
        .assessment
        .patterns
        .iter()
        .filter(|r| {
            ctx.kb
                .integration
                .architectures
                .iter()
                .any(|p| p == &r.pattern.id)
        })
        .collect();
    match chosen.as_slice() {
        [] if composed => {
            md.labelled("Architecture", "`<TBD: Lambda, Kappa or one integrated system; walk \"Choose a processing architecture\" in the decision graph>`")
                .blank();
        }
        [] => {
            md.labelled(
                "Architecture",
                "one integrated system; no batch or stream layer is needed",
            )
            .blank();
        }
        found => {
            for r in found {
                md.labelled(
                    "Architecture",
                    format_args!("{}: {}", inline(&r.pattern.name), inline(&r.pattern.solves)),
                );
            }
            md.blank();
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

/// The integration architecture, for a session in integration mode or one that records
/// stores or flows.
pub const RENDERER: Renderer = Renderer {
    files: |kb, session| {
        let integrated = session.mode == Mode::Integration
            || !session.stores.is_empty()
            || !session.flows.is_empty();
        if integrated {
            vec![registry::single(kb, "integration-architecture")]
        } else {
            Vec::new()
        }
    },
    render: |ctx, _| Some(render(ctx)),
};
