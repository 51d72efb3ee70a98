//! The workflow layer: the rules of a design session that every front end shares. The
//! terminal and the command line call it; it has no terminal and no command-line code.
//!
//! - `plan` and `progress`: the steps each mode walks and how far a session has come;
//! - `edit`: every change to a session as a typed operation, with the session's rules
//!   (`records` parses the fields of channels, decisions, runbooks and launches; `error`
//!   says why an edit was refused);
//! - `file`: opening and saving without lost updates, copies, backups and fallbacks;
//! - `publish`: plan, self-check and write the artifacts, with a typed outcome;
//! - `gate`: the CI policy `check` applies;
//! - `stale` and `diff`: which written documents the session has moved away from, and what
//!   a write would change, line by line.

pub mod diff;
pub mod edit;
pub mod error;
pub mod file;
pub mod gate;
pub mod progress;
pub mod publish;
pub mod records;
pub mod stale;

pub use crate::engine::plan;
pub use crate::session::RecordKind;
pub use diff::{DiffLine, FileChange, FileState};
pub use edit::{BasicField, Change, Edit, EditError, InventoryItem, apply};
pub use file::{Kept, Opened, SaveOutcome, SessionFile};
pub use publish::{HandEdit, Published, publish};
pub use records::{Input, RecordField};
pub use stale::{Staleness, WrittenDocs};

use crate::kb::KnowledgeBase;
use std::path::{Path, PathBuf};

/// A session found on disk, for a start screen or a listing.
#[derive(Clone, Debug)]
pub struct FoundSession {
    pub path: PathBuf,
    pub feature: String,
    /// Tier name and TBD count, or the reason it could not be read.
    pub summary: Result<(String, usize), String>,
    /// The generated documents that are stale against the session (or edited by hand).
    pub stale: Staleness,
}

/// The sessions under `root`'s docs/features/, each with its tier and TBD count (or why it
/// could not be read).
pub fn find_sessions(kb: &KnowledgeBase, root: &Path) -> Vec<FoundSession> {
    file::session_paths(root)
        .into_iter()
        .map(|path| match crate::session::load(&path) {
            Ok(s) => {
                let a = crate::engine::assess(kb, &s);
                let stale = stale::check(kb, &s, &file::output_root(&path, root));
                FoundSession {
                    path,
                    feature: s.feature.clone(),
                    summary: Ok((a.tier.earned_name(), a.tbds.len())),
                    stale,
                }
            }
            Err(e) => FoundSession {
                path,
                feature: String::new(),
                summary: Err(e.to_string()),
                stale: Staleness::default(),
            },
        })
        .collect()
}
