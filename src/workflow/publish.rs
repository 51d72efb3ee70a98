//! Publishing a session: every artifact planned, self-checked and written, with a typed
//! outcome both front ends act on (the terminal asks, the command line exits non-zero).

use crate::export::files::{self, Force};
use crate::kb::KnowledgeBase;
use crate::selfcheck::{Finding, Severity};
use crate::session::Session;
use std::path::{Path, PathBuf};

/// A file edited by hand since it was generated, with what the edit changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandEdit {
    pub path: PathBuf,
    pub summary: String,
}

/// What a write did.
#[derive(Debug)]
pub enum Published {
    /// These files were written (unchanged ones are left alone; the system catalog is
    /// always last). `findings` are the self-check's findings that did not block.
    Written {
        paths: Vec<PathBuf>,
        findings: Vec<Finding>,
    },
    /// Nothing was written: the self-check found critical problems (`critical`; all its
    /// findings in `findings`).
    Blocked {
        critical: Vec<Finding>,
        findings: Vec<Finding>,
    },
    /// Nothing was written: these files were edited by hand since they were generated.
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
            // Should this record fail, staleness is found by comparing the documents
            // instead: slower, never wrong.
            let _ = super::stale::record(&plan.dir, session);
            Ok(Published::Written {
                paths,
                findings: plan.findings,
            })
        }
        Err(e) => match e.downcast::<files::Refused>() {
            Ok(files::Refused::Critical(findings)) => Ok(Published::Blocked {
                critical: findings
                    .iter()
                    .filter(|f| f.severity == Severity::Critical)
                    .cloned()
                    .collect(),
                findings,
            }),
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
            Published::Written { findings, .. }
            | Published::Blocked { findings, .. }
            | Published::HandEdited { findings, .. } => findings,
        }
    }
}
