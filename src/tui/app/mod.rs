//! The terminal UI's state and its one `update` function: the only place state changes.
//! Update does no I/O; what must touch the world (save, write documents, quit) comes back
//! as `Effect`s for the runner, whose results come back as `Action`s.

mod messages;
mod navigate;
mod outcomes;
mod session_keys;
mod start;
mod state;
mod text;

pub use messages::*;
pub use state::*;

pub use navigate::{JumpHit, JumpTarget, advisor_links, catalog_links, jump_hits};
pub use start::{choose_start, graph_command};
pub use text::current_question;

use super::keys::{self, Command, Context};
use crate::catalog;
use crate::engine;
use crate::export::files::Force;
use crate::kb::{KnowledgeBase, Node};
use crate::session::{self, Answer, Date, Mode, Session};
use crate::workflow::file::CreateError;
use crate::workflow::{Kept, Published, SaveOutcome};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use outcomes::{autosave, published, saved};
use ratatui::layout::Rect;
use ratatui_textarea::{TextArea, WrapMode};
use session_keys::session_command;
use start::{catalog_command, go_back, open_catalog, start_command};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use text::{edit_text, finish_input, leave_text};

pub use crate::workflow::FoundSession;
pub use crate::workflow::plan::{PlannedStep, StepKind, questions};

/// The only place state changes.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let effects = update_inner(app, action);
    refresh_review(app);
    effects
}

/// Keeps the review step's documents and self-check in step with the session: computed
/// here, when the state changes, so drawing stays a pure read.
fn refresh_review(app: &mut App) {
    let kb = app.kb.clone();
    let Screen::Session(s) = &mut app.screen else {
        return;
    };
    if s.kind() != StepKind::Review {
        return;
    }
    let key = (s.revision, s.related.clone());
    if s.review
        .as_ref()
        .is_some_and(|r| (r.revision, &r.related) == (key.0, &key.1))
    {
        return;
    }
    let artifacts = crate::export::artifacts::render_all(&kb, &s.session, &s.related);
    let findings = crate::selfcheck::check(&kb, &s.session, &artifacts, &s.related);
    let staleness = crate::workflow::stale::compare(&s.docs, &s.session, &artifacts);
    s.artifact = s.artifact.min(artifacts.len().saturating_sub(1));
    s.review = Some(ReviewCache {
        revision: key.0,
        related: key.1,
        artifacts,
        findings,
        staleness,
    });
}

fn update_inner(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(key) => on_key(app, key),
        Action::Click(click) => on_click(app, click),
        Action::Paste(text) => {
            text::paste(app, &text);
            Vec::new()
        }
        Action::Resize => Vec::new(),
        Action::Tick(now) => autosave(app, now),
        Action::Saved { revision, outcome } => saved(app, revision, outcome),
        Action::Kept(kept) => {
            let copy = match &kept.copy {
                Ok(p) => format!("your answers were saved to {}", app.show(p)),
                Err(e) => format!("could not save your answers to a copy: {e}"),
            };
            if let Screen::Session(s) = &mut app.screen {
                match kept.theirs {
                    Ok(theirs) => {
                        // Go on with the file's version: later saves build on it.
                        s.session = theirs;
                        s.revision += 1;
                        s.saved_revision = s.revision;
                        s.seen_revision = s.revision;
                        s.save_paused = false;
                        s.review = None;
                        app.status = format!("{copy}; now showing the version on disk");
                    }
                    Err(e) => {
                        // Saving stays paused: nothing here may replace that file.
                        app.status = format!(
                            "{copy}; the version on disk cannot be read ({e}), so saving stays paused"
                        );
                    }
                }
            }
            Vec::new()
        }
        Action::CopySaved(result) => {
            app.status = match result {
                Ok(p) => format!("your answers were saved to {}", app.show(&p)),
                Err(e) => format!("could not save a copy: {e}"),
            };
            Vec::new()
        }
        Action::StartedOver { path, backup } => match backup {
            Ok(backup) => {
                app.status = format!(
                    "started over; the unreadable file is kept as {}",
                    app.show(&backup)
                );
                vec![Effect::OpenSession(path)]
            }
            Err(e) => {
                app.status = e;
                Vec::new()
            }
        },
        Action::Created(result) => match result {
            Ok(path) => vec![Effect::OpenSession(path)],
            Err(CreateError::Exists(path)) => {
                app.overlay = Some(Overlay::Confirm {
                    message: format!(
                        "{} exists already: a feature with this slug was started before.\ny: open it.\nn: go back and choose another name or slug.",
                        app.show(&path)
                    ),
                    on_yes: Pending::OpenExisting(path),
                });
                Vec::new()
            }
            Err(e) => {
                app.status = e.to_string();
                Vec::new()
            }
        },
        Action::Published(result, related) => {
            if let Screen::Session(s) = &mut app.screen {
                s.related = related;
            }
            published(app, result);
            vec![Effect::ReadDocs]
        }
        Action::Previewed(result) => {
            outcomes::previewed(app, result);
            Vec::new()
        }
        Action::DocsRead(docs) => {
            let kb = app.kb.clone();
            if let Screen::Session(s) = &mut app.screen {
                s.docs = docs;
                s.staleness = navigate::staleness(&kb, s);
                // The review step compares again with what is on disk now.
                s.review = None;
            }
            Vec::new()
        }
        Action::Opened(result) => {
            match result.map(|b| *b) {
                Ok((session, path, related)) => {
                    let overview = navigate::worth_an_overview(&session);
                    let mut screen = SessionScreen::new(&app.kb, session, Some(path.clone()));
                    screen.related = related;
                    app.screen = Screen::Session(Box::new(screen));
                    app.back.clear();
                    app.status = format!("opened {}", app.show(&path));
                    if overview {
                        navigate::open_overview(app);
                    }
                    return vec![Effect::ReadDocs];
                }
                Err(e) => app.status = e,
            }
            Vec::new()
        }
    }
}

