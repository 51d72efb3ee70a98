//! The artifacts beyond design.md: review.md, integration-architecture.md, channel contracts
//! (Markdown, JSON Schema, AsyncAPI) and DLQ runbooks. Snapshots of the shipped examples,
//! plus behaviour: PII marked in the schema, YAML that stays structurally sound whatever
//! the user typed, dual writes flagged, issues in priority order, unsafe names refused.

use design_advisor::export::artifacts::{Artifact, render_all};
use design_advisor::export::{contract, runbook};
use design_advisor::kb::{self, KnowledgeBase};
use design_advisor::session::{
    self, Answer, Channel, ChannelRole, Date, Field, Flow, Mechanism, Ordering, Runbook, Session,
    Store, StoreRole,
};
use std::sync::LazyLock;

static KB: LazyLock<KnowledgeBase> = LazyLock::new(KnowledgeBase::builtin);

fn example(name: &str) -> Session {
    let file = format!("{name}.toml");
    let (_, text) = kb::example_sessions()
        .iter()
        .find(|(f, _)| *f == file)
        .unwrap_or_else(|| panic!("no example {file}"));
    session::load_str(text, &file).unwrap()
}

fn artifact(all: &[Artifact], path: &str) -> String {
    all.iter()
        .find(|a| a.path == path)
        .unwrap_or_else(|| {
            let paths: Vec<&str> = all.iter().map(|a| a.path.as_str()).collect();
            panic!("no artifact {path} among {paths:?}")
        })
        .text
        .clone()
}

fn section<'a>(doc: &'a str, heading: &str) -> &'a str {
    let start = doc
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("no {heading:?} in\n{doc}"));
    let body = &doc[start + heading.len() + 2..];
    let level = heading.split(' ').next().unwrap();
    let end = body
        .lines()
        .scan(0, |pos, l| {
            let at = *pos;
            *pos += l.len() + 1;
            Some((at, l))
        })
        .find(|(_, l)| {
            l.split(' ').next().is_some_and(|h| {
                h.chars().all(|c| c == '#') && !h.is_empty() && h.len() <= level.len()
            })
        })
        .map_or(body.len(), |(at, _)| at);
    &body[..end]
}

// ---------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------

#[test]
fn review_of_the_order_service() {
    let all = render_all(&KB, &example("review-order-service"), &[]);
    insta::assert_snapshot!("review-order-service", artifact(&all, "review.md"));
}

#[test]
fn integration_architecture_contract_and_runbook_of_the_search_sync() {
    let all = render_all(&KB, &example("search-analytics-drift"), &[]);
    insta::assert_snapshot!(
        "integration-search-analytics-drift",
        artifact(&all, "integration-architecture.md")
    );
    insta::assert_snapshot!(
        "contract-products-changed-v1-md",
        artifact(&all, "contracts/products.changed.v1.md")
    );
    insta::assert_snapshot!(
        "contract-products-changed-v1-json",
        artifact(&all, "schemas/products.changed.v1.json")
    );
    insta::assert_snapshot!(
        "contract-products-changed-v1-yaml",
        artifact(&all, "asyncapi/products.changed.v1.yaml")
    );
    insta::assert_snapshot!(
        "runbook-products-dlq-growing",
        artifact(&all, "runbooks/products-dlq-growing.md")
    );
}

#[test]
fn closed_contract_of_the_causal_notifications() {
    let all = render_all(&KB, &example("notifications-causal-order"), &[]);
    insta::assert_snapshot!(
        "contract-messages-sent-v1-md",
        artifact(&all, "contracts/messages.sent.v1.md")
    );
    insta::assert_snapshot!(
        "contract-messages-sent-v1-json",
        artifact(&all, "schemas/messages.sent.v1.json")
    );
    insta::assert_snapshot!(
        "contract-messages-sent-v1-yaml",
        artifact(&all, "asyncapi/messages.sent.v1.yaml")
    );
}

// ---------------------------------------------------------------------------
// Structure shared by every document
// ---------------------------------------------------------------------------

fn all_examples() -> Vec<Artifact> {
    kb::example_sessions()
        .iter()
        .map(|(f, text)| session::load_str(text, f).unwrap())
        .flat_map(|s| render_all(&KB, &s, &[]))
        .collect()
}

