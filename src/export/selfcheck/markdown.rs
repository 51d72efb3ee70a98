//! A tolerant reading of Markdown, just enough for the self-check: which lines are prose
//! (not code, comments or front matter), the headings and their sections, "label: value"
//! lines in any of the usual spellings, relative links, and sentences with the line each
//! word sits on. Hand-written documents are read as well as generated ones: headings of
//! any level (ATX or setext), bullets with `-`, `*` or `+`, bold, italic or plain labels.

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

/// A line that starts a new block: a list item, a table row or a quote.
pub(crate) fn is_block_start(line: &str) -> bool {
    let t = line.trim_start();
    list_marker(t).is_some() || t.starts_with('|') || t.starts_with('>')
}

/// The length of a list marker (`- `, `* `, `+ `, `1. `, `1) `) at the start of `t`.
fn list_marker(t: &str) -> Option<usize> {
    if t.starts_with(['-', '*', '+']) && (t.len() == 1 || t[1..].starts_with([' ', '\t'])) {
        return Some(1);
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    let rest = &t[digits..];
    (digits > 0
        && digits <= 9
        && rest.starts_with(['.', ')'])
        && (rest.len() == 1 || rest[1..].starts_with([' ', '\t'])))
    .then_some(digits + 1)
}

/// A line without its list marker, task box or quote marker.
pub(crate) fn item_text(line: &str) -> &str {
    let mut t = line.trim();
    while let Some(rest) = t.strip_prefix('>') {
        t = rest.trim_start();
    }
    if let Some(n) = list_marker(t) {
        t = t[n..].trim_start();
    }
    for b in ["[ ] ", "[x] ", "[X] "] {
        if let Some(rest) = t.strip_prefix(b) {
            t = rest.trim_start();
        }
    }
    t
}

/// Whether `line` is a bullet or numbered list item.
pub(crate) fn is_list_item(line: &str) -> bool {
    list_marker(line.trim_start()).is_some()
}

/// A "label: value" line in any usual spelling: `- **Status**: Draft`, `**Status:** Draft`,
/// `* Status: Draft`, `_Status_: Draft`, `status: draft` (front matter), or a two-cell
/// table row `| Status | Draft |`. The label comes back lower-cased and trimmed.
pub(crate) fn labelled(line: &str) -> Option<(String, String)> {
    let t = item_text(line);
    if let Some(row) = t.strip_prefix('|') {
        let cells: Vec<&str> = row.trim_end().trim_end_matches('|').split('|').collect();
        if cells.len() >= 2 {
            let label = clean_label(cells[0]);
            let value = cells[1].trim().to_string();
            if !label.is_empty() && !label.chars().all(|c| c == '-' || c == ':' || c == ' ') {
                return Some((label, value));
            }
        }
        return None;
    }
    for mark in ["**", "__", "*", "_"] {
        if let Some(rest) = t.strip_prefix(mark)
            && let Some(end) = rest.find(mark)
        {
            let inner = &rest[..end];
            let after = &rest[end + mark.len()..];
            if let Some(label) = inner.trim_end().strip_suffix(':') {
                return Some((clean_label(label), after.trim().to_string()));
            }
            if let Some(value) = after.trim_start().strip_prefix(':') {
                return Some((clean_label(inner), value.trim().to_string()));
            }
            return None;
        }
    }
    let (label, value) = t.split_once(':')?;
    // A plain label is short and is not the start of a sentence or a link.
    if label.is_empty()
        || label.len() > 40
        || label.contains(['[', '(', '`', '<'])
        || label.split_whitespace().count() > 5
    {
        return None;
    }
    Some((clean_label(label), value.trim().to_string()))
}

fn clean_label(label: &str) -> String {
    label
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect::<String>()
        .trim()
        .trim_end_matches(':')
        .trim()
        .to_lowercase()
}

/// Whether a value is a TBD placeholder: `<TBD>`, `<TBD: who>`, `TBD`, in a code span or
/// escaped (`&lt;TBD&gt;`) or not.
pub(crate) fn is_tbd(value: &str) -> bool {
    let v = value
        .trim()
        .trim_matches(['`', '*', '_'])
        .trim()
        .to_lowercase();
    let v = v.replace("&lt;", "<").replace("&gt;", ">");
    v.starts_with("<tbd")
        || v == "tbd"
        || v.starts_with("tbd:")
        || v.starts_with("tbd ")
        || v.starts_with("tbd.")
        || v.starts_with("tbd,")
}

/// Whether a TBD placeholder names who will answer it (`<TBD: messaging-team>`): an
/// explicit flag, not an unknown.
pub(crate) fn tbd_names_someone(value: &str) -> bool {
    let v = value
        .trim()
        .trim_matches(['`', '*', '_'])
        .trim()
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    let lower = v.to_lowercase();
    let rest = lower
        .strip_prefix("<tbd")
        .or_else(|| lower.strip_prefix("tbd"));
    rest.and_then(|r| r.strip_prefix(':'))
        .map(|r| r.trim_end_matches('>').trim())
        .is_some_and(|who| !who.is_empty())
}

/// One relative link target found on a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Link {
    pub target: String,
}