pub(super) fn quit(app: &mut App) -> Vec<Effect> {
    match &app.screen {
        Screen::Session(s) if s.dirty() && !s.read_only() => {
            app.quitting = true;
            vec![Effect::Save, Effect::Quit]
        }
        _ => vec![Effect::Quit],
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if app.too_small() {
        // The screen only says "too small … press q": no other key may act unseen (a
        // hidden note would take it as text).
        let quit_key = matches!(key.code, KeyCode::Char('q'))
            || (key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL));
        if quit_key {
            leave_text(app);
            return quit(app);
        }
        return Vec::new();
    }
    let context = app.context();
    let command = keys::lookup(context, &key);
    if context == Context::JumpField {
        return navigate::jump_key(app, command, key);
    }
    // A text field gets every key but the few its context binds (to leave it, save, quit).
    if app.editing() {
        let keeps =
            matches!(&app.overlay, Some(Overlay::Input { kind, .. }) if kind.keeps_on_esc());
        return match command {
            Some(Command::Quit) => {
                // A form field keeps what was typed, even when quitting from it.
                if keeps {
                    finish_input(app, text::Finish::Keep);
                }
                leave_text(app);
                quit(app)
            }
            Some(Command::Save) => {
                leave_text(app);
                save(app)
            }
            Some(Command::FullScreen) => {
                app.full_editor = !app.full_editor;
                Vec::new()
            }
            Some(Command::Back) if keeps => finish_input(app, text::Finish::Keep),
            Some(Command::Back) => {
                leave_text(app);
                Vec::new()
            }
            Some(Command::Confirm) => finish_input(app, text::Finish::Next),
            Some(Command::Cancel) => {
                leave_text(app);
                Vec::new()
            }
            _ => edit_text(app, key),
        };
    }
    match command {
        Some(command) => command_(app, command),
        None => Vec::new(),
    }
}

fn save(app: &mut App) -> Vec<Effect> {
    match &app.screen {
        Screen::Session(s) if s.read_only() => {
            app.status = "read-only example: start a new feature to keep your answers".into();
            Vec::new()
        }
        Screen::Session(_) => vec![Effect::Save],
        _ => Vec::new(),
    }
}