#[test]
fn every_document_has_the_sections_its_artifact_kind_lists() {
    let mine = ["review", "integration-architecture", "contract", "runbook"];
    let docs: Vec<Artifact> = all_examples()
        .into_iter()
        .filter(|a| mine.contains(&a.kind))
        .collect();
    for kind in mine {
        assert!(
            docs.iter().any(|a| a.kind == kind),
            "no {kind} among the examples"
        );
    }
    for doc in &docs {
        let sections = &KB.artifact(doc.kind).unwrap().sections;
        let headings: Vec<String> = doc
            .text
            .lines()
            .filter(|l| l.starts_with("## ") || l.starts_with("### "))
            .map(|l| {
                let h = l.trim_start_matches('#').trim();
                // "### 3. Transient or permanent failure" -> the title alone
                h.split_once(". ")
                    .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
                    .map_or(h, |(_, t)| t)
                    .to_string()
            })
            .collect();
        let mut at = 0;
        for s in sections {
            let found = headings[at..].iter().position(|h| h == s);
            assert!(
                found.is_some(),
                "{}: section {s:?} missing or out of order in {headings:?}",
                doc.path
            );
            at += found.unwrap() + 1;
        }
        assert!(
            doc.text.lines().nth(2) == Some("## Summary"),
            "{}",
            doc.path
        );
        let summary = section(&doc.text, "## Summary");
        for field in ["- **Status**: ", "- **Date**: ", "- **TL;DR**: "] {
            assert!(summary.contains(field), "{}: {field}", doc.path);
        }
        assert!(
            doc.text.contains("\n## Summary\n") && {
                let after = &doc.text[doc.text.find("\n## Summary\n").unwrap() + 1..];
                after.lines().skip(1).find(|l| l.starts_with("## ")) == Some("## System concerns")
            },
            "{}: System concerns must follow the Summary",
            doc.path
        );
        let last = doc.text.lines().rfind(|l| l.starts_with("## "));
        assert_eq!(last, Some("## Related artifacts"), "{}", doc.path);
    }
}

#[test]
fn links_from_subfolders_climb_to_the_feature_folder() {
    let all = render_all(&KB, &example("search-analytics-drift"), &[]);
    for path in [
        "contracts/products.changed.v1.md",
        "runbooks/products-dlq-growing.md",
    ] {
        let related = section(&artifact(&all, path), "## Related artifacts").to_string();
        assert!(
            related.contains("- [design.md](../design.md)"),
            "{path}:\n{related}"
        );
        assert!(
            related.contains("(../design-session.toml)"),
            "{path}:\n{related}"
        );
        assert!(
            !related.contains(&format!("]({path})")),
            "not linked to itself"
        );
    }
    // A document does not list its own kind as "not written yet".
    for (path, own) in [
        (
            "contracts/products.changed.v1.md",
            "`contracts/{channel}.md`",
        ),
        (
            "runbooks/products-dlq-growing.md",
            "`runbooks/{incident}.md`",
        ),
        (
            "integration-architecture.md",
            "`integration-architecture.md`",
        ),
    ] {
        assert!(!artifact(&all, path).contains(own), "{path}");
    }
    let review = render_all(&KB, &example("review-order-service"), &[]);
    assert!(!artifact(&review, "review.md").contains("`review.md`"));
    let runbook = artifact(&all, "runbooks/products-dlq-growing.md");
    assert!(
        runbook.contains("**Channel**: [products.changed.v1](../contracts/products.changed.v1.md)")
    );
    let contract = artifact(&all, "contracts/products.changed.v1.md");
    assert!(contract.contains("(../schemas/products.changed.v1.json)"));
    assert!(
        contract
            .contains("[runbooks/products-dlq-growing.md](../runbooks/products-dlq-growing.md)")
    );
}

#[test]
fn rendering_is_deterministic() {
    for (f, text) in kb::example_sessions() {
        let s = session::load_str(text, f).unwrap();
        let again = session::load_str(&session::to_toml(&s), f).unwrap();
        assert_eq!(
            render_all(&KB, &s, &[]),
            render_all(&KB, &again, &[]),
            "{f}"
        );
    }
}

// ---------------------------------------------------------------------------
// Contracts
// ---------------------------------------------------------------------------

