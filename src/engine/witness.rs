//! Witnesses in words: the answers, flows and patterns behind a finding or suggestion, as
//! plain text with the knowledge base's labels (renderers escape it).

use crate::kb::KnowledgeBase;
use crate::rules::{Witness, WitnessKind};

/// "Question label = choice label; ..." for a list of witnesses.
pub fn witness_text(kb: &KnowledgeBase, w: &[Witness]) -> String {
    let parts: Vec<String> = w
        .iter()
        .map(|w| {
            let label = |q: &str| {
                kb.question(q)
                    .map_or(q.to_string(), |q| q.label().to_string())
            };
            match w.kind {
                WitnessKind::Choice => {
                    let q = kb.question(&w.question);
                    let c = w.choice.as_deref().unwrap_or_default();
                    let choice = q.and_then(|q| q.choice(c)).map_or(c, |c| c.label.as_str());
                    format!("{} = {choice}", label(&w.question))
                }
                WitnessKind::Open => format!("{} not answered yet", label(&w.question)),
                WitnessKind::Complete => format!(
                    "{} complete",
                    kb.questionnaire(&w.question)
                        .map_or(w.question.as_str(), |q| q.title.as_str())
                ),
                WitnessKind::Flow => format!("a data flow uses {}", w.question),
                WitnessKind::Pattern => format!(
                    "{} in the design",
                    kb.pattern(&w.question)
                        .map_or(w.question.as_str(), |p| p.name.as_str())
                ),
            }
        })
        .collect();
    parts.join("; ")
}
