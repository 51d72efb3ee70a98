//! The text of the overlays whose length the state needs as well as the view (how far
//! they scroll): the review overview and a write's changes. Plain data in, lines out.

use super::style::{Theme, clean, cut, hang};
use crate::engine;
use crate::kb::KnowledgeBase;
use crate::session::{Date, Session};
use crate::workflow::{DiffLine, FileChange, FileState, Staleness};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use std::path::Path;

/// Lines of a new file shown before "… more lines".
const NEW_FILE_LINES: usize = 12;

/// What the overview shows.
pub struct OverviewInput<'a> {
    /// The session's assessment (the frame's own, when drawn).
    pub assessment: &'a engine::Assessment<'a>,
    pub session: &'a Session,
    pub today: Date,
    pub read_only: bool,
    /// Documents of the feature on disk.
    pub written: usize,
    pub staleness: &'a Staleness,
}

/// The review overview's lines at `width`: tier, findings, TBDs and stale documents.
pub fn overview_lines(input: &OverviewInput, color: bool, width: u16) -> Vec<Line<'static>> {
    let theme = Theme { color };
    let w = usize::from(width);
    let a = input.assessment;
    let today = input.today;
    let mut lines = Vec::new();
    lines.push(Line::styled("Readiness tier", theme.bold()));
    lines.extend(hang("  ", &a.tier.statement(), w, Style::new()));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("Anti-patterns found ({})", a.findings.len()),
        theme.bold(),
    ));
    if a.findings.is_empty() {
        lines.push(Line::raw("  none"));
    }
    for f in &a.findings {
        let fixes: Vec<&str> = f.fix.iter().map(|p| p.name.as_str()).collect();
        let text = if fixes.is_empty() {
            clean(&f.antipattern.name)
        } else {
            format!(
                "{} (fix with: {})",
                clean(&f.antipattern.name),
                fixes.join(", ")
            )
        };
        lines.extend(hang(
            &format!("  [{}] ", f.severity().as_str()),
            &text,
            w,
            theme.severity(f.severity()),
        ));
    }
    lines.push(Line::raw(""));
    let overdue = a.tbds.iter().filter(|t| t.overdue_on(today)).count();
    lines.push(Line::styled(
        if overdue > 0 {
            format!("Open TBDs ({}, {overdue} overdue)", a.tbds.len())
        } else {
            format!("Open TBDs ({})", a.tbds.len())
        },
        theme.bold(),
    ));
    if a.tbds.is_empty() {
        lines.push(Line::raw("  none"));
    }
    // Overdue first, then by due date, then those with an owner, then the rest.
    let mut tbds: Vec<_> = a.tbds.iter().collect();
    tbds.sort_by_key(|t| {
        (
            !t.overdue_on(today),
            t.due.is_none(),
            t.due,
            t.owner.is_none(),
        )
    });
    for t in tbds {
        let mut text = clean(t.question.label());
        match &t.owner {
            Some(o) => text.push_str(&format!(" · owner {}", clean(o))),
            None => text.push_str(" · no owner yet"),
        }
        if let Some(d) = t.due {
            text.push_str(&format!(" · due {d}"));
        }
        let late = t.overdue_on(today);
        let (marker, style) = if late {
            (
                "  ! overdue: ",
                theme.severity(crate::kb::Severity::Critical),
            )
        } else {
            ("  · ", Style::new())
        };
        lines.extend(hang(marker, &text, w, style));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Documents", theme.bold()));
    let written = input.written;
    let st = input.staleness;
    if input.read_only {
        lines.extend(hang(
            "  ",
            "A read-only example: nothing is written from it.",
            w,
            theme.dim(),
        ));
    } else if written == 0 {
        lines.extend(hang(
            "  ",
            "None written yet: the review step writes them (w).",
            w,
            Style::new(),
        ));
    } else if st.is_empty() {
        lines.extend(hang(
            "  ",
            &format!("The {written} documents on disk are current with the session."),
            w,
            Style::new(),
        ));
    }
    if !st.stale.is_empty() {
        lines.extend(hang(
            "  stale: ",
            &format!(
                "{} (the session changed since they were written; w in the review step writes them again)",
                st.stale.join(", ")
            ),
            w,
            theme.severity(crate::kb::Severity::Major),
        ));
    }
    if !st.by_hand.is_empty() {
        lines.extend(hang(
            "  edited by hand: ",
            &st.by_hand.join(", "),
            w,
            theme.severity(crate::kb::Severity::Major),
        ));
    }
    lines.push(Line::raw(""));
    lines.extend(hang(
        "",
        "Enter or Esc: go on where the session stopped. O shows this overview again; / finds any question by its text.",
        w,
        theme.accent(),
    ));
    lines
}

