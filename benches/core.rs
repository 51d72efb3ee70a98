//! Core benchmarks: loading and validating the knowledge base, assessing a session,
//! rendering a design document, and validation cost as a synthetic pack grows.
//!
//! Run: cargo bench --bench core

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use design_advisor::kb::{self, Source};
use design_advisor::{engine, export, session};
use std::fmt::Write;
use std::hint::black_box;
use std::time::Duration;

fn example() -> session::Session {
    let (name, text) = kb::example_sessions().iter().find(|(f, _)| f.starts_with("search-analytics-drift")).unwrap();
    session::load_str(text, name).unwrap()
}

fn builtin(c: &mut Criterion) {
    c.bench_function("kb/load+validate embedded", |b| b.iter(|| kb::load_builtin_with(black_box(Vec::new())).unwrap()));
    c.bench_function("kb/parse+validate embedded TOML", |b| b.iter(|| kb::load(black_box(kb::builtin_sources())).unwrap()));
    let kb = kb::KnowledgeBase::builtin();
    let s = example();
    c.bench_function("engine/assess example session", |b| b.iter(|| engine::assess(black_box(&kb), black_box(&s))));
    c.bench_function("export/render design.md", |b| {
        b.iter(|| {
            let a = engine::assess(&kb, &s);
            export::design::render(&kb, &s, &a, &[])
        })
    });
}

/// A pack of `n` patterns, each related to 5 others, and an `n`-node decision graph in
/// which every node offers 5 options (so about 5n edges), all reachable from one root.
fn synthetic_pack(n: usize) -> String {
    let mut t = String::with_capacity(n * 600);
    for i in 0..n {
        let related: Vec<String> = (1..=5).map(|k| format!("\"syn-p{}\"", (i + k) % n)).collect();
        let _ = write!(
            t,
            "[[pattern]]\nid = \"syn-p{i}\"\nname = \"Synthetic {i}\"\ncategory = \"distributed\"\nsolves = \"Problem {i}.\"\nidea = \"Idea {i}.\"\nrelated = [{}]\n[[pattern.realisation]]\ncategory = \"Tool category\"\ntools = [\"tool-{i}\"]\n\n",
            related.join(", ")
        );
    }
    for i in 0..n {
        let _ = write!(t, "[[node]]\nid = \"syn-n{i}\"\ntitle = \"Node {i}\"\n");
        if i == 0 {
            t.push_str("root = true\n");
        }
        let targets: Vec<usize> = (i + 1..=(i + 5).min(n - 1)).collect();
        if targets.is_empty() {
            let _ = writeln!(t, "patterns = [\"syn-p{i}\"]\n");
        } else {
            t.push_str("question = \"Which?\"\n");
            for j in targets {
                let _ = write!(t, "[[node.option]]\nlabel = \"to {j}\"\nto = \"syn-n{j}\"\n");
            }
            t.push('\n');
        }
    }
    t
}

fn synthetic(c: &mut Criterion) {
    let mut group = c.benchmark_group("kb/validate synthetic");
    group.sample_size(10).measurement_time(Duration::from_secs(20)).warm_up_time(Duration::from_secs(2));
    for n in [1_000usize, 10_000, 100_000] {
        let mut sources = kb::builtin_sources();
        sources.push(Source { name: "synthetic.toml".into(), text: synthetic_pack(n), layer: 1 });
        assert!(kb::load(sources.clone()).is_ok(), "the synthetic pack is valid");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &sources, |b, s| b.iter(|| kb::load(s.clone()).unwrap()));
    }
    group.finish();
}

criterion_group!(benches, builtin, synthetic);
criterion_main!(benches);
