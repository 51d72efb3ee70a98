//! design.md as a reviewer reads it: the problem, the decision and the target data flow
//! first (today's removed flows apart), then seed 004's sections filled from the session.

use design_advisor::engine;
use design_advisor::export::design;
use design_advisor::kb::{self, KnowledgeBase};
use design_advisor::session::{self, Session};
use std::sync::LazyLock;

static KB: LazyLock<KnowledgeBase> = LazyLock::new(KnowledgeBase::builtin);

fn example(name: &str) -> Session {
    let (f, text) = kb::example_sessions()
        .iter()
        .find(|(f, _)| f.starts_with(name))
        .unwrap_or_else(|| panic!("no example {name}"));
    session::load_str(text, f).unwrap()
}

fn render(s: &Session) -> String {
    let a = engine::assess(&KB, s);
    design::render(&KB, s, &a, &[])
}

/// The text of the `## title` section, up to the next `## ` heading.
fn section<'a>(doc: &'a str, title: &str) -> &'a str {
    let start = doc
        .find(&format!("\n## {title}\n"))
        .unwrap_or_else(|| panic!("no section {title}"))
        + 1;
    let rest = &doc[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 4);
    &rest[..end]
}

fn heading_at(doc: &str, title: &str) -> usize {
    doc.find(&format!("\n## {title}\n"))
        .unwrap_or_else(|| panic!("no section {title}"))
}

#[test]
fn the_first_screen_is_problem_decision_target_flow_and_risks() {
    let doc = render(&example("search-analytics-drift"));
    let summary = section(&doc, "Summary");
    // The problem names what today's system does wrong and links the section that shows
    // the answers behind it, instead of repeating them in the Summary.
    let problem = summary
        .lines()
        .find(|l| l.starts_with("- **Problem**: "))
        .expect("a Problem line");
    assert!(
        problem.contains("Today's system has: Dual write to a store and a broker"),
        "{problem}"
    );
    assert!(problem.contains("](#what-the-design-removes)"), "{problem}");
    assert!(!problem.contains("Derived data updates ="), "{problem}");
    assert!(summary.contains("- **TL;DR**: Make PostgreSQL"));
    let order = [
        "Summary",
        "Target architecture",
        "Risks that remain",
        "What the design removes",
        "System concerns",
    ];
    for pair in order.windows(2) {
        assert!(
            heading_at(&doc, pair[0]) < heading_at(&doc, pair[1]),
            "{} must come before {}",
            pair[0],
            pair[1]
        );
    }
    // The catalogue's principles come after the design's own sections.
    assert!(
        heading_at(&doc, "What the requirements imply")
            > heading_at(&doc, "Tests and verification")
    );
}

#[test]
fn the_target_drawing_has_the_target_flows_and_today_is_drawn_apart() {
    let doc = render(&example("search-analytics-drift"));
    let target = section(&doc, "Target architecture");
    let (drawing, changes) = target
        .split_once("### What changes")
        .expect("a What changes block for the removed flows");
    assert!(drawing.contains("```mermaid\nflowchart LR"));
    // The CDC flow goes through its channel into Elasticsearch; Snowflake is fed too.
    assert!(drawing.contains(
        "s_PostgreSQL_catalog -->|\"added: cdc: product, key product_id\"| c_products_changed_v1"
    ));
    assert!(drawing.contains("c_products_changed_v1 --> s_Elasticsearch"));
    assert!(drawing.contains("s_Snowflake"));
    assert!(
        !drawing.contains("app-dual-write"),
        "today's dual write drawn as the target"
    );
    assert!(changes.contains("-.->|\"removed: app-dual-write: product"));
    assert!(
        changes
            .contains("- Removed flow: PostgreSQL catalog → Snowflake (order) by app-dual-write")
    );
}

#[test]
fn a_session_without_stores_says_so_visibly() {
    let doc = render(&example("review-order-service"));
    let target = section(&doc, "Target architecture");
    assert!(
        target.contains("```mermaid")
            || target.contains("`<TBD: the target stores, flows and channels>`"),
        "{target}"
    );
}

