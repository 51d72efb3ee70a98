//! The depth a reviewer expects, checked over the merged knowledge base: every pattern the
//! decision graph, a fix list or the threshold recommends says when not to use it, how it
//! fails, what to watch and how to verify it, with its sources; every stack tag names a
//! technology of the stack vocabulary; every question's visibility rule resolves.

use super::Ctx;
use super::references::Lookup;
use crate::kb::model::*;
use crate::rules::{self, Reference};
use std::collections::HashSet;

/// What the depth pass reads; built by the validator after merging. Questions and
/// patterns are read through the `Lookup` the other passes share.
pub(super) struct Depth<'a> {
    pub stacks: &'a [StackTech],
    pub patterns: &'a [Pattern],
    pub antipatterns: &'a [AntiPattern],
    pub nodes: &'a [Node],
    pub threshold: Option<&'a Threshold>,
}

/// Runs the checks, reporting to `ctx`, and returns each question's parsed visibility
/// rule, in questionnaire order (the validator stores them once the lookup is done).
pub(super) fn check(ctx: &mut Ctx, lookup: &Lookup, d: Depth) -> Vec<Option<rules::Rule>> {
    let out = ctx;

    // The stack vocabulary.
    let mut known: HashSet<&str> = HashSet::new();
    for s in d.stacks {
        let key = format!("stack \"{}\"", s.id.get_ref());
        if !known.insert(s.id.get_ref()) {
            out.report(s.file, Some(s.id.span()), key, "duplicate stack id".into());
        } else if !s
            .id
            .get_ref()
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            out.report(
                s.file,
                Some(s.id.span()),
                key,
                "stack ids are lower-case letters, digits or '-'".into(),
            );
        }
    }
    let check_tags = |out: &mut Ctx, file: usize, at: &Id, key: String, tags: &[Text]| {
        for t in tags {
            if !known.contains(t.as_str()) {
                out.report(
                    file,
                    Some(at.span()),
                    key.clone(),
                    format!(
                        "unknown stack id \"{t}\" (add it to data/stack.toml or use a listed one)"
                    ),
                );
            }
        }
    };
    for p in d.patterns {
        for (i, r) in p.realisation.iter().enumerate() {
            let key = format!("pattern \"{}\".realisation[{i}].stack", p.id.get_ref());
            check_tags(out, p.file, &p.id, key, &r.stack);
        }
    }
    for n in d.nodes {
        for (tool, tags) in &n.tool_stack {
            let key = format!("node \"{}\".tool_stack \"{tool}\"", n.id.get_ref());
            if !n.tools.contains(tool) {
                out.report(
                    n.file,
                    Some(n.id.span()),
                    key.clone(),
                    format!("\"{tool}\" is not one of the node's tools"),
                );
            }
            check_tags(out, n.file, &n.id, key, tags);
        }
    }

    // Depth of every recommended pattern.
    let mut recommended: HashSet<&str> = HashSet::new();
    for n in d.nodes {
        recommended.extend(n.patterns.iter().map(|p| p.get_ref().as_str()));
    }
    for a in d.antipatterns {
        recommended.extend(a.fix.iter().map(|p| p.get_ref().as_str()));
    }
    if let Some(t) = d.threshold {
        recommended.extend(t.patterns.iter().map(|p| p.get_ref().as_str()));
    }
    // A user's pack (a later layer) may replace a pattern without this depth; the
    // built-in knowledge may not.
    for p in d
        .patterns
        .iter()
        .filter(|p| out.inputs[p.file].layer == 0 && recommended.contains(p.id.get_ref().as_str()))
    {
        let key = format!("pattern \"{}\"", p.id.get_ref());
        let mut missing = Vec::new();
        if p.avoid_when.iter().all(|s| s.trim().is_empty()) {
            missing.push("avoid_when (when not to use it)");
        }
        if p.failure_modes.is_empty() {
            missing.push("failure_modes (what breaks, how it shows)");
        }
        if p.metrics.is_empty() {
            missing.push("metrics (name and threshold)");
        }
        if p.verify.iter().all(|s| s.trim().is_empty()) {
            missing.push("verify (the test or fault injection that proves it)");
        }
        if p.source.is_empty() && p.references.is_empty() {
            missing.push("source or references");
        }
        if !missing.is_empty() {
            out.report(
                p.file,
                Some(p.id.span()),
                key.clone(),
                format!("a recommended pattern needs {}", missing.join(", ")),
            );
        }
        for (i, f) in p.failure_modes.iter().enumerate() {
            if f.breaks.trim().is_empty() || f.shows.trim().is_empty() {
                out.report(
                    p.file,
                    Some(p.id.span()),
                    format!("{key}.failure_modes[{i}]"),
                    "a failure mode needs both what breaks and how it shows".into(),
                );
            }
        }
        for (i, m) in p.metrics.iter().enumerate() {
            if m.name.trim().is_empty() || !has_number(&m.threshold) {
                out.report(
                    p.file,
                    Some(p.id.span()),
                    format!("{key}.metrics[{i}]"),
                    "a metric needs a name and a threshold with a number (\"zero\" and \"any\" count)"
                        .into(),
                );
            }
        }
    }

    // Question visibility rules and pre-fills.
    let mut parsed = Vec::new();
    for qn in lookup.questionnaires {
        for q in &qn.question {
            let key = format!(
                "questionnaire \"{}\".question \"{}\"",
                qn.id.get_ref(),
                q.id.get_ref()
            );
            if let Some(pre) = &q.prefill {
                let from = pre.from.get_ref();
                match lookup.question_index.get(from) {
                    None => out.report(
                        qn.file,
                        Some(pre.from.span()),
                        format!("{key}.prefill.from"),
                        format!("unknown question \"{from}\""),
                    ),
                    Some(&(a, b)) => {
                        let source = &lookup.questionnaires[a].question[b];
                        for (c, to) in &pre.choices {
                            if source.choice(c).is_none() {
                                out.report(
                                    qn.file,
                                    Some(pre.from.span()),
                                    format!("{key}.prefill.choices"),
                                    format!("question \"{from}\" has no choice \"{c}\""),
                                );
                            }
                            if q.choice(to).is_none() {
                                out.report(
                                    qn.file,
                                    Some(pre.from.span()),
                                    format!("{key}.prefill.choices"),
                                    format!("this question has no choice \"{to}\""),
                                );
                            }
                        }
                    }
                }
                if from == q.id.get_ref() {
                    out.report(
                        qn.file,
                        Some(pre.from.span()),
                        format!("{key}.prefill.from"),
                        "a question cannot be pre-filled from itself".into(),
                    );
                }
            }
            let Some(text) = &q.visible_when else {
                parsed.push(None);
                continue;
            };
            let rule = lookup.rule(out, qn.file, text, format!("{key}.visible_when"));
            if let Some(r) = &rule
                && r.references()
                    .iter()
                    .any(|x| matches!(x, Reference::Question(o) if *o == q.id.get_ref().as_str()))
            {
                out.report(
                    qn.file,
                    Some(text.span()),
                    format!("{key}.visible_when"),
                    "a question's visibility cannot depend on its own answer".into(),
                );
            }
            parsed.push(rule);
        }
    }
    parsed
}

/// A threshold names a number: digits, or "zero" / "any" (above zero).
fn has_number(threshold: &str) -> bool {
    threshold.chars().any(|c| c.is_ascii_digit())
        || threshold
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w.eq_ignore_ascii_case("zero") || w.eq_ignore_ascii_case("any"))
}
