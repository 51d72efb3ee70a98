//! Every artifact a session yields, at its path under docs/features/<slug>/: the design
//! document, the per-feature index, ADRs, contracts (Markdown, JSON Schema, AsyncAPI),
//! runbooks, launch decisions, the review and the integration architecture. Each kind is
//! an entry of data/artifacts.toml and a renderer (see `registry`); rendering is pure;
//! `files` writes them.

use super::ctx::Ctx;
use super::escape::inline;
use super::registry::{self, Renderer};
use super::{adr, contract, design, index, integration, launch, review, runbook};
use crate::engine;
use crate::kb::KnowledgeBase;
use crate::session::Session;
use std::fmt::Write;

/// One document to write, its path relative to the feature folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// The artifact kind's id in data/artifacts.toml (design, feature-index, adr, ...).
    pub kind: &'static str,
    pub path: String,
    pub text: String,
}

/// The design document, whose renderer takes its inputs one by one.
const DESIGN: Renderer = Renderer {
    files: |kb, _| vec![registry::single(kb, "design")],
    render: |ctx, file| {
        Some(design::render(
            ctx.kb,
            ctx.session,
            ctx.assessment,
            &ctx.related_to(&file.path),
        ))
    },
};

/// Every renderer, in the order their files are planned and written.
pub const RENDERERS: &[Renderer] = &[
    DESIGN,
    index::RENDERER,
    adr::RENDERER,
    contract::RENDERER,
    runbook::RENDERER,
    launch::RENDERER,
    review::RENDERER,
    integration::RENDERER,
];

/// The kinds and paths of the artifacts this session yields.
pub fn planned(kb: &KnowledgeBase, session: &Session) -> Vec<(&'static str, String)> {
    RENDERERS
        .iter()
        .flat_map(|r| (r.files)(kb, session))
        .map(|f| (f.kind, f.path))
        .collect()
}

/// Renders every artifact. `existing` lists the feature's files already on disk (relative
/// to its folder), so Related artifacts link them too.
pub fn render_all(kb: &KnowledgeBase, session: &Session, existing: &[String]) -> Vec<Artifact> {
    let a = engine::assess(kb, session);
    let plan: Vec<(&Renderer, registry::File)> = RENDERERS
        .iter()
        .flat_map(|r| (r.files)(kb, session).into_iter().map(move |f| (r, f)))
        .collect();
    let mut related: Vec<String> = plan
        .iter()
        .map(|(_, f)| f.path.clone())
        .chain(existing.iter().cloned())
        .collect();
    related.sort();
    related.dedup();
    let ctx = Ctx {
        kb,
        session,
        assessment: &a,
        related,
        decisions: adr::decisions(kb, session),
    };
    plan.into_iter()
        .map(|(r, file)| {
            let text = (r.render)(&ctx, &file).unwrap_or_default();
            Artifact {
                kind: file.kind,
                path: file.path,
                text,
            }
        })
        .collect()
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
            let _ = writeln!(
                w,
                "- {}: `{}`",
                inline(&a.name),
                super::paths::conventional(kb, rel)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::{self, Source};

    fn examples() -> Vec<Session> {
        kb::example_sessions()
            .iter()
            .map(|(file, text)| crate::session::load_str(text, file).unwrap())
            .collect()
    }

    /// Every file a renderer plans is of a kind data/artifacts.toml declares, at a path
    /// inside the feature folder.
    #[test]
    fn planned_files_are_declared_kinds() {
        let kb = KnowledgeBase::builtin();
        let sessions = examples();
        assert!(sessions.len() >= 4);
        for s in &sessions {
            for (kind, path) in planned(&kb, s) {
                assert!(kb.artifact(kind).is_some(), "{kind} is not in data/");
                assert!(
                    !path.is_empty() && !path.contains('{') && !path.starts_with('/'),
                    "{kind}: {path}"
                );
            }
        }
    }

    /// The paths come from the templates: a pack that moves runbooks moves every link to
    /// them as well.
    #[test]
    fn a_pack_that_moves_a_kind_moves_its_files() {
        let pack = Source {
            name: "pack.toml".into(),
            text: "[[artifact]]\nid = \"runbook\"\nname = \"Runbook\"\npath = \"docs/features/{slug}/playbooks/{incident}.md\"\n".into(),
            layer: 1,
        };
        let kb = kb::load_builtin_with(vec![pack]).unwrap_or_else(|d| panic!("{d}"));
        let s = examples()
            .into_iter()
            .find(|s| !s.runbooks.is_empty())
            .expect("an example with a runbook");
        let moved = format!("playbooks/{}.md", s.runbooks[0].incident);
        let all = render_all(&kb, &s, &[]);
        assert!(all.iter().any(|a| a.kind == "runbook" && a.path == moved));
        assert!(!all.iter().any(|a| a.path.starts_with("runbooks/")));
        let design = all.iter().find(|a| a.kind == "design").unwrap();
        assert!(
            design.text.contains(&format!("]({moved})")),
            "{}",
            design.text
        );
    }
}
