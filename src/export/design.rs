//! design.md: the design document derived from a session and its assessment.

use super::escape::{cell, inline, mermaid_label, quote_block};
use crate::engine::{Assessment, Provenance, TbdKind, realisation_line, session_stack};
use crate::kb::{KnowledgeBase, Step};
use crate::session::Session;
use std::fmt::Write;

/// Renders design.md. `related` lists the paths (relative to the feature folder) of the
/// feature's other artifacts that exist on disk; the rest are listed at their
/// conventional paths. The output depends on nothing else, so it is byte-for-byte stable.
pub fn render(kb: &KnowledgeBase, session: &Session, a: &Assessment, related: &[String]) -> String {
    let mut d = String::with_capacity(16 * 1024);
    let w = &mut d;
    let _ = writeln!(w, "# {} design\n", inline(&session.feature));

    summary(w, session, a);
    concerns(w, kb, session);
    goals(w, session);
    requirements(w, kb, session, a);
    patterns(w, kb, session, a);
    decision_path(w, kb, session);
    checklist(w, kb, session, Step::Reliability, "Reliability checklist");
    checklist(
        w,
        kb,
        session,
        Step::Distributed,
        "Distributed-systems checklist",
    );
    antipatterns(w, kb, a);
    removed(w, kb, a);
    tier(w, a);
    tbds(w, a);
    alternatives(w, a);
    related_artifacts(w, kb, related, "design.md");
    d
}

/// The answers behind a finding, in words (the engine's, shared by every document).
pub(crate) use crate::engine::witness_text;

fn summary(w: &mut String, session: &Session, a: &Assessment) {
    let _ = writeln!(w, "## Summary\n");
    let _ = writeln!(w, "- **Status**: {}", session.status.as_str());
    let _ = writeln!(w, "- **Date**: {}", session.date);
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
            "<TBD: one or two sentences on what this design does>".to_string()
        } else {
            format!("Applies {}.", names.join(", "))
        }
    } else {
        inline(&session.tldr)
    };
    let _ = writeln!(w, "- **TL;DR**: {tldr}");
    let removed = if a.removed.is_empty() {
        String::new()
    } else {
        format!(", {} removed by the design", a.removed.len())
    };
    let _ = writeln!(
        w,
        "- **Readiness tier**: {} ({} risk(s) remain{removed}, {} open TBD(s))\n",
        a.tier.earned_name(),
        a.findings.len(),
        a.tbds.len()
    );
}

pub(crate) fn answer_text(kb: &KnowledgeBase, session: &Session, qid: &str) -> (String, String) {
    let (Some(q), answer) = (kb.question(qid), session.answer(qid)) else {
        return ("<TBD>".into(), String::new());
    };
    if let Some(pre) = crate::engine::prefilled_answer(kb, session, qid) {
        return pre;
    }
    let labels = |cs: &[String]| {
        cs.iter()
            .map(|c| q.choice(c).map_or(c.as_str(), |c| c.label.as_str()))
            .collect::<Vec<&str>>()
            .join(", ")
    };
    match answer {
        Some(ans) if ans.is_answered() && ans.changes() => (
            format!("{} (today: {})", labels(&ans.choices), labels(&ans.today)),
            ans.note.clone(),
        ),
        Some(ans) if ans.is_answered() => (labels(&ans.choices), ans.note.clone()),
        Some(ans) if ans.not_applicable && q.may_not_apply => {
            ("Does not apply".into(), ans.note.clone())
        }
        Some(ans) if ans.tbd => {
            let mut t = "<TBD>".to_string();
            if !ans.owner.trim().is_empty() {
                t = format!("<TBD: {}>", ans.owner.trim());
            }
            (t, ans.note.clone())
        }
        Some(ans) => ("<TBD>".into(), ans.note.clone()),
        None => ("<TBD>".into(), String::new()),
    }
}

/// An answer for a table cell: a `<TBD>` marker as a code span, anything else escaped.
pub(crate) fn answer_cell(answer: &str) -> String {
    if answer.starts_with("<TBD") {
        tbd_marker(answer)
    } else {
        cell(answer)
    }
}

