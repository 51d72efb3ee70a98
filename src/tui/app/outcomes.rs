//! What effects did, as `update` takes it in: saves (and the questions a changed or
//! deleted file raises), writes, and the autosave timing.

use super::*;

/// Saves once changes settle: after a pause in typing, or at most `SAVE_MAX` after the
/// first unsaved change.
pub(super) fn autosave(app: &mut App, now: Instant) -> Vec<Effect> {
    let Screen::Session(s) = &mut app.screen else {
        return Vec::new();
    };
    if s.read_only() || !s.dirty() {
        s.first_unsaved = None;
        s.last_change = None;
        s.seen_revision = s.revision;
        return Vec::new();
    }
    if s.revision != s.seen_revision {
        s.seen_revision = s.revision;
        s.last_change = Some(now);
        s.first_unsaved.get_or_insert(now);
    }
    if s.save_paused {
        return Vec::new();
    }
    let settled = s
        .last_change
        .is_some_and(|t| now.saturating_duration_since(t) >= SAVE_DEBOUNCE);
    let overdue = s
        .first_unsaved
        .is_some_and(|t| now.saturating_duration_since(t) >= SAVE_MAX);
    if settled || overdue {
        // Try again after the next pause, not on every tick, should this save fail.
        s.last_change = None;
        s.first_unsaved = None;
        vec![Effect::Save]
    } else {
        Vec::new()
    }
}

impl App {
    /// How long the shell may wait for input before the next tick is due.
    pub fn next_tick(&self, now: Instant) -> Duration {
        let Some(s) = self.session() else {
            return Duration::from_secs(1);
        };
        match (s.last_change, s.first_unsaved) {
            (Some(last), Some(first)) => {
                let until_settled =
                    SAVE_DEBOUNCE.saturating_sub(now.saturating_duration_since(last));
                let until_overdue = SAVE_MAX.saturating_sub(now.saturating_duration_since(first));
                until_settled
                    .min(until_overdue)
                    .max(Duration::from_millis(10))
            }
            // A change not yet seen by a tick: tick at once.
            _ if s.revision != s.seen_revision => Duration::from_millis(10),
            _ => Duration::from_secs(1),
        }
    }
}

pub(super) fn saved(app: &mut App, revision: u64, outcome: SaveOutcome) -> Vec<Effect> {
    match outcome {
        SaveOutcome::Saved(path) => {
            if let Screen::Session(s) = &mut app.screen {
                s.saved_revision = s.saved_revision.max(revision);
                s.save_paused = false;
            }
            app.status = format!("saved {}", app.show(&path));
            app.save_failure_asked = false;
        }
        SaveOutcome::ChangedOnDisk(path) => {
            if let Screen::Session(s) = &mut app.screen {
                s.save_paused = true;
            }
            app.quitting = false;
            app.overlay = Some(Overlay::Confirm {
                message: format!(
                    "{} changed on disk since it was read (a second design-advisor, an editor or a git pull).\ny: replace it with your answers.\nn: keep it: your answers go to a copy beside it and you go on with the version on disk.",
                    app.show(&path)
                ),
                on_yes: Pending::OverwriteSession,
            });
        }
        SaveOutcome::Deleted(path) => {
            let fallback = match &app.screen {
                Screen::Session(s) => crate::workflow::file::fallback_path(&s.session, s.revision),
                _ => std::env::temp_dir(),
            };
            if let Screen::Session(s) = &mut app.screen {
                s.save_paused = true;
            }
            app.quitting = false;
            app.overlay = Some(Overlay::Confirm {
                message: format!(
                    "{} was deleted since it was read (rm, git pull or checkout).\ny: write it again with your answers.\nn: leave it deleted: your answers go to {} and saving stops.",
                    app.show(&path),
                    fallback.display()
                ),
                on_yes: Pending::RecreateSession(fallback),
            });
        }
        SaveOutcome::Failed { error, fallback } => {
            app.status = format!("could not save: {error}");
            // Ask once per run of failures: the answers stay in memory either way.
            if app.quitting || !app.save_failure_asked {
                let quit = std::mem::take(&mut app.quitting);
                app.save_failure_asked = true;
                let then = if quit { "and quit" } else { "and go on" };
                app.overlay = Some(Overlay::Confirm {
                    message: format!(
                        "Saving failed: {error}\nYour answers are still here.\ny: save them to {} {then}.\nn: {}",
                        fallback.display(),
                        if quit {
                            "stay, and save them elsewhere or fix the folder first."
                        } else {
                            "keep them in memory; saving is tried again as you go."
                        }
                    ),
                    on_yes: Pending::SaveCopyTo(fallback, quit),
                });
            }
        }
    }
    Vec::new()
}

pub(super) fn published(app: &mut App, result: Result<Published, String>) {
    let force = app.pending_force;
    match result {
        Ok(Published::Written { paths, blocked, .. }) => {
            app.pending_force = Force::NONE;
            app.status = if paths.is_empty() {
                "every document was already current".into()
            } else {
                format!(
                    "wrote {}",
                    paths
                        .iter()
                        .map(|p| app.show(p))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            if let Screen::Session(s) = &mut app.screen {
                s.written = paths;
            }
            if !blocked.is_empty() {
                blocked_files(app, &blocked, force);
            }
        }
        Ok(Published::HandEdited { files, .. }) => {
            let list: Vec<String> = files
                .iter()
                .map(|f| format!("{}: {}", app.show(&f.path), f.summary))
                .collect();
            app.overlay = Some(Overlay::Confirm {
                message: format!(
                    "These files were edited by hand since they were generated:\n{}\nReplace them with the documents generated from the session? The edits in those files would be lost.",
                    list.join("\n")
                ),
                on_yes: Pending::WriteDocs(Force {
                    hand_edits: true,
                    ..force
                }),
            });
        }
        Err(e) => app.status = format!("could not write: {e}"),
    }
}

/// What a write would change is known: show it and ask, or say there is nothing to write.
pub(super) fn previewed(app: &mut App, result: Result<Vec<crate::workflow::FileChange>, String>) {
    match result {
        Ok(changes) if changes.is_empty() => {
            app.status = "every document is already current: nothing to write".into();
        }
        Ok(changes) => app.overlay = Some(Overlay::WriteDiff { changes, scroll: 0 }),
        Err(e) => app.status = format!("could not write: {e}"),
    }
}

/// The files the self-check found broken were left unwritten (the others are written):
/// say which and why, and offer to write them anyway.
fn blocked_files(app: &mut App, blocked: &[crate::workflow::publish::Blocked], force: Force) {
    let shown: Vec<String> = blocked
        .iter()
        .take(3)
        .map(|b| {
            let why = b.critical.first().map_or("", |f| f.message.as_str());
            format!("{}: {why}", app.show(&b.path))
        })
        .collect();
    let more = blocked.len().saturating_sub(3);
    app.overlay = Some(Overlay::Confirm {
        message: format!(
            "Not written, the self-check found {} file(s) broken: {}{}.\nThe other documents were written. Write the broken file(s) anyway?",
            blocked.len(),
            shown.join("; "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ),
        on_yes: Pending::WriteDocs(Force {
            critical: true,
            ..force
        }),
    });
}
