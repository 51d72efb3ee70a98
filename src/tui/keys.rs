//! The one key table. Every binding lives here with its command and a one-line
//! description; the key bar and the help overlay are both drawn from it, so help cannot
//! drift from the real keys. Also the parser for scripted key sequences (`--keys`).
//! It runs past 600 lines because it is the whole table, one binding a line, with the
//! tests that keep it whole (context keys shadow global ones, every binding is in help).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a person asks for. Internal results (a save finished, a frame tick) are not
/// commands; they arrive as `Action`s of their own (see app.rs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Select,
    Toggle,
    Back,
    NextPane,
    PrevPane,
    NextStep,
    PrevStep,
    Help,
    Search,
    Save,
    Quit,
    Later,
    EditNote,
    EditOwner,
    EditDue,
    AddBundle,
    RemoveBundle,
    RecordAdr,
    Restart,
    TreeView,
    JumpAncestor(u8),
    Write,
    Confirm,
    Cancel,
    Catalog,
    Graph,
    AddStore,
    AddFlow,
    Cycle,
    EditEntities,
    Delete,
    Basics,
    /// Follow the numbered link (a catalog entry or a place in the decision graph).
    FollowLink(u8),
    /// Leave learn mode at once, however deep in the graph.
    Leave,
    /// The review overview: tier, findings, TBDs and stale documents.
    Overview,
    /// Jump to a question by searching its text (or to a catalog entry).
    Jump,
    /// The review preview over the whole screen, and back.
    Zoom,
    /// Add a record (a channel, a decision, a runbook, a launch).
    Add,
    /// A question: choices mark what the system does today instead of the target.
    MarkToday,
    /// A store or flow: unchanged → added → removed by the design.
    CycleChange,
    /// A text field: the whole screen to write in, and back.
    FullScreen,
}

impl Command {
    /// Commands that only mean something in a session (panes and steps).
    pub fn needs_session(self) -> bool {
        matches!(
            self,
            Command::NextPane | Command::PrevPane | Command::NextStep | Command::PrevStep
        )
    }
}

/// Where the focus is, which decides which bindings apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    Start,
    Steps,
    Question,
    Graph,
    /// Learn mode: the decision graph without a session.
    Learn,
    Evidence,
    Inventory,
    Review,
    Advisor,
    Catalog,
    Confirm,
    Help,
    /// The design's basics (problem, TL;DR, goals, owner, SLO, dependencies).
    Basics,
    /// A list of records: channels, decisions, runbooks or launches.
    Records,
    /// A record's form: one field a line.
    Form,
    /// A text field has the keyboard: these keys leave it; every other key is typed.
    NoteField,
    /// A field of a form or of the basics: Esc keeps what was typed.
    FieldEditor,
    SearchField,
    InputField,
    /// Searching for a question (or a catalog entry) to jump to: typed keys search.
    JumpField,
    /// The review overview shown when a session or an example opens.
    Overview,
    /// The changes a write will make, before it is confirmed.
    WriteDiff,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Start => "Start screen",
            Context::Steps => "Step list",
            Context::Question => "A question",
            Context::Graph => "Decision graph",
            Context::Learn => "Learn mode: the decision graph",
            Context::Evidence => "Evidence (tier gates)",
            Context::Inventory => "Stores and flows",
            Context::Review => "Review and export",
            Context::Advisor => "Advisor panel",
            Context::Catalog => "Catalog",
            Context::Confirm => "A question to confirm",
            Context::Help => "Help",
            Context::Basics => "The design's basics",
            Context::Records => "Channels, decisions, runbooks, launches",
            Context::Form => "A channel's, decision's, runbook's or launch's form",
            Context::NoteField => "Writing a note (other keys are typed)",
            Context::FieldEditor => "Writing a field (other keys are typed)",
            Context::SearchField => "Typing a catalog search",
            Context::InputField => "A one-line field",
            Context::JumpField => "Jumping to a question (type to search)",
            Context::Overview => "Review overview",
            Context::WriteDiff => "The changes a write will make",
        }
    }
}

/// A key as written in the table and in scripts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn ch(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}
const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub command: Command,
    pub desc: &'static str,
    /// Shown in the bottom key bar (the help overlay shows every binding).
    pub bar: bool,
}

