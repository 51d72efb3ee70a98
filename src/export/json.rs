//! The machine-readable report: the same assessment as design.md, for other tools and CI.

use crate::engine::{Assessment, Provenance, TbdKind, realisations, session_stack};
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
    let stack = session_stack(session);
    let finding = |f: &crate::engine::AntiPatternFinding| {
        json!({
            "id": f.antipattern.id.get_ref(),
            "name": f.antipattern.name,
            "severity": f.antipattern.severity,
            "triggered_by": witnesses(&f.triggered_by),
            "fix": f.fix.iter().map(|p| p.id.get_ref()).collect::<Vec<_>>(),
            "fix_text": f.antipattern.fix_text,
        })
    };
    json!({
        "feature": session.feature,
        "slug": session.slug,
        "date": session.date.to_string(),
        "status": session.status.as_str(),
        "mode": session.mode,
        "threshold": { "below": a.threshold.below, "because": witnesses(&a.threshold.because) },
        "tier": {
            "earned": t.earned.id.get_ref(),
            "name": t.earned_name(),
            "statement": t.statement(),
            "in_production": t.in_production,
            "unticked": t.unticked.iter().map(|u| json!({ "id": u.item.id.get_ref(), "reason": u.reason })).collect::<Vec<_>>(),
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
            "state": if r.in_place() { "in-place" } else { "recommended" },
            "need": r.need,
            "realisations": realisations(r.pattern, &stack).iter().map(|x| json!({ "category": x.category, "tools": x.tools })).collect::<Vec<_>>(),
            "provenance": r.provenance.iter().map(|p| match p {
                Provenance::Path { index, nodes, suggested_by, suggested_by_today } => json!({
                    "path_index": index,
                    "path": nodes.iter().map(|n| n.id.get_ref()).collect::<Vec<_>>(),
                    "suggested_by": witnesses(suggested_by),
                    "suggested_by_today": witnesses(suggested_by_today),
                }),
                Provenance::Threshold { because } => json!({ "threshold": witnesses(because) }),
                Provenance::InPlace => json!({ "in_place": true }),
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "antipatterns": a.findings.iter().map(finding).collect::<Vec<_>>(),
        "removed_by_design": a.removed.iter().map(|r| {
            let mut v = finding(&r.finding);
            v["removed_by"] = witnesses(&r.removed_by);
            v
        }).collect::<Vec<_>>(),
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

/// The report with what the Markdown also carries beyond the assessment: every decision
/// (as its ADR shows it, so a CI gate can fail on an undecided one) and the self-check's
/// findings on the documents the session yields.
pub fn report_with_checks(
    kb: &crate::kb::KnowledgeBase,
    session: &Session,
    a: &Assessment,
) -> Value {
    let mut v = report(session, a);
    let decisions = super::decided::decisions(kb, session);
    let index = super::supersessions::Supersessions::of(&decisions);
    v["decisions"] = Value::Array(
        decisions
            .iter()
            .map(|d| {
                let status = index.effective_status(d);
                let undecided =
                    status == crate::session::AdrStatus::Deferred || d.decision.trim().is_empty();
                json!({
                    "number": d.number,
                    "title": d.title,
                    "path": super::decided::path(kb, d),
                    "status": status.as_str(),
                    "recorded_status": d.status.as_str(),
                    "decision": d.decision,
                    "decision_makers": d.decision_makers,
                    "undecided": undecided,
                    "blocking_question": undecided.then(|| super::decided::blocking_question(d)),
                    "due": d.due.map(|d| d.to_string()),
                })
            })
            .collect(),
    );
    let artifacts = super::artifacts::render_all(kb, session, &[]);
    let findings = crate::selfcheck::check(kb, session, &artifacts, &[]);
    v["selfcheck"] = crate::selfcheck::to_json(&findings);
    v
}