#[test]
fn boundary_contracts_name_and_link_each_channel_at_the_registry_path() {
    let s = example("search-analytics-drift");
    let doc = render(&s);
    let contracts = section(&doc, "Boundary contracts");
    assert!(contracts.contains("[`products.changed.v1`](contracts/products.changed.v1.md)"));
    assert!(contracts.contains("ordering key product\\_id"));
    assert!(contracts.contains("products.changed.v1.dlq owned by search-team"));
    assert!(contracts.contains("PII class none"));
}

#[test]
fn every_rollout_phase_has_a_numeric_or_visibly_tbd_abort_criterion_and_names_what_it_waits_for() {
    for name in [
        "search-analytics-drift",
        "ledger-transfer-2pc",
        "notifications-causal-order",
        "review-order-service",
    ] {
        let doc = render(&example(name));
        let rollout = section(&doc, "Rollout, migration and rollback");
        let aborts: Vec<&str> = rollout
            .lines()
            .filter(|l| l.starts_with("- **Abort when**: "))
            .collect();
        assert!(aborts.len() >= 2, "{name}: {rollout}");
        for a in aborts {
            assert!(
                a.chars().any(|c| c.is_ascii_digit()) || a.contains("`<TBD: criterion>`"),
                "{name}: {a}"
            );
        }
        assert_eq!(
            rollout.matches("- **Waits for**: ").count(),
            rollout.matches("### Phase ").count(),
            "{name}"
        );
    }
    // The dual-write example is migrated: the last phase removes today's path.
    let doc = render(&example("search-analytics-drift"));
    let rollout = section(&doc, "Rollout, migration and rollback");
    assert!(rollout.contains("### Phase 3: cut over and remove today's path"));
    assert!(
        rollout.contains("Remove PostgreSQL catalog → Elasticsearch (product) by app-dual-write")
    );
    assert!(rollout.contains("[Q1](#open-questions)"));
}

#[test]
fn verification_lists_the_tests_of_each_chosen_pattern_from_the_knowledge() {
    let s = example("search-analytics-drift");
    let a = engine::assess(&KB, &s);
    let doc = design::render(&KB, &s, &a, &[]);
    let verification = section(&doc, "Tests and verification");
    for r in &a.patterns {
        assert!(
            verification.contains(&format!("- **{}**: ", r.pattern.name)),
            "{}",
            r.pattern.name
        );
        if let Some(first) = r.pattern.verify.first() {
            let words: String = first.chars().take(30).collect();
            assert!(verification.contains(&words), "{words}");
        }
    }
}

#[test]
fn open_questions_carry_deferred_decisions_and_tbds_with_the_phase_they_block() {
    let doc = render(&example("ledger-transfer-2pc"));
    let open = section(&doc, "Risks, open questions and decisions needed");
    assert!(open.contains("| Q1 |"), "{open}");
    // A deferred decision is an open question that blocks the build.
    assert!(open.contains("(deferred)"), "{open}");
}

#[test]
fn alternatives_leave_out_the_not_sure_answers() {
    let doc = render(&example("search-analytics-drift"));
    let alts = section(&doc, "Alternatives considered");
    assert!(!alts.contains("Not sure"), "{alts}");
    assert!(alts.contains("transactional outbox"));
}

#[test]
fn the_pattern_rows_say_where_this_system_realises_them() {
    let doc = render(&example("search-analytics-drift"));
    let patterns = section(&doc, "Patterns");
    let cdc = patterns
        .lines()
        .find(|l| l.contains("| Change Data Capture |"))
        .unwrap();
    assert!(
        cdc.contains("Here: on products.changed.v1 (key product\\_id)"),
        "{cdc}"
    );
}

