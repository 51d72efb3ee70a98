//! The team's stack, and which realisations and advice fit it.

use crate::kb::{KnowledgeBase, Pattern, Realisation};
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

/// Every stack id some realisation of the knowledge base is tagged with.
pub fn stack_vocabulary(kb: &KnowledgeBase) -> BTreeSet<String> {
    kb.patterns
        .iter()
        .flat_map(|p| &p.realisation)
        .flat_map(|r| &r.stack)
        .map(|s| s.to_ascii_lowercase())
        .collect()
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

/// An advice text fits the stack unless it names technologies (words of `vocabulary`)
/// and none of them is in the session's stack. A session without a stack takes all.
pub fn advice_fits_stack(
    text: &str,
    stack: &BTreeSet<String>,
    vocabulary: &BTreeSet<String>,
) -> bool {
    if stack.is_empty() {
        return true;
    }
    let named: Vec<String> = words(text).filter(|w| vocabulary.contains(w)).collect();
    named.is_empty() || named.iter().any(|w| stack.contains(w))
}
