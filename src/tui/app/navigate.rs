//! Getting somewhere fast: jumping to a question by its text, following links between the
//! catalog, the decision graph and the advisor, and the review overview.

use super::*;
use crate::catalog::Link;

/// Where a search hit leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JumpTarget {
    /// A question: the step (index in the session's plan) and its index among the step's
    /// asked questions.
    Question { step: usize, index: usize },
    /// A catalog entry, by id.
    Entry(String),
}

/// One search hit: what it is, where it sits, and where Enter leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JumpHit {
    pub label: String,
    pub place: String,
    pub target: JumpTarget,
}

/// The questions of the session's plan whose prompt, label or choices hold every word of
/// `query` (all of them for an empty query), then the catalog entries that match.
pub fn jump_hits(kb: &KnowledgeBase, s: &SessionScreen, query: &str) -> Vec<JumpHit> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let mut out = Vec::new();
    for (step, planned) in s.steps().iter().enumerate() {
        let StepKind::Questions(kind) = planned.kind else {
            continue;
        };
        for (index, (_, q)) in crate::workflow::plan::asked(kb, &s.session, kind)
            .into_iter()
            .enumerate()
        {
            let haystack = std::iter::once(q.prompt.as_str())
                .chain([q.label(), q.id.get_ref().as_str()])
                .chain(q.choice.iter().map(|c| c.label.as_str()))
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            if !words.iter().all(|w| haystack.contains(w)) {
                continue;
            }
            let state = match s.session.answer(q.id.get_ref()) {
                Some(a) if a.tbd => "TBD",
                Some(a) if a.is_answered() => "answered",
                _ => "open",
            };
            out.push(JumpHit {
                label: q.prompt.to_string(),
                place: format!("{}. {} · {state}", step + 1, planned.title),
                target: JumpTarget::Question { step, index },
            });
        }
    }
    if !words.is_empty() {
        out.extend(
            crate::catalog::search(kb, query)
                .into_iter()
                .map(|e| JumpHit {
                    label: e.name().to_string(),
                    place: format!("catalog · {}", e.kind()),
                    target: JumpTarget::Entry(e.id().to_string()),
                }),
        );
    }
    out
}

pub(super) fn open_jump(app: &mut App) {
    app.overlay = Some(Overlay::Jump {
        query: String::new(),
        cursor: 0,
    });
}

/// Keys while the search has the keyboard: arrows move over the hits, Enter goes to one,
/// Esc closes; the rest is typed into the query.
pub(super) fn jump_key(app: &mut App, command: Option<Command>, key: KeyEvent) -> Vec<Effect> {
    let kb = app.kb.clone();
    let count = match (&app.overlay, &app.screen) {
        (Some(Overlay::Jump { query, .. }), Screen::Session(s)) => jump_hits(&kb, s, query).len(),
        _ => 0,
    };
    let Some(Overlay::Jump { query, cursor }) = &mut app.overlay else {
        return Vec::new();
    };
    match command {
        Some(Command::Quit) => {
            app.overlay = None;
            return super::quit(app);
        }
        Some(Command::Back) => app.overlay = None,
        Some(Command::Up) => *cursor = cursor.saturating_sub(1),
        Some(Command::Down) => *cursor = (*cursor + 1).min(count.saturating_sub(1)),
        Some(Command::Select) => {
            let hit = match &app.screen {
                Screen::Session(s) => jump_hits(&kb, s, query).into_iter().nth(*cursor),
                _ => None,
            };
            app.overlay = None;
            match hit.map(|h| h.target) {
                Some(JumpTarget::Question { step, index }) => {
                    if let Screen::Session(s) = &mut app.screen {
                        s.step = step;
                        s.preview_scroll = 0;
                        s.record = 0;
                        s.question[step] = index;
                        s.land(&kb);
                        s.focus = Pane::Main;
                    }
                }
                Some(JumpTarget::Entry(id)) => open_entry(app, &id),
                None => {}
            }
        }
        _ => {
            match key.code {
                KeyCode::Backspace => {
                    query.pop();
                }
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => query.push(c),
                _ => {}
            }
            *cursor = 0;
        }
    }
    Vec::new()
}

/// Opens the catalog at the entry `id`; Esc comes back to the screen left.
pub(super) fn open_entry(app: &mut App, id: &str) {
    let cursor = crate::catalog::search(&app.kb, "")
        .iter()
        .position(|e| e.id() == id)
        .unwrap_or(0);
    let previous = std::mem::replace(
        &mut app.screen,
        Screen::Catalog(CatalogScreen {
            cursor,
            ..CatalogScreen::default()
        }),
    );
    app.back.push(previous);
}

/// Follows a link from the screen on show; Esc comes back.
pub(super) fn follow(app: &mut App, link: Link) {
    match link {
        Link::Entry(id) => open_entry(app, &id),
        Link::Graph(path) => {
            let nav = GraphNav {
                path,
                cursor: 0,
                tree_view: false,
            };
            let previous = std::mem::replace(&mut app.screen, Screen::Graph(nav));
            app.back.push(previous);
        }
    }
}

/// The numbered links of the catalog entry on show.
pub fn catalog_links(kb: &KnowledgeBase, c: &CatalogScreen) -> Vec<(String, Link)> {
    crate::catalog::search(kb, &c.query)
        .get(c.cursor)
        .map(|e| crate::catalog::links(kb, *e))
        .unwrap_or_default()
}

/// The advisor's numbered links: the anti-patterns found, then the patterns chosen, as
/// the advisor lists them.
pub fn advisor_links(kb: &KnowledgeBase, session: &Session) -> Vec<String> {
    let a = engine::assess(kb, session);
    a.findings
        .iter()
        .map(|f| f.antipattern.id.get_ref().to_string())
        .chain(
            a.patterns
                .iter()
                .map(|r| r.pattern.id.get_ref().to_string()),
        )
        .collect()
}

/// At a leaf of the decision graph, Enter opens the pattern under the cursor in the
/// catalog. Returns whether it did.
pub(super) fn open_leaf_pattern(app: &mut App, nav: &GraphNav) -> bool {
    let Some(node) = nav.current(&app.kb).filter(|n| n.is_leaf()) else {
        return false;
    };
    let Some(id) = node.patterns.get(nav.cursor).map(|p| p.get_ref().clone()) else {
        return false;
    };
    open_entry(app, &id);
    true
}

/// Opens the review overview of the session on screen, with its documents' staleness as
/// the session is now.
pub(super) fn open_overview(app: &mut App) {
    let kb = app.kb.clone();
    if let Screen::Session(s) = &mut app.screen {
        s.staleness = staleness(&kb, s);
        app.overlay = Some(Overlay::Overview { scroll: 0 });
    }
}

/// The written documents that differ from what the session would write now.
pub(super) fn staleness(kb: &KnowledgeBase, s: &SessionScreen) -> crate::workflow::Staleness {
    if s.docs.current_for(&s.session) {
        return crate::workflow::Staleness::default();
    }
    let artifacts = crate::export::artifacts::render_all(kb, &s.session, &s.related);
    crate::workflow::stale::compare(&s.docs, &s.session, &artifacts)
}

/// Whether a session just opened has anything to overview (a new one has not).
pub(super) fn worth_an_overview(session: &Session) -> bool {
    !session.answers.is_empty() || !session.paths.is_empty()
}
