//! Core benchmarks: loading and validating the knowledge base, assessing a session,
//! rendering a design document, and validation cost as a synthetic pack grows.
//!
//! Run: cargo bench --bench core

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use design_advisor::kb::{self, Source};
use design_advisor::{engine, export, session};
use std::hint::black_box;
use std::time::Duration;

#[path = "synthetic.rs"]
mod synthetic;
use synthetic::synthetic_pack;

fn example() -> session::Session {
    let (name, text) = kb::example_sessions()
        .iter()
        .find(|(f, _)| f.starts_with("search-analytics-drift"))
        .unwrap();
    session::load_str(text, name).unwrap()
}

fn builtin(c: &mut Criterion) {
    // As at start-up: the baked pack, validated by build.rs, is not checked again.
    c.bench_function("kb/load embedded", |b| {
        b.iter(|| kb::load_builtin_with(black_box(Vec::new())).unwrap())
    });
    c.bench_function("kb/load+validate embedded", |b| {
        b.iter(|| kb::validate_builtin_with(black_box(Vec::new())).unwrap())
    });
    c.bench_function("kb/parse+validate embedded TOML", |b| {
        b.iter(|| kb::load(black_box(kb::builtin_sources())).unwrap())
    });
    let kb = kb::KnowledgeBase::builtin();
    let s = example();
    c.bench_function("engine/assess example session", |b| {
        b.iter(|| engine::assess(black_box(&kb), black_box(&s)))
    });
    c.bench_function("export/render design.md", |b| {
        b.iter(|| {
            let a = engine::assess(&kb, &s);
            export::design::render(&kb, &s, &a, &[])
        })
    });
}

/// Validation alone (packs already parsed) and TOML parsing alone, at three sizes, so the
/// growth of each can be read off separately.
fn synthetic(c: &mut Criterion) {
    let builtin = kb::baked_builtin().expect("the built-in pack is baked");
    let mut validate = c.benchmark_group("kb/validate synthetic");
    validate
        .sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .warm_up_time(Duration::from_secs(1));
    let mut texts = Vec::new();
    for n in [1_000usize, 10_000, 100_000] {
        let source = Source {
            name: "synthetic.toml".into(),
            text: synthetic_pack(n),
            layer: 1,
        };
        let pack = kb::parse_source(&source).unwrap();
        let inputs = || -> Vec<kb::Input> {
            let mut v: Vec<kb::Input> = builtin
                .iter()
                .map(|(name, p)| kb::Input {
                    name: name.clone(),
                    text: "".into(),
                    layer: 0,
                    pack: Some(p.clone()),
                })
                .collect();
            v.push(kb::Input {
                name: "synthetic.toml".into(),
                text: "".into(),
                layer: 1,
                pack: Some(pack.clone()),
            });
            v
        };
        assert!(
            kb::load_inputs(inputs()).is_ok(),
            "the synthetic pack is valid"
        );
        validate.throughput(Throughput::Elements(n as u64));
        validate.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter_batched(
                inputs,
                |i| kb::load_inputs(i).unwrap(),
                BatchSize::LargeInput,
            )
        });
        texts.push((n, source));
    }
    validate.finish();
    let mut parse = c.benchmark_group("kb/parse synthetic TOML");
    parse
        .sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .warm_up_time(Duration::from_secs(1));
    for (n, source) in &texts {
        parse.throughput(Throughput::Bytes(source.text.len() as u64));
        parse.bench_with_input(BenchmarkId::from_parameter(n), source, |b, s| {
            b.iter(|| kb::parse_source(s).unwrap())
        });
    }
    parse.finish();
}

criterion_group!(benches, builtin, synthetic);
criterion_main!(benches);
