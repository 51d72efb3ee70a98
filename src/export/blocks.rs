//! The blocks several artifacts share, written from the session: an answer in words,
//! the System concerns block, the Summary block and the Related artifacts block. Kept
//! below the renderers (and the Markdown writer) so that each of them can use these.

use super::escape::{cell, inline};
use crate::kb::{KnowledgeBase, Step};
use crate::session::Session;
use std::fmt::Write;

pub(crate) fn answer_text(kb: &KnowledgeBase, session: &Session, qid: &str) -> (String, String) {
    let (Some(q), answer) = (kb.question(qid), session.answer(qid)) else {
        return ("<TBD>".into(), String::new());
    };
    if let Some(pre) = crate::engine::prefilled_answer(kb, session, qid) {
        return pre;
    }
    let labels = |cs: &[String]| {
        cs.iter()
            .map(|c| q.choice(c).map_or(c.as_str(), |c| c.label.as_str()))
            .collect::<Vec<&str>>()
            .join(", ")
    };
    match answer {
        Some(ans) if ans.is_answered() && ans.changes() => (
            format!("{} (today: {})", labels(&ans.choices), labels(&ans.today)),
            ans.note.clone(),
        ),
        Some(ans) if ans.is_answered() => (labels(&ans.choices), ans.note.clone()),
        Some(ans) if ans.not_applicable && q.may_not_apply => {
            ("Does not apply".into(), ans.note.clone())
        }
        Some(ans) if ans.tbd => {
            let mut t = "<TBD>".to_string();
            if !ans.owner.trim().is_empty() {
                t = format!("<TBD: {}>", ans.owner.trim());
            }
            (t, ans.note.clone())
        }
        Some(ans) => ("<TBD>".into(), ans.note.clone()),
        None => ("<TBD>".into(), String::new()),
    }
}

/// An answer for a table cell: a `<TBD>` marker as a code span, anything else escaped.
pub(crate) fn answer_cell(answer: &str) -> String {
    if answer.starts_with("<TBD") {
        tbd_marker(answer)
    } else {
        cell(answer)
    }
}

/// `<TBD>` or `<TBD: owner>` as a code span; the owner is user text, so it is cleaned.
pub(crate) fn tbd_marker(marker: &str) -> String {
    let clean: String = inline(marker)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .chars()
        .filter(|&c| c != '`' && c != '\\')
        .collect();
    format!("`{}`", clean.replace('|', "/"))
}

/// The System concerns block of design.md, where the feature's concerns are stated.
pub(crate) fn concerns(w: &mut String, kb: &KnowledgeBase, session: &Session) {
    let _ = writeln!(w, "## System concerns\n");
    for qn in kb.questionnaires_for(Step::Concerns) {
        for q in &qn.question {
            if qn.optional && session.answer(q.id.get_ref()).is_none() {
                continue;
            }
            let (answer, note) = answer_text(kb, session, q.id.get_ref());
            let answer = if answer.starts_with("<TBD") {
                tbd_marker(&answer)
            } else {
                inline(&answer)
            };
            let note = if note.trim().is_empty() {
                String::new()
            } else {
                format!(": {}", inline(&note))
            };
            let _ = writeln!(w, "- **{}**: {answer}{note}", inline(q.label()));
        }
    }
    let _ = writeln!(w);
}

/// The System concerns block of a feature's other documents: the concerns are stated
/// once, in design.md's section, and linked from here rather than copied. `own` is the
/// document's path relative to the feature folder. `compliance`, when given, states the
/// document's own scope (a channel's PII class), which the feature's line does not.
pub(crate) fn concerns_reference(
    w: &mut String,
    kb: &KnowledgeBase,
    own: &str,
    compliance: Option<&str>,
) {
    let up = "../".repeat(own.matches('/').count());
    let design = super::registry::path(kb, "design", &[]);
    let _ = writeln!(w, "## System concerns\n");
    let _ = writeln!(
        w,
        "Stated once for the feature in [{design}]({up}{}#system-concerns).",
        design.replace(' ', "%20")
    );
    if let Some(own) = compliance {
        let _ = writeln!(w, "\n- **Compliance**: {own}");
    }
    let _ = writeln!(w);
}

pub(crate) use super::related::related_artifacts;

/// The Summary block every artifact starts with.
pub(crate) fn summary_block(w: &mut String, status: &str, date: &str, tldr: &str) {
    let _ = writeln!(w, "## Summary\n");
    let _ = writeln!(w, "- **Status**: {}", inline(status));
    let _ = writeln!(w, "- **Date**: {}", inline(date));
    let tldr = if tldr.trim().is_empty() {
        "`<TBD: one or two sentences>`".to_string()
    } else {
        inline(tldr)
    };
    let _ = writeln!(w, "- **TL;DR**: {tldr}\n");
}
