//! A design session: the step list, the current step and the live advisor panel.

mod graph;
mod review;

pub use graph::graph;
use graph::tree;
use review::{advisor, review};

use super::{Theme, clean, hang};
use crate::engine::{Assessment, SessionFacts};
use crate::kb::{KnowledgeBase, Step};
use crate::tui::app::{App, Pane, PlannedStep, SessionScreen, StepKind};
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
    let PlannedStep { kind, title, .. } = &s.steps()[s.step];
    let kind = *kind;
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
        StepKind::Records(kind) => records(kind, s, frame, content, theme),
        StepKind::Review => review(kb, s, a, frame, content, theme),
    }
    if l.advisor.width > 0 {
        advisor(a, s, app.today, frame, l.advisor, theme);
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
            documents_written: !s.written.is_empty() || !s.docs.files.is_empty(),
            documents_stale: !s.docs.current_for(&s.session),
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
    let qs = crate::workflow::plan::asked(kb, &s.session, step);
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
        "{} · {pos}/{total}{}{}",
        qn.map_or("", |qn| qn.title.as_str()),
        if optional { " · optional" } else { "" },
        if s.marking_today {
            " · MARKING TODAY (m: back to the target)"
        } else {
            ""
        }
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

    // Choices, their labels wrapped whole, in the rows the layout gave each (the same
    // rows mouse clicks are tested against).
    let width = usize::from(l.options.width);
    let mut choice_lines = Vec::new();
    for (i, c) in q
        .choice
        .iter()
        .enumerate()
        .skip(l.offset)
        .take(l.rows.len())
    {
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
        // What the system does today, when the design changes it.
        let today = answer.today.iter().any(|x| x == c.id.get_ref());
        let marker = format!("{}{mark} ", if cursor { "›" } else { " " });
        let rows = usize::from(l.rows[i - l.offset]);
        for line in hang(&marker, &layout::choice_text(&c.label, today), width, style)
            .into_iter()
            .take(rows)
        {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            choice_lines.push(Line::styled(
                if cursor {
                    super::fit(&text, width)
                } else {
                    text
                },
                style,
            ));
        }
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
        title.push_str(" · TBD");
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
            // A title longer than the box is cut with an ellipsis, never mid-word silently.
            let room = usize::from(note.width.saturating_sub(4));
            let block = theme.block(&truncate(&format!("{title}{hint}"), room), false);
            let body = Paragraph::new(text).wrap(Wrap { trim: false });
            // A note longer than the box says so, and how to read all of it.
            let rows = usize::from(block.inner(note).height);
            let block = if body.line_count(note.width.saturating_sub(2)) > rows {
                block.title_bottom(
                    Line::from(" … more: e opens it, C-o on the whole screen ").right_aligned(),
                )
            } else {
                block
            };
            frame.render_widget(body.block(block), note);
        }
    }
}

/// Breadcrumbs "1 Title › 2 Title › ...", each title shortened as needed so the numbers
/// (the keys that jump back) always show.
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
            let met = auto || s.session.evidence.contains(e.id.get_ref().as_str());
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
/// Cuts `text` to `width` columns, marking the cut with an ellipsis.
pub(crate) fn truncate(text: &str, width: usize) -> String {
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
        "Every store that holds data, and every flow that moves data between them. Space cycles a store's role or a flow's mechanism; o cycles a flow's ordering; c marks one added or removed by the design.",
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
            format!(
                "{}{} · {role} · {}",
                clean(&st.name),
                change_tag(st.change),
                clean(&entities)
            ),
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
                "{} → {}{}: {}{flag} · {entity} · ordering {ordering}",
                clean(&f.from),
                clean(&f.to),
                change_tag(f.change),
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

/// What the design does to a store, flow or channel, as a row shows it (nothing when it
/// stays as it is).
fn change_tag(change: crate::session::Change) -> &'static str {
    match change {
        crate::session::Change::Unchanged => "",
        crate::session::Change::Added => " (added)",
        crate::session::Change::Removed => " (removed)",
    }
}

/// A list of records (channels, decisions, runbooks, launches): one a row, and the fields
/// of the one under the cursor below.
fn records(
    kind: crate::workflow::RecordKind,
    s: &SessionScreen,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    use crate::workflow::{Input, RecordKind};
    let w = usize::from(area.width);
    let session = &s.session;
    let intro = match kind {
        RecordKind::Channel => {
            "Each channel becomes a contract, a JSON Schema and an AsyncAPI document: its payload fields, compatibility, and the dead-letter queue with its owner."
        }
        RecordKind::Decision => {
            "Each decision becomes an ADR: the options considered, the one chosen, what drives it, its status, who decides and by when. Bundles added in the graph get an ADR of their own."
        }
        RecordKind::Runbook => {
            "Each DLQ runbook answers the nine questions of a redrive: who is paged, how to inspect safely, when to stop."
        }
        RecordKind::Launch => {
            "Each launch decision is written on its date, with the tier earned then and the notes taken."
        }
    };
    let mut lines = hang("", intro, w, theme.dim());
    lines.push(Line::raw(""));
    let count = kind.count(session);
    if count == 0 {
        lines.push(Line::raw(format!("  (no {} yet: a adds one)", kind.noun())));
    }
    let cursor = s.record.min(count.saturating_sub(1));
    for i in 0..count {
        let summary = match kind {
            RecordKind::Channel => {
                let c = &session.channels[i];
                format!(
                    "{} · {} · {} · {} field(s) · DLQ {}",
                    c.name,
                    crate::workflow::RecordField::ChannelRole.value(session, i),
                    c.change.as_str(),
                    c.fields.len(),
                    if c.dlq.name.is_empty() {
                        "<TBD>"
                    } else {
                        &c.dlq.name
                    }
                )
            }
            RecordKind::Decision => {
                let d = &session.decisions[i];
                format!(
                    "ADR {:04} {} · {} · {}",
                    d.number,
                    d.title,
                    d.status.as_str(),
                    if d.decision.is_empty() {
                        "<TBD: the choice>"
                    } else {
                        &d.decision
                    }
                )
            }
            RecordKind::Runbook => {
                let r = &session.runbooks[i];
                format!(
                    "{} · channel {}",
                    r.incident,
                    if r.channel.is_empty() {
                        "<TBD>"
                    } else {
                        &r.channel
                    }
                )
            }
            RecordKind::Launch => {
                let l = &session.launches[i];
                format!("{} · {}", l.date, l.notes)
            }
        };
        let here = i == cursor && s.focus == Pane::Main;
        let text = format!("{}{}", if here { "›" } else { " " }, clean(&summary));
        lines.push(if here {
            Line::styled(super::fit(&text, w), theme.selected())
        } else {
            Line::raw(truncate(&text, w))
        });
    }
    if count > 0 {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Enter opens its form · a adds · x deletes",
            theme.bold(),
        ));
        for field in kind.fields().iter().skip(1) {
            let value = field.value(session, cursor);
            let shown = match field.input() {
                Input::Choice(_) => value.clone(),
                _ if value.is_empty() => "<TBD>".into(),
                _ => clean(&value),
            };
            let text = truncate(&format!("  {:<20}{shown}", field.label()), w);
            lines.push(theme.field_row(text, false, value.is_empty()));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}
