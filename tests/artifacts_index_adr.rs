//! The per-feature index (README.md), the ADRs, the launch decisions and the system
//! catalog: snapshots of the example sessions' documents, and the behaviour behind them
//! (deferred "X or Y" decisions, supersede links both ways, automatic ADRs for added
//! bundles, catalog rows read from READMEs, and the frozen check).

use design_advisor::export::artifacts::{self, Artifact};
use design_advisor::export::catalog::{self, CrossCutting, Row};
use design_advisor::export::{adr, files};
use design_advisor::kb::{self, KnowledgeBase};
use design_advisor::session::{self, AdrStatus, Date, Decision, Fallback, Launch, Session};
use std::path::Path;
use std::sync::LazyLock;

static KB: LazyLock<KnowledgeBase> = LazyLock::new(KnowledgeBase::builtin);

fn examples() -> Vec<(String, Session)> {
    kb::example_sessions()
        .iter()
        .map(|(f, text)| {
            (
                f.trim_end_matches(".toml").to_string(),
                session::load_str(text, f).unwrap(),
            )
        })
        .collect()
}

fn example(name: &str) -> Session {
    examples()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no example {name}"))
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn find<'a>(arts: &'a [Artifact], path: &str) -> &'a Artifact {
    arts.iter()
        .find(|a| a.path == path)
        .unwrap_or_else(|| panic!("no artifact {path} among {:?}", paths(arts)))
}

fn paths(arts: &[Artifact]) -> Vec<&str> {
    arts.iter().map(|a| a.path.as_str()).collect()
}

/// Writes every artifact of `s` below `root` the way an export does: with the files
/// already on disk and the shared platform documents as `existing`, design.md stamped.
/// Writes every artifact the way `design-advisor export --force` does.
fn write_all(s: &Session, root: &Path) {
    let plan = files::plan(&KB, s, root).unwrap();
    files::write_plan(&plan, root, files::Force::ALL).unwrap();
}

#[test]
fn readmes_adrs_and_launch_decisions_of_the_examples() {
    for (name, s) in examples() {
        let arts = artifacts::render_all(&KB, &s, &[]);
        for a in arts
            .iter()
            .filter(|a| matches!(a.kind, "feature-index" | "adr" | "launch"))
        {
            let id = a.path.trim_end_matches(".md").replace('/', "-");
            insta::assert_snapshot!(format!("{name}-{id}"), a.text);
        }
    }
}

#[test]
fn readmes_stay_within_the_length_the_template_aims_for() {
    for (name, s) in examples() {
        let arts = artifacts::render_all(&KB, &s, &[]);
        let lines = find(&arts, "README.md").text.lines().count();
        assert!((30..=60).contains(&lines), "{name}: {lines} lines");
    }
}

#[test]
fn the_index_reflects_the_latest_launch() {
    let mut s = example("ledger-transfer-2pc");
    s.launches.push(Launch {
        date: date("2026-12-02"),
        notes: "Canary to 5% of customers.".into(),
    });
    let arts = artifacts::render_all(&KB, &s, &[]);
    let readme = &find(&arts, "README.md").text;
    assert!(
        readme.contains("- **Last reviewed**: 2026-12-02\n"),
        "{readme}"
    );
    assert!(readme.contains("- **Tier**: Service-ready\n"), "{readme}");
    assert!(readme.contains("  - [2026-11-20](launches/2026-11-20.md)\n"));
    assert!(readme.contains("  - [2026-12-02](launches/2026-12-02.md)\n"));
    let launch = &find(&arts, "launches/2026-12-02.md").text;
    assert!(
        launch.contains(
            "not safe for the production traffic the notes describe, which needs Production-ready"
        ),
        "{launch}"
    );

    // Without launches the service's own review date counts, then nothing.
    s.launches.clear();
    s.service.last_reviewed = Some(date("2026-10-01"));
    let readme = artifacts::render_all(&KB, &s, &[]).remove(1).text;
    assert!(
        readme.contains("- **Last reviewed**: 2026-10-01\n"),
        "{readme}"
    );
    s.service.last_reviewed = None;
    let readme = artifacts::render_all(&KB, &s, &[]).remove(1).text;
    assert!(
        readme.contains("- **Last reviewed**: `<TBD>`\n"),
        "{readme}"
    );
}

