//! contracts/<channel>.md: what a channel carries, who owns it, its delivery and ordering,
//! replay and dead letters, and personal data, for the teams on either end.

use crate::export::ctx::{Ctx, related_block};
use crate::export::design::{concerns, summary_block};
use crate::export::escape::{cell, inline};
use crate::session::{Channel, ChannelRole, Compatibility, Runbook, Session};
use std::fmt::Write;

fn tbd_or(text: &str) -> String {
    if text.trim().is_empty() {
        "`<TBD>`".to_string()
    } else {
        inline(text)
    }
}

fn list_or_tbd(items: &[String]) -> String {
    crate::export::escape::inline_list(items, "`<TBD>`")
}

fn role_text(role: ChannelRole) -> &'static str {
    match role {
        ChannelRole::Produced => "this feature produces it",
        ChannelRole::Consumed => "this feature consumes it",
        ChannelRole::Both => "this feature produces and consumes it",
    }
}

fn compatibility_text(mode: Compatibility) -> &'static str {
    match mode {
        Compatibility::Backward => "backward",
        Compatibility::Forward => "forward",
        Compatibility::Full => "full",
        Compatibility::None => "none",
    }
}

/// The session's runbooks that name this channel and are exported.
fn runbooks_of<'s>(session: &'s Session, channel: &str) -> Vec<&'s Runbook> {
    session
        .runbooks
        .iter()
        .filter(|r| r.channel == channel && !crate::export::paths::runbook_paths(r).is_empty())
        .collect()
}

/// A Markdown link from a file one folder down to a feature-relative `path`.
fn up_link(path: &str) -> String {
    format!("[{}](../{})", inline(path), path.replace(' ', "%20"))
}

pub(super) fn contract_md(ctx: &Ctx, c: &Channel, own: &str) -> String {
    let s = ctx.session;
    let mut d = String::with_capacity(8 * 1024);
    let w = &mut d;
    let _ = writeln!(w, "# Channel contract: {}\n", inline(&c.name));
    summary_block(w, s.status.as_str(), &s.date.to_string(), &c.purpose);
    concerns(w, ctx.kb, s);

    let _ = writeln!(w, "## Owner and escalation\n");
    let _ = writeln!(w, "- **Owner**: {}", tbd_or(&c.owner));
    let _ = writeln!(w, "- **Escalation**: {}", tbd_or(&c.escalation));
    let _ = writeln!(w, "- **Role**: {}\n", role_text(c.role));

    let _ = writeln!(w, "## Purpose and patterns\n");
    let _ = writeln!(w, "- **Purpose**: {}", tbd_or(&c.purpose));
    let patterns: Vec<String> = c
        .patterns
        .iter()
        .map(|id| match ctx.kb.pattern(id) {
            Some(p) => inline(&p.name),
            None => format!("{} (not in the catalog)", inline(id)),
        })
        .collect();
    let patterns = if patterns.is_empty() {
        "`<TBD>`".to_string()
    } else {
        patterns.join(", ")
    };
    let _ = writeln!(w, "- **Patterns**: {patterns}\n");

    let _ = writeln!(w, "## Producers and consumers\n");
    let _ = writeln!(w, "- **Producers**: {}", list_or_tbd(&c.producers));
    let _ = writeln!(w, "- **Consumers**: {}\n", list_or_tbd(&c.consumers));

    schema_section(w, c);
    delivery_section(w, c);
    replay_section(w, ctx, c);
    dlq_section(w, ctx, c);
    pii_section(w, c);

    let _ = writeln!(w, "## SLOs and on-call playbook\n");
    let _ = writeln!(w, "- **SLO**: {}", tbd_or(&c.slo));
    let _ = writeln!(w, "- **Escalation**: {}", tbd_or(&c.escalation));
    let playbooks: Vec<String> = runbooks_of(s, &c.name)
        .iter()
        .flat_map(|r| crate::export::paths::runbook_paths(r))
        .map(|p| up_link(&p))
        .collect();
    let playbooks = if playbooks.is_empty() {
        "`<TBD>`".to_string()
    } else {
        playbooks.join(", ")
    };
    let _ = writeln!(w, "- **On-call playbook**: {playbooks}\n");

    related_block(w, ctx, own);
    d
}

