//! The terminal UI's state and its one `update` function: the only place state changes.
//! Update does no I/O; what must touch the world (save, write documents, quit) comes back
//! as `Effect`s for the runner, whose results come back as `Action`s.

mod session_keys;
mod start;
mod text;

pub use start::{choose_start, graph_command};
pub use text::current_question;

use super::keys::{self, Command, Context};
use crate::catalog;
use crate::engine;
use crate::export::files::Force;
use crate::kb::{KnowledgeBase, Node};
use crate::session::{self, Answer, Date, Mode, Session};
use crate::workflow::file::CreateError;
use crate::workflow::{Kept, Published, SaveOutcome};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui_textarea::{TextArea, WrapMode};
use session_keys::session_command;
use start::{catalog_command, go_back, open_catalog, start_command};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use text::{edit_text, finish_input, leave_text};

pub use crate::workflow::FoundSession;
pub use crate::workflow::plan::{PlannedStep, StepKind, questions};

/// Changes are saved once typing pauses this long (and at the latest after `SAVE_MAX`).
pub const SAVE_DEBOUNCE: Duration = Duration::from_millis(400);
pub const SAVE_MAX: Duration = Duration::from_millis(900);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Steps,
    Main,
    Advisor,
}

/// One walk through the decision graph in progress.
#[derive(Clone, Debug, Default)]
pub struct GraphNav {
    pub path: Vec<String>,
    pub cursor: usize,
    pub tree_view: bool,
}

impl GraphNav {
    pub fn at_root(kb: &KnowledgeBase) -> Self {
        GraphNav {
            path: kb
                .roots()
                .next()
                .map(|n| vec![n.id.get_ref().clone()])
                .unwrap_or_default(),
            cursor: 0,
            tree_view: false,
        }
    }
    pub fn current<'kb>(&self, kb: &'kb KnowledgeBase) -> Option<&'kb Node> {
        self.path.last().and_then(|id| kb.node(id))
    }
}

#[derive(Debug)]
pub struct SessionScreen {
    pub session: Session,
    /// Where it is saved; `None` for a read-only example.
    pub path: Option<PathBuf>,
    pub step: usize,
    pub focus: Pane,
    /// Question index per step, and the choice cursor within the current question.
    pub question: Vec<usize>,
    /// The store or flow under the cursor in the inventory step.
    pub inventory: usize,
    /// The review step: the document shown, and the documents with their self-check.
    pub artifact: usize,
    pub review: Option<ReviewCache>,
    pub choice: usize,
    /// The note being edited, while the note has the keyboard.
    pub note: Option<TextArea<'static>>,
    pub graph: GraphNav,
    pub evidence: usize,
    pub preview_scroll: u16,
    pub advisor_scroll: u16,
    /// Artifacts of this feature that exist on disk (refreshed by the runner).
    pub related: Vec<String>,
    pub written: Vec<PathBuf>,
    /// Bumped on every change; saved once changes settle (see `SAVE_DEBOUNCE`).
    pub revision: u64,
    pub saved_revision: u64,
    /// Autosave timing: the revision last seen by a tick, when it last changed, and when
    /// the oldest unsaved change was made.
    pub seen_revision: u64,
    pub last_change: Option<Instant>,
    pub first_unsaved: Option<Instant>,
    /// Saving is paused while the person decides about a file changed or deleted on disk.
    pub save_paused: bool,
}

impl SessionScreen {
    pub fn new(kb: &KnowledgeBase, session: Session, path: Option<PathBuf>) -> Self {
        let mode = session.mode;
        let mut s = SessionScreen {
            session,
            path,
            step: 0,
            focus: Pane::Main,
            question: vec![0; crate::workflow::plan::steps(mode).len()],
            inventory: 0,
            artifact: 0,
            review: None,
            choice: 0,
            note: None,
            graph: GraphNav::at_root(kb),
            evidence: 0,
            preview_scroll: 0,
            advisor_scroll: 0,
            related: Vec::new(),
            written: Vec::new(),
            revision: 0,
            saved_revision: 0,
            seen_revision: 0,
            last_change: None,
            first_unsaved: None,
            save_paused: false,
        };
        s.resume(kb);
        s
    }

