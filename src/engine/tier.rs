//! The readiness tier a design has earned. A tier is earned when every evidence item of it
//! and of every tier below it is met; caps (an unanswered reliability question, a
//! blocking anti-pattern of the target) lower it. A design short of the Prototype gate has
//! earned no tier yet; it is reported as "not yet Prototype" with that gate's missing
//! items. Hand-ticked evidence that the answers contradict does not count, and is named.

use super::{AntiPatternFinding, SessionFacts};
use crate::kb::{EvidenceItem, KnowledgeBase, Tier};
use crate::rules::{Facts, Reference, Rule};
use crate::session::{Mode, Session};
use std::fmt;

#[derive(Debug, Clone)]
pub struct AppliedCap<'kb> {
    pub max: &'kb Tier,
    pub reason: String,
}

/// A hand-ticked evidence item the answers contradict: it is not counted.
#[derive(Debug, Clone)]
pub struct Unticked<'kb> {
    pub item: &'kb EvidenceItem,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct TierVerdict<'kb> {
    pub earned: &'kb Tier,
    /// The tier the evidence alone would earn, before caps.
    pub by_evidence: &'kb Tier,
    /// The earned tier's own gate is met (false only for a design short of Prototype).
    pub gate_met: bool,
    pub caps: Vec<AppliedCap<'kb>>,
    /// Every evidence item met, by hand or by a rule over the answers.
    pub met: Vec<&'kb EvidenceItem>,
    pub next: Option<&'kb Tier>,
    /// For `next`: the evidence items (of it and the tiers below) still missing.
    pub missing_for_next: Vec<&'kb EvidenceItem>,
    /// For `next`: the caps that must be cleared too.
    pub blocking_next: Vec<AppliedCap<'kb>>,
    /// Hand ticks the answers contradict, with the reason.
    pub unticked: Vec<Unticked<'kb>>,
    /// The service already serves production traffic.
    pub in_production: bool,
    /// Below the threshold for the full pipeline: readiness tiers do not apply.
    pub below_threshold: bool,
}

/// The service already serves production traffic: the team says so, the session is a
/// review of a running system, or it has production users and says what it does today.
pub fn in_production(session: &Session) -> bool {
    let today = session.answers.values().any(|a| a.changes())
        || session
            .flows
            .iter()
            .any(|f| f.change.in_today() && f.change != crate::session::Change::Unchanged)
        || session
            .stores
            .iter()
            .any(|s| s.change == crate::session::Change::Removed);
    session.context.in_production
        || session.mode == Mode::Review
        || (today
            && session
                .answer("threshold.users")
                .is_some_and(|a| a.choices.iter().any(|c| c == "production")))
}

/// Why the answers contradict an evidence item, or `None` when they do not. An item with
/// `refuted_when` is contradicted while that rule holds; an item with only a `rule` is
/// contradicted when every question its rule reads is answered and the rule is false.
pub fn refutation(kb: &KnowledgeBase, facts: &SessionFacts, e: &EvidenceItem) -> Option<String> {
    let text_of = |w: &[crate::rules::Witness]| super::witness_text(kb, w);
    if let Some(when) = &e.refuted_when {
        let rule = crate::rules::parse(when.get_ref()).ok()?;
        let w = rule.witness(facts)?;
        return Some(format!("the answers say otherwise: {}", text_of(&w)));
    }
    let rule = e.parsed_rule.as_ref()?;
    if rule.eval(facts) {
        return None;
    }
    let questions: Vec<&str> = rule
        .references()
        .into_iter()
        .filter_map(|r| match r {
            Reference::Question(q) => Some(q),
            _ => None,
        })
        .collect();
    let all_answered = !questions.is_empty()
        && questions.iter().all(|q| facts.choices(q).is_some())
        && !rule.references().iter().any(|r| {
            matches!(
                r,
                Reference::Pattern(_) | Reference::Flow(_) | Reference::Questionnaire(_)
            )
        });
    if !all_answered {
        return None;
    }
    let mut w = Vec::new();
    for q in questions {
        for c in facts.choices(q).unwrap_or_default() {
            w.push(crate::rules::Witness {
                question: q.to_string(),
                choice: Some(c.clone()),
                kind: crate::rules::WitnessKind::Choice,
            });
        }
    }
    w.sort();
    w.dedup();
    Some(format!("the answers say otherwise: {}", text_of(&w)))
}

