//! A tolerant reading of Markdown, just enough for the self-check: which lines are prose
//! (not code, comments or front matter), the headings and their sections, "label: value"
//! lines in any of the usual spellings, relative links, and sentences with the line each
//! word sits on. Hand-written documents are read as well as generated ones: headings of
//! any level (ATX or setext), bullets with `-`, `*` or `+`, bold, italic or plain labels.
//!
//! This file classifies a document's lines; `lines` reads one line (labels, list items,
//! TBD markers), `links` its link targets, `prose` the sentences of a block.

mod lines;
mod links;
mod prose;

pub(crate) use lines::*;
pub(crate) use links::*;
pub(crate) use prose::*;

use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Blank,
    Text,
    /// ATX or setext heading of this level (1-6).
    Heading(u8),
    /// Inside a fenced code block, or the fence itself.
    Code,
    /// An HTML comment.
    Comment,
    /// YAML front matter, fences included.
    FrontMatter,
}

#[derive(Clone, Debug)]
pub(crate) struct Line<'a> {
    /// 1-based.
    pub no: usize,
    pub text: &'a str,
    pub kind: Kind,
}

/// A Markdown document split into classified lines.
pub(crate) struct Doc<'a> {
    pub lines: Vec<Line<'a>>,
}

fn fence(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    let c = t.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let n = t.chars().take_while(|&x| x == c).count();
    (n >= 3).then_some((c, n))
}

fn atx(line: &str) -> Option<u8> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    let n = t.chars().take_while(|&c| c == '#').count();
    let rest = &t[n..];
    ((1..=6).contains(&n) && (rest.is_empty() || rest.starts_with([' ', '\t']))).then_some(n as u8)
}

impl<'a> Doc<'a> {
    pub fn parse(text: &'a str) -> Self {
        let mut lines: Vec<Line> = Vec::new();
        let mut in_fence: Option<(char, usize)> = None;
        let mut in_comment = false;
        let mut in_front = false;
        // A first line of "---" opens front matter only when a closing line follows;
        // otherwise it is a thematic break.
        let front_closes = text
            .lines()
            .skip(1)
            .any(|l| matches!(l.trim(), "---" | "..."));
        for (i, text) in text.lines().enumerate() {
            let no = i + 1;
            let t = text.trim();
            let kind = if let Some((c, n)) = in_fence {
                if fence(text)
                    .is_some_and(|(c2, n2)| c2 == c && n2 >= n && t.trim_matches(c).is_empty())
                {
                    in_fence = None;
                }
                Kind::Code
            } else if in_comment {
                if t.contains("-->") {
                    in_comment = false;
                }
                Kind::Comment
            } else if in_front {
                if t == "---" || t == "..." {
                    in_front = false;
                }
                Kind::FrontMatter
            } else if no == 1 && t == "---" && front_closes {
                in_front = true;
                Kind::FrontMatter
            } else if let Some(f) = fence(text) {
                in_fence = Some(f);
                Kind::Code
            } else if t.starts_with("<!--") {
                in_comment = !t.contains("-->");
                Kind::Comment
            } else if t.is_empty() {
                Kind::Blank
            } else if let Some(level) = atx(text) {
                Kind::Heading(level)
            } else if !t.is_empty()
                && (t.chars().all(|c| c == '=') || (t.len() >= 2 && t.chars().all(|c| c == '-')))
                && text.len() - text.trim_start().len() <= 3
                && lines
                    .last()
                    .is_some_and(|p| p.kind == Kind::Text && !is_block_start(p.text))
            {
                // A setext underline turns the paragraph line above into a heading.
                let level = if t.starts_with('=') { 1 } else { 2 };
                if let Some(p) = lines.last_mut() {
                    p.kind = Kind::Heading(level);
                }
                Kind::Blank
            } else {
                Kind::Text
            };
            lines.push(Line { no, text, kind });
        }
        Doc { lines }
    }

    /// The text of heading `i`, without its markers.
    pub fn heading_text(&self, i: usize) -> String {
        let t = self.lines[i].text.trim();
        let t = t.trim_start_matches('#').trim();
        // A closing sequence of #s is part of the ATX syntax, not the text.
        let t = t.trim_end_matches('#').trim_end();
        t.to_string()
    }

    /// The first heading whose normalised text satisfies `pred`, with the lines of its
    /// section: up to the next heading of the same or a higher level.
    pub fn section(&self, pred: impl Fn(&str) -> bool) -> Option<(usize, Range<usize>)> {
        let (i, level) = self
            .lines
            .iter()
            .enumerate()
            .find_map(|(i, l)| match l.kind {
                Kind::Heading(level) if pred(&normalise_heading(&self.heading_text(i))) => {
                    Some((i, level))
                }
                _ => None,
            })?;
        let end = self.lines[i + 1..]
            .iter()
            .position(|l| matches!(l.kind, Kind::Heading(l2) if l2 <= level))
            .map_or(self.lines.len(), |p| i + 1 + p);
        Some((i, i + 1..end))
    }

