//! Text fields: notes, one-line inputs and the catalog search. A field with the keyboard
//! gets every key but the few its context binds.

use super::session_keys::{edit_session, inventory_item};
use super::start::single_line;
use super::*;
use crate::workflow::Edit;

/// Leaves whichever text field has the keyboard. A note and a search keep what was typed
/// (it is already in the state); a one-line field is cancelled.
pub(super) fn leave_text(app: &mut App) {
    app.full_editor = false;
    match &app.overlay {
        // A form field goes back to its form.
        Some(Overlay::Input {
            kind: InputKind::Field { index, field },
            ..
        }) => {
            app.overlay = Some(form_at(*field, *index, 0));
        }
        Some(Overlay::Input { .. }) => app.overlay = None,
        _ => {}
    }
    match &mut app.screen {
        Screen::Session(s) => s.note = None,
        Screen::Catalog(c) => c.searching = false,
        _ => {}
    }
}

/// Types a key into the text field that has the keyboard.
pub(super) fn edit_text(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if let Some(Overlay::Input { text, error, .. }) = &mut app.overlay {
        text.input(key);
        *error = None;
        return Vec::new();
    }
    match &mut app.screen {
        Screen::Session(s) => {
            let Some(note) = &mut s.note else {
                return Vec::new();
            };
            if note.input(key) {
                let text = note.lines().join("\n");
                if let Some(question) = current_question(&app.kb, s) {
                    edit_session(&mut app.status, &app.kb, s, Edit::Note { question, text });
                }
            }
        }
        Screen::Catalog(c) => {
            match key.code {
                KeyCode::Backspace => {
                    c.query.pop();
                }
                KeyCode::Up => c.searching = false,
                KeyCode::Char(ch) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    c.query.push(ch)
                }
                _ => {}
            }
            c.cursor = 0;
            c.detail_scroll = 0;
        }
        _ => {}
    }
    Vec::new()
}

pub(super) fn paste(app: &mut App, text: &str) {
    if let Some(Overlay::Input { text: t, kind, .. }) = &mut app.overlay {
        if kind.keeps_on_esc() {
            // A field of the basics or of a form takes a pasted paragraph whole, its
            // lines joined (it is stored as one line).
            t.insert_str(
                text.lines()
                    .map(str::trim_end)
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        } else {
            t.insert_str(text.lines().next().unwrap_or(""));
        }
        return;
    }
    match &mut app.screen {
        Screen::Session(s) => {
            let Some(note) = &mut s.note else { return };
            note.insert_str(text);
            let text = note.lines().join("\n");
            if let Some(question) = current_question(&app.kb, s) {
                edit_session(&mut app.status, &app.kb, s, Edit::Note { question, text });
            }
        }
        Screen::Catalog(c) if c.searching => c.query.push_str(text.lines().next().unwrap_or("")),
        _ => {}
    }
}

pub fn current_question(kb: &KnowledgeBase, s: &SessionScreen) -> Option<String> {
    let StepKind::Questions(step) = s.kind() else {
        return None;
    };
    let qs = crate::workflow::plan::asked(kb, &s.session, step);
    qs.get(s.question[s.step].min(qs.len().saturating_sub(1)))
        .map(|(_, q)| q.id.get_ref().to_string())
}

/// How a field is left: Enter sets it and goes on to the next field; Esc keeps what was
/// typed and stays on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Finish {
    Next,
    Keep,
}

/// The form of a record, with the cursor on `field` moved by `step` fields.
pub(super) fn form_at(field: crate::workflow::RecordField, index: usize, step: usize) -> Overlay {
    let kind = field.kind();
    let fields = kind.fields();
    let at = fields.iter().position(|f| *f == field).unwrap_or(0);
    Overlay::Form {
        kind,
        index,
        cursor: (at + step).min(fields.len() - 1),
    }
}