const fn b(
    context: Context,
    keys: &'static [Key],
    command: Command,
    desc: &'static str,
    bar: bool,
) -> Binding {
    Binding {
        context,
        keys,
        command,
        desc,
        bar,
    }
}

use Command as C;
use Context as X;

#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    // Everywhere.
    b(X::Global, &[ch('?'), code(KeyCode::F(1))], C::Help, "help: every key", true),
    b(X::Global, &[ctrl('s')], C::Save, "save now", false),
    b(X::Global, &[ch('q'), ctrl('c')], C::Quit, "quit (saves first)", true),
    b(X::Global, &[code(KeyCode::Tab)], C::NextPane, "next pane", true),
    b(X::Global, &[code(KeyCode::BackTab)], C::PrevPane, "previous pane", false),
    b(X::Global, &[code(KeyCode::Up), ch('k')], C::Up, "move up", false),
    b(X::Global, &[code(KeyCode::Down), ch('j')], C::Down, "move down", false),
    b(X::Global, &[code(KeyCode::Left), ch('h')], C::Left, "left / previous", false),
    b(X::Global, &[code(KeyCode::Right), ch('l')], C::Right, "right / next", false),
    b(X::Global, &[code(KeyCode::PageUp)], C::PageUp, "page up", false),
    b(X::Global, &[code(KeyCode::PageDown)], C::PageDown, "page down", false),
    b(X::Global, &[code(KeyCode::Home), ch('g')], C::Top, "first item", false),
    b(X::Global, &[code(KeyCode::End), ch('G')], C::Bottom, "last item", false),
    b(X::Global, &[code(KeyCode::Enter)], C::Select, "open / choose", true),
    b(X::Global, &[code(KeyCode::Esc)], C::Back, "back", true),
    b(X::Global, &[ch('/')], C::Search, "search the catalog", true),
    // Start screen.
    b(X::Start, &[ch('c')], C::Catalog, "learn: browse the catalog", false),
    b(X::Start, &[ch('t')], C::Graph, "learn: browse the decision graph", false),
    // A question.
    b(X::Question, &[code(KeyCode::Char(' '))], C::Toggle, "pick / unpick", true),
    b(X::Question, &[code(KeyCode::Enter)], C::Select, "pick and next", true),
    b(X::Question, &[ch('t')], C::Later, "later / TBD", true),
    b(X::Question, &[ch('m')], C::MarkToday, "mark target ⇄ today", true),
    b(X::Steps, &[ch('b')], C::Basics, "basics: problem, TL;DR, goals, SLO", true),
    b(X::Review, &[ch('b')], C::Basics, "basics: problem, TL;DR, goals, SLO", false),
    b(X::Evidence, &[ch('b')], C::Basics, "basics: problem, TL;DR, goals, SLO", false),
    b(X::Inventory, &[ch('b')], C::Basics, "basics: problem, TL;DR, goals, SLO", false),
    b(X::Advisor, &[ch('b')], C::Basics, "basics: problem, TL;DR, goals, SLO", false),
    b(X::Question, &[ch('e'), ch('i')], C::EditNote, "edit the note", true),
    b(X::Question, &[ch('b')], C::Basics, "basics: problem, TL;DR, goals, SLO", true),
    b(X::Question, &[ch('o')], C::EditOwner, "set the TBD owner", false),
    b(X::Question, &[ch('d')], C::EditDue, "set the TBD due date", false),
    // The decision graph.
    b(X::Graph, &[code(KeyCode::Enter), code(KeyCode::Right), ch('l')], C::Select, "follow the option", true),
    b(X::Graph, &[code(KeyCode::Backspace), code(KeyCode::Left), ch('h')], C::Left, "back one step", true),
    b(X::Graph, &[ch('a')], C::AddBundle, "add the bundle", true),
    b(X::Graph, &[ch('x')], C::RemoveBundle, "remove this bundle from the design", false),
    b(X::Graph, &[code(KeyCode::Char(' '))], C::Toggle, "keep / drop the pattern (an added bundle)", false),
    b(X::Graph, &[ch('A')], C::RecordAdr, "record an ADR for this bundle (again: no ADR)", false),
    b(X::Graph, &[ch('r')], C::Restart, "another problem", true),
    b(X::Graph, &[ch('v')], C::TreeView, "paths taken", true),
    b(X::Graph, &[ch('1'), ch('2'), ch('3'), ch('4'), ch('5'), ch('6'), ch('7'), ch('8'), ch('9')], C::JumpAncestor(0), "jump to that breadcrumb", false),
    // Learn mode: the graph without a session (nothing here changes a design).
    b(X::Learn, &[code(KeyCode::Enter), code(KeyCode::Right), ch('l')], C::Select, "follow / open pattern", true),
    b(X::Learn, &[code(KeyCode::Backspace), code(KeyCode::Left), ch('h')], C::Left, "back one step", true),
    b(X::Learn, &[code(KeyCode::Esc)], C::Leave, "leave learn mode", true),
    b(X::Learn, &[ch('r')], C::Restart, "another problem", true),
    b(X::Learn, &[ch('1'), ch('2'), ch('3'), ch('4'), ch('5'), ch('6'), ch('7'), ch('8'), ch('9')], C::JumpAncestor(0), "jump to that breadcrumb", false),
    // Evidence.
    b(X::Evidence, &[code(KeyCode::Char(' ')), code(KeyCode::Enter)], C::Toggle, "mark met / not met", true),
    // Stores and flows (integration architecture).
    b(X::Inventory, &[ch('s')], C::AddStore, "add a store", true),
    b(X::Inventory, &[ch('f')], C::AddFlow, "add a flow", true),
    b(X::Inventory, &[code(KeyCode::Char(' '))], C::Toggle, "role / mechanism", true),
    b(X::Inventory, &[ch('o')], C::Cycle, "flow ordering", true),
    b(X::Inventory, &[ch('e')], C::EditEntities, "entities", true),
    b(X::Inventory, &[ch('c')], C::CycleChange, "today → target: unchanged, added, removed", true),
    b(X::Inventory, &[ch('x'), code(KeyCode::Delete)], C::Delete, "delete", false),
    // Channels, decisions, runbooks, launches.
    b(X::Records, &[ch('a')], C::Add, "add", true),
    b(X::Records, &[code(KeyCode::Enter)], C::Select, "open its form", true),
    b(X::Records, &[ch('x'), code(KeyCode::Delete)], C::Delete, "delete (asks first)", true),
    b(X::Records, &[ch('b')], C::Basics, "basics: problem, TL;DR, goals, SLO", false),
    b(X::Form, &[code(KeyCode::Enter)], C::Select, "write / next choice", true),
    b(X::Form, &[code(KeyCode::Char(' '))], C::Toggle, "next value (a choice)", true),
    b(X::Form, &[code(KeyCode::Down), ch('j')], C::Down, "next field", false),
    b(X::Form, &[code(KeyCode::Up), ch('k')], C::Up, "previous field", false),
    b(X::Form, &[code(KeyCode::Home), ch('g')], C::Top, "first field", false),
    b(X::Form, &[code(KeyCode::End), ch('G')], C::Bottom, "last field", false),
    b(X::Form, &[code(KeyCode::Esc)], C::Back, "close (every field is kept)", true),
    // Review and export.
    b(X::Review, &[ch('w')], C::Write, "write every document", true),
    b(X::Review, &[code(KeyCode::Right), ch('l')], C::Right, "next document", true),
    b(X::Review, &[code(KeyCode::Left), ch('h')], C::Left, "previous document", false),
    b(X::Review, &[ch('z')], C::Zoom, "preview full screen / back", true),
    // In a session, / searches the session's questions as well as the catalog.
    b(X::Steps, &[ch('/')], C::Jump, "find a question", true),
    b(X::Question, &[ch('/')], C::Jump, "find a question", true),
    b(X::Graph, &[ch('/')], C::Jump, "find a question", false),
    b(X::Evidence, &[ch('/')], C::Jump, "find a question", false),
    b(X::Inventory, &[ch('/')], C::Jump, "find a question", false),
    b(X::Review, &[ch('/')], C::Jump, "find a question", false),
    b(X::Advisor, &[ch('/')], C::Jump, "find a question", false),
    b(X::Steps, &[ch('O')], C::Overview, "overview: tier, findings, TBDs", true),
    b(X::Question, &[ch('O')], C::Overview, "overview: tier, findings, TBDs", false),
    b(X::Graph, &[ch('O')], C::Overview, "overview: tier, findings, TBDs", false),
    b(X::Evidence, &[ch('O')], C::Overview, "overview: tier, findings, TBDs", false),
    b(X::Inventory, &[ch('O')], C::Overview, "overview: tier, findings, TBDs", false),
    b(X::Review, &[ch('O')], C::Overview, "overview: tier, findings, TBDs", false),
    b(X::Advisor, &[ch('O')], C::Overview, "overview: tier, findings, TBDs", false),
    b(X::Global, &[ch(']')], C::NextStep, "next step", true),
    b(X::Global, &[ch('[')], C::PrevStep, "previous step", false),
    // Catalog.
    b(X::Catalog, &[ch('/')], C::Search, "type to search", true),
    b(X::Catalog, &[ch('1'), ch('2'), ch('3'), ch('4'), ch('5'), ch('6'), ch('7'), ch('8'), ch('9')], C::FollowLink(0), "follow that link [n]", false),
    // The advisor panel.
    b(X::Advisor, &[code(KeyCode::Down), ch('j')], C::Down, "scroll the advisor", true),
    b(X::Advisor, &[code(KeyCode::Up), ch('k')], C::Up, "scroll back", false),
    b(X::Advisor, &[code(KeyCode::Esc), code(KeyCode::Left), ch('h')], C::Back, "back to the step", true),
    b(X::Advisor, &[ch('1'), ch('2'), ch('3'), ch('4'), ch('5'), ch('6'), ch('7'), ch('8'), ch('9')], C::FollowLink(0), "open [n] in the catalog", true),
    // The review overview.
    b(X::Overview, &[code(KeyCode::Enter), code(KeyCode::Esc), ch('O')], C::Back, "close the overview", true),
    b(X::Overview, &[code(KeyCode::Down), ch('j')], C::Down, "scroll", true),
    b(X::Overview, &[code(KeyCode::Up), ch('k')], C::Up, "scroll back", false),
    b(X::Overview, &[code(KeyCode::PageDown)], C::PageDown, "page down", false),
    b(X::Overview, &[code(KeyCode::PageUp)], C::PageUp, "page up", false),
    b(X::Overview, &[code(KeyCode::Home), ch('g')], C::Top, "to the top", false),
    b(X::Overview, &[code(KeyCode::End), ch('G')], C::Bottom, "to the end", false),
    // The changes a write will make.
    b(X::WriteDiff, &[ch('y'), code(KeyCode::Enter)], C::Confirm, "write these changes", true),
    b(X::WriteDiff, &[ch('n'), code(KeyCode::Esc)], C::Cancel, "cancel: write nothing", true),
    b(X::WriteDiff, &[code(KeyCode::Down), ch('j')], C::Down, "scroll", true),
    b(X::WriteDiff, &[code(KeyCode::Up), ch('k')], C::Up, "scroll back", false),
    b(X::WriteDiff, &[code(KeyCode::PageDown), code(KeyCode::Char(' '))], C::PageDown, "page down", true),
    b(X::WriteDiff, &[code(KeyCode::PageUp)], C::PageUp, "page up", false),
    b(X::WriteDiff, &[code(KeyCode::Home), ch('g')], C::Top, "to the top", false),
    b(X::WriteDiff, &[code(KeyCode::End), ch('G')], C::Bottom, "to the end", false),
    // Confirmation.
    b(X::Confirm, &[ch('y'), code(KeyCode::Enter)], C::Confirm, "yes", true),
    b(X::Confirm, &[ch('n'), code(KeyCode::Esc)], C::Cancel, "no", true),
    // Help.
    b(X::Help, &[code(KeyCode::Esc), ch('?'), ch('q')], C::Back, "close help", true),
    b(X::Basics, &[code(KeyCode::Enter)], C::Select, "edit this field", true),
    b(X::Basics, &[code(KeyCode::Esc), ch('b')], C::Back, "close", true),
    b(X::Basics, &[code(KeyCode::Down), ch('j')], C::Down, "next field", false),
    b(X::Basics, &[code(KeyCode::Up), ch('k')], C::Up, "previous field", false),
    b(X::Help, &[code(KeyCode::Down), ch('j')], C::Down, "scroll", true),
    b(X::Help, &[code(KeyCode::Up), ch('k')], C::Up, "scroll back", false),
    b(X::Help, &[code(KeyCode::PageDown)], C::PageDown, "page down", false),
    b(X::Help, &[code(KeyCode::PageUp)], C::PageUp, "page up", false),
    b(X::Help, &[code(KeyCode::Home), ch('g')], C::Top, "to the top", false),
    b(X::Help, &[code(KeyCode::End), ch('G')], C::Bottom, "to the end", false),
    // Text fields: these keys leave or confirm; every other key is typed.
    b(X::NoteField, &[code(KeyCode::Esc)], C::Back, "finish the note", true),
    b(X::NoteField, &[ctrl('s')], C::Save, "save", true),
    b(X::NoteField, &[ctrl('o'), code(KeyCode::F(2))], C::FullScreen, "full-screen editor ⇄ box", true),
    b(X::NoteField, &[ctrl('c')], C::Quit, "quit (saves first)", true),
    b(X::FieldEditor, &[code(KeyCode::Enter)], C::Confirm, "set (and on to the next field)", true),
    b(X::FieldEditor, &[code(KeyCode::Esc)], C::Back, "keep what is typed and close", true),
    b(X::FieldEditor, &[ctrl('o'), code(KeyCode::F(2))], C::FullScreen, "full-screen editor ⇄ box", true),
    b(X::FieldEditor, &[ctrl('c')], C::Quit, "quit (keeps the field, saves first)", false),
    b(X::SearchField, &[code(KeyCode::Enter), code(KeyCode::Esc), code(KeyCode::Down)], C::Back, "done searching", true),
    b(X::SearchField, &[ctrl('c')], C::Quit, "quit", true),
    b(X::InputField, &[code(KeyCode::Enter)], C::Confirm, "set", true),
    b(X::InputField, &[code(KeyCode::Esc)], C::Cancel, "cancel", true),
    b(X::InputField, &[ctrl('c')], C::Quit, "quit", false),
    b(X::JumpField, &[code(KeyCode::Enter)], C::Select, "go to it", true),
    b(X::JumpField, &[code(KeyCode::Esc)], C::Back, "cancel", true),
    b(X::JumpField, &[code(KeyCode::Down)], C::Down, "next match", true),
    b(X::JumpField, &[code(KeyCode::Up)], C::Up, "previous match", false),
    b(X::JumpField, &[ctrl('c')], C::Quit, "quit", false),
];

