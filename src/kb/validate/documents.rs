//! The documents pass: every id named by what the documents and the self-check are
//! written from (review links, launch traffic, the integration ids, the index's concerns,
//! the self-check's key concerns) exists, and the self-check's catalogue is complete.

use super::Ctx;
use super::references::Lookup;
use crate::kb::documents::*;

pub(super) fn review_links(ctx: &mut Ctx, lookup: &Lookup, links: &[ReviewLink]) {
    for l in links {
        let key = format!("review_link \"{}\"", l.question.get_ref());
        match lookup.question_index.get(l.question.get_ref()) {
            None => lookup.question(ctx, l.file, &l.question, format!("{key}.question")),
            Some(&(qn, q)) => {
                if lookup.questionnaires[qn].question[q]
                    .choice("issue")
                    .is_none()
                {
                    ctx.at(
                        l.file,
                        &l.question,
                        format!("{key}.question"),
                        "a review step's question needs an \"issue\" choice".into(),
                    );
                }
            }
        }
        for a in &l.antipatterns {
            lookup.antipattern(ctx, l.file, a, format!("{key}.antipatterns"));
        }
        for p in &l.patterns {
            lookup.pattern(ctx, l.file, p, format!("{key}.patterns"));
        }
        if let Some(p) = &l.principle {
            lookup.principle(ctx, l.file, p, format!("{key}.principle"));
        }
    }
}

pub(super) fn launch_traffic(ctx: &mut Ctx, lookup: &Lookup, traffic: &[LaunchTraffic]) {
    for t in traffic {
        let key = format!("launch_traffic \"{}\"", t.id.get_ref());
        lookup.tier(ctx, t.file, &t.min_tier, format!("{key}.min_tier"));
        if t.words.is_empty() {
            ctx.at(
                t.file,
                &t.id,
                format!("{key}.words"),
                "names no words".into(),
            );
        }
        for w in &t.words {
            if w.trim().is_empty() || w.to_lowercase() != *w {
                ctx.at(
                    t.file,
                    &t.id,
                    format!("{key}.words"),
                    format!("{w:?}: words are matched against lower-cased notes, so they are lower case and not blank"),
                );
            }
        }
    }
}

pub(super) fn integration(ctx: &mut Ctx, lookup: &Lookup, ids: &IntegrationIds) {
    for q in &ids.flow_practices {
        lookup.question(ctx, ids.file, q, "integration.flow_practices".into());
    }
    for p in &ids.architectures {
        lookup.pattern(ctx, ids.file, p, "integration.architectures".into());
    }
}

pub(super) fn index_concerns(ctx: &mut Ctx, lookup: &Lookup, concerns: &[IndexConcern]) {
    for c in concerns {
        let key = format!("index_concern \"{}\"", c.question.get_ref());
        lookup.question(ctx, c.file, &c.question, format!("{key}.question"));
        if c.label.trim().is_empty() {
            ctx.at(
                c.file,
                &c.question,
                format!("{key}.label"),
                "is empty".into(),
            );
        }
    }
}

pub(super) fn selfcheck(
    ctx: &mut Ctx,
    lookup: &Lookup,
    rules: &[SelfCheckRule],
    terms: &SelfCheckTerms,
) {
    for r in rules {
        let key = format!("selfcheck_rule \"{}\"", r.id.get_ref());
        if r.name.trim().is_empty() || r.description.trim().is_empty() {
            ctx.at(
                r.file,
                &r.id,
                key,
                "a rule needs a name and a description".into(),
            );
        }
    }
    for q in &terms.key_concerns {
        lookup.question(ctx, terms.file, q, "selfcheck.key_concerns".into());
    }
    let c = &terms.criteria;
    let lists = [
        ("negations", &c.negations),
        ("object_starts", &c.object_starts),
        ("nouns_too", &c.nouns_too),
        ("concrete_words", &c.concrete_words),
    ];
    let claims = c.claim.iter().enumerate().flat_map(|(i, claim)| {
        [("verbs", &claim.verbs), ("joins", &claim.joins)]
            .map(move |(k, words)| (format!("claim[{i}].{k}"), words))
    });
    for (key, words) in lists
        .map(|(k, w)| (k.to_string(), w))
        .into_iter()
        .chain(claims)
    {
        for w in words {
            if !is_word(w.get_ref()) {
                ctx.report(
                    terms.file,
                    Some(w.span()),
                    format!("selfcheck.criteria.{key}"),
                    format!(
                        "{:?}: the rule matches single lower-case words",
                        w.get_ref()
                    ),
                );
            }
        }
    }
    if let Some(n) = &c.object_words
        && !(1..=10).contains(n.get_ref())
    {
        ctx.report(
            terms.file,
            Some(n.span()),
            "selfcheck.criteria.object_words".into(),
            format!("{}: an object runs 1 to 10 words", n.get_ref()),
        );
    }
}

/// One lower-case word as the rule's tokenizer reads it: letters, digits, apostrophes.
fn is_word(w: &str) -> bool {
    !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '\'')
}
