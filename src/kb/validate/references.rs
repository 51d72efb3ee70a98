//! The references pass: every id an entry names (a pattern, a tier, a question or choice
//! inside a rule) must exist, and each rule must parse.

use super::{Ctx, valid_id};
use crate::kb::located::Located;
use crate::kb::model::*;
use crate::rules::{self, Reference, Rule};
use std::collections::{HashMap, HashSet};

/// Question ids mapped to (questionnaire, question) positions.
pub(super) type QuestionIndex = HashMap<Text, (usize, usize)>;

/// Questions: globally unique ids, prefixed by their questionnaire, with unique choices.
pub(super) fn questions(ctx: &mut Ctx, questionnaires: &[Questionnaire]) -> QuestionIndex {
    let mut question_index = HashMap::new();
    for (qi, qn) in questionnaires.iter().enumerate() {
        let qn_key = format!("questionnaire \"{}\"", qn.id.get_ref());
        if qn.question.is_empty() {
            ctx.at(qn.file, &qn.id, qn_key.clone(), "has no questions".into());
        }
        if qn.required_when_open && !qn.optional {
            ctx.at(
                qn.file,
                &qn.id,
                format!("{qn_key}.required_when_open"),
                "applies to an optional questionnaire only (every question of a required one is already a TBD when unanswered)".into(),
            );
        }
        for (i, q) in qn.question.iter().enumerate() {
            let key = format!("{qn_key}.question \"{}\"", q.id.get_ref());
            if !q.id.get_ref().starts_with(&format!("{}.", qn.id.get_ref())) {
                ctx.at(
                    qn.file,
                    &q.id,
                    key.clone(),
                    format!(
                        "question ids start with their questionnaire's id: \"{}.<name>\"",
                        qn.id.get_ref()
                    ),
                );
            } else if !valid_id(q.id.get_ref()) {
                ctx.at(
                    qn.file,
                    &q.id,
                    key.clone(),
                    "ids are lower-case letters, digits, '.', '_' or '-'".into(),
                );
            }
            if question_index
                .insert(q.id.get_ref().clone(), (qi, i))
                .is_some()
            {
                ctx.at(qn.file, &q.id, key.clone(), "duplicate question id".into());
            }
            if q.choice.len() < 2 {
                ctx.at(
                    qn.file,
                    &q.id,
                    key.clone(),
                    "a question needs at least two choices".into(),
                );
            }
            let mut seen = HashSet::new();
            for c in &q.choice {
                if !seen.insert(c.id.get_ref().as_str()) {
                    ctx.at(
                        qn.file,
                        &c.id,
                        format!("{key}.choice \"{}\"", c.id.get_ref()),
                        "duplicate choice id".into(),
                    );
                } else if !valid_id(c.id.get_ref()) {
                    ctx.at(
                        qn.file,
                        &c.id,
                        format!("{key}.choice \"{}\"", c.id.get_ref()),
                        "ids are lower-case letters, digits, '.', '_' or '-'".into(),
                    );
                }
            }
        }
    }
    question_index
}

/// The ids every later pass looks names up in.
pub(super) struct Lookup<'a> {
    pub questionnaires: &'a [Questionnaire],
    pub question_index: &'a QuestionIndex,
    pub questionnaire_ids: HashSet<&'a str>,
    pub pattern_ids: HashSet<&'a str>,
    /// Owned, so the tiers stay free to be filled in by their own pass.
    pub tier_ids: HashSet<Text>,
    pub antipattern_ids: HashSet<Text>,
    pub principle_ids: HashSet<Text>,
}

impl<'a> Lookup<'a> {
    pub fn new(
        questionnaires: &'a [Questionnaire],
        question_index: &'a QuestionIndex,
        patterns: &'a [Pattern],
        tiers: &[Tier],
        antipatterns: &[AntiPattern],
        principles: &[Principle],
    ) -> Self {
        Self {
            questionnaires,
            question_index,
            questionnaire_ids: questionnaires
                .iter()
                .map(|q| q.id.get_ref().as_str())
                .collect(),
            pattern_ids: patterns.iter().map(|p| p.id.get_ref().as_str()).collect(),
            tier_ids: tiers.iter().map(|t| t.id.get_ref().clone()).collect(),
            antipattern_ids: antipatterns
                .iter()
                .map(|a| a.id.get_ref().clone())
                .collect(),
            principle_ids: principles.iter().map(|p| p.id.get_ref().clone()).collect(),
        }
    }

