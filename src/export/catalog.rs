//! docs/system/catalog.md: the system catalog, one row per feature that has a per-feature
//! README, and the shared platform documents that exist. The rows are read back from the
//! READMEs (their "Service info" and "System concerns" lines), not from the sessions, so
//! ten thousand features regenerate in well under a second; `files::write_catalog` does
//! the reading and writing, this module is pure.

use super::design::tbd_marker;
use super::escape::cell;
use super::index::{SESSION_DATE_LINE, href};
use super::markdown::Markdown;
use crate::session::Date;

/// One feature's row, as plain text (Markdown escapes removed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// The feature folder's name.
    pub slug: String,
    pub owner: String,
    pub tier: String,
    pub slo: String,
    pub compliance: String,
    pub last_reviewed: String,
    /// The session date the README was derived from.
    pub session_date: Option<Date>,
}

/// The shared platform documents under docs/system/ that exist.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CrossCutting {
    /// (file name, the status line found in it) for topology.md, capacity.md,
    /// compliance.md, dr.md and glossary.md, for those that exist.
    pub docs: Vec<(String, Option<String>)>,
    /// Number of standards/*.md, when the folder exists.
    pub standards: Option<usize>,
    /// File names of adrs/*.md, when the folder exists.
    pub adrs: Option<Vec<String>>,
    /// Number of runbooks/*.md, when the folder exists.
    pub runbooks: Option<usize>,
}

/// The single documents of the cross-cutting table: (file, concern), in table order.
pub const DOCS: &[(&str, &str)] = &[
    ("topology.md", "Org topology"),
    ("capacity.md", "Capacity envelope"),
    ("compliance.md", "Compliance baseline"),
    ("dr.md", "DR strategy"),
    ("glossary.md", "Glossary"),
];

const TBD: &str = "<TBD>";

