//! The terminal UI driven without a terminal, shared by tests/tui.rs and tests/tui_nav.rs:
//! an `App` and its `Runner` on a temporary project folder, fed key scripts through the
//! same `update` the program uses, and drawn on a `TestBackend`.
// Each test binary uses only part of it.
#![allow(dead_code)]

use crossterm::event::KeyEvent;
use design_advisor::kb::KnowledgeBase;
use design_advisor::session::Date;
use design_advisor::tui::app::{self, Action, App, Screen};
use design_advisor::tui::keys::parse_script;
use design_advisor::tui::{Runner, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::path::Path;
use std::sync::{Arc, LazyLock};

pub static KB: LazyLock<Arc<KnowledgeBase>> = LazyLock::new(|| Arc::new(KnowledgeBase::builtin()));

pub const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 23,
};

pub struct Harness {
    pub app: App,
    pub runner: Runner,
    pub quit: bool,
    pub dir: tempfile::TempDir,
}

impl Harness {
    pub fn new() -> Self {
        Harness::in_dir(tempfile::tempdir().unwrap())
    }

    /// A harness on a project folder, listing the sessions found there.
    pub fn in_dir(dir: tempfile::TempDir) -> Self {
        let found = design_advisor::workflow::find_sessions(&KB, dir.path());
        let mut app = App::new(KB.clone(), found, TODAY);
        app.root = dir.path().to_path_buf();
        app.size = Rect::new(0, 0, 120, 40);
        Harness {
            app,
            runner: Runner::new(dir.path().to_path_buf()),
            quit: false,
            dir,
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn keys(&mut self, script: &str) -> &mut Self {
        for key in parse_script(script).unwrap() {
            self.key(key);
        }
        self
    }

    pub fn key(&mut self, key: KeyEvent) {
        if self.quit {
            return;
        }
        let effects = app::update(&mut self.app, Action::Key(key));
        self.quit = self.runner.run(&mut self.app, effects);
    }

    pub fn screen(&mut self, w: u16, h: u16) -> String {
        let buf = self.buffer(w, h);
        text(&buf)
    }

    pub fn buffer(&mut self, w: u16, h: u16) -> Buffer {
        self.app.size = Rect::new(0, 0, w, h);
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| view::render(&self.app, f)).unwrap();
        t.backend().buffer().clone()
    }

    pub fn session(&self) -> &app::SessionScreen {
        match &self.app.screen {
            Screen::Session(s) => s,
            other => panic!("expected a session screen, found {other:?}"),
        }
    }

    /// Opens a shipped example from the start screen (read-only).
    pub fn example(&mut self, name: &str) {
        let items = self.app.start_items();
        let i = items
            .iter()
            .position(|it| {
                matches!(it, app::StartItem::Example(n)
                    if design_advisor::kb::example_sessions()[*n].0.starts_with(name))
            })
            .unwrap();
        app::choose_start(&mut self.app, items[i].clone());
    }
}

pub fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
