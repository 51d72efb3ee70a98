//! The terminal shell: it owns the terminal (raw mode, alternate screen, mouse, bracketed
//! paste), turns terminal events and signals into actions, has the runner carry out the
//! effects `update` returns, and always restores the terminal: on quit, on error, on a
//! signal and on panic.

pub mod app;
pub mod geometry;
pub mod keys;
pub mod layout;
pub mod mouse;
pub mod runner;
pub mod sheets;
pub mod style;
pub mod view;

use crate::kb::KnowledgeBase;
use crate::session::Date;
use anyhow::Context;
use app::{Action, App};
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEvent, KeyEventKind,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{execute, queue};
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use crate::workflow::file::session_paths;
pub use crate::workflow::find_sessions;
pub use runner::Runner;

/// The longest the loop waits for input before it looks for a signal again.
const SIGNAL_CHECK: Duration = Duration::from_millis(100);
/// At most this many queued events are handled before the screen is drawn again, so a
/// large paste or a burst of keys is taken in whole without a frame per key.
const BURST: usize = 4096;
/// Input arriving closer together than this belongs to one burst...
const KEY_GAP: Duration = Duration::from_millis(2);
/// ...but the screen is drawn at least this often while a burst goes on.
const FRAME_EVERY: Duration = Duration::from_millis(40);

pub struct Options {
    /// Where docs/features/ is looked for and created.
    pub root: PathBuf,
    /// A scripted key sequence: the UI runs it, then quits (saving first).
    pub script: Option<Vec<KeyEvent>>,
    /// A session to open at once.
    pub open: Option<PathBuf>,
    pub color: bool,
}

/// How the UI ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// The person quit (or the script ended).
    Quit,
    /// A signal asked the program to stop; the session was saved first. The number is the
    /// signal's, for the conventional exit status 128 + n.
    Signal(i32),
}

/// Raw mode, the alternate screen, mouse and bracketed paste, and a terminal drawing
/// through a [`FrameWriter`].
pub fn enter_terminal() -> std::io::Result<Terminal<CrosstermBackend<FrameWriter>>> {
    enable_raw_mode()?;
    let mut out = FrameWriter::default();
    // Queued, not flushed: the switch reaches the terminal with the first frame, in the
    // same write.
    queue!(
        out,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    Terminal::new(CrosstermBackend::new(out))
}

/// The terminal's writer. A frame's escape sequences are gathered in memory and reach the
/// terminal in one write when ratatui flushes at the end of the frame: thousands of small
/// writes to `Stdout` would each take its lock and scan for a newline. What was never
/// flushed is dropped, not written late: half a frame from a panic must not land on the
/// restored screen.
#[derive(Default)]
pub struct FrameWriter {
    pending: Vec<u8>,
}

impl Write for FrameWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        let written = out.write_all(&self.pending).and_then(|()| out.flush());
        self.pending.clear();
        written
    }
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
/// What to tell the person once the terminal is restored (after a signal).
static EXIT_NOTE: Mutex<Option<String>> = Mutex::new(None);

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

/// Runs the terminal UI until the person quits (or the script ends). The first frame
/// (the start screen) is drawn before `load` reads the knowledge base, so the program
/// answers at once; keys pressed meanwhile wait in the terminal's input queue. With a
/// session to open, the knowledge base is read before the terminal is set up.
pub fn run(
    load: impl FnOnce() -> anyhow::Result<KnowledgeBase> + Send + 'static,
    opts: Options,
    today: Date,
) -> anyhow::Result<Ended> {
    // `--open example:NAME` opens a shipped example read-only, as the start screen does;
    // an unknown name is an error before the terminal is touched.
    let example = match opts
        .open
        .as_ref()
        .and_then(|p| p.to_str()?.strip_prefix("example:"))
    {
        Some(name) => Some(example_index(name)?),
        None => None,
    };
    install_panic_hook();
    let signal = watch_signals();
    // An empty script without a session to open ends at the first frame: no knowledge
    // base needed.
    let first_frame_only = opts.script.as_ref().is_some_and(Vec::is_empty) && opts.open.is_none();
    let (kb, mut terminal, guard) = if opts.open.is_some() {
        // Opening a session: nothing can be drawn before the knowledge base is read. It
        // is read first, then the terminal is set up, both on this thread: measured
        // (benches/startup.rs), a second thread for the terminal cost more than the 0.3 ms
        // it overlapped (thread start, its own heap, waking the other core).
        // A knowledge base that cannot be read is reported before the terminal changes.
        let kb = load()?;
        let terminal = enter_terminal();
        let guard = TerminalGuard;
        (kb, terminal.context("setting up the terminal")?, guard)
    } else {
        // Otherwise it is read on a second thread while the start screen is drawn.
        let loading = (!first_frame_only).then(|| std::thread::spawn(load));
        let mut terminal = enter_terminal().context("setting up the terminal")?;
        let guard = TerminalGuard;
        // The start screen at once, while the knowledge base loads.
        terminal.draw(|f| view::first_frame(f, &session_paths(&opts.root), opts.color))?;
        let Some(loading) = loading else {
            drop(guard);
            return Ok(Ended::Quit);
        };
        let kb = loading
            .join()
            .map_err(|_| anyhow::anyhow!("reading the knowledge base failed"))??;
        (kb, terminal, guard)
    };
    let kb = Arc::new(kb);
    let mut app = App::new(
        kb.clone(),
        crate::workflow::find_sessions(&kb, &opts.root),
        today,
    );
    app.color = opts.color;
    app.root = opts.root.clone();
    let mut runner = Runner::new(opts.root.clone());
    if let Some(i) = example {
        app::choose_start(&mut app, app::StartItem::Example(i));
    } else if let Some(path) = &opts.open {
        let action = runner.open(&kb, path);
        let effects = app::update(&mut app, action);
        runner.run(&mut app, effects);
    }

    CAPTURE_PANIC.store(true, Ordering::SeqCst);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut terminal, &mut app, &mut runner, opts.script, &signal)
    }));
    CAPTURE_PANIC.store(false, Ordering::SeqCst);
    drop(guard);
    match result {
        Ok(r) => {
            if let Some(note) = EXIT_NOTE.lock().unwrap_or_else(|e| e.into_inner()).take() {
                eprintln!("{note}");
            }
            // The process is about to end: freeing the state would only cost time, and the
            // terminal, already restored, would show its cursor once more and unmap its
            // buffers one by one.
            std::mem::forget(app);
            std::mem::forget(kb);
            std::mem::forget(terminal);
            r
        }
        Err(_) => {
            // Save first (never over a change made elsewhere), then tell.
            let saved = runner.save_before_exit(&app);
            let message = PANIC_MESSAGE
                .lock()
                .ok()
                .and_then(|mut m| m.take())
                .unwrap_or_else(|| "design-advisor crashed".into());
            eprintln!("{message}");
            match saved {
                Some(Ok(p)) => eprintln!("Your session was saved to {}.", p.display()),
                Some(Err(e)) => eprintln!("Your session could not be saved: {e}"),
                None => {}
            }
            eprintln!("Please report this with the steps that led to it.");
            std::process::exit(101);
        }
    }
}