    pub fn read_only(&self) -> bool {
        self.path.is_none()
    }

    pub fn dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    pub fn steps(&self) -> &'static [PlannedStep] {
        crate::workflow::plan::steps(self.session.mode)
    }

    pub fn kind(&self) -> StepKind {
        self.steps()[self.step].kind
    }

    /// Reopen at the first question still open, so work resumes where it stopped.
    fn resume(&mut self, kb: &KnowledgeBase) {
        for (i, step) in self.steps().iter().enumerate() {
            let kind = &step.kind;
            if *kind == StepKind::Inventory && self.session.stores.is_empty() {
                self.step = i;
                return;
            }
            if let StepKind::Questions(step) = kind {
                let qs = questions(kb, *step);
                if let Some(q) = qs.iter().position(|(qn_optional, q)| {
                    !qn_optional
                        && !self
                            .session
                            .answer(q.id.get_ref())
                            .is_some_and(Answer::is_answered)
                }) {
                    self.step = i;
                    self.question[i] = q;
                    return;
                }
            }
        }
        self.step = self
            .steps()
            .iter()
            .position(|s| s.kind == StepKind::Review)
            .unwrap_or(0);
    }

    fn touch(&mut self) {
        self.revision += 1;
    }
}

#[derive(Debug, Default)]
pub struct CatalogScreen {
    pub query: String,
    pub searching: bool,
    pub cursor: usize,
    pub detail_scroll: u16,
}

#[derive(Debug)]
pub enum Screen {
    Start {
        cursor: usize,
    },
    Session(Box<SessionScreen>),
    Catalog(CatalogScreen),
    /// Learn mode: the decision graph without a session.
    Graph(GraphNav),
}

/// What a one-line input is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    StoreName,
    FlowEnds,
    Entities,
    FeatureName,
    Slug,
    Owner,
    Due,
}

#[derive(Debug)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Confirm {
        message: String,
        on_yes: Pending,
    },
    Input {
        kind: InputKind,
        text: Box<TextArea<'static>>,
        error: Option<String>,
    },
}

/// What a confirmation leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Write anyway: the overrides granted so far, plus the one being asked for.
    WriteDocs(Force),
    QuitWithoutSaving,
    /// The session file changed on disk: y replaces it with the answers here; n keeps it,
    /// saves the answers here to a copy and goes on with the file's version.
    OverwriteSession,
    /// The session file was deleted: y writes it again; n leaves it deleted and puts the
    /// answers here in a copy elsewhere.
    RecreateSession(PathBuf),
    /// Save the answers to this path instead (and quit, when quitting).
    SaveCopyTo(PathBuf, bool),
    /// The session file cannot be read: keep it as a backup and begin a new one.
    StartOver(PathBuf),
    CreateSession {
        feature: String,
        slug: String,
        mode: Mode,
    },
    /// A new feature's slug names an existing session: open that one instead.
    OpenExisting(PathBuf),
}

/// Requests for the runner, which carries them out and reports back with an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Save the session if it changed on disk nobody else; reports `Action::Saved`.
    Save,
    /// Write the session whatever is on disk (the person chose to); `Action::Saved`.
    OverwriteSession,
    /// Keep the changed file, our answers to a copy beside it; `Action::Kept`.
    KeepTheirs,
    /// Save the answers to another file; `Action::CopySaved`.
    SaveCopyTo(PathBuf),
    /// Keep an unreadable session as a backup and begin anew; `Action::StartedOver`.
    StartOver(PathBuf),
    /// Create a new feature's session; `Action::Created`.
    CreateSession {
        feature: String,
        slug: String,
        mode: Mode,
    },
    /// Open a session file; `Action::Opened`.
    OpenSession(PathBuf),
    /// Plan, self-check and write every artifact; `Action::Published`.
    Publish(Force),
    Quit,
}

