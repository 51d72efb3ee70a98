//! The decisions a session records, as the ADRs and the design document show them: the
//! session's own plus one per pattern bundle added to the design for which the team asked
//! for an ADR, each with the status it shows (superseded, or deferred when not really
//! committed) and the question it waits for.

use crate::kb::{KnowledgeBase, Node};
use crate::session::{AdrStatus, Decision, Session};

/// The session's decisions, plus one per pattern bundle added to the design with an ADR
/// asked for (`GraphPath::adr`) that no recorded decision covers yet (numbered after the
/// highest number in use, in path order).
pub fn decisions(kb: &KnowledgeBase, session: &Session) -> Vec<Decision> {
    let mut out = session.decisions.clone();
    let mut next = out.iter().map(|d| d.number).max().unwrap_or(0) + 1;
    for path in session.paths.iter().filter(|p| p.added && p.adr) {
        let Some(leaf_id) = path.nodes.last() else {
            continue;
        };
        let Some(leaf) = kb.node(leaf_id).filter(|n| n.is_leaf()) else {
            continue;
        };
        if out.iter().any(|d| d.path.contains(leaf_id)) {
            continue;
        }
        let nodes: Vec<&Node> = path.nodes.iter().filter_map(|n| kb.node(n)).collect();
        // "Cross-service writes: cross-service writes through an outbox" says it twice.
        let title = match problem_of(&nodes).map(str::trim) {
            Some(problem)
                if !leaf
                    .title
                    .trim()
                    .to_lowercase()
                    .starts_with(&problem.to_lowercase()) =>
            {
                format!("{problem}: {}", lower_first(leaf.title.trim()))
            }
            _ => leaf.title.trim().to_string(),
        };
        // The patterns the session dropped from the bundle are not part of the decision.
        let names: Vec<&str> = leaf
            .patterns
            .iter()
            .filter(|p| !path.dropped.iter().any(|d| d == p.get_ref()))
            .filter_map(|p| kb.pattern(p.get_ref()))
            .map(|p| p.name.as_str())
            .collect();
        out.push(Decision {
            number: next,
            title,
            status: AdrStatus::Proposed,
            decision: bundle_decision(session, leaf, &names),
            path: path.nodes.clone(),
            ..Decision::default()
        });
        next += 1;
    }
    out
}

pub use super::registry::adr_path as path;

/// An ADR's file name, for links between ADRs in the same folder.
pub(crate) fn file_name(kb: &KnowledgeBase, d: &Decision) -> String {
    let path = path(kb, d);
    path.rsplit('/').next().unwrap_or(&path).to_string()
}

/// The problem named along a path: the one nearest the leaf.
pub(crate) fn problem_of<'a>(nodes: &[&'a Node]) -> Option<&'a str> {
    nodes.iter().rev().find_map(|n| n.problem.as_deref())
}

/// "Double-entry ledger" -> "double-entry ledger", but "CQRS read model" stays.
pub(crate) fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(s[a.len_utf8()..].chars()).collect()
        }
        _ => s.to_string(),
    }
}

/// The status the ADR shows: superseded when another decision replaces it, deferred when
/// it is not really committed (see `is_uncommitted`), its recorded status otherwise. For
/// one decision; to ask for every decision, build `Supersessions` once.
pub use super::supersessions::{Supersessions, is_uncommitted};

pub fn effective_status(d: &Decision, all: &[Decision]) -> AdrStatus {
    Supersessions::of(all).effective_status(d)
}

/// The question a deferred decision waits for: its own, or one that asks for the missing
/// commitment.
pub fn blocking_question(d: &Decision) -> String {
    if !d.blocking_question.trim().is_empty() {
        return d.blocking_question.trim().to_string();
    }
    match &d.fallback {
        Some(f) => {
            let chosen = if d.decision.trim().is_empty() {
                "one option"
            } else {
                d.decision.trim()
            };
            format!(
                "Commit to {} or {}: what would trigger the fallback, how is it measured, and who decides?",
                chosen.trim_end_matches('.'),
                f.option.trim().trim_end_matches('.')
            )
        }
        None => "What must be known before this can be decided, and who decides?".to_string(),
    }
}

/// The decision sentence of a bundle ADR, about this system: the approach, its patterns,
/// and the session's channels that carry them (with their keys).
fn bundle_decision(session: &Session, leaf: &Node, names: &[&str]) -> String {
    let here: Vec<String> = session
        .channels
        .iter()
        .filter(|c| c.change.in_target() && !c.name.trim().is_empty())
        .filter(|c| {
            c.patterns
                .iter()
                .any(|p| leaf.patterns.iter().any(|l| l.get_ref() == p))
        })
        .map(|c| {
            if c.ordering_key.trim().is_empty() {
                c.name.trim().to_string()
            } else {
                format!("{} keyed by {}", c.name.trim(), c.ordering_key.trim())
            }
        })
        .collect();
    let here = if here.is_empty() {
        String::new()
    } else {
        format!(", on {}", here.join(", "))
    };
    format!(
        "{} adopts {}{here}: {}.",
        session.feature.trim(),
        lower_first(leaf.title.trim()),
        names.join(", ")
    )
}
