//! The modes pass: every session mode has a plan of steps; a questions step names a
//! questionnaire step that has questions; a step of any other kind (graph, evidence,
//! inventory, channels, decisions, runbooks, launches) appears at most once; every plan
//! ends with its review step.

use super::Ctx;
use crate::kb::model::*;

pub(super) fn modes(ctx: &mut Ctx, modes: &[ModePlan], questionnaires: &[Questionnaire]) {
    for &id in SESSION_MODES {
        if !modes.iter().any(|m| m.id.get_ref() == id) {
            ctx.unplaced(
                &format!("mode \"{id}\""),
                "no steps are defined for this session mode ([[mode]] with this id)",
            );
        }
    }
    for m in modes {
        let key = format!("mode \"{}\"", m.id.get_ref());
        if !SESSION_MODES.contains(&m.id.get_ref().as_str()) {
            ctx.at(
                m.file,
                &m.id,
                key.clone(),
                format!("unknown session mode; modes: {}", SESSION_MODES.join(", ")),
            );
        }
        if m.step.last().map(|s| s.kind) != Some(ModeStepKind::Review) {
            ctx.at(
                m.file,
                &m.id,
                format!("{key}.step"),
                "a mode's last step is its review step (kind = \"review\"), where the documents are written".into(),
            );
        }
        for (i, s) in m.step.iter().enumerate() {
            let at = format!("{key}.step[{i}]");
            match (s.kind, s.questions) {
                (ModeStepKind::Questions, None) => ctx.at(
                    m.file,
                    &m.id,
                    format!("{at}.questions"),
                    "a questions step names the questionnaire step it asks (questions = \"...\")"
                        .into(),
                ),
                (ModeStepKind::Questions, Some(step)) => {
                    if !questionnaires.iter().any(|q| q.step == step) {
                        ctx.at(
                            m.file,
                            &m.id,
                            format!("{at}.questions"),
                            format!("no questionnaire belongs to step {step:?}"),
                        );
                    }
                }
                (_, Some(_)) => ctx.at(
                    m.file,
                    &m.id,
                    format!("{at}.questions"),
                    "only a questions step names questions".into(),
                ),
                (_, None) => {}
            }
            // A list of records is filled in once per session: twice in a plan would show
            // the same records in two places.
            if !matches!(s.kind, ModeStepKind::Questions)
                && m.step[..i].iter().any(|x| x.kind == s.kind)
            {
                ctx.at(
                    m.file,
                    &m.id,
                    format!("{at}.kind"),
                    format!("a mode walks one {:?} step; this one repeats it", s.kind)
                        .to_lowercase(),
                );
            }
            if s.title.trim().is_empty() {
                ctx.at(
                    m.file,
                    &m.id,
                    format!("{at}.title"),
                    "a step needs a title".into(),
                );
            }
        }
    }
}
