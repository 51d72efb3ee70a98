//! `check --all` at scale: 1,000 feature folders, each with a session copied from the
//! examples, are created once in a temporary directory; the timed part reads, validates
//! and assesses every session against a policy, as `check --all ROOT --min-tier
//! prototype --max-tbd 100` does. Target: under 1 s.
//!
//! Run: cargo bench --bench check_all

use criterion::{Criterion, criterion_group, criterion_main};
use design_advisor::cli::check;
use design_advisor::kb::{self, KnowledgeBase};
use std::time::{Duration, Instant};

const FEATURES: usize = 1_000;

fn populate(root: &std::path::Path) {
    let examples = kb::example_sessions();
    for i in 0..FEATURES {
        let (_, text) = examples[i % examples.len()];
        let dir = root.join(format!("docs/features/feature-{i:04}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("design-session.toml"), text).unwrap();
    }
}

fn check_all(c: &mut Criterion) {
    let kb = KnowledgeBase::builtin();
    let dir = tempfile::tempdir().unwrap();
    populate(dir.path());
    let policy = check::policy(&kb, Some("prototype"), Some(100)).unwrap();
    let run = |kb: &KnowledgeBase| {
        let mut failing = 0;
        for c in check::read_all(kb, dir.path()) {
            if let check::Checked::Read(session, _) = c {
                failing += usize::from(!check::evaluate(kb, &session, &policy, None).holds());
            }
        }
        failing
    };
    let start = Instant::now();
    let failing = run(&kb);
    eprintln!(
        "check --all over {FEATURES} features: {:.3} s ({failing} failing the policy)",
        start.elapsed().as_secs_f64()
    );
    let mut g = c.benchmark_group("check-all");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("check --all, 1,000 features", |b| b.iter(|| run(&kb)));
    g.finish();
}

criterion_group!(benches, check_all);
criterion_main!(benches);