/// The index of the shipped example called `name`, or an error listing the examples.
fn example_index(name: &str) -> anyhow::Result<usize> {
    let examples = crate::kb::example_sessions();
    examples
        .iter()
        .position(|(file, _)| file.trim_end_matches(".toml") == name)
        .ok_or_else(|| {
            let known: Vec<&str> = examples
                .iter()
                .map(|(f, _)| f.trim_end_matches(".toml"))
                .collect();
            anyhow::anyhow!(
                // Debug formatting escapes control characters: nothing raw reaches the terminal.
                "--open: no example named {name:?}; examples: {}",
                known.join(", ")
            )
        })
}

/// The signal that asked the program to stop, once one has (0 until then).
fn watch_signals() -> Arc<AtomicUsize> {
    let received = Arc::new(AtomicUsize::new(0));
    #[cfg(unix)]
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGQUIT,
    ] {
        // Failing to register leaves that signal's default behaviour: nothing to do.
        let _ = signal_hook::flag::register_usize(sig, received.clone(), sig as usize);
    }
    received
}

fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    runner: &mut Runner,
    script: Option<Vec<KeyEvent>>,
    signal: &AtomicUsize,
) -> anyhow::Result<Ended>
where
    B::Error: Send + Sync + 'static,
{
    let mut script = script.map(|s| s.into_iter());
    loop {
        let sig = signal.load(Ordering::SeqCst);
        if sig != 0 {
            if let Some(saved) = runner.save_before_exit(app) {
                *EXIT_NOTE.lock().unwrap_or_else(|e| e.into_inner()) = Some(match saved {
                    Ok(p) => format!(
                        "stopped by a signal; your session was saved to {}",
                        p.display()
                    ),
                    Err(e) => format!("stopped by a signal; your session could not be saved: {e}"),
                });
            }
            return Ok(Ended::Signal(sig as i32));
        }
        let size = terminal.size()?;
        app.size = ratatui::layout::Rect::new(0, 0, size.width, size.height);
        terminal.draw(|f| view::render(app, f))?;
        let mut actions = Vec::new();
        match &mut script {
            Some(keys) => actions.push(Action::Key(keys.next().unwrap_or_else(|| {
                // The script is done: quit the way a person would (saving first).
                KeyEvent::new(event::KeyCode::Char('c'), event::KeyModifiers::CONTROL)
            }))),
            None => {
                let wait = app.next_tick(Instant::now()).min(SIGNAL_CHECK);
                if event::poll(wait)? {
                    // Take in everything queued, and input still arriving a key at a time
                    // (a paste without bracketed paste), before drawing again: a frame
                    // per key would make a burst crawl.
                    let burst = Instant::now();
                    loop {
                        if let Some(a) = translate(app, event::read()?) {
                            actions.push(a);
                        }
                        if actions.len() >= BURST
                            || burst.elapsed() >= FRAME_EVERY
                            || !event::poll(KEY_GAP)?
                        {
                            break;
                        }
                    }
                }
            }
        }
        actions.push(Action::Tick(Instant::now()));
        for action in actions {
            #[cfg(debug_assertions)]
            if let Action::Key(k) = &action
                && let Ok(trigger) = std::env::var("DESIGN_ADVISOR_TEST_PANIC_KEY")
                && k.code == event::KeyCode::Char(trigger.chars().next().unwrap_or('\0'))
            {
                panic!("test panic requested with DESIGN_ADVISOR_TEST_PANIC_KEY");
            }
            let effects = app::update(app, action);
            if runner.run(app, effects) {
                return Ok(Ended::Quit);
            }
        }
    }
}

/// A terminal event as an action.
fn translate(app: &App, e: Event) -> Option<Action> {
    match e {
        Event::Key(k) if k.kind != KeyEventKind::Release => Some(Action::Key(k)),
        Event::Mouse(m) => mouse::translate(app, m),
        Event::Paste(p) => Some(Action::Paste(p)),
        Event::Resize(_, _) => Some(Action::Resize),
        _ => None,
    }
}
