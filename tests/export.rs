//! Documents derived from sessions: snapshots of every example, byte-for-byte determinism,
//! and user text that cannot break the Markdown or the JSON.

use design_advisor::engine;
use design_advisor::export::files::{self, DocFormat};
use design_advisor::export::{design, json};
use design_advisor::kb::{self, KnowledgeBase};
use design_advisor::session::{self, Answer, Date, GraphPath, Session};
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

#[test]
fn design_documents_of_the_examples() {
    for (name, s) in examples() {
        let a = engine::assess(&KB, &s);
        insta::assert_snapshot!(format!("design-{name}"), design::render(&KB, &s, &a, &[]));
    }
}

#[test]
fn json_reports_of_the_examples() {
    for (name, s) in examples() {
        let a = engine::assess(&KB, &s);
        insta::assert_json_snapshot!(format!("report-{name}"), json::report(&s, &a));
    }
}

#[test]
fn the_same_session_exports_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for (_, s) in examples() {
        for format in [DocFormat::Md, DocFormat::Json] {
            let path = files::write(&KB, &s, dir.path(), format, false).unwrap();
            let first = std::fs::read(&path).unwrap();
            // A fresh parse of the same file gives the same document.
            let again = session::load_str(&session::to_toml(&s), "again").unwrap();
            files::write(&KB, &again, dir.path(), format, false).unwrap();
            assert_eq!(std::fs::read(&path).unwrap(), first);
            assert!(path.starts_with(dir.path().join("docs/features").join(&s.slug)));
        }
    }
}

#[test]
fn existing_artifacts_are_linked_and_the_rest_listed_at_their_paths() {
    let dir = tempfile::tempdir().unwrap();
    let (_, s) = examples().remove(0);
    let feature = dir.path().join("docs/features").join(&s.slug);
    std::fs::create_dir_all(feature.join("adrs")).unwrap();
    std::fs::write(feature.join("adrs/0001-use-cdc.md"), "# ADR").unwrap();
    std::fs::write(feature.join("README.md"), "# index").unwrap();
    let (_, doc) = files::render(&KB, &s, dir.path(), DocFormat::Md).unwrap();
    let related = &doc[doc.find("## Related artifacts").unwrap()..];
    assert!(
        related.contains("- [adrs/0001-use-cdc.md](adrs/0001-use-cdc.md)"),
        "{related}"
    );
    assert!(related.contains("- [README.md](README.md)"));
    assert!(
        !related.contains("`adrs/{nnnn}-{title}.md`"),
        "an existing ADR replaces the conventional path"
    );
    assert!(related.contains("`runbooks/{incident}.md`"));
}

fn hostile() -> Session {
    let evil = "# Heading?\n| pipe | <script>alert(1)</script> `code` [x](javascript:1) \u{1b}[31mred\u{1b}[0m\r\n1. list";
    let mut s = Session::new(
        "Evil | <b>feature</b>\n# injected",
        Date {
            year: 2026,
            month: 1,
            day: 1,
        },
    );
    s.tldr = evil.into();
    s.goals = vec![evil.into()];
    s.answers.insert(
        "reliability.delivery".into(),
        Answer {
            choices: vec!["at-least-once".into()],
            note: evil.into(),
            ..Answer::default()
        },
    );
    s.answers.insert(
        "reliability.retry".into(),
        Answer {
            tbd: true,
            owner: "`team` | <x>".into(),
            note: evil.into(),
            ..Answer::default()
        },
    );
    s.answers.insert(
        "concerns.ownership".into(),
        Answer {
            choices: vec!["single-team".into()],
            note: evil.into(),
            ..Answer::default()
        },
    );
    s.paths.push(GraphPath {
        nodes: vec![
            "root".into(),
            "area-integration".into(),
            "cross-partition-transfer".into(),
        ],
        added: true,
        ..Default::default()
    });
    s
}

#[test]
fn user_text_cannot_break_the_markdown() {
    let s = hostile();
    let a = engine::assess(&KB, &s);
    let doc = design::render(&KB, &s, &a, &[]);
    assert!(!doc.contains('\u{1b}'), "escape sequences are stripped");
    assert!(
        !doc.contains("<script>") && !doc.contains("<b>"),
        "HTML is escaped"
    );
    let headings: Vec<&str> = doc.lines().filter(|l| l.starts_with('#')).collect();
    assert!(
        headings
            .iter()
            .all(|h| !h.contains("injected") && !h.contains("Heading?"))
            || headings[0].starts_with("# Evil"),
        "{headings:?}"
    );
    assert_eq!(
        doc.lines().filter(|l| l.starts_with("# ")).count(),
        1,
        "exactly one title"
    );
    assert!(
        !doc.lines().any(|l| l.starts_with("1. list")),
        "no list injected"
    );
    // Every table row has as many unescaped pipes as its header.
    let mut expected = None;
    for line in doc.lines() {
        if line.starts_with('|') {
            let pipes = line.replace("\\|", "").matches('|').count();
            if line.starts_with("| ---") || expected.is_none() {
                expected.get_or_insert(pipes);
            }
            assert_eq!(Some(pipes), expected, "broken table row: {line}");
        } else {
            expected = None;
        }
    }
    insta::assert_snapshot!("design-hostile", doc);
}

