//! Drawing. Reads the state, never changes it; every rectangle comes from layout.rs.

mod catalog;
mod navigate;
mod overlays;
mod session;

pub use crate::tui::style::{Theme, clean, fit, hang};

use super::app::{App, InputKind, Overlay, Screen, StartItem};
use super::keys;
use super::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use crate::engine;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = Theme { color: app.color };
    let l = layout::Regions::new(area, app);
    if l.too_small {
        too_small(frame, area);
        return;
    }
    // One assessment per frame, shared by the title bar, the steps and the advisor.
    let assessment = match &app.screen {
        Screen::Session(s) => Some(engine::assess(&app.kb, &s.session)),
        _ => None,
    };
    title_bar(app, assessment.as_ref(), frame, l.title, &theme);
    // An overlay over the whole body hides the panes: they are not drawn.
    if !app.overlay.as_ref().is_some_and(Overlay::covers_body) {
        match &app.screen {
            Screen::Start { cursor } => start(app, frame, &l, *cursor, &theme),
            Screen::Catalog(c) => catalog::render(app, c, frame, &l, &theme),
            Screen::Graph(nav) => {
                let block = theme.block("Learn: the decision graph", true);
                let inner = block.inner(l.main);
                frame.render_widget(block, l.main);
                session::graph(&app.kb, nav, None, frame, inner, &l, &theme);
            }
            Screen::Session(s) => {
                if let Some(a) = &assessment {
                    session::render(app, s, a, frame, &l, &theme)
                }
            }
        }
    }
    key_bar(app, frame, l.keybar, &theme);
    match &app.overlay {
        Some(Overlay::Help { scroll }) => overlays::help(frame, area, *scroll, &theme),
        Some(Overlay::Basics { cursor }) => {
            if let Screen::Session(sess) = &app.screen {
                overlays::basics(frame, area, &sess.session, *cursor, &theme)
            }
        }
        Some(Overlay::Confirm { message, .. }) => overlays::confirm(frame, area, message, &theme),
        Some(Overlay::Form {
            kind,
            index,
            cursor,
        }) => {
            if let Screen::Session(sess) = &app.screen {
                overlays::form(frame, area, &sess.session, *kind, *index, *cursor, &theme)
            }
        }
        Some(Overlay::Input { kind, text, error }) => {
            if let (InputKind::Field { index, field }, Screen::Session(sess)) = (kind, &app.screen)
            {
                // The form stays in view behind the field being written.
                let cursor = field
                    .kind()
                    .fields()
                    .iter()
                    .position(|f| f == field)
                    .unwrap_or(0);
                overlays::form(
                    frame,
                    area,
                    &sess.session,
                    field.kind(),
                    *index,
                    cursor,
                    &theme,
                );
            }
            overlays::input(
                frame,
                area,
                *kind,
                text,
                error.as_deref(),
                app.full_editor,
                &theme,
            )
        }
        Some(Overlay::Overview { scroll }) => {
            if let (Screen::Session(s), Some(a)) = (&app.screen, &assessment) {
                navigate::overview(app, s, a, frame, l.body, *scroll)
            }
        }
        Some(Overlay::WriteDiff { changes, scroll }) => {
            navigate::write_diff(app, changes, frame, l.body, *scroll)
        }
        Some(Overlay::Jump { query, cursor }) => {
            if let Screen::Session(s) = &app.screen {
                navigate::jump(app, s, query, *cursor, frame, l.body)
            }
        }
        None => {}
    }
    // A note written in the whole screen.
    if let Screen::Session(s) = &app.screen
        && let Some(note) = &s.note
        && app.full_editor
    {
        // The key bar stays in view below.
        let full = Rect {
            height: area.height.saturating_sub(1),
            ..area
        };
        frame.render_widget(Clear, full);
        let mut t = note.clone();
        t.set_block(theme.block(
            "Note, full screen (Esc finishes · C-o back to the box)",
            true,
        ));
        frame.render_widget(&t, full);
    }
}

