//! The machine-readable report: the same assessment as design.md, for other tools and CI.

use crate::engine::{Assessment, Provenance, TbdKind};
use crate::rules::Witness;
use crate::session::Session;
use serde_json::{Value, json};

fn witnesses(w: &[Witness]) -> Value {
    Value::Array(
        w.iter()
            .map(|w| json!({ "question": w.question, "choice": w.choice, "kind": w.kind }))
            .collect(),
    )
}

pub fn report(session: &Session, a: &Assessment) -> Value {
    let t = &a.tier;
    json!({
        "feature": session.feature,
        "slug": session.slug,
        "date": session.date.to_string(),
        "status": session.status.as_str(),
        "mode": session.mode,
        "threshold": { "below": a.threshold.below, "because": witnesses(&a.threshold.because) },
        "tier": {
            "earned": t.earned.id.get_ref(),
            "name": t.earned.name,
            "level": t.earned.level,
            "by_evidence": t.by_evidence.id.get_ref(),
            "gate_met": t.gate_met,
            "caps": t.caps.iter().map(|c| json!({ "max_tier": c.max.id.get_ref(), "reason": c.reason })).collect::<Vec<_>>(),
            "met": t.met.iter().map(|e| e.id.get_ref()).collect::<Vec<_>>(),
            "next": t.next.map(|n| n.id.get_ref()),
            "missing_for_next": t.missing_for_next.iter().map(|e| json!({ "id": e.id.get_ref(), "text": e.text })).collect::<Vec<_>>(),
            "blocking_next": t.blocking_next.iter().map(|c| c.reason.clone()).collect::<Vec<_>>(),
        },
        "patterns": a.patterns.iter().map(|r| json!({
            "id": r.pattern.id.get_ref(),
            "name": r.pattern.name,
            "need": r.need,
            "realisation": r.pattern.realisation_line(),
            "provenance": r.provenance.iter().map(|p| match p {
                Provenance::Path { index, nodes, suggested_by } => json!({
                    "path_index": index,
                    "path": nodes.iter().map(|n| n.id.get_ref()).collect::<Vec<_>>(),
                    "suggested_by": witnesses(suggested_by),
                }),
                Provenance::Threshold { because } => json!({ "threshold": witnesses(because) }),
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "antipatterns": a.findings.iter().map(|f| json!({
            "id": f.antipattern.id.get_ref(),
            "name": f.antipattern.name,
            "severity": f.antipattern.severity,
            "triggered_by": witnesses(&f.triggered_by),
            "fix": f.fix.iter().map(|p| p.id.get_ref()).collect::<Vec<_>>(),
            "fix_text": f.antipattern.fix_text,
        })).collect::<Vec<_>>(),
        "tbds": a.tbds.iter().map(|t| json!({
            "question": t.question.id.get_ref(),
            "prompt": t.question.prompt,
            "questionnaire": t.questionnaire.id.get_ref(),
            "state": match t.kind { TbdKind::Unanswered => "unanswered", TbdKind::Later => "later" },
            "owner": t.owner,
            "due": t.due.map(|d| d.to_string()),
        })).collect::<Vec<_>>(),
        "advice": a.advice.iter().map(|d| json!({
            "principle": d.principle.id.get_ref(),
            "area": d.principle.area,
            "text": d.text,
            "because": witnesses(&d.because),
        })).collect::<Vec<_>>(),
        "alternatives": a.alternatives.iter().map(|x| json!({ "at": x.at.id.get_ref(), "option": x.option.label, "to": x.option.to.get_ref() })).collect::<Vec<_>>(),
    })
}
