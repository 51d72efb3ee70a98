//! The review step (the documents a write produces, with their self-check) and the
//! advisor panel.

use super::super::{Theme, clean, hang};
use crate::engine::Assessment;
use crate::kb::KnowledgeBase;
use crate::tui::app::{Pane, SessionScreen};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
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
    let top_h = (top.len() as u16).min(area.height / 2);
    let [head, preview] =
        Layout::vertical([Constraint::Length(top_h), Constraint::Min(0)]).areas(area);
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
    let w = usize::from(inner.width);
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
    let overdue = a
        .tbds
        .iter()
        .filter(|t| t.due.is_some_and(|d| d < today))
        .count();
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
    owned.sort_by_key(|t| (t.due.is_none_or(|d| d >= today), t.due));
    for t in owned {
        let mut text = clean(t.question.label());
        if let Some(o) = &t.owner {
            text.push_str(&format!(" · {}", clean(o)));
        }
        if let Some(d) = t.due {
            text.push_str(&format!(" · due {d}"));
        }
        let late = t.due.is_some_and(|d| d < today);
        let (marker, style) = if late {
            ("! overdue: ", theme.severity(crate::kb::Severity::Critical))
        } else {
            ("· ", Style::new())
        };
        lines.extend(hang(marker, &text, w, style));
    }
    frame.render_widget(Paragraph::new(lines).scroll((s.advisor_scroll, 0)), inner);
}
