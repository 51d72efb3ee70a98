//! How the terminal draws text: the theme (readable without colour too) and the helpers
//! that make text safe and fit it to a width. Shared by the views and by the few line
//! builders the state also needs (to know how far an overlay scrolls).

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType};

/// Styles that stay readable without colour: selection is reversed, focus is bold with a
/// thick border, and colour only adds to that.
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn selected(&self) -> Style {
        let s = Style::new().add_modifier(Modifier::REVERSED);
        if self.color { s.fg(Color::Cyan) } else { s }
    }
    pub fn block(&self, title: &str, focused: bool) -> Block<'static> {
        let mut b = Block::bordered().title(format!(" {title} "));
        if focused {
            b = b
                .border_type(BorderType::Thick)
                .title_style(Style::new().add_modifier(Modifier::BOLD));
            if self.color {
                b = b.border_style(Style::new().fg(Color::Cyan));
            }
        }
        b
    }
    /// A field's row in the basics, a form or a record's summary: highlighted under the
    /// cursor, dim while the field is empty (it shows `<TBD>`), plain once filled.
    pub fn field_row(&self, text: String, selected: bool, empty: bool) -> Line<'static> {
        if selected {
            Line::styled(text, self.selected())
        } else if empty {
            Line::styled(text, self.dim())
        } else {
            Line::raw(text)
        }
    }
    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }
    pub fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn severity(&self, s: crate::kb::Severity) -> Style {
        let base = Style::new().add_modifier(Modifier::BOLD);
        if !self.color {
            return base;
        }
        match s {
            crate::kb::Severity::Critical => base.fg(Color::Red),
            crate::kb::Severity::Major => base.fg(Color::Yellow),
            crate::kb::Severity::Minor => base.fg(Color::Blue),
        }
    }
    pub fn accent(&self) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD);
        if self.color { s.fg(Color::Green) } else { s }
    }
}

/// Text from a session or a file, made safe to draw: what the shared sanitiser never
/// prints raw goes (controls, bidirectional overrides and isolates, separators,
/// noncharacters), so an escape sequence typed into a note can never reach the terminal
/// and a name cannot reorder the text drawn after it. Newlines stay.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| *c == '\n' || !crate::text::sanitize::is_unsafe(*c))
        .collect()
}

/// Word-wraps `text` to `width`, starting with `marker` and indenting the lines after the
/// first by the marker's width (a hanging indent), so list items stay readable.
pub fn hang(marker: &str, text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    let indent = marker.chars().count();
    let room = width.saturating_sub(indent).max(1);
    let mut out = Vec::new();
    let mut line = String::new();
    for word in clean(text).split_whitespace() {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > room {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push(line);
    out.into_iter()
        .enumerate()
        .map(|(i, l)| {
            Line::styled(
                format!(
                    "{}{}",
                    if i == 0 {
                        marker.to_string()
                    } else {
                        " ".repeat(indent)
                    },
                    l
                ),
                style,
            )
        })
        .collect()
}

/// Pads (or cuts, with an ellipsis) `text` to exactly `width` columns, so a selected row is
/// highlighted across the whole list.
pub fn fit(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n > width {
        let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    } else {
        format!("{text}{}", " ".repeat(width - n))
    }
}

/// Cuts `text` to `width` columns, marking the cut with an ellipsis.
pub fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn clean_drops_escapes_and_bidi_controls_and_keeps_newlines() {
        assert_eq!(
            clean("a\u{1b}[2Jb\u{202e}cba\u{2066}d\ne\u{9b}f\u{feff}"),
            "a[2Jbcbad\nef"
        );
        assert_eq!(clean("Überweisung → ok"), "Überweisung → ok");
    }
}
