//! design.md's rollout with abort criteria, the tests that verify each chosen pattern, and
//! the open questions each phase waits for.

use super::*;

/// An open question: a decision still to be made, or a checklist question not answered.
pub(crate) struct OpenQuestion {
    pub id: String,
    pub text: String,
    pub owner: String,
    pub due: String,
    /// Its due date has passed on the day the document is written (`session::as_of`).
    pub overdue: bool,
    /// The rollout phase it blocks: 0 for the build, 1 for the last (going live).
    pub blocks_go_live: bool,
    /// The note left on a TBD, quoted under the table.
    pub note: Option<String>,
}

/// The decisions not made yet (Deferred, or no decision sentence) and the TBDs, numbered.
pub(super) fn open_questions(
    kb: &KnowledgeBase,
    session: &Session,
    a: &Assessment,
    decisions: &[Decision],
) -> Vec<OpenQuestion> {
    let _ = session;
    let mut out = Vec::new();
    let index = crate::export::supersessions::Supersessions::of(decisions);
    for d in decisions {
        let status = index.effective_status(d);
        let undecided = status == AdrStatus::Deferred || d.decision.trim().is_empty();
        if !undecided {
            continue;
        }
        let question = crate::export::decided::blocking_question(d);
        let what = if question.is_empty() {
            String::new()
        } else {
            format!(": {question}")
        };
        out.push(OpenQuestion {
            id: String::new(),
            text: format!(
                "Decide [ADR-{:04}]({}) {} ({}){}",
                d.number,
                crate::export::decided::path(kb, d).replace(' ', "%20"),
                cell(&d.title),
                status.as_str(),
                cell(&what)
            ),
            owner: if d.decision_makers.is_empty() {
                "`<TBD>`".into()
            } else {
                cell(&d.decision_makers.join(", "))
            },
            due: d.due.map_or("`<TBD>`".into(), |d| d.to_string()),
            overdue: past_due(d.due),
            blocks_go_live: false,
            note: None,
        });
    }
    for t in &a.tbds {
        out.push(OpenQuestion {
            id: String::new(),
            text: format!(
                "{} ({}{}){}",
                cell(&t.question.prompt),
                cell(&t.questionnaire.title),
                if t.kind == TbdKind::Later {
                    ", left for later"
                } else {
                    ""
                },
                if t.note.is_some() {
                    " (see its note below)"
                } else {
                    ""
                }
            ),
            owner: t.owner.as_deref().map_or("`<TBD>`".to_string(), inline),
            due: t.due.map_or("`<TBD>`".to_string(), |d| d.to_string()),
            overdue: past_due(t.due),
            blocks_go_live: t.questionnaire.step == Step::Concerns,
            note: t.note.clone(),
        });
    }
    for (i, q) in out.iter_mut().enumerate() {
        q.id = format!("Q{}", i + 1);
    }
    out
}

/// Whether a due date has passed on the day the document is written.
fn past_due(due: Option<crate::session::Date>) -> bool {
    crate::session::as_of().is_some_and(|day| crate::session::overdue(due, day))
}

/// The due cell of an open question: its date, marked when it has passed.
fn due_cell(q: &OpenQuestion) -> String {
    if q.overdue {
        format!("{} (**overdue**)", q.due)
    } else {
        q.due.clone()
    }
}

/// The abort criterion of a phase: the stated SLO when it has a number, else a visible
/// `<TBD: criterion>`.
pub(super) fn abort_criterion(session: &Session) -> String {
    let numeric = |s: &str| s.chars().any(|c| c.is_ascii_digit());
    let slo = std::iter::once(session.service.slo.as_str())
        .chain(
            session
                .channels
                .iter()
                .filter(|c| c.change.in_target())
                .map(|c| c.slo.as_str()),
        )
        .find(|s| numeric(s));
    match slo {
        Some(s) => format!(
            "the SLO \"{}\" is missed over a 10-minute window (a proposed default)",
            inline(s.trim())
        ),
        None => "`<TBD: criterion>`".to_string(),
    }
}