/// The lines of a write's changes at `width`: a summary of the files, then each file's
/// changed lines (a new file's first lines only).
pub fn write_diff_lines(
    changes: &[FileChange],
    root: &Path,
    color: bool,
    width: u16,
) -> Vec<Line<'static>> {
    let theme = Theme { color };
    let show = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    let w = usize::from(width);
    let cut = |t: &str| cut(&clean(t), w);
    let mut lines = vec![Line::styled(
        cut(&format!(
            "A write changes {} file(s), and regenerates docs/system/catalog.md:",
            changes.len()
        )),
        theme.bold(),
    )];
    let state = |c: &FileChange| match c.state {
        FileState::New => "new",
        FileState::Changed => "changed",
    };
    for c in changes {
        lines.push(Line::raw(cut(&format!(
            "  {:<8}{} (+{} −{})",
            state(c),
            show(&c.path),
            c.added,
            c.removed
        ))));
    }
    let added = theme.accent();
    let removed = theme.severity(crate::kb::Severity::Critical);
    for c in changes {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            cut(&format!("── {} ({})", show(&c.path), state(c))),
            theme.bold(),
        ));
        let shown = if c.state == FileState::New {
            NEW_FILE_LINES.min(c.lines.len())
        } else {
            c.lines.len()
        };
        for l in &c.lines[..shown] {
            let (marker, text, style) = match l {
                DiffLine::Hunk(h) => {
                    lines.push(Line::styled(cut(h), theme.dim()));
                    continue;
                }
                DiffLine::Context(t) => ("  ", t, Style::new()),
                DiffLine::Added(t) => ("+ ", t, added),
                DiffLine::Removed(t) => ("- ", t, removed),
            };
            // Wrapped, not cut: a change late in a long line must show. Spaces are kept
            // (indentation matters in YAML and code).
            lines.extend(
                wrap_keeping_spaces(&clean(text), w.saturating_sub(2).max(1))
                    .into_iter()
                    .enumerate()
                    .map(|(i, part)| {
                        Line::styled(
                            format!("{}{part}", if i == 0 { marker } else { "  " }),
                            style,
                        )
                    }),
            );
        }
        if shown < c.lines.len() {
            lines.push(Line::styled(
                format!("  … {} more new lines", c.lines.len() - shown),
                theme.dim(),
            ));
        }
    }
    lines
}

