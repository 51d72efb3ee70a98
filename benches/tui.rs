//! Terminal UI latency: one key through `update`, then a full redraw of a 120x40 screen
//! into ratatui's TestBackend, for a few representative keys. The target is a median
//! under 1 ms per key.
//!
//! The app is built the way the program builds it (the built-in knowledge base, the
//! sessions found under an empty project root, an example opened read-only from the start
//! screen with the keys a person would press). Each measured key is followed by an
//! unmeasured key that undoes it (down then up, follow then back, type then backspace),
//! so every measured key changes the screen and the state does not drift.
//!
//! Besides criterion's own report, the bench times every measured key+draw on its own and
//! prints a table of medians, p90 and p99 at the end.
//!
//! Run: cargo bench --bench tui

use criterion::Criterion;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use design_advisor::kb::Step;
use design_advisor::tui::app::{self, Action, App, StartItem, StepKind};
use design_advisor::tui::keys::Context;
use design_advisor::tui::{find_sessions, view};
use design_advisor::{cli, session};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::cell::RefCell;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;
/// The example the session scenarios open.
const EXAMPLE: &str = "search-analytics-drift";

struct Harness {
    app: App,
    terminal: Terminal<TestBackend>,
    _root: tempfile::TempDir,
}

impl Harness {
    /// The start screen, as `design-advisor --root <empty dir>` shows it.
    fn start() -> Self {
        let root = tempfile::tempdir().expect("a temporary directory");
        let kb = Arc::new(cli::knowledge_base(None).expect("the built-in knowledge base"));
        let found = find_sessions(&kb, root.path());
        let mut app = App::new(kb, found, session::today());
        app.size = Rect::new(0, 0, WIDTH, HEIGHT);
        let terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal");
        let mut h = Harness {
            app,
            terminal,
            _root: root,
        };
        h.draw();
        h
    }

    /// The example session, opened read-only from the start screen with j… and Enter.
    fn example() -> Self {
        let mut h = Harness::start();
        let n = design_advisor::kb::example_sessions()
            .iter()
            .position(|(f, _)| f.trim_end_matches(".toml") == EXAMPLE)
            .expect("the example exists");
        let row = h
            .app
            .start_items()
            .iter()
            .position(|i| *i == StartItem::Example(n))
            .expect("the example is on the start screen");
        for _ in 0..row {
            h.key(key(KeyCode::Char('j')));
        }
        h.key(key(KeyCode::Enter));
        assert!(h.app.session().is_some(), "the example opened");
        h
    }

    /// The example at its guided step of `kind`, with the main pane focused: Esc to the
    /// step list, g to the first step, j to the step, Enter into it.
    fn example_at(kind: StepKind) -> Self {
        let mut h = Harness::example();
        let step = h
            .app
            .session()
            .unwrap()
            .steps()
            .iter()
            .position(|s| s.kind == kind)
            .expect("the example's mode has that step");
        h.key(key(KeyCode::Esc));
        assert_eq!(h.app.context(), Context::Steps);
        h.key(key(KeyCode::Char('g')));
        for _ in 0..step {
            h.key(key(KeyCode::Char('j')));
        }
        h.key(key(KeyCode::Enter));
        assert_eq!(h.app.session().map(|s| s.step), Some(step));
        h
    }

    fn key(&mut self, k: KeyEvent) {
        let effects = app::update(&mut self.app, Action::Key(k));
        black_box(effects);
        self.draw();
    }