/// Rollout and rollback, in phases drawn from what the design adds and removes; each with
/// its numeric abort criterion (or a visible `<TBD: criterion>`) and the open questions it
/// waits for.
pub(super) fn rollout(md: &mut Markdown, session: &Session, open: &[OpenQuestion]) {
    md.heading(2, "Rollout, migration and rollback");
    let added: Vec<String> = session
        .stores
        .iter()
        .filter(|s| s.change == Change::Added)
        .map(|s| inline(&s.name))
        .chain(
            session
                .flows
                .iter()
                .filter(|f| f.change == Change::Added)
                .map(|f| format!("{} by {}", inline(&flow_name(f)), f.mechanism.as_str())),
        )
        .chain(
            session
                .channels
                .iter()
                .filter(|c| c.change == Change::Added)
                .map(|c| format!("`{}`", code(&c.name))),
        )
        .collect();
    let removed: Vec<String> = session
        .flows
        .iter()
        .filter(|f| f.change == Change::Removed)
        .map(|f| format!("{} by {}", inline(&flow_name(f)), f.mechanism.as_str()))
        .chain(
            session
                .stores
                .iter()
                .filter(|s| s.change == Change::Removed)
                .map(|s| inline(&s.name)),
        )
        .chain(
            session
                .channels
                .iter()
                .filter(|c| c.change == Change::Removed)
                .map(|c| format!("`{}`", code(&c.name))),
        )
        .collect();
    let abort = abort_criterion(session);
    let blocked = |go_live: bool| -> String {
        let ids: Vec<String> = open
            .iter()
            .filter(|q| q.blocks_go_live == go_live)
            .map(|q| format!("[{}](#open-questions) (due {})", q.id, due_cell(q)))
            .collect();
        if ids.is_empty() {
            "no open question".to_string()
        } else {
            ids.join(", ")
        }
    };
    let build = if added.is_empty() {
        "Build the target design".to_string()
    } else {
        format!("Build {}", added.join(", "))
    };
    let mut phase = 0;
    let mut write =
        |md: &mut Markdown, title: &str, what: String, abort: &str, back: &str, go_live: bool| {
            phase += 1;
            md.heading(3, format_args!("Phase {phase}: {title}"));
            md.labelled("What", what);
            md.labelled("Abort when", abort);
            md.labelled("Rollback", back);
            md.labelled("Waits for", blocked(go_live));
            md.blank();
        };
    if removed.is_empty() {
        write(
            md,
            "build",
            format!("{build}, behind a flag or with no traffic."),
            &abort,
            "Turn the flag off; nothing depends on the new path yet.",
            false,
        );
        write(
            md,
            "progressive rollout",
            "Canary, then a growing share of traffic, then all of it.".to_string(),
            &abort,
            "Route traffic back to the previous version.",
            true,
        );
    } else {
        write(
            md,
            "build beside today's path",
            format!("{build}, while today's path keeps serving."),
            &abort,
            "Stop the new path; nothing reads it yet.",
            false,
        );
        write(
            md,
            "backfill, run in parallel and reconcile",
            "Backfill the target from a snapshot, run both paths and compare counts and checksums per entity."
                .to_string(),
            "the reconciliation mismatch exceeds `<TBD: criterion>`",
            "Keep serving from today's path; fix and backfill again.",
            false,
        );
        write(
            md,
            "cut over and remove today's path",
            format!("Remove {}.", removed.join(", ")),
            &abort,
            "Re-enable today's path, kept deployable until this phase ends.",
            true,
        );
    }
}

/// The tests that prove each chosen pattern, from the pattern's `verify` knowledge, and
/// the metric that shows it failing.
pub(super) fn verification(md: &mut Markdown, kb: &KnowledgeBase, a: &Assessment) {
    let _ = kb;
    md.heading(2, "Tests and verification");
    if a.patterns.is_empty() {
        md.para("`<TBD: tests>`: no pattern is chosen yet.");
        return;
    }
    let mut seen = BTreeSet::new();
    for r in &a.patterns {
        if !seen.insert(r.pattern.id.get_ref().to_string()) {
            continue;
        }
        let tests = if r.pattern.verify.is_empty() {
            "`<TBD: the test that proves it>`".to_string()
        } else {
            format!(
                "{}.",
                inline(r.pattern.verify.join("; ").trim_end_matches('.'))
            )
        };
        let watch = if r.pattern.metrics.is_empty() {
            String::new()
        } else {
            let m: Vec<String> = r
                .pattern
                .metrics
                .iter()
                .take(2)
                .map(|m| format!("{} ({})", m.name, m.threshold))
                .collect();
            format!(" Watch: {}.", inline(&m.join("; ")))
        };
        md.bullet(format_args!(
            "**{}**: {tests}{watch}",
            inline(&r.pattern.name)
        ));
    }
    md.blank();
}

/// Open questions (each linked from the rollout phase it blocks) and decisions needed.
pub(super) fn open_section(md: &mut Markdown, kb: &KnowledgeBase, open: &[OpenQuestion]) {
    let _ = kb;
    md.heading(2, "Risks, open questions and decisions needed");
    md.para("The risks are listed at the top, under Risks that remain.");
    md.heading(3, "Open questions");
    if open.is_empty() {
        md.para("None.");
        return;
    }
    let overdue: Vec<&str> = open
        .iter()
        .filter(|q| q.overdue)
        .map(|q| q.id.as_str())
        .collect();
    if let (false, Some(day)) = (overdue.is_empty(), crate::session::as_of()) {
        md.para(format_args!(
            "**{} overdue** on {day}, the day this was written: {}.",
            overdue.len(),
            overdue.join(", ")
        ));
    }
    md.table(&["Id", "Question", "Owner", "Due", "Blocks"]);
    for q in open {
        md.row(&[
            q.id.clone(),
            q.text.clone(),
            q.owner.clone(),
            due_cell(q),
            if q.blocks_go_live {
                "going live".to_string()
            } else {
                "the build".to_string()
            },
        ]);
    }
    md.blank();
    for q in open {
        if let Some(note) = &q.note {
            md.para(format_args!("Note on {}:", q.id));
            md.para(quote_block(note));
        }
    }
}