/// Why a hand tick was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvidenceError {
    Unknown(String),
    Contradicted { item: String, reason: String },
}

impl fmt::Display for EvidenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvidenceError::Unknown(id) => write!(f, "evidence: unknown evidence item \"{id}\""),
            EvidenceError::Contradicted { item, reason } => {
                write!(f, "evidence \"{item}\" cannot be ticked: {reason}")
            }
        }
    }
}

impl std::error::Error for EvidenceError {}

/// Ticks an evidence item by hand, unless the answers contradict it.
pub fn tick_evidence(
    kb: &KnowledgeBase,
    session: &mut Session,
    id: &str,
) -> Result<(), EvidenceError> {
    let item = kb
        .tiers
        .iter()
        .flat_map(|t| &t.evidence)
        .find(|e| e.id.get_ref() == id)
        .ok_or_else(|| EvidenceError::Unknown(id.to_string()))?;
    if let Some(reason) = refutation(kb, &SessionFacts::new(kb, session), item) {
        return Err(EvidenceError::Contradicted {
            item: id.to_string(),
            reason,
        });
    }
    session.evidence.insert(id.to_string());
    Ok(())
}

/// Unticks every hand-ticked item the answers now contradict; returns one note per item
/// ("evidence X unticked: the answers say otherwise: ...") for the person to see.
pub fn reconcile_evidence(kb: &KnowledgeBase, session: &mut Session) -> Vec<String> {
    let refuted: Vec<(String, String)> = {
        let facts = SessionFacts::new(kb, session);
        kb.tiers
            .iter()
            .flat_map(|t| &t.evidence)
            .filter(|e| session.evidence.contains(e.id.get_ref().as_str()))
            .filter_map(|e| Some((e.id.get_ref().to_string(), refutation(kb, &facts, e)?)))
            .collect()
    };
    refuted
        .into_iter()
        .map(|(id, reason)| {
            session.evidence.remove(&id);
            format!("evidence \"{id}\" unticked: {reason}")
        })
        .collect()
}

pub fn verdict<'kb>(
    kb: &'kb KnowledgeBase,
    session: &Session,
    facts: &SessionFacts,
    findings: &[AntiPatternFinding<'kb>],
) -> TierVerdict<'kb> {
    let tiers: Vec<&Tier> = kb.tiers.iter().filter(|t| t.per_service).collect();
    let unticked: Vec<Unticked> = tiers
        .iter()
        .flat_map(|t| &t.evidence)
        .filter(|e| session.evidence.contains(e.id.get_ref().as_str()))
        .filter_map(|e| {
            Some(Unticked {
                item: e,
                reason: refutation(kb, facts, e)?,
            })
        })
        .collect();
    let by_rule = |e: &EvidenceItem| {
        e.parsed_rule
            .as_ref()
            .is_some_and(|r| r.eval(facts as &dyn Facts) || only_not_applicable(r, facts))
    };
    let is_met = |e: &EvidenceItem| {
        by_rule(e)
            || (session.evidence.contains(e.id.get_ref().as_str())
                && !unticked.iter().any(|u| u.item.id == e.id))
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
                reason: c.reason.to_string(),
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
        unticked,
        in_production: in_production(session),
        below_threshold: false,
    }
}

/// Every question the rule reads is answered "does not apply": the item is met vacuously.
fn only_not_applicable(rule: &Rule, facts: &SessionFacts) -> bool {
    let refs = rule.references();
    let questions: Vec<&str> = refs
        .iter()
        .filter_map(|r| match r {
            Reference::Question(q) => Some(*q),
            _ => None,
        })
        .collect();
    !questions.is_empty() && questions.iter().all(|q| facts.not_applicable(q))
}

