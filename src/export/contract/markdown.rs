//! contracts/<channel>.md: what a channel carries, who owns it, its delivery and ordering,
//! replay and dead letters, and personal data, for the teams on either end.

use crate::export::ctx::Ctx;
use crate::export::escape::{cell, inline};
use crate::export::markdown::Markdown;
use crate::export::registry::{path, runbook_paths};
use crate::kb::KnowledgeBase;
use crate::session::{Channel, ChannelRole, Compatibility, Runbook, Session};

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
fn runbooks_of<'s>(kb: &KnowledgeBase, session: &'s Session, channel: &str) -> Vec<&'s Runbook> {
    session
        .runbooks
        .iter()
        .filter(|r| r.channel == channel && !runbook_paths(kb, r).is_empty())
        .collect()
}

/// A Markdown link from a file one folder down to a feature-relative `path`.
fn up_link(path: &str) -> String {
    format!("[{}](../{})", inline(path), path.replace(' ', "%20"))
}

pub(super) fn contract_md(ctx: &Ctx, c: &Channel, own: &str) -> String {
    let s = ctx.session;
    let mut md = Markdown::with_capacity(8 * 1024);
    md.heading(1, format_args!("Channel contract: {}", inline(&c.name)))
        .summary(s.status.as_str(), &s.date.to_string(), &c.purpose);
    // Per scope: the channel's own PII class; the feature's concerns are linked.
    let own_class = if c.pii_class.trim().is_empty() {
        "PII class of this channel: `<TBD: PII class>`".to_string()
    } else {
        format!("PII class of this channel: {}", inline(c.pii_class.trim()))
    };
    md.concerns_ref(ctx.kb, own, Some(&own_class));

    md.heading(2, "Owner and escalation")
        .labelled("Owner", tbd_or(&c.owner))
        .labelled("Escalation", tbd_or(&c.escalation))
        .labelled("Role", role_text(c.role))
        .blank();

    md.heading(2, "Purpose and patterns")
        .labelled("Purpose", tbd_or(&c.purpose));
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
    md.labelled("Patterns", patterns).blank();

    md.heading(2, "Producers and consumers")
        .labelled("Producers", list_or_tbd(&c.producers))
        .labelled("Consumers", list_or_tbd(&c.consumers))
        .blank();

    schema_section(&mut md, ctx.kb, c);
    delivery_section(&mut md, c);
    replay_section(&mut md, ctx, c);
    dlq_section(&mut md, ctx, c);
    pii_section(&mut md, c);

    md.heading(2, "SLOs and on-call playbook")
        .labelled("SLO", tbd_or(&c.slo))
        .labelled("Escalation", tbd_or(&c.escalation));
    let playbooks: Vec<String> = runbooks_of(ctx.kb, s, &c.name)
        .iter()
        .flat_map(|r| runbook_paths(ctx.kb, r))
        .map(|p| up_link(&p))
        .collect();
    let playbooks = if playbooks.is_empty() {
        "`<TBD>`".to_string()
    } else {
        playbooks.join(", ")
    };
    md.labelled("On-call playbook", playbooks)
        .blank()
        .related(ctx, own);
    md.finish()
}