/// `<TBD>` or `<TBD: owner>` as a code span; the owner is user text, so it is cleaned.
pub(crate) fn tbd_marker(marker: &str) -> String {
    let clean: String = inline(marker)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .chars()
        .filter(|&c| c != '`' && c != '\\')
        .collect();
    format!("`{}`", clean.replace('|', "/"))
}

pub(crate) fn concerns(w: &mut String, kb: &KnowledgeBase, session: &Session) {
    let _ = writeln!(w, "## System concerns\n");
    for qn in kb.questionnaires_for(Step::Concerns) {
        for q in &qn.question {
            if qn.optional && session.answer(q.id.get_ref()).is_none() {
                continue;
            }
            let (answer, note) = answer_text(kb, session, q.id.get_ref());
            let answer = if answer.starts_with("<TBD") {
                tbd_marker(&answer)
            } else {
                inline(&answer)
            };
            let note = if note.trim().is_empty() {
                String::new()
            } else {
                format!(": {}", inline(&note))
            };
            let _ = writeln!(w, "- **{}**: {answer}{note}", inline(q.label()));
        }
    }
    let _ = writeln!(w);
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
    let _ = writeln!(w, "## Requirements\n");
    if a.threshold.below {
        let _ = writeln!(
            w,
            "**Below the threshold.** {}\n",
            inline(&kb.threshold.message)
        );
        let _ = writeln!(w, "{}\n", inline(&kb.threshold.simple_design));
    }
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
    let _ = writeln!(w, "### What the requirements imply\n");
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
        let realisation = realisation_line(r.pattern, &stack);
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
        let _ = writeln!(w, "- **Why it matters**: {}", inline(&ap.why));
        let _ = writeln!(
            w,
            "- **Found because**: {}",
            inline(&witness_text(kb, &f.triggered_by))
        );
        let fixes: Vec<&str> = f.fix.iter().map(|p| p.name.as_str()).collect();
        let _ = writeln!(
            w,
            "- **Fix**: {}. {}\n",
            inline(&fixes.join(", ")),
            inline(&ap.fix_text)
        );
    }
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

fn tbds(w: &mut String, a: &Assessment) {
    let _ = writeln!(w, "## Open TBDs\n");
    if a.tbds.is_empty() {
        let _ = writeln!(w, "None.\n");
        return;
    }
    let _ = writeln!(
        w,
        "| Question | Checklist | State | Owner | Due |\n| --- | --- | --- | --- | --- |"
    );
    for t in &a.tbds {
        let state = match t.kind {
            TbdKind::Unanswered => "unanswered",
            TbdKind::Later => "later",
        };
        let owner = t.owner.as_deref().map_or("`<TBD>`".to_string(), cell);
        let due = t.due.map_or("`<TBD>`".to_string(), |d| d.to_string());
        let _ = writeln!(
            w,
            "| {} | {} | {state} | {owner} | {due} |",
            cell(&t.question.prompt),
            cell(&t.questionnaire.title)
        );
    }
    let _ = writeln!(w);
    let notes: Vec<_> = a
        .tbds
        .iter()
        .filter_map(|t| Some((t, t.note.as_ref()?)))
        .collect();
    for (t, note) in notes {
        let _ = writeln!(
            w,
            "Note on \"{}\":\n\n{}\n",
            inline(t.question.label()),
            quote_block(note)
        );
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
    for alt in &a.alternatives {
        let _ = writeln!(
            w,
            "- At \"{}\": {} (not taken)",
            inline(&alt.at.title),
            inline(&alt.option.label)
        );
    }
    let _ = writeln!(w);
}

/// The Related artifacts block of the document at `own`; see `related::related_artifacts`.
pub(crate) fn related_artifacts(w: &mut String, kb: &KnowledgeBase, related: &[String], own: &str) {
    super::related::related_artifacts(w, kb, related, own);
}

/// The Summary block every artifact starts with.
pub(crate) fn summary_block(w: &mut String, status: &str, date: &str, tldr: &str) {
    let _ = writeln!(w, "## Summary\n");
    let _ = writeln!(w, "- **Status**: {}", inline(status));
    let _ = writeln!(w, "- **Date**: {}", inline(date));
    let tldr = if tldr.trim().is_empty() {
        "`<TBD: one or two sentences>`".to_string()
    } else {
        inline(tldr)
    };
    let _ = writeln!(w, "- **TL;DR**: {tldr}\n");
}