#[test]
fn user_text_survives_the_json_report() {
    let s = hostile();
    let a = engine::assess(&KB, &s);
    let text = serde_json::to_string_pretty(&json::report(&s, &a)).unwrap();
    let back: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back["feature"], s.feature.as_str());
    let retry = back["tbds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["question"] == "reliability.retry")
        .unwrap();
    assert_eq!(retry["owner"], "`team` | <x>");
    assert_eq!(retry["state"], "later");
}

#[test]
fn the_decision_graph_prints_as_mermaid_and_dot() {
    let m = design_advisor::export::tree::mermaid(&KB);
    assert!(m.starts_with("flowchart LR\n"));
    assert_eq!(m.matches(" -->|").count(), KB.graph.edge_count());
    let d = design_advisor::export::tree::dot(&KB);
    assert!(d.starts_with("digraph decisions {") && d.trim_end().ends_with('}'));
    assert_eq!(d.matches(" -> ").count(), KB.graph.edge_count());
}

#[test]
fn a_hand_edited_design_survives_re_export_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let (_, s) = examples().remove(0);
    let path = files::write(&KB, &s, dir.path(), DocFormat::Md, false).unwrap();
    let generated = std::fs::read_to_string(&path).unwrap();
    assert_eq!(files::on_disk(&path, &generated), files::OnDisk::Same);
    assert!(
        generated
            .lines()
            .last()
            .unwrap()
            .starts_with("<!-- generated by design-advisor")
    );

    // A changed session replaces an untouched generated file without asking.
    let mut changed = s.clone();
    changed.tldr = "A different summary.".into();
    files::write(&KB, &changed, dir.path(), DocFormat::Md, false).unwrap();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("A different summary.")
    );

    // An edit by hand is refused, and kept, until forced.
    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replace("## Summary", "## Summary\n\nA paragraph written by hand.");
    std::fs::write(&path, &edited).unwrap();
    let (_, fresh) = files::render(&KB, &s, dir.path(), DocFormat::Md).unwrap();
    assert_eq!(files::on_disk(&path, &fresh), files::OnDisk::HandEdited);
    let err = files::write(&KB, &s, dir.path(), DocFormat::Md, false).unwrap_err();
    assert!(err.downcast_ref::<files::HandEdited>().is_some(), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    files::write(&KB, &s, dir.path(), DocFormat::Md, true).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fresh);
}

#[test]
fn a_hand_edit_is_summarised_for_the_confirmation() {
    let generated = "# Title\n\n## Summary\n\n- a\n- b\n";
    let on_disk = "# Title\n\n## Summary\n\n- a\n- b, edited\nA paragraph written by hand.\n";
    assert_eq!(
        files::hand_edit_summary(on_disk, generated),
        "2 line(s) written by hand (first: \"- b, edited\"); 1 generated line(s) changed or removed"
    );
    assert_eq!(
        files::hand_edit_summary(generated, generated),
        "only the generation stamp differs"
    );
}

#[test]
fn the_json_report_tells_removed_risks_recommended_and_in_place_apart() {
    let search = examples()
        .into_iter()
        .find(|(n, _)| n == "search-analytics-drift")
        .unwrap()
        .1;
    let a = engine::assess(&KB, &search);
    let v = json::report(&search, &a);
    // What the design removes, with the mechanism that removes it.
    let removed = &v["removed_by_design"][0];
    assert_eq!(removed["id"], "dual-write");
    assert_eq!(removed["removed_by"][0]["question"], "cdc");
    assert_eq!(removed["removed_by"][0]["kind"], "flow");
    // Risks of the target design.
    let risks: Vec<&str> = v["antipatterns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(!risks.contains(&"dual-write"));
    assert!(risks.contains(&"missing-trace-context"));
    // The tier as one statement.
    let statement = v["tier"]["statement"].as_str().unwrap();
    assert!(
        statement.contains("Earned: Service-ready (basic)"),
        "{statement}"
    );
    assert_eq!(v["tier"]["in_production"], true);
    let review = examples()
        .into_iter()
        .find(|(n, _)| n == "review-order-service")
        .unwrap()
        .1;
    let v = json::report(&review, &engine::assess(&KB, &review));
    assert_eq!(v["patterns"][0]["state"], "in-place");
    assert_eq!(v["tier"]["name"], "not yet Prototype");
}