#[test]
fn the_schema_is_json_and_marks_pii() {
    let all = render_all(&KB, &example("notifications-causal-order"), &[]);
    let v: serde_json::Value =
        serde_json::from_str(&artifact(&all, "schemas/messages.sent.v1.json")).unwrap();
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let props = &v["properties"];
    for attr in [
        "id",
        "source",
        "type",
        "subject",
        "time",
        "specversion",
        "datacontenttype",
        "traceparent",
        "correlationid",
        "causationid",
        "partitionkey",
        "expirytime",
        "data",
    ] {
        assert!(props.get(attr).is_some(), "envelope attribute {attr}");
    }
    let data = &props["data"];
    assert_eq!(data["properties"]["recipient_email"]["x-pii"], true);
    assert!(data["properties"]["message_id"].get("x-pii").is_none());
    assert_eq!(
        data["required"],
        serde_json::json!(["message_id", "after_friendship_event"])
    );
    assert_eq!(data["additionalProperties"], false, "closed schema");
    assert!(
        v.get("additionalProperties").is_none(),
        "the envelope stays open"
    );

    let all = render_all(&KB, &example("search-analytics-drift"), &[]);
    let v: serde_json::Value =
        serde_json::from_str(&artifact(&all, "schemas/products.changed.v1.json")).unwrap();
    assert!(
        v["properties"]["data"]
            .get("additionalProperties")
            .is_none(),
        "open schema"
    );
    assert_eq!(
        v["properties"]["data"]["properties"]["price_cents"]["type"],
        "integer"
    );
}

#[test]
fn a_closed_schema_under_backward_compatibility_is_flagged() {
    let all = render_all(&KB, &example("notifications-causal-order"), &[]);
    let md = artifact(&all, "contracts/messages.sent.v1.md");
    assert!(
        md.contains("Closed schema under backward compatibility"),
        "{md}"
    );
    let all = render_all(&KB, &example("search-analytics-drift"), &[]);
    let md = artifact(&all, "contracts/products.changed.v1.md");
    assert!(!md.contains("Closed schema"));
}

/// Reads a YAML double-quoted scalar at the start of `text`: its value and the bytes used.
fn quoted_scalar(text: &str) -> Result<(String, usize), String> {
    let mut chars = text.char_indices();
    if chars.next().map(|(_, c)| c) != Some('"') {
        return Err(format!("not a quoted scalar: {text}"));
    }
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, i + 1)),
            '\\' => match chars.next().map(|(_, c)| c) {
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('u') => {
                    let hex: String = (0..4)
                        .filter_map(|_| chars.next().map(|(_, c)| c))
                        .collect();
                    let n = u32::from_str_radix(&hex, 16).map_err(|e| format!("{hex}: {e}"))?;
                    out.push(char::from_u32(n).ok_or("bad escape")?);
                }
                other => return Err(format!("unknown escape {other:?}")),
            },
            c if c.is_control() => return Err(format!("raw control character {c:?}")),
            c => out.push(c),
        }
    }
    Err(format!("unterminated scalar: {text}"))
}

/// Checks the shape of a hand-written YAML document line by line: two-space indents, and
/// every line a `key:` opening a block, a `key: value`, or a list item of those; values are
/// plain words or double-quoted scalars that end the line. Returns every (key, value).
fn check_yaml(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    for (n, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        assert!(!trimmed.is_empty(), "line {n}: empty line");
        assert_eq!(indent % 2, 0, "line {n}: odd indent: {line}");
        let item = trimmed.strip_prefix("- ");
        let rest = item.unwrap_or(trimmed);
        let (key, after) = if rest.starts_with('"') {
            let (k, used) = quoted_scalar(rest).unwrap_or_else(|e| panic!("line {n}: {e}"));
            (k, &rest[used..])
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '$' | '_' | '-')))
                .unwrap_or(rest.len());
            (rest[..end].to_string(), &rest[end..])
        };
        assert!(!key.is_empty(), "line {n}: no key: {line}");
        let after = after
            .strip_prefix(':')
            .unwrap_or_else(|| panic!("line {n}: no ':' after the key: {line}"));
        if after.is_empty() {
            // A block: the next line is indented deeper.
            let next = lines
                .get(n + 1)
                .unwrap_or_else(|| panic!("line {n}: empty block"));
            let next_indent = next.len() - next.trim_start_matches(' ').len();
            let key_column = indent + if item.is_some() { 2 } else { 0 };
            assert!(
                next_indent > key_column,
                "line {n}: block not indented: {next}"
            );
            continue;
        }
        let value = after
            .strip_prefix(' ')
            .unwrap_or_else(|| panic!("line {n}: no space after ':': {line}"));
        let value = if value.starts_with('"') {
            let (v, used) = quoted_scalar(value).unwrap_or_else(|e| panic!("line {n}: {e}"));
            assert_eq!(used, value.len(), "line {n}: text after the scalar: {line}");
            v
        } else {
            assert!(
                value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')),
                "line {n}: unquoted value must be a plain word: {line}"
            );
            value.to_string()
        };
        pairs.push((key, value));
    }
    pairs
}

