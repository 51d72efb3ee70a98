//! design.md: the design document derived from a session and its assessment.

use super::escape::{cell, inline, mermaid_label, quote_block};
use super::markdown::Markdown;
use crate::engine::{Assessment, Provenance, TbdKind, realisation_line, session_stack};
use crate::kb::{KnowledgeBase, Step};
use crate::session::{AdrStatus, Change, Channel, Decision, Flow, Session, StoreRole};
use std::collections::BTreeSet;
use std::fmt::Write;

/// Renders design.md. `related` lists the paths (relative to the feature folder) of the
/// feature's other artifacts that exist on disk; the rest are listed at their
/// conventional paths. The output depends on nothing else, so it is byte-for-byte stable.
///
/// The first screen is what a reviewer reads first: the problem, the decision, the target
/// data flow (today's removed flows drawn apart), the risks that remain and what the design
/// removes. Seed 004's sections follow, filled from the session; the answers tables, the
/// advice drawn from the requirements and the decision path come last.
pub fn render(kb: &KnowledgeBase, session: &Session, a: &Assessment, related: &[String]) -> String {
    let decisions = super::decided::decisions(kb, session);
    let open = open_questions(kb, session, a, &decisions);
    let mut md = Markdown::with_capacity(16 * 1024);
    md.heading(1, format_args!("{} design", inline(&session.feature)));

    // Below the threshold the simple design is the answer: the sections of a full design
    // (architecture, contracts, rollout, verification) would cost more than they save.
    let full = !a.threshold.below;
    summary(md.text(), kb, session, a, &decisions);
    if full || !session.stores.is_empty() || !session.flows.is_empty() {
        target_architecture(&mut md, session);
    }
    antipatterns(md.text(), kb, a);
    removed(md.text(), kb, a);
    md.concerns(kb, session);
    goals(md.text(), session);
    requirements(md.text(), kb, session, a);
    if full {
        proposed_architecture(&mut md, session);
    }
    patterns(md.text(), kb, session, a);
    if full {
        boundary_contracts(&mut md, kb, session);
        rollout(&mut md, session, &open);
        verification(&mut md, kb, a);
    }
    open_section(&mut md, kb, &open);
    tier(md.text(), a);
    checklist(
        md.text(),
        kb,
        session,
        Step::Reliability,
        "Reliability checklist",
    );
    checklist(
        md.text(),
        kb,
        session,
        Step::Distributed,
        "Distributed-systems checklist",
    );
    implications(md.text(), kb, a);
    alternatives(md.text(), a);
    decision_path(md.text(), kb, session);
    related_artifacts(md.text(), kb, related, "design.md");
    md.finish()
}

pub(crate) use super::blocks::{
    answer_cell, answer_text, concerns, related_artifacts, summary_block, tbd_marker,
};

/// The answers behind a finding, in words (the engine's, shared by every document).
pub(crate) use crate::engine::witness_text;

fn summary(
    w: &mut String,
    kb: &KnowledgeBase,
    session: &Session,
    a: &Assessment,
    decisions: &[Decision],
) {
    let _ = writeln!(w, "## Summary\n");
    let _ = writeln!(w, "- **Status**: {}", session.status.as_str());
    let _ = writeln!(w, "- **Date**: {}", session.date);
    let _ = writeln!(w, "- **Problem**: {}", problem(kb, session, a));
    let tldr = if session.tldr.trim().is_empty() {
        let names: Vec<&str> = a
            .patterns
            .iter()
            .take(4)
            .map(|r| r.pattern.name.as_str())
            .collect();
        if a.threshold.below {
            "Below the threshold for distributed patterns: a simple single-service design is recommended.".to_string()
        } else if names.is_empty() {
            "`<TBD: one or two sentences on what this design does>`".to_string()
        } else {
            format!("Applies {}.", names.join(", "))
        }
    } else {
        inline(&session.tldr)
    };
    let _ = writeln!(w, "- **TL;DR**: {tldr}");
    if !decisions.is_empty() {
        let list: Vec<String> = decisions
            .iter()
            .map(|d| {
                format!(
                    "[ADR-{:04}]({}) {} ({})",
                    d.number,
                    super::decided::path(kb, d).replace(' ', "%20"),
                    inline(&d.title),
                    super::decided::effective_status(d, decisions).as_str()
                )
            })
            .collect();
        let _ = writeln!(w, "- **Decisions**: {}", list.join("; "));
    }
    let removed = if a.removed.is_empty() {
        String::new()
    } else {
        format!(", {} removed by the design", a.removed.len())
    };
    let _ = writeln!(
        w,
        "- **Readiness tier**: {} ({} risk(s) remain{removed}, {} open TBD(s))",
        inline(&a.tier.statement()),
        a.findings.len(),
        a.tbds.len()
    );
    let _ = writeln!(w);
}

