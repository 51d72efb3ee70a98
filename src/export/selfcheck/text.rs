//! The rules that read Markdown text alone: concrete criteria, relative links, committed
//! decisions, the Summary block, the Related artifacts section and the System concerns
//! lines. `check` runs them on every Markdown artifact it is about to write; `lint` runs
//! them on any document, hand-written ones included.

use super::Finding;
use super::markdown::{
    self, CODE, Doc, Kind, Sentence, is_list_item, is_tbd, labelled, normalise_heading, words,
};
use super::quoted::KbText;
use super::rules::{self, CRITERIA};
use crate::kb::{Located, Text};

/// Whether a sentence names a number, a duration, a percentage or a named state, or
/// carries an explicit `<TBD: criterion>` placeholder.
fn is_concrete(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    if lower.contains("<tbd") || sentence.contains(CODE) || sentence.contains('%') {
        return true;
    }
    // A number that is not part of a name such as p99, v1 or s3.
    let mut prev: Option<char> = None;
    for c in sentence.chars() {
        if c.is_ascii_digit() && !prev.is_some_and(|p| p.is_alphanumeric() || p == '_' || p == '.')
        {
            return true;
        }
        prev = Some(c);
    }
    words(sentence)
        .iter()
        .any(|(_, w)| CRITERIA.concrete_words.iter().any(|c| c == w))
}

/// The phrase a sentence's first unbacked claim starts with, and its byte offset. The
/// claims and their words are data/selfcheck.toml's `[selfcheck.criteria]`.
fn unbacked_claim(s: &Sentence) -> Option<(usize, String)> {
    if is_concrete(&s.text) {
        return None;
    }
    let terms = &*CRITERIA;
    let object_words = terms.object_words.as_ref().map_or(0, |n| *n.get_ref());
    let w = words(&s.text);
    for i in 0..w.len() {
        let negated = i > 0 && terms.negations.iter().any(|n| *n == w[i - 1].1);
        // The verb, then its joining word: right after it ("alert on", "abort if"), or,
        // except for "on", after an object of up to four words that opens with a
        // determiner or pronoun ("roll back the connector if", "alert us when"), so that
        // "monitoring dashboards for the team" is not read as a claim.
        let verb = &w[i].1;
        let joined = |from: usize, joins: &[Located<Text>]| {
            let object = !terms.nouns_too.iter().any(|n| n == verb)
                && w.get(from)
                    .is_some_and(|(_, x)| terms.object_starts.iter().any(|o| o == x));
            let reach = if object { object_words + 1 } else { 1 };
            (from..(from + reach).min(w.len())).find(|&j| {
                let x = &w[j].1;
                joins.iter().any(|o| o == x) && (x != "on" || j == from)
            })
        };
        let end = terms
            .claim
            .iter()
            .find(|c| c.verbs.iter().any(|v| v == verb))
            .and_then(|c| match &c.particle {
                None => joined(i + 1, &c.joins),
                Some(p) => (w.get(i + 1)?.1 == *p)
                    .then(|| joined(i + 2, &c.joins))
                    .flatten(),
            });
        let phrase = end.map(|j| s.text[w[i].0..w[j].0 + w[j].1.len()].to_string());
        if let Some(p) = phrase
            && !negated
        {
            return Some((w[i].0, p));
        }
    }
    None
}

fn excerpt(s: &str) -> String {
    let s: String = s.chars().map(|c| if c == CODE { '…' } else { c }).collect();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= 90 {
        s
    } else {
        format!("{}…", s.chars().take(89).collect::<String>().trim_end())
    }
}

/// (b) Every alert, rollback, abort, trigger, degrade or monitor claim names its criterion.
pub(crate) fn concrete_criteria(path: &str, doc: &Doc, kb: &KbText, out: &mut Vec<Finding>) {
    for block in doc.blocks(0..doc.lines.len()) {
        for s in markdown::sentences(&block) {
            if let Some((at, phrase)) = unbacked_claim(&s)
                && !kb.quotes(&s.text)
            {
                out.push(rules::CONCRETE_CRITERIA.at(
                    path,
                    Some(s.line_at(at)),
                    format!(
                        "\"{phrase}\" names no threshold (a number, duration, percentage or named state): \"{}\"; state one, e.g. \"p99 above 30% for 10 min\", or write <TBD: criterion>",
                        excerpt(&s.text)
                    ),
                ));
            }
        }
    }
}