fn schema_section(md: &mut Markdown, kb: &KnowledgeBase, c: &Channel) {
    let schema = path(kb, "schema", &[("channel", &c.name)]);
    let asyncapi = path(kb, "asyncapi", &[("channel", &c.name)]);
    md.heading(2, "Schema and compatibility mode")
        .labelled(
            "Schema",
            format_args!(
                "[../{schema}](../{schema}) (JSON Schema 2020-12 of the CloudEvents 1.0 envelope)"
            ),
        )
        .labelled("AsyncAPI", format_args!("[../{asyncapi}](../{asyncapi})"))
        .labelled("Compatibility mode", compatibility_text(c.compatibility))
        .labelled(
            "Payload",
            if c.closed_schema {
                "closed (unknown properties are rejected)"
            } else {
                "open (unknown properties are allowed)"
            },
        )
        .blank();
    if c.closed_schema
        && matches!(
            c.compatibility,
            Compatibility::Backward | Compatibility::Full
        )
    {
        md.para(format_args!(
            "> **Closed schema under {} compatibility.** A field added by the next version is an unknown property to every reader still on this one, so an additive change breaks them. Open the payload, or write down a consumer-first rollout.",
            compatibility_text(c.compatibility)
        ));
    }
    if c.compatibility == Compatibility::None {
        md.para("> **No compatibility mode.** Any change may break a consumer; declare backward (or full) and check it in CI.");
    }
    if c.fields.is_empty() {
        md.para("Payload fields: `<TBD>`");
        return;
    }
    md.table(&["Field", "Type", "Required", "PII", "Description"]);
    for f in &c.fields {
        md.row(&[
            cell(&f.name),
            cell(&f.kind),
            (if f.required { "yes" } else { "no" }).to_string(),
            (if f.pii { "yes" } else { "no" }).to_string(),
            cell(&f.description),
        ]);
    }
    md.blank();
}

fn delivery_section(md: &mut Markdown, c: &Channel) {
    let ordering = if c.ordering_key.trim().is_empty() {
        "no ordering key declared: `<TBD>`".to_string()
    } else {
        format!(
            "per key: messages with the same {} arrive in order (carried in the `partitionkey` extension); no order across keys",
            inline(&c.ordering_key)
        )
    };
    md.heading(2, "Delivery and ordering guarantee")
        .labelled("Delivery", tbd_or(&c.delivery))
        .labelled("Ordering", ordering)
        .blank();
}

fn replay_section(md: &mut Markdown, ctx: &Ctx, c: &Channel) {
    md.heading(2, "Retention, replay and redrive")
        .labelled("Retention", tbd_or(&c.retention))
        .labelled("Replay", tbd_or(&c.replay));
    let runbooks = runbooks_of(ctx.kb, ctx.session, &c.name);
    if runbooks.is_empty() {
        md.labelled("Redrive", "`<TBD>`").blank();
        return;
    }
    for r in runbooks {
        let Some(p) = runbook_paths(ctx.kb, r).into_iter().next() else {
            continue;
        };
        let rate = if r.redrive_rate.trim().is_empty() {
            String::new()
        } else {
            format!(" (rate: {})", inline(&r.redrive_rate))
        };
        md.labelled("Redrive", format_args!("as in {}{rate}", up_link(&p)));
    }
    md.blank();
}

fn dlq_section(md: &mut Markdown, ctx: &Ctx, c: &Channel) {
    let q = &c.dlq;
    md.heading(2, "Dead-letter queue")
        .labelled("Name", tbd_or(&q.name))
        .labelled("Owner", tbd_or(&q.owner))
        .labelled("Dashboard", tbd_or(&q.dashboard))
        .labelled("Alert", tbd_or(&q.alert));
    let runbook = if q.runbook.trim().is_empty() {
        let found: Vec<String> = runbooks_of(ctx.kb, ctx.session, &c.name)
            .iter()
            .flat_map(|r| runbook_paths(ctx.kb, r))
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
    md.labelled("Runbook", runbook).blank();
}

fn pii_section(md: &mut Markdown, c: &Channel) {
    md.heading(2, "PII class and encryption")
        .labelled("PII class", tbd_or(&c.pii_class))
        .labelled("Encryption", tbd_or(&c.encryption));
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
    md.bullet(format_args!(
        "**Fields marked PII** (`x-pii` in the schema): {marked}"
    ))
    .blank();
    let class = c.pii_class.trim();
    if !pii.is_empty() && (class.is_empty() || class.eq_ignore_ascii_case("none")) {
        md.para(format_args!(
            "> **Fields are marked PII, but the channel's PII class is {}.** Classify the channel, and keep those fields out of logs, traces and the dead-letter queue.",
            if class.is_empty() { "not set" } else { "none" }
        ));
    }
}
