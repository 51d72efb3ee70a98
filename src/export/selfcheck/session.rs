//! The rules that read the session itself: system concerns, the engine's anti-patterns,
//! channel contracts against the flows, and the decisions behind the ADRs.

use super::Finding;
use super::rules;
use super::text::{is_fallback_shape, uncommitted_shape};
use crate::engine::Assessment;
use crate::export::artifacts::Artifact;
use crate::export::escape::inline;
use crate::export::{adr, contract};
use crate::kb::{KnowledgeBase, Severity as KbSeverity, Step, Text};
use crate::session::{AdrStatus, Channel, Compatibility, Session};

const DESIGN: &str = "design.md";

/// The 1-based line of `path`'s text (among the artifacts) on which `pred` first holds.
fn line_in(artifacts: &[Artifact], path: &str, pred: impl Fn(&str) -> bool) -> Option<usize> {
    let a = artifacts.iter().find(|a| a.path == path)?;
    a.text.lines().position(pred).map(|i| i + 1)
}

/// (a) Not every concern is TBD, and ownership, tenancy and compliance are answered or
/// flagged TBD with who will answer them.
pub(crate) fn concerns(
    kb: &KnowledgeBase,
    session: &Session,
    artifacts: &[Artifact],
    out: &mut Vec<Finding>,
) {
    let questions: Vec<_> = kb
        .questionnaires_for(Step::Concerns)
        .filter(|qn| !qn.optional)
        .flat_map(|qn| &qn.question)
        .collect();
    if questions.is_empty() {
        return;
    }
    let answered = |qid: &str| session.answer(qid).is_some_and(|a| a.is_answered());
    // Flagged "later" with an owner: an explicit request for input, not an unknown.
    let flagged = |qid: &str| {
        session
            .answer(qid)
            .is_some_and(|a| a.tbd && !a.owner.trim().is_empty())
    };
    let label_line = |label: &str| {
        let bold = format!("**{}**", inline(label));
        line_in(artifacts, DESIGN, |l| l.contains(&bold))
    };
    if questions.iter().all(|q| !answered(q.id.get_ref())) {
        let key: Vec<&str> = kb
            .selfcheck
            .key_concerns
            .iter()
            .filter_map(|id| kb.question(id.get_ref()))
            .map(|q| q.label())
            .collect();
        out.push(rules::CONCERNS_ALL_TBD.at(
            DESIGN,
            line_in(artifacts, DESIGN, |l| {
                l.trim_start().starts_with('#') && l.to_lowercase().contains("system concerns")
            }),
            format!(
                "every system concern is TBD ({} questions); answer at least {}, or flag each as later with who will answer it",
                questions.len(),
                key.join(", ")
            ),
        ));
        return;
    }
    for id in &kb.selfcheck.key_concerns {
        let id = id.get_ref().as_str();
        let Some(q) = kb.question(id) else { continue };
        if !answered(id) && !flagged(id) {
            out.push(rules::CONCERNS_KEY_UNKNOWN.at(
                DESIGN,
                label_line(q.label()),
                format!(
                    "system concern \"{}\" is unknown: {}; answer it, or flag it as later with who will answer it",
                    q.label(),
                    q.prompt
                ),
            ));
        }
    }
}

/// (d) The engine's anti-patterns: critical ones block the write, the others are reported.
/// Only risks of the target count (what the design removes is not a risk), and adding a
/// bundle near a finding does not address it: an answer or a decision removing its cause
/// does. A review reports what it finds rather than proposing it.
pub(crate) fn antipatterns(
    session: &Session,
    a: &Assessment,
    artifacts: &[Artifact],
    out: &mut Vec<Finding>,
) {
    for f in &a.findings {
        let ap = f.antipattern;
        let rule = if ap.severity == KbSeverity::Critical
            && session.mode != crate::session::Mode::Review
        {
            rules::ANTIPATTERN_CRITICAL
        } else {
            rules::ANTIPATTERN
        };
        let fixes: Vec<&str> = f.fix.iter().map(|p| p.name.as_str()).collect();
        let fix = if fixes.is_empty() {
            ap.fix_text.to_string()
        } else {
            format!("{}. {}", fixes.join(", "), ap.fix_text)
        };
        let name = inline(&ap.name);
        out.push(rule.at(
            DESIGN,
            line_in(artifacts, DESIGN, |l| {
                l.trim_start().starts_with('#') && l.contains(&name)
            }),
            format!(
                "{} ({}). Fix: {}",
                ap.name,
                ap.severity.as_str(),
                fix.trim()
            ),
        ));
    }
}

