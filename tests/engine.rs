//! The engine's behaviour: what each answer set must produce.

use design_advisor::engine::{self, Provenance, TbdKind};
use design_advisor::kb::{KnowledgeBase, Severity};
use design_advisor::rules::WitnessKind;
use design_advisor::session::{self, Answer, Date, GraphPath, Session};
use std::sync::LazyLock;

static KB: LazyLock<KnowledgeBase> = LazyLock::new(KnowledgeBase::builtin);

fn example(name: &str) -> Session {
    let (_, text) = design_advisor::kb::example_sessions()
        .iter()
        .find(|(f, _)| *f == format!("{name}.toml"))
        .expect("example exists");
    let s = session::load_str(text, name).unwrap();
    assert_eq!(
        s.problems(&KB),
        Vec::<String>::new(),
        "example {name} must match the knowledge base"
    );
    s
}

fn answer(s: &mut Session, q: &str, choices: &[&str]) {
    assert!(KB.question(q).is_some(), "unknown question {q}");
    s.answers.insert(
        q.into(),
        Answer {
            choices: choices.iter().map(|c| c.to_string()).collect(),
            ..Answer::default()
        },
    );
}

fn later(s: &mut Session, q: &str) {
    s.answers.insert(
        q.into(),
        Answer {
            tbd: true,
            owner: "team-a".into(),
            ..Answer::default()
        },
    );
}

fn new_session() -> Session {
    Session::new(
        "Test feature",
        Date {
            year: 2026,
            month: 1,
            day: 2,
        },
    )
}

fn ids<'a>(it: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    it.into_iter().collect()
}

/// A design above the threshold with every reliability and distributed question answered
/// healthily and every evidence item ticked.
fn healthy() -> Session {
    let mut s = new_session();
    answer(&mut s, "threshold.scope", &["several-services"]);
    answer(&mut s, "threshold.users", &["production"]);
    answer(&mut s, "threshold.infra", &["new-durable-infra"]);
    answer(&mut s, "reliability.delivery", &["at-least-once"]);
    answer(&mut s, "reliability.idempotency", &["db-unique-key"]);
    answer(&mut s, "reliability.bad_messages", &["dlq-owned"]);
    answer(&mut s, "reliability.retry", &["bounded-backoff-jitter"]);
    answer(&mut s, "reliability.ordering", &["per-key"]);
    answer(&mut s, "reliability.schema", &["registry-with-ci-gate"]);
    answer(&mut s, "reliability.observability", &["traces-and-metrics"]);
    answer(
        &mut s,
        "reliability.failure_boundary",
        &["process-manager-compensation"],
    );
    answer(&mut s, "distributed.ownership", &["named-owner"]);
    answer(&mut s, "distributed.consistency", &["eventual"]);
    answer(&mut s, "distributed.scaling_axis", &["partitions"]);
    answer(
        &mut s,
        "distributed.failure_modes",
        &["budgeted-timeouts-and-retries"],
    );
    answer(
        &mut s,
        "distributed.backpressure",
        &["bounded-and-signalled"],
    );
    answer(
        &mut s,
        "distributed.operations",
        &["slo-dashboards-alerts-runbooks"],
    );
    answer(&mut s, "practices.derived_update", &["outbox-cdc"]);
    answer(&mut s, "practices.ack", &["after-durable-write"]);
    for t in KB.tiers.iter().filter(|t| t.per_service) {
        for e in &t.evidence {
            s.evidence.insert(e.id.get_ref().clone());
        }
    }
    s
}

