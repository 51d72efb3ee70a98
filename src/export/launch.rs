//! Launch decisions: docs/features/<slug>/launches/<date>.md. The verdict is the tier the
//! design has earned, checked against the traffic the launch notes describe; the gaps are
//! what the next tier still needs, the caps, the open TBDs and the anti-patterns found.

use super::ctx::Ctx;
use super::design::{self, witness_text};
use super::escape::{inline, quote_block};
use crate::engine::TbdKind;
use crate::kb::{KnowledgeBase, Tier};
use crate::session::Launch;
use std::fmt::Write;

pub fn path(l: &Launch) -> String {
    format!("launches/{}.md", l.date)
}

/// The kind of traffic a launch takes, read from its notes, and the lowest tier level
/// that is safe for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Traffic {
    pub kind: &'static str,
    /// The word of the notes that gave it away.
    pub matched: &'static str,
    pub min_level: u8,
}

/// Words that name the traffic, most specific first: a note that says "shadow traffic
/// only; customers still use the old path" is a shadow launch, not a customer one.
const TRAFFIC: &[(&str, u8, &[&str])] = &[
    (
        "shadow or staging",
        1,
        &[
            "shadow",
            "dark launch",
            "dark-launch",
            "staging",
            "pre-production",
            "preproduction",
            "internal users",
            "internal only",
            "dogfood",
            "no production",
            "no customer",
            "no real users",
        ],
    ),
    (
        "production",
        3,
        &[
            "production",
            "customer",
            "canary",
            "general availability",
            "rollout",
            "roll out",
            "live traffic",
            "real users",
            "all users",
        ],
    ),
    ("local or test", 0, &["local", "no traffic", "test only"]),
];

/// What the notes say about the traffic, or `None` when they do not say.
pub fn traffic(notes: &str) -> Option<Traffic> {
    let notes = notes.to_lowercase();
    TRAFFIC.iter().find_map(|(kind, min_level, words)| {
        words.iter().find(|w| notes.contains(*w)).map(|w| Traffic {
            kind,
            matched: w,
            min_level: *min_level,
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
    match traffic(&l.notes) {
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

pub fn render(ctx: &Ctx, l: &Launch) -> String {
    let kb = ctx.kb;
    let a = ctx.assessment;
    let t = &a.tier;
    let mut out = String::with_capacity(8 * 1024);
    let w = &mut out;
    let _ = writeln!(
        w,
        "# Launch decision {}: {}\n",
        l.date,
        inline(&ctx.session.feature)
    );
    let (tldr, safe) = verdict(ctx, l);
    design::summary_block(
        w,
        "Accepted",
        &l.date.to_string(),
        &format!("Verdict: {tldr}."),
    );
    design::concerns(w, kb, ctx.session);

    let _ = writeln!(w, "## Verdict\n");
    let _ = writeln!(
        w,
        "**Tier earned: {}** (level {}). {}\n",
        t.earned.name,
        t.earned.level,
        inline(&t.earned.summary)
    );
    if !t.gate_met {
        let _ = writeln!(w, "The {} gate itself is not met yet.\n", t.earned.name);
    }
    match traffic(&l.notes) {
        None => {
            let _ = writeln!(
                w,
                "Traffic: `<TBD: which traffic this launch takes>`. The notes do not say (shadow, staging, canary or production), so the launch is not judged safe for any of them.\n"
            );
        }
        Some(tr) => {
            let needed =
                tier_at(kb, tr.min_level).map_or(t.earned.name.as_str(), |n| n.name.as_str());
            let verdict = if safe == Some(true) {
                format!("**Safe** for it: {} is at least {needed}.", t.earned.name)
            } else {
                format!("**Not safe** for it yet: it needs {needed}; see the gaps below.")
            };
            let _ = writeln!(
                w,
                "Traffic: {} (the notes say \"{}\"). {verdict}\n",
                tr.kind, tr.matched
            );
        }
    }
    let _ = writeln!(w, "Evidence met:\n");
    if t.met.is_empty() {
        let _ = writeln!(w, "- (none yet)");
    }
    for e in &t.met {
        let _ = writeln!(w, "- [x] {}", inline(&e.text));
    }
    let _ = writeln!(w);

    let _ = writeln!(w, "## Gaps\n");
    let mut any = false;
    if let Some(next) = t.next {
        if !t.missing_for_next.is_empty() {
            any = true;
            let _ = writeln!(w, "Missing evidence for {}:\n", next.name);
            for e in &t.missing_for_next {
                let _ = writeln!(w, "- [ ] {}", inline(&e.text));
            }
            let _ = writeln!(w);
        }
    }
    if !t.caps.is_empty() {
        any = true;
        let _ = writeln!(w, "Caps on the tier:\n");
        for c in &t.caps {
            let _ = writeln!(w, "- at most {}: {}", c.max.name, inline(&c.reason));
        }
        let _ = writeln!(w);
    }
    if !a.tbds.is_empty() {
        any = true;
        let _ = writeln!(w, "Open TBDs:\n");
        for tbd in &a.tbds {
            let state = match tbd.kind {
                TbdKind::Unanswered => "unanswered",
                TbdKind::Later => "later",
            };
            let owner = tbd.owner.as_deref().map_or("`<TBD>`".to_string(), inline);
            let due = tbd.due.map_or("`<TBD>`".to_string(), |d| d.to_string());
            let _ = writeln!(
                w,
                "- {} ({}; {state}; owner {owner}; due {due})",
                inline(tbd.question.label()),
                inline(&tbd.questionnaire.title)
            );
        }
        let _ = writeln!(w);
    }
    if !a.findings.is_empty() {
        any = true;
        let _ = writeln!(w, "Anti-patterns found:\n");
        for f in &a.findings {
            let fixes: Vec<&str> = f.fix.iter().map(|p| p.name.as_str()).collect();
            let fix = if fixes.is_empty() {
                String::new()
            } else {
                format!("; fix: {}", inline(&fixes.join(", ")))
            };
            let _ = writeln!(
                w,
                "- {} ({}), because {}{fix}",
                inline(&f.antipattern.name),
                f.antipattern.severity.as_str(),
                inline(&witness_text(kb, &f.triggered_by))
            );
        }
        let _ = writeln!(w);
    }
    if !any {
        let _ = writeln!(
            w,
            "None: nothing stands between this design and the next tier.\n"
        );
    }

    let _ = writeln!(w, "## Notes\n");
    if l.notes.trim().is_empty() {
        let _ = writeln!(w, "None recorded.\n");
    } else {
        let _ = writeln!(w, "{}\n", quote_block(l.notes.trim()));
    }
    super::ctx::related_block(w, ctx, &path(l));
    out
}