fn title_bar(
    app: &App,
    assessment: Option<&engine::Assessment>,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let mut spans = vec![Span::styled(
        " design-advisor ",
        theme.selected().add_modifier(Modifier::BOLD),
    )];
    if let Screen::Session(s) = &app.screen {
        let folded = l_advisor_folded(app, area);
        // What the folded panes would show comes first: the tier, the anti-patterns and
        // the TBDs, then the step; the feature's name gives way to them.
        let summary = match assessment.filter(|_| folded) {
            Some(a) => format!(
                "· {} · ⚠ {} · TBD {} ",
                a.tier.earned_name(),
                a.findings.len(),
                a.tbds.len()
            ),
            None => String::new(),
        };
        let step = if area.width < layout::STEPS_MIN_WIDTH {
            format!(
                "· step {}/{} {} ",
                s.step + 1,
                s.steps().len(),
                s.steps()[s.step].title
            )
        } else {
            String::new()
        };
        let flag = if s.read_only() {
            if folded {
                "[example] "
            } else {
                "[read-only example] "
            }
        } else if s.dirty() {
            "[unsaved] "
        } else {
            ""
        };
        let name = if folded {
            // Room for the name: what the rest leaves, at least a few letters.
            let used =
                16 + 2 + flag.chars().count() + summary.chars().count() + step.chars().count();
            let room = usize::from(area.width).saturating_sub(used).clamp(8, 28);
            format!(" {} ", fit(&clean(&s.session.feature), room).trim_end())
        } else {
            format!(
                " {} ({}) ",
                fit(&clean(&s.session.feature), 28).trim_end(),
                s.session.slug
            )
        };
        spans.push(Span::raw(name));
        if s.read_only() {
            spans.push(Span::styled(flag, theme.bold()));
        } else {
            spans.push(Span::styled(flag, theme.dim()));
        }
        spans.push(Span::raw(summary));
        spans.push(Span::raw(step));
    }
    if !app.status.is_empty() {
        spans.push(Span::styled(
            format!("· {}", clean(&app.status).replace('\n', " ")),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Whether the advisor is folded into the title bar (a narrow terminal, or the review
/// preview over the whole screen).
fn l_advisor_folded(app: &App, area: Rect) -> bool {
    area.width < layout::ADVISOR_MIN_WIDTH
        || app
            .session()
            .is_some_and(|s| s.preview_full && s.kind() == crate::workflow::plan::StepKind::Review)
}

/// The key bar: the bindings of the current context, whole entries only, as many as fit;
/// help comes first so the way to every other key is always visible.
fn key_bar(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    key_bar_for(app.context(), frame, area, theme);
}

fn key_bar_for(context: keys::Context, frame: &mut Frame, area: Rect, theme: &Theme) {
    let mut entries = keys::bar(context);
    if let Some(i) = entries.iter().position(|(_, d)| d.starts_with("help")) {
        let help = entries.remove(i);
        entries.insert(0, help);
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for (k, d) in entries {
        let width = k.chars().count() + d.chars().count() + 5;
        if used + width > usize::from(area.width) {
            break;
        }
        used += width;
        spans.push(Span::styled(format!(" {k} "), theme.selected()));
        spans.push(Span::raw(format!(" {d}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Said instead of drawing, below the minimum size.
fn too_small(frame: &mut Frame, area: Rect) {
    let msg = format!(
        "Terminal too small: design-advisor needs at least {MIN_WIDTH}x{MIN_HEIGHT} (now {}x{}). Enlarge it, or press q to quit.",
        area.width, area.height
    );
    frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
}

/// The start screen's entries as shown.
fn start_labels(app: &App) -> Vec<String> {
    app.start_items()
        .iter()
        .map(|item| match item {
            StartItem::New(crate::session::Mode::Design) => {
                "New feature: start a design session".to_string()
            }
            StartItem::New(crate::session::Mode::Review) => {
                "New review of an existing system".to_string()
            }
            StartItem::New(crate::session::Mode::Integration) => {
                "New integration architecture (stores and flows)".to_string()
            }
            StartItem::Open(n) => {
                let f = &app.found[*n];
                match &f.summary {
                    Ok((tier, tbds)) => format!(
                        "Open {}: {tier}, {tbds} TBD{} ({})",
                        clean(&f.feature),
                        stale_note(&f.stale),
                        app.show(&f.path)
                    ),
                    Err(e) => format!("Cannot open {}: {}", app.show(&f.path), clean(e)),
                }
            }
            StartItem::Example(n) => {
                let (name, _) = crate::kb::example_sessions()[*n];
                format!("Example (read-only): {}", name.trim_end_matches(".toml"))
            }
            StartItem::Catalog => "Learn: browse the pattern and anti-pattern catalog".into(),
            StartItem::Graph => "Learn: walk the decision graph from problem to pattern".into(),
            StartItem::Quit => "Quit".into(),
        })
        .collect()
}

/// ", stale: design.md, README.md" for a session whose documents are stale (or edited
/// by hand); empty when they are current.
fn stale_note(st: &crate::workflow::Staleness) -> String {
    let names = |v: &[String]| {
        if v.len() <= 2 {
            v.join(", ")
        } else {
            format!("{}, {} and {} more", v[0], v[1], v.len() - 2)
        }
    };
    let mut out = String::new();
    if !st.stale.is_empty() {
        out.push_str(&format!(", stale: {}", names(&st.stale)));
    }
    if !st.by_hand.is_empty() {
        out.push_str(&format!(", edited by hand: {}", names(&st.by_hand)));
    }
    out
}

fn start(app: &App, frame: &mut Frame, l: &layout::Regions, cursor: usize, theme: &Theme) {
    draw_start(&start_labels(app), frame, l, cursor, theme);
}

/// The very first frame: the start screen, drawn while the knowledge base is still
/// loading, so the program answers at once. Sessions found on disk are listed by path;
/// their tier and TBD count follow on the next frame.
pub fn first_frame(frame: &mut Frame, sessions: &[std::path::PathBuf], color: bool) {
    let theme = Theme { color };
    let area = frame.area();
    let l = layout::Regions::start(area, 0);
    if l.too_small {
        too_small(frame, area);
        return;
    }
    let mut labels = vec![
        "New feature: start a design session".to_string(),
        "New review of an existing system".to_string(),
        "New integration architecture (stores and flows)".to_string(),
    ];
    labels.extend(
        sessions
            .iter()
            .map(|p| format!("Open {} (reading…)", p.display())),
    );
    labels.extend(
        crate::kb::example_sessions()
            .iter()
            .map(|(name, _)| format!("Example (read-only): {}", name.trim_end_matches(".toml"))),
    );
    labels.extend([
        "Learn: browse the pattern and anti-pattern catalog".to_string(),
        "Learn: walk the decision graph from problem to pattern".to_string(),
        "Quit".to_string(),
    ]);
    frame.render_widget(
        Paragraph::new(Line::from(vec![Span::styled(
            " design-advisor ",
            theme.selected().add_modifier(Modifier::BOLD),
        )])),
        l.title,
    );
    draw_start(&labels, frame, &l, 0, &theme);
    key_bar_for(keys::Context::Start, frame, l.keybar, &theme);
}

fn draw_start(
    labels: &[String],
    frame: &mut Frame,
    l: &layout::Regions,
    cursor: usize,
    theme: &Theme,
) {
    let block = theme.block("Start", true);
    frame.render_widget(block, l.main);
    let rows = usize::from(l.options.height);
    let mut lines = Vec::new();
    for (i, text) in labels.iter().enumerate().skip(l.offset).take(rows) {
        let style = if i == cursor {
            theme.selected()
        } else {
            Style::new()
        };
        let marker = if i == cursor { "› " } else { "  " };
        lines.push(Line::styled(
            fit(&format!("{marker}{text}"), usize::from(l.options.width)),
            style,
        ));
    }
    frame.render_widget(Paragraph::new(lines), l.options);
    if l.detail.width > 0 {
        let intro = vec![
            Line::styled(
                "Design data-intensive and distributed systems, step by step.",
                theme.bold(),
            ),
            Line::raw(""),
            Line::raw(
                "A design session walks the threshold question (is a full design worth it?), the data requirements, the decision graph from problem to pattern, the reliability and distributed-systems checklists, the system concerns, the evidence for each readiness tier, the channels, decisions, runbooks and launches the documents record, and a review that writes docs/features/<slug>/. The design's basics (problem, TL;DR, goals, SLO) are one key away: b.",
            ),
            Line::raw(""),
            Line::raw(
                "The advisor panel beside every step shows the patterns chosen, the anti-patterns your answers reveal, the tier earned and what the next tier still needs, and the open TBDs.",
            ),
            Line::raw(""),
            Line::raw(
                "Answers are saved as you go. Any question can be left for later with an owner and a due date; it then shows up as a TBD and holds the tier at Prototype until it is answered.",
            ),
            Line::raw(""),
            Line::styled(
                "New here? Open an example, or learn with the catalog (c) and the decision graph (t).",
                theme.accent(),
            ),
        ];
        frame.render_widget(
            Paragraph::new(intro)
                .wrap(Wrap { trim: true })
                .block(theme.block("design-advisor", false)),
            l.detail,
        );
    }
}

/// A rectangle of at most `w` by `h`, centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    r
}