#[test]
fn search_drift_example_flags_the_dual_write_and_stays_prototype() {
    let s = example("search-analytics-drift");
    let a = engine::assess(&KB, &s);
    assert!(!a.threshold.below);
    assert_eq!(
        ids(a
            .findings
            .iter()
            .map(|f| f.antipattern.id.get_ref().as_str())),
        [
            "dual-write",
            "missing-trace-context",
            "unchecked-schema-changes"
        ]
    );
    let dual = &a.findings[0];
    assert_eq!(dual.severity(), Severity::Critical);
    // Both the practice answer and the recorded data flows show the dual write.
    let found: Vec<_> = dual
        .triggered_by
        .iter()
        .map(|w| (w.question.as_str(), w.choice.as_deref(), w.kind))
        .collect();
    assert_eq!(
        found,
        [
            ("app-dual-write", None, WitnessKind::Flow),
            (
                "practices.derived_update",
                Some("app-dual-write"),
                WitnessKind::Choice
            )
        ]
    );
    assert!(
        dual.fix
            .iter()
            .any(|p| p.id.get_ref() == "transactional-outbox")
    );
    assert_eq!(
        ids(a.patterns.iter().map(|r| r.pattern.id.get_ref().as_str())),
        [
            "system-of-record",
            "change-data-capture",
            "log-based-messaging",
            "idempotent-receiver",
            "materialized-view",
            "hash-partitioning",
            "resequencer"
        ]
    );
    assert_eq!(a.tier.earned.id.get_ref(), "prototype");
    assert!(
        !a.tier.gate_met,
        "a 'later' reliability answer leaves the Prototype gate unmet"
    );
    assert!(a.tier.caps.iter().any(|c| c.reason.contains("Dual write")));
    let tbd_ids: Vec<&str> = a
        .tbds
        .iter()
        .map(|t| t.question.id.get_ref().as_str())
        .collect();
    assert_eq!(
        tbd_ids,
        [
            "reliability.bad_messages",
            // distributed.scaling_axis is pre-filled from requirements.scale (asked once).
            "distributed.failure_modes",
            "distributed.backpressure",
            "distributed.operations",
            "concerns.cost_owner",
            "concerns.capacity",
            "concerns.dr",
            "concerns.lifecycle"
        ]
    );
    let bad = &a.tbds[0];
    assert_eq!(bad.kind, TbdKind::Later);
    assert_eq!(bad.owner.as_deref(), Some("search-team"));
    assert_eq!(
        bad.due.map(|d| d.to_string()).as_deref(),
        Some("2026-12-15")
    );
}

#[test]
fn transfer_example_flags_2pc_and_recommends_a_logged_request() {
    let s = example("ledger-transfer-2pc");
    let a = engine::assess(&KB, &s);
    assert_eq!(
        ids(a
            .findings
            .iter()
            .map(|f| f.antipattern.id.get_ref().as_str())),
        ["distributed-two-phase-commit"]
    );
    let found: Vec<_> = a.findings[0]
        .triggered_by
        .iter()
        .map(|w| (w.question.as_str(), w.choice.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            ("correctness.multi_partition", Some("distributed-commit")),
            ("reliability.failure_boundary", Some("distributed-2pc"))
        ]
    );
    let patterns = ids(a.patterns.iter().map(|r| r.pattern.id.get_ref().as_str()));
    assert_eq!(
        &patterns[..3],
        [
            "single-message-multi-partition",
            "end-to-end-operation-id",
            "idempotent-receiver"
        ]
    );
    assert!(patterns.contains(&"double-entry-ledger"));
    // Reliability complete and the Prototype gate met; the outbox/inbox item is still missing.
    assert_eq!(a.tier.earned.id.get_ref(), "prototype");
    assert!(a.tier.gate_met);
    assert_eq!(a.tier.next.unwrap().id.get_ref(), "service-ready-basic");
    assert_eq!(
        ids(a
            .tier
            .missing_for_next
            .iter()
            .map(|e| e.id.get_ref().as_str())),
        ["t1.outbox-or-inbox"]
    );
    assert_eq!(a.tbds.len(), 1);
    assert_eq!(a.tbds[0].question.id.get_ref(), "distributed.failure_modes");
    assert_eq!(a.tbds[0].owner.as_deref(), Some("payments-platform"));
}

#[test]
fn notifications_example_finds_clock_ordering_and_suggests_causal_tracking() {
    let s = example("notifications-causal-order");
    let a = engine::assess(&KB, &s);
    assert_eq!(
        ids(a
            .findings
            .iter()
            .map(|f| f.antipattern.id.get_ref().as_str())),
        ["unowned-dead-letter-queue", "wall-clock-ordering"]
    );
    assert_eq!(
        ids(a.patterns.iter().map(|r| r.pattern.id.get_ref().as_str())),
        [
            "causal-dependency-tracking",
            "logical-clocks",
            "correlation-identifier"
        ]
    );
    // The causal-ordering option was suggested by the causal consistency answers.
    let Provenance::Path {
        suggested_by,
        nodes,
        ..
    } = &a.patterns[0].provenance[0]
    else {
        panic!("expected a path")
    };
    assert_eq!(nodes.last().unwrap().id.get_ref(), "causal-dependency");
    assert!(
        suggested_by
            .iter()
            .any(|w| w.question == "reliability.ordering" && w.choice.as_deref() == Some("causal")),
        "{suggested_by:?}"
    );
    assert_eq!(a.tier.earned.id.get_ref(), "prototype");
    // distributed.consistency, .ownership and .scaling_axis take their answers from the
    // requirements and threshold answers (asked once), so they are not TBDs.
    assert_eq!(a.tbds.len(), 8);
    assert_eq!(a.tbds[0].question.id.get_ref(), "reliability.schema");
    // The path not added still shows its untaken branch as an alternative.
    assert!(
        a.alternatives
            .iter()
            .any(|x| x.option.to.get_ref() == "causal-pair-log")
    );
}