/// The advisor panel's lines at `width`: the tier, what the next one needs, the
/// anti-patterns and patterns (numbered: the digit opens one in the catalog) and the TBDs
/// someone owns or must decide by a date, overdue first.
pub fn advisor_lines(
    a: &engine::Assessment,
    today: Date,
    color: bool,
    width: u16,
) -> Vec<Line<'static>> {
    let theme = Theme { color };
    let w = usize::from(width);
    let mut lines = Vec::new();
    if a.threshold.below {
        lines.extend(hang(
            "",
            "Below the threshold: keep it simple.",
            w,
            theme.accent(),
        ));
        lines.push(Line::raw(""));
    }
    let level = usize::from(a.tier.earned.level);
    let bar = w.saturating_sub(6).clamp(4, 24);
    let filled = if a.tier.gate_met {
        (level + 1) * bar / 5
    } else {
        level * bar / 5
    };
    lines.push(Line::styled("Readiness tier", theme.bold()));
    lines.push(Line::raw(format!(
        "{}{} {}/4",
        "█".repeat(filled),
        "░".repeat(bar - filled),
        level
    )));
    // The engine's one statement of the tier: never "Prototype" beside "gate not met".
    lines.extend(hang("", &a.tier.earned_name(), w, Style::new()));
    if let Some(next) = a.tier.next {
        let heading = if next.id == a.tier.earned.id {
            "Still needed:".to_string()
        } else {
            format!("For {}:", next.name)
        };
        lines.push(Line::styled(heading, theme.dim()));
        for c in a.tier.blocking_next.iter().take(2) {
            lines.extend(hang(" ✗ ", &c.reason, w, Style::new()));
        }
        for e in a.tier.missing_for_next.iter().take(3) {
            lines.extend(hang(" ☐ ", &e.text, w, Style::new()));
        }
        let more = (a.tier.blocking_next.len().saturating_sub(2))
            + a.tier.missing_for_next.len().saturating_sub(3);
        if more > 0 {
            lines.push(Line::styled(format!("   … {more} more"), theme.dim()));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("Anti-patterns ({})", a.findings.len()),
        theme.bold(),
    ));
    // Numbered as `advisor_links` numbers them: the digit opens the entry in the catalog.
    let number = |i: usize| {
        if i < 9 {
            format!("{} ", i + 1)
        } else {
            "  ".to_string()
        }
    };
    for (i, f) in a.findings.iter().enumerate() {
        let tag = format!("{}[{}] ", number(i), f.severity().as_str());
        let mut wrapped = hang(
            &" ".repeat(tag.chars().count()),
            &f.antipattern.name,
            w,
            Style::new(),
        );
        if let Some(first) = wrapped.first_mut() {
            let rest: String = first
                .spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
                .chars()
                .skip(tag.chars().count())
                .collect();
            *first = Line::from(vec![
                Span::styled(tag, theme.severity(f.severity())),
                Span::raw(rest),
            ]);
        }
        lines.extend(wrapped);
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("Patterns ({})", a.patterns.len()),
        theme.bold(),
    ));
    for (i, r) in a.patterns.iter().enumerate() {
        lines.extend(hang(
            &number(a.findings.len() + i),
            &r.pattern.name,
            w,
            Style::new(),
        ));
    }
    lines.push(Line::raw(""));
    let overdue = a.tbds.iter().filter(|t| t.overdue_on(today)).count();
    lines.push(Line::styled(
        if overdue > 0 {
            format!("Open TBDs: {} ({overdue} overdue)", a.tbds.len())
        } else {
            format!("Open TBDs: {}", a.tbds.len())
        },
        theme.bold(),
    ));
    // The ones someone owns or must decide by a date first, overdue at the top.
    let mut owned: Vec<_> = a
        .tbds
        .iter()
        .filter(|t| t.owner.is_some() || t.due.is_some())
        .collect();
    owned.sort_by_key(|t| (!t.overdue_on(today), t.due));
    for t in owned {
        let mut text = clean(t.question.label());
        if let Some(o) = &t.owner {
            text.push_str(&format!(" · {}", clean(o)));
        }
        if let Some(d) = t.due {
            text.push_str(&format!(" · due {d}"));
        }
        let late = t.overdue_on(today);
        let (marker, style) = if late {
            ("! overdue: ", theme.severity(crate::kb::Severity::Critical))
        } else {
            ("· ", Style::new())
        };
        lines.extend(hang(marker, &text, w, style));
    }
    lines
}

/// The catalog entry at `cursor` among the hits of `query`, wrapped to `width`: its name,
/// its numbered links (the digit follows one), then the rest.
pub fn catalog_detail_lines(
    kb: &KnowledgeBase,
    query: &str,
    cursor: usize,
    color: bool,
    width: usize,
) -> Vec<Line<'static>> {
    let theme = Theme { color };
    let hits = crate::catalog::search(kb, query);
    let Some(e) = hits.get(cursor) else {
        return Vec::new();
    };
    let text = crate::catalog::detail(kb, *e);
    let mut paragraphs = text.lines();
    let wrap = |line: &str| match line.strip_prefix("  - ") {
        Some(item) => hang("  - ", item, width, Style::new()),
        None if line.is_empty() => vec![Line::raw("")],
        None => hang("", line, width, Style::new()),
    };
    // The entry's name, then its links where they are seen at once, then the rest.
    let mut lines: Vec<Line<'static>> = paragraphs.next().map(wrap).unwrap_or_default();
    let links = crate::catalog::links(kb, *e);
    if !links.is_empty() {
        lines.push(Line::styled(
            "Go to (press the number; Esc comes back):",
            theme.bold(),
        ));
        for (i, (label, _)) in links.iter().enumerate().take(9) {
            lines.extend(hang(
                &format!("  [{}] ", i + 1),
                label,
                width,
                theme.accent(),
            ));
        }
    }
    lines.extend(paragraphs.flat_map(wrap));
    lines
}

/// `text` in pieces of at most `width` characters, spaces and all.
fn wrap_keeping_spaces(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return vec![String::new()];
    }
    chars.chunks(width).map(|c| c.iter().collect()).collect()
}
