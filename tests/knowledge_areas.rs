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
