//! Every artifact a session yields, at its path under docs/features/<slug>/: the design
//! document, the per-feature index, ADRs, contracts (Markdown, JSON Schema, AsyncAPI),
//! runbooks, launch decisions, the review and the integration architecture. Each kind is
//! an entry of data/artifacts.toml and a renderer (see `registry`); rendering is pure;
//! `files` writes them.

use super::ctx::Ctx;
use super::registry::{self, Renderer};
use super::{adr, contract, design, index, integration, launch, review, runbook};
use crate::engine;
use crate::kb::KnowledgeBase;
use crate::session::Session;

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
    render_all_withholding(kb, session, existing, &[])
}

/// Like `render_all`, with the planned files in `withheld` (relative to the feature
/// folder) left out of every Related artifacts block: they are rendered but will not be
/// written (the self-check found them broken), so no sibling links them.
pub fn render_all_withholding(
    kb: &KnowledgeBase,
    session: &Session,
    existing: &[String],
    withheld: &[String],
) -> Vec<Artifact> {
    let a = engine::assess(kb, session);
    let plan: Vec<(&Renderer, registry::File)> = RENDERERS
        .iter()
        .flat_map(|r| (r.files)(kb, session).into_iter().map(move |f| (r, f)))
        .collect();
    let mut related: Vec<String> = plan
        .iter()
        .map(|(_, f)| f.path.clone())
        .filter(|p| !withheld.contains(p))
        .chain(existing.iter().cloned())
        .collect();
    related.sort();
    related.dedup();
    let decisions = adr::decisions(kb, session);
    let ctx = Ctx {
        kb,
        session,
        assessment: &a,
        related,
        supersessions: super::supersessions::Supersessions::of(&decisions),
        decisions,
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
