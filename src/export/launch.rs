//! Launch decisions: docs/features/<slug>/launches/<date>.md. The verdict is the tier the
//! design has earned, checked against the traffic the launch notes describe; the gaps are
//! what the next tier still needs, the caps, the open TBDs and the anti-patterns found.

use super::ctx::Ctx;
use super::design::witness_text;
use super::escape::{inline, quote_block};
use super::markdown::Markdown;
use super::registry::{File, Renderer};
use crate::engine::TbdKind;
use crate::kb::{KnowledgeBase, Tier};
use crate::session::Launch;

pub use super::registry::launch_path as path;

/// The kind of traffic a launch takes, read from its notes, and the lowest tier level
/// that is safe for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Traffic<'k> {
    pub kind: &'k str,
    /// The word of the notes that gave it away.
    pub matched: &'k str,
    pub min_level: u8,
}

/// What the notes say about the traffic (by the words of data/launch.toml, tried in
/// order), or `None` when they do not say.
pub fn traffic<'k>(kb: &'k KnowledgeBase, notes: &str) -> Option<Traffic<'k>> {
    let notes = notes.to_lowercase();
    kb.launch_traffic.iter().find_map(|t| {
        t.words
            .iter()
            .find(|w| notes.contains(w.as_str()))
            .map(|w| Traffic {
                kind: &t.kind,
                matched: w,
                min_level: kb.tier(t.min_tier.get_ref()).map_or(0, |tier| tier.level),
            })
    })
}

fn tier_at(kb: &KnowledgeBase, level: u8) -> Option<&Tier> {
    kb.tiers
        .iter()
        .filter(|t| t.per_service)
        .find(|t| t.level >= level)
}

/// (verdict sentence for the TL;DR, safe) for the launch.
fn verdict(ctx: &Ctx, l: &Launch) -> (String, Option<bool>) {
    let t = &ctx.assessment.tier;
    let earned = t.earned;
    match traffic(ctx.kb, &l.notes) {
        None => (
            format!(
                "{}; the notes do not say which traffic this launch takes, so it is not judged safe for any",
                earned.name
            ),
            None,
        ),
        Some(tr) => {
            let needed = tier_at(ctx.kb, tr.min_level).unwrap_or(earned);
            let safe = earned.level >= needed.level && (needed.level == 0 || t.gate_met);
            let text = if safe {
                format!(
                    "{}; safe for the {} traffic the notes describe",
                    earned.name, tr.kind
                )
            } else {
                format!(
                    "{}; not safe for the {} traffic the notes describe, which needs {}",
                    earned.name, tr.kind, needed.name
                )
            };
            (text, Some(safe))
        }
    }
}

/// The decisions the launch depends on that are not made yet: deferred (as their ADRs
/// show them) or without a decision sentence.
fn undecided<'c>(ctx: &'c Ctx) -> Vec<&'c crate::session::Decision> {
    ctx.decisions
        .iter()
        .filter(|d| {
            ctx.supersessions.effective_status(d) == crate::session::AdrStatus::Deferred
                || d.decision.trim().is_empty()
        })
        .collect()
}

