//! Per flow: the ordering, idempotency, latency and mechanism it needs and whether they
//! fit; then the end-to-end checks and the anti-patterns that come from the flows.

use super::mechanism_text;
use crate::engine::AntiPatternFinding;
use crate::export::ctx::Ctx;
use crate::export::design::{answer_cell, answer_text, witness_text};
use crate::export::escape::{cell, inline};
use crate::export::markdown::Markdown;
use crate::kb::{KnowledgeBase, Step};
use crate::rules::Reference;
use crate::session::{Flow, Mechanism, Ordering};

/// Whether a latency requirement written as free text is under a minute: `None` when the
/// text does not say. "seconds", "p99 under 60 s" and "500 ms" are; "minutes", "hourly"
/// and "90 s" are not.
pub fn under_a_minute(text: &str) -> Option<bool> {
    let t = text.to_lowercase();
    let bounded = [
        "under",
        "<",
        "less than",
        "within",
        "below",
        "up to",
        "at most",
    ]
    .iter()
    .any(|b| t.contains(b));
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect();
        let mut j = i;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        let unit_start = j;
        while j < chars.len() && chars[j].is_ascii_alphabetic() {
            j += 1;
        }
        let unit: String = chars[unit_start..j].iter().collect();
        let scale = match unit.as_str() {
            "ms" | "msec" | "millisecond" | "milliseconds" => Some(0.001),
            "s" | "sec" | "secs" | "second" | "seconds" => Some(1.0),
            "m" | "min" | "mins" | "minute" | "minutes" => Some(60.0),
            "h" | "hr" | "hrs" | "hour" | "hours" => Some(3600.0),
            "d" | "day" | "days" => Some(86400.0),
            _ => None,
        };
        if let (Some(scale), Ok(n)) = (scale, number.parse::<f64>()) {
            let secs = n * scale;
            return Some(if bounded { secs <= 60.0 } else { secs < 60.0 });
        }
    }
    let words = |ws: &[&str]| ws.iter().any(|x| t.contains(x));
    if words(&["a minute", "one minute"]) {
        return Some(bounded);
    }
    if words(&[
        "millisecond",
        "second",
        "real-time",
        "realtime",
        "real time",
        "instant",
        "immediate",
    ]) {
        return Some(true);
    }
    if words(&[
        "minute", "hour", "day", "daily", "nightly", "week", "month", "batch",
    ]) {
        return Some(false);
    }
    None
}

const STREAM_ADVICE: &str =
    "under a minute calls for stream propagation: change data capture or event sourcing";
const SLOW_ADVICE: &str = "a minute or more allows batch ETL when the whole history can be reprocessed, otherwise incremental batch or a hybrid (CDC plus periodic batch)";

/// Whether the mechanism fits the latency, by the decision tree: under a minute, stream
/// (CDC or event sourcing); otherwise batch ETL when history can be reprocessed, else
/// incremental or hybrid.
fn fit(f: &Flow) -> String {
    let streaming = matches!(
        f.mechanism,
        Mechanism::Cdc | Mechanism::EventSourcing | Mechanism::Outbox | Mechanism::LogMessaging
    );
    let fast = under_a_minute(&f.latency);
    match (fast, f.mechanism) {
        (None, Mechanism::Undecided) => format!(
            "`<TBD: latency and mechanism>`: {STREAM_ADVICE}; {SLOW_ADVICE}."
        ),
        (None, _) => format!(
            "`<TBD: latency>`, so the fit cannot be judged: {STREAM_ADVICE}; {SLOW_ADVICE}."
        ),
        (Some(_), Mechanism::AppDualWrite) => format!(
            "does not fit any latency: {}.",
            if fast == Some(true) { STREAM_ADVICE } else { SLOW_ADVICE }
        ),
        (Some(true), Mechanism::Undecided) => format!("`<TBD: mechanism>`: {STREAM_ADVICE}."),
        (Some(false), Mechanism::Undecided) => format!("`<TBD: mechanism>`: {SLOW_ADVICE}."),
        (Some(true), _) if streaming => "fits: streamed from the log, under a minute.".to_string(),
        (Some(true), Mechanism::Rpc) => format!(
            "fast enough, but a synchronous call couples the two stores' availability; {STREAM_ADVICE}."
        ),
        (Some(true), _) => format!("too slow: {STREAM_ADVICE}."),
        (Some(false), Mechanism::BatchEtl) => {
            "fits if the whole history can be reprocessed; otherwise use incremental batch or a hybrid (CDC plus periodic batch).".to_string()
        }
        (Some(false), Mechanism::IncrementalHybrid) => "fits.".to_string(),
        (Some(false), Mechanism::Rpc) => format!(
            "a synchronous call couples the two stores' availability; {SLOW_ADVICE}."
        ),
        (Some(false), _) => format!(
            "fits, and is faster than needed: {SLOW_ADVICE}."
        ),
    }
}

