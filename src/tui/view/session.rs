//! A design session: the step list, the current step and the live advisor panel.

use super::{Theme, clean, hang};
use crate::engine::{self, Assessment, SessionFacts};
use crate::kb::{KnowledgeBase, Step};
use crate::session::Session;
use crate::tui::app::{self, App, GraphNav, Pane, PlannedStep, SessionScreen, StepKind};
use crate::tui::layout;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(
    app: &App,
    s: &SessionScreen,
    a: &Assessment,
    frame: &mut Frame,
    l: &layout::Regions,
    theme: &Theme,
) {
    let kb = &app.kb;
    if l.steps.width > 0 {
        steps(kb, s, a, frame, l, theme);
    }
    let PlannedStep { kind, title, .. } = s.steps()[s.step];
    let block = theme.block(
        &format!("{}/{} {title}", s.step + 1, s.steps().len()),
        s.focus == Pane::Main,
    );
    let content = block.inner(l.main);
    frame.render_widget(block, l.main);
    match kind {
        StepKind::Questions(step) => question(kb, s, step, a, frame, content, l, theme),
        StepKind::Graph if s.graph.tree_view => tree(kb, &s.session, frame, content, theme),
        StepKind::Graph => graph(kb, &s.graph, Some(&s.session), frame, content, l, theme),
        StepKind::Evidence => evidence(kb, s, a, frame, content, theme),
        StepKind::Inventory => inventory(s, frame, content, theme),
        StepKind::Review => review(kb, s, a, frame, content, theme),
    }
    if l.advisor.width > 0 {
        advisor(a, s, frame, l.advisor, theme);
    }
}

/// A step's progress: its mark (✓ ◐ · –) and "answered/total" for questions.
fn progress(
    kb: &KnowledgeBase,
    s: &SessionScreen,
    a: &Assessment,
    step: &PlannedStep,
) -> (&'static str, String) {
    let p = crate::workflow::progress::progress(
        &crate::workflow::progress::ProgressInputs {
            kb,
            session: &s.session,
            assessment: a,
            documents_written: !s.written.is_empty(),
        },
        step,
    );
    (
        p.state.mark(),
        p.counts
            .map(|(done, total)| format!("{done}/{total}"))
            .unwrap_or_default(),
    )
}

fn steps(
    kb: &KnowledgeBase,
    s: &SessionScreen,
    a: &Assessment,
    frame: &mut Frame,
    l: &layout::Regions,
    theme: &Theme,
) {
    let outer = Rect {
        x: l.steps.x - 1,
        y: l.steps.y - 1,
        width: l.steps.width + 2,
        height: l.steps.height + 2,
    };
    frame.render_widget(theme.block("Steps", s.focus == Pane::Steps), outer);
    let width = usize::from(l.steps.width);
    let mut lines: Vec<Line> = s
        .steps()
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let (m, count) = progress(kb, s, a, step);
            let left = format!("{m} {}. {}", i + 1, step.title);
            let used = left.chars().count() + count.chars().count();
            let text = if used < width {
                format!("{left}{}{count}", " ".repeat(width - used))
            } else {
                left
            };
            let style = if i == s.step {
                theme.selected()
            } else if m == "–" {
                theme.dim()
            } else {
                Style::new()
            };
            Line::styled(text, style)
        })
        .collect();
    if a.threshold.below {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Below the threshold: the short path skips the steps marked –.",
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), l.steps);
}

