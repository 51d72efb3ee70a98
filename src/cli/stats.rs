//! `design-advisor kb stats`: counts per kind, for coverage checks.

use crate::kb::KnowledgeBase;
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub fn stats(kb: &KnowledgeBase) -> Value {
    let questionnaires: BTreeMap<&str, usize> = kb
        .questionnaires
        .iter()
        .map(|q| (q.id.get_ref().as_str(), q.question.len()))
        .collect();
    let mut by_category: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &kb.patterns {
        *by_category.entry(p.category.as_str()).or_default() += 1;
    }
    let with_rule = kb.antipatterns.iter().filter(|a| a.rule.is_some()).count();
    let questions = || kb.questionnaires.iter().flat_map(|q| &q.question);
    let realisations = || kb.patterns.iter().flat_map(|p| &p.realisation);
    let with_depth = kb
        .patterns
        .iter()
        .filter(|p| {
            !p.avoid_when.is_empty()
                && !p.failure_modes.is_empty()
                && !p.metrics.is_empty()
                && !p.verify.is_empty()
        })
        .count();
    let per_service = kb.tiers.iter().filter(|t| t.per_service).count();
    json!({
        "files": kb.files.len(),
        "questionnaires": questionnaires,
        "questions": kb.questionnaires.iter().map(|q| q.question.len()).sum::<usize>(),
        "question_visibility": {
            "visible_when": questions().filter(|q| q.visible_when.is_some()).count(),
            "prefilled_from_earlier": questions().filter(|q| q.prefill.is_some()).count(),
            "optional": kb.questionnaires.iter().filter(|q| q.optional).map(|q| q.question.len()).sum::<usize>(),
        },
        "graph": {
            "nodes": kb.graph.node_count(),
            "edges": kb.graph.edge_count(),
            "roots": kb.nodes.iter().filter(|n| n.root).count(),
            "leaves": kb.nodes.iter().filter(|n| n.is_leaf()).count(),
            "problems": kb.nodes.iter().filter(|n| n.problem.is_some()).count(),
            "suggestions": kb.nodes.iter().flat_map(|n| &n.option).filter(|o| o.suggest_when.is_some()).count(),
        },
        "patterns": kb.patterns.len(),
        "patterns_by_category": by_category,
        "pattern_depth": {
            "with_failure_modes_metrics_and_verify": with_depth,
            "failure_modes": kb.patterns.iter().map(|p| p.failure_modes.len()).sum::<usize>(),
            "metrics": kb.patterns.iter().map(|p| p.metrics.len()).sum::<usize>(),
            "verify": kb.patterns.iter().map(|p| p.verify.len()).sum::<usize>(),
            "references": kb.patterns.iter().map(|p| p.references.len()).sum::<usize>(),
        },
        "realisations": {
            "total": realisations().count(),
            "stack_tagged": realisations().filter(|r| !r.stack.is_empty()).count(),
            "generic": realisations().filter(|r| r.stack.is_empty()).count(),
        },
        "graph_tools_stack_tagged": kb.nodes.iter().map(|n| n.tool_stack.len()).sum::<usize>(),
        "stack_ids": kb.stacks.len(),
        "antipatterns": { "total": kb.antipatterns.len(), "with_rule": with_rule, "without_rule": kb.antipatterns.len() - with_rule },
        "tiers": { "per_service": per_service, "total": kb.tiers.len() },
        "evidence_items": kb.tiers.iter().map(|t| t.evidence.len()).sum::<usize>(),
        "caps": kb.caps.len(),
        "principles": kb.principles.len(),
        "advice": kb.principles.iter().map(|p| p.advice.len()).sum::<usize>(),
        "artifact_kinds": kb.artifacts.len(),
    })
}

/// The same counts as aligned "key  value" lines.
pub fn table(stats: &Value) -> String {
    fn walk(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&key, v, out);
                }
            }
            other => out.push((prefix.to_string(), other.to_string())),
        }
    }
    let mut rows = Vec::new();
    walk("", stats, &mut rows);
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    rows.iter()
        .map(|(k, v)| format!("{k:<width$}  {v}\n"))
        .collect()
}
