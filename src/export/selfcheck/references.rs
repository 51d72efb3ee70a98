//! The rules that read what a document says about other documents and where its choices
//! came from: a reference to a sibling file is checked against the sibling itself (the
//! file exists and holds the heading the reference points at), and every row of a
//! pattern table cites what chose the pattern.

use super::Finding;
use super::markdown::{self, Doc, Kind, normalise_heading};
use super::rules;
use std::collections::BTreeSet;

/// The phrases that announce a reference to another document in prose, lower case, each
/// ending right before the path.
const REFERRING: &[&str] = &[
    "see ",
    "per ",
    "covered in ",
    "covered by ",
    "handled in ",
    "handled by ",
    "described in ",
    "documented in ",
    "defined in ",
    "stated in ",
    "recorded in ",
];

/// The file kinds a prose reference can name.
const DOC_EXTENSIONS: &[&str] = &[".md", ".yaml", ".yml", ".json", ".toml"];

/// The anchor a heading gets in rendered Markdown: lower case, spaces as hyphens, every
/// other character but letters, digits, hyphens and underscores dropped.
pub(crate) fn anchor_of(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Every anchor of a document's headings; a repeated heading gets `-1`, `-2`, ... as
/// rendered Markdown numbers them.
fn anchors(doc: &Doc) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, l) in doc.lines.iter().enumerate() {
        if !matches!(l.kind, Kind::Heading(_)) {
            continue;
        }
        let base = anchor_of(&doc.heading_text(i));
        let mut a = base.clone();
        let mut n = 0;
        while !out.insert(a.clone()) {
            n += 1;
            a = format!("{base}-{n}");
        }
    }
    out
}

/// The sibling cross-reference rule. A link with an anchor (`design.md#system-concerns`,
/// `#risks` in the same document) must land on a heading of the document it names, read
/// through `read` (given the path joined to `path`'s folder; `None` when it cannot be
/// read, which the cross-link rule reports if the file is missing). A path named in prose
/// after "see", "covered in", "handled by" and the like must exist (`resolves`), and its
/// anchor, when it has one, must be a heading there.
pub(crate) fn sibling_references(
    path: &str,
    doc: &Doc,
    resolves: &dyn Fn(&str) -> bool,
    read: &dyn Fn(&str) -> Option<String>,
    out: &mut Vec<Finding>,
) {
    let own = anchors(doc);
    let heading_at = |file: &str, anchor: &str| -> Option<bool> {
        if file.is_empty() {
            return Some(own.contains(anchor));
        }
        let text = read(file)?;
        Some(anchors(&Doc::parse(&text)).contains(anchor))
    };
    for l in doc.lines.iter().filter(|l| l.kind == Kind::Text) {
        for link in markdown::links(l.text) {
            let Some((file, anchor)) = link.target.trim().split_once('#') else {
                continue;
            };
            if anchor.is_empty() {
                continue;
            }
            let resolved = if file.is_empty() {
                String::new()
            } else {
                match markdown::relative_target(file) {
                    Some(t) if t.ends_with(".md") => markdown::join(path, &t),
                    _ => continue,
                }
            };
            if heading_at(&resolved, anchor) == Some(false) {
                out.push(rules::SIBLING_REFERENCE.at(
                    path,
                    Some(l.no),
                    format!(
                        "link to \"{}\": {} has no heading \"#{anchor}\"; link a heading it has, or add the section there",
                        link.target,
                        if resolved.is_empty() { "this document" } else { resolved.as_str() }
                    ),
                ));
            }
        }
        for (reference, target) in prose_references(l.text) {
            let (file, anchor) = target.split_once('#').unwrap_or((target.as_str(), ""));
            let resolved = markdown::join(path, file);
            if !resolves(&resolved) {
                out.push(rules::SIBLING_REFERENCE.at(
                    path,
                    Some(l.no),
                    format!(
                        "\"{reference}\" names a document that is neither written nor on disk ({resolved}); write it, or name the one that covers this"
                    ),
                ));
            } else if !anchor.is_empty() && heading_at(&resolved, anchor) == Some(false) {
                out.push(rules::SIBLING_REFERENCE.at(
                    path,
                    Some(l.no),
                    format!(
                        "\"{reference}\": {resolved} has no heading \"#{anchor}\"; point at a section it has"
                    ),
                ));
            }
        }
    }
}

