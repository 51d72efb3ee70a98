//! The terminal shell: it owns the terminal (raw mode, alternate screen, mouse, bracketed
//! paste), turns terminal events into actions, runs the effects `update` asks for, saves
//! the session as it changes, and always restores the terminal: on quit, on error and on
//! panic.

pub mod app;
pub mod keys;
pub mod layout;
pub mod view;

use crate::export::files;
use crate::kb::KnowledgeBase;
use crate::session::{self, Date};
use anyhow::Context;
use app::{Action, App, Effect, FoundSession, Screen};
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEvent, KeyEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};
use std::io::Stdout;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Changes are saved once typing pauses this long (and at the latest after `SAVE_MAX`).
const SAVE_DEBOUNCE: Duration = Duration::from_millis(400);
const SAVE_MAX: Duration = Duration::from_millis(900);

pub struct Options {
    /// Where docs/features/ is looked for and created.
    pub root: PathBuf,
    /// A scripted key sequence: the UI runs it, then quits (saving first).
    pub script: Option<Vec<KeyEvent>>,
    /// A session to open at once.
    pub open: Option<PathBuf>,
    pub color: bool,
}

/// The session files under <root>/docs/features/*/design-session.toml, sorted.
pub fn session_paths(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root.join("docs").join("features")) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path().join("design-session.toml"))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
}

/// The sessions found under the root, each with its tier and TBD count (or why it could
/// not be read).
pub fn find_sessions(kb: &KnowledgeBase, root: &Path) -> Vec<FoundSession> {
    let mut out = Vec::new();
    for path in session_paths(root) {
        let found = match session::load(&path) {
            Ok(s) => {
                let a = crate::engine::assess(kb, &s);
                FoundSession {
                    path,
                    feature: s.feature.clone(),
                    summary: Ok((a.tier.earned.name.clone(), a.tbds.len())),
                }
            }
            Err(e) => FoundSession {
                path,
                feature: String::new(),
                summary: Err(e.to_string()),
            },
        };
        out.push(found);
    }
    out
}

fn enter_terminal() -> std::io::Result<Terminal<CrosstermBackend<Stdout>>> {
    enable_raw_mode()?;
    let mut stdout = std::io::stdout();
    execute!(
        stdout,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    Terminal::new(CrosstermBackend::new(stdout))
}

/// Leaves raw mode and the alternate screen. Safe to call more than once.
pub fn restore_terminal() {
    let _ = execute!(
        std::io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// While the UI runs, a panic restores the terminal and its message is kept here, to be
/// printed after the session has been saved.
static CAPTURE_PANIC: AtomicBool = AtomicBool::new(false);
static PANIC_MESSAGE: Mutex<Option<String>> = Mutex::new(None);

fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        if CAPTURE_PANIC.load(Ordering::SeqCst) {
            let location = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let payload = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            if let Ok(mut m) = PANIC_MESSAGE.lock() {
                *m = Some(format!("design-advisor crashed{location}: {payload}"));
            }
        } else {
            default(info);
        }
    }));
}

/// Runs the terminal UI until the person quits (or the script ends).
/// Runs the terminal UI until the person quits (or the script ends). The first frame
/// (the start screen) is drawn before `load` reads the knowledge base, so the program
/// answers at once; keys pressed meanwhile wait in the terminal's input queue.
pub fn run(
    load: impl FnOnce() -> anyhow::Result<KnowledgeBase>,
    opts: Options,
    today: Date,
) -> anyhow::Result<()> {
    install_panic_hook();
    let mut terminal = enter_terminal().context("setting up the terminal")?;
    let guard = TerminalGuard;
    terminal.draw(|f| view::first_frame(f, &session_paths(&opts.root), opts.color))?;
    if opts.script.as_ref().is_some_and(Vec::is_empty) && opts.open.is_none() {
        // An empty script ends at the first frame.
        drop(guard);
        return Ok(());
    }
    let kb = load()?;
    let kb = Arc::new(kb);
    let mut app = App::new(kb.clone(), find_sessions(&kb, &opts.root), today);
    app.color = opts.color;
    app.root = opts.root.clone();
    let mut runner = Runner::new(opts.root.clone());
    if let Some(path) = &opts.open {
        let action = runner.open(&kb, path);
        app::update(&mut app, action);
    }

    CAPTURE_PANIC.store(true, Ordering::SeqCst);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut terminal, &mut app, &mut runner, opts.script)
    }));
    CAPTURE_PANIC.store(false, Ordering::SeqCst);
    drop(guard);
    match result {
        Ok(r) => {
            // The process is about to end: freeing the state would only cost time.
            std::mem::forget(app);
            std::mem::forget(kb);
            r
        }
        Err(_) => {
            // Save first, then tell.
            let saved = match &app.screen {
                Screen::Session(s) if !s.read_only() => s
                    .path
                    .as_ref()
                    .map(|p| (p.clone(), session::save(p, &s.session))),
                _ => None,
            };
            let message = PANIC_MESSAGE
                .lock()
                .ok()
                .and_then(|mut m| m.take())
                .unwrap_or_else(|| "design-advisor crashed".into());
            eprintln!("{message}");
            match saved {
                Some((p, Ok(()))) => eprintln!("Your session was saved to {}.", p.display()),
                Some((p, Err(e))) => {
                    eprintln!("Your session could not be saved to {}: {e}", p.display())
                }
                None => {}
            }
            eprintln!("Please report this with the steps that led to it.");
            std::process::exit(101);
        }
    }
}

