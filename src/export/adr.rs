//! ADRs: docs/features/<slug>/adrs/NNNN-<title>.md, one per significant decision, in the
//! MADR layout (YAML front matter, context, drivers, options, outcome, consequences).
//!
//! The decisions are the session's own plus one proposed decision for every pattern bundle
//! added to the design for which the team asked for an ADR, when no recorded decision
//! covers it. The status shown
//! is derived, not copied: a decision that another one supersedes is shown as superseded,
//! and an "X, or Y if Z" decision without a committed choice, a trigger and an owner is
//! refused as proposed and shown as deferred, with the question that blocks it.

use super::ctx::Ctx;
use super::design::{answer_text, tbd_marker, witness_text};
use super::escape::inline;
use super::markdown::Markdown;
use super::registry::{File, Renderer};
use crate::engine::SessionFacts;
use crate::kb::{KnowledgeBase, Node, Step};
use crate::session::{AdrStatus, Decision, Session};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

pub use super::decided::*;

/// Inconsistent decision records: numbers used twice, links to numbers that do not
/// exist, and a `superseded_by` that the other decision does not confirm.
pub fn problems(session: &Session) -> Vec<String> {
    let ds = &session.decisions;
    let mut out = Vec::new();
    let mut by_number: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    for d in ds {
        by_number.entry(d.number).or_default().push(&d.title);
    }
    for (n, titles) in &by_number {
        if titles.len() > 1 {
            let quoted: Vec<String> = titles.iter().map(|t| format!("\"{t}\"")).collect();
            out.push(format!(
                "decisions: number {n:04} is used by {} decisions ({})",
                titles.len(),
                quoted.join(", ")
            ));
        }
    }
    for (i, d) in ds.iter().enumerate() {
        let at = format!("decisions[{i}] ({:04})", d.number);
        for s in &d.supersedes {
            if *s == d.number {
                out.push(format!(
                    "{at}.supersedes: a decision cannot supersede itself"
                ));
            } else if !by_number.contains_key(s) {
                out.push(format!("{at}.supersedes: no decision has number {s:04}"));
            }
        }
        if let Some(b) = d.superseded_by {
            if b == d.number {
                out.push(format!(
                    "{at}.superseded_by: a decision cannot supersede itself"
                ));
            } else if !by_number.contains_key(&b) {
                out.push(format!("{at}.superseded_by: no decision has number {b:04}"));
            } else if !ds
                .iter()
                .any(|o| o.number == b && o.supersedes.contains(&d.number))
            {
                out.push(format!(
                    "{at}.superseded_by: {b:04} does not list {:04} in its supersedes",
                    d.number
                ));
            }
        }
    }
    out
}