fn command_(app: &mut App, command: Command) -> Vec<Effect> {
    // Overlays first.
    match (&mut app.overlay, command) {
        (Some(Overlay::Help { .. }), Command::Back | Command::Help) => {
            app.overlay = None;
            return Vec::new();
        }
        (Some(Overlay::Help { .. }), Command::Down | Command::PageDown | Command::Bottom) => {
            let max = app.help_max_scroll();
            if let Some(Overlay::Help { scroll }) = &mut app.overlay {
                *scroll = match command {
                    Command::Down => scroll.saturating_add(1),
                    Command::PageDown => scroll.saturating_add(10),
                    _ => max,
                }
                .min(max);
            }
            return Vec::new();
        }
        (Some(Overlay::Help { scroll }), Command::Up | Command::PageUp | Command::Top) => {
            *scroll = match command {
                Command::Up => scroll.saturating_sub(1),
                Command::PageUp => scroll.saturating_sub(10),
                _ => 0,
            };
            return Vec::new();
        }
        (Some(Overlay::Overview { .. }), Command::Back) => {
            app.overlay = None;
            return Vec::new();
        }
        (
            Some(Overlay::Overview { .. } | Overlay::WriteDiff { .. }),
            Command::Up
            | Command::Down
            | Command::PageUp
            | Command::PageDown
            | Command::Top
            | Command::Bottom,
        ) => {
            let max = app.overlay_max_scroll();
            if let Some(Overlay::Overview { scroll } | Overlay::WriteDiff { scroll, .. }) =
                &mut app.overlay
            {
                *scroll = match command {
                    Command::Up => scroll.saturating_sub(1),
                    Command::Down => scroll.saturating_add(1),
                    Command::PageUp => scroll.saturating_sub(10),
                    Command::PageDown => scroll.saturating_add(10),
                    Command::Top => 0,
                    _ => max,
                }
                .min(max);
            }
            return Vec::new();
        }
        (Some(Overlay::WriteDiff { .. }), Command::Confirm) => {
            app.overlay = None;
            app.pending_force = Force::NONE;
            return vec![Effect::Publish(Force::NONE)];
        }
        (Some(Overlay::WriteDiff { .. }), Command::Cancel) => {
            app.overlay = None;
            app.status = "cancelled: nothing was written".into();
            return Vec::new();
        }
        (Some(Overlay::Confirm { on_yes, .. }), Command::Confirm) => {
            let pending = on_yes.clone();
            app.overlay = None;
            return match pending {
                Pending::WriteDocs(force) => {
                    app.pending_force = force;
                    vec![Effect::Publish(force)]
                }
                Pending::QuitWithoutSaving => vec![Effect::Quit],
                Pending::OverwriteSession | Pending::RecreateSession(_) => {
                    vec![Effect::OverwriteSession]
                }
                Pending::OpenExisting(path) => vec![Effect::OpenSession(path)],
                Pending::SaveCopyTo(path, quit) => {
                    let mut effects = vec![Effect::SaveCopyTo(path)];
                    if quit {
                        effects.push(Effect::Quit);
                    }
                    effects
                }
                Pending::StartOver(path) => vec![Effect::StartOver(path)],
                Pending::DeleteRecord { kind, index } => {
                    let kb = app.kb.clone();
                    if let Screen::Session(s) = &mut app.screen
                        && session_keys::edit_session(
                            &mut app.status,
                            &kb,
                            s,
                            crate::workflow::Edit::DeleteRecord { kind, index },
                        )
                    {
                        s.record = s.record.min(kind.count(&s.session).saturating_sub(1));
                        app.status = format!("deleted the {}", kind.noun());
                    }
                    Vec::new()
                }
                Pending::CreateSession {
                    feature,
                    slug,
                    mode,
                } => {
                    vec![Effect::CreateSession {
                        feature,
                        slug,
                        mode,
                    }]
                }
            };
        }
        (
            Some(Overlay::Confirm {
                on_yes: Pending::OverwriteSession,
                ..
            }),
            Command::Cancel,
        ) => {
            // Answering no to replacing a changed session keeps both: a copy of ours.
            app.overlay = None;
            return vec![Effect::KeepTheirs];
        }
        (
            Some(Overlay::Confirm {
                on_yes: Pending::RecreateSession(fallback),
                ..
            }),
            Command::Cancel,
        ) => {
            // Leave it deleted: the answers go elsewhere, and the session on screen is
            // detached from the file (read-only), so nothing writes it again.
            let fallback = fallback.clone();
            app.overlay = None;
            if let Screen::Session(s) = &mut app.screen {
                s.path = None;
                s.save_paused = false;
            }
            return vec![Effect::SaveCopyTo(fallback)];
        }
        (
            Some(Overlay::Confirm {
                on_yes: Pending::WriteDocs(_),
                ..
            }),
            Command::Cancel,
        ) => {
            app.overlay = None;
            app.pending_force = Force::NONE;
            app.status = "cancelled: nothing was written".into();
            if let Screen::Session(s) = &mut app.screen {
                s.written.clear();
            }
            return Vec::new();
        }
        (Some(Overlay::Confirm { .. }), Command::Cancel) => {
            app.overlay = None;
            app.status = "cancelled".into();
            return Vec::new();
        }
        (Some(_), Command::Quit) => {
            app.overlay = None;
            return quit(app);
        }
        (Some(Overlay::Basics { cursor }), Command::Up | Command::Down) => {
            let last = crate::workflow::BasicField::ALL.len() - 1;
            *cursor = if command == Command::Up {
                cursor.saturating_sub(1)
            } else {
                (*cursor + 1).min(last)
            };
            return Vec::new();
        }
        (Some(Overlay::Basics { cursor }), Command::Select) => {
            let field = crate::workflow::BasicField::ALL[*cursor];
            let value = app
                .session()
                .map(|s| field.value(&s.session))
                .unwrap_or_default();
            let mut text = start::single_line(&value, field.hint());
            text.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
            app.overlay = Some(Overlay::Input {
                kind: InputKind::Basic(field),
                text: Box::new(text),
                error: None,
            });
            return Vec::new();
        }
        (Some(Overlay::Basics { .. }), Command::Back) => {
            app.overlay = None;
            return Vec::new();
        }
        (Some(Overlay::Form { .. }), _) => {
            session_keys::form_command(app, command);
            return Vec::new();
        }
        (Some(_), _) => {
            return Vec::new();
        }
        _ => {}
    }
    match command {
        Command::Help => {
            app.overlay = Some(Overlay::Help { scroll: 0 });
            return Vec::new();
        }
        Command::Quit => return quit(app),
        Command::Save => return save(app),
        Command::Basics => {
            match app.session() {
                Some(s) if s.read_only() => {
                    app.status = "read-only example: start a new feature to write its basics".into()
                }
                Some(_) => app.overlay = Some(Overlay::Basics { cursor: 0 }),
                None => {}
            }
            return Vec::new();
        }
        Command::Jump if app.session().is_some() => {
            navigate::open_jump(app);
            return Vec::new();
        }
        Command::Overview if app.session().is_some() => {
            navigate::open_overview(app);
            return Vec::new();
        }
        Command::Search if !matches!(app.screen, Screen::Catalog(_)) => {
            open_catalog(app, true);
            return Vec::new();
        }
        _ => {}
    }
    match &mut app.screen {
        Screen::Start { .. } => start_command(app, command),
        Screen::Catalog(_) => {
            catalog_command(app, command);
            Vec::new()
        }
        Screen::Graph(nav) => {
            let kb = app.kb.clone();
            match command {
                // One Esc leaves learn mode, however deep in the graph.
                Command::Leave | Command::Back => go_back(app),
                Command::Select if nav.current(&kb).is_some_and(|n| n.is_leaf()) => {
                    let nav = nav.clone();
                    navigate::open_leaf_pattern(app, &nav);
                }
                _ => {
                    if let Some(msg) = graph_command(&kb, nav, command) {
                        app.status = msg;
                    }
                }
            }
            Vec::new()
        }
        Screen::Session(_) => session_command(app, command),
    }
}