fn hostile_channel() -> Channel {
    Channel {
        name: "orders.placed.v2".into(),
        role: ChannelRole::Both,
        owner: "team \"a\": b".into(),
        purpose: "Has \"quotes\": and\nnewlines, a # hash, a \\ backslash, - dash, {braces} & *star \u{1b}[31m".into(),
        fields: vec![Field {
            name: "e\"mail\nx".into(),
            kind: "string".into(),
            pii: true,
            ..Field::default()
        }],
        ..Channel::default()
    }
}

fn with_channel(c: Channel) -> Session {
    let mut s = example("search-analytics-drift");
    s.channels = vec![c];
    s
}

#[test]
fn the_asyncapi_document_is_sound_yaml_whatever_the_user_typed() {
    for a in all_examples().iter().filter(|a| a.kind == "asyncapi") {
        check_yaml(&a.text);
    }
    let c = hostile_channel();
    let all = render_all(&KB, &with_channel(c.clone()), &[]);
    let yaml = artifact(&all, "asyncapi/orders.placed.v2.yaml");
    let pairs = check_yaml(&yaml);
    let descriptions: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "description")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(
        descriptions,
        [c.purpose.as_str(), c.purpose.as_str()],
        "one scalar each"
    );
    let purpose_lines = yaml.lines().filter(|l| l.contains("quotes")).count();
    assert_eq!(
        purpose_lines, 2,
        "info and channel descriptions, one line each:\n{yaml}"
    );
    for (k, v) in [
        ("asyncapi", "3.0.0"),
        ("address", "orders.placed.v2"),
        ("action", "send"),
        ("action", "receive"),
        ("$ref", "../schemas/orders.placed.v2.json"),
    ] {
        assert!(
            pairs.iter().any(|(pk, pv)| pk == k && pv == v),
            "{k}: {v}\n{yaml}"
        );
    }
    // The schema carries the same text through serde_json.
    let v: serde_json::Value =
        serde_json::from_str(&artifact(&all, "schemas/orders.placed.v2.json")).unwrap();
    assert_eq!(
        v["properties"]["data"]["properties"]["e\"mail\nx"]["x-pii"],
        true
    );
    assert!(v["description"].as_str().unwrap().ends_with(&c.purpose));
}

#[test]
fn operations_follow_the_role() {
    let role_actions = |role| {
        let c = Channel {
            name: "x.v1".into(),
            role,
            ..Channel::default()
        };
        let all = render_all(&KB, &with_channel(c), &[]);
        let pairs = check_yaml(&artifact(&all, "asyncapi/x.v1.yaml"));
        pairs
            .into_iter()
            .filter(|(k, _)| k == "action")
            .map(|(_, v)| v)
            .collect::<Vec<_>>()
    };
    assert_eq!(role_actions(ChannelRole::Produced), ["send"]);
    assert_eq!(role_actions(ChannelRole::Consumed), ["receive"]);
    assert_eq!(role_actions(ChannelRole::Both), ["send", "receive"]);
}

#[test]
fn empty_contract_fields_are_tbd() {
    let c = Channel {
        name: "bare.v1".into(),
        ..Channel::default()
    };
    let all = render_all(&KB, &with_channel(c), &[]);
    let md = artifact(&all, "contracts/bare.v1.md");
    for (heading, label) in [
        ("## Owner and escalation", "- **Owner**: `<TBD>`"),
        ("## Owner and escalation", "- **Escalation**: `<TBD>`"),
        ("## Purpose and patterns", "- **Patterns**: `<TBD>`"),
        ("## Producers and consumers", "- **Consumers**: `<TBD>`"),
        (
            "## Delivery and ordering guarantee",
            "- **Delivery**: `<TBD>`",
        ),
        ("## Retention, replay and redrive", "- **Redrive**: `<TBD>`"),
        ("## Dead-letter queue", "- **Dashboard**: `<TBD>`"),
        ("## PII class and encryption", "- **Encryption**: `<TBD>`"),
        ("## SLOs and on-call playbook", "- **SLO**: `<TBD>`"),
    ] {
        assert!(section(&md, heading).contains(label), "{label}\n{md}");
    }
}