/// The prose references of a line: a referring phrase followed by a relative document
/// path (in backticks or not) that is not part of a link, as (the phrase and path, the
/// path).
fn prose_references(line: &str) -> Vec<(String, String)> {
    let lower = line.to_lowercase();
    let mut out = Vec::new();
    for phrase in REFERRING {
        let mut from = 0;
        while let Some(at) = lower[from..].find(phrase) {
            let start = from + at;
            from = start + phrase.len();
            // A whole word: "oversee " is not "see ".
            if lower[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let rest = &line[from..];
            let token: &str = rest.split_whitespace().next().unwrap_or_default();
            // Inside a link's text or target: the link rules judge it.
            if token.starts_with('[') || token.starts_with('(') {
                continue;
            }
            let path = token
                .trim_matches(|c: char| matches!(c, '`' | '"' | '\'' | '*' | '_'))
                .trim_end_matches(['.', ',', ';', ':', ')', '`', '"', '\''])
                .trim_matches('`');
            let file = path.split('#').next().unwrap_or_default();
            if path.contains("://")
                || path.starts_with('/')
                || !DOC_EXTENSIONS.iter().any(|e| file.ends_with(e))
                || file.len() <= 4
            {
                continue;
            }
            out.push((
                format!("{}{path}", phrase).trim().to_string(),
                path.to_string(),
            ));
        }
    }
    out
}

/// The headers of a pattern table's column that says where a row came from.
const ATTRIBUTION_COLUMNS: &[&str] = &[
    "why",
    "source",
    "chosen by",
    "attribution",
    "provenance",
    "because",
    "origin",
    "reason",
];

/// What an attribution cell cites: a decision-graph path, answers ("Label = choice"), the
/// threshold, what is in place today, a decision record, or a link to where it is argued.
const ATTRIBUTION_MARKS: &[&str] = &[
    "path",
    "answer",
    " = ",
    "threshold",
    "in place",
    "adr",
    "question",
    "](",
    "§",
];

fn cells(row: &str) -> Vec<String> {
    let t = row.trim().trim_start_matches('|').trim_end_matches('|');
    // An escaped pipe is part of a cell.
    let mut out = vec![String::new()];
    let mut prev = ' ';
    for c in t.chars() {
        if c == '|' && prev != '\\' {
            out.push(String::new());
        } else if let Some(last) = out.last_mut() {
            last.push(c);
        }
        prev = c;
    }
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

fn is_separator(row: &str) -> bool {
    let cs = cells(row);
    !cs.is_empty()
        && cs
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|x| matches!(x, '-' | ':' | ' ')))
}

/// The pattern-table attribution rule: in a section about patterns, a table with a
/// Pattern column has a column saying why each row is there, and every row's cell cites
/// what chose it (the graph path, the answers, the threshold, what is in place).
pub(crate) fn pattern_attribution(path: &str, doc: &Doc, out: &mut Vec<Finding>) {
    let mut i = 0;
    let mut in_patterns = false;
    while i < doc.lines.len() {
        let l = &doc.lines[i];
        if matches!(l.kind, Kind::Heading(_)) {
            in_patterns = normalise_heading(&doc.heading_text(i)).contains("pattern");
            i += 1;
            continue;
        }
        let is_row = |j: usize| {
            doc.lines
                .get(j)
                .is_some_and(|x| x.kind == Kind::Text && x.text.trim_start().starts_with('|'))
        };
        if !(in_patterns && is_row(i) && is_row(i + 1) && is_separator(doc.lines[i + 1].text)) {
            i += 1;
            continue;
        }
        let header: Vec<String> = cells(l.text).iter().map(|c| c.to_lowercase()).collect();
        let mut end = i + 2;
        while is_row(end) {
            end += 1;
        }
        let Some(pattern_col) = header.iter().position(|h| h.contains("pattern")) else {
            i = end;
            continue;
        };
        let Some(why_col) = header
            .iter()
            .position(|h| ATTRIBUTION_COLUMNS.contains(&h.as_str()))
        else {
            out.push(rules::PATTERN_ATTRIBUTION.at(
                path,
                Some(l.no),
                "the pattern table does not say where its rows come from: add a column (Why) citing the answers or the decision-graph path that chose each pattern".into(),
            ));
            i = end;
            continue;
        };
        for row in &doc.lines[i + 2..end] {
            let cs = cells(row.text);
            let cited = cs.get(why_col).is_some_and(|c| {
                let lower = c.to_lowercase();
                !markdown::is_tbd(c) && ATTRIBUTION_MARKS.iter().any(|m| lower.contains(m))
            });
            if !cited {
                let name = cs.get(pattern_col).map_or("", String::as_str);
                out.push(rules::PATTERN_ATTRIBUTION.at(
                    path,
                    Some(row.no),
                    format!(
                        "the pattern \"{name}\" cites nothing that chose it; name the answers or the decision-graph path behind it"
                    ),
                ));
            }
        }
        i = end;
    }
}