    fn draw(&mut self) {
        let app = &self.app;
        self.terminal
            .draw(|f| view::render(app, f))
            .expect("drawing into the test backend");
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// One scenario: a harness, the key measured and the key that undoes it.
struct Scenario {
    name: &'static str,
    setup: fn() -> Harness,
    measured: KeyEvent,
    undo: KeyEvent,
    /// Checks the scenario is where it should be and the measured key did something.
    check: fn(&mut Harness, KeyEvent, KeyEvent),
}

fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "question: j (move down)",
            setup: || Harness::example_at(StepKind::Questions(Step::Requirements)),
            measured: key(KeyCode::Char('j')),
            undo: key(KeyCode::Char('k')),
            check: |h, m, u| {
                assert_eq!(h.app.context(), Context::Question);
                let before = h.app.session().unwrap().choice;
                h.key(m);
                assert_eq!(h.app.session().unwrap().choice, before + 1);
                h.key(u);
            },
        },
        Scenario {
            name: "graph: Enter (follow option)",
            setup: || Harness::example_at(StepKind::Graph),
            measured: key(KeyCode::Enter),
            undo: key(KeyCode::Char('h')),
            check: |h, m, u| {
                assert_eq!(h.app.context(), Context::Graph);
                let before = h.app.session().unwrap().graph.path.len();
                h.key(m);
                assert_eq!(h.app.session().unwrap().graph.path.len(), before + 1);
                h.key(u);
                assert_eq!(h.app.session().unwrap().graph.path.len(), before);
            },
        },
        Scenario {
            name: "review: j (scroll preview)",
            setup: || Harness::example_at(StepKind::Review),
            measured: key(KeyCode::Char('j')),
            undo: key(KeyCode::Char('k')),
            check: |h, m, u| {
                assert_eq!(h.app.context(), Context::Review);
                h.key(m);
                assert_eq!(h.app.session().unwrap().preview_scroll, 1);
                h.key(u);
                assert_eq!(h.app.session().unwrap().preview_scroll, 0);
            },
        },
        Scenario {
            name: "catalog: type 'o' (empty query)",
            setup: || {
                let mut h = Harness::start();
                h.key(key(KeyCode::Char('/')));
                h
            },
            measured: key(KeyCode::Char('o')),
            undo: key(KeyCode::Backspace),
            check: catalog_check,
        },
        Scenario {
            name: "catalog: type 'x' (query \"outbo\")",
            setup: || {
                let mut h = Harness::start();
                h.key(key(KeyCode::Char('/')));
                for c in "outbo".chars() {
                    h.key(key(KeyCode::Char(c)));
                }
                h
            },
            measured: key(KeyCode::Char('x')),
            undo: key(KeyCode::Backspace),
            check: catalog_check,
        },
    ]
}

fn catalog_check(h: &mut Harness, m: KeyEvent, u: KeyEvent) {
    let query = |h: &Harness| match &h.app.screen {
        app::Screen::Catalog(c) => {
            assert!(c.searching, "the search field has the keyboard");
            c.query.clone()
        }
        _ => panic!("not on the catalog screen"),
    };
    let before = query(h);
    h.key(m);
    assert_eq!(query(h).len(), before.len() + 1);
    h.key(u);
    assert_eq!(query(h), before);
}

thread_local! {
    /// Every measured key+draw, per scenario, for the summary table.
    static SAMPLES: RefCell<Vec<(&'static str, Vec<Duration>)>> = const { RefCell::new(Vec::new()) };
}

fn record(name: &'static str, d: Duration) {
    SAMPLES.with(|s| {
        let mut s = s.borrow_mut();
        match s.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => v.push(d),
            None => s.push((name, vec![d])),
        }
    });
}

fn key_and_redraw(c: &mut Criterion) {
    let mut group = c.benchmark_group("tui/key+redraw 120x40");
    group
        .sample_size(60)
        .measurement_time(Duration::from_secs(4));
    for sc in scenarios() {
        let mut h = (sc.setup)();
        (sc.check)(&mut h, sc.measured, sc.undo);
        group.bench_function(sc.name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let t = Instant::now();
                    h.key(sc.measured);
                    let d = t.elapsed();
                    total += d;
                    record(sc.name, d);
                    h.key(sc.undo);
                }
                total
            })
        });
    }
    group.finish();

    // Where the time goes: the same screens redrawn with no key (state unchanged).
    let mut group = c.benchmark_group("tui/redraw only 120x40");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(2));
    for sc in scenarios() {
        let mut h = (sc.setup)();
        group.bench_function(sc.name, |b| b.iter(|| h.draw()));
    }
    group.finish();
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn summary() {
    let samples = SAMPLES.with(|s| std::mem::take(&mut *s.borrow_mut()));
    if samples.is_empty() {
        return;
    }
    println!();
    println!("key + full redraw at {WIDTH}x{HEIGHT}, every measured key timed on its own:");
    println!(
        "{:<36} {:>9} {:>10} {:>10} {:>10} {:>10}",
        "scenario", "keys", "median", "p90", "p99", "max"
    );
    for (name, mut v) in samples {
        v.sort();
        let us = |d: Duration| format!("{:.1} µs", d.as_secs_f64() * 1e6);
        println!(
            "{:<36} {:>9} {:>10} {:>10} {:>10} {:>10}",
            name,
            v.len(),
            us(percentile(&v, 0.5)),
            us(percentile(&v, 0.9)),
            us(percentile(&v, 0.99)),
            us(*v.last().unwrap())
        );
    }
    println!("target: median under 1 ms per key");
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    key_and_redraw(&mut c);
    c.final_summary();
    summary();
}
