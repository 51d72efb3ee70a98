//! Which generated documents are stale: the session changed since they were written.
//!
//! A write records a fingerprint of the session it wrote from (a hash of the session's
//! canonical TOML, so layout and comments in the file do not count) in the feature
//! folder. While the session still has that fingerprint nothing is stale and nothing needs
//! rendering, which keeps the check cheap enough for every session on the start screen.
//! Once it differs, the documents are rendered and compared with the files on disk, so
//! only those a write would really change are named, and a file edited by hand is named
//! as such rather than as stale.

use crate::export::artifacts::Artifact;
use crate::export::files;
use crate::kb::KnowledgeBase;
use crate::session::{self, Session};
use std::collections::BTreeMap;
use std::path::Path;

/// Where a write records the fingerprint of the session it wrote from.
pub const RECORD_FILE: &str = ".design-advisor-session";

/// The session's fingerprint: the hash of its canonical TOML.
pub fn fingerprint(session: &Session) -> u64 {
    files::fnv1a64(session::to_toml(session).as_bytes())
}

/// Records, in the feature folder `dir`, that its documents were written from `session`.
pub fn record(dir: &Path, session: &Session) -> std::io::Result<()> {
    let text = format!(
        "# The session design-advisor last wrote these documents from, to tell when they are stale.\n{:016x}\n",
        fingerprint(session)
    );
    session::write_atomic_unsynced(&dir.join(RECORD_FILE), text.as_bytes())
}

/// A generated document found on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocOnDisk {
    /// The hash of its content.
    pub hash: u64,
    /// Changed by hand since it was generated (its stamp or recorded hash disagrees).
    pub by_hand: bool,
}

/// What a feature folder holds of the documents written from its session: read when a
/// session opens and after each write, so the terminal can tell staleness without I/O.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WrittenDocs {
    /// The fingerprint recorded by the last write; `None` before any (or an older one).
    pub fingerprint: Option<u64>,
    /// The documents on disk, by path relative to the feature folder.
    pub files: BTreeMap<String, DocOnDisk>,
}

impl WrittenDocs {
    /// Reads what the feature `slug` under `root` holds.
    pub fn read(root: &Path, slug: &str) -> WrittenDocs {
        let Ok(dir) = files::feature_dir(root, slug) else {
            return WrittenDocs::default();
        };
        let fingerprint = std::fs::read_to_string(dir.join(RECORD_FILE))
            .ok()
            .and_then(|t| {
                t.lines()
                    .find(|l| !l.starts_with('#') && !l.trim().is_empty())
                    .and_then(|l| u64::from_str_radix(l.trim(), 16).ok())
            });
        let recorded = files::recorded_hashes(&dir);
        let mut names = files::related_files(&dir);
        names.push("design.md".to_string());
        let files = names
            .into_iter()
            .filter_map(|rel| {
                let bytes = std::fs::read(dir.join(&rel)).ok()?;
                let by_hand = if rel.ends_with(".md") {
                    // An intact stamp says the file is as it was generated.
                    files::on_disk(&dir.join(&rel), "") == files::OnDisk::HandEdited
                } else {
                    recorded.get(&rel).copied() != Some(files::fnv1a64(&bytes))
                };
                let hash = files::fnv1a64(&bytes);
                Some((rel, DocOnDisk { hash, by_hand }))
            })
            .collect();
        WrittenDocs { fingerprint, files }
    }

    /// Whether the documents were last written from exactly this session (or none were
    /// written): then nothing is stale and nothing needs rendering.
    pub fn current_for(&self, session: &Session) -> bool {
        self.files.is_empty() || self.fingerprint == Some(fingerprint(session))
    }
}

/// The documents on disk that differ from what the session would write now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Staleness {
    /// Written by design-advisor from an earlier state of the session.
    pub stale: Vec<String>,
    /// Edited by hand since they were generated, and different from what a write would
    /// put there.
    pub by_hand: Vec<String>,
}

impl Staleness {
    pub fn is_empty(&self) -> bool {
        self.stale.is_empty() && self.by_hand.is_empty()
    }
}

/// Compares the documents on disk with `artifacts`, the documents the session renders now.
pub fn compare(docs: &WrittenDocs, session: &Session, artifacts: &[Artifact]) -> Staleness {
    let mut out = Staleness::default();
    if docs.current_for(session) {
        return out;
    }
    for a in artifacts {
        let Some(doc) = docs.files.get(&a.path) else {
            continue;
        };
        if doc.hash == files::fnv1a64(files::final_text(a).as_bytes()) {
            continue;
        }
        if doc.by_hand {
            out.by_hand.push(a.path.clone());
        } else {
            out.stale.push(a.path.clone());
        }
    }
    out
}

/// The staleness of the documents of `session`, whose output root is `root`: cheap while
/// the session is unchanged since the last write, a render of its documents otherwise.
pub fn check(kb: &KnowledgeBase, session: &Session, root: &Path) -> Staleness {
    let docs = WrittenDocs::read(root, &session.slug);
    if docs.current_for(session) {
        return Staleness::default();
    }
    let existing = super::file::related(root, &session.slug);
    let artifacts = crate::export::artifacts::render_all(kb, session, &existing);
    compare(&docs, session, &artifacts)
}
