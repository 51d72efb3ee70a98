//! design.md's answers: requirements and SLOs, what they imply, the patterns chosen with
//! where this system applies them, the decision path and the checklists.

use super::*;

pub(super) fn answers_table(
    md: &mut Markdown,
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
    md.line("| Question | Answer | Note |\n| --- | --- | --- |");
    for r in rows {
        md.line(format_args!("{r}"));
    }
    md.blank();
}

pub(super) fn requirements(
    md: &mut Markdown,
    kb: &KnowledgeBase,
    session: &Session,
    a: &Assessment,
) {
    md.heading(2, "Requirements and SLOs");
    if a.threshold.below {
        md.para(format_args!(
            "**Below the threshold.** {}",
            inline(&kb.threshold.message)
        ));
        md.para(format_args!("{}", inline(&kb.threshold.simple_design)));
    }
    slos(md, session);
    md.heading(3, "Data requirements");
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
    md.line("| Dimension | Answer | Note |\n| --- | --- | --- |");
    for r in rows {
        md.line(format_args!("{r}"));
    }
    md.blank();
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
        md.heading(3, "How data moves");
        md.line("| Practice | Answer | Note |\n| --- | --- | --- |");
        for qn in practices {
            for q in &qn.question {
                let (answer, note) = answer_text(kb, session, q.id.get_ref());
                if !answer.starts_with("<TBD") {
                    md.line(format_args!(
                        "| {} | {} | {} |",
                        cell(q.label()),
                        cell(&answer),
                        cell(&note)
                    ));
                }
            }
        }
        md.blank();
    }
}

/// The service level objectives the session states: the service's, each target channel's
/// and each target flow's latency; a visible `<TBD>` when none is stated.
pub(super) fn slos(md: &mut Markdown, session: &Session) {
    md.heading(3, "SLOs");
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
        md.para("- `<TBD: SLO>`: no service, channel or flow objective is recorded yet.");
        return;
    }
    md.line("| Scope | Objective |\n| --- | --- |");
    for [scope, objective] in rows {
        md.line(format_args!("| {scope} | {objective} |"));
    }
    md.blank();
}

/// What the data requirements imply, principle by principle: knowledge applied to the
/// answers, after the design's own sections.
pub(super) fn implications(md: &mut Markdown, kb: &KnowledgeBase, a: &Assessment) {
    md.heading(2, "What the requirements imply");
    if a.advice.is_empty() {
        md.para("No advice yet: answer the data requirements.");
        return;
    }
    // One bullet per principle: two answers may each call for advice under the same
    // principle (idempotent retries, idempotent workflow steps); they become sub-bullets
    // instead of two bullets with the same heading.
    let mut titles: Vec<&str> = Vec::new();
    for adv in &a.advice {
        if !titles.contains(&adv.principle.title.as_str()) {
            titles.push(&adv.principle.title);
        }
    }
    for title in titles {
        let items: Vec<String> = a
            .advice
            .iter()
            .filter(|adv| adv.principle.title == title)
            .map(|adv| {
                let because = witness_text(kb, &adv.because);
                if because.is_empty() {
                    inline(adv.text)
                } else {
                    format!("{} _(because: {})_", inline(adv.text), inline(&because))
                }
            })
            .collect();
        match items.as_slice() {
            [one] => {
                md.bullet(format_args!("**{}**: {one}", inline(title)));
            }
            many => {
                md.bullet(format_args!("**{}**:", inline(title)));
                for item in many {
                    md.nested(1, item);
                }
            }
        }
    }
    md.blank();
}

pub(super) fn patterns(md: &mut Markdown, kb: &KnowledgeBase, session: &Session, a: &Assessment) {
    let stack = session_stack(session);
    md.heading(2, "Patterns");
    if a.patterns.is_empty() {
        md.para("No pattern chosen yet: walk the decision graph and add a pattern bundle.");
        return;
    }
    md.line("| Need | Pattern | Realisation | Why |\n| --- | --- | --- | --- |");
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
        md.line(format_args!(
            "| {} | {} | {} | {} |",
            cell(&r.need),
            cell(&r.pattern.name),
            cell(&realisation),
            cell(&why.join(". "))
        ));
    }
    md.blank();
}

pub(super) fn decision_path(md: &mut Markdown, kb: &KnowledgeBase, session: &Session) {
    md.heading(2, "Decision path");
    if session.paths.is_empty() {
        md.para("No path through the decision graph taken yet.");
        return;
    }
    md.line("```mermaid\nflowchart TD");
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
                md.line(format_args!(
                    "    {}{}\"{}\"{}",
                    mermaid_id(id),
                    shape.0,
                    mermaid_label(&node.title),
                    shape.1
                ));
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
        md.line(format_args!(
            "    {} -->|\"{}\"| {}",
            mermaid_id(from),
            mermaid_label(label),
            mermaid_id(to)
        ));
    }
    md.para("```");
}

pub(super) fn checklist(
    md: &mut Markdown,
    kb: &KnowledgeBase,
    session: &Session,
    step: Step,
    title: &str,
) {
    md.heading(2, title);
    answers_table(md, kb, session, step, false);
}
