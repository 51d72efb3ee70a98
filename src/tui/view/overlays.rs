//! The overlays drawn over a screen: help (from the key table), the design's basics, a
//! question to confirm, a record's form and a one-line or full-screen field.

use super::*;

pub(super) fn help(frame: &mut Frame, area: Rect, scroll: u16, theme: &Theme) {
    // The whole screen: a frame inset by one cell drew its border beside the panes' own
    // borders, which read as doubled lines.
    let popup = area;
    frame.render_widget(Clear, popup);
    let mut lines: Vec<Line> = Vec::new();
    for (ctx, rows) in keys::help_sections() {
        lines.push(Line::styled(ctx.title(), theme.bold()));
        for (k, d) in rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {k:<22}"), theme.accent()),
                Span::raw(d),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::raw("Answers are saved as you go (within a second). A session lives in docs/features/<slug>/design-session.toml."));
    let block = theme.block("Help: every key (Esc to close)", true);
    let inner = block.inner(popup);
    let total = lines.len() as u16;
    let scroll = scroll.min(total.saturating_sub(inner.height));
    let more = total.saturating_sub(scroll) > inner.height;
    let block = if more {
        block.title_bottom(Line::from(" ↓ more: j, ↓ or PgDn ").right_aligned())
    } else {
        block
    };
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll, 0)),
        popup,
    );
}