/// Carries out effects and autosaves. No terminal here, so tests run it headless.
pub struct Runner {
    root: PathBuf,
    last_change: Option<Instant>,
    first_unsaved: Option<Instant>,
    seen_revision: u64,
    /// The session file's text as last read or written, to notice changes by others.
    on_disk: Option<String>,
    /// The file changed on disk and the person has not chosen yet: no autosave meanwhile.
    conflict: bool,
}

impl Runner {
    pub fn new(root: PathBuf) -> Self {
        Runner {
            root,
            last_change: None,
            first_unsaved: None,
            seen_revision: 0,
            on_disk: None,
            conflict: false,
        }
    }

    pub fn open(&mut self, kb: &KnowledgeBase, path: &Path) -> Action {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => return Action::Opened(Err(format!("cannot open {}: {e}", path.display()))),
        };
        match session::load_str(&text, &path.display().to_string()) {
            Ok(s) => {
                self.on_disk = Some(text);
                self.conflict = false;
                let problems = s.problems(kb);
                if !problems.is_empty() {
                    return Action::Opened(Err(format!(
                        "{} does not match the knowledge base: {}",
                        path.display(),
                        problems.join("; ")
                    )));
                }
                let related = files::feature_dir(&output_root(path, &self.root), &s.slug)
                    .map(|d| files::existing_files(&output_root(path, &self.root), &d))
                    .unwrap_or_default();
                Action::Opened(Ok(Box::new((s, path.to_path_buf(), related))))
            }
            Err(e) => Action::Opened(Err(format!(
                "cannot open: {e} (the file was left untouched)"
            ))),
        }
    }

    /// Runs effects in order; stops after a failed save so a following quit does not lose
    /// work. Returns true when the app should exit.
    pub fn effects(&mut self, app: &mut App, effects: Vec<Effect>) -> bool {
        for effect in effects {
            match effect {
                Effect::Save => {
                    if !self.save(app) {
                        return false;
                    }
                }
                Effect::OverwriteSession => {
                    // The person chose: their answers replace what is on disk.
                    self.conflict = false;
                    self.on_disk = None;
                    if !self.save(app) {
                        return false;
                    }
                }
                Effect::SaveCopyTo(copy) => {
                    let Screen::Session(s) = &app.screen else {
                        continue;
                    };
                    app.status = match session::save(&copy, &s.session) {
                        Ok(()) => format!("your answers were saved to {}", copy.display()),
                        Err(e) => format!("could not save a copy either: {e}"),
                    };
                }
                Effect::StartOver(path) => {
                    let backup = (0..)
                        .map(|n| {
                            path.with_file_name(if n == 0 {
                                "design-session.toml.bak".to_string()
                            } else {
                                format!("design-session.toml.bak{n}")
                            })
                        })
                        .find(|p| !p.exists())
                        .expect("some backup name is free");
                    if let Err(e) = std::fs::rename(&path, &backup) {
                        app.status = format!(
                            "could not keep {} as a backup: {e}; it was left as it is",
                            app.show(&path)
                        );
                        continue;
                    }
                    let slug = path
                        .parent()
                        .and_then(|d| d.file_name())
                        .map(|n| n.to_string_lossy().to_string())
                        .unwrap_or_else(|| "feature".into());
                    let mut fresh = session::Session::new(&slug, app.today);
                    fresh.slug = session::slugify(&slug);
                    if let Err(e) = session::create(&path, &fresh) {
                        app.status = format!("could not start over: {e}");
                        continue;
                    }
                    let action = self.open(&app.kb.clone(), &path);
                    app::update(app, action);
                    app.status = format!(
                        "started over; the unreadable file is kept as {}",
                        app.show(&backup)
                    );
                }
                Effect::SaveCopy => {
                    let Screen::Session(s) = &app.screen else {
                        continue;
                    };
                    let Some(path) = s.path.clone() else { continue };
                    let copy =
                        path.with_file_name(format!("design-session.mine-{}.toml", s.revision));
                    let result = session::save(&copy, &s.session);
                    app.status = match result {
                        Ok(()) => format!(
                            "your answers were saved to {}; {} was left as it is on disk",
                            app.show(&copy),
                            app.show(&path)
                        ),
                        Err(e) => format!("could not save a copy: {e}"),
                    };
                    // Keep the on-disk version as the reference; further saves ask again.
                    self.on_disk = std::fs::read_to_string(&path).ok();
                    self.conflict = false;
                    if let Screen::Session(s) = &mut app.screen {
                        s.saved_revision = s.revision;
                    }
                }
                Effect::Quit => return true,
                Effect::WriteDocs(force) => {
                    let action = self.write_docs(app, force);
                    let more = app::update(app, action);
                    if self.effects(app, more) {
                        return true;
                    }
                }
                Effect::OpenSession(path) => {
                    let action = self.open(&app.kb.clone(), &path);
                    app::update(app, action);
                }
                Effect::CreateSession {
                    feature,
                    slug,
                    mode,
                } => {
                    let path = session::session_path(&self.root, &slug);
                    if path.exists() {
                        app.status =
                            format!("{} exists already: opened it instead", app.show(&path));
                    } else {
                        let mut s = session::Session::new(&feature, app.today);
                        s.slug = slug;
                        s.mode = mode;
                        if let Err(e) = session::ensure_inside(&self.root, &path)
                            .map_err(|e| e.to_string())
                            .and_then(|()| session::create(&path, &s).map_err(|e| e.to_string()))
                        {
                            app.status = format!("could not create the session: {e}");
                            continue;
                        }
                    }
                    let action = self.open(&app.kb.clone(), &path);
                    app::update(app, action);
                }
            }
        }
        false
    }

    /// Saves the session if it has unsaved changes. Returns false when saving failed.
    pub fn save(&mut self, app: &mut App) -> bool {
        let Screen::Session(s) = &app.screen else {
            return true;
        };
        let (Some(path), true) = (s.path.clone(), s.dirty()) else {
            return true;
        };
        if self.conflict {
            return false;
        }
        // Another program (a second design-advisor, an editor, a `git pull`) may have
        // changed the file since it was read: never overwrite that silently.
        if let Some(known) = &self.on_disk
            && std::fs::read_to_string(&path).is_ok_and(|now| &now != known)
        {
            self.conflict = true;
            app::update(app, Action::ChangedOnDisk(path));
            return false;
        }
        let revision = s.revision;
        let text = session::to_toml(&s.session);
        let result = session::write_atomic(&path, text.as_bytes())
            .map(|_| path.clone())
            .map_err(|e| format!("{}: {e}", path.display()));
        if result.is_ok() {
            self.on_disk = Some(text);
        }
        let ok = result.is_ok();
        if ok {
            self.first_unsaved = None;
            self.last_change = None;
        } else {
            // Try again after the next pause rather than on every event.
            self.last_change = Some(Instant::now());
            self.first_unsaved = None;
        }
        let fallback =
            std::env::temp_dir().join(format!("design-advisor-{}-{revision}.toml", s.session.slug));
        app::update(
            app,
            Action::Saved {
                revision,
                result,
                fallback,
            },
        );
        ok
    }

    /// Writes every artifact of the session (the self-check and hand-edit checks first).
    fn write_docs(&mut self, app: &mut App, force: files::Force) -> Action {
        let Screen::Session(s) = &app.screen else {
            return Action::Written(Err("no session".into()));
        };
        let Some(session_path) = s.path.clone() else {
            return Action::Written(Err("read-only example".into()));
        };
        let root = output_root(&session_path, &self.root);
        let plan = match files::plan(&app.kb, &s.session, &root) {
            Ok(p) => p,
            Err(e) => return Action::Written(Err(format!("{e:#}"))),
        };
        match files::write_plan(&plan, &root, force) {
            Ok(mut written) => {
                let related = files::existing_files(&root, &plan.dir);
                app::update(app, Action::Related(related));
                written.push(session_path);
                Action::Written(Ok(written))
            }
            Err(e) => match e.downcast::<files::Refused>() {
                Ok(files::Refused::HandEditedFiles(paths)) => {
                    // Say what each hand edit changed, so the question can be answered.
                    let notes = paths
                        .iter()
                        .map(|p| {
                            let generated = plan
                                .artifacts
                                .iter()
                                .find(|a| plan.dir.join(&a.path) == *p)
                                .map(files::final_text)
                                .unwrap_or_default();
                            let on_disk = std::fs::read_to_string(p).unwrap_or_default();
                            format!(
                                "{}: {}",
                                app.show(p),
                                files::hand_edit_summary(&on_disk, &generated)
                            )
                        })
                        .collect();
                    Action::HandEdited(notes, force)
                }
                Ok(files::Refused::Critical(findings)) => Action::Blocked(
                    findings
                        .into_iter()
                        .filter(|f| f.severity == crate::selfcheck::Severity::Critical)
                        .map(|f| format!("{}: {}", f.path, f.message))
                        .collect(),
                    force,
                ),
                Err(e) => Action::Written(Err(format!("{e:#}"))),
            },
        }
    }

    /// Notes changes and saves once they settle: after a pause in typing, or at most
    /// `SAVE_MAX` after the first unsaved change.
    pub fn tick(&mut self, app: &mut App) {
        let Some(s) = app.session() else { return };
        if s.read_only() || !s.dirty() {
            self.first_unsaved = None;
            self.last_change = None;
            self.seen_revision = s.revision;
            return;
        }
        let now = Instant::now();
        if s.revision != self.seen_revision {
            self.seen_revision = s.revision;
            self.last_change = Some(now);
            self.first_unsaved.get_or_insert(now);
        }
        let settled = self.last_change.is_some_and(|t| now - t >= SAVE_DEBOUNCE);
        let overdue = self.first_unsaved.is_some_and(|t| now - t >= SAVE_MAX);
        if settled || overdue {
            self.save(app);
        }
    }

    /// How long to wait for the next event before the next autosave check.
    fn wait(&self) -> Duration {
        match (self.last_change, self.first_unsaved) {
            (Some(last), Some(first)) => {
                let until_settled = SAVE_DEBOUNCE.saturating_sub(last.elapsed());
                let until_overdue = SAVE_MAX.saturating_sub(first.elapsed());
                until_settled
                    .min(until_overdue)
                    .max(Duration::from_millis(10))
            }
            _ => Duration::from_secs(1),
        }
    }
}

