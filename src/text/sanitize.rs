//! The one sanitiser for text that reaches a terminal or a JSON document from a session,
//! a knowledge pack, a file or the command line. A character that could move the cursor,
//! change colours, set the clipboard (OSC 52), hide text or reorder it on screen is shown
//! visibly escaped as `\u{1b}` instead: the reader sees what is really there.

use std::borrow::Cow;
use std::fmt::Write;

/// Characters never printed raw: C0 controls, DEL and C1 controls, the bidirectional
/// embeddings, overrides, isolates and marks, line and paragraph separators, the byte-order
/// mark, and the Unicode noncharacters (U+FDD0..U+FDEF and every U+xxFFFE/U+xxFFFF).
pub fn is_unsafe(c: char) -> bool {
    let n = c as u32;
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{FEFF}'
        )
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
}

fn escape_where(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) && !keep(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One value on one line (a feature name, a status, a key from a file): every unsafe
/// character escaped, line breaks and tabs included, so a value can never start a line
/// of its own.
pub fn line(text: &str) -> Cow<'_, str> {
    escape_where(text, |_| false)
}

/// Whole lines of output: like `line`, but line feeds and tabs stay as they are.
pub fn block(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| c == '\n' || c == '\t')
}

/// Serialised JSON with the characters serde_json leaves raw (DEL, C1 controls, bidi
/// controls, separators, noncharacters) written as `\u` escapes: the document means the
/// same, and printing it cannot drive a terminal. Those characters only occur inside
/// strings, where a `\u` escape is valid.
pub fn json(serialised: &str) -> Cow<'_, str> {
    // C0 controls outside strings are the layout of pretty output (line feeds); inside
    // strings serde_json has escaped them already.
    let is_unsafe = |c: char| is_unsafe(c) && u32::from(c) >= 0x20;
    if !serialised.chars().any(is_unsafe) {
        return Cow::Borrowed(serialised);
    }
    let mut out = String::with_capacity(serialised.len() + 16);
    for c in serialised.chars() {
        if is_unsafe(c) {
            // serde_json already escapes C0 controls; these never stand outside a string.
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{u:04x}");
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_drives_a_terminal() {
        assert_eq!(line("a\u{1b}]52;c;x\u{7}b"), "a\\u{1b}]52;c;x\\u{7}b");
        assert_eq!(line("one\ntwo\tthree"), "one\\u{a}two\\u{9}three");
        assert_eq!(block("one\ntwo\u{9b}31m"), "one\ntwo\\u{9b}31m");
        assert_eq!(line("\u{202e}evil\u{2066}"), "\\u{202e}evil\\u{2066}");
        assert_eq!(
            line("\u{fffe}\u{ffff}\u{1fffe}\u{7f}"),
            "\\u{fffe}\\u{ffff}\\u{1fffe}\\u{7f}"
        );
        assert!(matches!(line("plain – text, ü"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_stays_json() {
        let v = serde_json::json!({ "s": "a\u{9b}b\u{202e}c\u{1fffe}\u{1b}" });
        let text = serde_json::to_string_pretty(&v).unwrap();
        let clean = json(&text);
        assert!(clean.contains('\n'));
        assert!(!clean.chars().any(|c| is_unsafe(c) && c != '\n'), "{clean}");
        let back: serde_json::Value = serde_json::from_str(&clean).unwrap();
        assert_eq!(back, v);
    }
}