/// The link targets of a line: inline links and images `[text](target "title")`,
/// `[text](<target>)`, and reference definitions `[id]: target`. Code spans and escaped
/// brackets are skipped.
pub(crate) fn links(line: &str) -> Vec<Link> {
    let mut out = Vec::new();
    let t = line.trim_start();
    if line.len() - t.len() <= 3
        && t.starts_with('[')
        && let Some(close) = t.find("]:")
        && !t[1..close].contains(['[', ']'])
    {
        if let Some(target) = t[close + 2..].split_whitespace().next() {
            let target = target.trim_start_matches('<').trim_end_matches('>');
            out.push(Link {
                target: target.to_string(),
            });
        }
        return out;
    }
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut open = 0usize;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '`' => {
                let n = chars[i..].iter().take_while(|&&c| c == '`').count();
                // Skip to the matching run of the same length, if any.
                let mut j = i + n;
                let mut found = None;
                while j < chars.len() {
                    if chars[j] == '`' {
                        let m = chars[j..].iter().take_while(|&&c| c == '`').count();
                        if m == n {
                            found = Some(j + m);
                            break;
                        }
                        j += m;
                    } else {
                        j += 1;
                    }
                }
                i = found.unwrap_or(i + n);
                continue;
            }
            '[' => open += 1,
            ']' if open > 0 => {
                open -= 1;
                if chars.get(i + 1) == Some(&'(') {
                    let mut j = i + 2;
                    while chars.get(j).is_some_and(|c| *c == ' ') {
                        j += 1;
                    }
                    let mut target = String::new();
                    if chars.get(j) == Some(&'<') {
                        j += 1;
                        while let Some(&c) = chars.get(j) {
                            if c == '>' {
                                break;
                            }
                            target.push(c);
                            j += 1;
                        }
                    } else {
                        let mut depth = 0;
                        while let Some(&c) = chars.get(j) {
                            if c.is_whitespace() || (c == ')' && depth == 0) {
                                break;
                            }
                            if c == '\\' {
                                if let Some(&n) = chars.get(j + 1) {
                                    target.push(n);
                                }
                                j += 2;
                                continue;
                            }
                            if c == '(' {
                                depth += 1;
                            } else if c == ')' {
                                depth -= 1;
                            }
                            target.push(c);
                            j += 1;
                        }
                    }
                    out.push(Link { target });
                    i = j;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// A link target as a path relative to the linking file's folder, or `None` when it is
/// not a relative file link (a URL, an e-mail address, an anchor in the same document,
/// an absolute path).
pub(crate) fn relative_target(target: &str) -> Option<String> {
    let t = target.trim();
    let t = t.split(['#', '?']).next().unwrap_or_default();
    if t.is_empty() || t.starts_with('/') || t.starts_with('\\') {
        return None;
    }
    // A scheme: letters, digits, + - . before the first colon, with no slash before it.
    if let Some((scheme, _)) = t.split_once(':')
        && !scheme.is_empty()
        && !scheme.contains('/')
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    Some(percent_decode(t))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(h, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// `target` joined to the folder of `from` (both '/'-separated), with `.` and `..`
/// resolved lexically. Leading `..` that climb above the start are kept. A final `/` is
/// dropped.
pub(crate) fn join(from: &str, target: &str) -> String {
    let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    let mut parts: Vec<&str> = Vec::new();
    for p in dir.split('/').chain(target.split('/')) {
        match p {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if from.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// One sentence of a prose block, in "masked" form (see [`mask`]), with the line its
/// start and each of its characters sit on.
#[derive(Debug)]
pub(crate) struct Sentence {
    pub text: String,
    /// The line number of each byte offset range: (start offset, line).
    starts: Vec<(usize, usize)>,
}

impl Sentence {
    /// The line on which byte offset `at` of the sentence lies.
    pub fn line_at(&self, at: usize) -> usize {
        let i = self.starts.partition_point(|(s, _)| *s <= at);
        self.starts[i.saturating_sub(1)].1
    }
}

/// Marks a code span in masked text: something named exactly (a state, a metric, a key).
pub(crate) const CODE: char = '\u{1}';

/// Prose for reading claims: a code span becomes [`CODE`] (or its text, for a `<TBD>`
/// marker), a link keeps its text and loses its target, escapes and the common HTML
/// entities are undone, emphasis markers and list markers are dropped.
pub(crate) fn mask(line: &str) -> String {
    let t = item_text(line);
    let t = t.trim_start_matches('|');
    let chars: Vec<char> = t.chars().collect();
    let mut out = String::with_capacity(t.len());
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '`' => {
                let n = chars[i..].iter().take_while(|&&c| c == '`').count();
                let body_start = i + n;
                let mut j = body_start;
                let mut end = None;
                while j < chars.len() {
                    if chars[j] == '`' {
                        let m = chars[j..].iter().take_while(|&&c| c == '`').count();
                        if m == n {
                            end = Some(j);
                            break;
                        }
                        j += m;
                    } else {
                        j += 1;
                    }
                }
                if let Some(end) = end {
                    let body: String = chars[body_start..end].iter().collect();
                    if is_tbd(&body) {
                        out.push_str(body.trim());
                    } else {
                        out.push(CODE);
                    }
                    i = end + n;
                } else {
                    i += n;
                }
                continue;
            }
            ']' if chars.get(i + 1) == Some(&'(') => {
                // Drop the target: its digits and dots are not part of the sentence.
                let mut j = i + 2;
                let mut depth = 0;
                while j < chars.len() {
                    match chars[j] {
                        '(' => depth += 1,
                        ')' if depth == 0 => break,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    j += 1;
                }
                i = j + 1;
                continue;
            }
            '[' | ']' | '*' => {}
            '|' => out.push(' '),
            c => out.push(c),
        }
        i += 1;
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The sentences of a prose block, each with the lines it spans. A sentence ends at `.`,
/// `!` or `?` followed by a space or the end of the block (so `3.5`, `orders.placed.v1`
/// and `e.g.` do not end one).
pub(crate) fn sentences(block: &[&Line]) -> Vec<Sentence> {
    let mut joined = String::new();
    let mut starts = Vec::new();
    for l in block {
        if !joined.is_empty() {
            joined.push(' ');
        }
        starts.push((joined.len(), l.no));
        joined.push_str(&mask(l.text));
    }
    let mut out = Vec::new();
    let mut begin = 0;
    let bytes = joined.as_bytes();
    for (i, c) in joined.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next = bytes.get(i + 1).copied();
        if next.is_some_and(|b| b != b' ') {
            continue;
        }
        let word = joined[begin..i]
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or_default()
            .to_lowercase();
        if matches!(
            word.as_str(),
            "e.g" | "i.e" | "etc" | "vs" | "approx" | "cf" | "incl"
        ) {
            continue;
        }
        push_sentence(&mut out, &joined, &starts, begin, i + 1);
        begin = i + 1;
    }
    push_sentence(&mut out, &joined, &starts, begin, joined.len());
    out
}

fn push_sentence(
    out: &mut Vec<Sentence>,
    joined: &str,
    starts: &[(usize, usize)],
    from: usize,
    to: usize,
) {
    let raw = &joined[from..to];
    let lead = raw.len() - raw.trim_start().len();
    let text = raw.trim();
    if text.is_empty() {
        return;
    }
    let from = from + lead;
    let mut own: Vec<(usize, usize)> = Vec::new();
    let first = starts
        .partition_point(|(s, _)| *s <= from)
        .saturating_sub(1);
    own.push((0, starts[first].1));
    for &(s, line) in &starts[first + 1..] {
        if s >= from + text.len() {
            break;
        }
        own.push((s - from, line));
    }
    out.push(Sentence {
        text: text.to_string(),
        starts: own,
    });
}

/// The words of a text, lower-cased, with their byte offsets. A word is a run of ASCII
/// letters, digits and apostrophes.
pub(crate) fn words(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let in_word = c.is_ascii_alphanumeric() || c == '\'';
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, text[s..i].to_ascii_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    out
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
