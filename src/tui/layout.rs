//! Where everything goes on the screen: one pure function of the terminal size and the
//! state, used both to draw and to hit-test mouse clicks, so the two never disagree.

use super::app::{self, App, StepKind};
use ratatui::layout::{Constraint, Layout, Position, Rect};

use super::geometry::{self, inner};
pub use super::geometry::{ADVISOR_MIN_WIDTH, MIN_HEIGHT, MIN_WIDTH, STEPS_MIN_WIDTH};

/// The rows `text` takes when wrapped to `width`, at most `max`.
pub fn wrapped_height(text: &str, width: u16, max: u16) -> u16 {
    let p = ratatui::widgets::Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true });
    (p.line_count(width.max(1)) as u16).clamp(1, max)
}

/// Rows above a question's choices: a counter line, the prompt (up to 3 lines), a gap.
pub fn question_header(prompt: &str, width: u16) -> u16 {
    1 + wrapped_height(prompt, width, 3) + 1
}

/// What a graph node asks (or, at a leaf, which bundle it is).
pub fn graph_heading(node: &crate::kb::Node) -> String {
    if node.is_leaf() {
        format!("Pattern bundle: {}", node.title)
    } else if node.question.is_empty() {
        node.title.to_string()
    } else {
        node.question.to_string()
    }
}

/// The path walked so far, "1 Title › 2 Title › ...", whole: the numbers are the keys
/// that jump back, and the titles wrap rather than being cut.
pub fn breadcrumbs(kb: &crate::kb::KnowledgeBase, nav: &app::GraphNav) -> String {
    nav.path
        .iter()
        .filter_map(|id| kb.node(id))
        .enumerate()
        .map(|(i, n)| format!("{} {}", i + 1, n.title))
        .collect::<Vec<_>>()
        .join(" › ")
}

/// Rows the breadcrumbs take at `width` (at most 3).
pub fn breadcrumb_rows(kb: &crate::kb::KnowledgeBase, nav: &app::GraphNav, width: u16) -> u16 {
    wrapped_height(&breadcrumbs(kb, nav), width, 3)
}