#[test]
fn the_schroedinger_decision_of_the_ledger_is_deferred_with_its_blocking_question() {
    let s = example("ledger-transfer-2pc");
    let all = adr::decisions(&KB, &s);
    let d = all.iter().find(|d| d.number == 2).unwrap();
    assert_eq!(d.status, AdrStatus::Proposed, "recorded as proposed");
    assert_eq!(adr::effective_status(d, &all), AdrStatus::Deferred);
    let arts = artifacts::render_all(&KB, &s, &[]);
    let text = &find(&arts, &adr::path(&KB, d)).text;
    assert!(text.starts_with("---\nstatus: \"deferred\"\n"), "{text}");
    assert!(text.contains("- **Status**: Deferred\n"));
    assert!(!text.contains("Proposed"));
    assert!(text.contains(
        "- **Blocking question**: Commit to Use Kafka or Use Redpanda if Kafka operations cost too much: what would trigger the fallback, how is it measured, and who decides?\n"
    ));
    assert!(text.contains("- **Due**: `<TBD>`\n"));
    assert!(text.contains("- **Still missing**: a trigger"));

    // With a trigger and an owner it is a committed decision again.
    let mut s2 = s.clone();
    let d2 = s2.decisions.iter_mut().find(|d| d.number == 2).unwrap();
    d2.fallback = Some(Fallback {
        option: "Redpanda".into(),
        trigger: "broker operations exceed 0.5 FTE for two consecutive quarters".into(),
        owner: "payments-platform tech lead".into(),
    });
    d2.due = Some(date("2026-12-15"));
    let all = adr::decisions(&KB, &s2);
    let d2 = all.iter().find(|d| d.number == 2).unwrap();
    assert_eq!(adr::effective_status(d2, &all), AdrStatus::Proposed);
    let text = find(&artifacts::render_all(&KB, &s2, &[]), &adr::path(&KB, d2))
        .text
        .clone();
    assert!(text.starts_with("---\nstatus: \"proposed\"\n"), "{text}");
    assert!(text.contains("Fallback: Redpanda, when broker operations exceed 0.5 FTE"));

    // An explicit blocking question and due date are used as given.
    let mut s3 = s.clone();
    let d3 = s3.decisions.iter_mut().find(|d| d.number == 2).unwrap();
    d3.blocking_question = "Can the platform team run Kafka for us by Q1?".into();
    d3.due = Some(date("2026-12-01"));
    let p3 = adr::path(&KB, d3);
    let text = find(&artifacts::render_all(&KB, &s3, &[]), &p3)
        .text
        .clone();
    assert!(
        text.contains("- **Blocking question**: Can the platform team run Kafka for us by Q1?\n")
    );
    assert!(text.contains("- **Due**: 2026-12-01\n"));
    assert!(text.contains("- **TL;DR**: Deferred until this is answered (due 2026-12-01)"));
}

fn two_decisions() -> Session {
    let mut s = Session::new("Broker choice", date("2026-11-01"));
    s.decisions = vec![
        Decision {
            number: 1,
            title: "Use RabbitMQ for order events".into(),
            status: AdrStatus::Accepted,
            decision: "Publish order events to RabbitMQ.".into(),
            ..Decision::default()
        },
        Decision {
            number: 2,
            title: "Use a log-based broker for order events".into(),
            status: AdrStatus::Accepted,
            date: Some(date("2026-11-10")),
            decision: "Publish order events to a Kafka-compatible log.".into(),
            supersedes: vec![1],
            ..Decision::default()
        },
    ];
    s
}

