//! The screen's fixed geometry: the minimum size, where the panes fold, and the columns
//! of a session and of the catalog. A leaf module: the layout, the views and the state
//! (which bounds scrolling to what is on screen) all read it.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the UI says the terminal is too small instead of drawing.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// Narrower than this, the advisor panel folds into the title bar.
pub const ADVISOR_MIN_WIDTH: u16 = 100;
/// Narrower than this, the step list folds into the title bar too.
pub const STEPS_MIN_WIDTH: u16 = 70;

/// A rectangle less its border.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// Between the title bar and the key bar.
pub fn body(area: Rect) -> Rect {
    frame_rows(area)[1]
}

/// A session's columns in `body`: the step list, the main pane and the advisor (a
/// folded one has no width). `full` gives the main pane the whole width.
pub fn session_columns(body: Rect, full: bool) -> [Rect; 3] {
    let (steps_w, advisor_w) = match body.width {
        _ if full => (0, 0),
        w if w >= ADVISOR_MIN_WIDTH => (30, 34),
        w if w >= STEPS_MIN_WIDTH => (26, 0),
        _ => (0, 0),
    };
    let (steps_w, main_w, advisor_w) = cut(body.width, steps_w, advisor_w);
    let column = |x: u16, width: u16| Rect { x, width, ..body };
    [
        column(body.x, steps_w),
        column(body.x + steps_w, main_w),
        column(body.x + steps_w + main_w, advisor_w),
    ]
}

/// The title bar, the body and the key bar of a frame (`area` at least `MIN_HEIGHT` rows).
pub fn frame_rows(area: Rect) -> [Rect; 3] {
    let (title, body, keys) = cut(area.height, 1, 1);
    let row = |y: u16, height: u16| Rect { y, height, ..area };
    [
        row(area.y, title),
        row(area.y + title, body),
        row(area.y + title + body, keys),
    ]
}

/// `len` cut into `head`, the rest and `tail`: what `Layout` makes of
/// `[Length(head), Min(1), Length(tail)]` whenever the three fit, computed directly. The
/// first frame would otherwise pay for solving these constraints cold, and they are on
/// every frame; a test holds the two to the same answer.
fn cut(len: u16, head: u16, tail: u16) -> (u16, u16, u16) {
    let head = head.min(len);
    let tail = tail.min(len - head);
    (head, len - head - tail, tail)
}

/// The catalog's search box, result list and entry detail in `body`.
pub fn catalog_columns(body: Rect) -> [Rect; 3] {
    let [search, rest] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(body);
    let list_width = if body.width >= 90 { 42 } else { body.width / 2 };
    let [list, detail] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Min(1)]).areas(rest);
    [search, list, detail]
}

/// The review step's content split: the document list above (`head` lines, at most half),
/// the preview below.
pub fn review_split(content: Rect, head: u16) -> [Rect; 2] {
    let head = head.min(content.height / 2);
    Layout::vertical([Constraint::Length(head), Constraint::Min(0)]).areas(content)
}

/// How far `lines` rows scroll in `rows` visible ones: to the last row, no further.
pub fn max_scroll(lines: usize, rows: u16) -> u16 {
    u16::try_from(lines.saturating_sub(usize::from(rows))).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_direct_cuts_are_what_the_layout_solver_gives() {
        for (x, y) in [(0, 0), (3, 7)] {
            for height in MIN_HEIGHT..=200 {
                let area = Rect::new(x, y, MIN_WIDTH, height);
                let solved: [Rect; 3] = Layout::vertical([
                    Constraint::Length(1),
                    Constraint::Min(1),
                    Constraint::Length(1),
                ])
                .areas(area);
                assert_eq!(frame_rows(area), solved, "{area}");
            }
            for width in MIN_WIDTH..=300 {
                let body = Rect::new(x, y, width, 30);
                for full in [false, true] {
                    let [steps, main, advisor] = session_columns(body, full);
                    let solved: [Rect; 3] = Layout::horizontal([
                        Constraint::Length(steps.width),
                        Constraint::Min(1),
                        Constraint::Length(advisor.width),
                    ])
                    .areas(body);
                    assert_eq!([steps, main, advisor], solved, "{body} full={full}");
                    assert!(main.width >= 1, "{body}");
                }
            }
        }
    }
}
