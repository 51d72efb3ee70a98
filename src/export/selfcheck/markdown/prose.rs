//! Prose for reading claims: masked text, sentences with the lines they span, and words.

use super::Line;
use super::lines::{is_tbd, item_text};

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