#[test]
fn supersede_links_go_both_ways() {
    let s = two_decisions();
    assert!(adr::problems(&s).is_empty(), "{:?}", adr::problems(&s));
    let arts = artifacts::render_all(&KB, &s, &[]);
    let old = &find(&arts, "adrs/0001-use-rabbitmq-for-order-events.md").text;
    let new = &find(
        &arts,
        "adrs/0002-use-a-log-based-broker-for-order-events.md",
    )
    .text;
    assert!(
        old.starts_with("---\nstatus: \"superseded by ADR-0002\"\ndate: 2026-11-01\n"),
        "{old}"
    );
    assert!(old.contains("- **Status**: Superseded\n"));
    assert!(old.contains(
        "Superseded by [ADR 0002: Use a log-based broker for order events](0002-use-a-log-based-broker-for-order-events.md).\n"
    ));
    assert!(
        new.starts_with("---\nstatus: \"accepted\"\ndate: 2026-11-10\n"),
        "{new}"
    );
    assert!(new.contains(
        "Supersedes [ADR 0001: Use RabbitMQ for order events](0001-use-rabbitmq-for-order-events.md).\n"
    ));
    assert!(!new.contains("Superseded by"));
    insta::assert_snapshot!("superseded-adr", old);

    // An explicit superseded_by that agrees with the other side is fine too.
    let mut agreed = s.clone();
    agreed.decisions[0].superseded_by = Some(2);
    assert!(adr::problems(&agreed).is_empty());
}

#[test]
fn inconsistent_decision_links_are_problems() {
    let mut s = two_decisions();
    s.decisions[1].supersedes.clear();
    s.decisions[0].superseded_by = Some(2);
    s.decisions.push(Decision {
        number: 3,
        title: "Retention".into(),
        supersedes: vec![9],
        superseded_by: Some(7),
        ..Decision::default()
    });
    s.decisions.push(Decision {
        number: 3,
        title: "Replay".into(),
        ..Decision::default()
    });
    assert_eq!(
        adr::problems(&s),
        vec![
            "decisions: number 0003 is used by 2 decisions (\"Retention\", \"Replay\")",
            "decisions[0] (0001).superseded_by: 0002 does not list 0001 in its supersedes",
            "decisions[2] (0003).supersedes: no decision has number 0009",
            "decisions[2] (0003).superseded_by: no decision has number 0007",
        ]
    );
    // A one-sided superseded_by still shows the decision as superseded, with its link.
    let arts = artifacts::render_all(&KB, &s, &[]);
    let old = &find(&arts, "adrs/0001-use-rabbitmq-for-order-events.md").text;
    assert!(old.contains("- **Status**: Superseded\n"));
    let retention = &find(&arts, "adrs/0003-retention.md").text;
    assert!(
        retention.contains("Supersedes ADR 0009 (no such decision).\n"),
        "{retention}"
    );
}