/// (c) Every relative link resolves: `resolves` gets the target joined to the folder of
/// `path`.
pub(crate) fn cross_links(
    path: &str,
    doc: &Doc,
    resolves: &dyn Fn(&str) -> bool,
    out: &mut Vec<Finding>,
) {
    for l in doc
        .lines
        .iter()
        .filter(|l| matches!(l.kind, Kind::Text | Kind::Heading(_)))
    {
        for link in markdown::links(l.text) {
            let Some(target) = markdown::relative_target(&link.target) else {
                continue;
            };
            let resolved = markdown::join(path, &target);
            if !resolves(&resolved) {
                out.push(rules::CROSS_LINK.at(
                    path,
                    Some(l.no),
                    format!(
                        "link to \"{}\" does not resolve: no artifact or file at {resolved}",
                        link.target
                    ),
                ));
            }
        }
    }
}

/// The document's status: a "Status" label anywhere (Summary block, front matter,
/// table), or the first line under a "Status" heading.
fn status(doc: &Doc) -> Option<(usize, String)> {
    let from_label = doc.lines.iter().find_map(|l| {
        if !matches!(l.kind, Kind::Text | Kind::FrontMatter) {
            return None;
        }
        labelled(l.text).and_then(|(label, value)| (label == "status").then_some((l.no, value)))
    });
    from_label.or_else(|| {
        let (_, range) = doc.section(|h| h == "status")?;
        doc.lines[range]
            .iter()
            .find(|l| l.kind == Kind::Text)
            .map(|l| (l.no, markdown::item_text(l.text).to_string()))
    })
}

fn is_deferred(doc: &Doc) -> bool {
    status(doc).is_some_and(|(_, s)| s.to_lowercase().contains("deferred"))
}

/// Whether a document is a decision record (ADR or RFC), by its path or its headings.
pub(crate) fn is_decision_record(path: &str, doc: &Doc) -> bool {
    let lower = path.to_lowercase();
    let file = lower.rsplit('/').next().unwrap_or_default();
    let in_folder = lower
        .split('/')
        .rev()
        .skip(1)
        .any(|d| matches!(d, "adrs" | "adr" | "decisions" | "rfcs" | "rfc"));
    let numbered = file.len() > 5
        && file[..4].chars().all(|c| c.is_ascii_digit())
        && file[4..].starts_with('-');
    let named = file.starts_with("adr-")
        || file.starts_with("adr_")
        || file.starts_with("rfc")
        || file.starts_with("architecture-");
    let headed = doc.lines.iter().enumerate().any(|(i, l)| {
        matches!(l.kind, Kind::Heading(_)) && {
            let h = normalise_heading(&doc.heading_text(i));
            h == "decision outcome"
                || h == "considered options"
                || (l.kind == Kind::Heading(1)
                    && (h.starts_with("adr") || h.contains("decision record")))
        }
    });
    in_folder || numbered || named || headed
}

/// The shape that makes a decision sentence uncommitted, if any.
pub(crate) fn uncommitted_shape(sentence: &str) -> Option<&'static str> {
    let lower = sentence.to_lowercase();
    let w = words(&lower);
    let has_after =
        |i: usize, set: &[&str]| w[i + 1..].iter().any(|(_, x)| set.contains(&x.as_str()));
    if let Some(i) = w.iter().position(|(_, x)| x == "either")
        && has_after(i, &["or"])
    {
        return Some("either X or Y");
    }
    if let Some(at) = lower.find(", or ")
        && words(&lower[at..])
            .iter()
            .any(|(_, x)| matches!(x.as_str(), "if" | "when" | "unless" | "should"))
    {
        return Some("X, or Y if Z");
    }
    for p in [
        "(<tbd",
        "(tbd",
        "(to be decided",
        "(to be determined",
        "(undecided",
    ] {
        if lower.contains(p) {
            return Some("X (TBD if Y)");
        }
    }
    for i in 0..w.len() {
        let fallback = match (w.get(i + 1), w.get(i + 2)) {
            (Some((_, a)), Some((_, b))) if a == "a" && b == "fallback" => true,
            (Some((_, a)), _) if a == "fallback" => true,
            _ => false,
        };
        if w[i].1 == "as" && fallback {
            return Some("X with Y as a fallback if Z");
        }
    }
    None
}