fn ordering_text(f: &Flow) -> String {
    match f.ordering {
        Ordering::Total => "total: every event in one order, which needs a single leader or a single partition; a partitioned log orders only within a partition.".to_string(),
        Ordering::PerKey => {
            if f.ordering_key.trim().is_empty() {
                "per key, key `<TBD>`: partition by that key so each key's events stay in order.".to_string()
            } else {
                format!(
                    "per key, by {}: partition by it so each key's events stay in order; no order across keys.",
                    inline(&f.ordering_key)
                )
            }
        }
        Ordering::Causal => "causal: each event carries the id of the event it depends on, and the consumer waits for that one first; partition order alone does not give it.".to_string(),
        Ordering::None => "none: events may be applied in any order.".to_string(),
    }
}

/// Does this finding come from how data moves between stores: its rule reads a flow, a
/// practice question about flows (data/integration.toml) or an integration-step question?
fn about_flows(kb: &KnowledgeBase, f: &AntiPatternFinding) -> bool {
    let Some(rule) = &f.antipattern.parsed_rule else {
        return false;
    };
    rule.references().iter().any(|r| match r {
        Reference::Flow(_) => true,
        Reference::Question(q) => {
            kb.integration
                .flow_practices
                .iter()
                .any(|p| p.get_ref() == q)
                || kb
                    .questionnaire_of(q)
                    .is_some_and(|qn| qn.step == Step::Integration)
        }
        _ => false,
    })
}

pub(super) fn correctness(md: &mut Markdown, ctx: &Ctx) {
    let s = ctx.session;
    md.heading(2, "Correctness analysis");
    if s.flows.is_empty() {
        md.para("No flows recorded yet: `<TBD>`");
    }
    for (i, f) in s.flows.iter().enumerate() {
        let entity = if f.entity.trim().is_empty() {
            String::new()
        } else {
            format!(" ({})", inline(&f.entity))
        };
        md.heading(
            3,
            format_args!("{}. {} → {}{entity}", i + 1, inline(&f.from), inline(&f.to)),
        );
        if f.mechanism == Mechanism::AppDualWrite {
            md.para(
                "> **Dual write: the application writes both stores; replace with CDC or an outbox.**",
            );
        }
        md.labelled("Ordering needed", ordering_text(f));
        let idempotency = if f.idempotency.trim().is_empty() {
            "`<TBD>`".to_string()
        } else {
            inline(&f.idempotency)
        };
        md.labelled("Idempotency", idempotency);
        let latency = if f.latency.trim().is_empty() {
            "`<TBD>`".to_string()
        } else {
            inline(&f.latency)
        };
        md.labelled("Latency needed", latency);
        let via = if f.via.trim().is_empty() {
            String::new()
        } else {
            format!(", via {}", inline(&f.via))
        };
        md.labelled(
            "Mechanism",
            format_args!("{}{via}", mechanism_text(f.mechanism)),
        )
        .labelled("Fit", fit(f))
        .blank();
    }

    md.heading(3, "End-to-end correctness checks")
        .table(&["Check", "Answer", "Note"]);
    for qn in ctx.kb.questionnaires_for(Step::Integration) {
        for q in &qn.question {
            let (answer, note) = answer_text(ctx.kb, s, q.id.get_ref());
            md.row(&[cell(q.label()), answer_cell(&answer), cell(&note)]);
        }
    }
    md.blank();

    md.heading(3, "Anti-patterns in the data flows");
    let found: Vec<&AntiPatternFinding> = ctx
        .assessment
        .findings
        .iter()
        .filter(|f| about_flows(ctx.kb, f))
        .collect();
    if found.is_empty() {
        md.para("None detected from the answers and flows given.");
        return;
    }
    for f in found {
        let ap = f.antipattern;
        let fixes: Vec<&str> = f.fix.iter().map(|p| p.name.as_str()).collect();
        let because = witness_text(ctx.kb, &f.triggered_by);
        let because = if because.is_empty() {
            String::new()
        } else {
            format!(", found because {}", inline(&because))
        };
        md.bullet(format_args!(
            "**{}** ({}){because}. Fix: {}. {}",
            inline(&ap.name),
            ap.severity.as_str(),
            inline(&fixes.join(", ")),
            inline(&ap.fix_text)
        ));
    }
    md.blank();
}

#[cfg(test)]
mod tests {
    use super::under_a_minute;

    #[test]
    fn latency_text() {
        for fast in [
            "seconds",
            "500 ms",
            "p99 under 60 s",
            "within a minute",
            "real-time",
            "< 1 min",
        ] {
            assert_eq!(under_a_minute(fast), Some(true), "{fast}");
        }
        for slow in ["minutes", "hourly", "90 s", "daily batch", "5 min", "60 s"] {
            assert_eq!(under_a_minute(slow), Some(false), "{slow}");
        }
        assert_eq!(under_a_minute(""), None);
        assert_eq!(under_a_minute("fast enough"), None);
    }
}