/// The problem the design answers: what today's system does wrong (the findings the
/// design removes), else the review's findings, else the goals; `<TBD>` when none.
fn problem(kb: &KnowledgeBase, session: &Session, a: &Assessment) -> String {
    if !session.problem.trim().is_empty() {
        return inline(session.problem.trim());
    }
    if !a.removed.is_empty() {
        let today: Vec<String> = a
            .removed
            .iter()
            .map(|r| {
                format!(
                    "{} ({}: {})",
                    r.finding.antipattern.name,
                    r.finding.antipattern.severity.as_str(),
                    witness_text(kb, &r.finding.triggered_by)
                )
            })
            .collect();
        return inline(&format!("Today the system has {}.", today.join("; ")));
    }
    if session.mode == crate::session::Mode::Review && !a.findings.is_empty() {
        let names: Vec<&str> = a
            .findings
            .iter()
            .map(|f| f.antipattern.name.as_str())
            .collect();
        return inline(&format!("The review finds: {}.", names.join("; ")));
    }
    if !session.goals.is_empty() {
        return inline(&format!(
            "The system must meet these goals: {}.",
            session
                .goals
                .iter()
                .map(|g| g.trim().trim_end_matches('.'))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    "`<TBD: the problem this design solves>`".to_string()
}

fn goals(w: &mut String, session: &Session) {
    let _ = writeln!(w, "## Goals and non-goals\n");
    let list = |w: &mut String, title: &str, items: &[String]| {
        let _ = writeln!(w, "### {title}\n");
        if items.is_empty() {
            let _ = writeln!(w, "- `<TBD>`");
        }
        for g in items {
            let _ = writeln!(w, "- {}", inline(g));
        }
        let _ = writeln!(w);
    };
    list(w, "Goals", &session.goals);
    list(w, "Non-goals", &session.non_goals);
}

fn answers_table(
    w: &mut String,
    kb: &KnowledgeBase,
    session: &Session,
    step: Step,
    only_answered: bool,
) {
    let mut rows = Vec::new();
    for qn in kb.questionnaires_for(step) {
        for q in &qn.question {
            let (answer, note) = answer_text(kb, session, q.id.get_ref());
            if only_answered && answer.starts_with("<TBD") {
                continue;
            }
            rows.push(format!(
                "| {} | {} | {} |",
                cell(q.label()),
                answer_cell(&answer),
                cell(&note)
            ));
        }
    }
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(w, "| Question | Answer | Note |\n| --- | --- | --- |");
    for r in rows {
        let _ = writeln!(w, "{r}");
    }
    let _ = writeln!(w);
}

fn requirements(w: &mut String, kb: &KnowledgeBase, session: &Session, a: &Assessment) {
    let _ = writeln!(w, "## Requirements and SLOs\n");
    if a.threshold.below {
        let _ = writeln!(
            w,
            "**Below the threshold.** {}\n",
            inline(&kb.threshold.message)
        );
        let _ = writeln!(w, "{}\n", inline(&kb.threshold.simple_design));
    }
    slos(w, session);
    let _ = writeln!(w, "### Data requirements\n");
    let reqs: Vec<_> = kb
        .questionnaires_for(Step::Requirements)
        .filter(|q| q.short_path)
        .collect();
    let mut rows = Vec::new();
    for qn in &reqs {
        for q in &qn.question {
            if qn.step == Step::Requirements {
                let (answer, note) = answer_text(kb, session, q.id.get_ref());
                rows.push(format!(
                    "| {} | {} | {} |",
                    cell(q.label()),
                    answer_cell(&answer),
                    cell(&note)
                ));
            }
        }
    }
    let _ = writeln!(w, "| Dimension | Answer | Note |\n| --- | --- | --- |");
    for r in rows {
        let _ = writeln!(w, "{r}");
    }
    let _ = writeln!(w);
    let practices: Vec<_> = kb
        .questionnaires_for(Step::Requirements)
        .filter(|q| !q.short_path)
        .collect();
    if practices.iter().any(|qn| {
        qn.question.iter().any(|q| {
            session
                .answer(q.id.get_ref())
                .is_some_and(|a| a.is_answered())
        })
    }) {
        let _ = writeln!(w, "### How data moves\n");
        let _ = writeln!(w, "| Practice | Answer | Note |\n| --- | --- | --- |");
        for qn in practices {
            for q in &qn.question {
                let (answer, note) = answer_text(kb, session, q.id.get_ref());
                if !answer.starts_with("<TBD") {
                    let _ = writeln!(
                        w,
                        "| {} | {} | {} |",
                        cell(q.label()),
                        cell(&answer),
                        cell(&note)
                    );
                }
            }
        }
        let _ = writeln!(w);
    }
}

/// The service level objectives the session states: the service's, each target channel's
/// and each target flow's latency; a visible `<TBD>` when none is stated.
fn slos(w: &mut String, session: &Session) {
    let _ = writeln!(w, "### SLOs\n");
    let mut rows: Vec<[String; 2]> = Vec::new();
    if !session.service.slo.trim().is_empty() {
        rows.push(["Service".into(), cell(&session.service.slo)]);
    }
    for c in session.channels.iter().filter(|c| c.change.in_target()) {
        if !c.slo.trim().is_empty() {
            rows.push([format!("Channel `{}`", code(&c.name)), cell(&c.slo)]);
        }
    }
    for f in session.flows.iter().filter(|f| f.change.in_target()) {
        if !f.latency.trim().is_empty() {
            rows.push([
                format!("Flow {}", cell(&flow_name(f))),
                cell(&format!("latency: {}", f.latency)),
            ]);
        }
    }
    if rows.is_empty() {
        let _ = writeln!(
            w,
            "- `<TBD: SLO>`: no service, channel or flow objective is recorded yet.\n"
        );
        return;
    }
    let _ = writeln!(w, "| Scope | Objective |\n| --- | --- |");
    for [scope, objective] in rows {
        let _ = writeln!(w, "| {scope} | {objective} |");
    }
    let _ = writeln!(w);
}

/// What the data requirements imply, principle by principle: knowledge applied to the
/// answers, after the design's own sections.
fn implications(w: &mut String, kb: &KnowledgeBase, a: &Assessment) {
    let _ = writeln!(w, "## What the requirements imply\n");
    if a.advice.is_empty() {
        let _ = writeln!(w, "No advice yet: answer the data requirements.\n");
        return;
    }
    for adv in &a.advice {
        let because = witness_text(kb, &adv.because);
        let because = if because.is_empty() {
            String::new()
        } else {
            format!(" _(because: {})_", inline(&because))
        };
        let _ = writeln!(
            w,
            "- **{}**: {}{because}",
            inline(&adv.principle.title),
            inline(adv.text)
        );
    }
    let _ = writeln!(w);
}

/// A name inside a code span: backticks and line breaks removed.
fn code(name: &str) -> String {
    name.chars()
        .filter(|&c| c != '`' && c != '\n' && c != '\r' && c != '|')
        .collect()
}

/// "PostgreSQL catalog → Elasticsearch (product)".
fn flow_name(f: &Flow) -> String {
    let entity = if f.entity.trim().is_empty() {
        String::new()
    } else {
        format!(" ({})", f.entity.trim())
    };
    format!("{} → {}{entity}", f.from.trim(), f.to.trim())
}

fn patterns(w: &mut String, kb: &KnowledgeBase, session: &Session, a: &Assessment) {
    let stack = session_stack(session);
    let _ = writeln!(w, "## Patterns\n");
    if a.patterns.is_empty() {
        let _ = writeln!(
            w,
            "No pattern chosen yet: walk the decision graph and add a pattern bundle.\n"
        );
        return;
    }
    let _ = writeln!(
        w,
        "| Need | Pattern | Realisation | Why |\n| --- | --- | --- | --- |"
    );
    for r in &a.patterns {
        let mut why = Vec::new();
        for p in &r.provenance {
            match p {
                Provenance::Path {
                    nodes,
                    suggested_by,
                    suggested_by_today,
                    ..
                } => {
                    let start = nodes.iter().position(|n| n.problem.is_some()).unwrap_or(0);
                    let path: Vec<&str> = nodes[start..].iter().map(|n| n.title.as_str()).collect();
                    let mut s = format!("path: {}", path.join(" > "));
                    if session.mode == crate::session::Mode::Review {
                        s = format!("recommended by the review; {s}");
                    }
                    if !suggested_by.is_empty() {
                        s.push_str(&format!("; answers: {}", witness_text(kb, suggested_by)));
                    }
                    if !suggested_by_today.is_empty() {
                        s.push_str(&format!(
                            "; today: {}",
                            witness_text(kb, suggested_by_today)
                        ));
                    }
                    why.push(s);
                }
                Provenance::Threshold { because } => {
                    why.push(format!("threshold: {}", witness_text(kb, because)))
                }
                Provenance::InPlace => why.push("in place today, as the team states".into()),
            }
        }
        let mut realisation = realisation_line(r.pattern, &stack);
        let here: Vec<String> = session
            .channels
            .iter()
            .filter(|c| c.change.in_target())
            .filter(|c| c.patterns.iter().any(|p| p == r.pattern.id.get_ref()))
            .map(|c| {
                if c.ordering_key.trim().is_empty() {
                    c.name.trim().to_string()
                } else {
                    format!("{} (key {})", c.name.trim(), c.ordering_key.trim())
                }
            })
            .collect();
        if !here.is_empty() {
            realisation = format!("Here: on {}. {realisation}", here.join(", "));
        }
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} |",
            cell(&r.need),
            cell(&r.pattern.name),
            cell(&realisation),
            cell(&why.join(". "))
        );
    }
    let _ = writeln!(w);
}

fn decision_path(w: &mut String, kb: &KnowledgeBase, session: &Session) {
    let _ = writeln!(w, "## Decision path\n");
    if session.paths.is_empty() {
        let _ = writeln!(w, "No path through the decision graph taken yet.\n");
        return;
    }
    let _ = writeln!(w, "```mermaid\nflowchart TD");
    let mut declared = std::collections::BTreeSet::new();
    let mut edges = std::collections::BTreeSet::new();
    for path in &session.paths {
        for (i, id) in path.nodes.iter().enumerate() {
            let Some(node) = kb.node(id) else { continue };
            if declared.insert(id.clone()) {
                let shape = if node.is_leaf() {
                    ("([", "])")
                } else {
                    ("[", "]")
                };
                let _ = writeln!(
                    w,
                    "    {}{}\"{}\"{}",
                    mermaid_id(id),
                    shape.0,
                    mermaid_label(&node.title),
                    shape.1
                );
            }
            if i > 0 {
                let label = kb
                    .node(&path.nodes[i - 1])
                    .and_then(|p| p.option.iter().find(|o| o.to.get_ref() == id))
                    .map(|o| o.label.clone())
                    .unwrap_or_default();
                edges.insert((path.nodes[i - 1].clone(), id.clone(), label));
            }
        }
    }
    for (from, to, label) in &edges {
        let _ = writeln!(
            w,
            "    {} -->|\"{}\"| {}",
            mermaid_id(from),
            mermaid_label(label),
            mermaid_id(to)
        );
    }
    let _ = writeln!(w, "```\n");
}

pub(crate) fn mermaid_id(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

fn checklist(w: &mut String, kb: &KnowledgeBase, session: &Session, step: Step, title: &str) {
    let _ = writeln!(w, "## {title}\n");
    answers_table(w, kb, session, step, false);
}

fn antipatterns(w: &mut String, kb: &KnowledgeBase, a: &Assessment) {
    let _ = writeln!(w, "## Risks that remain\n");
    if a.findings.is_empty() {
        let _ = writeln!(
            w,
            "No anti-pattern detected in the target design from the answers given.\n"
        );
        return;
    }
    for (i, f) in a.findings.iter().enumerate() {
        let ap = f.antipattern;
        let _ = writeln!(
            w,
            "### {}. {} ({})\n",
            i + 1,
            inline(&ap.name),
            ap.severity.as_str()
        );
        let _ = writeln!(w, "- **What breaks**: {}", inline(first_sentence(&ap.why)));
        let _ = writeln!(
            w,
            "- **Found because**: {}",
            inline(&witness_text(kb, &f.triggered_by))
        );
        let fixes: Vec<&str> = f.fix.iter().map(|p| p.name.as_str()).collect();
        let _ = writeln!(
            w,
            "- **Fix**: {} (`design-advisor catalog {}`)\n",
            inline(&fixes.join(", ")),
            code(ap.id.get_ref())
        );
    }
}

/// The first sentence of a knowledge-base text: what breaks, without the catalogue's
/// whole paragraph (it is one `catalog` command away).
fn first_sentence(text: &str) -> &str {
    let t = text.trim();
    t.find(". ").map_or(t, |i| &t[..=i])
}

/// What the design removes: findings on today's system the target no longer shows, each
/// with the target answers or flows that remove it. They do not cap the tier.
fn removed(w: &mut String, kb: &KnowledgeBase, a: &Assessment) {
    if a.removed.is_empty() {
        return;
    }
    let _ = writeln!(w, "## What the design removes\n");
    for r in &a.removed {
        let ap = r.finding.antipattern;
        let by = if r.removed_by.is_empty() {
            "`<TBD: the answer that removes it>`".to_string()
        } else {
            inline(&witness_text(kb, &r.removed_by))
        };
        let _ = writeln!(
            w,
            "- **{}** ({}, today): {}. Removed by: {by}.",
            inline(&ap.name),
            ap.severity.as_str(),
            inline(&witness_text(kb, &r.finding.triggered_by))
        );
    }
    let _ = writeln!(w);
}

fn tier(w: &mut String, a: &Assessment) {
    let t = &a.tier;
    let _ = writeln!(w, "## Readiness tier\n");
    let _ = writeln!(w, "**{}**\n", inline(&t.headline()));
    if t.below_threshold && !t.gate_met {
        return;
    }
    for u in &t.unticked {
        let _ = writeln!(
            w,
            "- Not counted: \"{}\" was ticked, but {}.",
            inline(&u.item.text),
            inline(&u.reason)
        );
    }
    if !t.unticked.is_empty() {
        let _ = writeln!(w);
    }
    if !t.caps.is_empty() {
        let _ = writeln!(w, "Capped by:\n");
        for c in &t.caps {
            let _ = writeln!(w, "- at most {}: {}", c.max.name, inline(&c.reason));
        }
        let _ = writeln!(w);
    }
    let _ = writeln!(w, "Gate evidence met:\n");
    if t.met.is_empty() {
        let _ = writeln!(w, "- (none yet)");
    }
    for e in &t.met {
        let _ = writeln!(w, "- [x] {}", inline(&e.text));
    }
    let _ = writeln!(w);
    if let Some(next) = t.next {
        if next.id == t.earned.id {
            let _ = writeln!(w, "The **{}** gate still needs:\n", next.name);
        } else {
            let _ = writeln!(w, "To reach **{}**, still needed:\n", next.name);
        }
        for e in &t.missing_for_next {
            let _ = writeln!(w, "- [ ] {}", inline(&e.text));
        }
        for c in &t.blocking_next {
            let _ = writeln!(w, "- [ ] clear the cap: {}", inline(&c.reason));
        }
        if t.missing_for_next.is_empty() && t.blocking_next.is_empty() {
            let _ = writeln!(w, "- nothing: record the evidence to claim it");
        }
        let _ = writeln!(w);
    }
}

fn alternatives(w: &mut String, a: &Assessment) {
    let _ = writeln!(w, "## Alternatives considered\n");
    if a.alternatives.is_empty() {
        let _ = writeln!(
            w,
            "None recorded: no branch of the decision graph was passed over.\n"
        );
        return;
    }
    // "Not sure: ..." is a way through the questionnaire, not an alternative design.
    for alt in a
        .alternatives
        .iter()
        .filter(|alt| !alt.option.label.trim_start().starts_with("Not sure"))
    {
        let _ = writeln!(
            w,
            "- At \"{}\": {} (not taken)",
            inline(&alt.at.title),
            inline(&alt.option.label)
        );
    }
    let _ = writeln!(w);
}

// ---------------------------------------------------------------------------
// The target architecture and the sections seed 004 asks of a design document
// ---------------------------------------------------------------------------

/// The node id of a store, channel or service in the data-flow drawing.
fn node(prefix: &str, name: &str) -> String {
    format!("{prefix}_{}", mermaid_id(name.trim()))
}

/// The channel a flow goes through, when its `via` names one of the session's channels.
fn flow_channel<'s>(session: &'s Session, f: &Flow) -> Option<&'s Channel> {
    session
        .channels
        .iter()
        .filter(|c| !c.name.trim().is_empty())
        .find(|c| f.via.contains(c.name.trim()))
}