/// Whether the text itself shows the decision (a Decision section, or a Deferred
/// status), so the text rather than the session is what to judge.
pub(crate) fn shows_decision(doc: &Doc) -> bool {
    is_deferred(doc)
        || doc
            .section(|h| h == "decision" || h == "decision outcome")
            .is_some()
}

/// Whether a shape is a fallback ("X, or Y if Z"), which a trigger and an owner make a
/// commitment; "either X or Y" and "X (TBD if Y)" never are.
pub(crate) fn is_fallback_shape(shape: &str) -> bool {
    matches!(shape, "X, or Y if Z" | "X with Y as a fallback if Z")
}

/// Whether a label names `key`: one of its words starts with it ("Due", "Due date",
/// "Decision owner", "Fallback trigger"; not "Procedure").
fn label_names(label: &str, key: &str) -> bool {
    label
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w.starts_with(key))
}

/// A label/value line of the range whose label names `key` and whose value is stated
/// (not empty, not TBD).
fn states(doc: &Doc, range: std::ops::Range<usize>, key: &str) -> bool {
    doc.lines[range].iter().any(|l| {
        l.kind == Kind::Text
            && labelled(l.text).is_some_and(|(label, value)| {
                label_names(&label, key) && !value.trim().is_empty() && !is_tbd(&value)
            })
    })
}

/// The first line whose label names `key`, stated or not.
fn label_line(doc: &Doc, key: &str) -> Option<usize> {
    doc.lines.iter().find_map(|l| {
        (l.kind == Kind::Text
            && labelled(l.text).is_some_and(|(label, _)| label_names(&label, key)))
        .then_some(l.no)
    })
}

/// (g) A decision record commits to one choice, or names the trigger and owner of its
/// fallback, or is Deferred; a Deferred one names its blocking question and due date.
/// The caller decides whether the document is a decision record.
pub(crate) fn decisions(path: &str, doc: &Doc, kb: &KbText, out: &mut Vec<Finding>) {
    if is_deferred(doc) {
        let all = 0..doc.lines.len();
        let mut missing = Vec::new();
        for (key, what, line) in [
            ("blocking", "the blocking question", "Blocking question:"),
            ("due", "its due date", "Due:"),
        ] {
            if !states(doc, all.clone(), key) {
                missing.push((what, line, label_line(doc, key)));
            }
        }
        if !missing.is_empty() {
            let at = missing
                .iter()
                .find_map(|m| m.2)
                .or(status(doc).map(|(no, _)| no));
            let what: Vec<&str> = missing.iter().map(|m| m.0).collect();
            let lines: Vec<String> = missing
                .iter()
                .map(|m| format!("a \"{}\" line", m.1))
                .collect();
            out.push(rules::DEFERRED_WITHOUT_BLOCKER.at(
                path,
                at,
                format!(
                    "the decision is Deferred but does not name {}; add {}",
                    what.join(" or "),
                    lines.join(" and ")
                ),
            ));
        }
        return;
    }
    let Some((_, range)) = doc.section(|h| h == "decision" || h == "decision outcome") else {
        return;
    };
    // The decision itself, not its subsections (Consequences quote the knowledge base).
    let end = range
        .clone()
        .skip(1)
        .find(|&i| matches!(doc.lines[i].kind, Kind::Heading(_)))
        .unwrap_or(range.end);
    let range = range.start..end;
    // A fallback is a commitment when it says what switches to it and who decides.
    let fallback_ok = states(doc, range.clone(), "trigger") && states(doc, range.clone(), "owner");
    for block in doc.blocks(range) {
        for s in markdown::sentences(&block) {
            if let Some(shape) = uncommitted_shape(&s.text)
                && !(fallback_ok && is_fallback_shape(shape))
                && !kb.quotes(&s.text)
            {
                out.push(rules::SCHRODINGER_DECISION.at(
                    path,
                    Some(s.line_at(0)),
                    format!(
                        "the decision is not committed (shaped \"{shape}\"): \"{}\"; commit to one option, or name the trigger that switches to the other (and how it is measured) and the decision owner, or set Status: Deferred with the blocking question and its due date",
                        excerpt(&s.text)
                    ),
                ));
                return;
            }
        }
    }
}

