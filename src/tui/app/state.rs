//! The terminal UI's state: the screens, the session on screen, overlays, and the actions
//! and effects that connect `update` with the runner.

use super::*;
use crate::tui::geometry;

pub use crate::tui::geometry::{ADVISOR_MIN_WIDTH, MIN_HEIGHT, MIN_WIDTH, STEPS_MIN_WIDTH};

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
                .map(|n| vec![n.id.get_ref().to_string()])
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
    /// The steps of the session's mode.
    pub plan: Vec<PlannedStep>,
    /// Where it is saved; `None` for a read-only example.
    pub path: Option<PathBuf>,
    pub step: usize,
    pub focus: Pane,
    /// Question index per step, and the choice cursor within the current question.
    pub question: Vec<usize>,
    /// The store or flow under the cursor in the inventory step.
    pub inventory: usize,
    /// The record under the cursor in a channels, decisions, runbooks or launches step.
    pub record: usize,
    /// Choosing marks what the system does today (the answer's `today`), not the target.
    pub marking_today: bool,
    /// The review step: the document shown, and the documents with their self-check.
    pub artifact: usize,
    pub review: Option<ReviewCache>,
    pub choice: usize,
    /// The note being edited, while the note has the keyboard.
    pub note: Option<TextArea<'static>>,
    pub graph: GraphNav,
    pub evidence: usize,
    pub preview_scroll: u16,
    /// The review step's preview takes the whole screen.
    pub preview_full: bool,
    pub advisor_scroll: u16,
    /// Artifacts of this feature that exist on disk (refreshed by the runner).
    pub related: Vec<String>,
    /// The documents on disk and the session they were written from (read by the runner
    /// when the session opens and after each write).
    pub docs: crate::workflow::WrittenDocs,
    /// The documents that differ from what the session would write, as of the overview.
    pub staleness: crate::workflow::Staleness,
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
        let plan = crate::workflow::plan::steps(kb, session.mode);
        let mut s = SessionScreen {
            session,
            path,
            step: 0,
            focus: Pane::Main,
            question: vec![0; plan.len()],
            plan,
            inventory: 0,
            record: 0,
            marking_today: false,
            artifact: 0,
            review: None,
            choice: 0,
            note: None,
            graph: GraphNav::at_root(kb),
            evidence: 0,
            preview_scroll: 0,
            preview_full: false,
            advisor_scroll: 0,
            related: Vec::new(),
            docs: Default::default(),
            staleness: Default::default(),
            written: Vec::new(),
            revision: 0,
            saved_revision: 0,
            seen_revision: 0,
            last_change: None,
            first_unsaved: None,
            save_paused: false,
        };
        s.resume(kb);
        s.land(kb);
        s
    }

    /// What the review overview shows of this session, with its assessment.
    pub fn overview_input<'a>(
        &'a self,
        assessment: &'a crate::engine::Assessment<'a>,
        today: Date,
    ) -> crate::tui::sheets::OverviewInput<'a> {
        crate::tui::sheets::OverviewInput {
            assessment,
            session: &self.session,
            today,
            read_only: self.read_only(),
            written: self.docs.files.len(),
            staleness: &self.staleness,
        }
    }

    pub fn read_only(&self) -> bool {
        self.path.is_none()
    }

    pub fn dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// The steps of the session's mode (read once, when the session opens).
    pub fn steps(&self) -> &[PlannedStep] {
        &self.plan
    }

    pub fn kind(&self) -> StepKind {
        self.steps()[self.step].kind
    }

    /// Reopen at the first question still open, so work resumes where it stopped.
    fn resume(&mut self, kb: &KnowledgeBase) {
        let facts = crate::engine::SessionFacts::new(kb, &self.session);
        for (i, step) in self.steps().iter().enumerate() {
            let kind = &step.kind;
            if *kind == StepKind::Inventory && self.session.stores.is_empty() {
                self.step = i;
                return;
            }
            if let StepKind::Questions(step) = kind {
                let qs = crate::workflow::plan::asked_with(kb, &self.session, &facts, *step);
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

    /// Puts the choice cursor on the current question's chosen option (its first one), or
    /// on the first option when nothing is chosen yet.
    pub fn land(&mut self, kb: &KnowledgeBase) {
        self.choice = 0;
        let StepKind::Questions(step) = self.kind() else {
            return;
        };
        let qs = crate::workflow::plan::asked(kb, &self.session, step);
        let Some((_, q)) = qs.get(self.question[self.step].min(qs.len().saturating_sub(1))) else {
            return;
        };
        if let Some(a) = self.session.answer(q.id.get_ref()) {
            let chosen = if a.choices.is_empty() {
                &a.today
            } else {
                &a.choices
            };
            if let Some(i) = chosen
                .first()
                .and_then(|c| q.choice.iter().position(|x| x.id.get_ref() == c))
            {
                self.choice = i;
            }
        }
    }

    pub(super) fn touch(&mut self) {
        self.revision += 1;
    }
}

#[derive(Clone, Debug, Default)]
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
    /// One of the design's basics (problem, TL;DR, goals, ...).
    Basic(crate::workflow::BasicField),
    /// The name of a new channel, decision, runbook or launch.
    RecordName(crate::workflow::RecordKind),
    /// One field of a record's form.
    Field {
        index: usize,
        field: crate::workflow::RecordField,
    },
}

impl InputKind {
    /// A field of the basics or of a form: Esc keeps what was typed (a one-line prompt
    /// such as a store's name is cancelled by Esc instead).
    pub fn keeps_on_esc(self) -> bool {
        matches!(
            self,
            InputKind::Basic(_) | InputKind::RecordName(_) | InputKind::Field { .. }
        )
    }
}

#[derive(Debug)]
pub enum Overlay {
    /// The design's basics, one field a line; Enter edits the one under the cursor.
    Basics {
        cursor: usize,
    },
    Help {
        scroll: u16,
    },
    /// The review overview: tier, findings, TBDs and stale documents.
    Overview {
        scroll: u16,
    },
    /// The changes a write will make, shown before it is confirmed.
    WriteDiff {
        changes: Vec<crate::workflow::FileChange>,
        scroll: u16,
    },
    /// Jumping to a question (or a catalog entry) by searching its text.
    Jump {
        query: String,
        cursor: usize,
    },
    /// A record's form, one field a line; Enter writes the field under the cursor.
    Form {
        kind: crate::workflow::RecordKind,
        index: usize,
        cursor: usize,
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

impl Overlay {
    /// Whether it takes the whole body, between the title bar and the key bar, so the
    /// panes under it are not drawn.
    pub fn covers_body(&self) -> bool {
        matches!(
            self,
            Overlay::Overview { .. } | Overlay::WriteDiff { .. } | Overlay::Jump { .. }
        )
    }
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
    /// The text field with the keyboard fills the screen (a note or a form field).
    pub full_editor: bool,
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
            full_editor: false,
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
        if let Some(Overlay::Input { kind, .. }) = &self.overlay {
            return if kind.keeps_on_esc() {
                Context::FieldEditor
            } else {
                Context::InputField
            };
        }
        match &self.overlay {
            Some(Overlay::Jump { .. }) => return Context::JumpField,
            Some(Overlay::Overview { .. }) => return Context::Overview,
            Some(Overlay::WriteDiff { .. }) => return Context::WriteDiff,
            _ => {}
        }
        match &self.screen {
            Screen::Session(s) if s.note.is_some() => return Context::NoteField,
            Screen::Catalog(c) if c.searching => return Context::SearchField,
            _ => {}
        }
        match &self.overlay {
            Some(Overlay::Help { .. }) => return Context::Help,
            Some(Overlay::Basics { .. }) => return Context::Basics,
            Some(Overlay::Form { .. }) => return Context::Form,
            Some(Overlay::Confirm { .. }) => return Context::Confirm,
            _ => {}
        }
        match &self.screen {
            Screen::Start { .. } => Context::Start,
            Screen::Catalog(_) => Context::Catalog,
            Screen::Graph(_) => Context::Learn,
            Screen::Session(s) => match s.focus {
                Pane::Steps => Context::Steps,
                Pane::Advisor => Context::Advisor,
                Pane::Main => match s.kind() {
                    StepKind::Questions(_) => Context::Question,
                    StepKind::Graph => Context::Graph,
                    StepKind::Evidence => Context::Evidence,
                    StepKind::Inventory => Context::Inventory,
                    StepKind::Records(_) => Context::Records,
                    StepKind::Review => Context::Review,
                },
            },
        }
    }

    /// Whether a text field has the keyboard (it then gets keys first).
    pub fn editing(&self) -> bool {
        matches!(
            self.overlay,
            Some(Overlay::Input { .. } | Overlay::Jump { .. })
        ) || matches!(&self.screen, Screen::Session(s) if s.note.is_some())
            || matches!(&self.screen, Screen::Catalog(c) if c.searching)
    }

    /// The furthest the help overlay scrolls: its lines less the rows inside its frame.
    pub fn help_max_scroll(&self) -> u16 {
        let rows = usize::from(self.size.height.saturating_sub(2));
        u16::try_from(super::keys::help_line_count().saturating_sub(rows)).unwrap_or(u16::MAX)
    }

    /// The furthest the overview or the write's changes scroll: their lines less the rows
    /// inside their frame (both take the screen between the title bar and the key bar).
    pub fn overlay_max_scroll(&self) -> u16 {
        let rows = usize::from(self.size.height.saturating_sub(4));
        let width = self.size.width.saturating_sub(2);
        let lines = match &self.overlay {
            Some(Overlay::Overview { .. }) => self.session().map_or(0, |s| {
                let a = crate::engine::assess(&self.kb, &s.session);
                let input = s.overview_input(&a, self.today);
                crate::tui::sheets::overview_lines(&input, self.color, width).len()
            }),
            Some(Overlay::WriteDiff { changes, .. }) => {
                crate::tui::sheets::write_diff_lines(changes, &self.root, self.color, width).len()
            }
            _ => 0,
        };
        u16::try_from(lines.saturating_sub(rows)).unwrap_or(u16::MAX)
    }

    /// The furthest the review preview scrolls at this size: its last line at the bottom.
    pub fn preview_max_scroll(&self) -> u16 {
        use ratatui::widgets::{Paragraph, Wrap};
        let Some(s) = self.session() else { return 0 };
        let Some(cache) = &s.review else { return 0 };
        let Some(art) = cache.artifacts.get(s.artifact) else {
            return 0;
        };
        let [_, main, _] = geometry::session_columns(geometry::body(self.size), s.preview_full);
        let content = geometry::inner(main);
        let [_, preview] = geometry::review_split(content, review_head_len(s, content.height));
        let inner = geometry::inner(preview);
        let text = crate::tui::style::clean(&crate::export::files::final_text(art));
        let lines = Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .line_count(inner.width.max(1));
        geometry::max_scroll(lines, inner.height)
    }

    /// The furthest the advisor scrolls at this size.
    pub fn advisor_max_scroll(&self) -> u16 {
        let Some(s) = self.session() else { return 0 };
        let [_, _, advisor] = geometry::session_columns(geometry::body(self.size), false);
        let inner = geometry::inner(advisor);
        let a = crate::engine::assess(&self.kb, &s.session);
        let lines = crate::tui::sheets::advisor_lines(&a, self.today, self.color, inner.width);
        geometry::max_scroll(lines.len(), inner.height)
    }

    /// The furthest the catalog's entry scrolls at this size.
    pub fn catalog_max_scroll(&self) -> u16 {
        let Screen::Catalog(c) = &self.screen else {
            return 0;
        };
        let [_, _, detail] = geometry::catalog_columns(geometry::body(self.size));
        let inner = geometry::inner(detail);
        let lines = crate::tui::sheets::catalog_detail_lines(
            &self.kb,
            &c.query,
            c.cursor,
            self.color,
            usize::from(inner.width),
        );
        geometry::max_scroll(lines.len(), inner.height)
    }

    /// The terminal is too small to draw: the screen says so and only quitting works.
    pub fn too_small(&self) -> bool {
        self.size.width < MIN_WIDTH || self.size.height < MIN_HEIGHT
    }

    /// The panes on screen at this size, in Tab order: the step list and the advisor fold
    /// into the title bar on narrow terminals, and a folded pane cannot have the focus.
    pub fn panes(&self) -> Vec<Pane> {
        let mut panes = Vec::new();
        // The review preview over the whole screen leaves the main pane alone.
        let full = self
            .session()
            .is_some_and(|s| s.preview_full && s.kind() == StepKind::Review);
        if self.size.width >= STEPS_MIN_WIDTH && !full {
            panes.push(Pane::Steps);
        }
        panes.push(Pane::Main);
        if self.size.width >= ADVISOR_MIN_WIDTH && !full {
            panes.push(Pane::Advisor);
        }
        panes
    }

    pub fn session(&self) -> Option<&SessionScreen> {
        match &self.screen {
            Screen::Session(s) => Some(s),
            _ => None,
        }
    }
}

/// The rows above the review preview: the self-check line, the documents listed, the
/// selected one's findings (three at most), the write line and the stale line.
pub fn review_head_len(s: &SessionScreen, height: u16) -> u16 {
    let Some(cache) = &s.review else { return 0 };
    let rows = usize::from(height / 3).clamp(3, 12);
    let first = s.artifact.saturating_sub(rows - 1);
    let listed = cache.artifacts.len().saturating_sub(first).min(rows);
    let findings = cache.artifacts.get(s.artifact).map_or(0, |a| {
        cache
            .findings
            .iter()
            .filter(|f| f.path == a.path)
            .take(3)
            .count()
    });
    let stale = usize::from(!cache.staleness.stale.is_empty());
    u16::try_from(1 + listed + findings + 1 + stale).unwrap_or(u16::MAX)
}

/// The documents a write would produce, and the self-check's findings on them.
#[derive(Debug, Clone)]
pub struct ReviewCache {
    pub revision: u64,
    pub related: Vec<String>,
    pub artifacts: Vec<crate::export::artifacts::Artifact>,
    pub findings: Vec<crate::selfcheck::Finding>,
    /// The documents on disk that differ from these.
    pub staleness: crate::workflow::Staleness,
}
