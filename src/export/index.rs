//! docs/features/<slug>/README.md: the per-feature index, one entry point to every artifact
//! of the feature. It states what exists (planned for this export or already on disk),
//! never a roadmap. The system catalog is built from these files, so the "Service info"
//! and "System concerns" lines keep a fixed `- **Label**: value` shape (see `catalog`).

use super::adr;
use super::ctx::Ctx;
use super::design::{answer_text, tbd_marker};
use super::escape::inline;
use super::markdown::Markdown;
use super::registry::{self, Renderer};
use std::fmt::Write;

/// The prefix of shared platform documents in `Ctx::related` (relative to the feature
/// folder): docs/system/ seen from docs/features/<slug>/.
pub const SYSTEM_PREFIX: &str = "../../system/";

/// The line under the title that carries the session date, for the catalog's
/// "Last updated".
pub const SESSION_DATE_LINE: &str =
    "Derived from [design-session.toml](design-session.toml); session date ";

/// A relative link target: anything but unreserved path characters is percent-encoded,
/// so a file or channel name cannot end the link early.
pub(crate) fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn value(text: &str) -> String {
    if text.trim().is_empty() {
        "`<TBD>`".to_string()
    } else if text.starts_with("<TBD") {
        tbd_marker(text)
    } else {
        inline(text)
    }
}

fn list(items: &[String]) -> String {
    super::escape::inline_list(items, "(none recorded)")
}

pub fn render(ctx: &Ctx) -> String {
    let kb = ctx.kb;
    let s = ctx.session;
    let mut md = Markdown::with_capacity(4 * 1024);
    md.heading(1, inline(&s.feature))
        .para(format_args!("{SESSION_DATE_LINE}{}.", s.date));

    // Service info.
    let owner = if !s.service.owner_team.trim().is_empty() {
        s.service.owner_team.clone()
    } else {
        let owner_question = kb.feature_index.owner_question.as_ref();
        let (choice, note) = owner_question.map_or_else(
            || ("<TBD>".to_string(), String::new()),
            |q| answer_text(kb, s, q.get_ref()),
        );
        if !note.trim().is_empty() {
            note
        } else {
            choice
        }
    };
    let reviewed = s
        .launches
        .iter()
        .map(|l| l.date)
        .max()
        .or(s.service.last_reviewed)
        .map_or("`<TBD>`".to_string(), |d| d.to_string());
    md.heading(2, "Service info")
        .labelled("Owner team", value(&owner))
        .labelled("SLO", value(&s.service.slo))
        .labelled("Tier", inline(&ctx.assessment.tier.earned.name))
        .labelled("Last reviewed", reviewed)
        .blank();

    // System concerns: one phrase each, the lines of data/artifacts.toml.
    md.heading(2, "System concerns");
    for c in &kb.index_concerns {
        let (answer, note) = answer_text(kb, s, c.question.get_ref());
        let phrase = if answer.starts_with("<TBD") {
            tbd_marker(&answer)
        } else if note.trim().is_empty() {
            inline(&answer)
        } else {
            format!("{}: {}", inline(&answer), inline(&note))
        };
        md.labelled(inline(&c.label), phrase);
    }
    md.blank();

    shared_references(&mut md, &ctx.related);
    artifacts(&mut md, ctx);

    md.heading(2, "Dependencies")
        .labelled("Upstream services", list(&s.service.upstream))
        .labelled("Downstream services", list(&s.service.downstream))
        .labelled("External services", list(&s.service.external))
        .labelled(
            "Shared infrastructure",
            list(&s.service.shared_infrastructure),
        )
        .blank();

    md.heading(2, "Channels owned");
    if s.channels.is_empty() {
        md.line("(none)");
    }
    for c in &s.channels {
        let role = match c.role {
            crate::session::ChannelRole::Produced => "produced",
            crate::session::ChannelRole::Consumed => "consumed",
            crate::session::ChannelRole::Both => "both",
        };
        let contract = registry::path(kb, "contract", &[("channel", &c.name)]);
        if ctx.related.contains(&contract) {
            md.bullet(format_args!(
                "{}: {role}. See [{}]({}).",
                inline(&c.name),
                inline(&contract),
                href(&contract)
            ));
        } else {
            // Planned but held back: the self-check found the contract broken.
            md.bullet(format_args!(
                "{}: {role}. Its contract ({}) is not written: the self-check found it contradicts itself.",
                inline(&c.name),
                inline(&contract)
            ));
        }
    }
    md.finish()
}