/// (h) The Summary block (Status, Date, TL;DR) at the top and a Related artifacts section.
pub(crate) fn structure(path: &str, doc: &Doc, out: &mut Vec<Finding>) {
    let summary = doc.section(|h| h == "summary");
    let range = match &summary {
        Some((_, r)) => r.clone(),
        // Without a Summary heading, a block of labels before the first section counts.
        None => {
            0..doc
                .lines
                .iter()
                .position(|l| matches!(l.kind, Kind::Heading(level) if level >= 2))
                .unwrap_or(doc.lines.len())
        }
    };
    let labels: Vec<String> = doc.lines[range]
        .iter()
        .filter(|l| matches!(l.kind, Kind::Text | Kind::FrontMatter))
        .filter_map(|l| labelled(l.text).map(|(label, _)| label))
        .collect();
    let has = |names: &[&str]| labels.iter().any(|l| names.contains(&l.as_str()));
    let mut missing = Vec::new();
    if !has(&["status"]) {
        missing.push("Status");
    }
    if !has(&["date", "last updated", "updated"]) {
        missing.push("Date");
    }
    if !has(&["tl;dr", "tldr", "tl; dr", "tl\\;dr"]) {
        missing.push("TL;DR");
    }
    if summary.is_none() && missing.len() == 3 {
        out.push(rules::SUMMARY_BLOCK.at(
            path,
            None,
            "no Summary block at the top; start with \"## Summary\" giving Status, Date and TL;DR".into(),
        ));
    } else if !missing.is_empty() {
        out.push(rules::SUMMARY_BLOCK.at(
            path,
            summary.as_ref().map(|(h, _)| doc.lines[*h].no),
            format!("the Summary block does not give {}", missing.join(", ")),
        ));
    }
    if doc.section(|h| h.starts_with("related")).is_none() {
        out.push(rules::RELATED_ARTIFACTS.at(
            path,
            None,
            "no \"## Related artifacts\" section; end with one that links the sibling artifacts".into(),
        ));
    }
}

/// Which key concern a System concerns label names, if any.
fn key_concern(label: &str) -> Option<&'static str> {
    if label.starts_with("owner") || label.starts_with("owning") || label == "team" {
        Some("ownership")
    } else if label.starts_with("tenan") {
        Some("tenancy")
    } else if label.starts_with("compliance") {
        Some("compliance")
    } else {
        None
    }
}

/// The System concerns section as text: critical when every line is TBD, and when the
/// owner, tenancy or compliance line is a bare TBD (one that names who will answer it,
/// `<TBD: team>`, is an explicit flag and passes).
pub(crate) fn concerns(path: &str, doc: &Doc, out: &mut Vec<Finding>) {
    let Some((heading, range)) = doc.section(|h| h == "system concerns") else {
        return;
    };
    let items: Vec<(usize, String, String)> = doc.lines[range]
        .iter()
        .filter(|l| l.kind == Kind::Text && is_list_item(l.text))
        .map(|l| match labelled(l.text) {
            Some((label, value)) => (l.no, label, value),
            None => (l.no, String::new(), markdown::item_text(l.text).to_string()),
        })
        .collect();
    if items.is_empty() {
        return;
    }
    if items.iter().all(|(_, _, v)| is_tbd(v)) {
        out.push(rules::CONCERNS_ALL_TBD.at(
            path,
            Some(doc.lines[heading].no),
            format!(
                "every system concern is TBD ({} lines); answer at least ownership, tenancy and compliance, or flag each with who will answer it (<TBD: team>)",
                items.len()
            ),
        ));
        return;
    }
    for (no, label, value) in &items {
        if let Some(which) = key_concern(label)
            && is_tbd(value)
            && !markdown::tbd_names_someone(value)
        {
            out.push(rules::CONCERNS_KEY_UNKNOWN.at(
                path,
                Some(*no),
                format!("{which} is unknown; answer it, or flag it with who will answer it (<TBD: team>)"),
            ));
        }
    }
}

