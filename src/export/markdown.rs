//! A small Markdown writer shared by the renderers: headings, paragraphs, bullets,
//! labelled lines, tables, and the blocks every artifact carries (Summary, System
//! concerns, Related artifacts). It owns the shape (markers, blank lines, table rules);
//! the text it is given is Markdown already, so user text goes through `escape` (`inline`
//! for a line, `cell` for a table cell) before it gets here.

use super::blocks;
use super::ctx::{Ctx, related_block};
use crate::kb::KnowledgeBase;
use crate::session::Session;
use std::fmt::{Display, Write};

/// A Markdown document being written.
pub struct Markdown {
    text: String,
}

impl Markdown {
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            text: String::with_capacity(capacity),
        }
    }

    /// The document's text.
    pub fn finish(self) -> String {
        self.text
    }

    /// The text so far, for a block written by a function of its own.
    pub fn text(&mut self) -> &mut String {
        &mut self.text
    }

    /// `## text`, at `level` (1 for the title), then a blank line.
    pub fn heading(&mut self, level: usize, text: impl Display) -> &mut Self {
        let _ = writeln!(self.text, "{} {text}\n", "#".repeat(level));
        self
    }

    /// One line of text.
    pub fn line(&mut self, text: impl Display) -> &mut Self {
        let _ = writeln!(self.text, "{text}");
        self
    }

    /// A paragraph: its text, then a blank line.
    pub fn para(&mut self, text: impl Display) -> &mut Self {
        let _ = writeln!(self.text, "{text}\n");
        self
    }

    /// An empty line, ending a list or a block of lines.
    pub fn blank(&mut self) -> &mut Self {
        self.text.push('\n');
        self
    }

    /// `- text`
    pub fn bullet(&mut self, text: impl Display) -> &mut Self {
        self.nested(0, text)
    }

    /// `- text` indented two spaces per `depth`.
    pub fn nested(&mut self, depth: usize, text: impl Display) -> &mut Self {
        let _ = writeln!(self.text, "{}- {text}", "  ".repeat(depth));
        self
    }

    /// `- **label**: value`
    pub fn labelled(&mut self, label: impl Display, value: impl Display) -> &mut Self {
        let _ = writeln!(self.text, "- **{label}**: {value}");
        self
    }

    /// `**label**: value`, a labelled line outside a list.
    pub fn field(&mut self, label: impl Display, value: impl Display) -> &mut Self {
        let _ = writeln!(self.text, "**{label}**: {value}");
        self
    }

    /// A table's header row and its rule: `| a | b |` then `| --- | --- |`.
    pub fn table(&mut self, headers: &[&str]) -> &mut Self {
        self.row(headers);
        self.text.push('|');
        for _ in headers {
            self.text.push_str(" --- |");
        }
        self.text.push('\n');
        self
    }

    /// A table row of cells already escaped for a table (`escape::cell`).
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> &mut Self {
        self.text.push('|');
        for c in cells {
            self.text.push(' ');
            self.text.push_str(c.as_ref());
            self.text.push_str(" |");
        }
        self.text.push('\n');
        self
    }

    /// The Summary block every artifact starts with.
    pub fn summary(&mut self, status: &str, date: &str, tldr: &str) -> &mut Self {
        blocks::summary_block(&mut self.text, status, date, tldr);
        self
    }

    /// The System concerns block.
    pub fn concerns(&mut self, kb: &KnowledgeBase, session: &Session) -> &mut Self {
        blocks::concerns(&mut self.text, kb, session);
        self
    }

    /// The System concerns block of a document other than design.md, at `own`: a link to
    /// design.md's section, with the document's own compliance scope when given (see
    /// `blocks::concerns_reference`).
    pub fn concerns_ref(
        &mut self,
        kb: &KnowledgeBase,
        own: &str,
        compliance: Option<&str>,
    ) -> &mut Self {
        blocks::concerns_reference(&mut self.text, kb, own, compliance);
        self
    }

    /// The Related artifacts block of the document at `own`.
    pub fn related(&mut self, ctx: &Ctx, own: &str) -> &mut Self {
        related_block(&mut self.text, ctx, own);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_have_their_markers_and_blank_lines() {
        let mut md = Markdown::with_capacity(64);
        md.heading(2, "Title")
            .labelled("Owner", "team-a")
            .nested(1, "child")
            .blank()
            .table(&["A", "B"])
            .row(&["1", "2"])
            .blank()
            .field("Channel", "x")
            .para("Done.");
        assert_eq!(
            md.finish(),
            "## Title\n\n- **Owner**: team-a\n  - child\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n\n**Channel**: x\nDone.\n\n"
        );
    }
}
