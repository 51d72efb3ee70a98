//! A design session: the step list, the current step and the live advisor panel.

use super::{Theme, clean};
use crate::engine::{self, Assessment, SessionFacts};
use crate::kb::{KnowledgeBase, Step};
use crate::session::{Answer, Session};
use crate::tui::app::{self, App, GraphNav, Pane, STEPS, SessionScreen, StepKind};
use crate::tui::layout::{self, GRAPH_HEADER, QUESTION_HEADER};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(app: &App, s: &SessionScreen, frame: &mut Frame, l: &layout::Screen, theme: &Theme) {
    let kb = &app.kb;
    let a = engine::assess(kb, &s.session);
    if l.steps.width > 0 {
        steps(kb, s, &a, frame, l, theme);
    }
    let (kind, title) = STEPS[s.step];
    let block = theme.block(
        &format!("{}/{} {title}", s.step + 1, STEPS.len()),
        s.focus == Pane::Main,
    );
    let content = block.inner(l.main);
    frame.render_widget(block, l.main);
    match kind {
        StepKind::Questions(step) => question(kb, s, step, &a, frame, content, l, theme),
        StepKind::Graph if s.graph.tree_view => tree(kb, &s.session, frame, content, theme),
        StepKind::Graph => graph(kb, &s.graph, Some(&s.session), frame, content, l, theme),
        StepKind::Evidence => evidence(kb, s, &a, frame, content, theme),
        StepKind::Review => review(kb, s, &a, frame, content, theme),
    }
    if l.advisor.width > 0 {
        advisor(&a, s, frame, l.advisor, theme);
    }
}

/// ✓ complete, ◐ started, · not started, – not needed below the threshold.
fn mark(kb: &KnowledgeBase, s: &SessionScreen, a: &Assessment, kind: StepKind) -> &'static str {
    if a.threshold.below && !app::on_short_path(kind) {
        return "–";
    }
    match kind {
        StepKind::Questions(step) => {
            let qs = app::questions(kb, step);
            let required: Vec<_> = qs.iter().filter(|(optional, _)| !optional).collect();
            let answered = |q: &crate::kb::Question| {
                s.session
                    .answer(q.id.get_ref())
                    .is_some_and(Answer::is_answered)
            };
            let done = required.iter().filter(|(_, q)| answered(q)).count();
            let any = qs.iter().any(|(_, q)| {
                s.session
                    .answer(q.id.get_ref())
                    .is_some_and(|a| a.is_answered() || a.tbd)
            });
            if !required.is_empty() && done == required.len() {
                "✓"
            } else if any {
                "◐"
            } else {
                "·"
            }
        }
        StepKind::Graph => {
            if s.session.paths.iter().any(|p| p.added) {
                "✓"
            } else {
                "·"
            }
        }
        StepKind::Evidence => {
            if a.tier.gate_met && !a.tier.met.is_empty() {
                "✓"
            } else if s.session.evidence.is_empty() {
                "·"
            } else {
                "◐"
            }
        }
        StepKind::Review => {
            if s.written.is_empty() {
                "·"
            } else {
                "✓"
            }
        }
    }
}

/// "answered/total" for a question step, for the step list.
fn progress(kb: &KnowledgeBase, s: &SessionScreen, kind: StepKind) -> String {
    let StepKind::Questions(step) = kind else {
        return String::new();
    };
    let qs = app::questions(kb, step);
    let required: Vec<_> = qs.iter().filter(|(optional, _)| !optional).collect();
    let done = required
        .iter()
        .filter(|(_, q)| {
            s.session
                .answer(q.id.get_ref())
                .is_some_and(Answer::is_answered)
        })
        .count();
    format!("{done}/{}", required.len())
}