#[test]
fn an_added_bundle_with_an_adr_asked_for_gets_one() {
    let s = example("ledger-transfer-2pc");
    let all = adr::decisions(&KB, &s);
    assert_eq!(all.len(), 3, "two recorded, one asked for on a bundle");
    let auto = &all[2];
    assert_eq!(auto.number, 3);
    assert_eq!(auto.title, "Financial ledger: double-entry ledger");
    assert_eq!(auto.status, AdrStatus::Proposed);
    assert_eq!(auto.path, ["root", "area-advanced", "ledger"]);
    assert_eq!(
        adr::path(&KB, auto),
        "adrs/0003-financial-ledger-double-entry-ledger.md"
    );
    assert!(
        auto.decision.contains("Double-entry ledger"),
        "{}",
        auto.decision
    );
    // The transfer path is covered by decision 1, so it gets none.
    assert!(
        !all.iter()
            .skip(2)
            .any(|d| d.path.contains(&"cross-partition-transfer".to_string()))
    );

    let arts = artifacts::render_all(&KB, &s, &[]);
    let text = &find(&arts, &adr::path(&KB, auto)).text;
    assert!(text.contains("# 0003. Financial ledger: double-entry ledger\n"));
    assert!(text.contains("- **Status**: Proposed\n"));
    assert!(text.contains("Pattern bundle \"Double-entry ledger\":"));
    // The path reaches the bundle through the "advanced domain" menu, whose option names
    // the problem ("A financial ledger with balances"): the choice is the bundle.
    assert!(text.contains("- Double-entry ledger (chosen)\n"), "{text}");
    assert!(
        !text.contains("A financial ledger with balances (chosen)"),
        "{text}"
    );

    // Numbers continue after the highest in use; no decisions at all start at 1. Only the
    // bundles with an ADR asked for get one.
    let mut search = example("search-analytics-drift");
    let all = adr::decisions(&KB, &search);
    let numbers: Vec<u32> = all.iter().map(|d| d.number).collect();
    assert_eq!(numbers, [1]);
    assert!(search.paths.iter().filter(|p| p.added).count() > 1);
    for p in &mut search.paths {
        p.adr = true;
    }
    let numbers: Vec<u32> = adr::decisions(&KB, &search)
        .iter()
        .map(|d| d.number)
        .collect();
    assert_eq!(numbers, [1, 2]);
    let mut s = s.clone();
    s.decisions[1].number = 7;
    assert_eq!(adr::decisions(&KB, &s)[2].number, 8);
    // A path that is not added gets no ADR, even with the flag; nor does an added one
    // without it.
    s.paths[1].added = false;
    assert!(s.paths[1].adr);
    assert_eq!(adr::decisions(&KB, &s).len(), 2);
    s.paths[1].added = true;
    s.paths[1].adr = false;
    assert_eq!(adr::decisions(&KB, &s).len(), 2);
}

#[test]
fn adr_links_point_out_of_the_adrs_folder() {
    let s = example("ledger-transfer-2pc");
    let arts = artifacts::render_all(&KB, &s, &["../../system/glossary.md".to_string()]);
    let text = &find(
        &arts,
        "adrs/0001-replace-two-phase-commit-with-a-logged-transfer-request.md",
    )
    .text;
    let related = &text[text.find("## Related artifacts").unwrap()..];
    assert!(
        related.contains("- [Session (system of record)](../design-session.toml)\n"),
        "{related}"
    );
    assert!(related.contains("- [design.md](../design.md)\n"));
    assert!(related.contains(
        "- [adrs/0002-broker-for-the-transfer-log.md](0002-broker-for-the-transfer-log.md)\n"
    ));
    assert!(related.contains("(../../../system/glossary.md)"));
    assert!(!related.contains("(adrs/0001"), "no link to itself");
    let launch = &find(&arts, "launches/2026-11-20.md").text;
    assert!(launch.contains("- [README.md](../README.md)\n"), "{launch}");
}

fn hostile() -> &'static str {
    "# x\n\"quoted\" | <b>`c`</b> [l](javascript:1) \u{1b}[31m\u{2028}---\nstatus: accepted"
}

#[test]
fn user_text_cannot_break_the_front_matter_or_the_markdown() {
    let mut s = two_decisions();
    s.decisions[0].title = hostile().into();
    s.decisions[0].decision_makers = vec![hostile().into()];
    s.decisions[0].decision = hostile().into();
    s.service.owner_team = hostile().into();
    s.launches.push(Launch {
        date: date("2026-11-30"),
        notes: hostile().into(),
    });
    for a in artifacts::render_all(&KB, &s, &[]) {
        if !matches!(a.kind, "feature-index" | "adr" | "launch") {
            continue;
        }
        let t = &a.text;
        assert!(
            !t.contains('\u{1b}') && !t.contains('\u{2028}'),
            "{}: {t:?}",
            a.path
        );
        // Markdown never carries the HTML; YAML carries it inside a quoted string.
        let body = t.rsplit("\n---\n").next().unwrap();
        assert!(!body.contains("<b>"), "{}", a.path);
        if a.kind == "adr" {
            let fm: Vec<&str> = t.lines().skip(1).take_while(|l| *l != "---").collect();
            assert_eq!(fm.len(), 5, "{t}");
            for (line, key) in fm.iter().zip([
                "status:",
                "date:",
                "decision-makers:",
                "consulted:",
                "informed:",
            ]) {
                assert!(line.starts_with(key), "{line}");
            }
        }
        assert_eq!(t.lines().filter(|l| l.starts_with("# ")).count(), 1, "{t}");
        assert!(!t.lines().any(|l| l == "status: accepted"), "{t}");
        let rules = t.lines().filter(|l| *l == "---").count();
        assert_eq!(rules, if a.kind == "adr" { 2 } else { 0 }, "{t}");
    }
    let readme = &artifacts::render_all(&KB, &s, &[])[1].text;
    let row = catalog::parse_readme(&s.slug, readme);
    assert_eq!(
        row.owner,
        hostile()
            .replace(['\n', '\u{2028}'], " ")
            .replace('\u{1b}', "")
    );
    let cat = catalog::render(&[row], &CrossCutting::default(), None);
    let table_row = cat
        .lines()
        .find(|l| l.starts_with("| broker-choice"))
        .unwrap();
    let unescaped = table_row
        .char_indices()
        .filter(|(i, c)| *c == '|' && !table_row[..*i].ends_with('\\'))
        .count();
    assert_eq!(unescaped, 8, "{table_row}");
}

