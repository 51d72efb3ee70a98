//! The catalog screen: search as you type, results, and the entry in full.

use super::{Theme, clean};
use crate::catalog;
use crate::tui::app::{App, CatalogScreen};
use crate::tui::layout;
use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(app: &App, c: &CatalogScreen, frame: &mut Frame, l: &layout::Regions, theme: &Theme) {
    let hits = catalog::search(&app.kb, &c.query);
    let cursor = if c.searching { "█" } else { "" };
    let search = Paragraph::new(Line::from(vec![
        Span::raw(clean(&c.query)),
        Span::raw(cursor),
    ]))
    .block(theme.block(
        &format!(
            "Search ({} match{}) / to type",
            hits.len(),
            if hits.len() == 1 { "" } else { "es" }
        ),
        c.searching,
    ));
    frame.render_widget(search, l.main);

    let list_block = theme.block("Patterns and anti-patterns", !c.searching);
    frame.render_widget(
        list_block,
        ratatui::layout::Rect {
            x: l.list.x - 1,
            y: l.list.y - 1,
            width: l.list.width + 2,
            height: l.list.height + 2,
        },
    );
    let mut lines = Vec::new();
    for (i, e) in hits
        .iter()
        .enumerate()
        .skip(l.offset)
        .take(usize::from(l.list.height))
    {
        let tag = if matches!(e, catalog::Entry::AntiPattern(_)) {
            "⚠ "
        } else {
            "  "
        };
        let style = if i == c.cursor {
            theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::styled(
            super::fit(&format!("{tag}{}", e.name()), usize::from(l.list.width)),
            style,
        ));
    }
    if hits.is_empty() {
        lines.push(Line::styled(
            "No entry matches. Backspace to widen the search.",
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), l.list);

    // Wrapped by hand so list items keep a hanging indent.
    let width = usize::from(l.detail.width.saturating_sub(2));
    let detail =
        crate::tui::sheets::catalog_detail_lines(&app.kb, &c.query, c.cursor, theme.color, width);
    let scroll = c.detail_scroll.min(crate::tui::geometry::max_scroll(
        detail.len(),
        l.detail.height.saturating_sub(2),
    ));
    let title = hits
        .get(c.cursor)
        .map_or("Entry".to_string(), |e| format!("{}: {}", e.kind(), e.id()));
    frame.render_widget(
        Paragraph::new(detail)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(theme.block(&title, false)),
        l.detail,
    );
}
