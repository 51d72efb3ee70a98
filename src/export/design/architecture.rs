//! design.md's architecture: the target data flow, what changes, the proposed stores and
//! flows, and the boundary contracts.

use super::*;

/// The node id of a store, channel or service in the data-flow drawing.
pub(super) fn node(prefix: &str, name: &str) -> String {
    format!("{prefix}_{}", mermaid_id(name.trim()))
}

/// The channel a flow goes through, when its `via` names one of the session's channels.
pub(super) fn flow_channel<'s>(session: &'s Session, f: &Flow) -> Option<&'s Channel> {
    session
        .channels
        .iter()
        .filter(|c| !c.name.trim().is_empty())
        .find(|c| f.via.contains(c.name.trim()))
}

pub(super) fn edge_label(f: &Flow) -> String {
    let mut label = f.mechanism.as_str().to_string();
    if !f.entity.trim().is_empty() {
        label.push_str(&format!(": {}", f.entity.trim()));
    }
    if !f.ordering_key.trim().is_empty() {
        label.push_str(&format!(", key {}", f.ordering_key.trim()));
    }
    label
}

/// The target data flow as a Mermaid drawing: the target stores, flows and channels (a
/// flow whose `via` names a channel goes through it); then, apart, what the design
/// removes. A `<TBD>` when the session records none.
pub(super) fn target_architecture(md: &mut Markdown, session: &Session) {
    md.heading(2, "Target architecture");
    let stores: Vec<_> = session
        .stores
        .iter()
        .filter(|s| s.change.in_target())
        .collect();
    let flows: Vec<&Flow> = session
        .flows
        .iter()
        .filter(|f| f.change.in_target())
        .collect();
    let channels: Vec<&Channel> = session
        .channels
        .iter()
        .filter(|c| c.change.in_target() && !c.name.trim().is_empty())
        .collect();
    if stores.is_empty() && flows.is_empty() && channels.is_empty() {
        md.para(
            "`<TBD: the target stores, flows and channels>`: record them in the session to draw the data flow.",
        );
    } else {
        md.line("```mermaid").line("flowchart LR");
        let mut declared = BTreeSet::new();
        let added = |c: Change| if c == Change::Added { " (added)" } else { "" };
        for s in &stores {
            let id = node("s", &s.name);
            let shape = match s.role {
                StoreRole::SystemOfRecord => ("[(", ")]"),
                StoreRole::Derived => ("[", "]"),
            };
            let kind = if s.kind.trim().is_empty() || s.kind.trim() == s.name.trim() {
                String::new()
            } else {
                format!(": {}", s.kind.trim())
            };
            md.line(format_args!(
                "    {id}{}\"{}{kind}{}\"{}",
                shape.0,
                mermaid_label(&s.name),
                mermaid_label(added(s.change)),
                shape.1
            ));
            declared.insert(id);
        }
        for c in &channels {
            let id = node("c", &c.name);
            md.line(format_args!(
                "    {id}{{{{\"{}{}\"}}}}",
                mermaid_label(&c.name),
                added(c.change)
            ));
            declared.insert(id);
        }
        let mut declare = |md: &mut Markdown, id: String, name: &str| {
            if declared.insert(id.clone()) {
                md.line(format_args!("    {id}[\"{}\"]", mermaid_label(name)));
            }
        };
        let mut edges: Vec<String> = Vec::new();
        let mut routed = BTreeSet::new();
        for f in &flows {
            let (from, to) = (node("s", &f.from), node("s", &f.to));
            declare(md, from.clone(), &f.from);
            declare(md, to.clone(), &f.to);
            let label = format!("{}{}", added(f.change).trim_start(), edge_label(f));
            let label = mermaid_label(label.trim_start_matches("(added)").trim());
            let label = if f.change == Change::Added {
                format!("added: {label}")
            } else {
                label
            };
            match flow_channel(session, f) {
                Some(c) => {
                    let cid = node("c", &c.name);
                    routed.insert(c.name.trim().to_string());
                    edges.push(format!("    {from} -->|\"{label}\"| {cid}"));
                    edges.push(format!("    {cid} --> {to}"));
                }
                None => edges.push(format!("    {from} -->|\"{label}\"| {to}")),
            }
        }
        for c in channels.iter().filter(|c| !routed.contains(c.name.trim())) {
            let cid = node("c", &c.name);
            for p in c.producers.iter().filter(|p| !p.trim().is_empty()) {
                let pid = node("p", p);
                declare(md, pid.clone(), p);
                edges.push(format!("    {pid} --> {cid}"));
            }
            for q in c.consumers.iter().filter(|q| !q.trim().is_empty()) {
                let qid = node("p", q);
                declare(md, qid.clone(), q);
                edges.push(format!("    {cid} --> {qid}"));
            }
        }
        edges.dedup();
        for e in edges {
            md.line(e);
        }
        md.line("```").blank();
    }
    what_changes(md, session);
}

