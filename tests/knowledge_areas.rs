//! The knowledge a reviewer expects: depth on every recommended pattern, stack tags from
//! the vocabulary, question visibility, the areas reviewers raise first (each anti-pattern
//! fires on a session showing it and stays silent on a near miss) and corrected facts.

use design_advisor::kb::{self, KnowledgeBase, Source};

fn builtin_plus(name: &str, text: &str) -> Result<KnowledgeBase, kb::Diagnostics> {
    let mut sources = kb::builtin_sources();
    sources.push(Source {
        name: name.into(),
        text: text.into(),
        layer: 0,
    });
    kb::load(sources)
}

#[test]
fn a_recommended_pattern_without_depth_is_reported_with_file_and_id() {
    let err = builtin_plus(
        "data/shallow.toml",
        r#"
[[pattern]]
id = "shallow-pattern"
name = "Shallow"
category = "messaging"
solves = "Nothing in particular."
idea = "An idea."
avoid_when = ["Always"]

[[pattern.realisation]]
category = "Anything"

[[antipattern]]
id = "needs-shallow"
name = "Needs shallow"
severity = "minor"
why = "Because."
fix = ["shallow-pattern"]
"#,
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("data/shallow.toml:3:")
            && text.contains("pattern \"shallow-pattern\"")
            && text.contains("failure_modes")
            && text.contains("metrics")
            && text.contains("verify")
            && text.contains("source or references"),
        "{text}"
    );
}

#[test]
fn every_recommended_builtin_pattern_has_depth() {
    let kb = KnowledgeBase::builtin();
    let mut recommended: Vec<&str> = kb
        .nodes
        .iter()
        .flat_map(|n| n.patterns.iter().map(|p| p.get_ref().as_str()))
        .chain(
            kb.antipatterns
                .iter()
                .flat_map(|a| a.fix.iter().map(|p| p.get_ref().as_str())),
        )
        .collect();
    recommended.sort();
    recommended.dedup();
    assert!(recommended.len() >= 128);
    for id in recommended {
        let p = kb.pattern(id).unwrap();
        assert!(
            !p.avoid_when.is_empty()
                && !p.failure_modes.is_empty()
                && !p.metrics.is_empty()
                && !p.verify.is_empty(),
            "{id} lacks depth"
        );
    }
}

