//! Carries out the effects `update` asks for and reports each result back as an action.
//! It holds the open session file (to notice changes made by others) and nothing of the
//! app's state; no terminal here, so tests run it headless.

use super::app::{self, Action, App, Effect, Screen};
use crate::kb::KnowledgeBase;
use crate::workflow::{self, SaveOutcome, SessionFile, file};
use std::path::{Path, PathBuf};

pub struct Runner {
    root: PathBuf,
    /// The session file open on screen.
    file: Option<SessionFile>,
}

impl Runner {
    pub fn new(root: PathBuf) -> Self {
        Runner { root, file: None }
    }

    /// Opens a session file, keeping it as the one saves go to.
    pub fn open(&mut self, kb: &KnowledgeBase, path: &Path) -> Action {
        match SessionFile::open(kb, path, &self.root) {
            Ok(opened) => {
                let path = opened.file.path().to_path_buf();
                self.file = Some(opened.file);
                Action::Opened(Ok(Box::new((opened.session, path, opened.related))))
            }
            Err(e) => Action::Opened(Err(e)),
        }
    }

    /// Carries out one effect; its result comes back as an action for `update`.
    pub fn perform(&mut self, app: &App, effect: Effect) -> Option<Action> {
        let session = match &app.screen {
            Screen::Session(s) if !s.read_only() => Some(s),
            _ => None,
        };
        match effect {
            Effect::Quit => None,
            Effect::Save | Effect::OverwriteSession => {
                let s = session?;
                let file = self.file.as_mut()?;
                if effect == Effect::Save && !s.dirty() {
                    return None;
                }
                let outcome = if effect == Effect::Save {
                    file.save(&s.session, s.revision)
                } else {
                    file.overwrite(&s.session, s.revision)
                };
                Some(Action::Saved {
                    revision: s.revision,
                    outcome,
                })
            }
            Effect::KeepTheirs => {
                let s = session?;
                let file = self.file.as_mut()?;
                Some(Action::Kept(Box::new(
                    file.keep_theirs(&app.kb, &s.session),
                )))
            }
            Effect::SaveCopyTo(path) => {
                // Read-only too: a session whose file was left deleted is detached.
                let Screen::Session(s) = &app.screen else {
                    return None;
                };
                let s = &s.session;
                Some(Action::CopySaved(file::save_copy(&path, s)))
            }
            Effect::StartOver(path) => Some(Action::StartedOver {
                backup: file::start_over(&path, app.today),
                path,
            }),
            Effect::CreateSession {
                feature,
                slug,
                mode,
            } => Some(Action::Created(file::create(
                &self.root, &feature, &slug, mode, app.today,
            ))),
            Effect::OpenSession(path) => Some(self.open(&app.kb.clone(), &path)),
            Effect::PreviewWrite => {
                let s = session?;
                let path = self.file.as_ref()?.path().to_path_buf();
                let root = file::output_root(&path, &self.root);
                Some(Action::Previewed(
                    workflow::diff::preview(&app.kb, &s.session, &root)
                        .map_err(|e| format!("{e:#}")),
                ))
            }
            Effect::ReadDocs => {
                let s = session?;
                let path = self.file.as_ref()?.path().to_path_buf();
                let root = file::output_root(&path, &self.root);
                Some(Action::DocsRead(workflow::WrittenDocs::read(
                    &root,
                    &s.session.slug,
                )))
            }
            Effect::Publish(force) => {
                let s = session?;
                let path = self.file.as_ref()?.path().to_path_buf();
                let root = file::output_root(&path, &self.root);
                let result = workflow::publish(&app.kb, &s.session, &root, force)
                    .map_err(|e| format!("{e:#}"));
                Some(Action::Published(
                    result,
                    file::related(&root, &s.session.slug),
                ))
            }
        }
    }

    /// Saves the session on screen now (if it has changes), with everything a save asks
    /// for; returns whether it has no unsaved changes afterwards.
    pub fn save_now(&mut self, app: &mut App) -> bool {
        self.run(app, vec![Effect::Save]);
        app.session().is_none_or(|s| s.read_only() || !s.dirty())
    }

    /// Saves the session on screen as the program ends (a signal, a crash): to its file
    /// unless that changed or vanished on disk meanwhile, else to a copy in the temporary
    /// folder, so neither the answers here nor a change made elsewhere is lost. Returns
    /// where the answers went, or why they could not be saved.
    pub fn save_before_exit(&mut self, app: &App) -> Option<Result<PathBuf, String>> {
        let Screen::Session(s) = &app.screen else {
            return None;
        };
        if s.read_only() || !s.dirty() {
            return None;
        }
        let fallback = file::fallback_path(&s.session, s.revision);
        if !s.save_paused
            && let Some(f) = self.file.as_mut()
        {
            match f.save(&s.session, s.revision) {
                SaveOutcome::Saved(path) => return Some(Ok(path)),
                SaveOutcome::ChangedOnDisk(_)
                | SaveOutcome::Deleted(_)
                | SaveOutcome::Failed { .. } => {}
            }
        }
        Some(file::save_copy(&fallback, &s.session))
    }

    /// Runs effects and the actions they report until nothing is left. Stops after a save
    /// that did not land, so a following quit never loses work. Returns true to exit.
    pub fn run(&mut self, app: &mut App, effects: Vec<Effect>) -> bool {
        let mut queue: std::collections::VecDeque<Effect> = effects.into();
        while let Some(effect) = queue.pop_front() {
            if effect == Effect::Quit {
                return true;
            }
            let Some(action) = self.perform(app, effect) else {
                continue;
            };
            let landed = !matches!(
                &action,
                Action::Saved { outcome, .. } if !matches!(outcome, SaveOutcome::Saved(_))
            );
            let more = app::update(app, action);
            if !landed {
                queue.clear();
            }
            // What an action asks for runs before the rest of the queue (a write after a
            // save, an open after a create).
            for e in more.into_iter().rev() {
                queue.push_front(e);
            }
        }
        false
    }
}
