//! Which decisions replace which, and whether a decision is really committed: what the
//! status an ADR shows depends on. Indexed once per export, so asking it of every ADR stays
//! linear in the number of decisions.

use crate::session::{AdrStatus, Decision};
use std::collections::BTreeSet;

/// The decision is an "X, or Y if Z" with something missing: no committed X, no trigger
/// that says when Y takes over, or nobody who makes that call.
pub fn is_uncommitted(d: &Decision) -> bool {
    d.fallback.as_ref().is_some_and(|f| {
        d.decision.trim().is_empty() || f.trigger.trim().is_empty() || f.owner.trim().is_empty()
    })
}

/// Which decisions replace which, indexed once, so asking it of every decision stays
/// linear in the number of decisions.
#[derive(Clone, Debug, Default)]
pub struct Supersessions(std::collections::HashMap<u32, BTreeSet<u32>>);

impl Supersessions {
    pub fn of(all: &[Decision]) -> Self {
        let mut map: std::collections::HashMap<u32, BTreeSet<u32>> = Default::default();
        for o in all {
            for &n in &o.supersedes {
                if n != o.number {
                    map.entry(n).or_default().insert(o.number);
                }
            }
        }
        Supersessions(map)
    }

    /// The decisions that replace `d`: its own `superseded_by` and every decision that
    /// names it in `supersedes`.
    pub fn superseded_by(&self, d: &Decision) -> Vec<u32> {
        let mut by: BTreeSet<u32> = d.superseded_by.into_iter().collect();
        if let Some(others) = self.0.get(&d.number) {
            by.extend(others.iter().copied());
        }
        by.into_iter().collect()
    }

    pub fn effective_status(&self, d: &Decision) -> AdrStatus {
        if !self.superseded_by(d).is_empty() {
            return AdrStatus::Superseded;
        }
        let open = matches!(
            d.status,
            AdrStatus::Proposed | AdrStatus::Accepted | AdrStatus::Deferred
        );
        if open && is_uncommitted(d) {
            AdrStatus::Deferred
        } else {
            d.status
        }
    }
}
