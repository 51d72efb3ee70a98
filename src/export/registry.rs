//! The artifact registry. Each kind of document the exporters write is an entry of
//! data/artifacts.toml (its id, name and path template) and a [`Renderer`] (the list is
//! `artifacts::RENDERERS`): the renderer says which files of its kinds a session yields,
//! their paths built from the templates (see `paths`), and writes each. A new kind is an
//! `[[artifact]]` entry and a renderer file with its `RENDERER`, named once in that list.

use super::ctx::Ctx;
use crate::kb::KnowledgeBase;
use crate::session::Session;

pub use super::paths::*;

/// A file a renderer writes for a session: its kind's id, its path relative to the
/// feature folder, and which of the renderer's items it is (a channel, a runbook, a
/// decision, by position), so rendering finds it without a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub kind: &'static str,
    pub path: String,
    pub item: usize,
}

/// One renderer: the files of its kinds a session yields, in order, and the text of each
/// (`None` when the file is not one of its).
pub struct Renderer {
    pub files: fn(&KnowledgeBase, &Session) -> Vec<File>,
    pub render: fn(&Ctx, &File) -> Option<String>,
}

/// A file of `kind` that is the only one of its kind in a feature (design.md, README.md).
pub fn single(kb: &KnowledgeBase, kind: &'static str) -> File {
    File {
        kind,
        path: path(kb, kind, &[]),
        item: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_documents_sit_in_the_feature_folder() {
        let kb = KnowledgeBase::builtin();
        assert_eq!(single(&kb, "design").path, "design.md");
        assert_eq!(single(&kb, "feature-index").path, "README.md");
    }
}