/// The labels of the Shared references lines, in order.
const SHARED_KINDS: [&str; 8] = [
    "Standards followed",
    "Glossary",
    "Compliance baseline",
    "DR plan",
    "Team topology",
    "Capacity envelope",
    "Platform ADRs",
    "Platform runbooks",
];

/// The Shared references line a docs/system/ path belongs on.
fn shared_kind(r: &str) -> Option<&'static str> {
    Some(match r {
        "glossary.md" => "Glossary",
        "compliance.md" => "Compliance baseline",
        "dr.md" => "DR plan",
        "topology.md" => "Team topology",
        "capacity.md" => "Capacity envelope",
        _ if r.starts_with("standards/") => "Standards followed",
        _ if r.starts_with("adrs/") => "Platform ADRs",
        _ if r.starts_with("runbooks/") => "Platform runbooks",
        _ => return None,
    })
}

/// Links to the shared platform documents that exist, by kind; a one-line note when there
/// are none.
fn shared_references(md: &mut Markdown, related: &[String]) {
    md.heading(2, "Shared references");
    let system: Vec<&str> = related
        .iter()
        .filter_map(|r| r.strip_prefix(SYSTEM_PREFIX))
        .filter(|r| *r != "catalog.md")
        .collect();
    let mut any = false;
    for label in SHARED_KINDS {
        let links: Vec<String> = system
            .iter()
            .filter(|r| shared_kind(r) == Some(label))
            .map(|r| format!("[{}]({})", inline(r), href(&format!("{SYSTEM_PREFIX}{r}"))))
            .collect();
        if !links.is_empty() {
            any = true;
            md.labelled(label, links.join(", "));
        }
    }
    if !any {
        md.line(
            "No shared platform documents exist yet under docs/system/; link them here when they do.",
        );
    }
    md.blank();
}

fn artifacts(md: &mut Markdown, ctx: &Ctx) {
    let related = &ctx.related;
    let decisions = &ctx.decisions;
    md.heading(2, "Artifacts");
    // Labels come escaped; `link` only builds the link.
    let link = |r: &str, label: &str| format!("[{label}]({})", href(r));
    if related.iter().any(|r| r == "design.md") {
        md.labelled("Design", link("design.md", "design.md"));
    } else {
        md.labelled("Design", "(not yet written)");
    }
    let group = |md: &mut Markdown, title: &str, dir: &str, label: &dyn Fn(&str) -> String| {
        let items: Vec<&String> = related
            .iter()
            .filter(|r| r.starts_with(dir) && r.ends_with(".md"))
            .collect();
        if items.is_empty() {
            md.labelled(title, "(none)");
            return;
        }
        md.bullet(format_args!("**{title}**:"));
        for r in items {
            md.nested(1, link(r, &label(r)));
        }
    };
    let file = |r: &str| inline(r.rsplit('/').next().unwrap_or(r).trim_end_matches(".md"));
    let adr_at: std::collections::HashMap<String, &crate::session::Decision> = decisions
        .iter()
        .map(|d| (adr::path(ctx.kb, d), d))
        .collect();
    // Each group is the folder its kind's template puts files in (data/artifacts.toml).
    let folder = |kind: &str| registry::folder(ctx.kb, kind);
    group(md, "ADRs", &folder("adr"), &|r| {
        adr_at.get(r).map_or_else(
            || file(r),
            |d| format!("{:04}. {}", d.number, inline(&d.title)),
        )
    });
    group(md, "Contracts", &folder("contract"), &file);
    group(md, "Runbooks", &folder("runbook"), &file);
    group(md, "Launch decisions", &folder("launch"), &file);
    let single = |kind: &str| registry::path(ctx.kb, kind, &[]);
    let (review, integration) = (single("review"), single("integration-architecture"));
    // An architecture document of any type: "architecture-{doctype}.md" read as a pattern.
    let rfc = single("rfc");
    let rfc_start = &rfc[..rfc.find('{').unwrap_or(rfc.len())];
    let rfc_end = &rfc[rfc.rfind('}').map_or(rfc.len(), |i| i + 1)..];
    let others: Vec<String> = related
        .iter()
        .filter(|r| {
            **r == review
                || **r == integration
                || (r.starts_with(rfc_start) && r.ends_with(rfc_end))
        })
        .map(|r| link(r, &inline(r)))
        .collect();
    if !others.is_empty() {
        md.labelled("Other documents", others.join(", "));
    }
    md.blank();
}

/// The feature index: one README.md per feature.
pub const RENDERER: Renderer = Renderer {
    files: |kb, _| vec![registry::single(kb, "feature-index")],
    render: |ctx, _| Some(render(ctx)),
};
