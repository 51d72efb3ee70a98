//! Publishing a session: every artifact planned, self-checked and written, with a typed
//! outcome both front ends act on (the terminal asks, the command line exits non-zero).

use crate::export::files::{self, Force};
use crate::kb::KnowledgeBase;
use crate::selfcheck::Finding;
use crate::session::Session;
use std::path::{Path, PathBuf};

/// A file edited by hand since it was generated, with what the edit changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandEdit {
    pub path: PathBuf,
    pub summary: String,
}

pub use files::Blocked;

/// What a write did.
#[derive(Debug)]
pub enum Published {
    /// These files were written (unchanged ones are left alone; the system catalog is
    /// always last). `blocked` are the artifacts the self-check found broken: they were
    /// not written (a copy already on disk is left as it is), each with the critical
    /// findings that say why; empty when forced. `findings` are all the self-check's
    /// findings.
    Written {
        paths: Vec<PathBuf>,
        blocked: Vec<Blocked>,
        findings: Vec<Finding>,
    },
    /// Nothing was written: these files, which the write would replace, were edited by
    /// hand since they were generated.
    HandEdited {
        files: Vec<HandEdit>,
        findings: Vec<Finding>,
    },
}

/// Plans, self-checks and writes every artifact of the session under `root`.
/// `Err` is for what cannot be overridden (a session that cannot be exported as it is,
/// a folder that cannot be written).
pub fn publish(
    kb: &KnowledgeBase,
    session: &Session,
    root: &Path,
    force: Force,
) -> anyhow::Result<Published> {
    let plan = files::plan(kb, session, root)?;
    match files::write_plan(&plan, root, force) {
        Ok(paths) => {
            let blocked = if force.critical {
                Vec::new()
            } else {
                plan.blocked
            };
            // Every document written: record the session they were written from. Should
            // this record fail, staleness is found by comparing the documents instead:
            // slower, never wrong. A file held back stays stale, so nothing is recorded.
            if blocked.is_empty() {
                let _ = super::stale::record(&plan.dir, session);
            }
            Ok(Published::Written {
                paths,
                blocked,
                findings: plan.findings,
            })
        }
        Err(e) => match e.downcast::<files::Refused>() {
            Ok(files::Refused::HandEditedFiles(paths)) => Ok(Published::HandEdited {
                files: paths
                    .into_iter()
                    .map(|path| {
                        let generated = plan
                            .artifacts
                            .iter()
                            .find(|a| plan.dir.join(&a.path) == path)
                            .map(files::final_text)
                            .unwrap_or_default();
                        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
                        HandEdit {
                            summary: files::hand_edit_summary(&on_disk, &generated),
                            path,
                        }
                    })
                    .collect(),
                findings: plan.findings,
            }),
            Err(e) => Err(e),
        },
    }
}

impl Published {
    /// Every self-check finding, whatever the outcome.
    pub fn findings(&self) -> &[Finding] {
        match self {
            Published::Written { findings, .. } | Published::HandEdited { findings, .. } => {
                findings
            }
        }
    }
}