fn contract_path(kb: &KnowledgeBase, c: &Channel) -> String {
    contract::paths(kb, c)
        .into_iter()
        .find(|(kind, _)| *kind == "contract")
        .map_or_else(|| format!("contracts/{}.md", c.name), |(_, p)| p)
}

/// (e) A closed schema under BACKWARD compatibility; (f) channel names and ordering keys.
pub(crate) fn channels(
    kb: &KnowledgeBase,
    session: &Session,
    artifacts: &[Artifact],
    out: &mut Vec<Finding>,
) {
    for c in &session.channels {
        let path = contract_path(kb, c);
        if c.closed_schema && c.compatibility == Compatibility::Backward {
            out.push(rules::CLOSED_SCHEMA_BACKWARD.at(
                &path,
                line_in(artifacts, &path, |l| l.to_lowercase().contains("backward")),
                format!(
                    "{} forbids unknown properties (additionalProperties: false) yet declares BACKWARD compatibility, which relies on added fields being safe; open the schema, or declare the mode the rollout really follows and document a strict consumer-first rollout",
                    c.name
                ),
            ));
        }
        if !is_semantic_versioned(&c.name) {
            out.push(rules::CHANNEL_NAME.at(
                &path,
                None,
                format!(
                    "channel \"{}\" is not named <domain>.<event>.v<N> (like orders.placed.v1); name it for the one event type it carries, with its version",
                    c.name
                ),
            ));
        }
    }
    for f in &session.flows {
        let key = f.ordering_key.trim();
        if key.is_empty() {
            continue;
        }
        for c in session
            .channels
            .iter()
            .filter(|c| names_channel(&f.via, &c.name))
        {
            let declared = c.ordering_key.trim();
            if declared == key {
                continue;
            }
            let path = contract_path(kb, c);
            let declared = if declared.is_empty() {
                "declares no ordering key".to_string()
            } else {
                format!("is keyed by \"{declared}\"")
            };
            out.push(rules::ORDERING_KEY_MISMATCH.at(
                &path,
                line_in(artifacts, &path, |l| l.to_lowercase().contains("ordering")),
                format!(
                    "the flow {} -> {} orders by \"{key}\" through {}, but the contract {declared}; make the two agree",
                    f.from, f.to, c.name
                ),
            ));
        }
    }
}

/// At least two lower-case name parts and a final version: orders.placed.v1.
pub(crate) fn is_semantic_versioned(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    let Some((version, names)) = parts.split_last() else {
        return false;
    };
    let versioned = version
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    versioned
        && names.len() >= 2
        && names.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        })
}

/// Whether a flow's `via` ("Kafka topic products.changed.v1") names the channel as a
/// whole word (products.changed.v1.dlq is another channel).
fn names_channel(via: &str, channel: &str) -> bool {
    via.split(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '_')))
        .map(|t| t.trim_end_matches('.'))
        .any(|t| t == channel)
}