/// Rows above a graph node's options: breadcrumbs, the heading (up to 2 lines), a gap.
pub fn graph_header(
    kb: &crate::kb::KnowledgeBase,
    nav: &app::GraphNav,
    node: &crate::kb::Node,
    width: u16,
) -> u16 {
    breadcrumb_rows(kb, nav, width) + wrapped_height(&graph_heading(node), width, 2) + 1
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Regions {
    pub too_small: bool,
    pub title: Rect,
    pub body: Rect,
    pub keybar: Rect,
    pub steps: Rect,
    pub main: Rect,
    pub advisor: Rect,
    /// The clickable list inside the main pane (choices, options, start items), and the
    /// index of its first visible row.
    pub options: Rect,
    pub offset: usize,
    /// The rows each visible item of `options` takes, from `offset` on, when labels wrap
    /// (empty: one row each).
    pub rows: Vec<u16>,
    /// Catalog: the result list and the detail pane.
    pub list: Rect,
    pub detail: Rect,
}

/// The first visible row of a list of `height` rows that keeps `cursor` in view.
pub fn offset(cursor: usize, height: u16) -> usize {
    cursor.saturating_sub(usize::from(height.max(1)) - 1)
}

impl Regions {
    pub fn new(area: Rect, app: &App) -> Self {
        let mut s = Regions::frame(area);
        if s.too_small {
            return s;
        }
        let body = s.body;
        match &app.screen {
            app::Screen::Start { cursor } => {
                s.start_body(body, *cursor);
            }
            app::Screen::Catalog(c) => {
                let [search, list, detail] = geometry::catalog_columns(body);
                s.main = search;
                s.list = inner(list);
                s.detail = detail;
                s.offset = offset(c.cursor, s.list.height);
            }
            app::Screen::Graph(nav) => {
                s.main = body;
                s.options = graph_options(inner(body), nav, &app.kb);
                s.fit_graph(nav, &app.kb);
            }
            app::Screen::Session(sess) => {
                let full = sess.preview_full && sess.kind() == StepKind::Review;
                let [steps, main, advisor] = geometry::session_columns(body, full);
                s.steps = inner(steps);
                s.main = main;
                s.advisor = advisor;
                let content = inner(main);
                match sess.kind() {
                    StepKind::Questions(step) => {
                        let qs = crate::workflow::plan::asked(&app.kb, &sess.session, step);
                        if let Some((_, q)) =
                            qs.get(sess.question[sess.step].min(qs.len().saturating_sub(1)))
                        {
                            s.options =
                                header_cut(content, question_header(&q.prompt, content.width));
                            // Choices take what they need; the why-it-matters text and the
                            // note share the rest.
                            let answer = sess.session.answer(q.id.get_ref());
                            let heights: Vec<u16> = q
                                .choice
                                .iter()
                                .map(|c| {
                                    let today = answer.is_some_and(|a| {
                                        a.today.iter().any(|x| x == c.id.get_ref())
                                    });
                                    label_rows(
                                        &choice_text(&c.label, today),
                                        CHOICE_MARK,
                                        content.width,
                                    )
                                })
                                .collect();
                            s.fit_list(&heights, sess.choice);
                        }
                    }
                    StepKind::Graph if !sess.graph.tree_view => {
                        s.options = graph_options(content, &sess.graph, &app.kb);
                        s.fit_graph(&sess.graph, &app.kb);
                    }
                    _ => {}
                }
            }
        }
        s
    }

    /// The start screen's layout, which needs no state but the cursor (the first frame is
    /// drawn with it before the app exists).
    pub fn start(area: Rect, cursor: usize) -> Self {
        let mut s = Regions::frame(area);
        if !s.too_small {
            s.start_body(s.body, cursor);
        }
        s
    }

    /// Title bar, body and key bar; or `too_small`.
    fn frame(area: Rect) -> Self {
        let mut s = Regions::default();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            s.too_small = true;
            return s;
        }
        let [title, body, keybar] = geometry::frame_rows(area);
        s.title = title;
        s.body = body;
        s.keybar = keybar;
        s
    }

    fn start_body(&mut self, body: Rect, cursor: usize) {
        if body.width >= 100 {
            // The intro keeps 56 columns; a wider terminal gives the rest to the list, so a
            // session's path and its stale documents are not cut.
            let list_width = 64.max(body.width.saturating_sub(56));
            let [list, intro] =
                Layout::horizontal([Constraint::Length(list_width), Constraint::Min(1)])
                    .areas(body);
            self.main = list;
            self.detail = intro;
        } else {
            self.main = body;
        }
        self.options = inner(self.main);
        self.offset = offset(cursor, self.options.height);
    }

    /// Which list item a click at `at` lands on.
    pub fn list_row(&self, list: Rect, at: Position) -> Option<usize> {
        if !list.contains(at) {
            return None;
        }
        let y = at.y - list.y;
        if list != self.options || self.rows.is_empty() {
            return Some(usize::from(y) + self.offset);
        }
        let mut top = 0;
        for (i, h) in self.rows.iter().enumerate() {
            if y < top + h {
                return Some(self.offset + i);
            }
            top += h;
        }
        None
    }

    /// Fits the options, whose labels take `heights` rows each, into `options`: the list
    /// takes what its items need (up to what there is), and starts where the item under
    /// the cursor is whole in view.
    fn fit_list(&mut self, heights: &[u16], cursor: usize) {
        let room = self.options.height;
        let cursor = cursor.min(heights.len().saturating_sub(1));
        // From the cursor back, as many items as fit.
        let mut first = cursor;
        let mut used = heights.get(cursor).copied().unwrap_or(1).min(room);
        while first > 0 && used + heights[first - 1] <= room {
            first -= 1;
            used += heights[first];
        }
        // Then forward from there to fill the rest.
        let mut rows = Vec::new();
        let mut total = 0;
        for &h in &heights[first..] {
            if total + h > room && !rows.is_empty() {
                break;
            }
            let h = h.min(room - total);
            rows.push(h);
            total += h;
            if total >= room {
                break;
            }
        }
        self.offset = first;
        self.options.height = total;
        self.rows = rows;
    }

    /// `fit_list` for the options of the graph node at `nav`.
    fn fit_graph(&mut self, nav: &app::GraphNav, kb: &crate::kb::KnowledgeBase) {
        let Some(node) = nav.current(kb) else {
            return;
        };
        let width = self.options.width;
        let heights: Vec<u16> = node
            .option
            .iter()
            .map(|o| label_rows(&o.label, OPTION_MARK, width))
            .collect();
        self.fit_list(&heights, nav.cursor);
    }
}

/// Columns before a choice's label ("›(•) ") and a graph option's ("›★ ").
pub const CHOICE_MARK: usize = 5;
pub const OPTION_MARK: usize = 3;

/// A choice's text: its label, and whether the system does this today.
pub fn choice_text(label: &str, today: bool) -> String {
    format!("{label}{}", if today { "  ← today" } else { "" })
}

/// The rows a label takes wrapped beside a marker of `mark` columns in `width`.
pub fn label_rows(label: &str, mark: usize, width: u16) -> u16 {
    let lines = super::style::hang(
        &" ".repeat(mark),
        label,
        usize::from(width),
        ratatui::style::Style::new(),
    );
    u16::try_from(lines.len()).unwrap_or(u16::MAX).max(1)
}

fn header_cut(r: Rect, header: u16) -> Rect {
    let h = header.min(r.height);
    Rect {
        x: r.x,
        y: r.y + h,
        width: r.width,
        height: r.height - h,
    }
}

/// A graph node's options: one row each below the header, leaving the rest of the pane
/// for the selected option's detail and the suggestion.
fn graph_options(content: Rect, nav: &app::GraphNav, kb: &crate::kb::KnowledgeBase) -> Rect {
    let Some(node) = nav.current(kb) else {
        return Rect::default();
    };
    let mut r = header_cut(content, graph_header(kb, nav, node, content.width));
    // Keep at least a few rows for the detail below when the list is long.
    r.height = r.height.saturating_sub(4).max(r.height.min(3));
    r
}
