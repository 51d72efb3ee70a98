//! integration-architecture.md: component map, data flow, correctness analysis (seed 002).

use super::ctx::Ctx;
use super::ctx::related_block;
use super::design::{answer_cell, answer_text, concerns, summary_block, witness_text};
use super::escape::{cell, inline, mermaid_label};
use crate::engine::AntiPatternFinding;
use crate::kb::{KnowledgeBase, Step};
use crate::rules::Reference;
use crate::session::{Flow, Mechanism, Ordering, Session, Store, StoreRole};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Practice questions that describe how data moves between stores. An anti-pattern whose
/// rule reads one of them (or a `flow(...)` atom, or an end-to-end correctness check) is
/// about the data flows, and the correctness analysis lists it.
const FLOW_PRACTICES: [&str; 5] = [
    "practices.derived_update",
    "practices.ordering_source",
    "practices.shared_db",
    "practices.cache_role",
    "practices.ack",
];

pub fn render(ctx: &Ctx) -> String {
    let s = ctx.session;
    let mut d = String::with_capacity(12 * 1024);
    let w = &mut d;
    let _ = writeln!(w, "# {} integration architecture\n", inline(&s.feature));
    summary_block(w, s.status.as_str(), &s.date.to_string(), &s.tldr);
    concerns(w, ctx.kb, s);
    component_map(w, s);
    processing_architecture(w, ctx);
    data_flow(w, s);
    correctness(w, ctx);
    related_block(w, ctx, "integration-architecture.md");
    d
}

/// The architectures of seed 002 step 5, by the pattern that names each in the knowledge
/// base; the session chooses one by adding its bundle from the decision graph.
const ARCHITECTURES: [&str; 3] = [
    "single-integrated-system",
    "kappa-architecture",
    "lambda-architecture",
];

/// Single system or composed pipeline, and Lambda, Kappa or one integrated system.
fn processing_architecture(w: &mut String, ctx: &Ctx) {
    let s = ctx.session;
    let _ = writeln!(w, "### Processing architecture\n");
    let composed = s.stores.len() > 1;
    let _ = writeln!(
        w,
        "- **Shape**: {}",
        match s.stores.len() {
            0 => "`<TBD: record the stores>`".to_string(),
            1 => "a single system: one store serves every access pattern".to_string(),
            n => format!(
                "a composed pipeline of {n} stores, derived views fed from their systems of record (unbundled)"
            ),
        }
    );
    let chosen: Vec<_> = ctx
        .assessment
        .patterns
        .iter()
        .filter(|r| ARCHITECTURES.contains(&r.pattern.id.get_ref().as_str()))
        .collect();
    match chosen.as_slice() {
        [] if composed => {
            let _ = writeln!(
                w,
                "- **Architecture**: `<TBD: Lambda, Kappa or one integrated system; walk \"Choose a processing architecture\" in the decision graph>`\n"
            );
        }
        [] => {
            let _ = writeln!(
                w,
                "- **Architecture**: one integrated system; no batch or stream layer is needed\n"
            );
        }
        found => {
            for r in found {
                let _ = writeln!(
                    w,
                    "- **Architecture**: {}: {}",
                    inline(&r.pattern.name),
                    inline(&r.pattern.solves)
                );
            }
            let _ = writeln!(w);
        }
    }
}

fn role_text(role: StoreRole) -> &'static str {
    match role {
        StoreRole::SystemOfRecord => "system of record",
        StoreRole::Derived => "derived view",
    }
}

pub fn mechanism_text(m: Mechanism) -> &'static str {
    match m {
        Mechanism::AppDualWrite => "application dual write",
        Mechanism::Cdc => "change data capture",
        Mechanism::EventSourcing => "event sourcing",
        Mechanism::Outbox => "transactional outbox",
        Mechanism::BatchEtl => "batch ETL",
        Mechanism::IncrementalHybrid => "incremental batch or hybrid",
        Mechanism::LogMessaging => "log-based messaging",
        Mechanism::Rpc => "synchronous call (RPC)",
        Mechanism::Undecided => "undecided",
    }
}

/// Stores in the order of the map: systems of record first, then derived views, each in
/// session order.
fn ordered_stores(s: &Session) -> Vec<&Store> {
    let mut stores: Vec<&Store> = s.stores.iter().collect();
    stores.sort_by_key(|st| st.role != StoreRole::SystemOfRecord);
    stores
}

