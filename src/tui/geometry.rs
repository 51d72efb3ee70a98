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
    Rect {
        y: area.y.saturating_add(1),
        height: area.height.saturating_sub(2),
        ..area
    }
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
    Layout::horizontal([
        Constraint::Length(steps_w),
        Constraint::Min(1),
        Constraint::Length(advisor_w),
    ])
    .areas(body)
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