#[allow(clippy::too_many_arguments)]
fn question(
    kb: &KnowledgeBase,
    s: &SessionScreen,
    step: Step,
    a: &Assessment,
    frame: &mut Frame,
    area: Rect,
    l: &layout::Regions,
    theme: &Theme,
) {
    let qs = app::questions(kb, step);
    let index = s.question[s.step].min(qs.len().saturating_sub(1));
    let Some(&(optional, q)) = qs.get(index) else {
        frame.render_widget(Paragraph::new("No questions in this step."), area);
        return;
    };
    let answer = s
        .session
        .answer(q.id.get_ref())
        .cloned()
        .unwrap_or_default();
    // The counter counts within the question's own questionnaire.
    let qn = kb.questionnaire_of(q.id.get_ref());
    let (pos, total) = qn.map_or((index + 1, qs.len()), |qn| {
        (
            qn.question.iter().position(|x| x.id == q.id).unwrap_or(0) + 1,
            qn.question.len(),
        )
    });
    let counter = format!(
        "{} · {pos}/{total}{}",
        qn.map_or("", |qn| qn.title.as_str()),
        if optional { " · optional" } else { "" }
    );
    let header = Rect {
        height: layout::question_header(&q.prompt, area.width).min(area.height),
        ..area
    };
    let [count_row, prompt_rows] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(header);
    frame.render_widget(
        Paragraph::new(Line::styled(
            truncate(&counter, usize::from(area.width)),
            theme.dim(),
        )),
        count_row,
    );
    frame.render_widget(
        Paragraph::new(Line::styled(clean(&q.prompt), theme.bold())).wrap(Wrap { trim: true }),
        prompt_rows,
    );

    // Choices, one row each, from the same rectangle mouse clicks are tested against.
    let rows = usize::from(l.options.height);
    let mut choice_lines = Vec::new();
    for (i, c) in q.choice.iter().enumerate().skip(l.offset).take(rows) {
        let picked = answer.choices.iter().any(|x| x == c.id.get_ref());
        let mark = match (q.multi, picked) {
            (true, true) => "[x]",
            (true, false) => "[ ]",
            (false, true) => "(•)",
            (false, false) => "( )",
        };
        let cursor = i == s.choice && s.focus == Pane::Main;
        let style = if cursor {
            theme.selected()
        } else if picked {
            theme.bold()
        } else {
            Style::new()
        };
        let text = format!(
            "{}{mark} {}",
            if cursor { "›" } else { " " },
            clean(&c.label)
        );
        choice_lines.push(Line::styled(
            if cursor {
                super::fit(&text, usize::from(area.width))
            } else {
                truncate(&text, usize::from(area.width))
            },
            style,
        ));
    }
    frame.render_widget(Paragraph::new(choice_lines), l.options);

    let rest_y = l.options.y + l.options.height + 1;
    let rest = Rect {
        y: rest_y.min(area.bottom()),
        height: area.bottom().saturating_sub(rest_y),
        ..area
    };
    if rest.height == 0 {
        return;
    }
    let note_h = if s.note.is_some() {
        (rest.height / 2).max(4)
    } else {
        4
    }
    .min(rest.height);
    let [why, note] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(note_h)]).areas(rest);
    let mut why_text = Vec::new();
    if step == Step::Threshold && a.threshold.below {
        why_text.push(Line::styled(
            format!("Below the threshold. {}", kb.threshold.message),
            theme.accent(),
        ));
        why_text.push(Line::raw(""));
    }
    why_text.push(Line::styled("Why it matters", theme.bold()));
    why_text.push(Line::raw(clean(&q.why)));
    if s.focus == Pane::Main
        && let Some(c) = q.choice.get(s.choice).filter(|c| !c.hint.is_empty())
    {
        why_text.push(Line::raw(""));
        why_text.push(Line::from(vec![
            Span::styled(format!("{}: ", clean(&c.label)), theme.bold()),
            Span::raw(clean(&c.hint)),
        ]));
    }
    frame.render_widget(
        Paragraph::new(Text::from(why_text)).wrap(Wrap { trim: true }),
        why,
    );
    let mut title = String::from("Note");
    if answer.tbd {
        title.push_str(" · LATER / TBD");
        if !answer.owner.is_empty() {
            title.push_str(&format!(" · owner {}", clean(&answer.owner)));
        }
        if let Some(d) = answer.due {
            title.push_str(&format!(" · due {d}"));
        }
    }
    match &s.note {
        Some(t) => {
            let mut t = t.clone();
            t.set_block(theme.block(&format!("{title} (editing; Esc to finish)"), true));
            frame.render_widget(&t, note);
        }
        None => {
            let text = if answer.note.is_empty() {
                "(no note; e to write one)".to_string()
            } else {
                clean(&answer.note)
            };
            let hint = if answer.tbd {
                ""
            } else {
                " (e edit · t later/TBD)"
            };
            frame.render_widget(
                Paragraph::new(text)
                    .wrap(Wrap { trim: false })
                    .block(theme.block(&format!("{title}{hint}"), false)),
                note,
            );
        }
    }
}