fn schema_section(w: &mut String, c: &Channel) {
    let _ = writeln!(w, "## Schema and compatibility mode\n");
    let _ = writeln!(
        w,
        "- **Schema**: [../schemas/{0}.json](../schemas/{0}.json) (JSON Schema 2020-12 of the CloudEvents 1.0 envelope)",
        c.name
    );
    let _ = writeln!(
        w,
        "- **AsyncAPI**: [../asyncapi/{0}.yaml](../asyncapi/{0}.yaml)",
        c.name
    );
    let _ = writeln!(
        w,
        "- **Compatibility mode**: {}",
        compatibility_text(c.compatibility)
    );
    let _ = writeln!(
        w,
        "- **Payload**: {}\n",
        if c.closed_schema {
            "closed (unknown properties are rejected)"
        } else {
            "open (unknown properties are allowed)"
        }
    );
    if c.closed_schema
        && matches!(
            c.compatibility,
            Compatibility::Backward | Compatibility::Full
        )
    {
        let _ = writeln!(
            w,
            "> **Closed schema under {} compatibility.** A field added by the next version is an unknown property to every reader still on this one, so an additive change breaks them. Open the payload, or write down a consumer-first rollout.\n",
            compatibility_text(c.compatibility)
        );
    }
    if c.compatibility == Compatibility::None {
        let _ = writeln!(
            w,
            "> **No compatibility mode.** Any change may break a consumer; declare backward (or full) and check it in CI.\n"
        );
    }
    if c.fields.is_empty() {
        let _ = writeln!(w, "Payload fields: `<TBD>`\n");
        return;
    }
    let _ = writeln!(
        w,
        "| Field | Type | Required | PII | Description |\n| --- | --- | --- | --- | --- |"
    );
    for f in &c.fields {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} |",
            cell(&f.name),
            cell(&f.kind),
            if f.required { "yes" } else { "no" },
            if f.pii { "yes" } else { "no" },
            cell(&f.description)
        );
    }
    let _ = writeln!(w);
}

fn delivery_section(w: &mut String, c: &Channel) {
    let _ = writeln!(w, "## Delivery and ordering guarantee\n");
    let _ = writeln!(w, "- **Delivery**: {}", tbd_or(&c.delivery));
    let ordering = if c.ordering_key.trim().is_empty() {
        "no ordering key declared: `<TBD>`".to_string()
    } else {
        format!(
            "per key: messages with the same {} arrive in order (carried in the `partitionkey` extension); no order across keys",
            inline(&c.ordering_key)
        )
    };
    let _ = writeln!(w, "- **Ordering**: {ordering}\n");
}

fn replay_section(w: &mut String, ctx: &Ctx, c: &Channel) {
    let _ = writeln!(w, "## Retention, replay and redrive\n");
    let _ = writeln!(w, "- **Retention**: {}", tbd_or(&c.retention));
    let _ = writeln!(w, "- **Replay**: {}", tbd_or(&c.replay));
    let runbooks = runbooks_of(ctx.session, &c.name);
    if runbooks.is_empty() {
        let _ = writeln!(w, "- **Redrive**: `<TBD>`\n");
        return;
    }
    for r in runbooks {
        let Some(p) = crate::export::paths::runbook_paths(r).into_iter().next() else {
            continue;
        };
        let rate = if r.redrive_rate.trim().is_empty() {
            String::new()
        } else {
            format!(" (rate: {})", inline(&r.redrive_rate))
        };
        let _ = writeln!(w, "- **Redrive**: as in {}{rate}", up_link(&p));
    }
    let _ = writeln!(w);
}

fn dlq_section(w: &mut String, ctx: &Ctx, c: &Channel) {
    let q = &c.dlq;
    let _ = writeln!(w, "## Dead-letter queue\n");
    let _ = writeln!(w, "- **Name**: {}", tbd_or(&q.name));
    let _ = writeln!(w, "- **Owner**: {}", tbd_or(&q.owner));
    let _ = writeln!(w, "- **Dashboard**: {}", tbd_or(&q.dashboard));
    let _ = writeln!(w, "- **Alert**: {}", tbd_or(&q.alert));
    let runbook = if q.runbook.trim().is_empty() {
        let found: Vec<String> = runbooks_of(ctx.session, &c.name)
            .iter()
            .flat_map(|r| crate::export::paths::runbook_paths(r))
            .map(|p| up_link(&p))
            .collect();
        if found.is_empty() {
            "`<TBD>`".to_string()
        } else {
            found.join(", ")
        }
    } else if ctx.related.contains(&q.runbook) {
        up_link(&q.runbook)
    } else {
        inline(&q.runbook)
    };
    let _ = writeln!(w, "- **Runbook**: {runbook}\n");
}

fn pii_section(w: &mut String, c: &Channel) {
    let _ = writeln!(w, "## PII class and encryption\n");
    let _ = writeln!(w, "- **PII class**: {}", tbd_or(&c.pii_class));
    let _ = writeln!(w, "- **Encryption**: {}", tbd_or(&c.encryption));
    let pii: Vec<String> = c
        .fields
        .iter()
        .filter(|f| f.pii)
        .map(|f| inline(&f.name))
        .collect();
    let marked = if pii.is_empty() {
        "none".to_string()
    } else {
        pii.join(", ")
    };
    let _ = writeln!(
        w,
        "- **Fields marked PII** (`x-pii` in the schema): {marked}\n"
    );
    let class = c.pii_class.trim();
    if !pii.is_empty() && (class.is_empty() || class.eq_ignore_ascii_case("none")) {
        let _ = writeln!(
            w,
            "> **Fields are marked PII, but the channel's PII class is {}.** Classify the channel, and keep those fields out of logs, traces and the dead-letter queue.\n",
            if class.is_empty() { "not set" } else { "none" }
        );
    }
}
