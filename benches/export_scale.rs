//! Export at scale: one session with 10,000 channels and 10,000 ADRs (about 40,000
//! files). Measures a full export (render, self-check, write) into a fresh folder, and the
//! rendering and self-check alone (what the review step lists). Each artifact's Related
//! block is bounded, so the work grows linearly with the number of artifacts. Prints the
//! process's peak RSS at the end. Targets: export under 10 s and under 500 MB.
//!
//! Run: cargo bench --bench export_scale

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use design_advisor::export::{artifacts, files};
use design_advisor::kb::{self, KnowledgeBase};
use design_advisor::session::{self, Session};
use std::fmt::Write;
use std::time::{Duration, Instant};

const CHANNELS: usize = 10_000;
const ADRS: usize = 10_000;

/// The ledger example with `channels` channels and `adrs` more decisions.
pub fn large_session(channels: usize, adrs: usize) -> Session {
    let (name, base) = kb::example_sessions()
        .iter()
        .find(|(f, _)| f.starts_with("ledger-transfer-2pc"))
        .unwrap();
    let mut text = base.to_string();
    for i in 0..adrs {
        let _ = write!(
            text,
            "\n[[decisions]]\nnumber = {}\ntitle = \"Decision number {i}\"\nstatus = \"accepted\"\ndecision = \"Use option {i}.\"\ndecision_makers = [\"lead\"]\n",
            i + 10
        );
    }
    for i in 0..channels {
        let _ = write!(
            text,
            "\n[[channels]]\nname = \"orders.c{i}.v1\"\nrole = \"produced\"\nowner = \"team-{}\"\npurpose = \"Channel {i}\"\n[[channels.fields]]\nname = \"id\"\ntype = \"string\"\nrequired = true\n",
            i % 7
        );
    }
    session::load_str(&text, name).unwrap()
}

fn export_once(kb: &KnowledgeBase, s: &Session) -> (Duration, usize) {
    let dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let plan = files::plan(kb, s, dir.path()).unwrap();
    let written = files::write_plan(&plan, dir.path(), files::Force::ALL).unwrap();
    (start.elapsed(), written.len())
}

/// Peak resident set size of this process so far, from /proc (Linux).
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

fn export(c: &mut Criterion) {
    let kb = KnowledgeBase::builtin();
    let s = large_session(CHANNELS, ADRS);
    let (took, files) = export_once(&kb, &s);
    eprintln!(
        "export of {CHANNELS} channels and {ADRS} ADRs: {files} files in {:.2} s; peak RSS {}",
        took.as_secs_f64(),
        peak_rss()
    );
    let mut g = c.benchmark_group("export-scale");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(90));
    g.bench_function("render_all + self-check, 10k channels + 10k ADRs", |b| {
        b.iter(|| {
            let all = artifacts::render_all(&kb, &s, &[]);
            design_advisor::selfcheck::check(&kb, &s, &all, &[]).len()
        })
    });
    // Each export writes about 40,000 files: ten samples take minutes.
    g.measurement_time(Duration::from_secs(240));
    g.bench_function("export to a fresh folder, 10k channels + 10k ADRs", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                let plan = files::plan(&kb, &s, dir.path()).unwrap();
                files::write_plan(&plan, dir.path(), files::Force::ALL)
                    .unwrap()
                    .len()
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
    eprintln!("peak RSS of the benchmark process: {}", peak_rss());
}

criterion_group!(benches, export);
criterion_main!(benches);
