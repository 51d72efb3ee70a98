//! The review step (the documents a write produces, with their self-check) and the
//! advisor panel.

use super::super::{Theme, clean};
use crate::engine::Assessment;
use crate::kb::KnowledgeBase;
use crate::tui::app::{Pane, SessionScreen};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::*;

pub(super) fn review(
    _kb: &KnowledgeBase,
    s: &SessionScreen,
    a: &Assessment,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let Some(cache) = &s.review else {
        frame.render_widget(Paragraph::new("Preparing the documents…"), area);
        return;
    };
    let critical = cache
        .findings
        .iter()
        .filter(|f| f.severity == crate::selfcheck::Severity::Critical)
        .count();
    let w = usize::from(area.width);
    let mut top = vec![Line::from(vec![
        Span::styled("Self-check: ", theme.bold()),
        Span::raw(format!(
            "{critical} critical, {} important · tier {} · {} anti-pattern(s) · {} open TBD(s)",
            cache.findings.len() - critical,
            a.tier.earned.name,
            a.findings.len(),
            a.tbds.len()
        )),
    ])];
    // The documents, one row each, with their findings count.
    let rows = usize::from(area.height / 3).clamp(3, 12);
    let first = s.artifact.saturating_sub(rows - 1);
    for (i, art) in cache.artifacts.iter().enumerate().skip(first).take(rows) {
        let n = cache.findings.iter().filter(|f| f.path == art.path).count();
        let crit = cache
            .findings
            .iter()
            .any(|f| f.path == art.path && f.severity == crate::selfcheck::Severity::Critical);
        let mark = if crit {
            "✗"
        } else if n > 0 {
            "!"
        } else {
            "✓"
        };
        let on_disk = if cache.staleness.stale.contains(&art.path) {
            " · stale on disk"
        } else if cache.staleness.by_hand.contains(&art.path) {
            " · edited by hand on disk"
        } else {
            ""
        };
        let text = format!(
            "{}{mark} {}{}{on_disk}",
            if i == s.artifact { "›" } else { " " },
            art.path,
            if n > 0 {
                format!(" ({n} finding{})", if n == 1 { "" } else { "s" })
            } else {
                String::new()
            }
        );
        let style = if i == s.artifact {
            theme.selected()
        } else if crit {
            theme.severity(crate::kb::Severity::Critical)
        } else {
            Style::new()
        };
        top.push(Line::styled(
            if i == s.artifact {
                super::super::fit(&text, w)
            } else {
                truncate(&text, w)
            },
            style,
        ));
    }
    let selected = cache.artifacts.get(s.artifact);
    if let Some(art) = selected {
        for f in cache.findings.iter().filter(|f| f.path == art.path).take(3) {
            let line = f.line.map(|l| format!(":{l}")).unwrap_or_default();
            // One line each; the document itself, below, has the full text.
            let severity = if f.severity == crate::selfcheck::Severity::Critical {
                crate::kb::Severity::Critical
            } else {
                crate::kb::Severity::Major
            };
            top.push(Line::styled(
                truncate(
                    &format!("  {}{line}: {}", f.severity.as_str(), clean(&f.message)),
                    w,
                ),
                theme.severity(severity),
            ));
        }
    }
    let write_line = if s.read_only() {
        "Read-only example: start a new feature to write documents.".to_string()
    } else if s.written.is_empty() {
        format!(
            "w writes all {} documents under docs/features/{}/ (asks first about hand edits and critical findings)",
            cache.artifacts.len(),
            s.session.slug
        )
    } else {
        format!(
            "Written: {} file(s), and docs/system/catalog.md regenerated",
            // The catalog is always the last path written.
            s.written.len().saturating_sub(1)
        )
    };
    top.push(Line::styled(truncate(&write_line, w), theme.accent()));
    let st = &cache.staleness;
    if !st.stale.is_empty() {
        top.push(Line::styled(
            truncate(
                &format!(
                    "Stale on disk: {} (the session changed since they were written; w writes them again)",
                    st.stale.join(", ")
                ),
                w,
            ),
            theme.severity(crate::kb::Severity::Major),
        ));
    }
    // The state bounds the preview's scrolling with the same count.
    debug_assert_eq!(
        top.len(),
        usize::from(crate::tui::app::review_head_len(s, area.height))
    );
    let [head, preview] =
        crate::tui::geometry::review_split(area, u16::try_from(top.len()).unwrap_or(u16::MAX));
    frame.render_widget(Paragraph::new(top), head);
    let (title, text) = match selected {
        Some(art) => (
            format!("{} (←→ other documents, ↑↓ scroll)", art.path),
            clean(&crate::export::files::final_text(art)),
        ),
        None => ("preview".to_string(), String::new()),
    };
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .scroll((s.preview_scroll, 0))
            .block(theme.block(&title, false)),
        preview,
    );
}

pub(super) fn advisor(
    a: &Assessment,
    s: &SessionScreen,
    today: crate::session::Date,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let block = theme.block("Advisor", s.focus == Pane::Advisor);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = crate::tui::sheets::advisor_lines(a, today, theme.color, inner.width);
    let scroll = s
        .advisor_scroll
        .min(crate::tui::geometry::max_scroll(lines.len(), inner.height));
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}