#[test]
fn the_json_report_carries_the_decisions_and_the_self_check() {
    let s = example("ledger-transfer-2pc");
    let a = engine::assess(&KB, &s);
    let v = design_advisor::export::json::report_with_checks(&KB, &s, &a);
    let decisions = v["decisions"].as_array().expect("decisions");
    assert!(decisions.len() >= 3, "{decisions:?}");
    // ADR-0002 ("Use Kafka", with a fallback and no trigger) is undecided: a CI gate can
    // fail on it by name.
    let broker = decisions.iter().find(|d| d["number"] == 2).unwrap();
    assert_eq!(broker["status"], "deferred");
    assert_eq!(broker["recorded_status"], "proposed");
    assert_eq!(broker["undecided"], true);
    assert!(
        broker["blocking_question"]
            .as_str()
            .unwrap()
            .contains("Redpanda")
    );
    let accepted = decisions.iter().find(|d| d["number"] == 1).unwrap();
    assert_eq!(accepted["undecided"], false);
    // The self-check's findings, as `lint --format json` gives them.
    let check = &v["selfcheck"];
    assert!(check["blocking"].is_boolean());
    assert!(check["findings"].is_array());
    assert_eq!(
        check["critical"].as_u64().unwrap() + check["important"].as_u64().unwrap(),
        check["findings"].as_array().unwrap().len() as u64
    );
}

#[test]
fn a_launch_is_accepted_only_when_its_verdict_is_safe_and_no_decision_it_needs_is_open() {
    let s = example("ledger-transfer-2pc");
    let launch = design_advisor::export::artifacts::render_all(&KB, &s, &[])
        .into_iter()
        .find(|a| a.kind == "launch")
        .expect("the example's launch");
    let summary = section(&launch.text, "Summary");
    // ADR-0002 (the broker) is deferred: the launch names it and is not accepted.
    assert!(summary.contains("- **Status**: Proposed"), "{summary}");
    assert!(
        summary.contains("ADR-0002 (Broker for the transfer log)"),
        "{summary}"
    );
    let gaps = section(&launch.text, "Gaps");
    assert!(
        gaps.contains("[ADR-0002](../adrs/0002-broker-for-the-transfer-log.md)"),
        "{gaps}"
    );
    // With the broker decided, the launch is safe for its shadow traffic and accepted.
    let mut decided = s.clone();
    for d in decided.decisions.iter_mut().filter(|d| d.number == 2) {
        d.fallback = None;
        d.status = design_advisor::session::AdrStatus::Accepted;
    }
    let launch = design_advisor::export::artifacts::render_all(&KB, &decided, &[])
        .into_iter()
        .find(|a| a.kind == "launch")
        .unwrap();
    assert!(
        section(&launch.text, "Summary").contains("- **Status**: Accepted"),
        "{}",
        launch.text
    );
}

#[test]
fn review_strengths_come_only_from_what_the_user_says() {
    let s = example("review-order-service");
    let review = design_advisor::export::artifacts::render_all(&KB, &s, &[])
        .into_iter()
        .find(|a| a.kind == "review")
        .expect("the example's review");
    let strengths = section(&review.text, "Strengths");
    // A step marked sound without a note gets no invented description of what is covered.
    for qn in KB.questionnaires_for(design_advisor::kb::Step::Review) {
        for q in &qn.question {
            let Some(a) = s.answer(q.id.get_ref()) else {
                continue;
            };
            let Some(hint) = q.choice("sound").map(|c| c.hint.trim()) else {
                continue;
            };
            if a.choices.iter().any(|c| c == "sound")
                && a.note.trim().is_empty()
                && !hint.is_empty()
            {
                assert!(!strengths.contains(hint), "invented strength: {hint}");
            }
        }
    }
    assert!(
        !review.text.contains("Bring it to this state"),
        "{}",
        review.text
    );
    assert!(
        !review.text.contains(". **Review step**:"),
        "{}",
        review.text
    );
}

