//! `lint` over the fixtures in tests/fixtures/lint: every `*.md` there is linted and its
//! output compared, byte for byte, with the sibling `.expected` file (empty for a clean
//! document). `UPDATE_EXPECTED=1 cargo test --test lint` rewrites the expected files;
//! review the diff as you would code.

use design_advisor::selfcheck::{self, Severity};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint")
}

fn documents() -> Vec<PathBuf> {
    let mut docs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    docs
}

/// Lints one fixture, labelled with its file name; links resolve inside the fixture folder.
fn lint(path: &Path) -> Vec<selfcheck::Finding> {
    let name = path.file_name().unwrap().to_str().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    selfcheck::lint(name, &text, |p| fixtures().join(p).exists())
}

#[test]
fn fixtures_match_their_expected_findings() {
    let docs = documents();
    assert!(docs.len() >= 10, "fixtures missing: {docs:?}");
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let mut failures = Vec::new();
    for doc in &docs {
        let got = selfcheck::to_text(&lint(doc));
        let expected_path = doc.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
            panic!(
                "{} has no expected file {}",
                doc.display(),
                expected_path.display()
            )
        });
        if got != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- got\n{got}",
                doc.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_expected_file_has_its_document() {
    for e in std::fs::read_dir(fixtures()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "expected") {
            assert!(
                p.with_extension("md").is_file(),
                "{} has no document",
                p.display()
            );
        }
    }
}

#[test]
fn clean_documents_give_no_findings() {
    for name in [
        "clean-design.md",
        "clean-adr.md",
        "deferred-adr-with-blocker.md",
        "README.md",
    ] {
        let f = lint(&fixtures().join(name));
        assert!(f.is_empty(), "{name}: {}", selfcheck::to_text(&f));
    }
}

#[test]
fn each_bad_document_trips_its_rule() {
    let cases = [
        (
            "alert-without-threshold.md",
            "concrete-criteria",
            Severity::Important,
        ),
        ("dangling-link.md", "cross-link", Severity::Important),
        (
            "all-tbd-concerns.md",
            "system-concerns-all-tbd",
            Severity::Important,
        ),
        (
            "key-concerns-tbd.md",
            "system-concerns-key-unknown",
            Severity::Important,
        ),
        (
            "schrodinger-adr.md",
            "schrodinger-decision",
            Severity::Critical,
        ),
        (
            "either-or-adr.md",
            "schrodinger-decision",
            Severity::Critical,
        ),
        (
            "deferred-adr.md",
            "deferred-without-blocker",
            Severity::Important,
        ),
        ("missing-summary.md", "summary-block", Severity::Important),
        (
            "incomplete-summary.md",
            "related-artifacts",
            Severity::Important,
        ),
    ];
    for (name, rule, severity) in cases {
        let f = lint(&fixtures().join(name));
        assert!(
            f.iter().any(|f| f.rule == rule && f.severity == severity),
            "{name} should trip {rule}: {}",
            selfcheck::to_text(&f)
        );
        assert_eq!(
            selfcheck::blocking(&f),
            severity == Severity::Critical,
            "{name}"
        );
    }
}

#[test]
fn lint_reports_only_text_rules() {
    for doc in documents() {
        for f in lint(&doc) {
            let rule = selfcheck::rules::rule_by_id(f.rule).expect("a catalogue rule");
            assert!(rule.on_text, "{} is not a text rule", f.rule);
            assert_eq!(rule.severity, f.severity);
        }
    }
}

#[test]
fn links_resolve_relative_to_the_file() {
    let text = "# X\n\n[up](../design.md) [same](0002-y.md) [system](../../../system/catalog.md)\n";
    let mut asked = Vec::new();
    let cell = std::cell::RefCell::new(&mut asked);
    let f = selfcheck::lint("docs/features/x/adrs/0001-x.md", text, |p| {
        cell.borrow_mut().push(p.to_string());
        p == "docs/features/x/design.md"
    });
    assert_eq!(
        asked,
        [
            "docs/features/x/design.md",
            "docs/features/x/adrs/0002-y.md",
            "docs/system/catalog.md"
        ]
    );
    let dangling: Vec<_> = f.iter().filter(|f| f.rule == "cross-link").collect();
    assert_eq!(dangling.len(), 2);
    assert!(dangling.iter().all(|f| f.line == Some(3)));
}

#[test]
fn text_and_json_output() {
    let f = lint(&fixtures().join("schrodinger-adr.md"));
    let text = selfcheck::to_text(&f);
    assert!(
        text.lines()
            .any(|l| l.starts_with("schrodinger-adr.md:15: critical: [schrodinger-decision] ")),
        "{text}"
    );
    let json = selfcheck::to_json(&f);
    assert_eq!(json["blocking"], true);
    assert_eq!(json["critical"], 1);
    assert_eq!(json["findings"][0]["rule"], "schrodinger-decision");
    assert_eq!(json["findings"][0]["path"], "schrodinger-adr.md");
    assert_eq!(json["findings"][0]["line"], 15);
    let none = selfcheck::to_json(&[]);
    assert_eq!(none["blocking"], false);
    assert_eq!(none["findings"].as_array().unwrap().len(), 0);
    assert_eq!(selfcheck::to_text(&[]), "");
}