/// Everything that can change the state: input, time, and what effects did.
#[derive(Debug)]
pub enum Action {
    Key(KeyEvent),
    /// A mouse event, already hit-tested against the layout on screen.
    Click(Click),
    Paste(String),
    Resize,
    /// Time passes: autosave once changes settle.
    Tick(Instant),
    Saved {
        revision: u64,
        outcome: SaveOutcome,
    },
    Kept(Box<Kept>),
    CopySaved(Result<PathBuf, String>),
    StartedOver {
        path: PathBuf,
        backup: Result<PathBuf, String>,
    },
    Created(Result<PathBuf, CreateError>),
    Opened(Result<Box<(Session, PathBuf, Vec<String>)>, String>),
    /// The outcome of a write, and the feature's files on disk afterwards.
    Published(Result<Published, String>, Vec<String>),
}

/// Where a mouse event landed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Click {
    /// An item of the list in the main pane (start items, choices, graph options,
    /// evidence, catalog results).
    Row(usize),
    Step(usize),
    Main,
    Advisor,
    /// The wheel over the main pane or the advisor.
    Scroll {
        advisor: bool,
        down: bool,
    },
}

pub struct App {
    pub kb: Arc<KnowledgeBase>,
    pub screen: Screen,
    /// The screen to return to from the catalog or the learn-mode graph.
    pub back: Vec<Screen>,
    pub overlay: Option<Overlay>,
    pub status: String,
    pub found: Vec<FoundSession>,
    pub today: Date,
    pub color: bool,
    pub quitting: bool,
    /// A failed save was already explained; do not ask again until a save succeeds.
    pub save_failure_asked: bool,
    /// The name typed for a new feature while its slug is asked for, and its mode.
    pub new_feature: String,
    pub new_mode: Mode,
    /// The project folder; paths in messages are shown relative to it.
    pub root: PathBuf,
    /// Terminal size, for mouse hit-testing against the same layout the view draws.
    pub size: Rect,
    /// The overrides granted so far for the write being confirmed step by step.
    pub pending_force: Force,
}

/// Start-screen entries, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartItem {
    New(Mode),
    Open(usize),
    Example(usize),
    Catalog,
    Graph,
    Quit,
}

impl App {
    pub fn new(kb: Arc<KnowledgeBase>, found: Vec<FoundSession>, today: Date) -> Self {
        App {
            kb,
            screen: Screen::Start { cursor: 0 },
            back: Vec::new(),
            overlay: None,
            status: String::new(),
            found,
            today,
            color: true,
            quitting: false,
            new_feature: String::new(),
            save_failure_asked: false,
            new_mode: Mode::Design,
            root: PathBuf::from("."),
            size: Rect::new(0, 0, 80, 24),
            pending_force: Force::NONE,
        }
    }