#[test]
fn a_hostile_channel_name_gets_no_files_and_a_problem() {
    for name in ["../x", "..", ".hidden", "a/b", "Upper", "x\u{0}y", ""] {
        let c = Channel {
            name: name.into(),
            ..Channel::default()
        };
        assert!(contract::paths(&KB, &c).is_empty(), "{name:?}");
        let s = with_channel(c);
        let problems = contract::problems(&s);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("channels[0].name: "),
            "{problems:?}"
        );
        let all = render_all(&KB, &s, &[]);
        assert!(
            !all.iter()
                .any(|a| matches!(a.kind, "contract" | "schema" | "asyncapi")),
            "{name:?}"
        );
    }
    let s = with_channel(Channel {
        name: "ok.v1".into(),
        ..Channel::default()
    });
    assert!(contract::problems(&s).is_empty());
}

#[test]
fn a_hostile_incident_name_gets_no_runbook_path_and_a_problem() {
    let mut s = example("search-analytics-drift");
    s.runbooks.push(Runbook {
        incident: "../../etc/x".into(),
        ..Runbook::default()
    });
    assert!(runbook::paths(&KB, &s.runbooks[1]).is_empty());
    assert!(!runbook::path(&KB, &s.runbooks[1]).contains(".."));
    let problems = runbook::problems(&s);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with("runbooks[1].incident: "),
        "{problems:?}"
    );
    for a in render_all(&KB, &s, &[]) {
        assert!(!a.path.contains(".."), "{}", a.path);
    }
}

// ---------------------------------------------------------------------------
// Runbooks
// ---------------------------------------------------------------------------

#[test]
fn a_runbook_answers_nine_questions_with_tbd_for_the_open_ones() {
    let mut s = example("search-analytics-drift");
    s.runbooks = vec![Runbook {
        incident: "orders-dlq".into(),
        channel: "products.changed.v1".into(),
        who_is_paged: "search on-call".into(),
        stop_redrive: "1. pause the job\n2. # check the lag".into(),
        ..Runbook::default()
    }];
    let all = render_all(&KB, &s, &[]);
    let md = artifact(&all, "runbooks/orders-dlq.md");
    let numbered: Vec<&str> = md.lines().filter(|l| l.starts_with("### ")).collect();
    assert_eq!(numbered.len(), 9, "{numbered:?}");
    for (i, h) in numbered.iter().enumerate() {
        assert!(h.starts_with(&format!("### {}. ", i + 1)), "{h}");
    }
    assert!(section(&md, "### 1. Who is paged").contains("search on-call"));
    assert!(section(&md, "### 2. Inspect a failed message safely").contains("`<TBD>`"));
    let stop = section(&md, "### 7. Stop a redrive");
    assert!(
        stop.contains("> 1\\. pause the job\n> 2\\. # check the lag"),
        "{stop}"
    );
}

// ---------------------------------------------------------------------------
// Integration architecture
// ---------------------------------------------------------------------------

fn integration(s: &Session) -> String {
    artifact(&render_all(&KB, s, &[]), "integration-architecture.md")
}

fn store(name: &str, role: StoreRole, entities: &[&str]) -> Store {
    Store {
        name: name.into(),
        role,
        entities: entities.iter().map(|e| e.to_string()).collect(),
        ..Store::default()
    }
}

fn flow(from: &str, to: &str, mechanism: Mechanism, latency: &str) -> Flow {
    Flow {
        from: from.into(),
        to: to.into(),
        entity: "order".into(),
        mechanism,
        latency: latency.into(),
        ..Flow::default()
    }
}

fn integration_session(flows: Vec<Flow>) -> Session {
    let mut s = Session::new(
        "Orders sync",
        Date {
            year: 2026,
            month: 3,
            day: 1,
        },
    );
    s.mode = session::Mode::Integration;
    s.stores = vec![
        store("Postgres", StoreRole::SystemOfRecord, &["order"]),
        store("Search", StoreRole::Derived, &["order"]),
        store("Warehouse", StoreRole::Derived, &["order"]),
    ];
    s.flows = flows;
    s
}

