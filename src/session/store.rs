//! Reading and writing session files: errors name the line, column and field; writes are
//! atomic (a temporary file in the same directory, then a rename), so a crash never leaves
//! a half-written session behind.

use super::{SCHEMA_VERSION, Session};
use serde::Deserialize;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The I/O error is part of the message and deliberately not a `source`: printed as a
    /// chain (`{:#}`), a source would repeat it ("…: No such file…: No such file…").
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("{path}:{line}:{column}: {field}{message}")]
    Malformed {
        path: String,
        line: usize,
        column: usize,
        field: String,
        message: String,
    },
    #[error(
        "{path}: written by a newer design-advisor (schema version {found}; this program reads up to {SCHEMA_VERSION}); upgrade design-advisor to open it"
    )]
    NewerVersion { path: String, found: u32 },
    #[error("{path}: already exists; open it instead of creating a new session over it")]
    Exists { path: String },
}

/// docs/features/<slug>/design-session.toml below `root`.
pub fn session_path(root: &Path, slug: &str) -> PathBuf {
    root.join("docs")
        .join("features")
        .join(slug)
        .join("design-session.toml")
}

/// Reads a session file: only a regular file (never a FIFO or a device) up to the input
/// size limit; bytes that are not UTF-8 are reported at their line and column.
pub fn load(path: &Path) -> Result<Session, SessionError> {
    let name = path.display().to_string();
    let bytes = crate::text::read::regular_file_bytes(path, crate::text::read::MAX_INPUT_BYTES)
        .map_err(|error| SessionError::Io {
            path: name.clone(),
            error,
        })?;
    let text =
        crate::text::read::utf8(bytes).map_err(|(line, column)| SessionError::Malformed {
            path: name.clone(),
            line,
            column,
            field: String::new(),
            message: "not valid UTF-8 (save the session as UTF-8)".into(),
        })?;
    load_str(&text, &name)
}

/// Parses a session from text; `name` is used in error messages.
pub fn load_str(text: &str, name: &str) -> Result<Session, SessionError> {
    let malformed = |span: Option<std::ops::Range<usize>>, message: String| {
        let start = span.map_or(0, |s| s.start);
        let (line, column, field) = match missing_field(&message) {
            // A field missing from the top-level table (the span is the whole document):
            // name that field, not whatever key happens to be on the first line.
            Some(missing) if start == 0 => (1, 1, format!("{missing}: ")),
            _ => locate(text, start),
        };
        SessionError::Malformed {
            path: name.to_string(),
            line,
            column,
            field,
            message,
        }
    };
    // The text is parsed once; the version is read from the parsed table first, so a
    // newer file gets "upgrade" rather than a field error.
    let root = toml::de::DeTable::parse(text)
        .map_err(|e| malformed(e.span(), e.message().trim_end().to_string()))?;
    let version = match root.get_ref().get("schema_version") {
        None => None,
        Some(v) => match v
            .get_ref()
            .as_integer()
            .and_then(|i| i64::from_str_radix(i.as_str(), i.radix()).ok())
        {
            Some(n) => Some((n, v.span())),
            // Not an integer (or out of range): serde's own words for it, from a copy of
            // the table (this path is only taken for a broken file).
            None => {
                #[derive(serde::Deserialize)]
                struct Version {
                    #[serde(rename = "schema_version")]
                    _version: i64,
                }
                let e = Version::deserialize(toml::de::Deserializer::from(root.clone()))
                    .err()
                    .unwrap_or_else(|| serde::de::Error::custom("invalid schema_version"));
                return Err(malformed(e.span(), e.message().trim_end().to_string()));
            }
        },
    };
    match version {
        None => {
            return Err(malformed(
                None,
                format!(
                    "missing schema_version (this program writes schema_version = {SCHEMA_VERSION})"
                ),
            ));
        }
        Some((v, _)) if v > i64::from(SCHEMA_VERSION) => {
            return Err(SessionError::NewerVersion {
                path: name.to_string(),
                found: u32::try_from(v).unwrap_or(u32::MAX),
            });
        }
        Some((v, span)) if v < 1 => {
            return Err(malformed(
                Some(span),
                format!("schema_version must be 1 or more, found {v}"),
            ));
        }
        Some(_) => {}
    }
    Session::deserialize(toml::de::Deserializer::from(root))
        .map_err(|e| malformed(e.span(), e.message().trim_end().to_string()))
}