    /// A path as shown to the person: relative to the project folder when inside it.
    pub fn show(&self, path: &std::path::Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    pub fn start_items(&self) -> Vec<StartItem> {
        let mut items = vec![
            StartItem::New(Mode::Design),
            StartItem::New(Mode::Review),
            StartItem::New(Mode::Integration),
        ];
        items.extend((0..self.found.len()).map(StartItem::Open));
        items.extend((0..crate::kb::example_sessions().len()).map(StartItem::Example));
        items.extend([StartItem::Catalog, StartItem::Graph, StartItem::Quit]);
        items
    }

    /// The context that decides which keys apply now.
    pub fn context(&self) -> Context {
        if matches!(self.overlay, Some(Overlay::Input { .. })) {
            return Context::InputField;
        }
        match &self.screen {
            Screen::Session(s) if s.note.is_some() => return Context::NoteField,
            Screen::Catalog(c) if c.searching => return Context::SearchField,
            _ => {}
        }
        match &self.overlay {
            Some(Overlay::Help { .. }) => return Context::Help,
            Some(Overlay::Confirm { .. }) => return Context::Confirm,
            _ => {}
        }
        match &self.screen {
            Screen::Start { .. } => Context::Start,
            Screen::Catalog(_) => Context::Catalog,
            Screen::Graph(_) => Context::Graph,
            Screen::Session(s) => match s.focus {
                Pane::Steps => Context::Steps,
                Pane::Advisor => Context::Advisor,
                Pane::Main => match s.kind() {
                    StepKind::Questions(_) => Context::Question,
                    StepKind::Graph => Context::Graph,
                    StepKind::Evidence => Context::Evidence,
                    StepKind::Inventory => Context::Inventory,
                    StepKind::Review => Context::Review,
                },
            },
        }
    }

    /// Whether a text field has the keyboard (it then gets keys first).
    pub fn editing(&self) -> bool {
        matches!(self.overlay, Some(Overlay::Input { .. }))
            || matches!(&self.screen, Screen::Session(s) if s.note.is_some())
            || matches!(&self.screen, Screen::Catalog(c) if c.searching)
    }

    pub fn session(&self) -> Option<&SessionScreen> {
        match &self.screen {
            Screen::Session(s) => Some(s),
            _ => None,
        }
    }
}

/// The only place state changes.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let effects = update_inner(app, action);
    refresh_review(app);
    effects
}

/// Keeps the review step's documents and self-check in step with the session: computed
/// here, when the state changes, so drawing stays a pure read.
fn refresh_review(app: &mut App) {
    let kb = app.kb.clone();
    let Screen::Session(s) = &mut app.screen else {
        return;
    };
    if s.kind() != StepKind::Review {
        return;
    }
    let key = (s.revision, s.related.clone());
    if s.review
        .as_ref()
        .is_some_and(|r| (r.revision, &r.related) == (key.0, &key.1))
    {
        return;
    }
    let artifacts = crate::export::artifacts::render_all(&kb, &s.session, &s.related);
    let findings = crate::selfcheck::check(&kb, &s.session, &artifacts, &s.related);
    s.artifact = s.artifact.min(artifacts.len().saturating_sub(1));
    s.review = Some(ReviewCache {
        revision: key.0,
        related: key.1,
        artifacts,
        findings,
    });
}

/// The documents a write would produce, and the self-check's findings on them.
#[derive(Debug, Clone)]
pub struct ReviewCache {
    pub revision: u64,
    pub related: Vec<String>,
    pub artifacts: Vec<crate::export::artifacts::Artifact>,
    pub findings: Vec<crate::selfcheck::Finding>,
}

