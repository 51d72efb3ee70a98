//! The team's stack, and which realisations and advice fit it.

use crate::kb::{Pattern, Realisation, Text};
use crate::session::Session;
use std::collections::BTreeSet;

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
}

/// The stack ids of the session, lower case: `[context]` stack and platform, and the
/// words naming the target's stores and the brokers its flows go through. Empty when the
/// session says nothing about its technology.
pub fn session_stack(session: &Session) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = session
        .context
        .stack
        .iter()
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    out.extend(words(&session.context.platform));
    for s in session.stores.iter().filter(|s| s.change.in_target()) {
        out.extend(words(&s.kind));
        out.extend(words(&s.name));
    }
    for f in session.flows.iter().filter(|f| f.change.in_target()) {
        out.extend(words(&f.via));
    }
    out
}

fn fits(r: &Realisation, stack: &BTreeSet<String>) -> bool {
    r.stack.is_empty()
        || stack.is_empty()
        || r.stack
            .iter()
            .any(|t| stack.contains(&t.to_ascii_lowercase()))
}

/// The realisations of a pattern that fit the stack: untagged ones always, tagged ones
/// only when the stack has one of their tags. A session that names no technology sees
/// them all.
pub fn realisations<'kb>(pattern: &'kb Pattern, stack: &BTreeSet<String>) -> Vec<&'kb Realisation> {
    pattern
        .realisation
        .iter()
        .filter(|r| fits(r, stack))
        .collect()
}

/// Advice tagged with the technologies it recommends fits when the session names no
/// technology or has one of them; untagged advice fits any stack.
pub fn advice_fits_stack(tags: &[Text], stack: &BTreeSet<String>) -> bool {
    tags.is_empty()
        || stack.is_empty()
        || tags.iter().any(|t| stack.contains(&t.to_ascii_lowercase()))
}

/// The tools of a realisation that fit the stack: with a known stack and a tagged
/// realisation, a tool that names one of the realisation's technologies is kept only when
/// it names one the session has too; a tool naming none of them (a technique) stays.
pub fn fitting_tools<'r>(r: &'r Realisation, stack: &BTreeSet<String>) -> Vec<&'r str> {
    if stack.is_empty() || r.stack.is_empty() {
        return r.tools.iter().map(Text::as_str).collect();
    }
    let tags: BTreeSet<String> = r.stack.iter().map(|t| t.to_ascii_lowercase()).collect();
    r.tools
        .iter()
        .filter(|tool| {
            let named: Vec<String> = words(tool).collect();
            named.iter().any(|w| stack.contains(w)) || !named.iter().any(|w| tags.contains(w))
        })
        .map(Text::as_str)
        .collect()
}

/// The realisation that fits the stack best, as "category (tool, tool)" with only the
/// tools the stack has; empty when none fits. One made for a technology the team runs
/// (PostgreSQL ledger tables for a PostgreSQL team) comes before a generic one (a
/// purpose-built ledger database), whatever their order in the knowledge base.
pub fn realisation_line(pattern: &Pattern, stack: &BTreeSet<String>) -> String {
    let mut ranked = realisations(pattern, stack);
    // Stable: the knowledge base's order stays within each group.
    ranked.sort_by_key(|r| r.stack.is_empty() || stack.is_empty());
    for r in ranked {
        if r.tools.is_empty() {
            return r.category.to_string();
        }
        let tools = fitting_tools(r, stack);
        if !tools.is_empty() {
            return format!("{} ({})", r.category, tools.join(", "));
        }
    }
    String::new()
}
