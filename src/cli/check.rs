//! `design-advisor check`: the CI gate.

use super::TextOrJson;
use crate::engine::{self, TbdKind};
use crate::kb::KnowledgeBase;
use crate::session::Session;
use anyhow::anyhow;
use std::process::ExitCode;

pub fn run(
    kb: &KnowledgeBase,
    session: &Session,
    min_tier: Option<&str>,
    max_tbd: Option<usize>,
    format: TextOrJson,
) -> anyhow::Result<ExitCode> {
    let min = match min_tier {
        Some(id) => Some(kb.tier(id).filter(|t| t.per_service).ok_or_else(|| {
            let known: Vec<&str> = kb
                .tiers
                .iter()
                .filter(|t| t.per_service)
                .map(|t| t.id.get_ref().as_str())
                .collect();
            anyhow!(
                "--min-tier: unknown tier \"{id}\"; tiers: {}",
                known.join(", ")
            )
        })?),
        None => None,
    };
    let a = engine::assess(kb, session);
    let mut failures = Vec::new();
    if let Some(min) = min
        && a.tier.earned.level < min.level
    {
        failures.push(format!(
            "tier {} is below the required {}",
            a.tier.earned.name, min.name
        ));
    }
    if let Some(max) = max_tbd
        && a.tbds.len() > max
    {
        failures.push(format!(
            "{} open TBD(s), at most {max} allowed",
            a.tbds.len()
        ));
    }
    match format {
        TextOrJson::Json => {
            let mut report = crate::export::json::report_with_checks(kb, session, &a);
            report["policy"] = serde_json::json!({
                "min_tier": min.map(|t| t.id.get_ref()),
                "max_tbd": max_tbd,
                "holds": failures.is_empty(),
                "failures": failures,
            });
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        TextOrJson::Text => {
            println!("{} ({})", session.feature, session.slug);
            if a.threshold.below {
                println!("threshold: below; {}", kb.threshold.message);
            }
            println!(
                "tier: {} (level {}){}",
                a.tier.earned.name,
                a.tier.earned.level,
                if a.tier.gate_met {
                    ""
                } else {
                    ", gate not yet met"
                }
            );
            for c in &a.tier.caps {
                println!("  capped at {}: {}", c.max.name, c.reason);
            }
            if let Some(next) = a.tier.next {
                println!(
                    "  {} still needs {} item(s)",
                    next.name,
                    a.tier.missing_for_next.len() + a.tier.blocking_next.len()
                );
            }
            println!(
                "patterns: {}",
                a.patterns
                    .iter()
                    .map(|r| r.pattern.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            println!("anti-patterns: {}", a.findings.len());
            for f in &a.findings {
                println!(
                    "  [{}] {}: fix with {}",
                    f.severity().as_str(),
                    f.antipattern.name,
                    f.fix
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            println!("open TBDs: {}", a.tbds.len());
            for t in &a.tbds {
                let state = if t.kind == TbdKind::Later {
                    "later"
                } else {
                    "unanswered"
                };
                let owner = t
                    .owner
                    .as_deref()
                    .map(|o| format!(", owner {o}"))
                    .unwrap_or_default();
                let due = t.due.map(|d| format!(", due {d}")).unwrap_or_default();
                println!("  {} ({state}{owner}{due})", t.question.id.get_ref());
            }
            if failures.is_empty() {
                if min.is_some() || max_tbd.is_some() {
                    println!("policy: holds");
                }
            } else {
                for f in &failures {
                    println!("policy: FAILS: {f}");
                }
            }
        }
    }
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
