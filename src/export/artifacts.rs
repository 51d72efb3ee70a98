//! Every artifact a session yields, at its path under docs/features/<slug>/: the design
//! document, the per-feature index, ADRs, contracts (Markdown, JSON Schema, AsyncAPI),
//! runbooks, launch decisions, the review and the integration architecture. Rendering is
//! pure; `files` writes them.

use super::escape::inline;
use super::{adr, contract, design, index, integration, launch, review, runbook};
use crate::engine;

use super::ctx::Ctx;
use crate::kb::KnowledgeBase;
use crate::session::{Mode, Session};
use std::collections::HashMap;
use std::fmt::Write;

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
    // Each planned path maps to what renders it, so rendering stays linear in the number of
    // artifacts (a lookup per path, not a scan of every decision or channel).
    let adr_at: HashMap<String, usize> = decisions
        .iter()
        .enumerate()
        .map(|(i, d)| (adr::path(d), i))
        .collect();
    // An ADR needs only the decisions it is linked with (those it supersedes, those that
    // supersede it), not all of them: 10,000 ADRs must not each scan 10,000 others.
    let mut by_number: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut superseders: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, d) in decisions.iter().enumerate() {
        by_number.entry(d.number).or_default().push(i);
        for &n in &d.supersedes {
            superseders.entry(n).or_default().push(i);
        }
    }
    let channel_at: HashMap<String, usize> = session
        .channels
        .iter()
        .enumerate()
        .flat_map(|(i, c)| contract::paths(c).into_iter().map(move |(_, p)| (p, i)))
        .collect();
    let runbook_at: HashMap<String, usize> = session
        .runbooks
        .iter()
        .enumerate()
        .map(|(i, r)| (runbook::path(r), i))
        .collect();
    let launch_at: HashMap<String, usize> = session
        .launches
        .iter()
        .enumerate()
        .map(|(i, l)| (launch::path(l), i))
        .collect();
    let mut out = Vec::new();
    for (kind, path) in plan {
        let text = match kind {
            "design" => design::render(kb, session, &a, &ctx.related_to(&path)),
            "feature-index" => index::render(&ctx),
            "adr" => adr_at
                .get(&path)
                .map(|&i| {
                    adr::render(
                        &ctx,
                        &decisions[i],
                        &linked_decisions(&decisions, i, &by_number, &superseders),
                    )
                })
                .unwrap_or_default(),
            "contract" | "schema" | "asyncapi" => channel_at
                .get(&path)
                .and_then(|&i| contract::render(&ctx, &session.channels[i], kind, &path))
                .unwrap_or_default(),
            "runbook" => runbook_at
                .get(&path)
                .map(|&i| runbook::render(&ctx, &session.runbooks[i]))
                .unwrap_or_default(),
            "launch" => launch_at
                .get(&path)
                .map(|&i| launch::render(&ctx, &session.launches[i]))
                .unwrap_or_default(),
            "review" => review::render(&ctx),
            "integration-architecture" => integration::render(&ctx),
            _ => continue,
        };
        out.push(Artifact { kind, path, text });
    }
    out
}

/// The decision at `i` and the decisions it is linked with, in their original order: what
/// `adr::render` reads from the whole list (the status it derives and the links it
/// writes), at a cost that grows with the links, not with the number of decisions.
fn linked_decisions(
    decisions: &[crate::session::Decision],
    i: usize,
    by_number: &HashMap<u32, Vec<usize>>,
    superseders: &HashMap<u32, Vec<usize>>,
) -> Vec<crate::session::Decision> {
    let d = &decisions[i];
    let numbers = d.supersedes.iter().chain(d.superseded_by.iter());
    let mut picked: Vec<usize> = numbers
        .filter_map(|n| by_number.get(n))
        .flatten()
        .chain(superseders.get(&d.number).into_iter().flatten())
        .copied()
        .chain([i])
        .collect();
    picked.sort_unstable();
    picked.dedup();
    picked.into_iter().map(|j| decisions[j].clone()).collect()
}

/// At most this many siblings are listed one by one in a Related artifacts block. Past it
/// the block lists the top-level documents and links the feature index (README.md), which
/// lists every artifact once: a thousand contracts must not each list a thousand others.
pub const RELATED_LIMIT: usize = 40;

/// The Related artifacts block of the document at `own` (a path relative to the feature
/// folder, such as `design.md` or `adrs/0001-x.md`): its siblings linked relative to its
/// own folder, then the kinds not written yet at their conventional paths (not its own).
/// `related` is sorted and may hold `own`, which is left out. The cost grows with the
/// number of siblings listed (at most `RELATED_LIMIT`), never with all of them.
pub(crate) fn related_artifacts(w: &mut String, kb: &KnowledgeBase, related: &[String], own: &str) {
    let up = "../".repeat(own.matches('/').count());
    let _ = writeln!(w, "## Related artifacts\n");
    let _ = writeln!(w, "- [Session (system of record)]({up}design-session.toml)");
    let folder = own.rsplit_once('/').map(|(dir, _)| format!("{dir}/"));
    let link = |w: &mut String, r: &str| {
        // A sibling in the same folder is linked by its name; anything else climbs out.
        let target = match folder.as_deref().and_then(|f| r.strip_prefix(f)) {
            Some(sibling) => sibling.to_string(),
            None => format!("{up}{r}"),
        };
        let _ = writeln!(w, "- [{}]({})", inline(r), target.replace(' ', "%20"));
    };
    let holds = |p: &str| related.binary_search_by(|r| r.as_str().cmp(p)).is_ok();
    let siblings = related.len() - usize::from(holds(own));
    if siblings <= RELATED_LIMIT {
        for r in related.iter().filter(|r| *r != own) {
            link(w, r);
        }
    } else {
        // The top-level documents and the shared ones, each artifact folder skipped whole.
        let mut i = 0;
        let mut skipped = 0;
        while i < related.len() {
            let r = &related[i];
            match r.split_once('/') {
                Some((dir, _)) if dir != ".." => {
                    let prefix = format!("{dir}/");
                    let end = i + related[i..].partition_point(|p| p.starts_with(&prefix));
                    skipped += end - i - usize::from(own.starts_with(&prefix) && holds(own));
                    i = end;
                }
                _ => {
                    if r != own {
                        link(w, r);
                    }
                    i += 1;
                }
            }
        }
        let _ = writeln!(
            w,
            "- {skipped} more artifacts of this feature (ADRs, contracts, runbooks, launches): listed in the [feature index]({up}README.md)"
        );
    }
    // A kind counts as written when a file of it is among the siblings or is this one.
    let written = |rel: &str| {
        if rel == own || holds(rel) {
            return true;
        }
        let Some(dir) = rel.split('/').next().filter(|_| rel.contains('{')) else {
            return false;
        };
        let prefix = format!("{dir}/");
        own.starts_with(&prefix) || {
            let at = related.partition_point(|r| r.as_str() < prefix.as_str());
            related.get(at).is_some_and(|r| r.starts_with(&prefix))
        }
    };
    let conventional: Vec<_> = kb
        .artifacts
        .iter()
        .filter(|a| a.id.get_ref() != "design" && a.path.starts_with("docs/features/{slug}/"))
        .map(|a| (a, a.path.trim_start_matches("docs/features/{slug}/")))
        .filter(|(_, rel)| !written(rel))
        .collect();
    if !conventional.is_empty() {
        let _ = writeln!(
            w,
            "\nNot written yet; they land at their conventional paths:\n"
        );
        for (a, rel) in conventional {
            let _ = writeln!(w, "- {}: `{}`", inline(&a.name), rel);
        }
    }
}