fn update_inner(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(key) => on_key(app, key),
        Action::Click(click) => on_click(app, click),
        Action::Paste(text) => {
            text::paste(app, &text);
            Vec::new()
        }
        Action::Resize => Vec::new(),
        Action::Tick(now) => autosave(app, now),
        Action::Saved { revision, outcome } => saved(app, revision, outcome),
        Action::Kept(kept) => {
            let copy = match &kept.copy {
                Ok(p) => format!("your answers were saved to {}", app.show(p)),
                Err(e) => format!("could not save your answers to a copy: {e}"),
            };
            if let Screen::Session(s) = &mut app.screen {
                match kept.theirs {
                    Ok(theirs) => {
                        // Go on with the file's version: later saves build on it.
                        s.session = theirs;
                        s.revision += 1;
                        s.saved_revision = s.revision;
                        s.seen_revision = s.revision;
                        s.save_paused = false;
                        s.review = None;
                        app.status = format!("{copy}; now showing the version on disk");
                    }
                    Err(e) => {
                        // Saving stays paused: nothing here may replace that file.
                        app.status = format!(
                            "{copy}; the version on disk cannot be read ({e}), so saving stays paused"
                        );
                    }
                }
            }
            Vec::new()
        }
        Action::CopySaved(result) => {
            app.status = match result {
                Ok(p) => format!("your answers were saved to {}", app.show(&p)),
                Err(e) => format!("could not save a copy: {e}"),
            };
            Vec::new()
        }
        Action::StartedOver { path, backup } => match backup {
            Ok(backup) => {
                app.status = format!(
                    "started over; the unreadable file is kept as {}",
                    app.show(&backup)
                );
                vec![Effect::OpenSession(path)]
            }
            Err(e) => {
                app.status = e;
                Vec::new()
            }
        },
        Action::Created(result) => match result {
            Ok(path) => vec![Effect::OpenSession(path)],
            Err(CreateError::Exists(path)) => {
                app.overlay = Some(Overlay::Confirm {
                    message: format!(
                        "{} exists already: a feature with this slug was started before.\ny: open it.\nn: go back and choose another name or slug.",
                        app.show(&path)
                    ),
                    on_yes: Pending::OpenExisting(path),
                });
                Vec::new()
            }
            Err(e) => {
                app.status = e.to_string();
                Vec::new()
            }
        },
        Action::Published(result, related) => {
            if let Screen::Session(s) = &mut app.screen {
                s.related = related;
            }
            published(app, result);
            Vec::new()
        }
        Action::Opened(result) => {
            match result.map(|b| *b) {
                Ok((session, path, related)) => {
                    let mut screen = SessionScreen::new(&app.kb, session, Some(path.clone()));
                    screen.related = related;
                    app.screen = Screen::Session(Box::new(screen));
                    app.back.clear();
                    app.status = format!("opened {}", app.show(&path));
                }
                Err(e) => app.status = e,
            }
            Vec::new()
        }
    }
}

/// Saves once changes settle: after a pause in typing, or at most `SAVE_MAX` after the
/// first unsaved change.
fn autosave(app: &mut App, now: Instant) -> Vec<Effect> {
    let Screen::Session(s) = &mut app.screen else {
        return Vec::new();
    };
    if s.read_only() || !s.dirty() {
        s.first_unsaved = None;
        s.last_change = None;
        s.seen_revision = s.revision;
        return Vec::new();
    }
    if s.revision != s.seen_revision {
        s.seen_revision = s.revision;
        s.last_change = Some(now);
        s.first_unsaved.get_or_insert(now);
    }
    if s.save_paused {
        return Vec::new();
    }
    let settled = s
        .last_change
        .is_some_and(|t| now.saturating_duration_since(t) >= SAVE_DEBOUNCE);
    let overdue = s
        .first_unsaved
        .is_some_and(|t| now.saturating_duration_since(t) >= SAVE_MAX);
    if settled || overdue {
        // Try again after the next pause, not on every tick, should this save fail.
        s.last_change = None;
        s.first_unsaved = None;
        vec![Effect::Save]
    } else {
        Vec::new()
    }
}

impl App {
    /// How long the shell may wait for input before the next tick is due.
    pub fn next_tick(&self, now: Instant) -> Duration {
        let Some(s) = self.session() else {
            return Duration::from_secs(1);
        };
        match (s.last_change, s.first_unsaved) {
            (Some(last), Some(first)) => {
                let until_settled =
                    SAVE_DEBOUNCE.saturating_sub(now.saturating_duration_since(last));
                let until_overdue = SAVE_MAX.saturating_sub(now.saturating_duration_since(first));
                until_settled
                    .min(until_overdue)
                    .max(Duration::from_millis(10))
            }
            // A change not yet seen by a tick: tick at once.
            _ if s.revision != s.seen_revision => Duration::from_millis(10),
            _ => Duration::from_secs(1),
        }
    }
}

