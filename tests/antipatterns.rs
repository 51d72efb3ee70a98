//! Every anti-pattern of the knowledge base fires on a session that shows it and stays
//! silent on a near miss; the corrected rules each have a case the old rule got wrong;
//! and two properties: adding a bundle never removes or downgrades a finding, and
//! findings only on today's system never cap the tier.

use design_advisor::engine::{self, Assessment};
use design_advisor::kb::KnowledgeBase;
use design_advisor::session::{Answer, Change, Date, Flow, GraphPath, Mechanism, Session};
use proptest::prelude::*;
use std::sync::LazyLock;

static KB: LazyLock<KnowledgeBase> = LazyLock::new(KnowledgeBase::builtin);

type Answers<'a> = &'a [(&'a str, &'a [&'a str])];

fn set(s: &mut Session, q: &str, choices: &[&str]) {
    let question = KB
        .question(q)
        .unwrap_or_else(|| panic!("unknown question {q}"));
    for c in choices {
        assert!(question.choice(c).is_some(), "unknown choice {q} = {c}");
    }
    if choices.is_empty() {
        s.answers.remove(q);
    } else {
        s.answers.insert(
            q.into(),
            Answer {
                choices: choices.iter().map(|c| c.to_string()).collect(),
                ..Answer::default()
            },
        );
    }
}

/// A multi-service design with every question answered in a healthy way: no finding.
fn baseline() -> Session {
    let mut s = Session::new(
        "Order pipeline",
        Date {
            year: 2026,
            month: 3,
            day: 4,
        },
    );
    let answers: Answers = &[
        ("threshold.scope", &["several-services"]),
        ("threshold.users", &["production"]),
        ("threshold.infra", &["new-durable-infra"]),
        ("requirements.read_write", &["balanced"]),
        ("requirements.consistency", &["read-your-writes"]),
        ("requirements.scale", &["read-replicas"]),
        ("requirements.latency", &["near-realtime"]),
        ("requirements.data_model", &["relational"]),
        ("practices.derived_update", &["outbox-cdc"]),
        ("practices.ack", &["after-durable-write"]),
        ("practices.channels", &["per-event-type"]),
        ("practices.payload", &["small"]),
        ("practices.write_path", &["one-or-two-sync-hops"]),
        ("practices.shared_db", &["own-database"]),
        ("practices.cache_role", &["cache-aside-rebuildable"]),
        ("practices.locks", &["none"]),
        ("practices.storage_engine", &["b-tree"]),
        ("practices.isolation", &["read-committed"]),
        ("practices.replication", &["single-leader-async"]),
        ("practices.partition_key", &["hashed-entity-key"]),
        ("practices.ordering_source", &["log-offsets"]),
        ("practices.routing", &["thin-routing"]),
        ("practices.deploy", &["independent"]),
        ("practices.retry_layers", &["single-budget"]),
        ("practices.autoscale_signal", &["queue-age-or-lag"]),
        ("practices.regions", &["single-region"]),
        ("practices.schema_changes", &["ci-compat-gate"]),
        ("practices.multi_step", &["process-manager"]),
        ("practices.buffers", &["bounded"]),
        ("reliability.delivery", &["at-least-once"]),
        ("reliability.idempotency", &["db-unique-key"]),
        ("reliability.bad_messages", &["dlq-owned"]),
        ("reliability.retry", &["bounded-backoff-jitter"]),
        ("reliability.ordering", &["per-key"]),
        ("reliability.schema", &["registry-with-ci-gate"]),
        ("reliability.observability", &["traces-and-metrics"]),
        (
            "reliability.failure_boundary",
            &["process-manager-compensation"],
        ),
        ("distributed.ownership", &["named-owner"]),
        ("distributed.consistency", &["read-your-writes"]),
        ("distributed.scaling_axis", &["partitions"]),
        (
            "distributed.failure_modes",
            &["budgeted-timeouts-and-retries"],
        ),
        ("distributed.backpressure", &["bounded-and-signalled"]),
        (
            "distributed.operations",
            &["slo-dashboards-alerts-runbooks"],
        ),
        ("concerns.ownership", &["several-teams"]),
        ("concerns.tenancy", &["single-tenant"]),
        ("concerns.cost_owner", &["feature-team"]),
        ("concerns.compliance", &["pii"]),
        ("concerns.capacity", &["medium"]),
        ("concerns.dr", &["backup-restore"]),
        ("concerns.lifecycle", &["long-lived"]),
        (
            "correctness.consumer_idempotency",
            &["dedup-by-operation-id"],
        ),
        ("correctness.operation_id", &["end-to-end"]),
        ("correctness.multi_partition", &["not-applicable"]),
        ("correctness.timeliness_integrity", &["separated"]),
        ("correctness.constraints", &["async-where-recoverable"]),
    ];
    for (q, cs) in answers {
        set(&mut s, q, cs);
    }
    s
}

fn with(answers: Answers) -> Session {
    let mut s = baseline();
    for (q, cs) in answers {
        set(&mut s, q, cs);
    }
    s
}

fn ids(a: &Assessment) -> Vec<String> {
    a.findings
        .iter()
        .map(|f| f.antipattern.id.get_ref().to_string())
        .collect()
}

fn fires(s: &Session, id: &str) -> bool {
    ids(&engine::assess(&KB, s)).iter().any(|x| x == id)
}

/// The anti-patterns of the knowledge base when this suite was written; each has a
/// case below. Anti-patterns added later bring their own cases.
const EXISTING: [&str; 31] = [
    "dual-write",
    "non-idempotent-at-least-once",
    "distributed-two-phase-commit",
    "ack-before-commit",
    "shared-oltp-database",
    "unbounded-retries",
    "active-active-without-conflict-policy",
    "lock-without-fencing",
    "retry-without-jitter-or-classification",
    "unowned-dead-letter-queue",
    "no-dead-letter-channel",
    "shared-channel-many-types",
    "synchronous-write-chain",
    "business-rules-in-routers",
    "large-inline-payloads",
    "missing-trace-context",
    "unchecked-schema-changes",
    "missing-schema-evolution",
    "eventual-consistency-without-coordination",
    "distributed-monolith",
    "retry-storm",
    "unbounded-buffers",
    "missing-backpressure",
    "cache-as-source-of-truth",
    "autoscaling-on-wrong-signal",
    "wrong-storage-engine",
    "isolation-too-weak",
    "serializable-without-need",
    "sync-replication-where-async-suffices",
    "hot-partition",
    "wall-clock-ordering",
];

struct Case {
    id: &'static str,
    /// Answers on top of the baseline that show the anti-pattern.
    shows: Answers<'static>,
    /// Answers close to it that do not.
    near_miss: Answers<'static>,
}

const CASES: &[Case] = &[
    Case {
        id: "dual-write",
        shows: &[("practices.derived_update", &["app-dual-write"])],
        near_miss: &[("practices.derived_update", &["outbox-cdc"])],
    },
    Case {
        id: "non-idempotent-at-least-once",
        shows: &[("reliability.idempotency", &["none"])],
        near_miss: &[
            ("reliability.idempotency", &["none"]),
            ("reliability.delivery", &["at-most-once"]),
            ("reliability.retry", &["none"]),
        ],
    },
    Case {
        id: "non-idempotent-at-least-once",
        shows: &[
            ("reliability.delivery", &["effectively-once"]),
            ("correctness.consumer_idempotency", &["not-idempotent"]),
        ],
        near_miss: &[
            ("reliability.delivery", &["effectively-once"]),
            (
                "correctness.consumer_idempotency",
                &["naturally-idempotent"],
            ),
        ],
    },
    Case {
        id: "distributed-two-phase-commit",
        shows: &[("reliability.failure_boundary", &["distributed-2pc"])],
        near_miss: &[("reliability.failure_boundary", &["local-transaction"])],
    },
    Case {
        id: "distributed-two-phase-commit",
        shows: &[("correctness.multi_partition", &["distributed-commit"])],
        near_miss: &[(
            "correctness.multi_partition",
            &["single-message-then-fan-out"],
        )],
    },
    Case {
        id: "ack-before-commit",
        shows: &[("practices.ack", &["before-processing"])],
        near_miss: &[("practices.ack", &["no-consumers"])],
    },
    Case {
        id: "shared-oltp-database",
        shows: &[("practices.shared_db", &["shared-oltp-tables"])],
        near_miss: &[("practices.shared_db", &["shared-read-only-reporting"])],
    },
    Case {
        id: "unbounded-retries",
        shows: &[("reliability.retry", &["unbounded"])],
        near_miss: &[("reliability.retry", &["bounded-backoff-jitter"])],
    },
    Case {
        id: "active-active-without-conflict-policy",
        shows: &[("practices.regions", &["active-active-no-conflict-policy"])],
        near_miss: &[("practices.regions", &["active-passive"])],
    },
    Case {
        id: "active-active-without-conflict-policy",
        shows: &[
            ("practices.regions", &["active-active-with-conflict-policy"]),
            ("concerns.compliance", &["data-residency"]),
        ],
        near_miss: &[
            ("practices.regions", &["active-active-with-conflict-policy"]),
            ("concerns.compliance", &["gdpr"]),
        ],
    },
    Case {
        id: "active-active-without-conflict-policy",
        shows: &[
            ("concerns.dr", &["active-active"]),
            ("practices.regions", &[]),
        ],
        near_miss: &[
            ("concerns.dr", &["active-active"]),
            ("practices.regions", &["active-active-with-conflict-policy"]),
        ],
    },
    Case {
        id: "lock-without-fencing",
        shows: &[("practices.locks", &["lock-without-fencing"])],
        near_miss: &[("practices.locks", &["lease-and-fencing"])],
    },
    Case {
        id: "retry-without-jitter-or-classification",
        shows: &[("reliability.retry", &["bounded-no-jitter"])],
        near_miss: &[("reliability.retry", &["bounded-backoff-jitter"])],
    },
    Case {
        id: "unowned-dead-letter-queue",
        shows: &[("reliability.bad_messages", &["dlq-unowned"])],
        near_miss: &[("reliability.bad_messages", &["invalid-channel-and-dlq"])],
    },
    Case {
        id: "no-dead-letter-channel",
        shows: &[("reliability.bad_messages", &["none"])],
        near_miss: &[
            ("reliability.bad_messages", &["none"]),
            ("reliability.delivery", &["at-most-once"]),
        ],
    },
    Case {
        id: "shared-channel-many-types",
        shows: &[("practices.channels", &["shared-many-types"])],
        near_miss: &[("practices.channels", &["per-event-type"])],
    },
    Case {
        id: "synchronous-write-chain",
        shows: &[("practices.write_path", &["three-plus-sync-hops"])],
        near_miss: &[("practices.write_path", &["one-or-two-sync-hops"])],
    },
    Case {
        id: "business-rules-in-routers",
        shows: &[("practices.routing", &["business-rules-in-routers"])],
        near_miss: &[("practices.routing", &["thin-routing"])],
    },
    Case {
        id: "large-inline-payloads",
        shows: &[("practices.payload", &["large-inline"])],
        near_miss: &[("practices.payload", &["claim-check"])],
    },
    Case {
        id: "missing-trace-context",
        shows: &[("reliability.observability", &["metrics-no-trace"])],
        near_miss: &[("correctness.operation_id", &["none"])],
    },
    Case {
        id: "unchecked-schema-changes",
        shows: &[("practices.schema_changes", &["merged-without-checks"])],
        near_miss: &[("practices.schema_changes", &["ci-compat-gate"])],
    },
    Case {
        id: "missing-schema-evolution",
        shows: &[("reliability.schema", &["none"])],
        near_miss: &[
            ("reliability.schema", &["none"]),
            ("practices.channels", &["no-broker"]),
            ("practices.write_path", &["local"]),
        ],
    },
    Case {
        id: "eventual-consistency-without-coordination",
        shows: &[("practices.multi_step", &["eventual-no-compensation"])],
        near_miss: &[("practices.multi_step", &["choreography-only"])],
    },
    Case {
        id: "distributed-monolith",
        shows: &[("practices.deploy", &["lockstep"])],
        near_miss: &[
            ("practices.deploy", &["lockstep"]),
            ("threshold.scope", &["one-service"]),
        ],
    },
    Case {
        id: "retry-storm",
        shows: &[("practices.retry_layers", &["every-layer-retries"])],
        near_miss: &[("practices.retry_layers", &["single-budget"])],
    },
    Case {
        id: "unbounded-buffers",
        shows: &[("practices.buffers", &["unbounded"])],
        near_miss: &[("practices.buffers", &["bounded"])],
    },
    Case {
        id: "missing-backpressure",
        shows: &[("distributed.backpressure", &["unbounded"])],
        near_miss: &[("distributed.backpressure", &["partial"])],
    },
    Case {
        id: "cache-as-source-of-truth",
        shows: &[("practices.cache_role", &["cache-as-source-of-truth"])],
        near_miss: &[("practices.cache_role", &["cache-aside-rebuildable"])],
    },
    Case {
        id: "autoscaling-on-wrong-signal",
        shows: &[("practices.autoscale_signal", &["cpu"])],
        near_miss: &[
            ("practices.autoscale_signal", &["cpu"]),
            ("practices.channels", &["no-broker"]),
        ],
    },
    Case {
        id: "wrong-storage-engine",
        shows: &[("requirements.read_write", &["write-heavy"])],
        near_miss: &[("requirements.read_write", &["read-heavy"])],
    },
    Case {
        id: "isolation-too-weak",
        shows: &[("practices.isolation", &["unknown"])],
        near_miss: &[
            ("practices.isolation", &["read-committed"]),
            ("requirements.consistency", &["strong"]),
            ("distributed.consistency", &["strong"]),
        ],
    },
    Case {
        id: "serializable-without-need",
        shows: &[
            ("practices.isolation", &["serializable"]),
            ("requirements.read_write", &["read-heavy"]),
        ],
        near_miss: &[
            ("practices.isolation", &["serializable"]),
            ("requirements.consistency", &["eventual"]),
        ],
    },
    Case {
        id: "sync-replication-where-async-suffices",
        shows: &[("practices.replication", &["single-leader-sync-all"])],
        near_miss: &[
            ("practices.replication", &["single-leader-sync-all"]),
            ("requirements.consistency", &["strong"]),
        ],
    },
    Case {
        id: "hot-partition",
        shows: &[("practices.partition_key", &["monotonic-key"])],
        near_miss: &[("practices.partition_key", &["hashed-entity-key"])],
    },
    Case {
        id: "wall-clock-ordering",
        shows: &[("practices.ordering_source", &["wall-clock"])],
        near_miss: &[("practices.ordering_source", &["sequence-numbers"])],
    },
];

#[test]
fn the_baseline_shows_no_anti_pattern() {
    let a = engine::assess(&KB, &baseline());
    assert!(ids(&a).is_empty(), "{:?}", ids(&a));
    assert!(baseline().problems(&KB).is_empty());
}

#[test]
fn every_anti_pattern_fires_on_a_session_showing_it_and_not_on_a_near_miss() {
    let mut met = 0;
    let mut failures = Vec::new();
    for case in CASES {
        let shows = with(case.shows);
        let near = with(case.near_miss);
        if fires(&shows, case.id) {
            met += 1;
        } else {
            failures.push(format!("{} did not fire on {:?}", case.id, case.shows));
        }
        if fires(&near, case.id) {
            failures.push(format!(
                "{} fired on the near miss {:?}",
                case.id, case.near_miss
            ));
        } else {
            met += 1;
        }
    }
    println!(
        "anti-pattern cases: {met}/{} expectations met",
        CASES.len() * 2
    );
    assert!(failures.is_empty(), "{failures:#?}");
    for id in EXISTING {
        assert!(
            KB.antipatterns.iter().any(|a| a.id.get_ref() == id),
            "{id} is gone"
        );
        assert!(CASES.iter().any(|c| c.id == id), "{id} has no case");
    }
}

#[test]
fn a_dual_write_data_flow_fires_and_a_cdc_flow_does_not() {
    let mut s = baseline();
    s.flows.push(Flow {
        from: "orders".into(),
        to: "search".into(),
        mechanism: Mechanism::AppDualWrite,
        ..Flow::default()
    });
    assert!(fires(&s, "dual-write"));
    s.flows[0].mechanism = Mechanism::Cdc;
    assert!(!fires(&s, "dual-write"));
    // Removed by the design: today's, not the target's.
    s.flows[0].mechanism = Mechanism::AppDualWrite;
    s.flows[0].change = Change::Removed;
    assert!(!fires(&s, "dual-write"));
}

// --- Corrections: each case is one the old rule got wrong. -----------------------------

#[test]
fn isolation_is_not_keyed_on_replica_consistency() {
    // Linearizable replicas say nothing about transaction isolation.
    let s = with(&[
        ("practices.isolation", &["read-committed"]),
        ("requirements.consistency", &["strong"]),
    ]);
    assert!(!fires(&s, "isolation-too-weak"));
    let s = with(&[
        ("practices.isolation", &["serializable"]),
        ("requirements.consistency", &["eventual"]),
        ("reliability.failure_boundary", &["local-transaction"]),
    ]);
    assert!(!fires(&s, "serializable-without-need"));
}

#[test]
fn a_missing_operation_id_is_not_missing_trace_context() {
    let s = with(&[("correctness.operation_id", &["none"])]);
    assert!(!fires(&s, "missing-trace-context"));
}

#[test]
fn active_active_disaster_recovery_with_regions_or_residency_unanswered_is_flagged() {
    let s = with(&[
        ("concerns.dr", &["active-active"]),
        ("practices.regions", &[]),
    ]);
    assert!(fires(&s, "active-active-without-conflict-policy"));
    let s = with(&[
        ("concerns.dr", &["active-active"]),
        ("concerns.compliance", &[]),
    ]);
    assert!(fires(&s, "active-active-without-conflict-policy"));
}

#[test]
fn effectively_once_without_idempotency_is_flagged() {
    let s = with(&[
        ("reliability.delivery", &["effectively-once"]),
        ("reliability.idempotency", &["none"]),
        ("reliability.retry", &["none"]),
    ]);
    assert!(fires(&s, "non-idempotent-at-least-once"));
    let s = with(&[
        ("reliability.delivery", &["effectively-once"]),
        ("correctness.consumer_idempotency", &["not-idempotent"]),
    ]);
    assert!(fires(&s, "non-idempotent-at-least-once"));
}

#[test]
fn the_outbox_comes_before_broker_transactions() {
    let node = KB.node("atomic-write-publish").unwrap();
    let order: Vec<&str> = node.patterns.iter().map(|p| p.get_ref().as_str()).collect();
    let pos = |p: &str| order.iter().position(|x| *x == p).unwrap();
    assert!(
        pos("transactional-outbox") < pos("transactional-client"),
        "{order:?}"
    );
    let dual = KB
        .antipatterns
        .iter()
        .find(|a| a.id.get_ref() == "dual-write")
        .unwrap();
    let fix: Vec<&str> = dual.fix.iter().map(|p| p.get_ref().as_str()).collect();
    assert_eq!(fix[0], "transactional-outbox");
    assert!(!fix.contains(&"transactional-client"), "{fix:?}");
}

#[test]
fn hot_keys_are_not_fixed_by_compound_keys() {
    let hot = KB
        .antipatterns
        .iter()
        .find(|a| a.id.get_ref() == "hot-partition")
        .unwrap();
    assert!(
        !hot.fix
            .iter()
            .any(|p| p.get_ref() == "compound-key-partitioning")
    );
}

fn met(s: &Session, id: &str) -> bool {
    engine::assess(&KB, s)
        .tier
        .met
        .iter()
        .any(|e| e.id.get_ref() == id)
}

#[test]
fn a_declared_schema_without_a_ci_gate_is_declared() {
    let s = with(&[("reliability.schema", &["schema-no-gate"])]);
    assert!(met(&s, "t2.schema-declared"));
    assert!(!met(
        &with(&[("reliability.schema", &["none"])]),
        "t2.schema-declared"
    ));
}

#[test]
fn alerts_and_runbook_are_evidence_of_their_own() {
    // The full operations answer also claims capacity and cost (tier 4): it no longer
    // ticks the tier 3 item by itself; a hand tick does, unless operations are "none".
    let mut s = baseline();
    assert!(!met(&s, "t3.alerts-and-runbook"));
    set(&mut s, "distributed.operations", &["partial"]);
    engine::tick_evidence(&KB, &mut s, "t3.alerts-and-runbook").unwrap();
    assert!(met(&s, "t3.alerts-and-runbook"));
    set(&mut s, "distributed.operations", &["none"]);
    assert!(!met(&s, "t3.alerts-and-runbook"));
}

#[test]
fn plain_cdc_and_event_sourcing_meet_the_outbox_or_inbox_item() {
    for how in ["cdc", "event-sourcing", "outbox-cdc"] {
        let s = with(&[("practices.derived_update", &[how])]);
        assert!(met(&s, "t1.outbox-or-inbox"), "{how}");
    }
    let s = with(&[("practices.derived_update", &["batch-etl"])]);
    assert!(!met(&s, "t1.outbox-or-inbox"));
    let mut s = with(&[("practices.derived_update", &[])]);
    s.flows.push(Flow {
        from: "a".into(),
        to: "b".into(),
        mechanism: Mechanism::Cdc,
        ..Flow::default()
    });
    assert!(met(&s, "t1.outbox-or-inbox"));
}

// --- Properties ------------------------------------------------------------------------

/// A path from a root to each leaf of the decision graph.
fn leaf_paths() -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for root in KB.nodes.iter().filter(|n| n.root) {
        let mut stack = vec![vec![root.id.get_ref().to_string()]];
        while let Some(path) = stack.pop() {
            let node = KB.node(path.last().unwrap()).unwrap();
            if node.is_leaf() {
                out.push(path);
                continue;
            }
            for o in &node.option {
                if !path.iter().any(|p| p == o.to.get_ref()) {
                    let mut p = path.clone();
                    p.push(o.to.get_ref().to_string());
                    stack.push(p);
                }
            }
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.last() == b.last());
    out
}

static LEAVES: LazyLock<Vec<Vec<String>>> = LazyLock::new(leaf_paths);
static QUESTIONS: LazyLock<Vec<(String, Vec<String>)>> = LazyLock::new(|| {
    KB.questionnaires
        .iter()
        .flat_map(|qn| &qn.question)
        .map(|q| {
            (
                q.id.get_ref().to_string(),
                q.choice
                    .iter()
                    .map(|c| c.id.get_ref().to_string())
                    .collect(),
            )
        })
        .collect()
});

/// A session from random picks: per question, no answer or a choice for the target and
/// maybe a different one for today.
fn session_from(picks: &[(u8, u8)]) -> Session {
    let mut s = baseline();
    s.answers.clear();
    for ((q, choices), (target, today)) in QUESTIONS.iter().zip(picks) {
        let n = choices.len() + 1;
        let t = usize::from(*target) % n;
        if t == 0 {
            continue;
        }
        let d = usize::from(*today) % n;
        s.answers.insert(
            q.clone(),
            Answer {
                choices: vec![choices[t - 1].clone()],
                today: if d == 0 {
                    Vec::new()
                } else {
                    vec![choices[d - 1].clone()]
                },
                ..Answer::default()
            },
        );
    }
    s
}

fn severities(a: &Assessment) -> Vec<(String, design_advisor::kb::Severity)> {
    a.findings
        .iter()
        .map(|f| (f.antipattern.id.get_ref().to_string(), f.severity()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn adding_a_bundle_never_removes_or_downgrades_a_finding(
        picks in prop::collection::vec((any::<u8>(), any::<u8>()), 80),
        bundles in prop::collection::vec(any::<prop::sample::Index>(), 1..4),
    ) {
        let s = session_from(&picks);
        let before = severities(&engine::assess(&KB, &s));
        let mut more = s.clone();
        for b in &bundles {
            more.paths.push(GraphPath {
                nodes: b.get(&LEAVES).clone(),
                added: true,
                ..GraphPath::default()
            });
        }
        let after = severities(&engine::assess(&KB, &more));
        for (id, sev) in &before {
            prop_assert!(
                after.iter().any(|(x, s)| x == id && s <= sev),
                "{} lost or downgraded after adding {:?}", id, bundles
            );
        }
    }

    #[test]
    fn findings_only_on_today_never_cap_the_tier(
        picks in prop::collection::vec((any::<u8>(), any::<u8>()), 80),
    ) {
        let s = session_from(&picks);
        let a = engine::assess(&KB, &s);
        let mut target_only = s.clone();
        for ans in target_only.answers.values_mut() {
            ans.today.clear();
        }
        let b = engine::assess(&KB, &target_only);
        prop_assert_eq!(a.tier.earned.id.get_ref(), b.tier.earned.id.get_ref());
        prop_assert_eq!(severities(&a), severities(&b));
        for r in &a.removed {
            let name = &r.finding.antipattern.name;
            prop_assert!(!a.tier.caps.iter().any(|c| c.reason.ends_with(name.as_str())));
        }
    }
}