/// (g) Decisions behind the ADRs: committed, or a fallback with its trigger and owner,
/// or Deferred with the blocking question and its due date.
pub(crate) fn decisions(kb: &KnowledgeBase, session: &Session, out: &mut Vec<Finding>) {
    for d in adr::decisions(kb, session) {
        let path = adr::path(kb, &d);
        if d.status == AdrStatus::Deferred {
            let mut missing = Vec::new();
            if d.blocking_question.trim().is_empty() {
                missing.push("the blocking question");
            }
            if d.due.is_none() {
                missing.push("its due date");
            }
            if !missing.is_empty() {
                out.push(rules::DEFERRED_WITHOUT_BLOCKER.at(
                    &path,
                    None,
                    format!(
                        "decision {} \"{}\" is Deferred but does not name {}",
                        d.number,
                        d.title,
                        missing.join(" or ")
                    ),
                ));
            }
            continue;
        }
        let mut missing = Vec::new();
        if let Some(fb) = &d.fallback {
            if fb.trigger.trim().is_empty() {
                missing.push("the trigger that switches to it (and how it is measured)");
            }
            if fb.owner.trim().is_empty() {
                missing.push("the owner of that call");
            }
        }
        // A fallback with its trigger and owner is a commitment; "either X or Y" is not.
        let fallback_ok = d.fallback.is_some() && missing.is_empty();
        let problem = match (&d.fallback, uncommitted_shape(&d.decision)) {
            (_, Some(shape)) if !(fallback_ok && is_fallback_shape(shape)) => Some(format!(
                "reads \"{}\" (shaped \"{shape}\")",
                d.decision.trim()
            )),
            (Some(fb), _) if !missing.is_empty() => Some(format!(
                "names the fallback \"{}\" without {}",
                fb.option,
                missing.join(" or ")
            )),
            _ => None,
        };
        if let Some(problem) = problem {
            out.push(rules::SCHRODINGER_DECISION.at(
                &path,
                None,
                format!(
                    "decision {} \"{}\" {problem}; commit to one option, give the fallback a trigger and an owner, or set its status to deferred with the blocking question and its due date",
                    d.number, d.title
                ),
            ));
        }
    }
}

/// Cross-artifact consistency of the channels: the bad-message answer against each
/// contract's DLQ, and each contract's PII class against its fields and against the
/// feature's compliance line it would otherwise inherit.
pub(crate) fn cross_artifact(
    kb: &KnowledgeBase,
    session: &Session,
    artifacts: &[Artifact],
    out: &mut Vec<Finding>,
) {
    let channels: Vec<&Channel> = session
        .channels
        .iter()
        .filter(|c| c.change.in_target())
        .collect();
    let answer = session.answer("reliability.bad_messages");
    let owned_dlq = answer.is_some_and(|a| {
        a.is_answered()
            && a.choices
                .iter()
                .any(|c| c == "dlq-owned" || c == "invalid-channel-and-dlq")
    });
    let design = super::super::registry::path(kb, "design", &[]);
    for c in &channels {
        let path = contract_path(kb, c);
        let names_dlq = !c.dlq.owner.trim().is_empty();
        if names_dlq && !owned_dlq {
            let said = match answer {
                Some(a) if a.is_answered() => "names no owned DLQ",
                _ => "is TBD",
            };
            out.push(rules::DLQ_ANSWER_CONTRACT.at(
                &design,
                line_in(artifacts, &design, |l| l.contains("| Bad messages |")),
                format!(
                    "the design's answer on bad messages {said}, but the contract of {} names the DLQ {} owned by {}; answer the question from the contract (an owned DLQ)",
                    c.name,
                    if c.dlq.name.trim().is_empty() { "(unnamed)" } else { c.dlq.name.trim() },
                    c.dlq.owner.trim()
                ),
            ));
        }
        if !names_dlq && owned_dlq && c.role != crate::session::ChannelRole::Produced {
            out.push(rules::DLQ_ANSWER_CONTRACT.at(
                &path,
                line_in(artifacts, &path, |l| l.to_lowercase().contains("dead-letter")),
                format!(
                    "the design answers that bad messages go to an owned DLQ, but the contract of {} names no DLQ owner; name the DLQ and its owner in the contract",
                    c.name
                ),
            ));
        }
        let class = c.pii_class.trim();
        let none = class.is_empty() || class.eq_ignore_ascii_case("none");
        let marked: Vec<&str> = c
            .fields
            .iter()
            .filter(|f| f.pii)
            .map(|f| f.name.as_str())
            .collect();
        if none && !marked.is_empty() {
            out.push(rules::CHANNEL_PII_FIELDS.at(
                &path,
                line_in(artifacts, &path, |l| l.contains("**PII class**")),
                format!(
                    "the contract of {} marks {} as PII but its PII class is {}; classify the channel",
                    c.name,
                    marked.join(", "),
                    if class.is_empty() { "unstated" } else { "none" }
                ),
            ));
        }
        // The feature's compliance line, as design.md states it, repeated word for word.
        let feature_line = artifacts
            .iter()
            .find(|a| a.path == design)
            .and_then(|a| a.text.lines().find(|l| l.starts_with("- **Compliance**:")))
            .filter(|l| l.contains("PII"));
        if class.eq_ignore_ascii_case("none")
            && let Some(feature_line) = feature_line
            && let Some(line) = line_in(artifacts, &path, |l| l == feature_line)
        {
            out.push(rules::CHANNEL_PII_INHERITED.at(
                &path,
                Some(line),
                format!(
                    "the contract of {} repeats the feature's PII compliance line while the channel's PII class is none; state the channel's own class",
                    c.name
                ),
            ));
        }
    }
}