fn steps(
    kb: &KnowledgeBase,
    s: &SessionScreen,
    a: &Assessment,
    frame: &mut Frame,
    l: &layout::Screen,
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
    let mut lines: Vec<Line> = STEPS
        .iter()
        .enumerate()
        .map(|(i, (kind, title))| {
            let m = mark(kb, s, a, *kind);
            let count = progress(kb, s, *kind);
            let left = format!("{m} {}. {title}", i + 1);
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
    l: &layout::Screen,
    theme: &Theme,
) {
    let qs = app::questions(kb, step);
    let Some(&(optional, q)) = qs.get(s.question[s.step].min(qs.len().saturating_sub(1))) else {
        frame.render_widget(Paragraph::new("No questions in this step."), area);
        return;
    };
    let answer = s
        .session
        .answer(q.id.get_ref())
        .cloned()
        .unwrap_or_default();
    let header_h = QUESTION_HEADER.min(area.height);
    let header = Rect {
        height: header_h,
        ..area
    };
    let qn = kb
        .questionnaire_of(q.id.get_ref())
        .map_or("", |qn| qn.title.as_str());
    let mut state = String::new();
    if answer.tbd {
        state.push_str(" · LATER / TBD");
        if !answer.owner.is_empty() {
            state.push_str(&format!(" · owner {}", clean(&answer.owner)));
        }
        if let Some(d) = answer.due {
            state.push_str(&format!(" · due {d}"));
        }
    }
    let counter = format!(
        "Q {}/{} · {qn}{}",
        s.question[s.step].min(qs.len() - 1) + 1,
        qs.len(),
        if optional { " (optional)" } else { "" }
    );
    let [count_row, prompt_rows] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(header);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(truncate(&counter, usize::from(area.width)), theme.dim()),
            Span::styled(state, theme.bold()),
        ])),
        count_row,
    );
    let mut lines = vec![Line::styled(clean(&q.prompt), theme.bold())];
    if step == Step::Threshold && a.threshold.below {
        lines.push(Line::styled(
            format!("Below the threshold: {}", kb.threshold.message),
            theme.accent(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), prompt_rows);

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
        choice_lines.push(Line::styled(
            truncate(
                &format!(
                    "{}{mark} {}",
                    if cursor { "›" } else { " " },
                    clean(&c.label)
                ),
                usize::from(area.width),
            ),
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
    let hint = q
        .choice
        .get(s.choice)
        .map(|c| clean(&c.hint))
        .unwrap_or_default();
    let mut why_text = vec![
        Line::styled("Why it matters", theme.bold()),
        Line::raw(clean(&q.why)),
    ];
    if !hint.is_empty() {
        why_text.push(Line::raw(""));
        why_text.push(Line::from(vec![
            Span::styled("This choice: ", theme.bold()),
            Span::raw(hint),
        ]));
    }
    frame.render_widget(
        Paragraph::new(Text::from(why_text)).wrap(Wrap { trim: true }),
        why,
    );
    match &s.note {
        Some(t) => {
            let mut t = t.clone();
            t.set_block(theme.block("Note (editing; Esc to finish)", true));
            frame.render_widget(&t, note);
        }
        None => {
            let text = if answer.note.is_empty() {
                "(no note; e to write one)".to_string()
            } else {
                clean(&answer.note)
            };
            frame.render_widget(
                Paragraph::new(text)
                    .wrap(Wrap { trim: false })
                    .block(theme.block("Note (e to edit, t later/TBD, o owner, d due)", false)),
                note,
            );
        }
    }
}

/// The decision-graph navigator; `session` is `None` in learn mode.
pub fn graph(
    kb: &KnowledgeBase,
    nav: &GraphNav,
    session: Option<&Session>,
    frame: &mut Frame,
    area: Rect,
    l: &layout::Screen,
    theme: &Theme,
) {
    let Some(node) = nav.current(kb) else { return };
    let header = Rect {
        height: GRAPH_HEADER.min(area.height),
        ..area
    };
    let crumbs: Vec<String> = nav
        .path
        .iter()
        .enumerate()
        .filter_map(|(i, id)| kb.node(id).map(|n| format!("{} {}", i + 1, n.title)))
        .collect();
    let mut crumb_line = crumbs.join(" › ");
    let max = usize::from(area.width);
    if crumb_line.chars().count() > max {
        let skip = crumb_line.chars().count() - max + 1;
        crumb_line = format!("…{}", crumb_line.chars().skip(skip).collect::<String>());
    }
    let heading = if node.is_leaf() {
        format!("Pattern bundle: {}", node.title)
    } else if node.question.is_empty() {
        node.title.clone()
    } else {
        node.question.clone()
    };
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(crumb_line, theme.dim()),
            Line::styled(heading, theme.bold()),
        ])
        .wrap(Wrap { trim: true }),
        header,
    );

    let facts = session.map(|s| SessionFacts::new(kb, s));
    let suggested = facts.as_ref().and_then(|f| engine::suggestion(node, f));
    if !node.is_leaf() {
        let rows = usize::from(l.options.height);
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
            lines.push(Line::styled(
                truncate(
                    &format!("{}{star} {}", if cursor { "›" } else { " " }, o.label),
                    usize::from(area.width),
                ),
                style,
            ));
        }
        frame.render_widget(Paragraph::new(lines), l.options);
        let below_y = l.options.y + l.options.height;
        let mut below = Rect {
            y: below_y.min(area.bottom()),
            height: area.bottom().saturating_sub(below_y),
            ..area
        };
        if let Some(o) = node.option.get(nav.cursor)
            && below.height > 1
        {
            let target = kb.node(o.to.get_ref());
            let mut text = vec![Line::raw(""), Line::styled(o.label.clone(), theme.bold())];
            if let Some(t) = target.filter(|t| t.is_leaf()) {
                let names: Vec<&str> = t
                    .patterns
                    .iter()
                    .filter_map(|p| kb.pattern(p.get_ref()))
                    .map(|p| p.name.as_str())
                    .collect();
                text.push(Line::raw(format!(
                    "Leads to the bundle: {}",
                    names.join(", ")
                )));
            }
            let p = Paragraph::new(text).wrap(Wrap { trim: true });
            let h = (p.line_count(area.width) as u16).min(below.height);
            frame.render_widget(p, Rect { height: h, ..below });
            below = Rect {
                y: below.y + h,
                height: below.height - h,
                ..below
            };
        }
        if let Some((o, because)) = suggested
            && below.height > 0
        {
            let why = because.iter().filter_map(|w| {
                let q = kb.question(&w.question)?;
                Some(format!(
                    "{} = {}",
                    q.label(),
                    w.choice
                        .as_deref()
                        .and_then(|c| q.choice(c))
                        .map_or("open", |c| c.label.as_str())
                ))
            });
            let text = format!(
                "★ suggested by your answers: {} ({}): {}",
                o.label,
                why.collect::<Vec<_>>().join("; "),
                o.reason
            );
            frame.render_widget(
                Paragraph::new(text)
                    .style(theme.accent())
                    .wrap(Wrap { trim: true }),
                below,
            );
        }
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

fn review(
    kb: &KnowledgeBase,
    s: &SessionScreen,
    a: &Assessment,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let mut check = vec![Line::from(vec![
        Span::styled("Self-check: ", theme.bold()),
        Span::raw(format!(
            "tier {} · {} anti-pattern(s) · {} open TBD(s) · {} pattern(s)",
            a.tier.earned.name,
            a.findings.len(),
            a.tbds.len(),
            a.patterns.len()
        )),
    ])];
    for f in a.findings.iter().take(4) {
        check.push(Line::from(vec![
            Span::styled(
                format!("  [{}] ", f.severity().as_str()),
                theme.severity(f.severity()),
            ),
            Span::raw(f.antipattern.name.clone()),
        ]));
    }
    if a.findings.len() > 4 {
        check.push(Line::raw(format!(
            "  … and {} more in the preview",
            a.findings.len() - 4
        )));
    }
    let target = s.session.slug.clone();
    let write_line = if s.read_only() {
        "Read-only example: start a new feature to write documents.".to_string()
    } else if s.written.is_empty() {
        format!("w writes docs/features/{target}/design.md (asks first if it was edited by hand)")
    } else {
        format!(
            "Written to docs/features/{target}/: {}",
            s.written
                .iter()
                .map(|p| p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().to_string()))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    check.push(Line::styled(write_line, theme.accent()));
    let check = Paragraph::new(check).wrap(Wrap { trim: true });
    let check_h = (check.line_count(area.width) as u16).min(area.height / 2);
    let [top, preview] =
        Layout::vertical([Constraint::Length(check_h), Constraint::Min(0)]).areas(area);
    frame.render_widget(check, top);
    let text = clean(&app::preview(kb, s));
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .scroll((s.preview_scroll, 0))
            .block(theme.block("design.md preview (↑↓ PgUp PgDn)", false)),
        preview,
    );
}

fn advisor(a: &Assessment, s: &SessionScreen, frame: &mut Frame, area: Rect, theme: &Theme) {
    let block = theme.block("Advisor", s.focus == Pane::Advisor);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = Vec::new();
    if a.threshold.below {
        lines.push(Line::styled(
            "Below the threshold: keep it simple.",
            theme.accent(),
        ));
        lines.push(Line::raw(""));
    }
    let level = usize::from(a.tier.earned.level);
    let width = usize::from(inner.width.saturating_sub(2)).clamp(4, 24);
    let filled = if a.tier.gate_met {
        (level + 1) * width / 5
    } else {
        level * width / 5
    };
    lines.push(Line::styled("Readiness tier", theme.bold()));
    lines.push(Line::raw(format!(
        "{}{} {}/4",
        "█".repeat(filled),
        "░".repeat(width - filled),
        level
    )));
    lines.push(Line::raw(format!(
        "{}{}",
        a.tier.earned.name,
        if a.tier.gate_met {
            ""
        } else {
            " (gate not met)"
        }
    )));
    if let Some(next) = a.tier.next {
        let missing = a.tier.missing_for_next.len() + a.tier.blocking_next.len();
        let what = if next.id == a.tier.earned.id {
            "gate needs"
        } else {
            "needs"
        };
        lines.push(Line::styled(
            format!("{} {what} {missing}:", next.name),
            theme.dim(),
        ));
        for c in a.tier.blocking_next.iter().take(2) {
            lines.push(Line::raw(format!(" ✗ {}", c.reason)));
        }
        for e in a.tier.missing_for_next.iter().take(3) {
            lines.push(Line::raw(format!(" ☐ {}", e.text)));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("Anti-patterns ({})", a.findings.len()),
        theme.bold(),
    ));
    for f in &a.findings {
        lines.push(Line::from(vec![
            Span::styled(
                format!("[{}] ", f.severity().as_str()),
                theme.severity(f.severity()),
            ),
            Span::raw(f.antipattern.name.clone()),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("Patterns ({})", a.patterns.len()),
        theme.bold(),
    ));
    for r in &a.patterns {
        lines.push(Line::raw(format!("• {}", r.pattern.name)));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("Open TBDs: {}", a.tbds.len()),
        theme.bold(),
    ));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .scroll((s.advisor_scroll, 0)),
        inner,
    );
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