fn saved(app: &mut App, revision: u64, outcome: SaveOutcome) -> Vec<Effect> {
    match outcome {
        SaveOutcome::Saved(path) => {
            if let Screen::Session(s) = &mut app.screen {
                s.saved_revision = s.saved_revision.max(revision);
                s.save_paused = false;
            }
            app.status = format!("saved {}", app.show(&path));
            app.save_failure_asked = false;
        }
        SaveOutcome::ChangedOnDisk(path) => {
            if let Screen::Session(s) = &mut app.screen {
                s.save_paused = true;
            }
            app.quitting = false;
            app.overlay = Some(Overlay::Confirm {
                message: format!(
                    "{} changed on disk since it was read (a second design-advisor, an editor or a git pull).\ny: replace it with your answers.\nn: keep it: your answers go to a copy beside it and you go on with the version on disk.",
                    app.show(&path)
                ),
                on_yes: Pending::OverwriteSession,
            });
        }
        SaveOutcome::Deleted(path) => {
            let fallback = match &app.screen {
                Screen::Session(s) => crate::workflow::file::fallback_path(&s.session, s.revision),
                _ => std::env::temp_dir(),
            };
            if let Screen::Session(s) = &mut app.screen {
                s.save_paused = true;
            }
            app.quitting = false;
            app.overlay = Some(Overlay::Confirm {
                message: format!(
                    "{} was deleted since it was read (rm, git pull or checkout).\ny: write it again with your answers.\nn: leave it deleted: your answers go to {} and saving stops.",
                    app.show(&path),
                    fallback.display()
                ),
                on_yes: Pending::RecreateSession(fallback),
            });
        }
        SaveOutcome::Failed { error, fallback } => {
            app.status = format!("could not save: {error}");
            // Ask once per run of failures: the answers stay in memory either way.
            if app.quitting || !app.save_failure_asked {
                let quit = std::mem::take(&mut app.quitting);
                app.save_failure_asked = true;
                let then = if quit { "and quit" } else { "and go on" };
                app.overlay = Some(Overlay::Confirm {
                    message: format!(
                        "Saving failed: {error}\nYour answers are still here.\ny: save them to {} {then}.\nn: {}",
                        fallback.display(),
                        if quit {
                            "stay, and save them elsewhere or fix the folder first."
                        } else {
                            "keep them in memory; saving is tried again as you go."
                        }
                    ),
                    on_yes: Pending::SaveCopyTo(fallback, quit),
                });
            }
        }
    }
    Vec::new()
}