#[test]
fn a_dual_write_flow_is_flagged_in_the_correctness_analysis() {
    let s = integration_session(vec![
        flow("Postgres", "Search", Mechanism::AppDualWrite, "seconds"),
        flow("Postgres", "Warehouse", Mechanism::Cdc, "seconds"),
    ]);
    let doc = integration(&s);
    let analysis = section(&doc, "## Correctness analysis");
    let flag = "dual write: the application writes both stores; replace with CDC or an outbox";
    let first = section(analysis, "### 1. Postgres → Search (order)");
    assert!(
        first.to_lowercase().contains(&flag.to_lowercase()),
        "{first}"
    );
    let second = section(analysis, "### 2. Postgres → Warehouse (order)");
    assert!(!second.to_lowercase().contains("dual write"), "{second}");
    assert!(second.contains("- **Fit**: fits"), "{second}");
    // The finding the flow triggers is listed with the data-flow anti-patterns.
    let found = section(analysis, "### Anti-patterns in the data flows");
    assert!(
        found.contains("Dual write to a store and a broker or derived view"),
        "{found}"
    );
    // Drawn dotted in the diagram.
    let diagram = section(&doc, "## Data flow");
    assert!(
        diagram.contains(" -.->|\"order: dual write\"| "),
        "{diagram}"
    );
    assert!(
        diagram.contains(" -->|\"order: change data capture\"| "),
        "{diagram}"
    );
}

#[test]
fn the_mechanism_is_judged_against_the_latency() {
    let s = integration_session(vec![
        flow("Postgres", "Search", Mechanism::BatchEtl, "under 30 s"),
        flow("Postgres", "Warehouse", Mechanism::BatchEtl, "daily"),
        flow("Search", "Warehouse", Mechanism::Undecided, ""),
    ]);
    let doc = integration(&s);
    let fits: Vec<&str> = doc
        .lines()
        .filter(|l| l.starts_with("- **Fit**: "))
        .collect();
    assert!(
        fits[0].contains("too slow") && fits[0].contains("change data capture or event sourcing")
    );
    assert!(fits[1].contains("fits if the whole history can be reprocessed"));
    assert!(fits[2].contains("`<TBD: latency and mechanism>`"));
}

#[test]
fn the_component_map_separates_systems_of_record_from_derived_views() {
    let mut s = integration_session(vec![flow("Postgres", "Cache", Mechanism::Cdc, "1 s")]);
    s.stores
        .push(store("Ledger", StoreRole::SystemOfRecord, &["order"]));
    let doc = integration(&s);
    let map = section(&doc, "## Component map");
    let rows: Vec<&str> = map
        .lines()
        .filter(|l| {
            l.starts_with("| ")
                && !l.starts_with("| ---")
                && !l.starts_with("| Store")
                && !l.starts_with("| Entity")
        })
        .collect();
    assert!(
        rows[0].starts_with("| Postgres | system of record"),
        "{rows:?}"
    );
    assert!(
        rows[1].starts_with("| Ledger | system of record"),
        "{rows:?}"
    );
    assert!(rows[2].contains("derived view"), "{rows:?}");
    assert!(map.contains("has 2 systems of record"), "{map}");
    assert!(map.contains("not in this map: Cache"), "{map}");
    // Open end-to-end checks stay visible.
    let checks = section(&doc, "### End-to-end correctness checks");
    assert!(checks.contains("| Operation id | `<TBD>` |"), "{checks}");
}

#[test]
fn per_key_ordering_names_its_key() {
    let mut f = flow("Postgres", "Search", Mechanism::Cdc, "seconds");
    f.ordering = Ordering::PerKey;
    f.ordering_key = "order_id".into();
    let mut g = flow("Postgres", "Warehouse", Mechanism::Cdc, "seconds");
    g.ordering = Ordering::PerKey;
    let doc = integration(&integration_session(vec![f, g]));
    assert!(
        doc.contains("- **Ordering needed**: per key, by order\\_id"),
        "{doc}"
    );
    assert!(
        doc.contains("- **Ordering needed**: per key, key `<TBD>`"),
        "{doc}"
    );
}

// ---------------------------------------------------------------------------
// Review
// ---------------------------------------------------------------------------