#[test]
fn the_catalog_shows_failure_modes_metrics_verification_and_sources() {
    let kb = KnowledgeBase::builtin();
    let cdc = kb.pattern("change-data-capture").unwrap();
    let text = design_advisor::catalog::detail(&kb, design_advisor::catalog::Entry::Pattern(cdc));
    for needle in [
        "Failure modes",
        "Metrics to watch",
        "Verify with",
        "Sources:",
        "REPLICA IDENTITY",
        "tombstone",
        "confirmed_flush_lsn",
        "parallel run",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn the_expert_depth_is_present_where_the_review_asked_for_it() {
    let kb = KnowledgeBase::builtin();
    let all = |id: &str| {
        let p = kb.pattern(id).unwrap();
        let mut s = String::new();
        for f in &p.failure_modes {
            s.push_str(&format!("{} {} ", f.breaks, f.shows));
        }
        for m in &p.metrics {
            s.push_str(&format!("{} {} ", m.name, m.threshold));
        }
        s.push_str(&p.verify.join(" "));
        s
    };
    let cdc = all("change-data-capture");
    assert!(cdc.contains("LSN") && cdc.contains("redrive") && cdc.contains("10 GB"));
    let outbox = all("transactional-outbox");
    assert!(outbox.contains("commit out of id order") && outbox.contains("outbox age"));
    let idem = all("idempotent-receiver");
    assert!(idem.contains("concurrently") && idem.contains("first response"));
    let cqrs = all("cqrs");
    assert!(cqrs.contains("version") && cqrs.contains("projection lag"));
    let bp = all("backpressure");
    assert!(bp.contains("Little's law") && bp.contains("Retry-After") && bp.contains("queue age"));
}

// ---------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------

use design_advisor::engine;
use design_advisor::session::{Answer, Date, Mode, Session};
use std::sync::LazyLock;

static KB: LazyLock<KnowledgeBase> = LazyLock::new(KnowledgeBase::builtin);

fn new_session() -> Session {
    Session::new(
        "Knowledge areas",
        Date {
            year: 2026,
            month: 1,
            day: 2,
        },
    )
}

fn with(answers: &[(&str, &[&str])]) -> Session {
    let mut s = new_session();
    for (q, choices) in answers {
        assert!(KB.question(q).is_some(), "unknown question {q}");
        s.answers.insert(
            (*q).into(),
            Answer {
                choices: choices.iter().map(|c| c.to_string()).collect(),
                ..Answer::default()
            },
        );
    }
    s
}

fn findings(s: &Session) -> Vec<String> {
    engine::assess(&KB, s)
        .findings
        .iter()
        .map(|f| f.antipattern.id.get_ref().to_string())
        .collect()
}

// ---------------------------------------------------------------------------
// Every new anti-pattern fires on a session showing it and stays silent on a near miss
// ---------------------------------------------------------------------------

type Answers<'a> = &'a [(&'a str, &'a [&'a str])];

/// (anti-pattern, a session showing it, a near miss that must stay silent)
const CASES: &[(&str, Answers, Answers)] = &[
    (
        "unclassified-personal-data",
        &[
            ("concerns.compliance", &["gdpr"]),
            ("privacy.classification", &["informal"]),
        ],
        &[
            ("concerns.compliance", &["gdpr"]),
            ("privacy.classification", &["in-schema-minimised"]),
        ],
    ),
    (
        "erasure-primary-only",
        &[
            ("concerns.compliance", &["pii"]),
            ("privacy.erasure", &["primary-only"]),
        ],
        &[
            ("concerns.compliance", &["pii"]),
            ("privacy.erasure", &["crypto-shredding-and-tombstones"]),
        ],
    ),
    (
        "personal-data-in-logs-and-dlqs",
        &[
            ("concerns.compliance", &["pci"]),
            ("privacy.redaction", &["logs-only"]),
        ],
        &[
            ("concerns.compliance", &["none"]),
            ("privacy.redaction", &["logs-only"]),
        ],
    ),
    (
        "shared-channel-credentials",
        &[("privacy.channel_security", &["secrets-in-payload"])],
        &[("privacy.channel_security", &["per-client-mtls-acl"])],
    ),
    (
        "mutable-balances",
        &[("money.ledger", &["mutable-balances"])],
        &[("money.ledger", &["immutable-entries"])],
    ),
    (
        "money-rejection-creates-money",
        &[("money.rejection_path", &["parallel-fan-out"])],
        &[("money.rejection_path", &["debit-first-or-reserve"])],
    ),
    (
        "money-instruction-dead-lettered",
        &[("money.failed_instruction", &["dlq-and-continue"])],
        &[("money.failed_instruction", &["park-and-halt-key"])],
    ),
    (
        "money-in-transit-unrecorded",
        &[("money.in_flight", &["none"])],
        &[("money.in_flight", &["single-transaction"])],
    ),
    (
        "money-without-reconciliation",
        &[("money.reconciliation", &["totals-only"])],
        &[("money.reconciliation", &["per-record-daily"])],
    ),
    (
        "dr-without-numbers",
        &[("regions.rpo_rto", &["not-stated"])],
        &[("regions.rpo_rto", &["numbers"])],
    ),
    (
        "global-last-write-wins",
        &[("regions.conflict_policy", &["global-lww"])],
        &[("regions.conflict_policy", &["per-entity"])],
    ),
    (
        "residency-bound-data-replicated-everywhere",
        &[
            ("concerns.compliance", &["data-residency"]),
            ("regions.residency", &["replicated-everywhere"]),
        ],
        &[
            ("concerns.compliance", &["data-residency"]),
            ("regions.residency", &["homed-in-region"]),
        ],
    ),
    (
        "undrilled-failover",
        &[("regions.drills", &["failover-only"])],
        &[("regions.drills", &["failover-and-failback"])],
    ),
    (
        "unverified-webhooks",
        &[("inbound.webhook_verification", &["signature-only"])],
        &[(
            "inbound.webhook_verification",
            &["signature-and-replay-window"],
        )],
    ),
    (
        "webhook-processed-before-ack",
        &[("inbound.webhook_processing", &["process-then-ack"])],
        &[("inbound.webhook_processing", &["persist-then-ack"])],
    ),
    (
        "third-party-call-without-idempotency-key",
        &[("inbound.call_idempotency", &["key-per-attempt"])],
        &[("inbound.call_idempotency", &["persisted-key"])],
    ),
    (
        "unknown-outcome-guessed",
        &[("inbound.unknown_outcome", &["treat-as-failed"])],
        &[("inbound.unknown_outcome", &["look-up-then-decide"])],
    ),
    (
        "capacity-without-arithmetic",
        &[("scaling.capacity", &["levels-only"])],
        &[("scaling.capacity", &["arithmetic"])],
    ),
    (
        "consumers-beyond-partitions",
        &[("scaling.consumers", &["beyond-partitions"])],
        &[("scaling.consumers", &["within-partitions-and-limits"])],
    ),
    (
        "modulo-n-placement",
        &[("scaling.placement", &["hash-mod-n"])],
        &[("scaling.placement", &["consistent-hashing"])],
    ),
    (
        "random-uuid-clustered-key",
        &[
            ("scaling.ids", &["random-uuid-key"]),
            ("requirements.read_write", &["write-heavy"]),
        ],
        &[
            ("scaling.ids", &["random-uuid-key"]),
            ("requirements.read_write", &["read-heavy"]),
        ],
    ),
    (
        "shared-blast-radius",
        &[("scaling.blast_radius", &["shared"])],
        &[("scaling.blast_radius", &["cells"])],
    ),
    (
        "derived-view-unmeasured",
        &[("derived.slis", &["freshness-only"])],
        &[("derived.slis", &["freshness-and-completeness"])],
    ),
    (
        "big-bang-migration",
        &[("derived.migration", &["big-bang"])],
        &[("derived.migration", &["expand-contract"])],
    ),
    (
        "incomparable-causal-marker",
        &[("causal.marker", &["opaque-id"])],
        &[("causal.marker", &["comparable-position"])],
    ),
    (
        "causal-hold-fails-open",
        &[("causal.hold_timeout", &["timeout-fail-open"])],
        &[("causal.hold_timeout", &["timeout-fail-closed"])],
    ),
];

#[test]
fn each_area_anti_pattern_fires_when_shown_and_stays_silent_on_a_near_miss() {
    for (id, shows, near) in CASES {
        assert!(KB.antipattern(id).is_some(), "unknown anti-pattern {id}");
        let fired = findings(&with(shows));
        assert!(
            fired.iter().any(|f| f == id),
            "{id} must fire on {shows:?}: {fired:?}"
        );
        let silent = findings(&with(near));
        assert!(
            !silent.iter().any(|f| f == id),
            "{id} must stay silent on {near:?}: {silent:?}"
        );
    }
}

#[test]
fn every_anti_pattern_of_the_areas_has_a_case() {
    let text = include_str!("../data/antipatterns.toml");
    let start = text
        .find("# The areas a reviewer raises first")
        .expect("the areas section");
    let ids: Vec<&str> = text[start..]
        .lines()
        .filter_map(|l| l.strip_prefix("id = \""))
        .map(|l| l.trim_end_matches('"'))
        .collect();
    assert!(ids.len() >= 26, "{ids:?}");
    for id in ids {
        assert!(
            CASES.iter().any(|(c, _, _)| *c == id),
            "anti-pattern {id} has no fire / near-miss case"
        );
    }
}

#[test]
fn each_area_has_its_question_and_a_fixing_pattern_with_a_realisation() {
    for q in [
        "privacy.classification",
        "privacy.erasure",
        "privacy.redaction",
        "privacy.channel_security",
        "money.ledger",
        "money.rejection_path",
        "money.failed_instruction",
        "money.in_flight",
        "money.reconciliation",
        "regions.rpo_rto",
        "regions.conflict_policy",
        "regions.residency",
        "regions.drills",
        "inbound.webhook_verification",
        "inbound.webhook_processing",
        "inbound.call_idempotency",
        "inbound.unknown_outcome",
        "scaling.capacity",
        "scaling.consumers",
        "scaling.placement",
        "scaling.ids",
        "scaling.blast_radius",
        "derived.slis",
        "derived.migration",
        "causal.marker",
        "causal.hold_timeout",
    ] {
        let question = KB.question(q).unwrap_or_else(|| panic!("missing {q}"));
        assert!(
            question.visible_when.is_some(),
            "{q} is asked only when relevant"
        );
    }
    for p in [
        "key-salting",
        "consistent-hashing",
        "time-ordered-ids",
        "crdt",
        "cell-based-architecture",
        "expand-contract-migration",
        "freshness-completeness-slis",
        "webhook-receiver",
        "outbound-idempotency-key",
        "ledger-balance-projection",
        "suspense-account",
        "park-failed-money-instruction",
        "data-classification",
        "crypto-shredding",
        "redaction",
        "channel-access-control",
        "per-entity-conflict-policy",
        "region-failover-drill",
        "capacity-model",
        "partition-count-sizing",
    ] {
        let pattern = KB.pattern(p).unwrap_or_else(|| panic!("missing {p}"));
        assert!(!pattern.realisation.is_empty(), "{p} has a realisation");
        assert!(
            KB.antipatterns
                .iter()
                .any(|a| a.fix.iter().any(|f| f.get_ref() == p)),
            "{p} is recommended by some fix list"
        );
    }
}

// ---------------------------------------------------------------------------
// Questions asked once and only when relevant
// ---------------------------------------------------------------------------

#[test]
fn a_new_design_session_counts_only_the_questions_that_apply() {
    // Before visibility, a new session listed 29 open TBDs: every threshold, requirements,
    // reliability, distributed and concerns question. Until the threshold is answered it is
    // not known whether the full pipeline applies, so only those 8 questions count.
    let fresh = engine::assess(&KB, &new_session());
    let ids: Vec<&str> = fresh
        .tbds
        .iter()
        .map(|t| t.question.id.get_ref().as_str())
        .collect();
    assert_eq!(ids.len(), 8, "{ids:?}");
    assert!(
        ids.iter()
            .all(|q| q.starts_with("threshold.") || q.starts_with("requirements."))
    );

    // Above the threshold the full checklist applies, less concerns.ownership, which
    // takes its answer from threshold.scope.
    let above = with(&[
        ("threshold.scope", &["several-teams"]),
        ("threshold.users", &["production"]),
        ("threshold.infra", &["new-durable-infra"]),
    ]);
    assert_eq!(engine::assess(&KB, &above).tbds.len(), 25);
    assert!(engine::applies(&KB, &above, "reliability.delivery"));

    // No broker: the broker questions are not asked.
    let mut no_broker = above.clone();
    no_broker.answers.insert(
        "practices.channels".into(),
        Answer {
            choices: vec!["no-broker".into()],
            ..Answer::default()
        },
    );
    for q in [
        "reliability.delivery",
        "reliability.idempotency",
        "reliability.bad_messages",
        "reliability.ordering",
        "reliability.schema",
        "practices.ack",
        "practices.payload",
    ] {
        assert!(!engine::applies(&KB, &no_broker, q), "{q} after no broker");
    }
    assert!(engine::applies(&KB, &no_broker, "reliability.retry"));
    assert_eq!(engine::assess(&KB, &no_broker).tbds.len(), 20);
}

#[test]
fn a_question_marked_later_stays_a_tbd_before_the_threshold_is_answered() {
    let mut s = new_session();
    s.answers.insert(
        "reliability.retry".into(),
        Answer {
            tbd: true,
            owner: "team-a".into(),
            ..Answer::default()
        },
    );
    assert!(engine::applies(&KB, &s, "reliability.retry"));
    assert_eq!(engine::assess(&KB, &s).tbds.len(), 9);
}

#[test]
fn a_repeated_question_is_pre_filled_from_the_earlier_answer() {
    let s = with(&[
        ("threshold.scope", &["several-services"]),
        ("threshold.users", &["production"]),
        ("threshold.infra", &["new-durable-infra"]),
        ("requirements.consistency", &["strong"]),
        ("practices.isolation", &["read-committed"]),
    ]);
    for q in ["distributed.consistency", "concerns.ownership"] {
        assert!(!engine::applies(&KB, &s, q), "{q} is asked once");
    }
    assert_eq!(
        engine::prefilled(&KB, &s, "distributed.consistency"),
        Some(&["strong".to_string()][..])
    );
    assert_eq!(
        engine::prefilled(&KB, &s, "concerns.ownership"),
        Some(&["single-team".to_string()][..])
    );
    // Rules read the pre-filled answer: unbounded buffers (practices) pre-fill
    // distributed.backpressure, whose rule then fires.
    let mut buffers = s.clone();
    buffers.answers.insert(
        "practices.buffers".into(),
        Answer {
            choices: vec!["unbounded".into()],
            ..Answer::default()
        },
    );
    assert!(!engine::applies(&KB, &buffers, "distributed.backpressure"));
    let a = engine::assess(&KB, &buffers);
    let finding = a
        .findings
        .iter()
        .find(|f| f.antipattern.id.get_ref() == "missing-backpressure")
        .expect("the pre-filled answer is read by the rule");
    assert!(
        finding
            .triggered_by
            .iter()
            .any(|w| w.question == "distributed.backpressure")
    );
    // An answer of its own wins over the pre-fill.
    let mut own = s.clone();
    own.answers.insert(
        "distributed.consistency".into(),
        Answer {
            choices: vec!["eventual".into()],
            ..Answer::default()
        },
    );
    assert!(engine::applies(&KB, &own, "distributed.consistency"));
}

#[test]
fn area_questions_open_only_when_earlier_answers_make_them_relevant() {
    let base: Answers = &[
        ("threshold.scope", &["several-teams"]),
        ("threshold.users", &["production"]),
        ("threshold.infra", &["new-durable-infra"]),
    ];
    let s = with(base);
    for q in [
        "money.ledger",
        "inbound.webhook_verification",
        "privacy.erasure",
        "causal.marker",
    ] {
        assert!(!engine::applies(&KB, &s, q), "{q} without its trigger");
    }
    let mut answers = base.to_vec();
    answers.push(("practices.handles", &["money-movement", "inbound-webhooks"]));
    answers.push(("concerns.compliance", &["gdpr"]));
    answers.push(("reliability.ordering", &["causal"]));
    let s = with(&answers);
    for q in [
        "money.ledger",
        "inbound.webhook_verification",
        "privacy.erasure",
        "causal.marker",
    ] {
        assert!(engine::applies(&KB, &s, q), "{q} with its trigger");
    }
    // Once the team's answers open an area (it moves money, takes webhooks, holds
    // personal data, needs causal order), its unanswered questions are TBDs: they are what
    // a reviewer asks first. Before, none of them is.
    let open_tbds = |s: &Session| {
        engine::assess(&KB, s)
            .tbds
            .iter()
            .map(|t| t.question.id.get_ref().to_string())
            .filter(|id| {
                ["money.", "inbound.", "privacy.", "causal."]
                    .iter()
                    .any(|p| id.starts_with(p))
            })
            .collect::<Vec<_>>()
    };
    let opened = open_tbds(&s);
    for q in [
        "money.ledger",
        "inbound.webhook_verification",
        "privacy.erasure",
        "causal.marker",
    ] {
        assert!(opened.iter().any(|id| id == q), "{q} open: {opened:?}");
    }
    assert!(open_tbds(&with(base)).is_empty());
    // An optional questionnaire without `required_when_open` still only helps detection.
    assert!(
        !engine::assess(&KB, &s).tbds.iter().any(|t| t
            .question
            .id
            .get_ref()
            .starts_with("scaling.")),
    );
}

#[test]
fn review_mode_is_not_held_by_the_threshold() {
    let mut s = new_session();
    s.mode = Mode::Review;
    assert!(engine::applies(&KB, &s, "concerns.tenancy"));
}

#[test]
fn a_bad_visibility_rule_is_reported_with_file_and_key() {
    let err = builtin_plus(
        "data/extra.toml",
        r#"
[[questionnaire]]
id = "extra"
title = "Extra"
step = "concerns"

[[questionnaire.question]]
id = "extra.q"
prompt = "Q?"
why = "Because."
visible_when = "practices.channels == pigeons"
prefill = { from = "nowhere.q", choices = { a = "b" } }

[[questionnaire.question.choice]]
id = "a"
label = "A"

[[questionnaire.question.choice]]
id = "b"
label = "B"
"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("data/extra.toml:")
            && err.contains("question \"extra.q\".visible_when")
            && err.contains("no choice \"pigeons\"")
            && err.contains("prefill.from")
            && err.contains("unknown question \"nowhere.q\""),
        "{err}"
    );
}

#[test]
fn required_when_open_on_a_required_questionnaire_is_reported() {
    let err = builtin_plus(
        "data/extra.toml",
        r#"
[[questionnaire]]
id = "extra"
title = "Extra"
step = "concerns"
required_when_open = true

[[questionnaire.question]]
id = "extra.q"
prompt = "Q?"
why = "Because."

[[questionnaire.question.choice]]
id = "a"
label = "A"

[[questionnaire.question.choice]]
id = "b"
label = "B"
"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("data/extra.toml:3:")
            && err.contains("questionnaire \"extra\".required_when_open")
            && err.contains("optional questionnaire only"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------
// Stack tags
// ---------------------------------------------------------------------------

#[test]
fn an_unknown_stack_tag_is_reported() {
    let err = builtin_plus(
        "data/extra.toml",
        r#"
[[pattern]]
id = "tagged"
name = "Tagged"
category = "data"
solves = "S."
idea = "I."

[[pattern.realisation]]
category = "C"
tools = ["Mainframe"]
stack = ["cobol"]
"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("pattern \"tagged\".realisation[0].stack")
            && err.contains("unknown stack id \"cobol\""),
        "{err}"
    );
}

#[test]
fn realisations_naming_a_technology_carry_its_tag() {
    let named = [
        ("PostgreSQL", "postgresql"),
        ("Debezium", "debezium"),
        ("Elasticsearch", "elasticsearch"),
        ("Snowflake", "snowflake"),
        ("Redis", "redis"),
        ("Cassandra", "cassandra"),
        ("DynamoDB", "dynamodb"),
        ("Kafka", "kafka"),
        ("RabbitMQ", "rabbitmq"),
        ("Istio", "istio"),
        ("Camel", "camel"),
    ];
    let mut checked = 0;
    for p in &KB.patterns {
        for r in &p.realisation {
            // "Snowflake-style ids" are Twitter's id scheme, not the warehouse.
            let text = r.tools.join(" ").replace("Snowflake-style", "");
            for (name, tag) in named {
                if text.contains(name) {
                    checked += 1;
                    assert!(
                        r.stack.iter().any(|s| s == tag),
                        "{}: realisation {:?} names {name} but is not tagged {tag}",
                        p.id.get_ref(),
                        r.category
                    );
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
    assert!(KB.stacks.len() >= 40);
}

// ---------------------------------------------------------------------------
// Facts corrected (each fails on the old text)
// ---------------------------------------------------------------------------

fn node_tools(id: &str) -> String {
    KB.node(id).unwrap().tools.join(" ")
}

#[test]
fn dynamodb_is_not_leaderless() {
    assert!(!node_tools("replication-leaderless").contains("DynamoDB"));
    let advice: String = KB
        .principles
        .iter()
        .flat_map(|p| p.advice.iter().map(|a| a.text.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(!advice.contains("leaderless replication (Cassandra, ScyllaDB, DynamoDB)"));
    let single = KB.pattern("single-leader-replication").unwrap();
    assert!(single.realisation.iter().any(
        |r| r.tools.join(" ").contains("DynamoDB") && r.tools.join(" ").contains("Multi-Paxos")
    ));
}

#[test]
fn couchdb_is_not_listed_as_crdt_based() {
    for p in &KB.patterns {
        for r in &p.realisation {
            if r.category.contains("CRDT") && !r.category.contains("not CRDT") {
                assert!(
                    !r.tools.join(" ").contains("CouchDB"),
                    "{}: {:?}",
                    p.id.get_ref(),
                    r.category
                );
            }
        }
    }
}

#[test]
fn salting_not_compound_keys_fixes_hot_keys() {
    let hot = KB.antipattern("hot-partition").unwrap();
    let fix: Vec<&str> = hot.fix.iter().map(|f| f.get_ref().as_str()).collect();
    assert!(fix.contains(&"key-salting"), "{fix:?}");
    assert!(!fix.contains(&"compound-key-partitioning"), "{fix:?}");
    assert!(!hot.fix_text.contains("add a salt or a compound key"));
}

#[test]
fn a_monotonic_key_is_hot_only_under_range_partitioning() {
    let hot = KB.antipattern("hot-partition").unwrap();
    assert!(hot.why.contains("range partitioning"), "{}", hot.why);
    let sharding = KB.pattern("sharding").unwrap();
    assert!(
        sharding
            .tradeoffs
            .iter()
            .chain(&sharding.avoid_when)
            .chain(&sharding.use_when)
            .filter(|t| t.contains("monotonically increasing key"))
            .all(|t| t.contains("range partitioning"))
    );
}

#[test]
fn mysql_repeatable_read_does_not_detect_lost_updates() {
    let tools = node_tools("isolation-snapshot");
    assert!(
        tools.contains("MySQL InnoDB REPEATABLE READ with SELECT ... FOR UPDATE"),
        "{tools}"
    );
    let hint = &KB
        .question("practices.isolation")
        .unwrap()
        .choice("snapshot")
        .unwrap()
        .hint;
    assert!(hint.contains("does not detect lost updates"), "{hint}");
}

#[test]
fn postgresql_is_first_updater_wins() {
    let si = KB.pattern("snapshot-isolation").unwrap();
    assert!(!si.idea.contains("first committer wins in PostgreSQL"));
    assert!(si.idea.contains("first updater wins"), "{}", si.idea);
}

#[test]
fn istio_attempts_and_per_try_timeout_are_not_a_retry_budget() {
    let budget = KB.pattern("retry-budget").unwrap();
    for r in &budget.realisation {
        for t in &r.tools {
            if t.contains("perTryTimeout") {
                assert!(t.contains("not a budget"), "{t}");
            }
        }
    }
}

#[test]
fn linearizability_is_not_an_isolation_level() {
    let option = KB
        .nodes
        .iter()
        .flat_map(|n| &n.option)
        .find(|o| o.to.get_ref() == "isolation-serializable")
        .unwrap();
    assert!(
        !option
            .reason
            .starts_with("Strong consistency for invariants across rows needs serializable"),
        "{}",
        option.reason
    );
    assert!(option.reason.contains("not") && option.reason.contains("linearizable"));
}

#[test]
fn the_design_document_shows_a_pre_filled_answer_with_its_note() {
    let s = with(&[
        ("threshold.scope", &["several-services"]),
        ("threshold.users", &["production"]),
        ("threshold.infra", &["new-durable-infra"]),
    ]);
    let a = engine::assess(&KB, &s);
    let doc = design_advisor::export::design::render(&KB, &s, &a, &[]);
    let line = doc
        .lines()
        .find(|l| l.starts_with("- **Ownership**:"))
        .unwrap_or_default();
    assert!(
        line.contains("One team") && line.contains("threshold"),
        "the pre-filled team structure is shown with where it came from: {line:?}"
    );
    assert!(
        !a.tbds
            .iter()
            .any(|t| t.question.id.get_ref() == "concerns.ownership")
    );
}
