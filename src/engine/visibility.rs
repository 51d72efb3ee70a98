//! Which questions apply to a session: each question is asked once and only when earlier
//! answers make it relevant. A question applies when
//! - its step is one the session's mode asks now: in design mode the steps after the
//!   requirements wait until the three threshold questions are answered, since until then
//!   it is not known whether the full pipeline applies (a question the person already
//!   touched is kept);
//! - its `visible_when` rule (data) holds over the answers; and
//! - it is not pre-filled: a question with a `prefill` whose earlier question is answered
//!   with a mapped choice takes that answer and is not asked again.
//!
//! The rule language reads pre-filled answers as answers (see `prefilled`), so detection
//! rules keep working when the later question is skipped.

use super::SessionFacts;
use crate::kb::{KnowledgeBase, Question, Step};
use crate::rules::Facts;
use crate::session::{Mode, Session};

/// Whether the question applies to the session now: asked, and counted as a TBD when
/// unanswered. Unknown question ids do not apply.
pub fn applies(kb: &KnowledgeBase, session: &Session, question: &str) -> bool {
    let facts = SessionFacts::new(kb, session);
    applies_with(kb, session, &facts, question)
}

/// `applies`, reusing facts already built for the session.
pub fn applies_with(
    kb: &KnowledgeBase,
    session: &Session,
    facts: &SessionFacts,
    question: &str,
) -> bool {
    let (Some(q), Some(qn)) = (kb.question(question), kb.questionnaire_of(question)) else {
        return false;
    };
    // Not yet known, rather than irrelevant: a question the person already touched
    // (answered, marked later, given a note) stays.
    if session.mode == Mode::Design
        && qn.step > Step::Requirements
        && session.answer(question).is_none()
        && !threshold_known(kb, session)
    {
        return false;
    }
    relevant(kb, session, facts, q)
}

/// Whether earlier answers make the question relevant: its `visible_when` holds and it is
/// not pre-filled from an earlier question. Unlike `applies_with`, a question of a later
/// step stays relevant while the threshold is unanswered: the terminal lets a person work
/// ahead, though such questions are not TBDs yet.
pub fn relevant_with(
    kb: &KnowledgeBase,
    session: &Session,
    facts: &SessionFacts,
    question: &str,
) -> bool {
    kb.question(question)
        .is_some_and(|q| relevant(kb, session, facts, q))
}

fn relevant(kb: &KnowledgeBase, session: &Session, facts: &SessionFacts, q: &Question) -> bool {
    if !visible_with(facts, q) {
        return false;
    }
    let question = q.id.get_ref();
    let own = session.answer(question);
    let prefilled = own.is_none_or(|a| !a.is_answered() && !a.tbd)
        && prefilled(kb, session, question).is_some();
    !prefilled
}

/// The question's own `visible_when` rule over the answers (true when it has none).
pub fn visible_with(facts: &dyn Facts, question: &Question) -> bool {
    question
        .parsed_visible
        .as_ref()
        .is_none_or(|rule| rule.eval(facts))
}

/// The answer a question takes from the earlier question named in its `prefill`, when
/// that one is answered with a mapped choice (the design's target answer). The
/// question's own answer, if any, wins; callers check it first.
pub fn prefilled<'kb>(
    kb: &'kb KnowledgeBase,
    session: &Session,
    question: &str,
) -> Option<&'kb [String]> {
    prefilled_in(kb, session, question, false)
}

/// `prefilled`, read from the earlier answer as it stands today when `today` is set.
pub(crate) fn prefilled_in<'kb>(
    kb: &'kb KnowledgeBase,
    session: &Session,
    question: &str,
    today: bool,
) -> Option<&'kb [String]> {
    let pre = kb.question(question)?.prefill.as_ref()?;
    let from = session
        .answer(pre.from.get_ref())
        .filter(|a| a.is_answered())?;
    if session.answer(question).is_some_and(|a| a.tbd) {
        return None;
    }
    let choices = if today {
        from.today_choices()
    } else {
        from.choices.as_slice()
    };
    choices
        .iter()
        .find_map(|c| pre.choices.get(c.as_str()))
        .map(std::slice::from_ref)
}

/// A pre-filled answer as documents show it: the choice labels, and the person's own
/// note on the question or else the pre-fill's note. None when the question has an answer
/// of its own, is marked "later", or takes nothing from an earlier answer.
pub fn prefilled_answer(
    kb: &KnowledgeBase,
    session: &Session,
    question: &str,
) -> Option<(String, String)> {
    let own = session.answer(question);
    if own.is_some_and(|a| a.is_answered() || a.tbd) {
        return None;
    }
    let q = kb.question(question)?;
    let choices = prefilled(kb, session, question)?;
    let labels: Vec<&str> = choices
        .iter()
        .map(|c| q.choice(c).map_or(c.as_str(), |c| c.label.as_str()))
        .collect();
    let note = match own.map(|a| a.note.trim()).filter(|n| !n.is_empty()) {
        Some(n) => n.to_string(),
        None => q
            .prefill
            .as_ref()
            .map_or(String::new(), |p| p.note.to_string()),
    };
    Some((labels.join(", "), note))
}

fn threshold_known(kb: &KnowledgeBase, session: &Session) -> bool {
    kb.questionnaires_for(Step::Threshold)
        .flat_map(|qn| &qn.question)
        .all(|q| {
            session
                .answer(q.id.get_ref())
                .is_some_and(|a| a.is_answered())
        })
}