/// Every ADR names who makes the decision.
pub(crate) fn decision_makers(
    kb: &KnowledgeBase,
    session: &Session,
    artifacts: &[Artifact],
    out: &mut Vec<Finding>,
) {
    for d in crate::export::decided::decisions(kb, session) {
        if d.decision_makers.iter().any(|m| !m.trim().is_empty()) {
            continue;
        }
        let path = crate::export::decided::path(kb, &d);
        out.push(rules::ADR_DECISION_MAKERS.at(
            &path,
            line_in(artifacts, &path, |l| l.starts_with("decision-makers:")),
            format!(
                "ADR-{:04} \"{}\" names no decision-makers; record who makes this decision",
                d.number,
                d.title.trim()
            ),
        ));
    }
}

/// Evidence that claims files (every channel documented, schemas declared, a runbook)
/// is backed by at least one file of those kinds, written now or already on disk.
pub(crate) fn evidence_files(
    kb: &KnowledgeBase,
    session: &Session,
    artifacts: &[Artifact],
    existing: &[String],
    out: &mut Vec<Finding>,
) {
    let design = crate::export::registry::path(kb, "design", &[]);
    for e in &kb.selfcheck.evidence_files {
        if !session.evidence.contains(e.evidence.as_str()) {
            continue;
        }
        let written = artifacts
            .iter()
            .any(|a| e.kinds.iter().any(|k| k == a.kind));
        let on_disk = e.kinds.iter().any(|k| {
            let folder = crate::export::paths::folder(kb, k);
            !folder.is_empty() && existing.iter().any(|p| p.starts_with(&folder))
        });
        if written || on_disk {
            continue;
        }
        let text = kb
            .tiers
            .iter()
            .flat_map(|t| t.evidence.iter())
            .find(|g| g.id.get_ref() == &e.evidence)
            .map_or(e.evidence.clone(), |g| g.text.clone());
        out.push(rules::EVIDENCE_WITHOUT_FILES.at(
            &design,
            line_in(artifacts, &design, |l| {
                l.contains(text.trim_end_matches('.'))
            }),
            format!(
                "\"{}\" is ticked, but no {} file is written or on disk; write them or untick it",
                text.trim_end_matches('.'),
                e.kinds.join(" or ")
            ),
        ));
    }
}

/// The first duration a text states ("7 days", "36 h", "2 weeks"), in seconds.
pub(crate) fn duration_secs(text: &str) -> Option<u64> {
    let words: Vec<String> = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    for (i, w) in words.iter().enumerate() {
        // "7 days" or "7d".
        let split = w.find(|c: char| !c.is_ascii_digit() && c != '.');
        let (num, unit) = match split {
            Some(0) => continue,
            Some(at) => (&w[..at], w[at..].to_string()),
            None => (w.as_str(), words.get(i + 1).cloned().unwrap_or_default()),
        };
        let Ok(n) = num.parse::<f64>() else { continue };
        let secs = match unit.as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            "d" | "day" | "days" => 86_400.0,
            "w" | "wk" | "week" | "weeks" => 604_800.0,
            _ => continue,
        };
        return Some((n * secs) as u64);
    }
    None
}