fn component_map(w: &mut String, s: &Session) {
    let _ = writeln!(w, "## Component map\n");
    if s.stores.is_empty() {
        let _ = writeln!(w, "No stores recorded yet: `<TBD>`\n");
    } else {
        let _ = writeln!(
            w,
            "| Store | Role | Entities | Access |\n| --- | --- | --- | --- |"
        );
        for st in ordered_stores(s) {
            let name = if st.kind.trim().is_empty() || st.kind.trim() == st.name.trim() {
                cell(&st.name)
            } else {
                format!("{} ({})", cell(&st.name), inline(&st.kind))
            };
            let entities: Vec<String> = st.entities.iter().map(|e| inline(e)).collect();
            let entities = if entities.is_empty() {
                "`<TBD>`".to_string()
            } else {
                entities.join(", ")
            };
            let access = if st.access.trim().is_empty() {
                "`<TBD>`".to_string()
            } else {
                cell(&st.access)
            };
            let _ = writeln!(
                w,
                "| {name} | {} | {entities} | {access} |",
                role_text(st.role)
            );
        }
        let _ = writeln!(w);
        entity_table(w, s);
    }
    let declared: BTreeSet<&str> = s.stores.iter().map(|st| st.name.as_str()).collect();
    let mut missing: Vec<&str> = Vec::new();
    for f in &s.flows {
        for end in [f.from.as_str(), f.to.as_str()] {
            if !declared.contains(end) && !missing.contains(&end) {
                missing.push(end);
            }
        }
    }
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|m| inline(m)).collect();
        let _ = writeln!(
            w,
            "Flows name stores that are not in this map: {}. Add them with their role.\n",
            names.join(", ")
        );
    }
}

/// Which store is authoritative for each entity: exactly one should be.
fn entity_table(w: &mut String, s: &Session) {
    let mut entities: BTreeMap<&str, (Vec<&str>, Vec<&str>)> = BTreeMap::new();
    for st in &s.stores {
        for e in &st.entities {
            let slot = entities.entry(e.as_str()).or_default();
            match st.role {
                StoreRole::SystemOfRecord => slot.0.push(&st.name),
                StoreRole::Derived => slot.1.push(&st.name),
            }
        }
    }
    if entities.is_empty() {
        return;
    }
    let _ = writeln!(
        w,
        "| Entity | System of record | Derived views |\n| --- | --- | --- |"
    );
    let mut warnings = Vec::new();
    for (entity, (sor, derived)) in &entities {
        let join = |v: &[&str]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.iter().map(|x| inline(x)).collect::<Vec<_>>().join(", ")
            }
        };
        let sor_text = if sor.is_empty() {
            "`<TBD>`".to_string()
        } else {
            join(sor)
        };
        let _ = writeln!(w, "| {} | {sor_text} | {} |", cell(entity), join(derived));
        if sor.len() > 1 {
            warnings.push(format!(
                "- **{}** has {} systems of record ({}): decide which one is authoritative and derive the other from it.",
                inline(entity),
                sor.len(),
                join(sor)
            ));
        } else if sor.is_empty() {
            warnings.push(format!(
                "- **{}** has no system of record: name the store whose value is right by definition.",
                inline(entity)
            ));
        }
    }
    let _ = writeln!(w);
    if !warnings.is_empty() {
        for line in warnings {
            let _ = writeln!(w, "{line}");
        }
        let _ = writeln!(w);
    }
}

/// Mermaid node ids: stores by their place in the session, undeclared flow ends after them.
fn node_ids(s: &Session) -> BTreeMap<&str, String> {
    let mut ids = BTreeMap::new();
    for (i, st) in s.stores.iter().enumerate() {
        ids.entry(st.name.as_str()).or_insert(format!("s{i}"));
    }
    let mut extra = 0;
    for f in &s.flows {
        for end in [f.from.as_str(), f.to.as_str()] {
            if !ids.contains_key(end) {
                ids.insert(end, format!("x{extra}"));
                extra += 1;
            }
        }
    }
    ids
}

fn flow_label(f: &Flow) -> String {
    let entity = if f.entity.trim().is_empty() {
        "data"
    } else {
        f.entity.as_str()
    };
    let how = if f.mechanism == Mechanism::AppDualWrite {
        "dual write".to_string()
    } else if f.via.trim().is_empty() {
        mechanism_text(f.mechanism).to_string()
    } else {
        format!("{} via {}", mechanism_text(f.mechanism), f.via)
    };
    format!("{entity}: {how}")
}