#[test]
fn a_healthy_fully_evidenced_design_earns_enterprise_critical() {
    let a = engine::assess(&KB, &healthy());
    assert_eq!(
        ids(a
            .findings
            .iter()
            .map(|f| f.antipattern.id.get_ref().as_str())),
        Vec::<&str>::new()
    );
    assert_eq!(
        a.tier.earned.id.get_ref(),
        "enterprise-critical",
        "caps: {:?}",
        a.tier.caps.iter().map(|c| &c.reason).collect::<Vec<_>>()
    );
    assert!(
        a.tier.next.is_none(),
        "the organisation-level tier is not a per-service tier"
    );
}

#[test]
fn a_dual_write_caps_the_tier_at_prototype() {
    let mut s = healthy();
    answer(&mut s, "practices.derived_update", &["app-dual-write"]);
    let a = engine::assess(&KB, &s);
    assert!(
        a.findings
            .iter()
            .any(|f| f.antipattern.id.get_ref() == "dual-write")
    );
    assert_eq!(a.tier.earned.id.get_ref(), "prototype");
    assert_eq!(a.tier.next.unwrap().id.get_ref(), "service-ready-basic");
    assert!(
        a.tier
            .blocking_next
            .iter()
            .any(|c| c.reason.contains("Dual write"))
    );
}

#[test]
fn a_later_or_missing_reliability_answer_caps_the_tier_at_prototype() {
    for q in KB
        .questionnaire("reliability")
        .unwrap()
        .question
        .iter()
        .map(|q| q.id.get_ref().clone())
    {
        let mut s = healthy();
        later(&mut s, &q);
        let a = engine::assess(&KB, &s);
        assert_eq!(a.tier.earned.id.get_ref(), "prototype", "{q} marked later");
        assert!(
            a.tbds
                .iter()
                .any(|t| t.question.id.get_ref() == &q && t.kind == TbdKind::Later)
        );

        let mut s = healthy();
        s.answers.remove(&q);
        assert_eq!(
            engine::assess(&KB, &s).tier.earned.id.get_ref(),
            "prototype",
            "{q} unanswered"
        );
    }
}

#[test]
fn missing_evidence_holds_the_tier_at_the_last_complete_gate() {
    let mut s = healthy();
    s.evidence.remove("t3.real-broker-test");
    let a = engine::assess(&KB, &s);
    assert_eq!(a.tier.earned.id.get_ref(), "service-ready");
    assert_eq!(a.tier.next.unwrap().id.get_ref(), "production-ready");
    assert_eq!(
        ids(a
            .tier
            .missing_for_next
            .iter()
            .map(|e| e.id.get_ref().as_str())),
        ["t3.real-broker-test"]
    );
}

#[test]
fn healthy_answers_do_not_trigger_anti_patterns() {
    // At-least-once with an idempotency store is the recommended default, not a finding.
    let mut s = new_session();
    answer(&mut s, "reliability.delivery", &["at-least-once"]);
    answer(&mut s, "reliability.idempotency", &["dedup-store-ttl"]);
    answer(&mut s, "reliability.retry", &["bounded-backoff-jitter"]);
    assert!(engine::assess(&KB, &s).findings.is_empty());
    // The same delivery with no idempotency is.
    answer(&mut s, "reliability.idempotency", &["none"]);
    let a = engine::assess(&KB, &s);
    assert_eq!(
        ids(a
            .findings
            .iter()
            .map(|f| f.antipattern.id.get_ref().as_str())),
        ["non-idempotent-at-least-once"]
    );
}

#[test]
fn below_the_threshold_the_simple_design_is_recommended() {
    let mut s = new_session();
    answer(&mut s, "threshold.scope", &["one-service"]);
    answer(&mut s, "threshold.users", &["none"]);
    answer(&mut s, "threshold.infra", &["none"]);
    let a = engine::assess(&KB, &s);
    assert!(a.threshold.below);
    assert_eq!(a.threshold.because.len(), 3);
    assert_eq!(
        ids(a.patterns.iter().map(|r| r.pattern.id.get_ref().as_str())),
        ["single-node-database"]
    );
    assert!(matches!(
        a.patterns[0].provenance[0],
        Provenance::Threshold { .. }
    ));
    // Only the short path is asked: the five data requirements remain open.
    assert_eq!(a.tbds.len(), 5);
    assert!(
        a.tbds
            .iter()
            .all(|t| t.questionnaire.id.get_ref() == "requirements")
    );

    // One production user base is enough to be above it.
    answer(&mut s, "threshold.users", &["production"]);
    assert!(!engine::assess(&KB, &s).threshold.below);
}

