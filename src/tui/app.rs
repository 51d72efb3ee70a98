//! The terminal UI's state and its one `update` function: the only place state changes.
//! Update does no I/O; what must touch the world (save, write documents, quit) comes back
//! as `Effect`s for the runner, whose results come back as `Action`s.

use super::keys::{self, Command, Context};
use crate::catalog;
use crate::engine::{self, SessionFacts};
use crate::kb::{KnowledgeBase, Node, Question, Step};
use crate::session::{self, Answer, Date, GraphPath, Mode, Session};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use ratatui_textarea::{TextArea, WrapMode};
use std::path::PathBuf;
use std::sync::Arc;

/// The kinds of guided step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    Questions(Step),
    Graph,
    Evidence,
    /// Integration architecture: the stores and the flows between them.
    Inventory,
    Review,
}

pub type Steps = &'static [(StepKind, &'static str)];

/// Design mode: the full guided session.
pub const DESIGN_STEPS: Steps = &[
    (StepKind::Questions(Step::Threshold), "Threshold"),
    (StepKind::Questions(Step::Requirements), "Data requirements"),
    (StepKind::Graph, "Problems & patterns"),
    (StepKind::Questions(Step::Reliability), "Reliability"),
    (
        StepKind::Questions(Step::Distributed),
        "Distributed systems",
    ),
    (StepKind::Questions(Step::Concerns), "System concerns"),
    (StepKind::Evidence, "Evidence (tiers)"),
    (StepKind::Review, "Review & export"),
];

/// Review mode (seed 000, mode 2): the review steps over an existing system.
pub const REVIEW_STEPS: Steps = &[
    (StepKind::Questions(Step::Review), "Review steps"),
    (StepKind::Questions(Step::Requirements), "Data requirements"),
    (StepKind::Questions(Step::Reliability), "Reliability"),
    (StepKind::Questions(Step::Concerns), "System concerns"),
    (StepKind::Review, "Review & export"),
];

/// Integration-architecture mode (seed 002).
pub const INTEGRATION_STEPS: Steps = &[
    (StepKind::Inventory, "Stores & flows"),
    (StepKind::Questions(Step::Requirements), "Data requirements"),
    (StepKind::Graph, "Propagation & patterns"),
    (StepKind::Questions(Step::Integration), "Correctness checks"),
    (StepKind::Questions(Step::Reliability), "Reliability"),
    (StepKind::Questions(Step::Concerns), "System concerns"),
    (StepKind::Review, "Review & export"),
];

pub fn steps_for(mode: Mode) -> Steps {
    match mode {
        Mode::Design => DESIGN_STEPS,
        Mode::Review => REVIEW_STEPS,
        Mode::Integration => INTEGRATION_STEPS,
    }
}

/// Steps skipped on the short path, below the threshold.
pub fn on_short_path(step: StepKind) -> bool {
    matches!(
        step,
        StepKind::Questions(Step::Threshold | Step::Requirements) | StepKind::Review
    )
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Steps,
    Main,
    Advisor,
}

/// A session found on disk, for the start screen.
#[derive(Clone, Debug)]
pub struct FoundSession {
    pub path: PathBuf,
    pub feature: String,
    /// Tier name and TBD count, or the reason it could not be read.
    pub summary: Result<(String, usize), String>,
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
    /// Bumped on every change; the runner saves when it settles.
    pub revision: u64,
    pub saved_revision: u64,
}