pub(super) fn finish_input(app: &mut App, how: Finish) -> Vec<Effect> {
    let Some(Overlay::Input { kind, text, error }) = &mut app.overlay else {
        return Vec::new();
    };
    let value = text.lines().join(" ").trim().to_string();
    match kind {
        InputKind::RecordName(kind) => {
            let kind = *kind;
            if value.is_empty() {
                app.overlay = None;
                app.full_editor = false;
                return Vec::new();
            }
            let kb = app.kb.clone();
            let Screen::Session(s) = &mut app.screen else {
                return Vec::new();
            };
            match crate::workflow::apply(&kb, &mut s.session, Edit::AddRecord { kind, name: value })
            {
                Ok(crate::workflow::Change::Record { index, .. }) => {
                    s.touch();
                    s.record = index;
                    app.full_editor = false;
                    app.overlay = Some(form_at(kind.fields()[0], index, 1));
                    app.status = format!(
                        "added the {}: Enter writes a field, Esc closes",
                        kind.noun()
                    );
                }
                Ok(_) => app.overlay = None,
                Err(e) => *error = Some(e.to_string()),
            }
        }
        InputKind::Field { index, field } => {
            let (index, field) = (*index, *field);
            // An Esc after the error was shown leaves without the invalid text.
            if how == Finish::Keep && error.is_some() {
                app.full_editor = false;
                app.overlay = Some(form_at(field, index, 0));
                return Vec::new();
            }
            let kb = app.kb.clone();
            let Screen::Session(s) = &mut app.screen else {
                return Vec::new();
            };
            match crate::workflow::apply(
                &kb,
                &mut s.session,
                Edit::SetField {
                    index,
                    field,
                    value,
                },
            ) {
                Ok(_) => {
                    s.touch();
                    app.full_editor = false;
                    let step = usize::from(how == Finish::Next);
                    app.overlay = Some(form_at(field, index, step));
                }
                Err(e) => {
                    *error = Some(if how == Finish::Keep {
                        format!("{e} (Esc again leaves without it)")
                    } else {
                        e.to_string()
                    })
                }
            }
        }
        InputKind::Basic(field) => {
            let field = *field;
            let kb = app.kb.clone();
            if let Screen::Session(s) = &mut app.screen {
                edit_session(&mut app.status, &kb, s, Edit::Basic { field, value });
            }
            // Enter goes on to the next field, as in a record's form.
            let all = crate::workflow::BasicField::ALL;
            let at = all.iter().position(|f| *f == field).unwrap_or(0);
            let cursor = (at + usize::from(how == Finish::Next)).min(all.len() - 1);
            app.full_editor = false;
            app.overlay = Some(Overlay::Basics { cursor });
        }
        InputKind::FeatureName => {
            if value.is_empty() {
                *error = Some("a feature needs a name".into());
                return Vec::new();
            }
            let slug = session::slugify(&value);
            let mut t = single_line(&slug, "slug: lower-case letters, digits and hyphens");
            t.set_placeholder_text("slug");
            app.new_feature = value;
            app.overlay = Some(Overlay::Input {
                kind: InputKind::Slug,
                text: Box::new(t),
                error: None,
            });
        }
        InputKind::Slug => {
            if let Err(e) = crate::workflow::edit::check_new_feature(&app.new_feature, &value) {
                *error = Some(e);
                return Vec::new();
            }
            let feature = std::mem::take(&mut app.new_feature);
            app.overlay = None;
            return vec![Effect::CreateSession {
                feature,
                slug: value,
                mode: app.new_mode,
            }];
        }
        InputKind::StoreName | InputKind::FlowEnds | InputKind::Entities => {
            let kind = *kind;
            let kb = app.kb.clone();
            let Screen::Session(s) = &mut app.screen else {
                return Vec::new();
            };
            let stores = s.session.stores.len();
            let edit = match kind {
                InputKind::StoreName => Edit::AddStore { name: value },
                InputKind::FlowEnds => Edit::AddFlow { ends: value },
                _ => Edit::Entities {
                    item: inventory_item(stores, s.inventory),
                    value,
                },
            };
            match crate::workflow::apply(&kb, &mut s.session, edit) {
                Ok(_) => {
                    s.touch();
                    match kind {
                        InputKind::StoreName => s.inventory = s.session.stores.len() - 1,
                        InputKind::FlowEnds => {
                            s.inventory = s.session.stores.len() + s.session.flows.len() - 1
                        }
                        _ => {}
                    }
                    app.overlay = None;
                }
                Err(e) => *error = Some(e.to_string()),
            }
        }
        InputKind::Owner | InputKind::Due => {
            let due = if *kind == InputKind::Due && !value.is_empty() {
                match value.parse::<Date>() {
                    Ok(d) => Some(d),
                    Err(e) => {
                        *error = Some(e);
                        return Vec::new();
                    }
                }
            } else {
                None
            };
            let kind = *kind;
            app.overlay = None;
            let kb = app.kb.clone();
            if let Screen::Session(s) = &mut app.screen
                && let Some(question) = current_question(&kb, s)
            {
                let edit = if kind == InputKind::Owner {
                    Edit::Owner {
                        question,
                        owner: value,
                    }
                } else {
                    Edit::Due { question, due }
                };
                let past = due.filter(|_| session::overdue(due, app.today));
                if edit_session(&mut app.status, &kb, s, edit)
                    && let Some(d) = past
                {
                    app.status = format!(
                        "due {d} is already past (today is {}): the TBD shows as overdue",
                        app.today
                    );
                }
            }
        }
    }
    Vec::new()
}
