//! The CI gate's policy: what a session must reach for `check` to pass.

use crate::engine::Assessment;
use crate::kb::{KnowledgeBase, Tier};
use crate::session::Date;

/// What a pipeline asks of a session.
#[derive(Clone, Debug, Default)]
pub struct Policy<'kb> {
    /// The lowest per-service tier that passes.
    pub min_tier: Option<&'kb Tier>,
    /// The most open TBDs that pass.
    pub max_tbd: Option<usize>,
    /// Fail when a TBD's due date is before this date.
    pub overdue_on: Option<Date>,
}

impl<'kb> Policy<'kb> {
    /// Looks up a tier id given on the command line; the error lists the tiers there are.
    pub fn tier(kb: &'kb KnowledgeBase, id: &str) -> Result<&'kb Tier, String> {
        kb.tier(id).filter(|t| t.per_service).ok_or_else(|| {
            let known: Vec<&str> = kb
                .tiers
                .iter()
                .filter(|t| t.per_service)
                .map(|t| t.id.get_ref().as_str())
                .collect();
            format!("unknown tier \"{id}\"; tiers: {}", known.join(", "))
        })
    }

    /// Whether the policy asks anything at all.
    pub fn is_empty(&self) -> bool {
        self.min_tier.is_none() && self.max_tbd.is_none() && self.overdue_on.is_none()
    }

    /// Every way the assessment falls short of the policy; empty when it holds.
    pub fn failures(&self, a: &Assessment) -> Vec<String> {
        let mut failures = Vec::new();
        if let Some(min) = self.min_tier
            && a.tier.earned.level < min.level
        {
            failures.push(format!(
                "tier {} is below the required {}",
                a.tier.earned.name, min.name
            ));
        }
        if let Some(max) = self.max_tbd
            && a.tbds.len() > max
        {
            failures.push(format!(
                "{} open TBD(s), at most {max} allowed",
                a.tbds.len()
            ));
        }
        if let Some(today) = self.overdue_on {
            for t in a.tbds.iter().filter(|t| t.overdue_on(today)) {
                if let Some(due) = t.due {
                    failures.push(format!(
                        "TBD {} is overdue (due {due})",
                        t.question.id.get_ref()
                    ));
                }
            }
        }
        failures
    }
}
