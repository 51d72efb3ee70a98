//! One line of Markdown read on its own: list items, "label: value" lines and TBD
//! markers.

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
