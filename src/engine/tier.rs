//! The readiness tier a design has earned. A tier is earned when every evidence item of it
//! and of every tier below it is met; caps (an unanswered reliability question, a
//! blocking anti-pattern) lower it. Prototype is the floor: a design that has not met the
//! Prototype gate yet is reported as Prototype with that gate's missing items.

use super::{AntiPatternFinding, SessionFacts};
use crate::kb::{EvidenceItem, KnowledgeBase, Tier};
use crate::rules::Facts;
use crate::session::Session;

#[derive(Debug, Clone)]
pub struct AppliedCap<'kb> {
    pub max: &'kb Tier,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct TierVerdict<'kb> {
    pub earned: &'kb Tier,
    /// The tier the evidence alone would earn, before caps.
    pub by_evidence: &'kb Tier,
    /// The earned tier's own gate is met (false only for a Prototype still short of it).
    pub gate_met: bool,
    pub caps: Vec<AppliedCap<'kb>>,
    /// Every evidence item met, by hand or by a rule over the answers.
    pub met: Vec<&'kb EvidenceItem>,
    pub next: Option<&'kb Tier>,
    /// For `next`: the evidence items (of it and the tiers below) still missing.
    pub missing_for_next: Vec<&'kb EvidenceItem>,
    /// For `next`: the caps that must be cleared too.
    pub blocking_next: Vec<AppliedCap<'kb>>,
}

pub fn verdict<'kb>(
    kb: &'kb KnowledgeBase,
    session: &Session,
    facts: &SessionFacts,
    findings: &[AntiPatternFinding<'kb>],
) -> TierVerdict<'kb> {
    let tiers: Vec<&Tier> = kb.tiers.iter().filter(|t| t.per_service).collect();
    let is_met = |e: &EvidenceItem| {
        session.evidence.contains(e.id.get_ref())
            || e.parsed_rule
                .as_ref()
                .is_some_and(|r| r.eval(facts as &dyn Facts))
    };
    let met: Vec<&EvidenceItem> = tiers
        .iter()
        .flat_map(|t| &t.evidence)
        .filter(|e| is_met(e))
        .collect();

    let complete = |t: &Tier| t.evidence.iter().all(is_met);
    let gate_level = tiers.iter().take_while(|t| complete(t)).count();
    let by_evidence = tiers[gate_level.saturating_sub(1)];

    let mut caps: Vec<AppliedCap> = kb
        .caps
        .iter()
        .filter(|c| c.parsed_rule.as_ref().is_some_and(|r| r.eval(facts)))
        .filter_map(|c| {
            Some(AppliedCap {
                max: kb.tier(c.max_tier.get_ref())?,
                reason: c.reason.clone(),
            })
        })
        .collect();
    for f in findings {
        if let Some(max) = f
            .antipattern
            .caps_tier
            .as_ref()
            .and_then(|t| kb.tier(t.get_ref()))
        {
            caps.push(AppliedCap {
                max,
                reason: format!("anti-pattern found: {}", f.antipattern.name),
            });
        }
    }
    caps.sort_by_key(|c| c.max.level);

    let cap_level = caps.iter().map(|c| c.max.level).min().unwrap_or(u8::MAX);
    let earned = if by_evidence.level <= cap_level {
        by_evidence
    } else {
        tiers
            .iter()
            .copied()
            .rfind(|t| t.level <= cap_level)
            .unwrap_or(tiers[0])
    };
    let gate_met = gate_level > 0;

    let next = if gate_met {
        tiers.iter().copied().find(|t| t.level == earned.level + 1)
    } else {
        Some(earned)
    };
    let missing_for_next = next.map_or_else(Vec::new, |n| {
        tiers
            .iter()
            .filter(|t| t.level <= n.level)
            .flat_map(|t| &t.evidence)
            .filter(|e| !is_met(e))
            .collect()
    });
    let blocking_next = next.map_or_else(Vec::new, |n| {
        caps.iter()
            .filter(|c| c.max.level < n.level)
            .cloned()
            .collect()
    });

    TierVerdict {
        earned,
        by_evidence,
        gate_met,
        caps,
        met,
        next,
        missing_for_next,
        blocking_next,
    }
}