impl TierVerdict<'_> {
    /// The name of the tier earned, or "not yet Prototype" when even the first gate is
    /// not met.
    pub fn earned_name(&self) -> String {
        if self.below_threshold && !self.gate_met {
            "none (below the threshold)".to_string()
        } else if self.gate_met {
            self.earned.name.to_string()
        } else {
            format!("not yet {}", self.earned.name)
        }
    }

    /// One coherent statement: the tier earned, why, and the exact items the next tier
    /// needs. Plain text; renderers escape it.
    pub fn statement(&self) -> String {
        let mut s = self.headline();
        if self.below_threshold && !self.gate_met {
            return s;
        }
        if let Some(next) = self.next {
            let items = self.next_items();
            if items.is_empty() {
                s.push_str(&format!(
                    " {} needs nothing more: record the evidence to claim it.",
                    next.name
                ));
            } else {
                s.push_str(&format!(" {} needs: {}.", next.name, items.join("; ")));
            }
        }
        s
    }

    /// The verdict in one short sentence, for a document's summary: the tier, and what
    /// would lift it, counted (`statement` names the items).
    pub fn short(&self) -> String {
        if self.below_threshold && !self.gate_met {
            return "Tiers do not apply below the threshold: build the simple design.".into();
        }
        let (now, next) = if self.gate_met {
            (
                format!("{}, level {}", self.earned.name, self.earned.level),
                self.next,
            )
        } else {
            ("No tier yet".to_string(), Some(self.earned))
        };
        let Some(next) = next else {
            return format!("{now}, the highest tier.");
        };
        let count = |n: usize, one: &str, many: &str| match n {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{n} {many}")),
        };
        let needs: Vec<String> = [
            count(
                self.missing_for_next.len(),
                "more evidence item",
                "more evidence items",
            ),
            count(self.blocking_next.len(), "cap cleared", "caps cleared"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if needs.is_empty() {
            format!("{now}; {} needs only its evidence recorded.", next.name)
        } else {
            format!("{now}; {} needs {}.", next.name, needs.join(" and "))
        }
    }

    /// The exact items the next tier needs: missing evidence, then caps to clear.
    pub fn next_items(&self) -> Vec<String> {
        let mut items: Vec<String> = self
            .missing_for_next
            .iter()
            .map(|e| e.text.trim_end_matches('.').to_string())
            .collect();
        items.extend(
            self.blocking_next
                .iter()
                .map(|c| format!("clear the cap: {}", c.reason.trim_end_matches('.'))),
        );
        items
    }

    /// The statement without the next tier's items: the tier earned and why.
    pub fn headline(&self) -> String {
        let mut s = String::new();
        if self.below_threshold && !self.gate_met {
            return "Below the threshold for the full pipeline: readiness tiers do not apply; build the simple design, and come back when a second service, a second team, production users or new infrastructure arrive.".to_string();
        }
        if self.in_production {
            s.push_str("The service already serves production traffic. ");
        }
        if self.gate_met {
            s.push_str(&format!(
                "Earned: {} (level {})",
                self.earned.name, self.earned.level
            ));
            if self.by_evidence.level > self.earned.level {
                let reasons: Vec<&str> = self
                    .caps
                    .iter()
                    .filter(|c| c.max.level < self.by_evidence.level)
                    .map(|c| c.reason.trim_end_matches('.'))
                    .collect();
                s.push_str(&format!(
                    ": the evidence reaches {}, but {} holds it here.",
                    self.by_evidence.name,
                    reasons.join("; ")
                ));
            } else {
                s.push_str(&format!(
                    ": every gate item of {} and the tiers below it is met.",
                    self.earned.name
                ));
            }
            if !self.in_production {
                s.push_str(&format!(" {}", self.earned.summary));
            }
        } else {
            s.push_str(&format!(
                "No tier earned yet: {} item(s) of the {} gate are missing.",
                self.missing_for_next.len(),
                self.earned.name
            ));
        }
        s
    }
}