fn on_click(app: &mut App, click: Click) -> Vec<Effect> {
    if app.overlay.is_some() {
        return Vec::new();
    }
    match click {
        Click::Scroll { advisor, down } => {
            let cmd = if down { Command::Down } else { Command::Up };
            if let Screen::Session(s) = &mut app.screen {
                if advisor {
                    s.focus = Pane::Advisor;
                } else if s.kind() == StepKind::Review {
                    s.focus = Pane::Main;
                } else {
                    return Vec::new();
                }
            }
            command_(app, cmd)
        }
        Click::Row(i) => {
            let start_items = app.start_items();
            match &mut app.screen {
                Screen::Start { cursor } => {
                    if i < start_items.len() {
                        *cursor = i;
                        return choose_start(app, start_items[i].clone());
                    }
                }
                Screen::Catalog(c) => {
                    c.cursor = i;
                    c.detail_scroll = 0;
                }
                Screen::Graph(nav) => {
                    nav.cursor = i;
                    let kb = app.kb.clone();
                    graph_command(&kb, nav, Command::Select);
                }
                Screen::Session(s) => {
                    s.focus = Pane::Main;
                    match s.kind() {
                        StepKind::Questions(_) => {
                            s.choice = i;
                            return command_(app, Command::Toggle);
                        }
                        StepKind::Graph => {
                            s.graph.cursor = i;
                            return command_(app, Command::Select);
                        }
                        StepKind::Evidence => s.evidence = i,
                        StepKind::Inventory | StepKind::Records(_) | StepKind::Review => {}
                    }
                }
            }
            Vec::new()
        }
        Click::Step(i) => {
            if let Screen::Session(s) = &mut app.screen
                && i < s.steps().len()
            {
                session_keys::set_step(&app.kb, s, i);
                s.focus = Pane::Steps;
            }
            Vec::new()
        }
        Click::Main | Click::Advisor => {
            if let Screen::Session(s) = &mut app.screen {
                s.focus = if click == Click::Main {
                    Pane::Main
                } else {
                    Pane::Advisor
                };
            }
            Vec::new()
        }
    }
}
