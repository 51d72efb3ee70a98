//! The system catalog at scale: 10,000 feature folders, each with a per-feature README,
//! are created once in a temporary directory; the timed part scans them, reads every
//! README, renders docs/system/catalog.md and writes it. The target is well under 1 s.
//!
//! Run: cargo bench --bench catalog

use criterion::{Criterion, criterion_group, criterion_main};
use design_advisor::export::{artifacts, files};
use design_advisor::kb::{self, KnowledgeBase};
use design_advisor::session;
use std::path::Path;
use std::time::Duration;

const FEATURES: usize = 10_000;

/// The README of every example session, rendered for real.
fn readmes(kb: &KnowledgeBase) -> Vec<String> {
    kb::example_sessions()
        .iter()
        .map(|(name, text)| {
            let s = session::load_str(text, name).unwrap();
            artifacts::render_all(kb, &s, &[])
                .into_iter()
                .find(|a| a.kind == "feature-index")
                .unwrap()
                .text
        })
        .collect()
}

fn populate(root: &Path, readmes: &[String]) {
    let features = root.join("docs/features");
    for i in 0..FEATURES {
        let dir = features.join(format!("feature-{i:05}"));
        std::fs::create_dir_all(&dir).unwrap();
        let text = &readmes[i % readmes.len()];
        // Vary each row a little so no two READMEs are identical.
        let text = text.replacen(
            "- **Owner team**: ",
            &format!("- **Owner team**: team-{} ", i % 97),
            1,
        );
        std::fs::write(dir.join("README.md"), text).unwrap();
    }
    let system = root.join("docs/system");
    std::fs::create_dir_all(system.join("adrs")).unwrap();
    std::fs::write(
        system.join("glossary.md"),
        "# Glossary\n\n- **Status**: Active\n",
    )
    .unwrap();
    std::fs::write(system.join("adrs/0001-broker.md"), "# 0001. Broker\n").unwrap();
}

fn catalog(c: &mut Criterion) {
    let kb = KnowledgeBase::builtin();
    let dir = tempfile::tempdir().unwrap();
    populate(dir.path(), &readmes(&kb));
    let root = dir.path();

    let mut group = c.benchmark_group("catalog");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10))
        .warm_up_time(Duration::from_secs(2));
    group.bench_function("scan+render+write 10k features", |b| {
        b.iter(|| files::write_catalog(root).unwrap())
    });
    group.bench_function("scan+render 10k features", |b| {
        b.iter(|| files::render_catalog(root))
    });
    group.finish();

    let (_, text) = files::render_catalog(root);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("| feature-")).count(),
        FEATURES
    );
}

criterion_group!(benches, catalog);
criterion_main!(benches);