/// Per-scope qualification: where a feature has several channels (`scopes`), a sentence
/// claiming a failure mode is dealt with (`claims`) names one of them, or is flagged to be
/// split per channel. Quoted knowledge-base text is not the user's claim.
pub(crate) fn per_scope(
    path: &str,
    doc: &Doc,
    scopes: &[String],
    claims: &[Text],
    kb: &KbText,
    out: &mut Vec<Finding>,
) {
    if scopes.len() < 2 || claims.is_empty() {
        return;
    }
    for block in doc.blocks(0..doc.lines.len()) {
        for s in markdown::sentences(&block) {
            let lower = s.text.to_lowercase();
            let Some(claim) = claims.iter().find(|c| lower.contains(c.as_str())) else {
                continue;
            };
            let names_scope = scopes
                .iter()
                .any(|c| s.text.contains(c.as_str()) || s.text.contains(&c.replace('_', "\\_")));
            if names_scope || kb.quotes(&s.text) {
                continue;
            }
            out.push(rules::PER_SCOPE_CLAIM.at(
                path,
                Some(s.line_at(0)),
                format!(
                    "\"{claim}\" is claimed for the whole feature, which has {} channels ({}): \"{}\"; say which channel it holds for, or split the claim per channel",
                    scopes.len(),
                    scopes.join(", "),
                    excerpt(&s.text)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(text: &str) -> Vec<String> {
        let doc = Doc::parse(text);
        let mut out = Vec::new();
        concrete_criteria(
            "x.md",
            &doc,
            super::super::quoted::KbText::builtin(),
            &mut out,
        );
        out.into_iter()
            .map(|f| format!("{}: {}", f.line.unwrap(), f.message))
            .collect()
    }

    #[test]
    fn criteria_need_a_threshold() {
        assert_eq!(claims("We alert on divergence.").len(), 1);
        assert_eq!(claims("Roll back if errors rise.").len(), 1);
        assert_eq!(claims("Monitoring for drift between stores.").len(), 1);
        assert_eq!(claims("Roll back the connector if errors rise.").len(), 1);
        assert_eq!(claims("Monitor the replication slot for growth.").len(), 1);
        assert_eq!(
            claims("Alert the on-call engineer when lag grows.").len(),
            1
        );
        for ok in [
            "Alert when end-to-end p99 delta exceeds 30% over a 10-min window.",
            "Alert on divergence above 5 per hour.",
            "Roll back when the breaker is `OPEN`.",
            "Abort if <TBD: criterion>.",
            "Alert on the first message in the DLQ.",
            "There is no alert on consumer lag.",
            "Degrade on two failed health checks.",
            "Our alerting stack is Grafana.",
            "We have monitoring dashboards for the search team.",
            "The fallback needs a trigger that says when it takes over.",
        ] {
            assert_eq!(claims(ok), Vec::<String>::new(), "{ok}");
        }
        // p99 and v1 are names, not thresholds.
        assert_eq!(
            claims("Alert on p99 regressions of orders.placed.v1.").len(),
            1
        );
        // A claim wrapped over lines is reported on the line of its verb.
        let f = claims("Some text.\nWe will\nalert on\ndivergence.");
        assert!(f[0].starts_with("3: "), "{f:?}");
    }

    #[test]
    fn decision_shapes() {
        assert_eq!(
            uncommitted_shape("Use Kafka, or Redpanda if costs grow."),
            Some("X, or Y if Z")
        );
        assert_eq!(
            uncommitted_shape("We will use either Kafka or Pulsar."),
            Some("either X or Y")
        );
        assert_eq!(
            uncommitted_shape("Use Kafka (TBD if Pulsar is cheaper)."),
            Some("X (TBD if Y)")
        );
        assert_eq!(
            uncommitted_shape("Use Kafka with Pulsar as fallback if it fails."),
            Some("X with Y as a fallback if Z")
        );
        assert_eq!(uncommitted_shape("Use Kafka with per-key ordering."), None);
        assert_eq!(
            uncommitted_shape("Retry, or dead-letter the message."),
            None
        );
    }
}