#[test]
fn data_requirements_yield_advice_in_every_area() {
    let mut s = new_session();
    answer(&mut s, "requirements.read_write", &["write-heavy"]);
    answer(&mut s, "requirements.consistency", &["strong"]);
    answer(&mut s, "requirements.scale", &["horizontal"]);
    answer(&mut s, "requirements.latency", &["realtime"]);
    answer(&mut s, "requirements.data_model", &["time-series"]);
    let a = engine::assess(&KB, &s);
    for area in [
        "storage",
        "encoding",
        "replication",
        "partitioning",
        "isolation",
    ] {
        assert!(
            a.advice.iter().any(|d| d.principle.area == area),
            "no {area} advice"
        );
    }
    let storage: Vec<&str> = a
        .advice
        .iter()
        .filter(|d| d.principle.area == "storage")
        .map(|d| d.text)
        .collect();
    assert!(
        storage.iter().any(|t| t.contains("LSM")),
        "write-heavy should suggest an LSM-tree engine: {storage:?}"
    );
    let replication = a
        .advice
        .iter()
        .find(|d| {
            d.principle.area == "replication"
                && d.because
                    .iter()
                    .any(|w| w.question == "requirements.consistency")
        })
        .expect("replication advice citing consistency");
    assert!(
        replication.text.to_lowercase().contains("single-leader")
            || replication.text.to_lowercase().contains("single leader"),
        "{}",
        replication.text
    );
}

#[test]
fn every_anti_pattern_rule_can_fire_and_every_fix_exists() {
    // Each rule must be satisfiable by some answers; a rule that can never fire is a defect.
    // A cheap search: for every rule, try each (question, choice) atom it names as the only answer,
    // then all atoms together.
    use design_advisor::rules::Reference;
    for ap in &KB.antipatterns {
        let rule = ap
            .parsed_rule
            .as_ref()
            .expect("every built-in anti-pattern has a rule");
        let refs: Vec<(String, String)> = rule
            .references()
            .into_iter()
            .filter_map(|r| match r {
                Reference::Choice { question, choice } => {
                    Some((question.to_string(), choice.to_string()))
                }
                _ => None,
            })
            .collect();
        let mut fired = false;
        // Try every combination of one choice per referenced question (small: rules name few).
        let mut questions: Vec<String> = refs.iter().map(|(q, _)| q.clone()).collect();
        questions.sort();
        questions.dedup();
        let options: Vec<Vec<String>> = questions
            .iter()
            .map(|q| {
                refs.iter()
                    .filter(|(r, _)| r == q)
                    .map(|(_, c)| c.clone())
                    .chain(
                        KB.question(q)
                            .unwrap()
                            .choice
                            .iter()
                            .map(|c| c.id.get_ref().clone()),
                    )
                    .collect()
            })
            .collect();
        let total: usize = options.iter().map(Vec::len).product();
        for n in 0..total.min(50_000) {
            let mut s = new_session();
            let mut k = n;
            for (q, opts) in questions.iter().zip(&options) {
                answer(&mut s, q, &[&opts[k % opts.len()]]);
                k /= opts.len();
            }
            if engine::assess(&KB, &s)
                .findings
                .iter()
                .any(|f| f.antipattern.id == ap.id)
            {
                fired = true;
                break;
            }
        }
        assert!(fired, "anti-pattern {} can never fire", ap.id.get_ref());
        assert!(!ap.fix.is_empty());
    }
    assert!(KB.antipatterns.len() >= 25);
}

#[test]
fn recommendations_carry_their_path() {
    let mut s = new_session();
    answer(&mut s, "practices.derived_update", &["app-dual-write"]);
    s.paths.push(GraphPath {
        nodes: vec![
            "root".into(),
            "area-integration".into(),
            "derived-data-sync".into(),
            "propagation-cdc".into(),
        ],
        added: true,
    });
    s.paths.push(GraphPath {
        nodes: vec![
            "root".into(),
            "area-integration".into(),
            "system-of-record".into(),
        ],
        added: false,
    });
    let a = engine::assess(&KB, &s);
    let cdc = a
        .patterns
        .iter()
        .find(|r| r.pattern.id.get_ref() == "change-data-capture")
        .unwrap();
    assert_eq!(
        cdc.provenance.len(),
        1,
        "a path not added to the design gives no provenance"
    );
    let Provenance::Path {
        nodes,
        suggested_by,
        index,
    } = &cdc.provenance[0]
    else {
        panic!()
    };
    assert_eq!(*index, 0);
    assert_eq!(nodes.len(), 4);
    assert!(
        suggested_by
            .iter()
            .any(|w| w.choice.as_deref() == Some("app-dual-write"))
    );
}