fn capitalised(status: AdrStatus) -> String {
    let s = status.as_str();
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A YAML double-quoted scalar for the front matter. Control characters, bidi controls
/// and Unicode noncharacters (U+FFFE, U+FFFF, ...: YAML parsers reject them raw) are
/// written as escapes, and so are `<`, `>` and `&`, so a name such as `<img src=x>` in
/// decision-makers never reaches a renderer as raw HTML; a YAML parser reads the same text.
fn yaml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.trim().chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' | '>' | '&' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if crate::text::sanitize::is_unsafe(c) => {
                if u32::from(c) > 0xFFFF {
                    let _ = write!(out, "\\U{:08x}", c as u32);
                } else {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn yaml_list(items: &[String]) -> String {
    let items: Vec<String> = items
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| yaml_str(s))
        .collect();
    format!("[{}]", items.join(", "))
}

/// "[ADR 0002: title](0002-title.md)" for a link from one ADR to a sibling, or the bare
/// number when no decision has it.
fn adr_link(kb: &KnowledgeBase, n: u32, all: &[Decision]) -> String {
    match all.iter().find(|d| d.number == n) {
        Some(d) => format!("[ADR {n:04}: {}]({})", inline(&d.title), file_name(kb, d)),
        None => format!("ADR {n:04} (no such decision)"),
    }
}

pub fn render(ctx: &Ctx, d: &Decision, all: &[Decision]) -> String {
    let kb = ctx.kb;
    let session = ctx.session;
    let status = ctx.supersessions.effective_status(d);
    let date = d.date.unwrap_or(session.date);
    let by = ctx.supersessions.superseded_by(d);
    let nodes: Vec<&Node> = d.path.iter().filter_map(|n| kb.node(n)).collect();
    let leaf = nodes.last().copied().filter(|n| n.is_leaf());

    let mut doc = Markdown::with_capacity(8 * 1024);
    let md = &mut doc;

    // Front matter (MADR).
    let status_yaml = match by.first() {
        Some(b) if status == AdrStatus::Superseded => format!("superseded by ADR-{b:04}"),
        _ => status.as_str().to_string(),
    };
    md.line("---");
    md.line(format_args!("status: {}", yaml_str(&status_yaml)));
    md.line(format_args!("date: {date}"));
    md.line(format_args!(
        "decision-makers: {}",
        yaml_list(&d.decision_makers)
    ));
    md.line(format_args!("consulted: {}", yaml_list(&d.consulted)));
    md.line(format_args!("informed: {}", yaml_list(&d.informed)));
    md.para("---");
    md.heading(1, format_args!("{:04}. {}", d.number, inline(&d.title)));

    // Summary.
    let tldr = match status {
        AdrStatus::Deferred => format!(
            "Deferred until this is answered{}: {}",
            d.due.map_or(String::new(), |due| format!(" (due {due})")),
            blocking_question(d)
        ),
        AdrStatus::Superseded => format!(
            "Superseded by {}. It decided: {}",
            by.iter()
                .map(|n| format!("ADR {n:04}"))
                .collect::<Vec<_>>()
                .join(", "),
            committed_text(d)
        ),
        _ => committed_text(d),
    };
    md.summary(&capitalised(status), &date.to_string(), &tldr);
    if !d.supersedes.is_empty() {
        let links: Vec<String> = d
            .supersedes
            .iter()
            .map(|n| adr_link(ctx.kb, *n, all))
            .collect();
        md.para(format_args!("Supersedes {}.", links.join(", ")));
    }
    if !by.is_empty() {
        let links: Vec<String> = by.iter().map(|n| adr_link(ctx.kb, *n, all)).collect();
        md.para(format_args!("Superseded by {}.", links.join(", ")));
    }

    md.concerns_ref(kb, &path(kb, d), None);
    context(md, ctx, d, &nodes);
    drivers(md, ctx, d, &nodes, leaf);
    options(md, d, &nodes, leaf);
    outcome(md, ctx, d, status, leaf);
    consequences(md, kb, leaf, &dropped(ctx, d));
    md.related(ctx, &path(ctx.kb, d));
    doc.finish()
}

/// The committed choice in one line (never empty).
fn committed_text(d: &Decision) -> String {
    if d.decision.trim().is_empty() {
        "<TBD: the committed choice>".to_string()
    } else {
        d.decision.trim().to_string()
    }
}

fn context(md: &mut Markdown, ctx: &Ctx, d: &Decision, nodes: &[&Node]) {
    md.heading(2, "Context and problem statement");
    if nodes.is_empty() {
        md.line("This decision is not tied to a path through the decision graph.");
        if !ctx.session.tldr.trim().is_empty() {
            md.line(format_args!(
                "The design it belongs to: {}",
                inline(&ctx.session.tldr)
            ));
        }
        md.blank();
        return;
    }
    if let Some(n) = nodes.iter().rev().find(|n| n.problem.is_some()) {
        let problem = n.problem.as_deref().unwrap_or_default();
        md.line(format_args!(
            "**Problem**: {}.",
            inline(problem.trim_end_matches('.'))
        ));
        if !n.question.trim().is_empty() {
            md.line(format_args!(
                "The question at this point: {}",
                inline(&n.question)
            ));
        }
        md.blank();
    }
    // The root is the graph's opening question, not a step of the path.
    let trail: Vec<String> = nodes
        .iter()
        .filter(|n| !n.root)
        .map(|n| inline(&n.title))
        .collect();
    md.para(format_args!("Decision-graph path: {}.", trail.join(" → ")));
    if d.path.len() != nodes.len() {
        md.para(format_args!(
            "Some nodes of the recorded path are not in the knowledge base: {}.",
            inline(&d.path.join(" > "))
        ));
    }
}

fn bundle_ids(leaf: Option<&Node>) -> BTreeSet<&str> {
    leaf.map(|l| l.patterns.iter().map(|p| p.get_ref().as_str()).collect())
        .unwrap_or_default()
}

fn drivers(md: &mut Markdown, ctx: &Ctx, d: &Decision, nodes: &[&Node], leaf: Option<&Node>) {
    let kb = ctx.kb;
    md.heading(2, "Decision drivers");
    let mut any = false;
    // The team's own drivers first: what it wrote outweighs what the answers suggest.
    for driver in d.drivers.iter().filter(|x| !x.trim().is_empty()) {
        any = true;
        md.bullet(format_args!("{}", inline(driver)));
    }
    // The decision answers today's problem: the suggestion is read on today's system
    // first, then on the target.
    let facts = SessionFacts::new(kb, ctx.session);
    let today = SessionFacts::with_view(kb, ctx.session, crate::engine::View::Today);
    // The first step picks an area of the graph: it is shared by every decision in that
    // area and drives none of them in particular.
    for pair in nodes.windows(2).skip(1) {
        let Some(option) = pair[0].option.iter().find(|o| o.to == pair[1].id) else {
            continue;
        };
        if let Some(witness) = option
            .parsed_suggestion
            .as_ref()
            .and_then(|r| r.witness(&today).or_else(|| r.witness(&facts)))
        {
            any = true;
            let reason = if option.reason.trim().is_empty() {
                String::new()
            } else {
                format!(" {}", inline(&option.reason))
            };
            md.bullet(format_args!(
                "\"{}\" was suggested by the answers ({}).{reason}",
                inline(&option.label),
                inline(&witness_text(kb, &witness))
            ));
        }
    }
    for qn in kb
        .questionnaires_for(Step::Requirements)
        .filter(|q| q.short_path)
    {
        for q in &qn.question {
            let (answer, note) = answer_text(kb, ctx.session, q.id.get_ref());
            if answer.starts_with("<TBD") {
                continue;
            }
            any = true;
            let note = if note.trim().is_empty() {
                String::new()
            } else {
                format!(" ({})", inline(&note))
            };
            md.bullet(format_args!(
                "{}: {}{note}",
                inline(q.label()),
                inline(&answer)
            ));
        }
    }
    let bundle = bundle_ids(leaf);
    // A finding drives the decision whose patterns fix it; a decision recorded without a
    // path is not credited with every finding of the design.
    let fixed_here = |f: &crate::engine::AntiPatternFinding| {
        f.antipattern
            .fix
            .iter()
            .any(|p| bundle.contains(p.get_ref().as_str()))
    };
    for f in &ctx.assessment.findings {
        if !fixed_here(f) {
            continue;
        }
        any = true;
        md.bullet(format_args!(
            "Anti-pattern found: {} ({}), because {}.",
            inline(&f.antipattern.name),
            f.antipattern.severity.as_str(),
            inline(&witness_text(kb, &f.triggered_by))
        ));
    }
    for r in &ctx.assessment.removed {
        let f = &r.finding;
        if !fixed_here(f) {
            continue;
        }
        any = true;
        // The answers that show it and remove it are stated once, in design.md.
        md.bullet(format_args!(
            "Removes today's {} ({}): see [what the design removes]({}{}#what-the-design-removes).",
            inline(&f.antipattern.name),
            f.antipattern.severity.as_str(),
            "../".repeat(path(kb, d).matches('/').count()),
            super::registry::path(kb, "design", &[])
        ));
    }
    if !any {
        md.bullet("`<TBD: what drives this decision>`");
    }
    md.blank();
}

fn options(md: &mut Markdown, d: &Decision, nodes: &[&Node], leaf: Option<&Node>) {
    md.heading(2, "Considered options");
    // At a real decision (a node that names a problem) the option taken is the choice;
    // below a navigation menu (root, areas) the option names the problem instead, so the
    // choice is the bundle the path ends in.
    let chosen = match nodes {
        [.., from, to] if from.problem.is_some() => from
            .option
            .iter()
            .find(|o| o.to == to.id)
            .map(|o| o.label.clone()),
        [.., _, to] => Some(to.title.clone()),
        _ => None,
    };
    match chosen {
        Some(label) => {
            md.bullet(format_args!("{} (chosen)", inline(&label)));
        }
        None if d.decision.trim().is_empty() => {
            md.bullet("`<TBD: the committed choice>`");
        }
        None => {
            md.bullet(format_args!("{} (chosen)", inline(&d.decision)));
        }
    }
    if let Some(f) = &d.fallback {
        md.bullet(format_args!("{} (fallback)", inline(&f.option)));
    }
    for o in d.options.iter().filter(|o| !o.trim().is_empty()) {
        md.bullet(format_args!("{} (considered)", inline(o)));
    }
    // Branches passed over at real decisions: from the first node that names a problem
    // on; the root and area menus above it are navigation, not alternatives.
    let start = nodes
        .iter()
        .position(|n| n.problem.is_some())
        .unwrap_or(nodes.len());
    for pair in nodes[start..].windows(2) {
        // "Not sure: ..." is a way through the questionnaire, not an alternative design.
        for o in pair[0]
            .option
            .iter()
            .filter(|o| o.to != pair[1].id && !o.label.trim_start().starts_with("Not sure"))
        {
            md.bullet(format_args!(
                "{} (not taken at \"{}\")",
                inline(&o.label),
                inline(&pair[0].title)
            ));
        }
    }
    if let Some(leaf) = leaf {
        for a in &leaf.avoid {
            md.bullet(format_args!("{} (advised against)", inline(a)));
        }
    }
    md.blank();
}

/// The patterns the session dropped from this decision's bundle: a bundle is a proposal.
fn dropped<'a>(ctx: &'a Ctx, d: &Decision) -> Vec<&'a str> {
    ctx.session
        .paths
        .iter()
        .filter(|p| p.added && p.nodes == d.path)
        .flat_map(|p| p.dropped.iter().map(String::as_str))
        .collect()
}