    /// Reports `id` at `key` unless it names a known pattern.
    pub fn pattern(&self, ctx: &mut Ctx, file: usize, id: &Id, key: String) {
        if !self.pattern_ids.contains(id.get_ref().as_str()) {
            ctx.at(
                file,
                id,
                key,
                format!("unknown pattern \"{}\"", id.get_ref()),
            );
        }
    }

    /// Reports `id` at `key` unless it names a known tier.
    pub fn tier(&self, ctx: &mut Ctx, file: usize, id: &Id, key: String) {
        if !self.tier_ids.contains(id.get_ref()) {
            ctx.at(file, id, key, format!("unknown tier \"{}\"", id.get_ref()));
        }
    }

    /// Reports `id` at `key` unless it names a known question.
    pub fn question(&self, ctx: &mut Ctx, file: usize, id: &Id, key: String) {
        if !self.question_index.contains_key(id.get_ref()) {
            ctx.at(
                file,
                id,
                key,
                format!("unknown question \"{}\"", id.get_ref()),
            );
        }
    }

    /// Reports `id` at `key` unless it names a known anti-pattern.
    pub fn antipattern(&self, ctx: &mut Ctx, file: usize, id: &Id, key: String) {
        if !self.antipattern_ids.contains(id.get_ref()) {
            ctx.at(
                file,
                id,
                key,
                format!("unknown antipattern \"{}\"", id.get_ref()),
            );
        }
    }

    /// Reports `id` at `key` unless it names a known principle.
    pub fn principle(&self, ctx: &mut Ctx, file: usize, id: &Id, key: String) {
        if !self.principle_ids.contains(id.get_ref()) {
            ctx.at(
                file,
                id,
                key,
                format!("unknown principle \"{}\"", id.get_ref()),
            );
        }
    }

    /// Parses a rule and checks every name in it; reports problems and returns the rule
    /// only when it is sound.
    pub fn rule(
        &self,
        ctx: &mut Ctx,
        file: usize,
        text: &Located<Text>,
        key: String,
    ) -> Option<Rule> {
        // The offset in the decoded rule, mapped back through the string's quoting.
        let inputs = ctx.inputs;
        let at = |offset: usize| match inputs[file].text.get(text.span()) {
            Some(literal) => text.span().start + rules::literal_offset(literal, offset),
            None => text.span().start + 1 + offset,
        };
        let rule = match rules::parse(text.get_ref()) {
            Ok(r) => r,
            Err(e) => {
                ctx.report(
                    file,
                    Some(at(e.offset)..at(e.offset)),
                    key,
                    format!("rule syntax: {}", e.message),
                );
                return None;
            }
        };
        let mut ok = true;
        for reference in rule.references() {
            let problem = match reference {
                Reference::Question(q) if !self.question_index.contains_key(q) => {
                    Some(format!("unknown question \"{q}\""))
                }
                Reference::Choice { question, choice } => {
                    self.question_index.get(question).and_then(|&(qn, qi)| {
                        let q = &self.questionnaires[qn].question[qi];
                        (q.choice(choice).is_none()).then(|| {
                            let known: Vec<&str> =
                                q.choice.iter().map(|c| c.id.get_ref().as_str()).collect();
                            format!(
                                "question \"{question}\" has no choice \"{choice}\" (choices: {})",
                                known.join(", ")
                            )
                        })
                    })
                }
                Reference::Questionnaire(qn) if !self.questionnaire_ids.contains(qn) => {
                    Some(format!("unknown questionnaire \"{qn}\""))
                }
                Reference::Pattern(p) if !self.pattern_ids.contains(p) => {
                    Some(format!("unknown pattern \"{p}\""))
                }
                _ => None,
            };
            if let Some(message) = problem {
                ctx.report(file, Some(text.span()), key.clone(), message);
                ok = false;
            }
        }
        ok.then_some(rule)
    }
}