fn data_flow(w: &mut String, s: &Session) {
    let _ = writeln!(w, "## Data flow\n");
    if s.flows.is_empty() && s.stores.is_empty() {
        let _ = writeln!(w, "No flows recorded yet: `<TBD>`\n");
        return;
    }
    let ids = node_ids(s);
    let _ = writeln!(w, "```mermaid\nflowchart LR");
    let mut declared = BTreeSet::new();
    for st in &s.stores {
        let id = &ids[st.name.as_str()];
        if !declared.insert(id.clone()) {
            continue;
        }
        let label = mermaid_label(&st.name);
        match st.role {
            StoreRole::SystemOfRecord => {
                let _ = writeln!(w, "    {id}[(\"{label}\")]");
            }
            StoreRole::Derived => {
                let _ = writeln!(w, "    {id}(\"{label}\")");
            }
        }
    }
    for f in &s.flows {
        for end in [f.from.as_str(), f.to.as_str()] {
            let id = &ids[end];
            if declared.insert(id.clone()) {
                let _ = writeln!(w, "    {id}[\"{} (not in the map)\"]", mermaid_label(end));
            }
        }
    }
    for f in &s.flows {
        let arrow = if f.mechanism == Mechanism::AppDualWrite {
            "-.->"
        } else {
            "-->"
        };
        let _ = writeln!(
            w,
            "    {} {arrow}|\"{}\"| {}",
            ids[f.from.as_str()],
            // A pipe would end the edge label early.
            mermaid_label(&flow_label(f)).replace('|', "#124;"),
            ids[f.to.as_str()]
        );
    }
    let _ = writeln!(w, "```\n");
    if s.flows
        .iter()
        .any(|f| f.mechanism == Mechanism::AppDualWrite)
    {
        let _ = writeln!(
            w,
            "Dotted arrows are dual writes: the application writes both stores itself.\n"
        );
    }
    write_path(w, s);
    read_path(w, s);
}

fn write_path(w: &mut String, s: &Session) {
    let _ = writeln!(w, "### Write path\n");
    let sors: Vec<&Store> = s
        .stores
        .iter()
        .filter(|st| st.role == StoreRole::SystemOfRecord)
        .collect();
    if sors.is_empty() {
        let _ = writeln!(w, "- No system of record recorded: `<TBD>`");
    }
    let mut listed = vec![false; s.flows.len()];
    for st in &sors {
        let entities: Vec<String> = st.entities.iter().map(|e| inline(e)).collect();
        let entities = if entities.is_empty() {
            "`<TBD>`".to_string()
        } else {
            entities.join(", ")
        };
        let _ = writeln!(
            w,
            "- Writes enter **{}**, the system of record for {entities}.",
            inline(&st.name)
        );
        let mut seen = BTreeSet::from([st.name.as_str()]);
        downstream(w, s, &st.name, 1, &mut seen, &mut listed);
    }
    let rest: Vec<&Flow> = s
        .flows
        .iter()
        .zip(&listed)
        .filter(|(_, l)| !**l)
        .map(|(f, _)| f)
        .collect();
    if !rest.is_empty() {
        let _ = writeln!(w, "- Flows that do not start from a system of record:");
        for f in rest {
            let _ = writeln!(w, "  - {}", flow_line(f));
        }
    }
    let _ = writeln!(w);
}

fn flow_line(f: &Flow) -> String {
    let entity = if f.entity.trim().is_empty() {
        "`<TBD: entity>`".to_string()
    } else {
        inline(&f.entity)
    };
    let how = if f.mechanism == Mechanism::AppDualWrite {
        "by dual write".to_string()
    } else if f.via.trim().is_empty() {
        format!("by {}", mechanism_text(f.mechanism))
    } else {
        format!("by {} via {}", mechanism_text(f.mechanism), inline(&f.via))
    };
    format!("{} → {}: {entity}, {how}", inline(&f.from), inline(&f.to))
}

/// The flows leaving `from`, then theirs, indented by depth; each flow once.
fn downstream<'s>(
    w: &mut String,
    s: &'s Session,
    from: &str,
    depth: usize,
    seen: &mut BTreeSet<&'s str>,
    listed: &mut [bool],
) {
    for (i, f) in s.flows.iter().enumerate() {
        if f.from != from || listed[i] {
            continue;
        }
        listed[i] = true;
        let _ = writeln!(w, "{}- {}", "  ".repeat(depth), flow_line(f));
        if seen.insert(f.to.as_str()) {
            downstream(w, s, &f.to, depth + 1, seen, listed);
        }
    }
}