/// Today's flows, stores and channels the design removes, drawn and listed apart from the
/// target: the change a reviewer approves.
pub(super) fn what_changes(md: &mut Markdown, session: &Session) {
    let flows: Vec<&Flow> = session
        .flows
        .iter()
        .filter(|f| f.change == Change::Removed)
        .collect();
    let stores: Vec<_> = session
        .stores
        .iter()
        .filter(|s| s.change == Change::Removed)
        .collect();
    let channels: Vec<_> = session
        .channels
        .iter()
        .filter(|c| c.change == Change::Removed)
        .collect();
    if flows.is_empty() && stores.is_empty() && channels.is_empty() {
        return;
    }
    md.heading(3, "What changes: today's flows the design removes");
    if !flows.is_empty() {
        md.line("```mermaid").line("flowchart LR");
        let mut declared = BTreeSet::new();
        for f in &flows {
            for name in [&f.from, &f.to] {
                let id = node("t", name);
                if declared.insert(id.clone()) {
                    md.line(format_args!("    {id}[\"{}\"]", mermaid_label(name)));
                }
            }
        }
        for f in &flows {
            md.line(format_args!(
                "    {} -.->|\"removed: {}\"| {}",
                node("t", &f.from),
                mermaid_label(&edge_label(f)),
                node("t", &f.to)
            ));
        }
        md.line("```").blank();
    }
    for f in &flows {
        md.bullet(format_args!(
            "Removed flow: {} by {}",
            inline(&flow_name(f)),
            f.mechanism.as_str()
        ));
    }
    for s in &stores {
        md.bullet(format_args!("Removed store: {}", inline(&s.name)));
    }
    for c in &channels {
        md.bullet(format_args!("Removed channel: `{}`", code(&c.name)));
    }
    md.blank();
}