fn severity_of(heading: &str) -> usize {
    for (rank, s) in ["(critical)", "(major)", "(minor)", "(review step)"]
        .iter()
        .enumerate()
    {
        if heading.ends_with(s) {
            return rank;
        }
    }
    panic!("no severity in {heading}")
}

#[test]
fn review_issues_are_ordered_critical_first() {
    let mut s = example("review-order-service");
    // A minor finding, to see all three severities.
    s.answers.insert(
        "practices.routing".into(),
        Answer {
            choices: vec!["business-rules-in-routers".into()],
            ..Answer::default()
        },
    );
    let doc = artifact(&render_all(&KB, &s, &[]), "review.md");
    let issues = section(&doc, "## Issues found");
    let headings: Vec<&str> = issues.lines().filter(|l| l.starts_with("### ")).collect();
    let ranks: Vec<usize> = headings.iter().map(|h| severity_of(h)).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{headings:?}");
    assert_eq!(ranks.first(), Some(&0), "{headings:?}");
    assert!(
        ranks.contains(&1) && ranks.contains(&2) && ranks.contains(&3),
        "{headings:?}"
    );
    // Every finding and every review issue is covered: 4 findings; encoding and operations
    // are not explained by a finding, derived data and distributed are.
    assert_eq!(headings.len(), 6, "{headings:?}");
    assert!(issues.contains("- **Review step**: Derived data: The cache and the search index"));
    assert!(issues.contains("- **Review step**: Distributed systems: Retries on the payment call"));
    for label in [
        "- **What**",
        "- **Why it matters**",
        "- **Pattern to apply**",
        "- **Suggested fix**",
    ] {
        assert_eq!(issues.matches(label).count(), 6, "{label}");
    }
    // Recommendations in the same order, one per issue.
    let recs = section(&doc, "## Recommendations");
    let items: Vec<&str> = recs
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(items.len(), 6, "{recs}");
    assert!(items[0].starts_with("1. **Critical**: "), "{items:?}");
    assert!(items[3].starts_with("4. **Minor**: "), "{items:?}");
    assert!(
        items[5].starts_with("6. **Severity `<TBD>`**: "),
        "{items:?}"
    );
}

#[test]
fn review_strengths_list_the_sound_steps_with_their_notes() {
    let doc = artifact(
        &render_all(&KB, &example("review-order-service"), &[]),
        "review.md",
    );
    let strengths = section(&doc, "## Strengths");
    assert!(
        strengths.contains("- **Data model**: Relational model fits order lines and customers.")
    );
    assert!(strengths.contains("- **Storage engine**: "));
    assert!(strengths.contains("Not applicable: Partitioning, Pipelines."));
    let summary = section(&doc, "## Summary");
    assert!(
        summary.contains("10 of 10 review steps done: 4 sound, 4 with an issue, 2 not applicable"),
        "{summary}"
    );
}

// ---------------------------------------------------------------------------
// Hostile text
// ---------------------------------------------------------------------------

const EVIL: &str = "# Heading?\n| pipe | <script>alert(1)</script> `code` [x](javascript:1) \"q\" ]) \u{1b}[31mred\u{1b}[0m\r\n1. list";

fn hostile_session() -> Session {
    let mut s = example("review-order-service");
    s.feature = format!("Evil {EVIL}");
    s.tldr = EVIL.into();
    for a in s.answers.values_mut() {
        a.note = EVIL.into();
    }
    s.channels = vec![Channel {
        name: "evil.v1".into(),
        owner: EVIL.into(),
        purpose: EVIL.into(),
        patterns: vec![EVIL.into()],
        producers: vec![EVIL.into()],
        ordering_key: EVIL.into(),
        fields: vec![Field {
            name: EVIL.into(),
            kind: EVIL.into(),
            description: EVIL.into(),
            ..Field::default()
        }],
        ..Channel::default()
    }];
    s.runbooks = vec![Runbook {
        incident: "evil".into(),
        channel: EVIL.into(),
        who_is_paged: EVIL.into(),
        audit_trail: format!("{EVIL}\n{EVIL}"),
        ..Runbook::default()
    }];
    s.stores = vec![
        store(EVIL, StoreRole::SystemOfRecord, &[EVIL]),
        store("plain", StoreRole::Derived, &[EVIL]),
    ];
    s.flows = vec![
        Flow {
            entity: EVIL.into(),
            via: EVIL.into(),
            idempotency: EVIL.into(),
            ordering: Ordering::PerKey,
            ordering_key: EVIL.into(),
            ..flow(EVIL, "plain", Mechanism::Cdc, EVIL)
        },
        flow("plain", EVIL, Mechanism::AppDualWrite, ""),
    ];
    s
}