/// The design's basics, a field a line, with what is written so far.
pub(super) fn basics(
    frame: &mut Frame,
    area: Rect,
    session: &crate::session::Session,
    cursor: usize,
    theme: &Theme,
) {
    use crate::workflow::BasicField;
    let popup = centered(area, area.width.saturating_sub(4).min(100), 14);
    frame.render_widget(Clear, popup);
    let block = theme.block("The design's basics (Enter to edit, Esc to close)", true);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let w = usize::from(inner.width);
    let mut lines = Vec::new();
    for (i, field) in BasicField::ALL.iter().enumerate() {
        let value = field.value(session);
        let shown = if value.is_empty() {
            "<TBD>".to_string()
        } else {
            clean(&value)
        };
        let text = fit(&format!("{:<22}{shown}", field.label()), w);
        lines.push(theme.field_row(text, i == cursor, value.is_empty()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        fit(
            "design.md opens with these; what stays empty is a visible <TBD>.",
            w,
        ),
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

pub(super) fn confirm(frame: &mut Frame, area: Rect, message: &str, theme: &Theme) {
    let mut lines: Vec<Line> = clean(message)
        .lines()
        .map(|l| Line::raw(l.to_string()))
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled("y: yes    n: no", theme.bold()));
    let text = Paragraph::new(lines).wrap(Wrap { trim: true });
    let width = 64.min(area.width);
    let height = (text.line_count(width.saturating_sub(2)) as u16 + 2).min(area.height);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(text.block(theme.block("Confirm", true)), popup);
}

/// A record's form: every field with what is written so far, the hint of the one under
/// the cursor below.
pub(super) fn form(
    frame: &mut Frame,
    area: Rect,
    session: &crate::session::Session,
    kind: crate::workflow::RecordKind,
    index: usize,
    cursor: usize,
    theme: &Theme,
) {
    use crate::workflow::Input;
    let fields = kind.fields();
    let popup = centered(
        area,
        area.width.saturating_sub(4).min(100),
        (fields.len() as u16 + 6).min(area.height.saturating_sub(2)),
    );
    frame.render_widget(Clear, popup);
    let name = kind.name(session, index);
    let title = format!(
        "{} {} (Enter writes a field · Esc closes)",
        capital(kind.noun()),
        fit(&clean(&name), 40).trim_end()
    );
    let block = theme.block(&title, true);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [list, hint] = Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(inner);
    let w = usize::from(list.width);
    let rows = usize::from(list.height.max(1));
    let offset = cursor.saturating_sub(rows.saturating_sub(1));
    let mut lines = Vec::new();
    for (i, field) in fields.iter().enumerate().skip(offset).take(rows) {
        let value = field.value(session, index);
        let shown = match field.input() {
            Input::Choice(_) => format!("‹{value}›"),
            _ if value.is_empty() => "<TBD>".to_string(),
            _ => clean(&value),
        };
        let text = fit(
            &format!(
                "{}{:<20}{shown}",
                if i == cursor { "›" } else { " " },
                field.label()
            ),
            w,
        );
        lines.push(theme.field_row(text, i == cursor, value.is_empty()));
    }
    frame.render_widget(Paragraph::new(lines), list);
    if let Some(field) = fields.get(cursor) {
        let how = match field.input() {
            Input::Choice(all) => format!("{} (Space or Enter: {})", field.hint(), all.join(" → ")),
            _ => field.hint().to_string(),
        };
        let more = if fields.len() > rows {
            format!(" · field {}/{}", cursor + 1, fields.len())
        } else {
            String::new()
        };
        frame.render_widget(
            Paragraph::new(vec![
                Line::raw(""),
                Line::styled(format!("{}: {how}{more}", field.label()), theme.dim()),
            ])
            .wrap(Wrap { trim: true }),
            hint,
        );
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

pub(super) fn input(
    frame: &mut Frame,
    area: Rect,
    kind: InputKind,
    text: &ratatui_textarea::TextArea,
    error: Option<&str>,
    full: bool,
    theme: &Theme,
) {
    let owned;
    let title = match kind {
        InputKind::StoreName => "New store: its name (Enter to add, Esc to cancel)",
        InputKind::FlowEnds => "New flow: from -> to (Enter to add, Esc to cancel)",
        InputKind::Entities => "Entities (comma-separated; Enter to set)",
        InputKind::FeatureName => "New feature: name (Enter to go on, Esc to cancel)",
        InputKind::Slug => "New feature: slug, its folder under docs/features/ (Enter to create)",
        InputKind::Owner => "TBD owner (Enter to set, Esc to cancel)",
        InputKind::Due => "TBD due date, YYYY-MM-DD (Enter to set, empty to clear)",
        InputKind::Basic(field) => {
            owned = format!(
                "{} (Enter sets · Esc keeps · C-o full screen)",
                field.label()
            );
            owned.as_str()
        }
        InputKind::RecordName(kind) => {
            owned = format!("New {} (Enter adds it and opens its form)", kind.noun());
            owned.as_str()
        }
        InputKind::Field { field, .. } => {
            owned = format!(
                "{}: {} (Enter sets · Esc keeps · C-o {})",
                capital(field.kind().noun()),
                field.label(),
                if full {
                    "back to the box"
                } else {
                    "full screen"
                }
            );
            owned.as_str()
        }
    };
    // A field of the basics or of a form gets room for a paragraph; all of the screen
    // when asked for.
    let rows = match kind {
        _ if full => area.height.saturating_sub(6),
        InputKind::Basic(_) => 5,
        InputKind::Field { field, .. } => match field.input() {
            crate::workflow::Input::Paragraph => 6,
            crate::workflow::Input::Payload | crate::workflow::Input::List(_) => 4,
            _ => 2,
        },
        _ => 1,
    };
    let popup = if full {
        // The key bar stays in view below.
        Rect {
            height: area.height.saturating_sub(1),
            ..area
        }
    } else {
        let width = if kind.keeps_on_esc() {
            72.max(area.width.saturating_sub(8).min(90))
        } else {
            72
        };
        centered(area, width, 5 + rows)
    };
    frame.render_widget(Clear, popup);
    let block = theme.block(title, true);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [field, msg] =
        Layout::vertical([Constraint::Length(rows), Constraint::Min(0)]).areas(inner);
    frame.render_widget(text, field);
    if let Some(e) = error {
        frame.render_widget(
            Paragraph::new(clean(e))
                .style(theme.severity(crate::kb::Severity::Critical))
                .wrap(Wrap { trim: true }),
            msg,
        );
    }
}