#[test]
fn catalog_of_hand_made_rows() {
    let rows = vec![
        Row {
            slug: "payments".into(),
            owner: "payments-platform".into(),
            tier: "Production-ready".into(),
            slo: "99.95% of transfers within 5 s".into(),
            compliance: "PCI DSS".into(),
            last_reviewed: "2026-11-20".into(),
            session_date: Some(date("2026-11-18")),
        },
        Row {
            slug: "alerts".into(),
            owner: "<TBD>".into(),
            tier: "Prototype".into(),
            slo: "p99 | under 2 s".into(),
            compliance: "<TBD: security>".into(),
            last_reviewed: "<TBD>".into(),
            session_date: Some(date("2026-11-21")),
        },
    ];
    let cross = CrossCutting {
        docs: vec![
            ("dr.md".into(), Some("Active".into())),
            ("topology.md".into(), None),
        ],
        standards: Some(3),
        adrs: Some(vec!["0001-broker.md".into(), "0007-mesh.md".into()]),
        runbooks: Some(1),
    };
    let text = catalog::render(&rows, &cross, catalog::newest(&rows));
    insta::assert_snapshot!("catalog-hand-made", text);
    assert!(text.find("| alerts |").unwrap() < text.find("| payments |").unwrap());
    insta::assert_snapshot!(
        "catalog-empty",
        catalog::render(&[], &CrossCutting::default(), None)
    );
}