fn edge_label(f: &Flow) -> String {
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
fn target_architecture(md: &mut Markdown, session: &Session) {
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
fn what_changes(md: &mut Markdown, session: &Session) {
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
fn proposed_architecture(md: &mut Markdown, session: &Session) {
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
fn boundary_contracts(md: &mut Markdown, kb: &KnowledgeBase, session: &Session) {
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
        let paths = super::paths::channel_paths(kb, c);
        let name = match paths.iter().find(|(k, _)| *k == "contract") {
            Some((_, p)) => format!("[`{}`]({})", code(&c.name), p.replace(' ', "%20")),
            None => format!("`{}`", code(&c.name)),
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
            "{name} ({}): owner {}; delivery {}; ordering key {}; retention {}; compatibility {compat}{}; DLQ {dlq}; PII class {}",
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

/// An open question: a decision still to be made, or a checklist question not answered.
pub(crate) struct OpenQuestion {
    pub id: String,
    pub text: String,
    pub owner: String,
    pub due: String,
    /// The rollout phase it blocks: 0 for the build, 1 for the last (going live).
    pub blocks_go_live: bool,
    /// The note left on a TBD, quoted under the table.
    pub note: Option<String>,
}

/// The decisions not made yet (Deferred, or no decision sentence) and the TBDs, numbered.
fn open_questions(
    kb: &KnowledgeBase,
    session: &Session,
    a: &Assessment,
    decisions: &[Decision],
) -> Vec<OpenQuestion> {
    let _ = session;
    let mut out = Vec::new();
    for d in decisions {
        let status = super::decided::effective_status(d, decisions);
        let undecided = status == AdrStatus::Deferred || d.decision.trim().is_empty();
        if !undecided {
            continue;
        }
        let question = super::decided::blocking_question(d);
        let what = if question.is_empty() {
            String::new()
        } else {
            format!(": {question}")
        };
        out.push(OpenQuestion {
            id: String::new(),
            text: format!(
                "Decide [ADR-{:04}]({}) {} ({}){}",
                d.number,
                super::decided::path(kb, d).replace(' ', "%20"),
                cell(&d.title),
                status.as_str(),
                cell(&what)
            ),
            owner: if d.decision_makers.is_empty() {
                "`<TBD>`".into()
            } else {
                cell(&d.decision_makers.join(", "))
            },
            due: d.due.map_or("`<TBD>`".into(), |d| d.to_string()),
            blocks_go_live: false,
            note: None,
        });
    }
    for t in &a.tbds {
        out.push(OpenQuestion {
            id: String::new(),
            text: format!(
                "{} ({}{}){}",
                cell(&t.question.prompt),
                cell(&t.questionnaire.title),
                if t.kind == TbdKind::Later {
                    ", left for later"
                } else {
                    ""
                },
                if t.note.is_some() {
                    " (see its note below)"
                } else {
                    ""
                }
            ),
            owner: t.owner.as_deref().map_or("`<TBD>`".to_string(), inline),
            due: t.due.map_or("`<TBD>`".to_string(), |d| d.to_string()),
            blocks_go_live: t.questionnaire.step == Step::Concerns,
            note: t.note.clone(),
        });
    }
    for (i, q) in out.iter_mut().enumerate() {
        q.id = format!("Q{}", i + 1);
    }
    out
}

/// The abort criterion of a phase: the stated SLO when it has a number, else a visible
/// `<TBD: criterion>`.
fn abort_criterion(session: &Session) -> String {
    let numeric = |s: &str| s.chars().any(|c| c.is_ascii_digit());
    let slo = std::iter::once(session.service.slo.as_str())
        .chain(
            session
                .channels
                .iter()
                .filter(|c| c.change.in_target())
                .map(|c| c.slo.as_str()),
        )
        .find(|s| numeric(s));
    match slo {
        Some(s) => format!(
            "the SLO \"{}\" is missed over a 10-minute window (a proposed default)",
            inline(s.trim())
        ),
        None => "`<TBD: criterion>`".to_string(),
    }
}

/// Rollout and rollback, in phases drawn from what the design adds and removes; each with
/// its numeric abort criterion (or a visible `<TBD: criterion>`) and the open questions it
/// waits for.
fn rollout(md: &mut Markdown, session: &Session, open: &[OpenQuestion]) {
    md.heading(2, "Rollout, migration and rollback");
    let added: Vec<String> = session
        .stores
        .iter()
        .filter(|s| s.change == Change::Added)
        .map(|s| inline(&s.name))
        .chain(
            session
                .flows
                .iter()
                .filter(|f| f.change == Change::Added)
                .map(|f| format!("{} by {}", inline(&flow_name(f)), f.mechanism.as_str())),
        )
        .chain(
            session
                .channels
                .iter()
                .filter(|c| c.change == Change::Added)
                .map(|c| format!("`{}`", code(&c.name))),
        )
        .collect();
    let removed: Vec<String> = session
        .flows
        .iter()
        .filter(|f| f.change == Change::Removed)
        .map(|f| format!("{} by {}", inline(&flow_name(f)), f.mechanism.as_str()))
        .chain(
            session
                .stores
                .iter()
                .filter(|s| s.change == Change::Removed)
                .map(|s| inline(&s.name)),
        )
        .chain(
            session
                .channels
                .iter()
                .filter(|c| c.change == Change::Removed)
                .map(|c| format!("`{}`", code(&c.name))),
        )
        .collect();
    let abort = abort_criterion(session);
    let blocked = |go_live: bool| -> String {
        let ids: Vec<String> = open
            .iter()
            .filter(|q| q.blocks_go_live == go_live)
            .map(|q| format!("[{}](#open-questions) (due {})", q.id, q.due))
            .collect();
        if ids.is_empty() {
            "no open question".to_string()
        } else {
            ids.join(", ")
        }
    };
    let build = if added.is_empty() {
        "Build the target design".to_string()
    } else {
        format!("Build {}", added.join(", "))
    };
    let mut phase = 0;
    let mut write =
        |md: &mut Markdown, title: &str, what: String, abort: &str, back: &str, go_live: bool| {
            phase += 1;
            md.heading(3, format_args!("Phase {phase}: {title}"));
            md.labelled("What", what);
            md.labelled("Abort when", abort);
            md.labelled("Rollback", back);
            md.labelled("Waits for", blocked(go_live));
            md.blank();
        };
    if removed.is_empty() {
        write(
            md,
            "build",
            format!("{build}, behind a flag or with no traffic."),
            &abort,
            "Turn the flag off; nothing depends on the new path yet.",
            false,
        );
        write(
            md,
            "progressive rollout",
            "Canary, then a growing share of traffic, then all of it.".to_string(),
            &abort,
            "Route traffic back to the previous version.",
            true,
        );
    } else {
        write(
            md,
            "build beside today's path",
            format!("{build}, while today's path keeps serving."),
            &abort,
            "Stop the new path; nothing reads it yet.",
            false,
        );
        write(
            md,
            "backfill, run in parallel and reconcile",
            "Backfill the target from a snapshot, run both paths and compare counts and checksums per entity."
                .to_string(),
            "the reconciliation mismatch exceeds `<TBD: criterion>`",
            "Keep serving from today's path; fix and backfill again.",
            false,
        );
        write(
            md,
            "cut over and remove today's path",
            format!("Remove {}.", removed.join(", ")),
            &abort,
            "Re-enable today's path, kept deployable until this phase ends.",
            true,
        );
    }
}

/// The tests that prove each chosen pattern, from the pattern's `verify` knowledge, and
/// the metric that shows it failing.
fn verification(md: &mut Markdown, kb: &KnowledgeBase, a: &Assessment) {
    let _ = kb;
    md.heading(2, "Tests and verification");
    if a.patterns.is_empty() {
        md.para("`<TBD: tests>`: no pattern is chosen yet.");
        return;
    }
    let mut seen = BTreeSet::new();
    for r in &a.patterns {
        if !seen.insert(r.pattern.id.get_ref().to_string()) {
            continue;
        }
        let tests = if r.pattern.verify.is_empty() {
            "`<TBD: the test that proves it>`".to_string()
        } else {
            format!(
                "{}.",
                inline(r.pattern.verify.join("; ").trim_end_matches('.'))
            )
        };
        let watch = if r.pattern.metrics.is_empty() {
            String::new()
        } else {
            let m: Vec<String> = r
                .pattern
                .metrics
                .iter()
                .take(2)
                .map(|m| format!("{} ({})", m.name, m.threshold))
                .collect();
            format!(" Watch: {}.", inline(&m.join("; ")))
        };
        md.bullet(format_args!(
            "**{}**: {tests}{watch}",
            inline(&r.pattern.name)
        ));
    }
    md.blank();
}

/// Open questions (each linked from the rollout phase it blocks) and decisions needed.
fn open_section(md: &mut Markdown, kb: &KnowledgeBase, open: &[OpenQuestion]) {
    let _ = kb;
    md.heading(2, "Risks, open questions and decisions needed");
    md.para("The risks are listed at the top, under Risks that remain.");
    md.heading(3, "Open questions");
    if open.is_empty() {
        md.para("None.");
        return;
    }
    md.table(&["Id", "Question", "Owner", "Due", "Blocks"]);
    for q in open {
        md.row(&[
            q.id.clone(),
            q.text.clone(),
            q.owner.clone(),
            q.due.clone(),
            if q.blocks_go_live {
                "going live".to_string()
            } else {
                "the build".to_string()
            },
        ]);
    }
    md.blank();
    for q in open {
        if let Some(note) = &q.note {
            md.para(format_args!("Note on {}:", q.id));
            md.para(quote_block(note));
        }
    }
}