/// A channel's DLQ (its runbook's retention) keeps dead letters at least as long as the
/// channel keeps its messages.
pub(crate) fn retention(
    kb: &KnowledgeBase,
    session: &Session,
    artifacts: &[Artifact],
    out: &mut Vec<Finding>,
) {
    for r in &session.runbooks {
        let Some(c) = session
            .channels
            .iter()
            .find(|c| !r.channel.trim().is_empty() && c.name.trim() == r.channel.trim())
        else {
            continue;
        };
        let (Some(dlq), Some(source)) = (duration_secs(&r.retention), duration_secs(&c.retention))
        else {
            continue;
        };
        if dlq >= source {
            continue;
        }
        let path = crate::export::paths::runbook_path(kb, r);
        out.push(rules::RETENTION_CONSISTENCY.at(
            &path,
            line_in(artifacts, &path, |l| l.to_lowercase().contains("retention")),
            format!(
                "the DLQ of {} keeps dead letters for \"{}\", less than the channel keeps its messages (\"{}\"); keep the DLQ at least as long as its source",
                c.name.trim(),
                r.retention.trim(),
                c.retention.trim()
            ),
        ));
    }
}

/// The session's answers and target flows that match "question=choice" or
/// "flow=mechanism" terms, in words.
fn matching(kb: &KnowledgeBase, session: &Session, terms: &[Text]) -> Vec<String> {
    let mut out = Vec::new();
    for t in terms {
        let Some((q, choice)) = t.split_once('=') else {
            continue;
        };
        if q == "flow" {
            for f in session
                .flows
                .iter()
                .filter(|f| f.change.in_target() && f.mechanism.as_str() == choice)
            {
                out.push(format!(
                    "the flow {} -> {} by {choice}",
                    f.from.trim(),
                    f.to.trim()
                ));
            }
        } else if session
            .answer(q)
            .is_some_and(|a| a.is_answered() && a.choices.iter().any(|c| c == choice))
        {
            let label = kb.question(q).map_or(q, |x| x.label());
            let chosen = kb
                .question(q)
                .and_then(|x| x.choice(choice))
                .map_or(choice, |c| c.label.as_str());
            out.push(format!("{label} = {chosen}"));
        }
    }
    out
}

/// Strong consistency claimed while the target design moves data asynchronously.
pub(crate) fn consistency_vs_async(
    kb: &KnowledgeBase,
    session: &Session,
    artifacts: &[Artifact],
    out: &mut Vec<Finding>,
) {
    let terms = &kb.selfcheck.consistency_async;
    let strong = matching(kb, session, &terms.strong);
    let asynchronous = matching(kb, session, &terms.asynchronous);
    if strong.is_empty() || asynchronous.is_empty() {
        return;
    }
    let design = crate::export::registry::path(kb, "design", &[]);
    out.push(rules::CONSISTENCY_VS_ASYNC.at(
        &design,
        line_in(artifacts, &design, |l| l.starts_with("| Consistency |")),
        format!(
            "the answers claim strong consistency ({}) but the design moves data asynchronously ({}); a reader can see one side before the other, so state the consistency per scope (integrity strong, timeliness eventual with its bound)",
            strong.join("; "),
            asynchronous.join("; ")
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_names() {
        for ok in [
            "orders.placed.v1",
            "com.acme.orders.placed.v12",
            "orders.line-items.added.v2",
        ] {
            assert!(is_semantic_versioned(ok), "{ok}");
        }
        for bad in [
            "events",
            "orders.v1",
            "orders.placed",
            "Orders.Placed.v1",
            "orders..v1",
            "orders.placed.v",
            "orders.placed.1",
        ] {
            assert!(!is_semantic_versioned(bad), "{bad}");
        }
    }

    #[test]
    fn via_names_a_channel_as_a_word() {
        assert!(names_channel(
            "Kafka topic products.changed.v1",
            "products.changed.v1"
        ));
        assert!(names_channel("products.changed.v1.", "products.changed.v1"));
        assert!(!names_channel(
            "Kafka topic products.changed.v1.dlq",
            "products.changed.v1"
        ));
        assert!(!names_channel("", "products.changed.v1"));
    }

    #[test]
    fn durations_are_read_from_the_first_number_and_unit() {
        use super::duration_secs;
        assert_eq!(duration_secs("7 days"), Some(7 * 86_400));
        assert_eq!(
            duration_secs("14 days, twice the source topic's"),
            Some(14 * 86_400)
        );
        assert_eq!(duration_secs("36h"), Some(36 * 3600));
        assert_eq!(duration_secs("p99 under 60 s"), Some(60));
        assert_eq!(duration_secs("forever"), None);
    }
}
