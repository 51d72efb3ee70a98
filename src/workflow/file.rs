//! A session file while it is open: reading it, saving it without ever overwriting a change
//! made by someone else (a second design-advisor, an editor, a `git pull`, an `rm`),
//! copies, backups and the fallback when the folder cannot be written.

use crate::export::files;
use crate::kb::KnowledgeBase;
use crate::session::{self, Date, Mode, Session};
use std::path::{Path, PathBuf};

/// An open session file: its path and its text as last read or written by us.
#[derive(Debug)]
pub struct SessionFile {
    path: PathBuf,
    known: String,
}

/// A session read from disk, ready to work on.
#[derive(Debug)]
pub struct Opened {
    pub file: SessionFile,
    pub session: Session,
    /// The artifacts of this feature that exist on disk, relative to its folder.
    pub related: Vec<String>,
}

/// What a save did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved(PathBuf),
    /// The file changed on disk since we read or wrote it: nothing was written.
    ChangedOnDisk(PathBuf),
    /// The file was deleted since we read or wrote it: nothing was written.
    Deleted(PathBuf),
    /// Writing failed; `fallback` is where a copy could go instead.
    Failed {
        error: String,
        fallback: PathBuf,
    },
}

/// What keeping the file on disk (and our answers in a copy) did.
#[derive(Debug)]
pub struct Kept {
    /// Where our answers went, or why they could not be saved there.
    pub copy: Result<PathBuf, String>,
    /// The session as it is on disk now, to work on from here; or why it cannot be read.
    pub theirs: Result<Session, String>,
}

impl SessionFile {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens a session file: it must parse and match the knowledge base.
    pub fn open(kb: &KnowledgeBase, path: &Path, root: &Path) -> Result<Opened, String> {
        let text = read(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        let session = session::load_str(&text, &path.display().to_string())
            .map_err(|e| format!("cannot open: {e} (the file was left untouched)"))?;
        let problems = session.problems(kb);
        if !problems.is_empty() {
            return Err(format!(
                "{} does not match the knowledge base: {}",
                path.display(),
                problems.join("; ")
            ));
        }
        let related = related(&output_root(path, root), &session.slug);
        Ok(Opened {
            file: SessionFile {
                path: path.to_path_buf(),
                known: text,
            },
            session,
            related,
        })
    }

    /// Saves the session unless the file changed or vanished since we last read or wrote
    /// it; then nothing is written and the caller asks the person what to do.
    pub fn save(&mut self, session: &Session, revision: u64) -> SaveOutcome {
        match read(&self.path) {
            Ok(now) if now != self.known => return SaveOutcome::ChangedOnDisk(self.path.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return SaveOutcome::Deleted(self.path.clone());
            }
            _ => {}
        }
        self.overwrite(session, revision)
    }

    /// Writes the session whatever is on disk: the person chose to replace it (or to
    /// write a deleted file again).
    pub fn overwrite(&mut self, session: &Session, revision: u64) -> SaveOutcome {
        let text = session::to_toml(session);
        match session::write_atomic(&self.path, text.as_bytes()) {
            Ok(()) => {
                self.known = text;
                SaveOutcome::Saved(self.path.clone())
            }
            Err(e) => SaveOutcome::Failed {
                error: format!("{}: {e}", self.path.display()),
                fallback: fallback_path(session, revision),
            },
        }
    }

    /// The file changed on disk and the person keeps that version: our answers go to a
    /// copy beside it (design-session.mine-N.toml), and the version on disk is read back to
    /// work on, so no later save can overwrite the change.
    pub fn keep_theirs(&mut self, kb: &KnowledgeBase, session: &Session) -> Kept {
        let copy = free_name(&self.path, "design-session.mine", ".toml");
        let copy = session::save(&copy, session)
            .map(|()| copy)
            .map_err(|e| e.to_string());
        let theirs = read(&self.path)
            .map_err(|e| format!("{}: {e}", self.path.display()))
            .and_then(|text| {
                let s = session::load_str(&text, &self.path.display().to_string())
                    .map_err(|e| e.to_string())?;
                let problems = s.problems(kb);
                if !problems.is_empty() {
                    return Err(format!(
                        "{} does not match the knowledge base: {}",
                        self.path.display(),
                        problems.join("; ")
                    ));
                }
                self.known = text;
                Ok(s)
            });
        Kept { copy, theirs }
    }
}

/// A session file's text: a regular file only (a FIFO or a device never blocks or fills
/// memory), at most `MAX_INPUT_BYTES`.
fn read(path: &Path) -> std::io::Result<String> {
    crate::text::read::regular_file_text(path, crate::text::read::MAX_INPUT_BYTES)
}

/// The first free name `<stem>-N<ext>` (N from 1) beside `path`.
fn free_name(path: &Path, stem: &str, ext: &str) -> PathBuf {
    (1..)
        .map(|n| path.with_file_name(format!("{stem}-{n}{ext}")))
        .find(|p| !p.exists())
        .expect("some name is free")
}

/// Where a session's answers go when its own folder cannot be written.
pub fn fallback_path(session: &Session, revision: u64) -> PathBuf {
    std::env::temp_dir().join(format!("design-advisor-{}-{revision}.toml", session.slug))
}

/// Saves the answers to another file (a fallback, or a copy the person asked for).
pub fn save_copy(path: &Path, session: &Session) -> Result<PathBuf, String> {
    session::save(path, session)
        .map(|()| path.to_path_buf())
        .map_err(|e| e.to_string())
}

/// A session file that cannot be read is kept beside itself as a backup
/// (design-session.toml.bak, .bak1, ...) and a new session begins in its place. Returns
/// the backup's path.
pub fn start_over(path: &Path, today: Date) -> Result<PathBuf, String> {
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
    std::fs::rename(path, &backup).map_err(|e| {
        format!(
            "could not keep {} as a backup: {e}; it was left as it is",
            path.display()
        )
    })?;
    let slug = path
        .parent()
        .and_then(|d| d.file_name())
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "feature".into());
    let mut fresh = Session::new(&slug, today);
    fresh.slug = session::slugify(&slug);
    session::create(path, &fresh).map_err(|e| format!("could not start over: {e}"))?;
    Ok(backup)
}

/// Why a new session was not created.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CreateError {
    /// A session with this slug exists: it is never replaced; the person may open it.
    #[error("{} exists already", .0.display())]
    Exists(PathBuf),
    #[error("could not create the session: {0}")]
    Failed(String),
}

/// Creates docs/features/<slug>/design-session.toml under `root` for a new feature.
pub fn create(
    root: &Path,
    feature: &str,
    slug: &str,
    mode: Mode,
    today: Date,
) -> Result<PathBuf, CreateError> {
    let path = session::session_path(root, slug);
    if path.exists() {
        return Err(CreateError::Exists(path));
    }
    let mut s = Session::new(feature, today);
    s.slug = slug.to_string();
    s.mode = mode;
    session::ensure_inside(root, &path)
        .map_err(|e| e.to_string())
        .and_then(|()| session::create(&path, &s).map_err(|e| e.to_string()))
        .map_err(CreateError::Failed)?;
    Ok(path)
}

/// The artifacts of the feature `slug` that exist under the output root `out`, relative
/// to the feature's folder.
pub fn related(out: &Path, slug: &str) -> Vec<String> {
    files::feature_dir(out, slug)
        .map(|d| files::existing_files(out, &d))
        .unwrap_or_default()
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

/// The output root of a session at <root>/docs/features/<slug>/design-session.toml; for a
/// session file elsewhere, the given root.
pub fn output_root(session_path: &Path, fallback: &Path) -> PathBuf {
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