#[test]
fn user_text_cannot_break_the_documents() {
    let s = hostile_session();
    let all = render_all(&KB, &s, &[]);
    let mine = ["review", "integration-architecture", "contract", "runbook"];
    let docs: Vec<&Artifact> = all.iter().filter(|a| mine.contains(&a.kind)).collect();
    assert_eq!(
        docs.len(),
        4,
        "{:?}",
        all.iter().map(|a| &a.path).collect::<Vec<_>>()
    );
    for doc in docs {
        let text = &doc.text;
        assert!(
            !text.contains('\u{1b}') && !text.contains('\r'),
            "{}",
            doc.path
        );
        assert!(!text.contains("<script>"), "{}", doc.path);
        assert_eq!(
            text.lines().filter(|l| l.starts_with("# ")).count(),
            1,
            "{}",
            doc.path
        );
        assert!(
            !text.lines().any(|l| l.starts_with("1. list")),
            "{}",
            doc.path
        );
        assert!(
            !text.lines().any(|l| l.starts_with('#')
                && l.trim_start_matches('#')
                    .trim_start()
                    .starts_with("Heading?")),
            "{}",
            doc.path
        );
        // Every table row has as many unescaped pipes as its header.
        let mut expected = None;
        for line in text.lines() {
            if line.starts_with('|') {
                let pipes = line.replace("\\|", "").matches('|').count();
                let want = *expected.get_or_insert(pipes);
                assert_eq!(pipes, want, "{}: broken table row: {line}", doc.path);
            } else {
                expected = None;
            }
        }
        // Mermaid lines carry exactly one quoted label each.
        let mut in_mermaid = false;
        for line in text.lines() {
            if line == "```mermaid" {
                in_mermaid = true;
            } else if line == "```" {
                in_mermaid = false;
            } else if in_mermaid && line.starts_with("    ") {
                assert_eq!(line.matches('"').count(), 2, "{}: {line}", doc.path);
            }
        }
    }
    let yaml = artifact(&all, "asyncapi/evil.v1.yaml");
    check_yaml(&yaml);
    let schema: serde_json::Value =
        serde_json::from_str(&artifact(&all, "schemas/evil.v1.json")).unwrap();
    assert!(
        schema["properties"]["data"]["properties"][EVIL]
            .get("type")
            .is_none()
    );
    assert!(
        contract::problems(&s)
            .iter()
            .any(|p| p.starts_with("channels[0].fields[0].type: "))
    );
}

/// Every example and every scenario session.
fn every_session() -> Vec<(String, Session)> {
    let mut out: Vec<(String, Session)> = kb::example_sessions()
        .iter()
        .map(|(f, t)| (f.to_string(), session::load_str(t, f).unwrap()))
        .collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name.ends_with(".toml") && !name.ends_with(".expect.toml") {
            out.push((name, session::load(&e.path()).unwrap()));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Catalogue text and the system concerns are stated once per feature: no paragraph (a
/// line of the Markdown: a paragraph, a list item or a table row) longer than about 200
/// characters appears in two documents of the same feature.
#[test]
fn no_long_paragraph_is_repeated_across_a_features_documents() {
    let sessions = every_session();
    assert!(sessions.len() >= 20, "{}", sessions.len());
    let mut repeats = Vec::new();
    for (name, s) in &sessions {
        let mut seen: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        for a in render_all(&KB, s, &[])
            .iter()
            .filter(|a| a.path.ends_with(".md"))
        {
            let mut mine = std::collections::HashSet::new();
            for line in a.text.lines() {
                let text = line.trim().trim_start_matches(['-', '*', '>', ' ']).trim();
                if text.chars().count() <= 200 || !mine.insert(text.to_string()) {
                    continue;
                }
                match seen.get(text) {
                    Some(first) => repeats.push(format!(
                        "{name}: {first} and {}: {}",
                        a.path,
                        text.chars().take(120).collect::<String>()
                    )),
                    None => {
                        seen.insert(text.to_string(), a.path.clone());
                    }
                }
            }
        }
    }
    assert!(
        repeats.is_empty(),
        "{} repeated:\n{}",
        repeats.len(),
        repeats.join("\n")
    );
}
