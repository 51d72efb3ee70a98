//! Every artifact a session yields, at its path under docs/features/<slug>/: the design
//! document, the per-feature index, ADRs, contracts (Markdown, JSON Schema, AsyncAPI),
//! runbooks, launch decisions, the review and the integration architecture. Rendering is
//! pure; `files` writes them.

use super::{adr, contract, design, index, integration, launch, review, runbook};
use crate::engine;

use super::ctx::Ctx;
use crate::kb::KnowledgeBase;
use crate::session::{Mode, Session};

/// One document to write, its path relative to the feature folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// The artifact kind's id in data/artifacts.toml (design, feature-index, adr, ...).
    pub kind: &'static str,
    pub path: String,
    pub text: String,
}

/// The kinds and paths of the artifacts this session yields.
pub fn planned(kb: &KnowledgeBase, session: &Session) -> Vec<(&'static str, String)> {
    let mut out = vec![
        ("design", "design.md".to_string()),
        ("feature-index", "README.md".to_string()),
    ];
    for d in adr::decisions(kb, session) {
        out.push(("adr", adr::path(&d)));
    }
    for c in &session.channels {
        for (kind, path) in contract::paths(c) {
            out.push((kind, path));
        }
    }
    for r in &session.runbooks {
        out.push(("runbook", runbook::path(r)));
    }
    for l in &session.launches {
        out.push(("launch", launch::path(l)));
    }
    if session.mode == Mode::Review || session.answers.keys().any(|q| q.starts_with("review.")) {
        out.push(("review", "review.md".to_string()));
    }
    if session.mode == Mode::Integration || !session.stores.is_empty() || !session.flows.is_empty()
    {
        out.push((
            "integration-architecture",
            "integration-architecture.md".to_string(),
        ));
    }
    out
}

/// Renders every artifact. `existing` lists the feature's files already on disk (relative
/// to its folder), so Related artifacts link them too.
pub fn render_all(kb: &KnowledgeBase, session: &Session, existing: &[String]) -> Vec<Artifact> {
    let a = engine::assess(kb, session);
    let plan = planned(kb, session);
    let mut related: Vec<String> = plan
        .iter()
        .map(|(_, p)| p.clone())
        .chain(existing.iter().cloned())
        .collect();
    related.sort();
    related.dedup();
    let ctx = Ctx {
        kb,
        session,
        assessment: &a,
        related,
    };
    let decisions = adr::decisions(kb, session);
    let mut out = Vec::new();
    for (kind, path) in plan {
        let text = match kind {
            "design" => design::render(kb, session, &a, &ctx.related_to(&path)),
            "feature-index" => index::render(&ctx),
            "adr" => decisions
                .iter()
                .find(|d| adr::path(d) == path)
                .map(|d| adr::render(&ctx, d, &decisions))
                .unwrap_or_default(),
            "contract" | "schema" | "asyncapi" => session
                .channels
                .iter()
                .find_map(|c| contract::render(&ctx, c, kind, &path))
                .unwrap_or_default(),
            "runbook" => session
                .runbooks
                .iter()
                .find(|r| runbook::path(r) == path)
                .map(|r| runbook::render(&ctx, r))
                .unwrap_or_default(),
            "launch" => session
                .launches
                .iter()
                .find(|l| launch::path(l) == path)
                .map(|l| launch::render(&ctx, l))
                .unwrap_or_default(),
            "review" => review::render(&ctx),
            "integration-architecture" => integration::render(&ctx),
            _ => continue,
        };
        out.push(Artifact { kind, path, text });
    }
    out
}
