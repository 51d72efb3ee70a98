//! design.md: the design document derived from a session and its assessment.

mod architecture;
mod findings;
mod requirements;
mod rollout;

use architecture::*;
use findings::*;
use requirements::*;
use rollout::*;

use super::escape::{cell, inline, mermaid_label, quote_block};
use super::markdown::Markdown;
use crate::engine::{Assessment, Provenance, TbdKind, realisation_line, session_stack};
use crate::kb::{KnowledgeBase, Step};
use crate::session::{AdrStatus, Change, Channel, Decision, Flow, Session, StoreRole};
use std::collections::BTreeSet;

/// Renders design.md. `related` lists the paths (relative to the feature folder) of the
/// feature's other artifacts that exist on disk; the rest are listed at their
/// conventional paths. The output depends on nothing else, so it is byte-for-byte stable.
///
/// The first screen is what a reviewer reads first: the problem, the decision, the target
/// data flow (today's removed flows drawn apart), the risks that remain and what the design
/// removes. Seed 004's sections follow, filled from the session; the answers tables, the
/// advice drawn from the requirements and the decision path come last.
pub fn render(kb: &KnowledgeBase, session: &Session, a: &Assessment, related: &[String]) -> String {
    let decisions = crate::export::decided::decisions(kb, session);
    let open = open_questions(kb, session, a, &decisions);
    let mut md = Markdown::with_capacity(16 * 1024);
    md.heading(1, format_args!("{} design", inline(&session.feature)));

    // Below the threshold the simple design is the answer: the sections of a full design
    // (architecture, contracts, rollout, verification) would cost more than they save.
    let full = !a.threshold.below;
    summary(&mut md, kb, session, a, &decisions);
    if full || !session.stores.is_empty() || !session.flows.is_empty() {
        target_architecture(&mut md, session);
    }
    antipatterns(&mut md, kb, a);
    removed(&mut md, kb, a);
    md.concerns(kb, session);
    goals(&mut md, session);
    requirements(&mut md, kb, session, a);
    if full {
        proposed_architecture(&mut md, session);
    }
    patterns(&mut md, kb, session, a);
    if full {
        boundary_contracts(&mut md, kb, session, related);
        rollout(&mut md, session, &open);
        verification(&mut md, kb, a);
    }
    open_section(&mut md, kb, &open);
    tier(&mut md, a);
    checklist(
        &mut md,
        kb,
        session,
        Step::Reliability,
        "Reliability checklist",
    );
    checklist(
        &mut md,
        kb,
        session,
        Step::Distributed,
        "Distributed-systems checklist",
    );
    implications(&mut md, kb, a);
    alternatives(&mut md, a, session);
    decision_path(&mut md, kb, session);
    related_artifacts(md.text(), kb, related, "design.md");
    md.finish()
}

pub(crate) use super::blocks::{answer_cell, answer_text, related_artifacts, tbd_marker};

/// The answers behind a finding, in words (the engine's, shared by every document).
pub(crate) use crate::engine::witness_text;

fn summary(
    md: &mut Markdown,
    kb: &KnowledgeBase,
    session: &Session,
    a: &Assessment,
    decisions: &[Decision],
) {
    md.heading(2, "Summary");
    md.bullet(format_args!("**Status**: {}", session.status.as_str()));
    md.bullet(format_args!("**Date**: {}", session.date));
    md.bullet(format_args!("**Problem**: {}", problem(session, a)));
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
    md.bullet(format_args!("**TL;DR**: {tldr}"));
    if !decisions.is_empty() {
        let index = crate::export::supersessions::Supersessions::of(decisions);
        let list: Vec<String> = decisions
            .iter()
            .map(|d| {
                format!(
                    "[ADR-{:04}]({}) {} ({})",
                    d.number,
                    crate::export::decided::path(kb, d).replace(' ', "%20"),
                    inline(&d.title),
                    index.effective_status(d).as_str()
                )
            })
            .collect();
        md.bullet(format_args!("**Decisions**: {}", list.join("; ")));
    }
    // One short sentence; the tier's evidence, caps and next items are in its section.
    md.bullet(format_args!(
        "**Readiness tier**: {} [Why, and what lifts it](#readiness-tier).",
        inline(&a.tier.short())
    ));
    md.blank();
}

/// The problem the design answers: what today's system does wrong (the findings the
/// design removes), else the review's findings, else the goals; `<TBD>` when none.
fn problem(session: &Session, a: &Assessment) -> String {
    if !session.problem.trim().is_empty() {
        return inline(session.problem.trim());
    }
    if !a.removed.is_empty() {
        // The names only: the answers that show each are in the section it links.
        let today: Vec<String> = a
            .removed
            .iter()
            .map(|r| {
                format!(
                    "{} ({})",
                    r.finding.antipattern.name,
                    r.finding.antipattern.severity.as_str()
                )
            })
            .collect();
        return format!(
            "{} [What the design removes](#what-the-design-removes).",
            inline(&format!("Today's system has: {}.", today.join("; ")))
        );
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

fn goals(md: &mut Markdown, session: &Session) {
    md.heading(2, "Goals and non-goals");
    let list = |md: &mut Markdown, title: &str, items: &[String]| {
        md.heading(3, title);
        if items.is_empty() {
            md.bullet("`<TBD>`");
        }
        for g in items {
            md.bullet(format_args!("{}", inline(g)));
        }
        md.blank();
    };
    list(md, "Goals", &session.goals);
    list(md, "Non-goals", &session.non_goals);
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

pub(crate) fn mermaid_id(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// The first sentence of a knowledge-base text: what breaks, without the catalogue's
/// whole paragraph (it is one `catalog` command away).
fn first_sentence(text: &str) -> &str {
    let t = text.trim();
    t.find(". ").map_or(t, |i| &t[..=i])
}