pub(super) fn patterns(ctx: &mut Ctx, lookup: &Lookup, patterns: &[Pattern]) {
    for p in patterns {
        for r in &p.related {
            lookup.pattern(
                ctx,
                p.file,
                r,
                format!("pattern \"{}\".related", p.id.get_ref()),
            );
        }
        if p.realisation.is_empty() {
            ctx.at(
                p.file,
                &p.id,
                format!("pattern \"{}\"", p.id.get_ref()),
                "has no realisation (tool category and tools)".into(),
            );
        }
    }
}

pub(super) fn antipatterns(ctx: &mut Ctx, lookup: &Lookup, antipatterns: &mut [AntiPattern]) {
    for a in antipatterns {
        let key = format!("antipattern \"{}\"", a.id.get_ref());
        if a.fix.is_empty() {
            ctx.at(
                a.file,
                &a.id,
                key.clone(),
                "names no fixing pattern (fix = [...])".into(),
            );
        }
        for f in &a.fix {
            lookup.pattern(ctx, a.file, f, format!("{key}.fix"));
        }
        if let Some(t) = &a.caps_tier {
            lookup.tier(ctx, a.file, t, format!("{key}.caps_tier"));
        }
        if let Some(rule) = &a.rule {
            a.parsed_rule = lookup.rule(ctx, a.file, rule, format!("{key}.rule"));
        }
    }
}

/// Tiers run 0, 1, 2, ...; evidence ids are unique across tiers and their rules sound.
pub(super) fn tiers(ctx: &mut Ctx, lookup: &Lookup, tiers: &mut [Tier]) {
    let mut evidence_ids = HashSet::new();
    for (expected, t) in tiers.iter_mut().enumerate() {
        let key = format!("tier \"{}\"", t.id.get_ref());
        if usize::from(t.level) != expected {
            let id = t.id.clone();
            ctx.at(t.file, &id, key.clone(), format!("tier levels run 0, 1, 2, ... without gaps or repeats; expected level {expected}, found {}", t.level));
        }
        for e in &mut t.evidence {
            let ekey = format!("{key}.evidence \"{}\"", e.id.get_ref());
            if !evidence_ids.insert(e.id.get_ref().clone()) {
                ctx.at(t.file, &e.id, ekey.clone(), "duplicate evidence id".into());
            }
            if let Some(rule) = &e.rule {
                e.parsed_rule = lookup.rule(ctx, t.file, rule, format!("{ekey}.rule"));
            }
        }
    }
    if tiers.is_empty() {
        ctx.unplaced("tier", "no readiness tiers defined");
    }
}

pub(super) fn caps(ctx: &mut Ctx, lookup: &Lookup, caps: &mut [TierCap]) {
    for c in caps {
        let key = format!("cap \"{}\"", c.id.get_ref());
        lookup.tier(ctx, c.file, &c.max_tier, format!("{key}.max_tier"));
        c.parsed_rule = lookup.rule(ctx, c.file, &c.when, format!("{key}.when"));
    }
}

pub(super) fn principles(ctx: &mut Ctx, lookup: &Lookup, principles: &mut [Principle]) {
    for p in principles {
        let key = format!("principle \"{}\"", p.id.get_ref());
        for (i, a) in p.advice.iter_mut().enumerate() {
            a.parsed_rule = lookup.rule(ctx, p.file, &a.when, format!("{key}.advice[{i}].when"));
        }
    }
}

/// The one threshold table: its rule sound and its patterns known.
pub(super) fn threshold(
    ctx: &mut Ctx,
    lookup: &Lookup,
    threshold: Option<(Threshold, usize)>,
) -> Option<Threshold> {
    let Some((mut t, file)) = threshold else {
        ctx.unplaced("threshold", "no [threshold] table defined");
        return None;
    };
    t.parsed_rule = lookup.rule(ctx, file, &t.below_when, "threshold.below_when".into());
    for p in &t.patterns {
        lookup.pattern(ctx, file, p, "threshold.patterns".into());
    }
    Some(t)
}