impl Key {
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl != self.ctrl {
            return false;
        }
        match (self.code, ev.code) {
            // Terminals report Shift+letter as the upper-case letter, sometimes with SHIFT set.
            (KeyCode::Char(a), KeyCode::Char(b)) => a == b,
            (a, b) => a == b,
        }
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl { format!("C-{base}") } else { base }
    }
}

/// The command a key means in `context` (its own bindings first, then the global ones).
/// `JumpAncestor` carries the digit pressed.
pub fn lookup(context: Context, ev: &KeyEvent) -> Option<Command> {
    let find = |ctx: Context| {
        BINDINGS
            .iter()
            .find(|b| b.context == ctx && b.keys.iter().any(|k| k.matches(ev)))
            .map(|b| match (b.command, ev.code) {
                (Command::JumpAncestor(_), KeyCode::Char(d)) => {
                    Command::JumpAncestor(d.to_digit(10).unwrap_or(1) as u8)
                }
                (Command::FollowLink(_), KeyCode::Char(d)) => {
                    Command::FollowLink(d.to_digit(10).unwrap_or(1) as u8)
                }
                (c, _) => c,
            })
    };
    match context {
        // Text fields take their own keys only; everything else is typed.
        Context::NoteField
        | Context::SearchField
        | Context::InputField
        | Context::FieldEditor
        | Context::JumpField => find(context),
        // Overlays take their own keys only, plus quitting.
        Context::Help
        | Context::Confirm
        | Context::Basics
        | Context::Form
        | Context::Overview
        | Context::WriteDiff => find(context).or_else(|| {
            let quit = BINDINGS
                .iter()
                .find(|b| b.command == Command::Quit)
                .unwrap();
            (ev.modifiers.contains(KeyModifiers::CONTROL)
                && quit.keys.iter().any(|k| k.ctrl && k.matches(ev)))
            .then_some(Command::Quit)
        }),
        Context::Start | Context::Catalog | Context::Learn => {
            find(context).or_else(|| find(Context::Global).filter(|c| !c.needs_session()))
        }
        _ => find(context).or_else(|| find(Context::Global)),
    }
}

