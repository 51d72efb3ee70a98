//! The command line, driven as CI would: exit statuses, output and files written.

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_design-advisor"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_exits_0_when_the_policy_holds_1_when_not_2_on_bad_input() {
    let ok = run(&[
        "check",
        "example:ledger-transfer-2pc",
        "--min-tier",
        "prototype",
        "--max-tbd",
        "1",
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert!(stdout(&ok).contains("policy: holds"));

    let tier = run(&[
        "check",
        "example:ledger-transfer-2pc",
        "--min-tier",
        "production-ready",
    ]);
    assert_eq!(tier.status.code(), Some(1));
    assert!(
        stdout(&tier)
            .contains("policy: FAILS: tier Service-ready is below the required Production-ready"),
        "{}",
        stdout(&tier)
    );

    let tbd = run(&["check", "example:search-analytics-drift", "--max-tbd", "0"]);
    assert_eq!(tbd.status.code(), Some(1));
    // distributed.scaling_axis takes its answer from requirements.scale (asked once); the
    // four privacy questions are open because it handles personal data.
    assert!(stdout(&tbd).contains("policy: FAILS: 11 open TBD(s), at most 0 allowed"));

    let unknown_tier = run(&["check", "example:ledger-transfer-2pc", "--min-tier", "gold"]);
    assert_eq!(unknown_tier.status.code(), Some(2));
    assert!(stderr(&unknown_tier).contains("unknown tier \"gold\""));

    let missing = run(&["check", "no/such/session.toml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("reading session no/such/session.toml"));

    let bad_flag = run(&["check", "example:ledger-transfer-2pc", "--max-tbd", "many"]);
    assert_eq!(bad_flag.status.code(), Some(2));
}

#[test]
fn check_reports_json_with_the_policy() {
    let o = run(&[
        "check",
        "example:search-analytics-drift",
        "--format",
        "json",
        "--min-tier",
        "service-ready",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["tier"]["earned"], "service-ready-basic");
    assert_eq!(v["policy"]["holds"], false);
    // The dual write is today's; the design removes it by change data capture.
    assert_eq!(v["removed_by_design"][0]["id"], "dual-write");
    assert_eq!(v["antipatterns"][0]["id"], "missing-trace-context");
}

#[test]
fn a_malformed_session_is_bad_input_named_by_line_and_field_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("design-session.toml");
    let text = "schema_version = 1\nfeature = \"F\"\nslug = \"f\"\ndate = \"2026-01-01\"\nmode = \"dance\"\n";
    std::fs::write(&path, text).unwrap();
    let o = run(&[
        "export",
        path.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(":5:8: mode: unknown variant `dance`"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert!(
        !dir.path().join("docs").exists(),
        "nothing written on bad input"
    );
}

/// The files below a feature folder, relative to it, sorted (the writer's hash record left
/// out).
fn feature_files(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if !e.file_name().to_string_lossy().starts_with('.') {
                out.push(p.strip_prefix(dir).unwrap().to_string_lossy().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_missing_session_is_named_once_with_its_reason_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere.toml");
    let o = run(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("nowhere.toml"), "{err}");
    // The operating system's reason, said once (it was repeated by the error chain).
    let reason = err.matches("os error 2").count();
    assert_eq!(reason, 1, "{err}");
}

#[test]
fn export_writes_the_design_document_under_the_output_root() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    // The example's contract has a closed schema under BACKWARD compatibility and marks a
    // PII field under no PII class: it contradicts itself, so that one file is not written
    // without --force. Every other file is, and the exit code says something was blocked.
    let blocked = run(&["export", "example:notifications-causal-order", "--out", out]);
    assert_eq!(blocked.status.code(), Some(1), "{}", stderr(&blocked));
    let err = stderr(&blocked);
    assert!(err.contains("critical: [closed-schema-backward]"), "{err}");
    let contract = "contracts/messages.sent.v1.md";
    assert!(
        err.lines()
            .any(|l| l.starts_with("design-advisor: not written: ")
                && l.contains(contract)
                && l.contains("[channel-pii-fields]")),
        "{err}"
    );
    let feature = dir.path().join("docs/features/causal-notifications");
    assert!(
        !feature.join(contract).exists(),
        "the broken contract is not written"
    );
    let written = feature_files(&feature);
    // The same export forced, elsewhere: the only difference is the broken contract.
    let forced_dir = tempfile::tempdir().unwrap();
    let forced = run(&[
        "export",
        "example:notifications-causal-order",
        "--out",
        forced_dir.path().to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    let all = feature_files(&forced_dir.path().join("docs/features/causal-notifications"));
    let expected: Vec<String> = all.iter().filter(|f| *f != contract).cloned().collect();
    assert!(
        all.len() > 5 && all.iter().any(|f| f == contract),
        "{all:?}"
    );
    assert_eq!(written, expected);
    assert!(dir.path().join("docs/system/catalog.md").is_file());
    // No sibling links the contract that was not written.
    for f in &written {
        if f.ends_with(".md") {
            let text = std::fs::read_to_string(feature.join(f)).unwrap();
            assert!(
                !text.contains("](contracts/messages.sent.v1.md")
                    && !text.contains("](../contracts/messages.sent.v1.md"),
                "{f} links the unwritten contract"
            );
        }
    }
    // An old copy of the broken file is left as it was.
    std::fs::create_dir_all(feature.join("contracts")).unwrap();
    std::fs::write(feature.join(contract), "kept by hand\n").unwrap();
    let again = run(&["export", "example:notifications-causal-order", "--out", out]);
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    assert_eq!(
        std::fs::read_to_string(feature.join(contract)).unwrap(),
        "kept by hand\n"
    );
    std::fs::remove_file(feature.join(contract)).unwrap();
    let o = run(&[
        "export",
        "example:notifications-causal-order",
        "--out",
        out,
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for file in [
        "README.md",
        "contracts/messages.sent.v1.md",
        "schemas/messages.sent.v1.json",
        "asyncapi/messages.sent.v1.yaml",
    ] {
        assert!(
            dir.path()
                .join("docs/features/causal-notifications")
                .join(file)
                .is_file(),
            "{file} not written"
        );
    }
    assert!(dir.path().join("docs/system/catalog.md").is_file());
    let path = dir
        .path()
        .join("docs/features/causal-notifications/design.md");
    assert!(stdout(&o).contains(&feature.join(contract).display().to_string()));
    let doc = std::fs::read_to_string(&path).unwrap();
    assert!(doc.starts_with("# Causally ordered notifications design\n"));
    for section in [
        "Summary",
        "System concerns",
        "Goals and non-goals",
        "Requirements and SLOs",
        "Patterns",
        "Decision path",
        "Reliability checklist",
        "Distributed-systems checklist",
        "Risks that remain",
        "Readiness tier",
        "Risks, open questions and decisions needed",
        "Alternatives considered",
        "Related artifacts",
    ] {
        assert!(
            doc.contains(&format!("\n## {section}\n")),
            "missing section {section}"
        );
    }
    let json = run(&[
        "export",
        "example:notifications-causal-order",
        "--out",
        out,
        "--format",
        "json",
    ]);
    assert_eq!(json.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            dir.path()
                .join("docs/features/causal-notifications/design-report.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(report["slug"], "causal-notifications");
}

#[test]
fn catalog_searches_and_shows_an_entry_in_full() {
    let o = run(&["catalog", "outbox"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.lines().next().unwrap().contains("transactional-outbox"),
        "{out}"
    );
    let detail = run(&["catalog", "transactional-outbox"]);
    let text = stdout(&detail);
    assert!(
        text.starts_with("Transactional Outbox (transactional-outbox, messaging)"),
        "{text}"
    );
    assert!(text.contains("Realisations:") && text.contains("In the decision graph:"));
    let ap = run(&["catalog", "dual-write"]);
    assert!(stdout(&ap).contains("Detected when: practices.derived_update == app-dual-write"));
    let none = run(&["catalog", "zzzz-nothing"]);
    assert_eq!(none.status.code(), Some(1));
}

#[test]
fn tree_prints_mermaid_and_dot() {
    assert!(stdout(&run(&["tree"])).starts_with("flowchart LR"));
    assert!(stdout(&run(&["tree", "--format", "dot"])).starts_with("digraph decisions {"));
}

#[test]
fn kb_stats_meets_the_coverage_inventory() {
    let o = run(&["kb", "stats", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let n = |p: &str| {
        v.pointer(p)
            .and_then(|x| x.as_u64())
            .unwrap_or_else(|| panic!("{p} missing"))
    };
    assert_eq!(n("/questionnaires/requirements"), 5);
    assert_eq!(n("/questionnaires/reliability"), 8);
    assert_eq!(n("/questionnaires/distributed"), 6);
    assert_eq!(n("/questionnaires/concerns"), 7);
    assert_eq!(n("/questionnaires/correctness"), 5);
    assert_eq!(n("/questionnaires/review"), 10);
    assert!(n("/questionnaires/threshold") >= 1);
    assert!(n("/graph/problems") >= 54, "12 + 22 + 20 problems");
    assert!(n("/graph/leaves") >= 20);
    assert!(n("/patterns") >= 100);
    assert!(n("/patterns_by_category/integration") >= 4 + 2 + 3);
    assert!(n("/patterns_by_category/advanced") >= 14);
    assert!(n("/antipatterns/total") >= 25);
    assert_eq!(n("/antipatterns/without_rule"), 0);
    assert_eq!(n("/tiers/per_service"), 5);
    assert!(n("/evidence_items") >= 25);
    assert_eq!(n("/principles"), 8);
    assert!(n("/artifact_kinds") >= 10);
}

#[test]
fn kb_validate_lists_every_problem_of_a_bad_pack_and_exits_1() {
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/several-problems");
    let o = run(&["kb", "validate", "--data", pack.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o).lines().count(), 3, "{}", stdout(&o));
    assert!(stderr(&o).contains("3 problem(s)"));
    let good = run(&["kb", "validate"]);
    assert_eq!(good.status.code(), Some(0));
    assert!(stdout(&good).starts_with("ok: "));
    // Commands that need the knowledge base refuse a bad pack as bad input.
    let o = run(&["catalog", "--data", pack.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn help_reads_like_a_manual() {
    let o = run(&["--help"]);
    let text = stdout(&o);
    for word in [
        "export",
        "check",
        "catalog",
        "tree",
        "kb",
        "Exit status",
        "Examples:",
    ] {
        assert!(text.contains(word), "--help lacks {word}");
    }
}

#[test]
fn lint_reports_findings_by_file_and_line_and_check_frozen_gates_stale_docs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    assert_eq!(
        run(&["export", "example:ledger-transfer-2pc", "--out", out])
            .status
            .code(),
        Some(0)
    );
    let frozen = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "example:ledger-transfer-2pc",
            "--frozen",
            "--out",
            out,
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    assert_eq!(frozen(&[]).status.code(), Some(0));
    let readme = dir.path().join("docs/features/account-transfers/README.md");
    let mut text = std::fs::read_to_string(&readme).unwrap();
    text.push_str("\nA line added by hand.\n");
    std::fs::write(&readme, &text).unwrap();
    let stale = frozen(&[]);
    assert_eq!(stale.status.code(), Some(1));
    assert!(
        stderr(&stale).contains("README.md (out of date)"),
        "{}",
        stderr(&stale)
    );
    // Re-export refuses to replace the hand edit.
    let again = run(&["export", "example:ledger-transfer-2pc", "--out", out]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("edited by hand"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&readme).unwrap(), text);

    let bad = dir.path().join("bad.md");
    std::fs::write(
        &bad,
        "# A design\n\nWe alert on divergence.\n\nSee [the plan](missing.md).\n",
    )
    .unwrap();
    let lint = run(&["lint", bad.to_str().unwrap()]);
    assert_eq!(lint.status.code(), Some(1));
    let text = stdout(&lint);
    assert!(
        text.contains("bad.md:3: important: [concrete-criteria]"),
        "{text}"
    );
    assert!(text.contains("[cross-link]"), "{text}");
    let json = run(&["lint", bad.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(v["findings"].as_array().unwrap().len() >= 2);
}

#[test]
fn a_full_disk_fails_with_a_clear_error_and_keeps_the_previous_documents() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    assert_eq!(
        run(&["export", "example:ledger-transfer-2pc", "--out", out])
            .status
            .code(),
        Some(0)
    );
    let design = dir.path().join("docs/features/account-transfers/design.md");
    let before = std::fs::read(&design).unwrap();
    // A file-size limit of 4 KiB stands in for a full disk: design.md is larger.
    std::fs::remove_file(dir.path().join("docs/features/account-transfers/README.md")).unwrap();
    let mut session = design_advisor::session::load_str(
        design_advisor::kb::example_sessions()
            .iter()
            .find(|(f, _)| f.starts_with("ledger"))
            .unwrap()
            .1,
        "ledger",
    )
    .unwrap();
    session.tldr = "A changed summary, so design.md must be rewritten.".into();
    let path = dir.path().join("changed.toml");
    std::fs::write(&path, design_advisor::session::to_toml(&session)).unwrap();
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 8; exec '{}' export '{}' --out '{out}'",
            env!("CARGO_BIN_EXE_design-advisor"),
            path.display()
        ))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("writing") && stderr(&o).contains("File too large"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(&design).unwrap(),
        before,
        "the previous design.md is intact"
    );
    let leftovers: Vec<_> = std::fs::read_dir(design.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary files are cleaned up: {leftovers:?}"
    );
}

#[test]
fn check_fails_on_an_overdue_tbd_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    let mut text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sessions/search-analytics-drift.toml"),
    )
    .unwrap();
    text.push_str(
        "\n[answers.\"concerns.cost_owner\"]\ntbd = true\nowner = \"finance\"\ndue = \"2001-01-01\"\n",
    );
    std::fs::write(&path, &text).unwrap();
    let p = path.to_str().unwrap();
    let plain = run(&["check", p]);
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    let gated = run(&["check", p, "--fail-overdue"]);
    assert_eq!(gated.status.code(), Some(1), "{}", stdout(&gated));
    assert!(
        stdout(&gated).contains("concerns.cost_owner is overdue (due 2001-01-01)"),
        "{}",
        stdout(&gated)
    );
    // --today makes the gate reproducible: on the due date itself nothing is overdue yet,
    // the day after it is.
    let on_the_day = run(&["check", p, "--fail-overdue", "--today", "2001-01-01"]);
    assert_eq!(on_the_day.status.code(), Some(0), "{}", stdout(&on_the_day));
    let day_after = run(&["check", p, "--fail-overdue", "--today", "2001-01-02"]);
    assert_eq!(day_after.status.code(), Some(1), "{}", stdout(&day_after));
    let bad = run(&["check", p, "--fail-overdue", "--today", "2001-13-40"]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    assert!(stderr(&bad).contains("--today"), "{}", stderr(&bad));
}

#[test]
fn design_md_marks_an_open_question_past_its_due_date_on_the_day_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let mut text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sessions/search-analytics-drift.toml"),
    )
    .unwrap();
    text.push_str(concat!(
        "\n[answers.\"concerns.cost_owner\"]\ntbd = true\nowner = \"finance\"\ndue = \"2001-01-01\"\n",
        "\n[answers.\"concerns.capacity\"]\ntbd = true\nowner = \"sre\"\ndue = \"2999-01-01\"\n",
    ));
    let path = dir.path().join("s.toml");
    std::fs::write(&path, &text).unwrap();
    let p = path.to_str().unwrap();
    let o = run(&["export", p, "--out", out]);
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{}",
        stderr(&o)
    );
    let design = std::fs::read_to_string(
        dir.path()
            .join("docs/features/product-search-sync/design.md"),
    )
    .unwrap();
    let row = |owner: &str| {
        design
            .lines()
            .find(|l| l.starts_with("| Q") && l.contains(&format!("| {owner} |")))
            .unwrap_or_else(|| panic!("no open question owned by {owner}:\n{design}"))
            .to_string()
    };
    assert!(
        row("finance").contains("| 2001-01-01 (**overdue**) |"),
        "{}",
        row("finance")
    );
    assert!(row("sre").contains("| 2999-01-01 |"), "{}", row("sre"));
    assert!(design.contains("**1 overdue** on "), "{design}");
    // --frozen compares against the same marks, judged on the day --today names: before
    // the due date the written document (marked) is out of date, on the export day not.
    let frozen = |day: &str| run(&["check", p, "--frozen", "--out", out, "--today", day]);
    assert_eq!(frozen("2000-06-01").status.code(), Some(1));
    let today = design_advisor::session::today().to_string();
    let same_day = frozen(&today);
    assert_eq!(same_day.status.code(), Some(0), "{}", stderr(&same_day));
}