/// The output root of a session at <root>/docs/features/<slug>/design-session.toml; for a
/// session file elsewhere, the given root.
fn output_root(session_path: &Path, fallback: &Path) -> PathBuf {
    let mut ancestors = session_path.ancestors();
    let (_, feature, features, docs) = (
        ancestors.next(),
        ancestors.next(),
        ancestors.next(),
        ancestors.next(),
    );
    match (feature, features, docs) {
        (Some(_), Some(f), Some(d))
            if f.file_name().is_some_and(|n| n == "features")
                && d.file_name().is_some_and(|n| n == "docs") =>
        {
            d.parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| fallback.to_path_buf())
        }
        _ => fallback.to_path_buf(),
    }
}

fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    runner: &mut Runner,
    script: Option<Vec<KeyEvent>>,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let mut script = script.map(|s| s.into_iter());
    loop {
        let size = terminal.size()?;
        app.size = ratatui::layout::Rect::new(0, 0, size.width, size.height);
        terminal.draw(|f| view::render(app, f))?;
        let action = match &mut script {
            Some(keys) => match keys.next() {
                Some(k) => Some(Action::Key(k)),
                // The script is done: quit the way a person would (saving first).
                None => Some(Action::Key(KeyEvent::new(
                    event::KeyCode::Char('c'),
                    event::KeyModifiers::CONTROL,
                ))),
            },
            None => {
                if event::poll(runner.wait())? {
                    match event::read()? {
                        Event::Key(k) if k.kind != KeyEventKind::Release => Some(Action::Key(k)),
                        Event::Mouse(m) => Some(Action::Mouse(m)),
                        Event::Paste(p) => Some(Action::Paste(p)),
                        Event::Resize(_, _) => Some(Action::Resize),
                        _ => None,
                    }
                } else {
                    None
                }
            }
        };
        if let Some(action) = action {
            #[cfg(debug_assertions)]
            if let Action::Key(k) = &action
                && let Ok(trigger) = std::env::var("DESIGN_ADVISOR_TEST_PANIC_KEY")
                && k.code == event::KeyCode::Char(trigger.chars().next().unwrap_or('\0'))
            {
                panic!("test panic requested with DESIGN_ADVISOR_TEST_PANIC_KEY");
            }
            let effects = app::update(app, action);
            if runner.effects(app, effects) {
                return Ok(());
            }
        }
        runner.tick(app);
    }
}