fn outcome(md: &mut Markdown, ctx: &Ctx, d: &Decision, status: AdrStatus, leaf: Option<&Node>) {
    let kb = ctx.kb;
    md.heading(2, "Decision outcome");
    if status == AdrStatus::Deferred {
        md.para("**Deferred.** This decision is not committed yet, so it is not proposed.");
        md.bullet(format_args!(
            "**Blocking question**: {}",
            inline(&blocking_question(d))
        ));
        md.bullet(format_args!(
            "**Due**: {}",
            d.due.map_or("`<TBD>`".to_string(), |due| due.to_string())
        ));
        if let Some(f) = &d.fallback {
            let missing: Vec<&str> = [
                (d.decision.trim().is_empty(), "a committed choice"),
                (
                    f.trigger.trim().is_empty(),
                    "a trigger that says when the fallback takes over and how it is measured",
                ),
                (f.owner.trim().is_empty(), "an owner who makes that call"),
            ]
            .iter()
            .filter(|(m, _)| *m)
            .map(|(_, s)| *s)
            .collect();
            if !missing.is_empty() {
                md.bullet(format_args!("**Still missing**: {}", missing.join("; ")));
            }
            md.bullet(format_args!(
                "**On the table**: {}, or {}",
                inline(&committed_text(d)),
                inline(&f.option)
            ));
        }
        md.blank();
    } else {
        md.para(format_args!("{}", text_or_tbd(&committed_text(d))));
        if let Some(f) = &d.fallback {
            md.para(format_args!(
                "Fallback: {}, when {} (decided by {}).",
                inline(&f.option),
                inline(&f.trigger),
                inline(&f.owner)
            ));
        }
    }
    if let Some(leaf) = leaf {
        md.para(format_args!("Pattern bundle \"{}\":", inline(&leaf.title)));
        let dropped = dropped(ctx, d);
        let stack = crate::engine::session_stack(ctx.session);
        for p in leaf
            .patterns
            .iter()
            .filter(|p| !dropped.contains(&p.get_ref().as_str()))
            .filter_map(|p| kb.pattern(p.get_ref()))
        {
            let real = crate::engine::realisation_line(p, &stack);
            let real = if real.is_empty() {
                String::new()
            } else {
                format!(": {}", inline(&real))
            };
            md.bullet(format_args!("**{}**{real}", inline(&p.name)));
        }
        md.blank();
        if !leaf.tools.is_empty() {
            md.para(format_args!(
                "Tools to evaluate (a team choice): {}.",
                inline(&leaf.tools.join(", "))
            ));
        }
    }
}

