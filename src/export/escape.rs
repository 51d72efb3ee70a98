//! Escaping of user text for Markdown, tables and Mermaid, so nothing typed into a session
//! can break a document's structure or smuggle in HTML or terminal control sequences.

/// Removes control characters (including ESC, so no terminal escape sequence survives)
/// and turns any line break into a space.
fn clean_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if c.is_control() => {}
            // Bidirectional overrides can make text display differently from what it is.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out
}

/// One line of inline Markdown: HTML, emphasis, links and code spans are neutralised, and
/// a leading character that would start a heading, list or quote is escaped.
pub fn inline(text: &str) -> String {
    let line = clean_line(text);
    let line = line.trim();
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    // A line starting with '#', '+', '-', '=' or "1." would change block structure.
    let first = out.chars().next();
    if matches!(first, Some('#' | '+' | '-' | '=')) {
        out.insert(0, '\\');
    } else if let Some(dot) = out.find(['.', ')'])
        && dot > 0
        && out[..dot].chars().all(|c| c.is_ascii_digit())
        && out[dot + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
    {
        out.insert(dot, '\\');
    }
    out
}

/// The non-empty items, each escaped, joined with commas; `empty` when there are none.
pub fn inline_list(items: &[String], empty: &str) -> String {
    let items: Vec<String> = items
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| inline(s))
        .collect();
    if items.is_empty() {
        empty.to_string()
    } else {
        items.join(", ")
    }
}

/// A table cell: `inline`, never empty.
pub fn cell(text: &str) -> String {
    let s = inline(text);
    if s.is_empty() { " ".to_string() } else { s }
}

/// Multi-line user text as a Markdown block quote, each line escaped.
pub fn quote_block(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.trim().is_empty() {
                ">".to_string()
            } else {
                format!("> {}", inline(l))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A Mermaid node label, to be placed inside `["..."]`.
pub fn mermaid_label(text: &str) -> String {
    let line = clean_line(text);
    let mut out = String::new();
    for c in line.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '`' => out.push_str("#96;"),
            c => out.push(c),
        }
    }
    out
}

/// A DOT string literal body.
pub fn dot_label(text: &str) -> String {
    clean_line(text).replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_cannot_change_structure() {
        assert_eq!(inline("# heading"), "\\# heading");
        assert_eq!(inline("1. item"), "1\\. item");
        assert_eq!(inline("- item"), "\\- item");
        assert_eq!(inline("a | b\nc"), "a \\| b c");
        assert_eq!(
            inline("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(inline("[link](http://x)"), "\\[link\\](http://x)");
        assert_eq!(inline("\u{1b}[31mred\u{1b}[0m"), "\\[31mred\\[0m");
        assert_eq!(inline("plain words, 3.5 ms"), "plain words, 3.5 ms");
        assert_eq!(inline("99.95% of transfers"), "99.95% of transfers");
        assert_eq!(inline("2) second"), "2\\) second");
    }

    #[test]
    fn cells_and_blocks() {
        assert_eq!(cell(""), " ");
        assert_eq!(quote_block("one\n\n# two"), "> one\n>\n> \\# two");
        assert_eq!(
            mermaid_label("say \"hi\" <b>"),
            "say #quot;hi#quot; #lt;b#gt;"
        );
        assert_eq!(dot_label("a \"b\"\\"), "a \\\"b\\\"\\\\");
    }
}
