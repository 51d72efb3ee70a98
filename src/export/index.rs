//! docs/features/<slug>/README.md: the per-feature index, one entry point to every artifact
//! of the feature. It states what exists (planned for this export or already on disk),
//! never a roadmap. The system catalog is built from these files, so the "Service info"
//! and "System concerns" lines keep a fixed `- **Label**: value` shape (see `catalog`).

use super::adr;
use super::ctx::Ctx;
use super::design::{answer_text, tbd_marker};
use super::escape::inline;
use std::fmt::Write;

/// The prefix of shared platform documents in `Ctx::related` (relative to the feature
/// folder): docs/system/ seen from docs/features/<slug>/.
pub const SYSTEM_PREFIX: &str = "../../system/";

/// The line under the title that carries the session date, for the catalog's
/// "Last updated".
pub const SESSION_DATE_LINE: &str =
    "Derived from [design-session.toml](design-session.toml); session date ";

/// The system-concerns lines of the index: (question, label).
pub const CONCERNS: &[(&str, &str)] = &[
    ("concerns.tenancy", "Tenancy"),
    ("concerns.compliance", "Compliance"),
    ("concerns.cost_owner", "Cost owner"),
    ("concerns.capacity", "Capacity"),
    ("concerns.dr", "DR posture"),
    ("concerns.lifecycle", "Lifecycle"),
];

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
    let mut out = String::with_capacity(4 * 1024);
    let w = &mut out;
    let _ = writeln!(w, "# {}\n", inline(&s.feature));
    let _ = writeln!(w, "{SESSION_DATE_LINE}{}.\n", s.date);

    // Service info.
    let owner = if !s.service.owner_team.trim().is_empty() {
        s.service.owner_team.clone()
    } else {
        let (choice, note) = answer_text(kb, s, "concerns.ownership");
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
    let _ = writeln!(w, "## Service info\n");
    let _ = writeln!(w, "- **Owner team**: {}", value(&owner));
    let _ = writeln!(w, "- **SLO**: {}", value(&s.service.slo));
    let _ = writeln!(
        w,
        "- **Tier**: {}",
        inline(&ctx.assessment.tier.earned.name)
    );
    let _ = writeln!(w, "- **Last reviewed**: {reviewed}\n");

    // System concerns: one phrase each.
    let _ = writeln!(w, "## System concerns\n");
    for (qid, label) in CONCERNS {
        let (answer, note) = answer_text(kb, s, qid);
        let phrase = if answer.starts_with("<TBD") {
            tbd_marker(&answer)
        } else if note.trim().is_empty() {
            inline(&answer)
        } else {
            format!("{}: {}", inline(&answer), inline(&note))
        };
        let _ = writeln!(w, "- **{label}**: {phrase}");
    }
    let _ = writeln!(w);

    shared_references(w, &ctx.related);
    artifacts(w, ctx);

    let _ = writeln!(w, "## Dependencies\n");
    let _ = writeln!(w, "- **Upstream services**: {}", list(&s.service.upstream));
    let _ = writeln!(
        w,
        "- **Downstream services**: {}",
        list(&s.service.downstream)
    );
    let _ = writeln!(w, "- **External services**: {}", list(&s.service.external));
    let _ = writeln!(
        w,
        "- **Shared infrastructure**: {}\n",
        list(&s.service.shared_infrastructure)
    );

    let _ = writeln!(w, "## Channels owned\n");
    if s.channels.is_empty() {
        let _ = writeln!(w, "(none)");
    }
    for c in &s.channels {
        let role = match c.role {
            crate::session::ChannelRole::Produced => "produced",
            crate::session::ChannelRole::Consumed => "consumed",
            crate::session::ChannelRole::Both => "both",
        };
        let contract = format!("contracts/{}.md", c.name);
        let _ = writeln!(
            w,
            "- {}: {role}. See [{}]({}).",
            inline(&c.name),
            inline(&contract),
            href(&contract)
        );
    }
    out
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
fn shared_references(w: &mut String, related: &[String]) {
    let _ = writeln!(w, "## Shared references\n");
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
            let _ = writeln!(w, "- **{label}**: {}", links.join(", "));
        }
    }
    if !any {
        let _ = writeln!(
            w,
            "No shared platform documents exist yet under docs/system/; link them here when they do."
        );
    }
    let _ = writeln!(w);
}

fn artifacts(w: &mut String, ctx: &Ctx) {
    let related = &ctx.related;
    let decisions = adr::decisions(ctx.kb, ctx.session);
    let _ = writeln!(w, "## Artifacts\n");
    // Labels come escaped; `link` only builds the link.
    let link = |r: &str, label: &str| format!("[{label}]({})", href(r));
    if related.iter().any(|r| r == "design.md") {
        let _ = writeln!(w, "- **Design**: {}", link("design.md", "design.md"));
    } else {
        let _ = writeln!(w, "- **Design**: (not yet written)");
    }
    let group = |w: &mut String, title: &str, dir: &str, label: &dyn Fn(&str) -> String| {
        let items: Vec<&String> = related
            .iter()
            .filter(|r| r.starts_with(dir) && r.ends_with(".md"))
            .collect();
        if items.is_empty() {
            let _ = writeln!(w, "- **{title}**: (none)");
            return;
        }
        let _ = writeln!(w, "- **{title}**:");
        for r in items {
            let _ = writeln!(w, "  - {}", link(r, &label(r)));
        }
    };
    let file = |r: &str| inline(r.rsplit('/').next().unwrap_or(r).trim_end_matches(".md"));
    let adr_at: std::collections::HashMap<String, &crate::session::Decision> =
        decisions.iter().map(|d| (adr::path(d), d)).collect();
    group(w, "ADRs", "adrs/", &|r| {
        adr_at.get(r).map_or_else(
            || file(r),
            |d| format!("{:04}. {}", d.number, inline(&d.title)),
        )
    });
    group(w, "Contracts", "contracts/", &file);
    group(w, "Runbooks", "runbooks/", &file);
    group(w, "Launch decisions", "launches/", &file);
    let others: Vec<String> = related
        .iter()
        .filter(|r| {
            *r == "review.md"
                || *r == "integration-architecture.md"
                || (r.starts_with("architecture-") && r.ends_with(".md"))
        })
        .map(|r| link(r, &inline(r)))
        .collect();
    if !others.is_empty() {
        let _ = writeln!(w, "- **Other documents**: {}", others.join(", "));
    }
    let _ = writeln!(w);
}