/// The bindings for the key bar in `context`: its own first, then the global ones not
/// shadowed by it.
pub fn bar(context: Context) -> Vec<(String, &'static str)> {
    let own: Vec<&Binding> = BINDINGS
        .iter()
        .filter(|b| b.context == context && b.bar)
        .collect();
    let mut out: Vec<(String, &'static str)> =
        own.iter().map(|b| (b.keys[0].label(), b.desc)).collect();
    if !matches!(
        context,
        Context::Help
            | Context::Confirm
            | Context::NoteField
            | Context::SearchField
            | Context::InputField
            | Context::JumpField
            | Context::Overview
            | Context::WriteDiff
            | Context::FieldEditor
            | Context::Form
    ) {
        // Outside a session there are no panes or steps: those keys are not offered.
        let sessionless = matches!(context, Context::Start | Context::Catalog | Context::Learn);
        for g in BINDINGS.iter().filter(|b| {
            b.context == Context::Global && b.bar && !(sessionless && b.command.needs_session())
        }) {
            if !own
                .iter()
                .any(|o| o.keys.iter().any(|k| g.keys.contains(k)))
            {
                out.push((g.keys[0].label(), g.desc));
            }
        }
    }
    out
}

/// Every binding grouped by context, for the help overlay.
/// The number of lines the help overlay shows: a title, the rows and a gap per context,
/// and the closing line.
pub fn help_line_count() -> usize {
    help_sections()
        .iter()
        .map(|(_, rows)| rows.len() + 2)
        .sum::<usize>()
        + 1
}

pub fn help_sections() -> Vec<(Context, Vec<(String, &'static str)>)> {
    let mut sections: Vec<(Context, Vec<(String, &'static str)>)> = Vec::new();
    for binding in BINDINGS {
        let keys = binding
            .keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join(" ");
        match sections.iter_mut().find(|(c, _)| *c == binding.context) {
            Some((_, rows)) => rows.push((keys, binding.desc)),
            None => sections.push((binding.context, vec![(keys, binding.desc)])),
        }
    }
    sections
}

/// Parses a key script: plain characters are keys, `<Name>` a named key (`<Enter>`,
/// `<Esc>`, `<Tab>`, `<S-Tab>`, `<Up>`, `<Down>`, `<Left>`, `<Right>`, `<Space>`,
/// `<BS>`, `<Del>`, `<Home>`, `<End>`, `<PgUp>`, `<PgDn>`, `<F1>`..`<F12>`, `<lt>` for
/// '<', `<C-x>` for Ctrl+x). Whitespace other than within `<...>` is ignored, so
/// scripts can be laid out on several lines; type a space with `<Space>`.
pub fn parse_script(script: &str) -> Result<Vec<KeyEvent>, String> {
    let mut out = Vec::new();
    let mut chars = script.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c != '<' {
            out.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            continue;
        }
        let mut name = String::new();
        loop {
            match chars.next() {
                Some((_, '>')) => break,
                Some((_, c)) => name.push(c),
                None => {
                    // `i` is a byte offset; the message counts characters.
                    return Err(format!(
                        "unclosed '<' at character {} of the key script",
                        script[..i].chars().count() + 1
                    ));
                }
            }
        }
        let lower = name.to_ascii_lowercase();
        let ev = |code| KeyEvent::new(code, KeyModifiers::NONE);
        let key = match lower.as_str() {
            "enter" | "cr" | "return" => ev(KeyCode::Enter),
            "esc" | "escape" => ev(KeyCode::Esc),
            "tab" => ev(KeyCode::Tab),
            "s-tab" | "backtab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
            "up" => ev(KeyCode::Up),
            "down" => ev(KeyCode::Down),
            "left" => ev(KeyCode::Left),
            "right" => ev(KeyCode::Right),
            "space" => ev(KeyCode::Char(' ')),
            "bs" | "backspace" => ev(KeyCode::Backspace),
            "del" | "delete" => ev(KeyCode::Delete),
            "home" => ev(KeyCode::Home),
            "end" => ev(KeyCode::End),
            "pgup" | "pageup" => ev(KeyCode::PageUp),
            "pgdn" | "pagedown" => ev(KeyCode::PageDown),
            "lt" => ev(KeyCode::Char('<')),
            "gt" => ev(KeyCode::Char('>')),
            f if f.starts_with('f')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                ev(KeyCode::F(f[1..].parse().unwrap()))
            }
            c if c.starts_with("c-") && name.chars().count() == 3 => KeyEvent::new(
                KeyCode::Char(name.chars().nth(2).unwrap().to_ascii_lowercase()),
                KeyModifiers::CONTROL,
            ),
            _ => {
                return Err(format!(
                    "unknown key <{name}> in the key script (see design-advisor --help)"
                ));
            }
        };
        out.push(key);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_parse_named_and_plain_keys() {
        let keys = parse_script("jj<Enter> <C-s>\n<lt>q").unwrap();
        let codes: Vec<_> = keys.iter().map(|k| (k.code, k.modifiers)).collect();
        assert_eq!(
            codes,
            vec![
                (KeyCode::Char('j'), KeyModifiers::NONE),
                (KeyCode::Char('j'), KeyModifiers::NONE),
                (KeyCode::Enter, KeyModifiers::NONE),
                (KeyCode::Char('s'), KeyModifiers::CONTROL),
                (KeyCode::Char('<'), KeyModifiers::NONE),
                (KeyCode::Char('q'), KeyModifiers::NONE),
            ]
        );
        assert!(
            parse_script("<Nope>")
                .unwrap_err()
                .contains("unknown key <Nope>")
        );
        assert!(parse_script("ab<Enter").unwrap_err().contains("unclosed"));
    }

    #[test]
    fn context_bindings_shadow_global_ones() {
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(lookup(Context::Evidence, &enter), Some(Command::Toggle));
        assert_eq!(lookup(Context::Steps, &enter), Some(Command::Select));
        let five = KeyEvent::new(KeyCode::Char('5'), KeyModifiers::NONE);
        assert_eq!(
            lookup(Context::Graph, &five),
            Some(Command::JumpAncestor(5))
        );
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(lookup(Context::Help, &q), Some(Command::Back));
        let cc = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Context::Confirm, &cc), Some(Command::Quit));
        assert_eq!(lookup(Context::Form, &cc), Some(Command::Quit));
        // A field being written takes letters as text; Esc keeps it, C-o fills the screen.
        let a = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
        assert_eq!(lookup(Context::FieldEditor, &a), None);
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(lookup(Context::FieldEditor, &esc), Some(Command::Back));
        let co = KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Context::FieldEditor, &co), Some(Command::FullScreen));
        assert_eq!(lookup(Context::NoteField, &co), Some(Command::FullScreen));
        assert_eq!(lookup(Context::Records, &a), Some(Command::Add));
    }

    #[test]
    fn every_context_has_a_key_bar_and_help_lists_every_binding() {
        for ctx in [
            Context::Start,
            Context::Steps,
            Context::Question,
            Context::Graph,
            Context::Evidence,
            Context::Inventory,
            Context::Review,
            Context::Catalog,
            Context::Confirm,
            Context::Help,
            Context::Records,
            Context::Form,
            Context::FieldEditor,
            Context::NoteField,
            Context::Learn,
            Context::JumpField,
            Context::Overview,
            Context::WriteDiff,
        ] {
            assert!(!bar(ctx).is_empty(), "{ctx:?}");
        }
        // Outside a session, no key for panes or steps is offered or taken.
        for ctx in [Context::Start, Context::Catalog, Context::Learn] {
            assert!(
                bar(ctx)
                    .iter()
                    .all(|(_, d)| !d.contains("pane") && !d.contains("next step")),
                "{ctx:?}: {:?}",
                bar(ctx)
            );
            let tab = KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE);
            assert_eq!(lookup(ctx, &tab), None, "{ctx:?}");
        }
        let rows: usize = help_sections().iter().map(|(_, r)| r.len()).sum();
        assert_eq!(rows, BINDINGS.len());
    }
}
