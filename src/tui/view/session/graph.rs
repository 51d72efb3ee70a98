//! The decision graph: breadcrumbs, the node's options, the suggestion and the tree of
//! paths taken.

use super::super::{Theme, clean, hang};
use crate::engine::{self, SessionFacts};
use crate::kb::KnowledgeBase;
use crate::session::Session;
use crate::tui::app::GraphNav;
use crate::tui::layout;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// The decision-graph navigator; `session` is `None` in learn mode.
pub fn graph(
    kb: &KnowledgeBase,
    nav: &GraphNav,
    session: Option<&Session>,
    frame: &mut Frame,
    area: Rect,
    l: &layout::Regions,
    theme: &Theme,
) {
    let Some(node) = nav.current(kb) else { return };
    let header = Rect {
        height: layout::graph_header(kb, nav, node, area.width).min(area.height),
        ..area
    };
    let [crumb_row, heading_rows] = Layout::vertical([
        Constraint::Length(layout::breadcrumb_rows(kb, nav, area.width)),
        Constraint::Min(0),
    ])
    .areas(header);
    frame.render_widget(
        Paragraph::new(Line::styled(
            clean(&layout::breadcrumbs(kb, nav)),
            theme.dim(),
        ))
        .wrap(Wrap { trim: true }),
        crumb_row,
    );
    frame.render_widget(
        Paragraph::new(Line::styled(
            clean(&layout::graph_heading(node)),
            theme.bold(),
        ))
        .wrap(Wrap { trim: true }),
        heading_rows,
    );

    let facts = session.map(|s| SessionFacts::new(kb, s));
    let suggested = facts.as_ref().and_then(|f| engine::suggestion(node, f));
    if !node.is_leaf() {
        let width = usize::from(area.width);
        let mut lines = Vec::new();
        // Labels wrap whole, in the rows the layout gave each option.
        for (i, o) in node
            .option
            .iter()
            .enumerate()
            .skip(l.offset)
            .take(l.rows.len())
        {
            let is_suggested = suggested
                .as_ref()
                .is_some_and(|(so, _)| std::ptr::eq(*so, o));
            let star = if is_suggested { "★" } else { " " };
            let cursor = i == nav.cursor;
            let style = if cursor {
                theme.selected()
            } else if is_suggested {
                theme.accent()
            } else {
                Style::new()
            };
            let marker = format!("{}{star} ", if cursor { "›" } else { " " });
            let rows = usize::from(l.rows[i - l.offset]);
            for line in hang(&marker, &o.label, usize::from(l.options.width), style)
                .into_iter()
                .take(rows)
            {
                let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                lines.push(Line::styled(
                    if cursor {
                        super::super::fit(&text, width)
                    } else {
                        text
                    },
                    style,
                ));
            }
        }
        frame.render_widget(Paragraph::new(lines), l.options);
        let below_y = l.options.y + l.options.height + 1;
        let below = Rect {
            y: below_y.min(area.bottom()),
            height: area.bottom().saturating_sub(below_y),
            ..area
        };
        let mut detail = Vec::new();
        if let Some(o) = node.option.get(nav.cursor) {
            if let Some(t) = kb.node(o.to.get_ref()).filter(|t| t.is_leaf()) {
                let names: Vec<&str> = t
                    .patterns
                    .iter()
                    .filter_map(|p| kb.pattern(p.get_ref()))
                    .map(|p| p.name.as_str())
                    .collect();
                detail.push(Line::raw(format!(
                    "Leads to the bundle: {}",
                    names.join(", ")
                )));
            }
        }
        if let Some((o, because)) = &suggested {
            let why: Vec<String> = because
                .iter()
                .filter_map(|w| {
                    let q = kb.question(&w.question)?;
                    Some(format!(
                        "{} = {}",
                        q.label(),
                        w.choice
                            .as_deref()
                            .and_then(|c| q.choice(c))
                            .map_or("open", |c| c.label.as_str())
                    ))
                })
                .collect();
            let which = node
                .option
                .iter()
                .position(|x| std::ptr::eq(x, *o))
                .map_or(String::new(), |i| format!("option {} ", i + 1));
            if !detail.is_empty() {
                detail.push(Line::raw(""));
            }
            detail.push(Line::styled(
                format!(
                    "★ Your answers suggest {which}({}): {}",
                    why.join("; "),
                    clean(&o.reason)
                ),
                theme.accent(),
            ));
        }
        frame.render_widget(Paragraph::new(detail).wrap(Wrap { trim: true }), below);
        return;
    }
    // A leaf: the bundle, with tools, what to avoid and whether it is in the design.
    let added = session.is_some_and(|s| s.paths.iter().any(|p| p.added && p.nodes == nav.path));
    let mut lines = Vec::new();
    lines.push(if session.is_none() {
        Line::styled(
            "Enter opens the pattern under the cursor in the catalog · r: another problem",
            theme.dim(),
        )
    } else if added {
        Line::styled(
            "✓ In the design: Space keeps or drops the pattern under the cursor, Enter opens it in the catalog (x removes the bundle).",
            theme.accent(),
        )
    } else {
        Line::styled(
            "a: add this bundle to the design · Enter: the pattern in the catalog",
            theme.bold(),
        )
    });
    let dropped: Vec<&str> = session
        .into_iter()
        .flat_map(|s| &s.paths)
        .filter(|p| p.added && p.nodes == nav.path)
        .flat_map(|p| p.dropped.iter().map(String::as_str))
        .collect();
    // The bundle's patterns: the cursor picks one, Enter opens its catalog entry.
    for (i, (id, p)) in node
        .patterns
        .iter()
        .filter_map(|id| kb.pattern(id.get_ref()).map(|p| (id.get_ref(), p)))
        .enumerate()
    {
        if added {
            // A bundle is a proposal: each pattern kept [x] or dropped [ ].
            let kept = !dropped.contains(&id.as_str());
            let here = i == nav.cursor;
            let style = if here {
                theme.selected()
            } else if kept {
                theme.bold()
            } else {
                theme.dim()
            };
            lines.push(Line::from(vec![
                Span::styled(
                    format!(
                        "{}[{}] {}. {}",
                        if here { "›" } else { " " },
                        if kept { "x" } else { " " },
                        i + 1,
                        p.name
                    ),
                    style,
                ),
                Span::raw(if kept {
                    format!(": {}", p.solves)
                } else {
                    ": dropped from the design".to_string()
                }),
            ]));
            continue;
        }
        let cursor = i == nav.cursor;
        let marker = if cursor { "› " } else { "  " };
        let mut wrapped = hang(
            marker,
            &format!("{}: {}", p.name, p.solves),
            usize::from(area.width),
            Style::new(),
        );
        // The name stands out (reversed under the cursor); the rest reads as text.
        if let Some(first) = wrapped.first_mut() {
            let text: String = first.spans.iter().map(|s| s.content.as_ref()).collect();
            let name_end = marker.chars().count() + clean(&p.name).chars().count();
            let (name, rest): (String, String) = (
                text.chars().take(name_end).collect(),
                text.chars().skip(name_end).collect(),
            );
            let style = if cursor {
                theme.selected()
            } else {
                theme.bold()
            };
            *first = Line::from(vec![Span::styled(name, style), Span::raw(rest)]);
        }
        lines.extend(wrapped);
    }
    if !node.tools.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Tools: ", theme.bold()),
            Span::raw(node.tools.join(", ")),
        ]));
    }
    for a in &node.avoid {
        lines.push(Line::from(vec![
            Span::styled("Avoid: ", theme.bold()),
            Span::raw(a.clone()),
        ]));
    }
    if !node.caveat.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Caveat: ", theme.bold()),
            Span::raw(node.caveat.clone()),
        ]));
    }
    let body = Rect {
        y: area.y + header.height,
        height: area.height - header.height,
        ..area
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
}