/// Removes the escapes `escape::inline` adds, so a value read from a README is plain text
/// again; a code span (a `<TBD>` marker) gives its content.
fn unescape(value: &str) -> String {
    let v = value.trim();
    if let Some(inner) = v.strip_prefix('`').and_then(|v| v.strip_suffix('`'))
        && !inner.contains('`')
    {
        return inner.to_string();
    }
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Reads a row from a per-feature README: the `- **Label**: value` lines above "## Shared
/// references" and the session-date line. A missing line gives `<TBD>`.
pub fn parse_readme(slug: &str, text: &str) -> Row {
    let mut row = Row {
        slug: slug.to_string(),
        ..Row::default()
    };
    for line in text.lines() {
        if line.starts_with("## Shared references") {
            break;
        }
        if let Some(rest) = line.strip_prefix(SESSION_DATE_LINE) {
            row.session_date = rest.trim().trim_end_matches('.').parse().ok();
            continue;
        }
        let Some((label, value)) = line.strip_prefix("- **").and_then(|l| l.split_once("**: "))
        else {
            continue;
        };
        let field = match label {
            "Owner team" => &mut row.owner,
            "SLO" => &mut row.slo,
            "Tier" => &mut row.tier,
            "Last reviewed" => &mut row.last_reviewed,
            "Compliance" => &mut row.compliance,
            _ => continue,
        };
        *field = unescape(value);
    }
    for f in [
        &mut row.owner,
        &mut row.slo,
        &mut row.tier,
        &mut row.last_reviewed,
        &mut row.compliance,
    ] {
        if f.trim().is_empty() {
            *f = TBD.to_string();
        }
    }
    row
}

/// The newest session date among the rows: the catalog's "Last updated".
pub fn newest(rows: &[Row]) -> Option<Date> {
    rows.iter().filter_map(|r| r.session_date).max()
}

/// The status a shared document states about itself: the value of its first
/// "Status: X" or "- **Status**: X" line, if any.
pub fn status_line(text: &str) -> Option<String> {
    text.lines().take(40).find_map(|l| {
        let l = l.trim().trim_start_matches(['-', '*', ' ']);
        let rest = l
            .strip_prefix("Status**:")
            .or_else(|| l.strip_prefix("Status:"))
            .or_else(|| l.strip_prefix("status:"))?;
        let v = unescape(rest.trim().trim_matches('"'));
        (!v.is_empty()).then_some(v)
    })
}

fn text_cell(v: &str) -> String {
    if v.starts_with("<TBD") {
        tbd_marker(v)
    } else {
        cell(v)
    }
}

/// Renders the catalog: rows sorted by slug, cross-cutting rows only for what exists.
pub fn render(rows: &[Row], cross: &CrossCutting, date: Option<Date>) -> String {
    let mut rows: Vec<&Row> = rows.iter().collect();
    rows.sort_by(|a, b| a.slug.cmp(&b.slug));
    let mut md = Markdown::with_capacity(256 + rows.len() * 160);
    md.heading(1, "System Catalog")
        .para(format_args!(
            "Last updated: {}",
            date.map_or("`<TBD>`".to_string(), |d| d.to_string())
        ))
        .table(&[
            "Feature",
            "Owner",
            "Tier",
            "SLO",
            "Compliance",
            "Last reviewed",
            "Index",
        ]);
    for r in &rows {
        md.row(&[
            cell(&r.slug),
            text_cell(&r.owner),
            text_cell(&r.tier),
            text_cell(&r.slo),
            text_cell(&r.compliance),
            text_cell(&r.last_reviewed),
            format!("[README](../features/{}/README.md)", href(&r.slug)),
        ]);
    }
    if rows.is_empty() {
        md.blank().line("No feature has a README yet.");
    }
    md.blank().heading(2, "Cross-cutting concerns");
    let mut lines = Vec::new();
    for (file, concern) in DOCS {
        if let Some((_, status)) = cross.docs.iter().find(|(f, _)| f == file) {
            let status = status.as_deref().map_or("`<TBD>`".to_string(), cell);
            lines.push([concern.to_string(), format!("[{file}]({file})"), status]);
        }
    }
    if let Some(n) = cross.standards {
        lines.push([
            "Standards".to_string(),
            "[standards/](standards/)".to_string(),
            format!("{n} standard{} documented", if n == 1 { "" } else { "s" }),
        ]);
    }
    if let Some(adrs) = &cross.adrs {
        let latest = adrs
            .iter()
            .filter_map(|f| f.get(..4).filter(|n| n.bytes().all(|b| b.is_ascii_digit())))
            .max()
            .map_or(String::new(), |n| format!(", latest {n}"));
        lines.push([
            "Platform-wide ADRs".to_string(),
            "[adrs/](adrs/)".to_string(),
            format!(
                "{} decision{}{latest}",
                adrs.len(),
                if adrs.len() == 1 { "" } else { "s" }
            ),
        ]);
    }
    if let Some(n) = cross.runbooks {
        lines.push([
            "Platform runbooks".to_string(),
            "[runbooks/](runbooks/)".to_string(),
            format!("{n} runbook{}", if n == 1 { "" } else { "s" }),
        ]);
    }
    if lines.is_empty() {
        md.line("No shared platform documents exist under docs/system/ yet.");
    } else {
        md.table(&["Concern", "Doc", "Status"]);
        for l in &lines {
            md.row(l);
        }
    }
    md.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_through_the_readme_escapes() {
        let hostile = "a | b <x> *y* `z` [l](u) & 1. c";
        let escaped = crate::export::escape::inline(hostile);
        assert_eq!(unescape(&escaped), hostile);
        assert_eq!(unescape("`<TBD: team>`"), "<TBD: team>");
    }

    #[test]
    fn status_lines() {
        assert_eq!(
            status_line("# DR\n\n- **Status**: Active\n"),
            Some("Active".into())
        );
        assert_eq!(
            status_line("---\nstatus: \"draft\"\n---\n"),
            Some("draft".into())
        );
        assert_eq!(status_line("# Glossary\n\nterms\n"), None);
    }
}
