//! The overlays that help move around and decide: the review overview, a write's changes
//! before it is confirmed, and the search that jumps to a question.

use super::{Theme, clean, fit};
use crate::engine;
use crate::tui::app::{App, SessionScreen, jump_hits};
use crate::workflow::FileChange;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

/// The review overview of the session on screen, from the frame's assessment.
pub fn overview(
    app: &App,
    s: &SessionScreen,
    assessment: &engine::Assessment,
    frame: &mut Frame,
    area: Rect,
    scroll: u16,
) {
    let theme = Theme { color: app.color };
    let block = theme.block(&format!("Overview: {}", clean(&s.session.feature)), true);
    let inner = block.inner(area);
    let input = s.overview_input(assessment, app.today);
    let lines = crate::tui::sheets::overview_lines(&input, app.color, inner.width);
    scrolled(frame, area, block, lines, scroll);
}

/// Draws `lines` in `block` over `area`, scrolled (never past the end), with a sign when
/// more follows. The lines come wrapped to the width, so each visible one is set in the
/// buffer as it is: a `Paragraph` would first copy every grapheme of it into a line of its
/// own, which made this a third of the first frame's drawing.
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
    frame.render_widget(block, area);
    let buf = frame.buffer_mut();
    let visible = lines.iter().skip(usize::from(scroll));
    for (y, line) in (inner.top()..inner.bottom()).zip(visible) {
        buf.set_line(inner.x, y, line, inner.width);
    }
}

pub fn write_diff(app: &App, changes: &[FileChange], frame: &mut Frame, area: Rect, scroll: u16) {
    let theme = Theme { color: app.color };
    let block = theme.block("Write these changes? y: write · n: cancel", true);
    let inner = block.inner(area);
    let lines = crate::tui::sheets::write_diff_lines(changes, &app.root, app.color, inner.width);
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