    /// Prose blocks of `range`: paragraphs, list items, table rows and quotes, each as its
    /// lines. Code, comments, front matter and headings are left out.
    pub fn blocks(&self, range: Range<usize>) -> Vec<Vec<&Line<'a>>> {
        let mut out: Vec<Vec<&Line>> = Vec::new();
        let mut cur: Vec<&Line> = Vec::new();
        for l in &self.lines[range] {
            if l.kind != Kind::Text {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                continue;
            }
            if is_block_start(l.text) && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            cur.push(l);
            if l.text.trim_start().starts_with('|') {
                out.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    }
}

/// A heading's text for matching: lower case, without numbering, emphasis or a final colon.
pub(crate) fn normalise_heading(text: &str) -> String {
    let t: String = text
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect();
    let t = t.trim();
    // "3. Decision", "3) Decision", "A. Decision"
    let t = match t.split_once([' ', '\t']) {
        Some((num, rest))
            if (num.ends_with('.') || num.ends_with(')'))
                && num.len() <= 4
                && num[..num.len() - 1]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c.is_ascii_uppercase()) =>
        {
            rest.trim()
        }
        _ => t,
    };
    t.trim_end_matches(':').trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_every_spelling() {
        let want = Some(("status".to_string(), "Draft".to_string()));
        for l in [
            "- **Status**: Draft",
            "* **Status:** Draft",
            "Status: Draft",
            "_Status_: Draft",
            "| Status | Draft |",
            "  + *Status*: Draft",
        ] {
            assert_eq!(labelled(l), want, "{l}");
        }
        assert_eq!(labelled("See [the runbook](a.md): details"), None);
        assert_eq!(labelled("| --- | --- |"), None);
    }

    #[test]
    fn links_skip_code_and_escapes() {
        let l = links(
            "see [a](a.md), `[b](b.md)`, \\[c\\](c.md), ![img](<x y.png> \"t\") and [d](https://x)",
        );
        let t: Vec<&str> = l.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(t, ["a.md", "x y.png", "https://x"]);
        assert_eq!(links("[ref]: ../x.md \"title\"")[0].target, "../x.md");
        assert_eq!(relative_target("https://x"), None);
        assert_eq!(relative_target("mailto:a@b"), None);
        assert_eq!(relative_target("#anchor"), None);
        assert_eq!(relative_target("a%20b.md#x").as_deref(), Some("a b.md"));
    }

    #[test]
    fn joins_paths_lexically() {
        assert_eq!(join("adrs/0001-x.md", "../design.md"), "design.md");
        assert_eq!(
            join("design.md", "../../system/catalog.md"),
            "../../system/catalog.md"
        );
        assert_eq!(
            join("adrs/a.md", "../../../system/x.md"),
            "../../system/x.md"
        );
        assert_eq!(join("a/b.md", "./c/../d.md"), "a/d.md");
        assert_eq!(join("/r/a/b.md", "../c.md"), "/r/c.md");
    }

    #[test]
    fn sentences_keep_their_lines() {
        let doc = Doc::parse(
            "We alert on lag. Then we\nroll back when `OPEN`.\nVersion 3.5 of orders.placed.v1, e.g. this.",
        );
        let blocks = doc.blocks(0..doc.lines.len());
        assert_eq!(blocks.len(), 1);
        let s = sentences(&blocks[0]);
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "We alert on lag.",
                "Then we roll back when \u{1}.",
                "Version 3.5 of orders.placed.v1, e.g. this."
            ]
        );
        assert_eq!(s[1].line_at(0), 1);
        assert_eq!(s[1].line_at(s[1].text.find("roll").unwrap()), 2);
    }

    #[test]
    fn headings_of_any_style() {
        let doc = Doc::parse(
            "Title\n=====\n\nSummary\n-------\ntext\n### 3. Decision outcome ###\n```\n# not a heading\n```\n",
        );
        let kinds: Vec<Kind> = doc.lines.iter().map(|l| l.kind).collect();
        assert_eq!(kinds[0], Kind::Heading(1));
        assert_eq!(kinds[3], Kind::Heading(2));
        assert_eq!(kinds[6], Kind::Heading(3));
        assert_eq!(kinds[8], Kind::Code);
        assert_eq!(normalise_heading(&doc.heading_text(6)), "decision outcome");
        let (h, range) = doc.section(|t| t == "summary").unwrap();
        assert_eq!((h, range), (3, 4..10));
    }

    #[test]
    fn tbd_values() {
        assert!(is_tbd("`<TBD>`"));
        assert!(is_tbd("&lt;TBD: x&gt;"));
        assert!(is_tbd("TBD"));
        assert!(!is_tbd("Tbdx team"));
        assert!(tbd_names_someone("`<TBD: messaging-team>`"));
        assert!(!tbd_names_someone("`<TBD>`"));
        assert!(!tbd_names_someone("<TBD: >"));
    }
}
