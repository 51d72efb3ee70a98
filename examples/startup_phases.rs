//! Where design-advisor's start-up time goes: the same steps as `design-advisor --root DIR
//! --keys ""` (parse the command line, load the knowledge base, find sessions, set up the
//! terminal, draw the first frame, restore the terminal, free the state), each timed, in a
//! real terminal. With STARTUP_PHASES_EXAMPLE=NAME it opens that example session before
//! the first frame, as `--open example:NAME` does. Appends one line of microseconds per
//! phase to OUT.
//!
//! Run it in a terminal (e.g. a tmux pane), many times, then read OUT:
//!   target/release/examples/startup_phases OUT [ROOT]
//! `benches/startup.rs` gives the end-to-end figures; this splits them.

use clap::Parser;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use design_advisor::cli::Cli;
use design_advisor::kb::{self, Input};
use design_advisor::tui::app::{self, Action, App};
use design_advisor::tui::{enter_terminal, find_sessions, restore_terminal, view};
use design_advisor::{cli, session};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let t0 = Instant::now();
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().expect("usage: startup_phases OUT [ROOT]"));
    let root = args.next().unwrap_or_else(|| ".".into());
    let mut phases: Vec<(&str, u128)> = Vec::new();
    let mut last = t0;
    let mut mark = |name: &'static str, phases: &mut Vec<(&str, u128)>| {
        let now = Instant::now();
        phases.push((name, (now - last).as_micros()));
        last = now;
    };

    let cli = Cli::parse_from(["design-advisor", "--root", &root, "--keys", ""]);
    mark("clap", &mut phases);

    // The knowledge base, as the program loads it (cold: the first allocations of the
    // process), then its parts again for comparison: the postcard decode of the baked
    // packs, and the full validation the built-in pack no longer needs at start-up.
    let kb = Arc::new(cli::knowledge_base(None).expect("the built-in pack is valid"));
    mark("kb load", &mut phases);
    let packs = kb::baked_builtin().expect("the built-in pack is baked");
    mark("(kb decode again)", &mut phases);
    let inputs: Vec<Input> = packs
        .into_iter()
        .map(|(name, pack)| Input {
            name: format!("data/{name}"),
            text: "".into(),
            layer: 0,
            pack: Some(pack),
        })
        .collect();
    let full = kb::load_inputs(inputs).expect("the built-in pack is valid");
    mark("(kb full validation)", &mut phases);
    drop(full);
    mark("(drop that kb)", &mut phases);

    let script =
        design_advisor::tui::keys::parse_script(cli.keys.as_deref().unwrap_or("")).unwrap();
    let found = find_sessions(&kb, &cli.root);
    let mut app = App::new(kb.clone(), found, session::today());
    mark("find_sessions+App", &mut phases);
    if let Ok(name) = std::env::var("STARTUP_PHASES_EXAMPLE") {
        let i = kb::example_sessions()
            .iter()
            .position(|(f, _)| f.trim_end_matches(".toml") == name)
            .expect("a shipped example");
        app::choose_start(&mut app, app::StartItem::Example(i));
        mark("open example", &mut phases);
    }

    let mut terminal = enter_terminal().unwrap();
    mark("terminal setup", &mut phases);

    let size = terminal.size().unwrap();
    app.size = ratatui::layout::Rect::new(0, 0, size.width, size.height);
    terminal.draw(|f| view::render(&app, f)).unwrap();
    mark("first draw", &mut phases);
    terminal.draw(|f| view::render(&app, f)).unwrap();
    mark("(second draw)", &mut phases);
    assert!(script.is_empty());
    let quit = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let effects = app::update(&mut app, Action::Key(quit));
    assert_eq!(effects, vec![app::Effect::Quit]);
    mark("quit key", &mut phases);

    restore_terminal();
    mark("restore", &mut phases);
    drop(terminal);
    drop(app);
    drop(kb);
    mark("drop app+kb", &mut phases);

    let total = t0.elapsed().as_micros();
    let mut line = String::new();
    for (name, us) in &phases {
        line.push_str(&format!("{name}={us} "));
    }
    line.push_str(&format!("total_in_main={total}\n"));
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&out)
        .expect("the output file");
    f.write_all(line.as_bytes()).unwrap();
}