/// Breadcrumbs "1 Title › 2 Title › ...", each title shortened as needed so the numbers
/// (the keys that jump back) always show.
fn breadcrumbs(kb: &KnowledgeBase, nav: &GraphNav, width: usize) -> String {
    let titles: Vec<String> = nav
        .path
        .iter()
        .filter_map(|id| kb.node(id).map(|n| clean(&n.title)))
        .collect();
    let render = |max: usize| {
        titles
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{} {}", i + 1, truncate(t, max)))
            .collect::<Vec<_>>()
            .join(" › ")
    };
    let mut max = titles.iter().map(|t| t.chars().count()).max().unwrap_or(0);
    let mut line = render(max);
    while line.chars().count() > width && max > 4 {
        max -= 1;
        line = render(max);
    }
    truncate(&line, width)
}

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
        height: layout::graph_header(node, area.width).min(area.height),
        ..area
    };
    let [crumb_row, heading_rows] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(header);
    frame.render_widget(
        Paragraph::new(Line::styled(
            breadcrumbs(kb, nav, usize::from(area.width)),
            theme.dim(),
        )),
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
        let rows = usize::from(l.options.height);
        let width = usize::from(area.width);
        let mut lines = Vec::new();
        for (i, o) in node.option.iter().enumerate().skip(l.offset).take(rows) {
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
            let text = format!(
                "{}{star} {}",
                if cursor { "›" } else { " " },
                clean(&o.label)
            );
            lines.push(Line::styled(
                if cursor {
                    super::fit(&text, width)
                } else {
                    truncate(&text, width)
                },
                style,
            ));
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
            // The full label only when the row had to cut it.
            if o.label.chars().count() + 3 > width {
                detail.push(Line::styled(clean(&o.label), theme.bold()));
            }
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
            "Learn mode: open a session to add this bundle to a design.",
            theme.dim(),
        )
    } else if added {
        Line::styled(
            "✓ In the design (x to remove). r explores another problem.",
            theme.accent(),
        )
    } else {
        Line::styled(
            "a: add this bundle to the design · r: explore another problem",
            theme.bold(),
        )
    });
    for (i, p) in node
        .patterns
        .iter()
        .filter_map(|p| kb.pattern(p.get_ref()))
        .enumerate()
    {
        lines.push(Line::from(vec![
            Span::styled(format!("{}. {}", i + 1, p.name), theme.bold()),
            Span::raw(format!(": {}", p.solves)),
        ]));
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
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), body);
}

/// Every path taken in the session, as an indented tree.
fn tree(kb: &KnowledgeBase, session: &Session, frame: &mut Frame, area: Rect, theme: &Theme) {
    let mut lines = vec![Line::styled(
        "Paths taken through the decision graph (v to go back)",
        theme.bold(),
    )];
    if session.paths.is_empty() {
        lines.push(Line::raw(
            "None yet: follow options to a pattern bundle and press a.",
        ));
    }
    let mut printed: Vec<&[String]> = Vec::new();
    for path in &session.paths {
        for depth in 0..path.nodes.len() {
            let prefix = &path.nodes[..=depth];
            if printed.contains(&prefix) {
                continue;
            }
            printed.push(prefix);
            let title = kb
                .node(&path.nodes[depth])
                .map_or(path.nodes[depth].as_str(), |n| n.title.as_str());
            let leaf = depth + 1 == path.nodes.len();
            let mark = if leaf && path.added { " ✓" } else { "" };
            lines.push(Line::raw(format!(
                "{}{}{title}{mark}",
                "  ".repeat(depth),
                if depth > 0 { "└ " } else { "" }
            )));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

fn evidence(
    kb: &KnowledgeBase,
    s: &SessionScreen,
    a: &Assessment,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let facts = SessionFacts::new(kb, &s.session);
    let mut lines = Vec::new();
    let mut cursor_line = 0;
    let mut index = 0;
    let mut selected = None;
    for t in kb.tiers.iter().filter(|t| t.per_service) {
        let earned = if t.level <= a.tier.earned.level && (a.tier.gate_met || t.level > 0) {
            " ✓ earned"
        } else {
            ""
        };
        lines.push(Line::styled(
            format!("{} (level {}){earned}", t.name, t.level),
            theme.bold(),
        ));
        for e in &t.evidence {
            let auto = e.parsed_rule.as_ref().is_some_and(|r| r.eval(&facts));
            let met = auto || s.session.evidence.contains(e.id.get_ref());
            let cursor = index == s.evidence && s.focus == Pane::Main;
            if index == s.evidence {
                cursor_line = lines.len();
            }
            let style = if cursor {
                theme.selected()
            } else {
                Style::new()
            };
            let text = format!(
                "{}[{}] {}",
                if cursor { "›" } else { " " },
                if met { "x" } else { " " },
                e.text
            );
            lines.push(Line::styled(
                truncate(&text, usize::from(area.width)),
                style,
            ));
            if index == s.evidence {
                let how = if auto {
                    "Met by your answers (change them to change this)."
                } else if met {
                    "Marked met by hand (Space to unmark)."
                } else {
                    "Not met yet (Space marks it met once the evidence exists)."
                };
                selected = Some(vec![
                    Line::styled(e.text.clone(), theme.bold()),
                    Line::raw(how),
                ]);
            }
            index += 1;
        }
    }
    let detail = Paragraph::new(selected.unwrap_or_default()).wrap(Wrap { trim: true });
    let detail_h = (detail.line_count(area.width) as u16 + 1).min(area.height / 2);
    let [list, below] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(detail_h)]).areas(area);
    let scroll = cursor_line.saturating_sub(usize::from(list.height.max(1)) / 2) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), list);
    frame.render_widget(
        detail,
        Rect {
            y: below.y + 1.min(below.height),
            height: below.height.saturating_sub(1),
            ..below
        },
    );
}