#[test]
fn catalog_of_a_project_with_three_features_and_two_shared_documents() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let system = root.join("docs/system");
    std::fs::create_dir_all(system.join("adrs")).unwrap();
    std::fs::write(
        system.join("glossary.md"),
        "# Glossary\n\n- **Status**: Active\n",
    )
    .unwrap();
    std::fs::write(system.join("adrs/0001-x.md"), "# 0001. X\n").unwrap();
    // Not a cross-cutting document: no row for it.
    std::fs::write(system.join("notes.txt"), "scratch").unwrap();
    for name in [
        "ledger-transfer-2pc",
        "search-analytics-drift",
        "notifications-causal-order",
    ] {
        write_all(&example(name), root);
    }
    // A feature folder with a session but no README gets no row.
    let bare = root.join("docs/features/bare-feature");
    std::fs::create_dir_all(&bare).unwrap();
    std::fs::write(bare.join("design-session.toml"), "schema_version = 1\n").unwrap();

    let readme =
        std::fs::read_to_string(root.join("docs/features/account-transfers/README.md")).unwrap();
    assert!(
        readme.contains("- **Glossary**: [glossary.md](../../system/glossary.md)\n"),
        "{readme}"
    );
    assert!(
        readme.contains("- **Platform ADRs**: [adrs/0001-x.md](../../system/adrs/0001-x.md)\n")
    );

    let rows = files::catalog_rows(root);
    let slugs: Vec<&str> = rows.iter().map(|r| r.slug.as_str()).collect();
    assert_eq!(
        slugs,
        [
            "account-transfers",
            "causal-notifications",
            "product-search-sync"
        ]
    );
    let path = files::write_catalog(root).unwrap();
    assert_eq!(path, root.join("docs/system/catalog.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("bare-feature"));
    insta::assert_snapshot!("catalog-three-features", text);
    // Writing the catalog changes no feature's artifacts.
    for name in [
        "ledger-transfer-2pc",
        "search-analytics-drift",
        "notifications-causal-order",
    ] {
        assert_eq!(files::stale(&KB, &example(name), root), vec![]);
    }
}

#[test]
fn readme_rows_read_back_what_the_index_says() {
    let s = example("ledger-transfer-2pc");
    let readme = &artifacts::render_all(&KB, &s, &[])[1].text;
    let row = catalog::parse_readme("account-transfers", readme);
    assert_eq!(
        row,
        Row {
            slug: "account-transfers".into(),
            owner: "payments-platform".into(),
            tier: "Service-ready".into(),
            slo: "99.95% of transfers applied to both accounts within 5 s".into(),
            compliance: "PCI DSS, Personal data (PII)".into(),
            last_reviewed: "2026-11-20".into(),
            session_date: Some(date("2026-11-18")),
        }
    );
}

#[test]
fn the_frozen_check_reports_missing_and_changed_files_and_nothing_once_written() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let s = example("ledger-transfer-2pc");
    let feature = root.join("docs/features/account-transfers");
    let planned = artifacts::planned(&KB, &s);
    let stale = files::stale(&KB, &s, root);
    assert_eq!(stale.len(), planned.len());
    assert!(stale.iter().all(|(_, why)| *why == "missing"));

    write_all(&s, root);
    assert_eq!(files::stale(&KB, &s, root), vec![]);

    std::fs::remove_file(feature.join("launches/2026-11-20.md")).unwrap();
    let readme = feature.join("README.md");
    let edited = std::fs::read_to_string(&readme)
        .unwrap()
        .replace("Service-ready", "Production-ready");
    std::fs::write(&readme, edited).unwrap();
    assert_eq!(
        files::stale(&KB, &s, root),
        vec![
            (readme.clone(), "out of date"),
            (feature.join("launches/2026-11-20.md"), "missing"),
        ]
    );

    // A session change makes the documents that depend on it stale.
    write_all(&s, root);
    let mut changed = s.clone();
    changed.service.slo = "99.99% of transfers within 2 s".into();
    let stale: Vec<_> = files::stale(&KB, &changed, root)
        .into_iter()
        .map(|(p, _)| p.strip_prefix(&feature).unwrap().display().to_string())
        .collect();
    // design.md states the SLO (its SLOs and the rollout's abort criteria) and so does
    // the README.
    assert_eq!(stale, ["design.md", "README.md"]);

    // A design.md without its stamp is not what an export writes.
    let design = feature.join("design.md");
    let unstamped = artifacts::render_all(&KB, &s, &files::existing_files(root, &feature))
        .remove(0)
        .text;
    std::fs::write(&design, unstamped).unwrap();
    assert_eq!(files::stale(&KB, &s, root), vec![(design, "out of date")]);
}

/// A bundle ADR's title names the problem and the approach, once: a leaf titled after its
/// problem ("Cross-service writes through an outbox") is not prefixed with it again.
#[test]
fn a_bundle_adr_title_does_not_repeat_its_problem() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scenarios/order-pipeline-outbox.toml");
    let s = design_advisor::session::load(&path).unwrap();
    let titles: Vec<String> = adr::decisions(&KB, &s)
        .into_iter()
        .map(|d| d.title)
        .collect();
    assert!(
        titles.contains(&"Cross-service writes through an outbox".to_string()),
        "{titles:?}"
    );
    assert!(
        titles
            .iter()
            .any(|t| t == "Long-running business process: orchestrated saga with a process manager"),
        "{titles:?}"
    );
}
