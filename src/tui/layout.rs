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
        node.title.clone()
    } else {
        node.question.clone()
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

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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
                s.offset = offset(nav.cursor, s.options.height);
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
                            s.options.height = s.options.height.min(q.choice.len() as u16);
                            s.offset = offset(sess.choice, s.options.height);
                        }
                    }
                    StepKind::Graph if !sess.graph.tree_view => {
                        s.options = graph_options(content, &sess.graph, &app.kb);
                        s.offset = offset(sess.graph.cursor, s.options.height);
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
        let [title, body, keybar] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        s.title = title;
        s.body = body;
        s.keybar = keybar;
        s
    }

    fn start_body(&mut self, body: Rect, cursor: usize) {
        if body.width >= 100 {
            let [list, intro] =
                Layout::horizontal([Constraint::Length(64), Constraint::Min(1)]).areas(body);
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
        (list.contains(at)).then(|| usize::from(at.y - list.y) + self.offset)
    }
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
    let count = node.option.len() as u16;
    // Keep at least a few rows for the detail below when the list is long.
    r.height = count.min(r.height.saturating_sub(4).max(r.height.min(3)));
    r
}