/// The target stores and flows with who owns what.
pub(super) fn proposed_architecture(md: &mut Markdown, session: &Session) {
    md.heading(2, "Proposed architecture and ownership boundaries");
    let owner = if session.service.owner_team.trim().is_empty() {
        "`<TBD: owner team>`".to_string()
    } else {
        inline(&session.service.owner_team)
    };
    md.labelled("Owner team", owner);
    for (label, list) in [
        ("Upstream", &session.service.upstream),
        ("Downstream", &session.service.downstream),
        ("External", &session.service.external),
        (
            "Shared infrastructure",
            &session.service.shared_infrastructure,
        ),
    ] {
        if !list.is_empty() {
            md.labelled(label, inline(&list.join(", ")));
        }
    }
    md.blank();
    let stores: Vec<_> = session
        .stores
        .iter()
        .filter(|s| s.change.in_target())
        .collect();
    if !stores.is_empty() {
        md.table(&["Store", "Kind", "Role", "Entities", "Access", "Change"]);
        for s in stores {
            let role = match s.role {
                StoreRole::SystemOfRecord => "system of record",
                StoreRole::Derived => "derived",
            };
            md.row(&[
                cell(&s.name),
                cell(&s.kind),
                role.to_string(),
                cell(&s.entities.join(", ")),
                cell(&s.access),
                s.change.as_str().to_string(),
            ]);
        }
        md.blank();
    }
    let flows: Vec<_> = session
        .flows
        .iter()
        .filter(|f| f.change.in_target())
        .collect();
    if !flows.is_empty() {
        md.table(&[
            "Flow",
            "Mechanism",
            "Via",
            "Ordering key",
            "Idempotency",
            "Change",
        ]);
        for f in flows {
            let or_tbd = |s: &str, what: &str| {
                if s.trim().is_empty() {
                    format!("`<TBD: {what}>`")
                } else {
                    cell(s)
                }
            };
            md.row(&[
                cell(&flow_name(f)),
                f.mechanism.as_str().to_string(),
                cell(&f.via),
                if f.ordering == crate::session::Ordering::None {
                    "none".to_string()
                } else {
                    or_tbd(&f.ordering_key, "ordering key")
                },
                or_tbd(&f.idempotency, "idempotency key"),
                f.change.as_str().to_string(),
            ]);
        }
        md.blank();
    }
    if session.stores.is_empty() && session.flows.is_empty() {
        md.para("`<TBD: the stores and flows>`: none is recorded in the session yet.");
    }
}

/// Each target channel's boundary contract, named and linked at the registry's path.
/// `related` lists the siblings that will exist; a contract missing from it (held back
/// because the self-check found it broken) is named, not linked. Empty: the siblings are
/// not known, and every contract is linked at its path.
pub(super) fn boundary_contracts(
    md: &mut Markdown,
    kb: &KnowledgeBase,
    session: &Session,
    related: &[String],
) {
    md.heading(2, "Boundary contracts");
    let channels: Vec<&Channel> = session
        .channels
        .iter()
        .filter(|c| c.change.in_target())
        .collect();
    if channels.is_empty() {
        md.para("`<TBD: channels>`: no channel is recorded; a design that crosses a service boundary names each one.");
        return;
    }
    for c in channels {
        let paths = crate::export::paths::channel_paths(kb, c);
        let (name, held) = match paths.iter().find(|(k, _)| *k == "contract") {
            Some((_, p)) if related.is_empty() || related.contains(p) => (
                format!("[`{}`]({})", code(&c.name), p.replace(' ', "%20")),
                "",
            ),
            Some(_) => (
                format!("`{}`", code(&c.name)),
                ". Its contract is not written: the self-check found it contradicts itself",
            ),
            None => (format!("`{}`", code(&c.name)), ""),
        };
        let val = |s: &str, what: &str| {
            if s.trim().is_empty() {
                format!("`<TBD: {what}>`")
            } else {
                inline(s)
            }
        };
        let dlq = if c.dlq.name.trim().is_empty() && c.dlq.owner.trim().is_empty() {
            "`<TBD: DLQ and its owner>`".to_string()
        } else {
            format!(
                "{} owned by {}",
                val(&c.dlq.name, "DLQ name"),
                val(&c.dlq.owner, "DLQ owner")
            )
        };
        let compat = format!("{:?}", c.compatibility).to_ascii_lowercase();
        md.bullet(format_args!(
            "{name} ({}): owner {}; delivery {}; ordering key {}; retention {}; compatibility {compat}{}; DLQ {dlq}; PII class {}{held}",
            match c.role {
                crate::session::ChannelRole::Produced => "produced",
                crate::session::ChannelRole::Consumed => "consumed",
                crate::session::ChannelRole::Both => "produced and consumed",
            },
            val(&c.owner, "owner"),
            val(&c.delivery, "delivery"),
            val(&c.ordering_key, "ordering key"),
            val(&c.retention, "retention"),
            if c.closed_schema { ", closed schema" } else { "" },
            val(&c.pii_class, "PII class"),
        ));
    }
    md.blank();
}