#[test]
fn lint_resolves_links_relative_to_the_file_wherever_it_is_run_from() {
    let dir = tempfile::tempdir().unwrap();
    let feature = dir.path().join("docs/features/x");
    std::fs::create_dir_all(feature.join("adrs")).unwrap();
    std::fs::write(feature.join("README.md"), "# X\n").unwrap();
    std::fs::write(feature.join("adrs/0001-a.md"), "# A\n").unwrap();
    let doc = "# X design\n\n## Summary\n\n- **Status**: Draft\n- **Date**: 2026-01-01\n- **TL;DR**: X.\n\n## Related artifacts\n\n- [README.md](README.md)\n- [ADR](adrs/0001-a.md)\n- [Missing](adrs/0002-b.md)\n";
    std::fs::write(feature.join("design.md"), doc).unwrap();
    let lint = |cwd: &std::path::Path, path: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_design-advisor"))
            .args(["lint", path])
            .current_dir(cwd)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    for (cwd, path) in [
        (dir.path().to_path_buf(), "docs/features/x/design.md"),
        (feature.clone(), "design.md"),
        (dir.path().join("docs"), "features/x/design.md"),
    ] {
        let out = lint(&cwd, path);
        let links: Vec<&str> = out.lines().filter(|l| l.contains("[cross-link]")).collect();
        assert_eq!(links.len(), 1, "from {}: {out}", cwd.display());
        assert!(links[0].contains("adrs/0002-b.md"), "{out}");
    }
}

#[test]
fn adr_consequences_are_three_to_five_and_sorted_good_and_bad() {
    for (f, _) in kb::example_sessions() {
        let s = example(f.trim_end_matches(".toml"));
        for adr in design_advisor::export::artifacts::render_all(&KB, &s, &[])
            .into_iter()
            .filter(|a| a.kind == "adr")
        {
            let Some(at) = adr.text.find("### Consequences") else {
                continue;
            };
            let block = &adr.text[at..adr.text[at..]
                .find("\n## ")
                .map_or(adr.text.len(), |e| at + e)];
            if block.contains("<TBD: good and bad consequences>") {
                continue;
            }
            let n = block
                .lines()
                .filter(|l| l.starts_with("- Good (") || l.starts_with("- Bad ("))
                .count();
            assert!(
                (3..=5).contains(&n),
                "{}: {n} consequences\n{block}",
                adr.path
            );
            assert!(
                !block.contains("- Bad (Append-only log (segments, retention, compaction)): Fast"),
                "{}",
                adr.path
            );
            let options = section(&adr.text, "Considered options");
            assert!(!options.contains("Not sure"), "{}: {options}", adr.path);
        }
    }
    let s = example("ledger-transfer-2pc");
    let ledger = design_advisor::export::artifacts::render_all(&KB, &s, &[])
        .into_iter()
        .find(|a| a.path.starts_with("adrs/0003"))
        .unwrap();
    // A benefit stated as a trade-off is filed under Good; the ledger's balance claim
    // holds for an asynchronous transfer only with money in flight counted.
    assert!(
        ledger
            .text
            .contains("- Good (Append-only log (segments, retention, compaction)): Fast because")
    );
    assert!(!ledger.text.contains("at all times"), "{}", ledger.text);
    assert!(ledger.text.contains("suspense (in-flight) account"));
}

#[test]
fn a_bundle_adr_decides_for_this_system_without_the_dropped_patterns() {
    let mut s = example("search-analytics-drift");
    // The example asks for an ADR on its CDC bundle only; ask for one on ordering too.
    for p in &mut s.paths {
        p.adr = true;
    }
    let decisions = design_advisor::export::decided::decisions(&KB, &s);
    let ordering = decisions
        .iter()
        .find(|d| d.title.contains("ordering"))
        .expect("the ordering ADR");
    assert!(
        !ordering.decision.contains("Add the"),
        "{}",
        ordering.decision
    );
    assert!(
        ordering
            .decision
            .starts_with("Product search and analytics sync adopts per-key ordering"),
        "{}",
        ordering.decision
    );
    assert!(
        ordering
            .decision
            .contains("products.changed.v1 keyed by product_id")
    );
    // The session dropped the resequencer (Kafka offsets already order each product).
    assert!(
        !ordering.decision.contains("Resequencer"),
        "{}",
        ordering.decision
    );
}

#[test]
fn a_below_threshold_design_is_the_simple_design_without_the_full_sections() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/scenarios/team-lunch-orders.toml"),
    )
    .unwrap();
    let s = session::load_str(&text, "team-lunch-orders.toml").unwrap();
    let a = engine::assess(&KB, &s);
    assert!(a.threshold.below);
    let doc = design::render(&KB, &s, &a, &[]);
    assert!(doc.contains("**Below the threshold.**"));
    for heading in [
        "Boundary contracts",
        "Rollout, migration and rollback",
        "Tests and verification",
    ] {
        assert!(
            !doc.contains(&format!("\n## {heading}\n")),
            "{heading} in a below-threshold design"
        );
    }
}