/// Every path taken in the session, as an indented tree.
pub(super) fn tree(
    kb: &KnowledgeBase,
    session: &Session,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let width = usize::from(area.width);
    let mut lines = hang(
        "",
        "Paths taken through the decision graph (✓ in the design; v to go back)",
        width,
        theme.bold(),
    );
    if session.paths.is_empty() {
        lines.push(Line::raw(
            "None yet: follow options to a pattern bundle and press a.",
        ));
    }
    // A long title wraps under itself, its branch lines kept to the left.
    for (branch, text) in paths_tree(kb, session) {
        lines.extend(hang(&branch, &text, width, Style::new()));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// One node of the tree of paths: the walks that share a beginning share its branch.
#[derive(Default)]
struct Branch {
    id: String,
    children: Vec<Branch>,
    /// A walk ends here: whether its bundle is in the design, and how many of its
    /// patterns were dropped.
    end: Option<(bool, usize)>,
}

impl Branch {
    fn insert(&mut self, nodes: &[String], end: (bool, usize)) {
        let Some((first, rest)) = nodes.split_first() else {
            self.end = Some(end);
            return;
        };
        let i = match self.children.iter().position(|c| &c.id == first) {
            Some(i) => i,
            None => {
                self.children.push(Branch {
                    id: first.clone(),
                    ..Branch::default()
                });
                self.children.len() - 1
            }
        };
        self.children[i].insert(rest, end);
    }
}

/// The paths taken as a tree drawn with branch lines, so separate walks read as
/// separate branches rather than one chain.
pub(crate) fn paths_tree(kb: &KnowledgeBase, session: &Session) -> Vec<(String, String)> {
    let mut top = Branch::default();
    for p in &session.paths {
        top.insert(&p.nodes, (p.added, p.dropped.len()));
    }
    fn draw(
        kb: &KnowledgeBase,
        b: &Branch,
        prefix: &str,
        branch: &str,
        out: &mut Vec<(String, String)>,
    ) {
        let title = kb.node(&b.id).map_or(b.id.clone(), |n| clean(&n.title));
        let mark = match b.end {
            Some((true, 0)) => " ✓".to_string(),
            Some((true, n)) => format!(" ✓ ({n} dropped)"),
            Some((false, _)) => " · not added".to_string(),
            None => String::new(),
        };
        out.push((format!("{prefix}{branch}"), format!("{title}{mark}")));
        let below = format!(
            "{prefix}{}",
            match branch {
                "├─ " => "│  ",
                "└─ " => "   ",
                _ => "",
            }
        );
        for (i, c) in b.children.iter().enumerate() {
            let last = i + 1 == b.children.len();
            draw(kb, c, &below, if last { "└─ " } else { "├─ " }, out);
        }
    }
    let mut out = Vec::new();
    for root in &top.children {
        draw(kb, root, "", "", &mut out);
    }
    out
}
