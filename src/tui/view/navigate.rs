//! The overlays that help move around and decide: the review overview, a write's changes
//! before it is confirmed, and the search that jumps to a question.

use super::{Theme, clean, fit, hang};
use crate::engine;
use crate::tui::app::{App, SessionScreen, jump_hits};
use crate::workflow::{DiffLine, FileChange, FileState};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

/// Lines of a new file shown before "… more lines".
const NEW_FILE_LINES: usize = 12;

/// The review overview's lines at `width`: tier, findings, TBDs and stale documents.
pub fn overview_lines(app: &App, s: &SessionScreen, width: u16) -> Vec<Line<'static>> {
    let theme = Theme { color: app.color };
    let w = usize::from(width);
    let a = engine::assess(&app.kb, &s.session);
    let today = app.today;
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
    let overdue = a
        .tbds
        .iter()
        .filter(|t| t.due.is_some_and(|d| d < today))
        .count();
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
            t.due.is_none_or(|d| d >= today),
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
        let late = t.due.is_some_and(|d| d < today);
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
    let written = s.docs.files.len();
    let st = &s.staleness;
    if s.read_only() {
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

pub fn overview(app: &App, s: &SessionScreen, frame: &mut Frame, area: Rect, scroll: u16) {
    let theme = Theme { color: app.color };
    let block = theme.block(&format!("Overview: {}", clean(&s.session.feature)), true);
    let inner = block.inner(area);
    let lines = overview_lines(app, s, inner.width);
    scrolled(frame, area, block, lines, scroll);
}

/// Draws `lines` in `block` over `area`, scrolled (never past the end), with a sign when
/// more follows.
fn scrolled(
    frame: &mut Frame,
    area: Rect,
    block: ratatui::widgets::Block<'static>,
    lines: Vec<Line<'static>>,
    scroll: u16,
) {
    frame.render_widget(Clear, area);
    let inner = block.inner(area);
    let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let scroll = scroll.min(total.saturating_sub(inner.height));
    let block = if total.saturating_sub(scroll) > inner.height {
        block.title_bottom(Line::from(" ↓ more: j, ↓ or PgDn ").right_aligned())
    } else {
        block
    };
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}

/// The lines of a write's changes at `width`: a summary of the files, then each file's
/// changed lines (a new file's first lines only).
pub fn write_diff_lines(app: &App, changes: &[FileChange], width: u16) -> Vec<Line<'static>> {
    let theme = Theme { color: app.color };
    let w = usize::from(width);
    let cut = |t: &str| super::session::truncate(&clean(t), w);
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
            app.show(&c.path),
            c.added,
            c.removed
        ))));
    }
    let added = theme.accent();
    let removed = theme.severity(crate::kb::Severity::Critical);
    for c in changes {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            cut(&format!("── {} ({})", app.show(&c.path), state(c))),
            theme.bold(),
        ));
        let shown = if c.state == FileState::New {
            NEW_FILE_LINES.min(c.lines.len())
        } else {
            c.lines.len()
        };
        for l in &c.lines[..shown] {
            lines.push(match l {
                DiffLine::Hunk(h) => Line::styled(cut(h), theme.dim()),
                DiffLine::Context(t) => Line::raw(cut(&format!("  {t}"))),
                DiffLine::Added(t) => Line::styled(cut(&format!("+ {t}")), added),
                DiffLine::Removed(t) => Line::styled(cut(&format!("- {t}")), removed),
            });
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

pub fn write_diff(app: &App, changes: &[FileChange], frame: &mut Frame, area: Rect, scroll: u16) {
    let theme = Theme { color: app.color };
    let block = theme.block("Write these changes? y: write · n: cancel", true);
    let inner = block.inner(area);
    let lines = write_diff_lines(app, changes, inner.width);
    scrolled(frame, area, block, lines, scroll);
}

/// The search that jumps to a question: the query, then the hits.
pub fn jump(
    app: &App,
    s: &SessionScreen,
    query: &str,
    cursor: usize,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = Theme { color: app.color };
    frame.render_widget(Clear, area);
    let hits = jump_hits(&app.kb, s, query);
    let block = theme.block(
        &format!(
            "Find a question or a catalog entry ({} match{})",
            hits.len(),
            if hits.len() == 1 { "" } else { "es" }
        ),
        true,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let mut lines = vec![
        Line::styled(fit(&format!("Find: {}█", clean(query)), w), theme.bold()),
        Line::raw(""),
    ];
    let rows = usize::from(inner.height.saturating_sub(2));
    let first = crate::tui::layout::offset(cursor, rows as u16);
    if hits.is_empty() {
        lines.push(Line::styled(
            "Nothing matches: Backspace widens the search.",
            theme.dim(),
        ));
    }
    for (i, hit) in hits.iter().enumerate().skip(first).take(rows) {
        let marker = if i == cursor { "› " } else { "  " };
        let place = format!("  [{}]", clean(&hit.place));
        let room = w.saturating_sub(place.chars().count() + 2);
        let text = format!(
            "{marker}{}{place}",
            super::session::truncate(&clean(&hit.label), room)
        );
        lines.push(if i == cursor {
            Line::styled(fit(&text, w), theme.selected())
        } else {
            Line::raw(text)
        });
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