#[test]
fn an_adr_is_driven_only_by_the_findings_its_patterns_fix() {
    let s = example("ledger-transfer-2pc");
    let all = design_advisor::export::artifacts::render_all(&KB, &s, &[]);
    let adr = |prefix: &str| all.iter().find(|a| a.path.starts_with(prefix)).unwrap();
    // The broker decision records no path: the removed 2PC is not one of its drivers.
    assert!(
        !adr("adrs/0002").text.contains("Removes today's"),
        "{}",
        adr("adrs/0002").text
    );
    // The decision that replaces 2PC is driven by it.
    assert!(
        adr("adrs/0001")
            .text
            .contains("Removes today's Two-phase commit")
    );
}

#[test]
fn each_principle_is_one_bullet_of_what_the_requirements_imply() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut sessions: Vec<Session> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "toml")
                && !p.to_string_lossy().ends_with(".expect.toml")
        })
        .map(|p| session::load(&p).unwrap())
        .collect();
    sessions.extend(
        kb::example_sessions()
            .iter()
            .map(|(f, t)| session::load_str(t, f).unwrap()),
    );
    let mut grouped = 0;
    for s in &sessions {
        let doc = render(s);
        let implied = section(&doc, "What the requirements imply");
        let titles: Vec<&str> = implied
            .lines()
            .filter_map(|l| l.strip_prefix("- **"))
            .filter_map(|l| l.split("**").next())
            .collect();
        let mut unique = titles.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(titles.len(), unique.len(), "{}: {implied}", s.slug);
        grouped += implied.lines().filter(|l| l.starts_with("  - ")).count();
    }
    // The payments scenario has two pieces of idempotency advice: one bullet, two items.
    assert!(
        grouped >= 2,
        "no principle with two pieces of advice in any session"
    );
}

/// The Summary's tier line is one short sentence (the tier and what would lift it) that
/// links the Readiness tier section, where the evidence and the next items are listed.
#[test]
fn the_summary_states_the_tier_in_one_short_sentence() {
    for (file, text) in kb::example_sessions() {
        let s = session::load_str(text, file).unwrap();
        let a = engine::assess(&KB, &s);
        let doc = render(&s);
        let line = doc
            .lines()
            .find(|l| l.starts_with("- **Readiness tier**: "))
            .unwrap_or_else(|| panic!("{file}: no tier line"));
        assert!(line.len() < 160, "{file}: {line}");
        assert!(
            line.ends_with("[Why, and what lifts it](#readiness-tier)."),
            "{line}"
        );
        assert!(doc.contains("\n## Readiness tier\n"));
        let short = a.tier.short();
        assert_eq!(short.matches(". ").count(), 0, "one sentence: {short}");
        if a.tier.gate_met {
            assert!(short.starts_with(a.tier.earned.name.as_str()), "{short}");
        }
        if let Some(next) = a.tier.next.filter(|_| a.tier.gate_met) {
            assert!(short.contains(&format!("{} needs", next.name)), "{short}");
        }
        // The section keeps the whole verdict.
        assert!(
            section(&doc, "Readiness tier")
                .contains(&design_advisor::export::escape::inline(&a.tier.headline())),
            "{file}"
        );
    }
}

#[test]
fn without_a_day_set_by_a_front_end_nothing_is_marked_overdue() {
    // This test binary never sets `session::as_of`: rendering stays a function of the
    // session alone, so snapshots do not change with the calendar.
    assert_eq!(session::as_of(), None);
    let mut s = example("search-analytics-drift");
    let a = s.answers.entry("concerns.cost_owner".into()).or_default();
    a.tbd = true;
    a.owner = "finance".into();
    a.due = Some("2001-01-01".parse().unwrap());
    let doc = render(&s);
    assert!(doc.contains("| finance | 2001-01-01 |"), "{doc}");
    assert!(!doc.contains("overdue"), "{doc}");
}