impl SessionScreen {
    pub fn new(kb: &KnowledgeBase, session: Session, path: Option<PathBuf>) -> Self {
        let mode = session.mode;
        let mut s = SessionScreen {
            session,
            path,
            step: 0,
            focus: Pane::Main,
            question: vec![0; steps_for(mode).len()],
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

    pub fn steps(&self) -> Steps {
        steps_for(self.session.mode)
    }

    pub fn kind(&self) -> StepKind {
        self.steps()[self.step].0
    }

    /// Reopen at the first question still open, so work resumes where it stopped.
    fn resume(&mut self, kb: &KnowledgeBase) {
        for (i, (kind, _)) in self.steps().iter().enumerate() {
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
            .position(|(k, _)| *k == StepKind::Review)
            .unwrap_or(0);
    }

    fn touch(&mut self) {
        self.revision += 1;
    }
}

/// The questions of a guided step, each with whether its questionnaire is optional.
pub fn questions(kb: &KnowledgeBase, step: Step) -> Vec<(bool, &Question)> {
    kb.questionnaires_for(step)
        .flat_map(|qn| qn.question.iter().map(move |q| (qn.optional, q)))
        .collect()
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
    WriteDocs(crate::export::files::Force),
    QuitWithoutSaving,
    OverwriteSession,
    /// Save the answers to this path instead (and quit, when quitting).
    SaveCopyTo(PathBuf, bool),
    /// The session file cannot be read: keep it as a backup and begin a new one.
    StartOver(PathBuf),
    CreateSession {
        feature: String,
        slug: String,
        mode: Mode,
    },
}

/// Requests for the runner; their outcomes come back as actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Save,
    Quit,
    WriteDocs(crate::export::files::Force),
    CreateSession {
        feature: String,
        slug: String,
        mode: Mode,
    },
    OpenSession(PathBuf),
    /// Replace the session file that changed on disk with the answers in memory.
    OverwriteSession,
    /// Keep the changed file; save the answers in memory to a copy beside it.
    SaveCopy,
    SaveCopyTo(PathBuf),
    StartOver(PathBuf),
}

/// Everything that can change the state.
#[derive(Debug)]
pub enum Action {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Paste(String),
    Resize,
    Saved {
        revision: u64,
        result: Result<PathBuf, String>,
        /// Where a copy can go when the session's own folder cannot be written.
        fallback: PathBuf,
    },
    Written(Result<Vec<PathBuf>, String>),
    /// design.md exists and was edited by hand: ask before replacing it.
    /// One line per file: its path and what the hand edit changed.
    HandEdited(Vec<String>, crate::export::files::Force),
    /// The self-check found critical problems: ask before writing anyway.
    Blocked(Vec<String>, crate::export::files::Force),
    Opened(Result<Box<(Session, PathBuf, Vec<String>)>, String>),
    Related(Vec<String>),
    /// The session file changed on disk since it was read: ask what to do.
    ChangedOnDisk(PathBuf),
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
        Action::Mouse(m) => on_mouse(app, m),
        Action::Paste(text) => {
            paste(app, &text);
            Vec::new()
        }
        Action::Resize => Vec::new(),
        Action::Saved {
            revision,
            result,
            fallback,
        } => {
            match (result, &mut app.screen) {
                (Ok(path), Screen::Session(s)) => {
                    s.saved_revision = s.saved_revision.max(revision);
                    app.status = format!("saved {}", app.show(&path));
                    app.save_failure_asked = false;
                }
                (Ok(_), _) => {}
                (Err(e), _) => {
                    app.status = format!("could not save: {e}");
                    // Ask once per run of failures: the answers stay in memory either way.
                    if app.quitting || !app.save_failure_asked {
                        let quit = std::mem::take(&mut app.quitting);
                        app.save_failure_asked = true;
                        let then = if quit { "and quit" } else { "and go on" };
                        app.overlay = Some(Overlay::Confirm {
                            message: format!(
                                "Saving failed: {e}\nYour answers are still here.\ny: save them to {} {then}.\nn: {}",
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
        Action::Written(result) => {
            match result {
                Ok(paths) => {
                    app.status = format!(
                        "wrote {}",
                        paths
                            .iter()
                            .map(|p| app.show(p))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    if let Screen::Session(s) = &mut app.screen {
                        s.written = paths;
                    }
                }
                Err(e) => app.status = format!("could not write: {e}"),
            }
            Vec::new()
        }
        Action::HandEdited(paths, force) => {
            let list = paths;
            app.overlay = Some(Overlay::Confirm {
                message: format!(
                    "These files were edited by hand since they were generated:\n{}\nReplace them with the documents generated from the session? The edits in those files would be lost.",
                    list.join("\n")
                ),
                on_yes: Pending::WriteDocs(crate::export::files::Force {
                    hand_edits: true,
                    ..force
                }),
            });
            Vec::new()
        }
        Action::Blocked(findings, force) => {
            let shown: Vec<&str> = findings.iter().take(3).map(String::as_str).collect();
            let more = findings.len().saturating_sub(3);
            app.overlay = Some(Overlay::Confirm {
                message: format!(
                    "The self-check found {} critical problem(s): {}{}.\nWrite the documents anyway?",
                    findings.len(),
                    shown.join("; "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                ),
                on_yes: Pending::WriteDocs(crate::export::files::Force {
                    critical: true,
                    ..force
                }),
            });
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
        Action::ChangedOnDisk(path) => {
            app.quitting = false;
            app.overlay = Some(Overlay::Confirm {
                message: format!(
                    "{} changed on disk since it was read (a second design-advisor, an editor or a git pull).\ny: replace it with your answers.\nn: leave it as it is and save your answers to a copy beside it.",
                    app.show(&path)
                ),
                on_yes: Pending::OverwriteSession,
            });
            Vec::new()
        }
        Action::Related(related) => {
            if let Screen::Session(s) = &mut app.screen {
                s.related = related;
            }
            Vec::new()
        }
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
                Pending::WriteDocs(force) => vec![Effect::WriteDocs(force)],
                Pending::QuitWithoutSaving => vec![Effect::Quit],
                Pending::OverwriteSession => vec![Effect::OverwriteSession],
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
            return vec![Effect::SaveCopy];
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
            } else if let Some(msg) = graph_command(&kb, nav, None, command) {
                app.status = msg;
            }
            Vec::new()
        }
        Screen::Session(_) => session_command(app, command),
    }
}

fn go_back(app: &mut App) {
    app.screen = app.back.pop().unwrap_or(Screen::Start { cursor: 0 });
}

fn open_catalog(app: &mut App, searching: bool) {
    let previous = std::mem::replace(
        &mut app.screen,
        Screen::Catalog(CatalogScreen {
            searching,
            ..CatalogScreen::default()
        }),
    );
    app.back.push(previous);
}

fn start_command(app: &mut App, command: Command) -> Vec<Effect> {
    let items = app.start_items();
    let Screen::Start { cursor } = &mut app.screen else {
        return Vec::new();
    };
    match command {
        Command::Up => *cursor = cursor.saturating_sub(1),
        Command::Down => *cursor = (*cursor + 1).min(items.len() - 1),
        Command::Top => *cursor = 0,
        Command::Bottom => *cursor = items.len() - 1,
        Command::Catalog => open_catalog(app, false),
        Command::Graph => {
            let nav = GraphNav::at_root(&app.kb);
            let previous = std::mem::replace(&mut app.screen, Screen::Graph(nav));
            app.back.push(previous);
        }
        Command::Back => return vec![Effect::Quit],
        Command::Select | Command::Right => {
            let item = items[*cursor].clone();
            return choose_start(app, item);
        }
        _ => {}
    }
    Vec::new()
}

pub fn choose_start(app: &mut App, item: StartItem) -> Vec<Effect> {
    match item {
        StartItem::New(mode) => {
            app.new_mode = mode;
            app.overlay = Some(Overlay::Input {
                kind: InputKind::FeatureName,
                text: Box::new(single_line("", "Feature name, e.g. Order search")),
                error: None,
            });
            Vec::new()
        }
        StartItem::Open(i) => {
            let found = &app.found[i];
            match &found.summary {
                Ok(_) => vec![Effect::OpenSession(found.path.clone())],
                Err(e) => {
                    // A file that cannot be read is never touched unless the person
                    // chooses to start over, and then it is kept as a backup.
                    app.overlay = Some(Overlay::Confirm {
                        message: format!(
                            "{} cannot be read:\n{e}\ny: start over: the file is kept beside it as a backup and a new session begins.\nn: leave it as it is (fix it by hand and open it again).",
                            app.show(&found.path)
                        ),
                        on_yes: Pending::StartOver(found.path.clone()),
                    });
                    Vec::new()
                }
            }
        }
        StartItem::Example(i) => {
            let (name, text) = crate::kb::example_sessions()[i];
            match session::load_str(text, name) {
                Ok(s) => {
                    app.screen = Screen::Session(Box::new(SessionScreen::new(&app.kb, s, None)));
                    app.status = format!("example {}: read-only", name.trim_end_matches(".toml"));
                }
                Err(e) => app.status = e.to_string(),
            }
            Vec::new()
        }
        StartItem::Catalog => {
            open_catalog(app, false);
            Vec::new()
        }
        StartItem::Graph => {
            let previous =
                std::mem::replace(&mut app.screen, Screen::Graph(GraphNav::at_root(&app.kb)));
            app.back.push(previous);
            Vec::new()
        }
        StartItem::Quit => vec![Effect::Quit],
    }
}

fn single_line(value: &str, placeholder: &str) -> TextArea<'static> {
    let mut t = TextArea::new(vec![value.to_string()]);
    t.set_placeholder_text(placeholder);
    t.move_cursor(ratatui_textarea::CursorMove::End);
    t
}

fn catalog_command(app: &mut App, command: Command) {
    let count = catalog::search(&app.kb, &catalog_query(app)).len();
    let Screen::Catalog(c) = &mut app.screen else {
        return;
    };
    match command {
        Command::Search => c.searching = true,
        Command::Up => {
            c.cursor = c.cursor.saturating_sub(1);
            c.detail_scroll = 0;
        }
        Command::Down => {
            c.cursor = (c.cursor + 1).min(count.saturating_sub(1));
            c.detail_scroll = 0;
        }
        Command::Top => c.cursor = 0,
        Command::Bottom => c.cursor = count.saturating_sub(1),
        Command::PageDown | Command::Right => c.detail_scroll = c.detail_scroll.saturating_add(5),
        Command::PageUp | Command::Left => c.detail_scroll = c.detail_scroll.saturating_sub(5),
        Command::Back => go_back(app),
        _ => {}
    }
}

fn catalog_query(app: &App) -> String {
    match &app.screen {
        Screen::Catalog(c) => c.query.clone(),
        _ => String::new(),
    }
}

/// Moves through the decision graph. Returns a status message when there is one.
pub fn graph_command(
    kb: &KnowledgeBase,
    nav: &mut GraphNav,
    session: Option<&mut Session>,
    command: Command,
) -> Option<String> {
    let node = nav.current(kb)?;
    let options = node.option.len();
    match command {
        Command::Up => nav.cursor = nav.cursor.saturating_sub(1),
        Command::Down => nav.cursor = (nav.cursor + 1).min(options.saturating_sub(1)),
        Command::Top => nav.cursor = 0,
        Command::Bottom => nav.cursor = options.saturating_sub(1),
        Command::Select | Command::Right => {
            if let Some(o) = node.option.get(nav.cursor) {
                nav.path.push(o.to.get_ref().clone());
                nav.cursor = 0;
                nav.tree_view = false;
            } else if node.is_leaf() {
                return Some("a leaf: press a to add its bundle to the design".into());
            }
        }
        Command::Left | Command::Back if nav.path.len() > 1 => {
            let left = nav.path.pop().unwrap();
            let parent = nav.current(kb)?;
            nav.cursor = parent
                .option
                .iter()
                .position(|o| o.to.get_ref() == &left)
                .unwrap_or(0);
        }
        Command::JumpAncestor(n) => {
            let n = usize::from(n);
            if n >= 1 && n <= nav.path.len() {
                nav.path.truncate(n);
                nav.cursor = 0;
            }
        }
        Command::Restart => *nav = GraphNav::at_root(kb),
        Command::TreeView => nav.tree_view = !nav.tree_view,
        Command::AddBundle | Command::RemoveBundle => {
            let Some(session) = session else {
                return Some(
                    "learn mode: start or open a session to add patterns to a design".into(),
                );
            };
            if !node.is_leaf() {
                return Some("choose options until a pattern bundle (a leaf) is reached".into());
            }
            let existing = session.paths.iter_mut().find(|p| p.nodes == nav.path);
            let add = command == Command::AddBundle;
            match existing {
                Some(p) => p.added = add,
                None if add => session.paths.push(GraphPath {
                    nodes: nav.path.clone(),
                    added: true,
                    ..GraphPath::default()
                }),
                None => {}
            }
            session.paths.retain(|p| p.added);
            return Some(if add {
                format!("added \"{}\" to the design", node.title)
            } else {
                format!("removed \"{}\" from the design", node.title)
            });
        }
        _ => {}
    }
    None
}

fn session_command(app: &mut App, command: Command) -> Vec<Effect> {
    let kb = app.kb.clone();
    let Screen::Session(s) = &mut app.screen else {
        return Vec::new();
    };
    // Pane and step movement work the same everywhere in a session.
    match command {
        Command::NextPane | Command::PrevPane => {
            let panes = [Pane::Steps, Pane::Main, Pane::Advisor];
            let i = panes.iter().position(|p| *p == s.focus).unwrap_or(1);
            let n = if command == Command::NextPane {
                (i + 1) % 3
            } else {
                (i + 2) % 3
            };
            s.focus = panes[n];
            return Vec::new();
        }
        Command::NextStep => {
            next_step(&kb, s, 1);
            return Vec::new();
        }
        Command::PrevStep => {
            next_step(&kb, s, -1);
            return Vec::new();
        }
        _ => {}
    }
    match s.focus {
        Pane::Steps => match command {
            Command::Up => set_step(s, s.step.saturating_sub(1)),
            Command::Down => set_step(s, (s.step + 1).min(s.steps().len() - 1)),
            Command::Top => set_step(s, 0),
            Command::Bottom => set_step(s, s.steps().len() - 1),
            Command::Select | Command::Right => s.focus = Pane::Main,
            Command::Back => {
                app.screen = Screen::Start { cursor: 0 };
                return Vec::new();
            }
            _ => {}
        },
        Pane::Advisor => match command {
            Command::Up => s.advisor_scroll = s.advisor_scroll.saturating_sub(1),
            Command::Down => s.advisor_scroll = s.advisor_scroll.saturating_add(1),
            Command::Back | Command::Left => s.focus = Pane::Main,
            _ => {}
        },
        Pane::Main => return main_command(app, &kb, command),
    }
    Vec::new()
}

fn set_step(s: &mut SessionScreen, step: usize) {
    s.step = step;
    s.choice = 0;
    s.preview_scroll = 0;
}

/// Moves to the next (or previous) step; below the threshold, steps off the short path
/// are passed over.
fn next_step(kb: &KnowledgeBase, s: &mut SessionScreen, delta: isize) {
    let below = engine::assess(kb, &s.session).threshold.below;
    let mut i = s.step as isize;
    loop {
        i += delta;
        if i < 0 || i >= s.steps().len() as isize {
            return;
        }
        if !below || s.session.mode != Mode::Design || on_short_path(s.steps()[i as usize].0) {
            set_step(s, i as usize);
            return;
        }
    }
}

fn main_command(app: &mut App, kb: &Arc<KnowledgeBase>, command: Command) -> Vec<Effect> {
    let read_only_msg = "read-only example: start a new feature to record answers";
    let Screen::Session(s) = &mut app.screen else {
        return Vec::new();
    };
    if command == Command::Back {
        s.focus = Pane::Steps;
        return Vec::new();
    }
    match s.kind() {
        StepKind::Questions(step) => {
            let qs = questions(kb, step);
            if qs.is_empty() {
                return Vec::new();
            }
            let qi = s.question[s.step].min(qs.len() - 1);
            let q = qs[qi].1;
            let qid = q.id.get_ref().clone();
            match command {
                Command::Up => s.choice = s.choice.saturating_sub(1),
                Command::Down => s.choice = (s.choice + 1).min(q.choice.len() - 1),
                Command::Top => s.choice = 0,
                Command::Bottom => s.choice = q.choice.len() - 1,
                Command::Left | Command::PageUp => {
                    s.question[s.step] = qi.saturating_sub(1);
                    s.choice = 0;
                }
                Command::Right | Command::PageDown => {
                    s.question[s.step] = (qi + 1).min(qs.len() - 1);
                    s.choice = 0;
                }
                Command::Toggle | Command::Select => {
                    if s.read_only() {
                        app.status = read_only_msg.into();
                        return Vec::new();
                    }
                    let choice = q.choice[s.choice.min(q.choice.len() - 1)]
                        .id
                        .get_ref()
                        .clone();
                    let answer = s.session.answers.entry(qid).or_default();
                    if q.multi {
                        if let Some(pos) = answer.choices.iter().position(|c| c == &choice) {
                            if command == Command::Toggle {
                                answer.choices.remove(pos);
                            }
                        } else {
                            answer.choices.push(choice);
                            // Keep the knowledge base's order, so saved files diff cleanly.
                            answer
                                .choices
                                .sort_by_key(|c| q.choice.iter().position(|x| x.id.get_ref() == c));
                        }
                    } else if command == Command::Toggle && answer.choices == [choice.clone()] {
                        answer.choices.clear();
                    } else {
                        answer.choices = vec![choice];
                    }
                    if !answer.choices.is_empty() {
                        answer.tbd = false;
                    }
                    s.touch();
                    if command == Command::Select {
                        if qi + 1 < qs.len() {
                            s.question[s.step] = qi + 1;
                            s.choice = 0;
                        } else {
                            next_step(kb, s, 1);
                        }
                    }
                }
                Command::Later => {
                    if s.read_only() {
                        app.status = read_only_msg.into();
                        return Vec::new();
                    }
                    let answer = s.session.answers.entry(qid).or_default();
                    answer.tbd = !answer.tbd;
                    if answer.tbd {
                        answer.choices.clear();
                    }
                    s.touch();
                }
                Command::EditNote => {
                    if s.read_only() {
                        app.status = read_only_msg.into();
                        return Vec::new();
                    }
                    let note = s
                        .session
                        .answer(&qid)
                        .map(|a| a.note.clone())
                        .unwrap_or_default();
                    let mut t = TextArea::new(if note.is_empty() {
                        vec![String::new()]
                    } else {
                        note.lines().map(str::to_string).collect()
                    });
                    t.set_wrap_mode(WrapMode::WordOrGlyph);
                    t.set_placeholder_text("Why this answer; links; numbers. Esc to finish.");
                    t.move_cursor(ratatui_textarea::CursorMove::Bottom);
                    t.move_cursor(ratatui_textarea::CursorMove::End);
                    s.note = Some(t);
                }
                Command::EditOwner | Command::EditDue => {
                    if s.read_only() {
                        app.status = read_only_msg.into();
                        return Vec::new();
                    }
                    let answer = s.session.answer(&qid).cloned().unwrap_or_default();
                    let (kind, value, hint) = if command == Command::EditOwner {
                        (
                            InputKind::Owner,
                            answer.owner,
                            "Owner of this TBD: a team or a person",
                        )
                    } else {
                        (
                            InputKind::Due,
                            answer.due.map(|d| d.to_string()).unwrap_or_default(),
                            "Due date, YYYY-MM-DD",
                        )
                    };
                    app.overlay = Some(Overlay::Input {
                        kind,
                        text: Box::new(single_line(&value, hint)),
                        error: None,
                    });
                }
                _ => {}
            }
        }
        StepKind::Graph => {
            let before = s.session.paths.clone();
            let read_only = s.read_only();
            if let Some(msg) = graph_command(
                kb,
                &mut s.graph,
                if read_only {
                    None
                } else {
                    Some(&mut s.session)
                },
                command,
            ) {
                app.status =
                    if read_only && matches!(command, Command::AddBundle | Command::RemoveBundle) {
                        read_only_msg.into()
                    } else {
                        msg
                    };
            }
            if s.session.paths != before {
                s.touch();
            }
        }
        StepKind::Evidence => {
            let items: Vec<_> = kb
                .tiers
                .iter()
                .filter(|t| t.per_service)
                .flat_map(|t| &t.evidence)
                .collect();
            match command {
                Command::Up => s.evidence = s.evidence.saturating_sub(1),
                Command::Down => s.evidence = (s.evidence + 1).min(items.len().saturating_sub(1)),
                Command::Top => s.evidence = 0,
                Command::Bottom => s.evidence = items.len().saturating_sub(1),
                Command::Toggle | Command::Select => {
                    if s.read_only() {
                        app.status = read_only_msg.into();
                        return Vec::new();
                    }
                    let Some(item) = items.get(s.evidence) else {
                        return Vec::new();
                    };
                    let facts = SessionFacts::new(kb, &s.session);
                    if item.parsed_rule.as_ref().is_some_and(|r| r.eval(&facts)) {
                        app.status = "met by your answers; change the answers to change it".into();
                        return Vec::new();
                    }
                    let id = item.id.get_ref();
                    if !s.session.evidence.remove(id) {
                        s.session.evidence.insert(id.clone());
                    }
                    s.touch();
                }
                _ => {}
            }
        }
        StepKind::Inventory => {
            let count = s.session.stores.len() + s.session.flows.len();
            let edits = matches!(
                command,
                Command::AddStore
                    | Command::AddFlow
                    | Command::Toggle
                    | Command::Cycle
                    | Command::EditEntities
                    | Command::Delete
            );
            if edits && s.read_only() {
                app.status = read_only_msg.into();
                return Vec::new();
            }
            let stores = s.session.stores.len();
            let at = s.inventory.min(count.saturating_sub(1));
            match command {
                Command::Up => s.inventory = s.inventory.saturating_sub(1),
                Command::Down => s.inventory = (s.inventory + 1).min(count.saturating_sub(1)),
                Command::Top => s.inventory = 0,
                Command::Bottom => s.inventory = count.saturating_sub(1),
                Command::AddStore => {
                    app.overlay = Some(Overlay::Input {
                        kind: InputKind::StoreName,
                        text: Box::new(single_line("", "Store name, e.g. PostgreSQL orders")),
                        error: None,
                    })
                }
                Command::AddFlow => {
                    if s.session.stores.len() < 2 {
                        app.status = "add at least two stores first (s)".into();
                    } else {
                        app.overlay = Some(Overlay::Input {
                            kind: InputKind::FlowEnds,
                            text: Box::new(single_line(
                                "",
                                "from -> to, e.g. PostgreSQL orders -> Elasticsearch",
                            )),
                            error: None,
                        });
                    }
                }
                Command::Toggle | Command::Cycle if count > 0 => {
                    if at < stores {
                        let store = &mut s.session.stores[at];
                        store.role = match store.role {
                            session::StoreRole::SystemOfRecord => session::StoreRole::Derived,
                            session::StoreRole::Derived => session::StoreRole::SystemOfRecord,
                        };
                    } else if command == Command::Toggle {
                        let flow = &mut s.session.flows[at - stores];
                        flow.mechanism = next_in(&MECHANISMS, flow.mechanism);
                    } else {
                        let flow = &mut s.session.flows[at - stores];
                        flow.ordering = next_in(&ORDERINGS, flow.ordering);
                    }
                    s.touch();
                }
                Command::EditEntities if count > 0 => {
                    let value = if at < stores {
                        s.session.stores[at].entities.join(", ")
                    } else {
                        s.session.flows[at - stores].entity.clone()
                    };
                    app.overlay = Some(Overlay::Input {
                        kind: InputKind::Entities,
                        text: Box::new(single_line(
                            &value,
                            "entities, comma-separated (a flow takes one)",
                        )),
                        error: None,
                    });
                }
                Command::Delete if count > 0 => {
                    if at < stores {
                        let name = s.session.stores.remove(at).name;
                        // Flows that touched the store go with it.
                        s.session.flows.retain(|f| f.from != name && f.to != name);
                    } else {
                        s.session.flows.remove(at - stores);
                    }
                    let count = s.session.stores.len() + s.session.flows.len();
                    s.inventory = s.inventory.min(count.saturating_sub(1));
                    s.touch();
                }
                _ => {}
            }
        }
        StepKind::Review => match command {
            Command::Left | Command::Right => {
                let count = s.review.as_ref().map_or(1, |r| r.artifacts.len()).max(1);
                s.artifact = if command == Command::Right {
                    (s.artifact + 1) % count
                } else {
                    (s.artifact + count - 1) % count
                };
                s.preview_scroll = 0;
            }
            Command::Up => s.preview_scroll = s.preview_scroll.saturating_sub(1),
            Command::Down => s.preview_scroll = s.preview_scroll.saturating_add(1),
            Command::PageUp => s.preview_scroll = s.preview_scroll.saturating_sub(10),
            Command::PageDown => s.preview_scroll = s.preview_scroll.saturating_add(10),
            Command::Top => s.preview_scroll = 0,
            Command::Write => {
                if s.read_only() {
                    app.status = "read-only example: start a new feature to write documents".into();
                    return Vec::new();
                }
                return vec![
                    Effect::Save,
                    Effect::WriteDocs(crate::export::files::Force::NONE),
                ];
            }
            _ => {}
        },
    }
    Vec::new()
}

const MECHANISMS: [session::Mechanism; 9] = [
    session::Mechanism::Undecided,
    session::Mechanism::AppDualWrite,
    session::Mechanism::Cdc,
    session::Mechanism::Outbox,
    session::Mechanism::EventSourcing,
    session::Mechanism::LogMessaging,
    session::Mechanism::BatchEtl,
    session::Mechanism::IncrementalHybrid,
    session::Mechanism::Rpc,
];
const ORDERINGS: [session::Ordering; 4] = [
    session::Ordering::None,
    session::Ordering::PerKey,
    session::Ordering::Causal,
    session::Ordering::Total,
];

/// The item after `current` in `all`, wrapping around.
fn next_in<T: Copy + PartialEq>(all: &[T], current: T) -> T {
    let i = all.iter().position(|x| *x == current).unwrap_or(0);
    all[(i + 1) % all.len()]
}

/// Leaves whichever text field has the keyboard. A note and a search keep what was typed
/// (it is already in the state); a one-line field is cancelled.
fn leave_text(app: &mut App) {
    if matches!(app.overlay, Some(Overlay::Input { .. })) {
        app.overlay = None;
    }
    match &mut app.screen {
        Screen::Session(s) => s.note = None,
        Screen::Catalog(c) => c.searching = false,
        _ => {}
    }
}

/// Types a key into the text field that has the keyboard.
fn edit_text(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if let Some(Overlay::Input { text, error, .. }) = &mut app.overlay {
        text.input(key);
        *error = None;
        return Vec::new();
    }
    match &mut app.screen {
        Screen::Session(s) => {
            let Some(note) = &mut s.note else {
                return Vec::new();
            };
            if note.input(key) {
                let text = note.lines().join("\n");
                if let Some(q) = current_question(&app.kb, s) {
                    s.session.answers.entry(q).or_default().note = text;
                    s.touch();
                }
            }
        }
        Screen::Catalog(c) => {
            match key.code {
                KeyCode::Backspace => {
                    c.query.pop();
                }
                KeyCode::Up => c.searching = false,
                KeyCode::Char(ch) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    c.query.push(ch)
                }
                _ => {}
            }
            c.cursor = 0;
            c.detail_scroll = 0;
        }
        _ => {}
    }
    Vec::new()
}

fn paste(app: &mut App, text: &str) {
    if let Some(Overlay::Input { text: t, .. }) = &mut app.overlay {
        t.insert_str(text.lines().next().unwrap_or(""));
        return;
    }
    match &mut app.screen {
        Screen::Session(s) => {
            let Some(note) = &mut s.note else { return };
            note.insert_str(text);
            let joined = note.lines().join("\n");
            if let Some(q) = current_question(&app.kb, s) {
                s.session.answers.entry(q).or_default().note = joined;
                s.touch();
            }
        }
        Screen::Catalog(c) if c.searching => c.query.push_str(text.lines().next().unwrap_or("")),
        _ => {}
    }
}

pub fn current_question(kb: &KnowledgeBase, s: &SessionScreen) -> Option<String> {
    let StepKind::Questions(step) = s.kind() else {
        return None;
    };
    let qs = questions(kb, step);
    qs.get(s.question[s.step].min(qs.len().saturating_sub(1)))
        .map(|(_, q)| q.id.get_ref().clone())
}

fn finish_input(app: &mut App) -> Vec<Effect> {
    let Some(Overlay::Input { kind, text, error }) = &mut app.overlay else {
        return Vec::new();
    };
    let value = text.lines().join(" ").trim().to_string();
    match kind {
        InputKind::FeatureName => {
            if value.is_empty() {
                *error = Some("a feature needs a name".into());
                return Vec::new();
            }
            let slug = session::slugify(&value);
            let mut t = single_line(&slug, "slug: lower-case letters, digits and hyphens");
            t.set_placeholder_text("slug");
            app.new_feature = value;
            app.overlay = Some(Overlay::Input {
                kind: InputKind::Slug,
                text: Box::new(t),
                error: None,
            });
        }
        InputKind::Slug => {
            if !session::is_valid_slug(&value) {
                *error = Some(format!(
                    "not a valid slug; try \"{}\"",
                    session::slugify(&value)
                ));
                return Vec::new();
            }
            let feature = std::mem::take(&mut app.new_feature);
            app.overlay = None;
            return vec![Effect::CreateSession {
                feature,
                slug: value,
                mode: app.new_mode,
            }];
        }
        InputKind::StoreName | InputKind::FlowEnds | InputKind::Entities => {
            let kind = *kind;
            let Screen::Session(s) = &mut app.screen else {
                return Vec::new();
            };
            match kind {
                InputKind::StoreName => {
                    if value.is_empty() || s.session.stores.iter().any(|x| x.name == value) {
                        *error = Some(if value.is_empty() {
                            "a store needs a name".into()
                        } else {
                            format!("there is a store named \"{value}\" already")
                        });
                        return Vec::new();
                    }
                    s.session.stores.push(session::Store {
                        name: value,
                        ..session::Store::default()
                    });
                    s.inventory = s.session.stores.len() - 1;
                }
                InputKind::FlowEnds => {
                    let ends = value
                        .split_once("->")
                        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()));
                    let known = |n: &str| s.session.stores.iter().any(|x| x.name == n);
                    match ends {
                        Some((from, to)) if known(&from) && known(&to) && from != to => {
                            s.session.flows.push(session::Flow {
                                from,
                                to,
                                ..session::Flow::default()
                            });
                            s.inventory = s.session.stores.len() + s.session.flows.len() - 1;
                        }
                        _ => {
                            let names: Vec<&str> =
                                s.session.stores.iter().map(|x| x.name.as_str()).collect();
                            *error = Some(format!(
                                "write \"from -> to\" with two different stores: {}",
                                names.join(", ")
                            ));
                            return Vec::new();
                        }
                    }
                }
                _ => {
                    let stores = s.session.stores.len();
                    let at = s.inventory;
                    if at < stores {
                        s.session.stores[at].entities = value
                            .split(',')
                            .map(|e| e.trim().to_string())
                            .filter(|e| !e.is_empty())
                            .collect();
                    } else if let Some(f) = s.session.flows.get_mut(at - stores) {
                        f.entity = value;
                    }
                }
            }
            s.touch();
            app.overlay = None;
        }
        InputKind::Owner | InputKind::Due => {
            let due = if *kind == InputKind::Due && !value.is_empty() {
                match value.parse::<Date>() {
                    Ok(d) => Some(d),
                    Err(e) => {
                        *error = Some(e);
                        return Vec::new();
                    }
                }
            } else {
                None
            };
            let kind = *kind;
            app.overlay = None;
            let kb = app.kb.clone();
            if let Screen::Session(s) = &mut app.screen
                && let Some(q) = current_question(&kb, s)
            {
                let answer = s.session.answers.entry(q).or_default();
                if kind == InputKind::Owner {
                    answer.owner = value;
                } else {
                    answer.due = due;
                }
                // An owner or a due date only makes sense on an open question.
                if answer.choices.is_empty() && (!answer.owner.is_empty() || answer.due.is_some()) {
                    answer.tbd = true;
                }
                s.touch();
            }
        }
    }
    Vec::new()
}

fn on_mouse(app: &mut App, m: MouseEvent) -> Vec<Effect> {
    if app.overlay.is_some() {
        return Vec::new();
    }
    let at = Position::new(m.column, m.row);
    let layout = super::layout::Screen::new(app.size, app);
    match m.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let cmd = if m.kind == MouseEventKind::ScrollDown {
                Command::Down
            } else {
                Command::Up
            };
            if let Screen::Session(s) = &mut app.screen {
                if layout.steps.contains(at) {
                    return Vec::new();
                }
                if layout.advisor.contains(at) {
                    s.focus = Pane::Advisor;
                } else if layout.main.contains(at) && s.kind() == StepKind::Review {
                    s.focus = Pane::Main;
                } else {
                    return Vec::new();
                }
            }
            command_(app, cmd)
        }
        MouseEventKind::Down(_) => {
            let start_items = app.start_items();
            match &mut app.screen {
                Screen::Start { cursor } => {
                    if let Some(i) = layout.list_row(layout.options, at)
                        && i < start_items.len()
                    {
                        *cursor = i;
                        return choose_start(app, start_items[i].clone());
                    }
                }
                Screen::Catalog(c) => {
                    if let Some(i) = layout.list_row(layout.list, at) {
                        c.cursor = i;
                        c.detail_scroll = 0;
                    }
                }
                Screen::Graph(nav) => {
                    if let Some(i) = layout.list_row(layout.options, at) {
                        nav.cursor = i;
                        let kb = app.kb.clone();
                        graph_command(&kb, nav, None, Command::Select);
                    }
                }
                Screen::Session(s) => {
                    if let Some(i) = layout.list_row(layout.steps, at) {
                        if i < s.steps().len() {
                            set_step(s, i);
                            s.focus = Pane::Steps;
                        }
                    } else if layout.advisor.contains(at) {
                        s.focus = Pane::Advisor;
                    } else if layout.main.contains(at) {
                        s.focus = Pane::Main;
                        if let Some(i) = layout.list_row(layout.options, at) {
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
                }
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}
