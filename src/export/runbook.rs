//! DLQ runbooks: docs/features/<slug>/runbooks/<incident>.md, answering the nine questions.

use super::ctx::{Ctx, related_block};
use super::design::{concerns, summary_block};
use super::escape::{inline, quote_block};
use super::paths::{channel_paths, is_safe_name};
use crate::session::{Runbook, Session};
use std::fmt::Write;

/// The nine questions every DLQ runbook answers: the section title (as in the runbook's
/// artifact kind in data/artifacts.toml) and the question put to the on-call engineer.
const QUESTIONS: [(&str, &str); 9] = [
    (
        "Who is paged",
        "Who is paged when this queue needs a person, and by which alert?",
    ),
    (
        "Inspect a failed message safely",
        "How do you look at one failed message without consuming it and without spreading its data?",
    ),
    (
        "Transient or permanent failure",
        "How do you tell a failure that a retry will fix from one it never will?",
    ),
    (
        "Patch or quarantine",
        "When is a message patched and redriven, and when is it set aside?",
    ),
    (
        "Redrive at a controlled rate",
        "How are messages sent back, and how fast?",
    ),
    (
        "Protect downstream services",
        "What do you watch so the redrive does not overwhelm the services downstream?",
    ),
    ("Stop a redrive", "How do you stop a redrive part-way?"),
    (
        "DLQ retention",
        "How long do messages stay in the dead-letter queue?",
    ),
    (
        "Audit trail of manual steps",
        "Where is each manual step recorded, with who, when and how many?",
    ),
];

fn answer(r: &Runbook, i: usize) -> &str {
    match i {
        0 => &r.who_is_paged,
        1 => &r.inspect_safely,
        2 => &r.transient_or_permanent,
        3 => &r.patch_or_quarantine,
        4 => &r.redrive_rate,
        5 => &r.downstream_check,
        6 => &r.stop_redrive,
        7 => &r.retention,
        _ => &r.audit_trail,
    }
}

pub use super::paths::{runbook_path as path, runbook_paths as paths};

/// Runbooks whose incident name is not a safe file name, as "key path: message" lines.
pub fn problems(session: &Session) -> Vec<String> {
    session
        .runbooks
        .iter()
        .enumerate()
        .filter(|(_, r)| !is_safe_name(&r.incident))
        .map(|(i, r)| {
            format!(
                "runbooks[{i}].incident: {:?} is not a safe file name (lower-case letters, digits, '.', '_' and '-', not starting with '.', not a name Windows reserves such as nul or com1); no runbook file is written under that name",
                r.incident
            )
        })
        .collect()
}

fn answer_block(text: &str) -> String {
    if text.trim().is_empty() {
        "`<TBD>`".to_string()
    } else if text.trim().contains('\n') {
        quote_block(text.trim())
    } else {
        inline(text)
    }
}

pub fn render(ctx: &Ctx, r: &Runbook) -> String {
    let s = ctx.session;
    let own = path(r);
    let channel = s.channels.iter().find(|c| c.name == r.channel);
    let mut d = String::with_capacity(6 * 1024);
    let w = &mut d;
    let _ = writeln!(w, "# Runbook: {}\n", inline(&r.incident));
    let tldr = if r.channel.trim().is_empty() {
        "What the on-call engineer does when messages pile up in a dead-letter queue: triage, redrive at a safe rate, and record every step.".to_string()
    } else {
        format!(
            "What the on-call engineer does when messages pile up in the dead-letter queue of {}: triage, redrive at a safe rate, and record every step.",
            r.channel
        )
    };
    summary_block(w, s.status.as_str(), &s.date.to_string(), &tldr);
    concerns(w, ctx.kb, s);

    let _ = writeln!(w, "## Dead-letter queue runbook\n");
    let contract = channel.and_then(|c| {
        channel_paths(c)
            .into_iter()
            .find(|(kind, _)| *kind == "contract")
    });
    let channel_line = match (r.channel.trim().is_empty(), contract) {
        (true, _) => "`<TBD>`".to_string(),
        (false, Some((_, p))) => format!("[{}](../{p})", inline(&r.channel)),
        (false, None) => format!("{} (no contract in this session)", inline(&r.channel)),
    };
    let _ = writeln!(w, "**Channel**: {channel_line}");
    if let Some(c) = channel {
        let name = if c.dlq.name.trim().is_empty() {
            "`<TBD>`".to_string()
        } else {
            inline(&c.dlq.name)
        };
        let owner = if c.dlq.owner.trim().is_empty() {
            "`<TBD>`".to_string()
        } else {
            inline(&c.dlq.owner)
        };
        let _ = writeln!(w, "\n**Dead-letter queue**: {name}, owned by {owner}");
    }
    let _ = writeln!(w);

    for (i, (title, question)) in QUESTIONS.iter().enumerate() {
        let _ = writeln!(w, "### {}. {title}\n", i + 1);
        let _ = writeln!(w, "_{question}_\n");
        let _ = writeln!(w, "{}\n", answer_block(answer(r, i)));
    }

    related_block(w, ctx, &own);
    d
}