/// Review and export: every document a write would produce, the self-check's findings,
/// and the selected document's preview.
fn review(
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
        let text = format!(
            "{}{mark} {}{}",
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
                super::fit(&text, w)
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

fn advisor(a: &Assessment, s: &SessionScreen, frame: &mut Frame, area: Rect, theme: &Theme) {
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
    let state = if a.tier.gate_met {
        ""
    } else {
        " · gate not met yet"
    };
    lines.extend(hang(
        "",
        &format!("{}{state}", a.tier.earned.name),
        w,
        Style::new(),
    ));
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
    for f in &a.findings {
        let tag = format!("[{}] ", f.severity().as_str());
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
    for r in &a.patterns {
        lines.extend(hang("• ", &r.pattern.name, w, Style::new()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("Open TBDs: {}", a.tbds.len()),
        theme.bold(),
    ));
    frame.render_widget(Paragraph::new(lines).scroll((s.advisor_scroll, 0)), inner);
}

/// Cuts `text` to `width` columns, marking the cut with an ellipsis.
fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The stores and the flows between them (integration-architecture mode).
fn inventory(s: &SessionScreen, frame: &mut Frame, area: Rect, theme: &Theme) {
    use crate::session::{Mechanism, StoreRole};
    let w = usize::from(area.width);
    let mut lines = hang(
        "",
        "Every store that holds data, and every flow that moves data between them. Space cycles a store's role or a flow's mechanism; o cycles a flow's ordering.",
        w,
        theme.dim(),
    );
    lines.extend([
        Line::raw(""),
        Line::styled(format!("Stores ({})", s.session.stores.len()), theme.bold()),
    ]);
    let mut index = 0;
    let mut row = |lines: &mut Vec<Line>, text: String, extra: Style| {
        let cursor = index == s.inventory && s.focus == Pane::Main;
        let style = if cursor { theme.selected() } else { extra };
        let text = format!("{}{text}", if cursor { "›" } else { " " });
        lines.push(Line::styled(
            if cursor {
                super::fit(&text, w)
            } else {
                truncate(&text, w)
            },
            style,
        ));
        index += 1;
    };
    if s.session.stores.is_empty() {
        lines.push(Line::raw("  (none yet: s adds a store)"));
    }
    for st in &s.session.stores {
        let role = match st.role {
            StoreRole::SystemOfRecord => "system of record",
            StoreRole::Derived => "derived view",
        };
        let entities = if st.entities.is_empty() {
            String::from("entities: <TBD>")
        } else {
            st.entities.join(", ")
        };
        row(
            &mut lines,
            format!("{} · {role} · {}", clean(&st.name), clean(&entities)),
            Style::new(),
        );
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("Flows ({})", s.session.flows.len()),
        theme.bold(),
    ));
    if s.session.flows.is_empty() {
        lines.push(Line::raw("  (none yet: f adds a flow between two stores)"));
    }
    for f in &s.session.flows {
        let ordering = serde_json::to_value(f.ordering)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let entity = if f.entity.is_empty() {
            "<entity TBD>".to_string()
        } else {
            clean(&f.entity)
        };
        let flag = if f.mechanism == Mechanism::AppDualWrite {
            "  ⚠ dual write"
        } else {
            ""
        };
        let style = if f.mechanism == Mechanism::AppDualWrite {
            theme.severity(crate::kb::Severity::Critical)
        } else {
            Style::new()
        };
        row(
            &mut lines,
            format!(
                "{} → {}: {}{flag} · {entity} · ordering {ordering}",
                clean(&f.from),
                clean(&f.to),
                f.mechanism.as_str()
            ),
            style,
        );
    }
    let cursor_line = lines
        .iter()
        .position(|l| l.spans.iter().any(|s| s.content.starts_with('›')))
        .unwrap_or(0);
    let scroll = cursor_line.saturating_sub(usize::from(area.height.max(1)) / 2) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}