fn read_path(w: &mut String, s: &Session) {
    let _ = writeln!(w, "### Read path\n");
    if s.stores.is_empty() {
        let _ = writeln!(w, "- `<TBD>`\n");
        return;
    }
    for st in ordered_stores(s) {
        let access = if st.access.trim().is_empty() {
            "`<TBD>`".to_string()
        } else {
            inline(&st.access)
        };
        let fed: Vec<String> = s
            .flows
            .iter()
            .filter(|f| f.to == st.name)
            .map(|f| {
                if f.mechanism == Mechanism::AppDualWrite {
                    format!("{} by dual write", inline(&f.from))
                } else {
                    format!("{} by {}", inline(&f.from), mechanism_text(f.mechanism))
                }
            })
            .collect();
        let fed = if fed.is_empty() {
            String::new()
        } else {
            format!(", fed from {}", fed.join(" and "))
        };
        let _ = writeln!(
            w,
            "- {access} → **{}** ({}{fed})",
            inline(&st.name),
            role_text(st.role)
        );
    }
    let _ = writeln!(w);
}

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

/// Does this finding come from how data moves between stores?
fn about_flows(kb: &KnowledgeBase, f: &AntiPatternFinding) -> bool {
    let Some(rule) = &f.antipattern.parsed_rule else {
        return false;
    };
    rule.references().iter().any(|r| match r {
        Reference::Flow(_) => true,
        Reference::Question(q) => {
            FLOW_PRACTICES.contains(q)
                || kb
                    .questionnaire_of(q)
                    .is_some_and(|qn| qn.step == Step::Integration)
        }
        _ => false,
    })
}

fn correctness(w: &mut String, ctx: &Ctx) {
    let s = ctx.session;
    let _ = writeln!(w, "## Correctness analysis\n");
    if s.flows.is_empty() {
        let _ = writeln!(w, "No flows recorded yet: `<TBD>`\n");
    }
    for (i, f) in s.flows.iter().enumerate() {
        let entity = if f.entity.trim().is_empty() {
            String::new()
        } else {
            format!(" ({})", inline(&f.entity))
        };
        let _ = writeln!(
            w,
            "### {}. {} → {}{entity}\n",
            i + 1,
            inline(&f.from),
            inline(&f.to)
        );
        if f.mechanism == Mechanism::AppDualWrite {
            let _ = writeln!(
                w,
                "> **Dual write: the application writes both stores; replace with CDC or an outbox.**\n"
            );
        }
        let _ = writeln!(w, "- **Ordering needed**: {}", ordering_text(f));
        let idempotency = if f.idempotency.trim().is_empty() {
            "`<TBD>`".to_string()
        } else {
            inline(&f.idempotency)
        };
        let _ = writeln!(w, "- **Idempotency**: {idempotency}");
        let latency = if f.latency.trim().is_empty() {
            "`<TBD>`".to_string()
        } else {
            inline(&f.latency)
        };
        let _ = writeln!(w, "- **Latency needed**: {latency}");
        let via = if f.via.trim().is_empty() {
            String::new()
        } else {
            format!(", via {}", inline(&f.via))
        };
        let _ = writeln!(w, "- **Mechanism**: {}{via}", mechanism_text(f.mechanism));
        let _ = writeln!(w, "- **Fit**: {}\n", fit(f));
    }

    let _ = writeln!(w, "### End-to-end correctness checks\n");
    let _ = writeln!(w, "| Check | Answer | Note |\n| --- | --- | --- |");
    for qn in ctx.kb.questionnaires_for(Step::Integration) {
        for q in &qn.question {
            let (answer, note) = answer_text(ctx.kb, s, q.id.get_ref());
            let _ = writeln!(
                w,
                "| {} | {} | {} |",
                cell(q.label()),
                answer_cell(&answer),
                cell(&note)
            );
        }
    }
    let _ = writeln!(w);

    let _ = writeln!(w, "### Anti-patterns in the data flows\n");
    let found: Vec<&AntiPatternFinding> = ctx
        .assessment
        .findings
        .iter()
        .filter(|f| about_flows(ctx.kb, f))
        .collect();
    if found.is_empty() {
        let _ = writeln!(w, "None detected from the answers and flows given.\n");
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
        let _ = writeln!(
            w,
            "- **{}** ({}){because}. Fix: {}. {}",
            inline(&ap.name),
            ap.severity.as_str(),
            inline(&fixes.join(", ")),
            inline(&ap.fix_text)
        );
    }
    let _ = writeln!(w);
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
