//! What a write would change, before it is confirmed: each document that would be created
//! or changed, with its changed lines (a few lines of context around each change).

use crate::export::files;
use crate::kb::KnowledgeBase;
use crate::session::Session;
use similar::{ChangeTag, TextDiff};
use std::path::{Path, PathBuf};

/// Lines of unchanged text shown around each change.
const CONTEXT: usize = 1;

/// One line of a file's changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffLine {
    /// Where the next lines are: "@@ -old,len +new,len @@".
    Hunk(String),
    Context(String),
    Added(String),
    Removed(String),
}

/// Whether the file is new or replaces one on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileState {
    New,
    Changed,
}

/// One file a write would create or change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    pub path: PathBuf,
    pub state: FileState,
    pub added: usize,
    pub removed: usize,
    pub lines: Vec<DiffLine>,
}

/// The files a write of `session` under `root` would create or change, in the order they
/// are written, with their changed lines. Files that would stay the same are left out; so
/// is the system catalog, which every write regenerates from the features' READMEs.
/// `Err` when the session cannot be exported as it is (the write would say the same).
pub fn preview(
    kb: &KnowledgeBase,
    session: &Session,
    root: &Path,
) -> anyhow::Result<Vec<FileChange>> {
    let plan = files::plan(kb, session, root)?;
    Ok(plan
        .artifacts
        .iter()
        .filter_map(|a| {
            let path = plan.dir.join(&a.path);
            let new = files::final_text(a);
            match std::fs::read(&path) {
                Ok(old) if old == new.as_bytes() => None,
                Ok(old) => Some(changed(path, &String::from_utf8_lossy(&old), &new)),
                Err(_) => Some(changed(path, "", &new)),
            }
        })
        .collect())
}

/// The changes from `old` to `new` of the file at `path`.
pub fn changed(path: PathBuf, old: &str, new: &str) -> FileChange {
    let diff = TextDiff::from_lines(old, new);
    let mut lines = Vec::new();
    let (mut added, mut removed) = (0, 0);
    for group in diff.grouped_ops(CONTEXT) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        lines.push(DiffLine::Hunk(format!(
            "@@ -{},{} +{},{} @@",
            old_range.start + 1,
            old_range.len(),
            new_range.start + 1,
            new_range.len()
        )));
        for op in &group {
            for change in diff.iter_changes(op) {
                let text = change.value().trim_end_matches(['\n', '\r']).to_string();
                lines.push(match change.tag() {
                    ChangeTag::Equal => DiffLine::Context(text),
                    ChangeTag::Insert => {
                        added += 1;
                        DiffLine::Added(text)
                    }
                    ChangeTag::Delete => {
                        removed += 1;
                        DiffLine::Removed(text)
                    }
                });
            }
        }
    }
    FileChange {
        path,
        state: if old.is_empty() {
            FileState::New
        } else {
            FileState::Changed
        },
        added,
        removed,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_line_shows_with_its_neighbours_only() {
        let old = "a\nb\nc\nd\ne\nf\n";
        let new = "a\nb\nc\nD\ne\nf\ng\n";
        let c = changed(PathBuf::from("x.md"), old, new);
        assert_eq!(c.state, FileState::Changed);
        assert_eq!((c.added, c.removed), (2, 1));
        assert_eq!(
            c.lines,
            vec![
                DiffLine::Hunk("@@ -3,4 +3,5 @@".into()),
                DiffLine::Context("c".into()),
                DiffLine::Removed("d".into()),
                DiffLine::Added("D".into()),
                DiffLine::Context("e".into()),
                DiffLine::Context("f".into()),
                DiffLine::Added("g".into()),
            ]
        );
    }

    #[test]
    fn a_new_file_is_all_added() {
        let c = changed(PathBuf::from("x.md"), "", "one\ntwo\n");
        assert_eq!(c.state, FileState::New);
        assert_eq!((c.added, c.removed), (2, 0));
    }
}
