//! The messages between `update` and the runner: the effects `update` asks for, the
//! actions (a person's commands and the results of effects) it receives, and what a
//! confirmation or a click leads to.

use super::*;

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
    /// Delete a channel, decision, runbook or launch and what was written in it.
    DeleteRecord {
        kind: crate::workflow::RecordKind,
        index: usize,
    },
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
    /// Work out what a write would change; `Action::Previewed`.
    PreviewWrite,
    /// Read which documents of the session's feature are on disk; `Action::DocsRead`.
    ReadDocs,
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
    /// What a write would change, file by file.
    Previewed(Result<Vec<crate::workflow::FileChange>, String>),
    /// The documents of the session's feature on disk.
    DocsRead(crate::workflow::WrittenDocs),
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