fn published(app: &mut App, result: Result<Published, String>) {
    let force = app.pending_force;
    match result {
        Ok(Published::Written { paths, .. }) => {
            app.pending_force = Force::NONE;
            app.status = if paths.is_empty() {
                "every document was already current".into()
            } else {
                format!(
                    "wrote {}",
                    paths
                        .iter()
                        .map(|p| app.show(p))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            if let Screen::Session(s) = &mut app.screen {
                s.written = paths;
            }
        }
        Ok(Published::HandEdited { files }) => {
            let list: Vec<String> = files
                .iter()
                .map(|f| format!("{}: {}", app.show(&f.path), f.summary))
                .collect();
            app.overlay = Some(Overlay::Confirm {
                message: format!(
                    "These files were edited by hand since they were generated:\n{}\nReplace them with the documents generated from the session? The edits in those files would be lost.",
                    list.join("\n")
                ),
                on_yes: Pending::WriteDocs(Force {
                    hand_edits: true,
                    ..force
                }),
            });
        }
        Ok(Published::Blocked { critical }) => {
            let shown: Vec<String> = critical
                .iter()
                .take(3)
                .map(|f| format!("{}: {}", f.path, f.message))
                .collect();
            let more = critical.len().saturating_sub(3);
            app.overlay = Some(Overlay::Confirm {
                message: format!(
                    "The self-check found {} critical problem(s): {}{}.\nWrite the documents anyway?",
                    critical.len(),
                    shown.join("; "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                ),
                on_yes: Pending::WriteDocs(Force {
                    critical: true,
                    ..force
                }),
            });
        }
        Err(e) => app.status = format!("could not write: {e}"),
    }
}

fn quit(app: &mut App) -> Vec<Effect> {
    match &app.screen {
        Screen::Session(s) if s.dirty() && !s.read_only() => {
            app.quitting = true;
            vec![Effect::Save, Effect::Quit]
        }
        _ => vec![Effect::Quit],
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let context = app.context();
    let command = keys::lookup(context, &key);
    // A text field gets every key but the few its context binds (to leave it, save, quit).
    if app.editing() {
        return match command {
            Some(Command::Quit) => {
                leave_text(app);
                quit(app)
            }
            Some(Command::Save) => {
                leave_text(app);
                save(app)
            }
            Some(Command::Back) => {
                leave_text(app);
                Vec::new()
            }
            Some(Command::Confirm) => finish_input(app),
            Some(Command::Cancel) => {
                leave_text(app);
                Vec::new()
            }
            _ => edit_text(app, key),
        };
    }
    match command {
        Some(command) => command_(app, command),
        None => Vec::new(),
    }
}

fn save(app: &mut App) -> Vec<Effect> {
    match &app.screen {
        Screen::Session(s) if s.read_only() => {
            app.status = "read-only example: start a new feature to keep your answers".into();
            Vec::new()
        }
        Screen::Session(_) => vec![Effect::Save],
        _ => Vec::new(),
    }
}

fn command_(app: &mut App, command: Command) -> Vec<Effect> {
    // Overlays first.
    match (&mut app.overlay, command) {
        (Some(Overlay::Help { .. }), Command::Back | Command::Help) => {
            app.overlay = None;
            return Vec::new();
        }
        (Some(Overlay::Help { scroll }), Command::Down | Command::PageDown) => {
            *scroll = scroll.saturating_add(if command == Command::Down { 1 } else { 10 });
            return Vec::new();
        }
        (Some(Overlay::Help { scroll }), Command::Up | Command::PageUp) => {
            *scroll = scroll.saturating_sub(if command == Command::Up { 1 } else { 10 });
            return Vec::new();
        }
        (Some(Overlay::Confirm { on_yes, .. }), Command::Confirm) => {
            let pending = on_yes.clone();
            app.overlay = None;
            return match pending {
                Pending::WriteDocs(force) => {
                    app.pending_force = force;
                    vec![Effect::Publish(force)]
                }
                Pending::QuitWithoutSaving => vec![Effect::Quit],
                Pending::OverwriteSession | Pending::RecreateSession(_) => {
                    vec![Effect::OverwriteSession]
                }
                Pending::OpenExisting(path) => vec![Effect::OpenSession(path)],
                Pending::SaveCopyTo(path, quit) => {
                    let mut effects = vec![Effect::SaveCopyTo(path)];
                    if quit {
                        effects.push(Effect::Quit);
                    }
                    effects
                }
                Pending::StartOver(path) => vec![Effect::StartOver(path)],
                Pending::CreateSession {
                    feature,
                    slug,
                    mode,
                } => {
                    vec![Effect::CreateSession {
                        feature,
                        slug,
                        mode,
                    }]
                }
            };
        }
        (
            Some(Overlay::Confirm {
                on_yes: Pending::OverwriteSession,
                ..
            }),
            Command::Cancel,
        ) => {
            // Answering no to replacing a changed session keeps both: a copy of ours.
            app.overlay = None;
            return vec![Effect::KeepTheirs];
        }
        (
            Some(Overlay::Confirm {
                on_yes: Pending::RecreateSession(fallback),
                ..
            }),
            Command::Cancel,
        ) => {
            // Leave it deleted: the answers go elsewhere, and the session on screen is
            // detached from the file (read-only), so nothing writes it again.
            let fallback = fallback.clone();
            app.overlay = None;
            if let Screen::Session(s) = &mut app.screen {
                s.path = None;
                s.save_paused = false;
            }
            return vec![Effect::SaveCopyTo(fallback)];
        }
        (
            Some(Overlay::Confirm {
                on_yes: Pending::WriteDocs(_),
                ..
            }),
            Command::Cancel,
        ) => {
            app.overlay = None;
            app.pending_force = Force::NONE;
            app.status = "cancelled: nothing was written".into();
            if let Screen::Session(s) = &mut app.screen {
                s.written.clear();
            }
            return Vec::new();
        }
        (Some(Overlay::Confirm { .. }), Command::Cancel) => {
            app.overlay = None;
            app.status = "cancelled".into();
            return Vec::new();
        }
        (Some(_), Command::Quit) => {
            app.overlay = None;
            return quit(app);
        }
        (Some(Overlay::Help { .. } | Overlay::Confirm { .. }), _) => return Vec::new(),
        _ => {}
    }
    match command {
        Command::Help => {
            app.overlay = Some(Overlay::Help { scroll: 0 });
            return Vec::new();
        }
        Command::Quit => return quit(app),
        Command::Save => return save(app),
        Command::Search if !matches!(app.screen, Screen::Catalog(_)) => {
            open_catalog(app, true);
            return Vec::new();
        }
        _ => {}
    }
    match &mut app.screen {
        Screen::Start { .. } => start_command(app, command),
        Screen::Catalog(_) => {
            catalog_command(app, command);
            Vec::new()
        }
        Screen::Graph(nav) => {
            let kb = app.kb.clone();
            if command == Command::Back && nav.path.len() <= 1 {
                go_back(app);
            } else if let Some(msg) = graph_command(&kb, nav, command) {
                app.status = msg;
            }
            Vec::new()
        }
        Screen::Session(_) => session_command(app, command),
    }
}

fn on_click(app: &mut App, click: Click) -> Vec<Effect> {
    if app.overlay.is_some() {
        return Vec::new();
    }
    match click {
        Click::Scroll { advisor, down } => {
            let cmd = if down { Command::Down } else { Command::Up };
            if let Screen::Session(s) = &mut app.screen {
                if advisor {
                    s.focus = Pane::Advisor;
                } else if s.kind() == StepKind::Review {
                    s.focus = Pane::Main;
                } else {
                    return Vec::new();
                }
            }
            command_(app, cmd)
        }
        Click::Row(i) => {
            let start_items = app.start_items();
            match &mut app.screen {
                Screen::Start { cursor } => {
                    if i < start_items.len() {
                        *cursor = i;
                        return choose_start(app, start_items[i].clone());
                    }
                }
                Screen::Catalog(c) => {
                    c.cursor = i;
                    c.detail_scroll = 0;
                }
                Screen::Graph(nav) => {
                    nav.cursor = i;
                    let kb = app.kb.clone();
                    graph_command(&kb, nav, Command::Select);
                }
                Screen::Session(s) => {
                    s.focus = Pane::Main;
                    match s.kind() {
                        StepKind::Questions(_) => {
                            s.choice = i;
                            return command_(app, Command::Toggle);
                        }
                        StepKind::Graph => {
                            s.graph.cursor = i;
                            return command_(app, Command::Select);
                        }
                        StepKind::Evidence => s.evidence = i,
                        StepKind::Inventory | StepKind::Review => {}
                    }
                }
            }
            Vec::new()
        }
        Click::Step(i) => {
            if let Screen::Session(s) = &mut app.screen
                && i < s.steps().len()
            {
                session_keys::set_step(s, i);
                s.focus = Pane::Steps;
            }
            Vec::new()
        }
        Click::Main | Click::Advisor => {
            if let Screen::Session(s) = &mut app.screen {
                s.focus = if click == Click::Main {
                    Pane::Main
                } else {
                    Pane::Advisor
                };
            }
            Vec::new()
        }
    }
}