/// `date` from serde's "missing field `date`".
fn missing_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")?
        .split('`')
        .next()
        .filter(|f| !f.is_empty())
}

/// The 1-based line and column of `offset`, and the dotted key being defined on that line
/// (with its table header), for messages like "answers.\"x\".choices: ...".
fn locate(text: &str, offset: usize) -> (usize, usize, String) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    let line_text = text[line_start..].lines().next().unwrap_or("");
    let key = line_text
        .split_once('=')
        .map(|(k, _)| k.trim().to_string())
        .filter(|k| !k.is_empty() && !k.starts_with('['));
    let header = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    let field = match (header, key) {
        (Some(h), Some(k)) => format!("{h}.{k}: "),
        (None, Some(k)) => format!("{k}: "),
        (Some(_), None) if line_text.trim_start().starts_with('[') => format!(
            "{}: ",
            line_text.trim().trim_matches(|c| c == '[' || c == ']')
        ),
        _ => String::new(),
    };
    (line, column, field)
}

/// Writes the session atomically: the old file stays intact until the new one is complete.
pub fn save(path: &Path, session: &Session) -> Result<(), SessionError> {
    let io = |error| SessionError::Io {
        path: path.display().to_string(),
        error,
    };
    let text = to_toml(session);
    write_atomic(path, text.as_bytes()).map_err(io)
}

/// Like `save`, but refuses to replace an existing file.
pub fn create(path: &Path, session: &Session) -> Result<(), SessionError> {
    if path.exists() {
        return Err(SessionError::Exists {
            path: path.display().to_string(),
        });
    }
    save(path, session)
}

pub fn to_toml(session: &Session) -> String {
    let body = toml::to_string(session).expect("a session always serialises");
    format!(
        "# design-advisor session: the system of record for this feature's design.\n# Documents are generated from it; edit with `design-advisor` or by hand.\n{body}"
    )
}

/// Fails unless `path` stays inside `root` once symbolic links are followed: a folder
/// under the project that links elsewhere must not carry a write outside it.
pub fn ensure_inside(root: &Path, path: &Path) -> std::io::Result<()> {
    let root = std::fs::canonicalize(root)?;
    // The deepest part of the path that exists decides where the write really lands.
    let mut existing = path;
    while !existing.exists() {
        match existing.parent() {
            Some(p) if !p.as_os_str().is_empty() => existing = p,
            _ => return Ok(()),
        }
    }
    let real = std::fs::canonicalize(existing)?;
    if real.starts_with(&root) {
        Ok(())
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!(
                "{} resolves to {}, outside the project folder {}; refusing to write there",
                path.display(),
                real.display(),
                root.display()
            ),
        ))
    }
}

/// Temporary file in the target's directory, flushed and synced, then renamed over it.
/// A new file gets the usual mode (0666 less the umask, so 0644 under umask 022); a file
/// being replaced keeps its own mode (a 0664 session stays 0664).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, bytes, true)
}

/// `write_atomic` without the per-file sync, for many derived files at once (an export of
/// thousands of documents): still never torn, since the rename is atomic; the caller
/// makes them durable with one `sync_filesystem` at the end.
pub fn write_atomic_unsynced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, bytes, false)
}

fn write_atomic_with(path: &Path, bytes: &[u8], sync: bool) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let kept_mode = std::fs::symlink_metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file)
        .map(|m| m.permissions());
    let mut builder = tempfile::Builder::new();
    builder.prefix(".design-advisor-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created with open(2)'s mode argument, so the umask applies as for any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    if let Some(mode) = kept_mode {
        tmp.as_file().set_permissions(mode)?;
    }
    tmp.write_all(bytes)?;
    if sync {
        tmp.as_file().sync_all()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Flushes everything written so far on the file system that holds `path` to disk: one
/// call after many `write_atomic_unsynced`.
pub fn sync_filesystem(path: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        unsafe extern "C" {
            fn syncfs(fd: i32) -> i32;
        }
        let dir = std::fs::File::open(path)?;
        // SAFETY: syncfs only reads the descriptor, which stays open for the call.
        if unsafe { syncfs(dir.as_raw_fd()) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = path;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_names_the_field() {
        let text = "schema_version = 1\n[answers.\"a.b\"]\nchoices = 3\n";
        let offset = text.find('3').unwrap();
        assert_eq!(
            locate(text, offset),
            (3, 11, "answers.\"a.b\".choices: ".to_string())
        );
        assert_eq!(locate(text, 0), (1, 1, "schema_version: ".to_string()));
    }
}
