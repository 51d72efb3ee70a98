//! DLQ runbooks: docs/features/<slug>/runbooks/<incident>.md, answering the nine questions.

use super::ctx::Ctx;
use super::escape::{inline, quote_block};
use super::markdown::Markdown;
use super::registry::{File, Renderer, channel_paths, is_safe_name};
use crate::session::{Runbook, Session};

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

pub use super::registry::{runbook_path as path, runbook_paths as paths};

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
    let own = path(ctx.kb, r);
    let channel = s.channels.iter().find(|c| c.name == r.channel);
    let mut md = Markdown::with_capacity(6 * 1024);
    md.heading(1, format_args!("Runbook: {}", inline(&r.incident)));
    let tldr = if r.channel.trim().is_empty() {
        "What the on-call engineer does when messages pile up in a dead-letter queue: triage, redrive at a safe rate, and record every step.".to_string()
    } else {
        format!(
            "What the on-call engineer does when messages pile up in the dead-letter queue of {}: triage, redrive at a safe rate, and record every step.",
            r.channel
        )
    };
    md.summary(s.status.as_str(), &s.date.to_string(), &tldr)
        .concerns_ref(ctx.kb, &own, None)
        .heading(2, "Dead-letter queue runbook");
    let contract = channel.and_then(|c| {
        channel_paths(ctx.kb, c)
            .into_iter()
            .find(|(kind, _)| *kind == "contract")
    });
    let channel_line = match (r.channel.trim().is_empty(), contract) {
        (true, _) => "`<TBD>`".to_string(),
        (false, Some((_, p))) => format!("[{}](../{p})", inline(&r.channel)),
        (false, None) => format!("{} (no contract in this session)", inline(&r.channel)),
    };
    md.field("Channel", channel_line);
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
        md.blank().field(
            "Dead-letter queue",
            format_args!("{name}, owned by {owner}"),
        );
    }
    md.blank();

    for (i, (title, question)) in QUESTIONS.iter().enumerate() {
        md.heading(3, format_args!("{}. {title}", i + 1))
            .para(format_args!("_{question}_"))
            .para(answer_block(answer(r, i)));
    }

    md.related(ctx, &own);
    md.finish()
}

/// One runbook per recorded DLQ runbook.
pub const RENDERER: Renderer = Renderer {
    files: |kb, session| {
        session
            .runbooks
            .iter()
            .enumerate()
            .map(|(item, r)| File {
                kind: "runbook",
                path: path(kb, r),
                item,
            })
            .collect()
    },
    render: |ctx, file| ctx.session.runbooks.get(file.item).map(|r| render(ctx, r)),
};