fn text_or_tbd(text: &str) -> String {
    if text.starts_with("<TBD") {
        tbd_marker(text)
    } else {
        inline(text)
    }
}

/// A trade-off split into what it gives and what it costs: "X, but Y" gives X and costs
/// Y; one that opens as a benefit (data/selfcheck.toml's `benefit_leads`) only gives.
fn split_tradeoff<'t>(kb: &KnowledgeBase, t: &'t str) -> (Option<&'t str>, Option<&'t str>) {
    let t = t.trim().trim_end_matches('.');
    if let Some((good, bad)) = t.split_once(", but ") {
        return (Some(good.trim()), Some(bad.trim()));
    }
    let lower = t.to_lowercase();
    if kb
        .selfcheck
        .benefit_leads
        .iter()
        .any(|l| lower.starts_with(l.as_str()))
    {
        (Some(t), None)
    } else {
        (None, Some(t))
    }
}

/// "ranges need ..." -> "Ranges need ...".
fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Three to five consequences: what the leading patterns solve and the benefits their
/// trade-offs state (at most two), then the first cost of each pattern (at most three);
/// the full trade-offs are one `catalog` command away.
fn consequences(md: &mut Markdown, kb: &KnowledgeBase, leaf: Option<&Node>, dropped: &[&str]) {
    md.heading(3, "Consequences");
    let Some(leaf) = leaf else {
        md.para("- `<TBD: good and bad consequences>`");
        return;
    };
    let patterns: Vec<_> = leaf
        .patterns
        .iter()
        .filter(|p| !dropped.contains(&p.get_ref().as_str()))
        .filter_map(|p| kb.pattern(p.get_ref()))
        .collect();
    let mut good: Vec<String> = Vec::new();
    let mut bad: Vec<String> = Vec::new();
    if let Some(p) = patterns.first() {
        good.push(format!(
            "Good ({}), solves: {}",
            inline(&p.name),
            inline(p.solves.trim())
        ));
    }
    for p in &patterns {
        let mut cost_taken = false;
        for t in &p.tradeoffs {
            let (g, b) = split_tradeoff(kb, t);
            if let Some(g) = g
                && good.len() < 2
            {
                good.push(format!(
                    "Good ({}): {}.",
                    inline(&p.name),
                    inline(&upper_first(g))
                ));
            }
            if let Some(b) = b
                && !cost_taken
                && bad.len() < 3
            {
                bad.push(format!(
                    "Bad ({}): {}.",
                    inline(&p.name),
                    inline(&upper_first(b))
                ));
                cost_taken = true;
            }
        }
    }
    if good.len() < 2
        && let Some(p) = patterns.get(1)
    {
        good.push(format!(
            "Good ({}), solves: {}",
            inline(&p.name),
            inline(p.solves.trim())
        ));
    }
    for line in good.iter().chain(&bad) {
        md.bullet(format_args!("{line}"));
    }
    if !leaf.caveat.trim().is_empty() {
        md.bullet(format_args!("Caveat: {}", inline(&leaf.caveat)));
    }
    if !patterns.is_empty() {
        let ids: Vec<String> = patterns
            .iter()
            .map(|p| format!("`design-advisor catalog {}`", p.id.get_ref()))
            .collect();
        md.blank();
        md.line(format_args!(
            "Every trade-off of each pattern: {}.",
            ids.join(", ")
        ));
    }
    md.blank();
}

/// One ADR per decision (see `decisions`).
pub const RENDERER: Renderer = Renderer {
    files: |kb, session| {
        decisions(kb, session)
            .iter()
            .enumerate()
            .map(|(item, d)| File {
                kind: "adr",
                path: path(kb, d),
                item,
            })
            .collect()
    },
    render: |ctx, file| {
        let d = ctx.decisions.get(file.item)?;
        Some(render(ctx, d, &ctx.decisions))
    },
};