pub fn render(ctx: &Ctx, l: &Launch) -> String {
    let kb = ctx.kb;
    let a = ctx.assessment;
    let t = &a.tier;
    let mut md = Markdown::with_capacity(8 * 1024);
    md.heading(
        1,
        format_args!(
            "Launch decision {}: {}",
            l.date,
            inline(&ctx.session.feature)
        ),
    );
    let (tldr, safe) = verdict(ctx, l);
    let blockers = undecided(ctx);
    // The status follows the verdict: accepted only when the launch is judged safe for
    // its traffic and no decision it depends on is still open.
    let (status, tldr) = if !blockers.is_empty() {
        let names: Vec<String> = blockers
            .iter()
            .map(|d| format!("ADR-{:04} ({})", d.number, d.title.trim()))
            .collect();
        (
            "Proposed",
            format!(
                "Not accepted: blocked by the undecided {}. Verdict: {tldr}.",
                names.join(", ")
            ),
        )
    } else if safe == Some(true) {
        ("Accepted", format!("Verdict: {tldr}."))
    } else {
        ("Proposed", format!("Not accepted. Verdict: {tldr}."))
    };
    md.summary(status, &l.date.to_string(), &tldr)
        .concerns_ref(kb, &path(kb, l), None);

    // The engine's one tier statement: never "earned" beside "gate not met", and a
    // service already in production is described as such.
    md.heading(2, "Verdict")
        .para(format_args!("**{}**", inline(&t.headline())));
    match traffic(ctx.kb, &l.notes) {
        None => {
            md.para("Traffic: `<TBD: which traffic this launch takes>`. The notes do not say (shadow, staging, canary or production), so the launch is not judged safe for any of them.");
        }
        Some(tr) => {
            let needed =
                tier_at(kb, tr.min_level).map_or(t.earned.name.as_str(), |n| n.name.as_str());
            let verdict = if safe == Some(true) {
                format!("**Safe** for it: {} is at least {needed}.", t.earned.name)
            } else {
                format!("**Not safe** for it yet: it needs {needed}; see the gaps below.")
            };
            md.para(format_args!(
                "Traffic: {} (the notes say \"{}\"). {verdict}",
                tr.kind, tr.matched
            ));
        }
    }
    md.para("Evidence met:");
    if t.met.is_empty() {
        md.bullet("(none yet)");
    }
    for e in &t.met {
        md.bullet(format_args!("[x] {}", inline(&e.text)));
    }
    md.blank();

    md.heading(2, "Gaps");
    let mut any = false;
    if !blockers.is_empty() {
        any = true;
        let up = "../".repeat(path(kb, l).matches('/').count());
        md.para("Blocked by decisions not made yet:");
        for d in &blockers {
            let due = d.due.map_or("`<TBD>`".to_string(), |d| d.to_string());
            md.bullet(format_args!(
                "[ADR-{:04}]({up}{}) {} (deferred): {}; due {due}",
                d.number,
                super::decided::path(kb, d).replace(' ', "%20"),
                inline(&d.title),
                inline(&super::decided::blocking_question(d))
            ));
        }
        md.blank();
    }
    if let Some(next) = t.next {
        if !t.missing_for_next.is_empty() {
            any = true;
            md.para(format_args!("Missing evidence for {}:", next.name));
            for e in &t.missing_for_next {
                md.bullet(format_args!("[ ] {}", inline(&e.text)));
            }
            md.blank();
        }
    }
    if !t.caps.is_empty() {
        any = true;
        md.para("Caps on the tier:");
        for c in &t.caps {
            md.bullet(format_args!(
                "at most {}: {}",
                c.max.name,
                inline(&c.reason)
            ));
        }
        md.blank();
    }
    if !a.tbds.is_empty() {
        any = true;
        md.para("Open TBDs:");
        for tbd in &a.tbds {
            let state = match tbd.kind {
                TbdKind::Unanswered => "unanswered",
                TbdKind::Later => "later",
            };
            let owner = tbd.owner.as_deref().map_or("`<TBD>`".to_string(), inline);
            let due = tbd.due.map_or("`<TBD>`".to_string(), |d| d.to_string());
            md.bullet(format_args!(
                "{} ({}; {state}; owner {owner}; due {due})",
                inline(tbd.question.label()),
                inline(&tbd.questionnaire.title)
            ));
        }
        md.blank();
    }
    if !a.findings.is_empty() {
        any = true;
        md.para("Anti-patterns found:");
        for f in &a.findings {
            let fixes: Vec<&str> = f.fix.iter().map(|p| p.name.as_str()).collect();
            let fix = if fixes.is_empty() {
                String::new()
            } else {
                format!("; fix: {}", inline(&fixes.join(", ")))
            };
            md.bullet(format_args!(
                "{} ({}), because {}{fix}",
                inline(&f.antipattern.name),
                f.antipattern.severity.as_str(),
                inline(&witness_text(kb, &f.triggered_by))
            ));
        }
        md.blank();
    }
    if !any {
        md.para("None: nothing stands between this design and the next tier.");
    }

    md.heading(2, "Notes");
    if l.notes.trim().is_empty() {
        md.para("None recorded.");
    } else {
        md.para(quote_block(l.notes.trim()));
    }
    md.related(ctx, &path(ctx.kb, l));
    md.finish()
}

/// One launch decision per recorded launch.
pub const RENDERER: Renderer = Renderer {
    files: |kb, session| {
        session
            .launches
            .iter()
            .enumerate()
            .map(|(item, l)| File {
                kind: "launch",
                path: path(kb, l),
                item,
            })
            .collect()
    },
    render: |ctx, file| ctx.session.launches.get(file.item).map(|l| render(ctx, l)),
};
