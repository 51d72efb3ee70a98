//! Channel contracts: contracts/<channel>.md, schemas/<channel>.json (JSON Schema) and
//! asyncapi/<channel>.yaml (AsyncAPI 3.0 with a CloudEvents envelope).
//!
//! A channel's name becomes a file name, so a name that is not a plain file name (a path,
//! a hidden file, upper case or spaces) gets no files at all; `problems` says which.

use super::artifacts::Ctx;
use super::design::{concerns, summary_block};
use super::escape::{cell, inline};
use crate::session::{Channel, ChannelRole, Compatibility, Runbook, Session};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The JSON Schema types a payload field may declare.
const FIELD_TYPES: [&str; 7] = [
    "array", "boolean", "integer", "null", "number", "object", "string",
];

/// A name that is safe as a file name on every platform we write to: lower-case ASCII
/// letters, digits, '.', '_' and '-', not starting with '.', at most 128 characters, and
/// not a device name Windows reserves (`con`, `aux.v1`, `lpt1`). Never a path, never
/// hidden, never "." or "..".
pub fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && !name.starts_with('.')
        && !crate::text::names::is_windows_reserved(name)
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

/// (kind, path) of the three files of a channel; none for a name that is not a safe file
/// name.
pub fn paths(c: &Channel) -> Vec<(&'static str, String)> {
    if !is_safe_name(&c.name) {
        return Vec::new();
    }
    vec![
        ("contract", format!("contracts/{}.md", c.name)),
        ("schema", format!("schemas/{}.json", c.name)),
        ("asyncapi", format!("asyncapi/{}.yaml", c.name)),
    ]
}

/// What stops the session's channels from exporting cleanly, as "key path: message" lines:
/// names that are not safe file names (those channels get no files), names used twice, and
/// payload fields with an unknown type or a repeated name.
pub fn problems(session: &Session) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, c) in session.channels.iter().enumerate() {
        if !is_safe_name(&c.name) {
            out.push(format!(
                "channels[{i}].name: {:?} is not a safe file name (lower-case letters, digits, '.', '_' and '-', not starting with '.', not a name Windows reserves such as con or lpt1); no contract, schema or AsyncAPI file is written for it",
                c.name
            ));
        } else if !seen.insert(c.name.as_str()) {
            out.push(format!(
                "channels[{i}].name: {:?} is used by an earlier channel; only the first one is exported",
                c.name
            ));
        }
        let mut fields = BTreeSet::new();
        for (j, f) in c.fields.iter().enumerate() {
            if !FIELD_TYPES.contains(&f.kind.as_str()) {
                out.push(format!(
                    "channels[{i}].fields[{j}].type: {:?} is not a JSON Schema type ({}); the schema leaves the field untyped",
                    f.kind,
                    FIELD_TYPES.join(", ")
                ));
            }
            if !fields.insert(f.name.as_str()) {
                out.push(format!(
                    "channels[{i}].fields[{j}].name: {:?} is declared twice; the schema keeps the last declaration",
                    f.name
                ));
            }
        }
    }
    out
}

/// The file of `kind` for channel `c` at `path`, or `None` when `path` is not one of its.
pub fn render(ctx: &Ctx, c: &Channel, kind: &str, path: &str) -> Option<String> {
    if !paths(c).iter().any(|(k, p)| *k == kind && p == path) {
        return None;
    }
    match kind {
        "contract" => Some(contract_md(ctx, c, path)),
        "schema" => Some(
            crate::text::sanitize::json(
                &serde_json::to_string_pretty(&schema(c)).expect("a schema always serialises"),
            )
            .into_owned()
                + "\n",
        ),
        "asyncapi" => Some(asyncapi(c)),
        _ => None,
    }
}

fn tbd_or(text: &str) -> String {
    if text.trim().is_empty() {
        "`<TBD>`".to_string()
    } else {
        inline(text)
    }
}

fn list_or_tbd(items: &[String]) -> String {
    super::escape::inline_list(items, "`<TBD>`")
}

fn role_text(role: ChannelRole) -> &'static str {
    match role {
        ChannelRole::Produced => "this feature produces it",
        ChannelRole::Consumed => "this feature consumes it",
        ChannelRole::Both => "this feature produces and consumes it",
    }
}

fn compatibility_text(mode: Compatibility) -> &'static str {
    match mode {
        Compatibility::Backward => "backward",
        Compatibility::Forward => "forward",
        Compatibility::Full => "full",
        Compatibility::None => "none",
    }
}

/// The session's runbooks that name this channel and are exported.
fn runbooks_of<'s>(session: &'s Session, channel: &str) -> Vec<&'s Runbook> {
    session
        .runbooks
        .iter()
        .filter(|r| r.channel == channel && !super::runbook::paths(r).is_empty())
        .collect()
}

/// A Markdown link from a file one folder down to a feature-relative `path`.
fn up_link(path: &str) -> String {
    format!("[{}](../{})", inline(path), path.replace(' ', "%20"))
}

fn contract_md(ctx: &Ctx, c: &Channel, own: &str) -> String {
    let s = ctx.session;
    let mut d = String::with_capacity(8 * 1024);
    let w = &mut d;
    let _ = writeln!(w, "# Channel contract: {}\n", inline(&c.name));
    summary_block(w, s.status.as_str(), &s.date.to_string(), &c.purpose);
    concerns(w, ctx.kb, s);

    let _ = writeln!(w, "## Owner and escalation\n");
    let _ = writeln!(w, "- **Owner**: {}", tbd_or(&c.owner));
    let _ = writeln!(w, "- **Escalation**: {}", tbd_or(&c.escalation));
    let _ = writeln!(w, "- **Role**: {}\n", role_text(c.role));

    let _ = writeln!(w, "## Purpose and patterns\n");
    let _ = writeln!(w, "- **Purpose**: {}", tbd_or(&c.purpose));
    let patterns: Vec<String> = c
        .patterns
        .iter()
        .map(|id| match ctx.kb.pattern(id) {
            Some(p) => inline(&p.name),
            None => format!("{} (not in the catalog)", inline(id)),
        })
        .collect();
    let patterns = if patterns.is_empty() {
        "`<TBD>`".to_string()
    } else {
        patterns.join(", ")
    };
    let _ = writeln!(w, "- **Patterns**: {patterns}\n");

    let _ = writeln!(w, "## Producers and consumers\n");
    let _ = writeln!(w, "- **Producers**: {}", list_or_tbd(&c.producers));
    let _ = writeln!(w, "- **Consumers**: {}\n", list_or_tbd(&c.consumers));

    schema_section(w, c);
    delivery_section(w, c);
    replay_section(w, ctx, c);
    dlq_section(w, ctx, c);
    pii_section(w, c);

    let _ = writeln!(w, "## SLOs and on-call playbook\n");
    let _ = writeln!(w, "- **SLO**: {}", tbd_or(&c.slo));
    let _ = writeln!(w, "- **Escalation**: {}", tbd_or(&c.escalation));
    let playbooks: Vec<String> = runbooks_of(s, &c.name)
        .iter()
        .flat_map(|r| super::runbook::paths(r))
        .map(|p| up_link(&p))
        .collect();
    let playbooks = if playbooks.is_empty() {
        "`<TBD>`".to_string()
    } else {
        playbooks.join(", ")
    };
    let _ = writeln!(w, "- **On-call playbook**: {playbooks}\n");

    related_block(w, ctx, own);
    d
}

fn schema_section(w: &mut String, c: &Channel) {
    let _ = writeln!(w, "## Schema and compatibility mode\n");
    let _ = writeln!(
        w,
        "- **Schema**: [../schemas/{0}.json](../schemas/{0}.json) (JSON Schema 2020-12 of the CloudEvents 1.0 envelope)",
        c.name
    );
    let _ = writeln!(
        w,
        "- **AsyncAPI**: [../asyncapi/{0}.yaml](../asyncapi/{0}.yaml)",
        c.name
    );
    let _ = writeln!(
        w,
        "- **Compatibility mode**: {}",
        compatibility_text(c.compatibility)
    );
    let _ = writeln!(
        w,
        "- **Payload**: {}\n",
        if c.closed_schema {
            "closed (unknown properties are rejected)"
        } else {
            "open (unknown properties are allowed)"
        }
    );
    if c.closed_schema
        && matches!(
            c.compatibility,
            Compatibility::Backward | Compatibility::Full
        )
    {
        let _ = writeln!(
            w,
            "> **Closed schema under {} compatibility.** A field added by the next version is an unknown property to every reader still on this one, so an additive change breaks them. Open the payload, or write down a consumer-first rollout.\n",
            compatibility_text(c.compatibility)
        );
    }
    if c.compatibility == Compatibility::None {
        let _ = writeln!(
            w,
            "> **No compatibility mode.** Any change may break a consumer; declare backward (or full) and check it in CI.\n"
        );
    }
    if c.fields.is_empty() {
        let _ = writeln!(w, "Payload fields: `<TBD>`\n");
        return;
    }
    let _ = writeln!(
        w,
        "| Field | Type | Required | PII | Description |\n| --- | --- | --- | --- | --- |"
    );
    for f in &c.fields {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} |",
            cell(&f.name),
            cell(&f.kind),
            if f.required { "yes" } else { "no" },
            if f.pii { "yes" } else { "no" },
            cell(&f.description)
        );
    }
    let _ = writeln!(w);
}

fn delivery_section(w: &mut String, c: &Channel) {
    let _ = writeln!(w, "## Delivery and ordering guarantee\n");
    let _ = writeln!(w, "- **Delivery**: {}", tbd_or(&c.delivery));
    let ordering = if c.ordering_key.trim().is_empty() {
        "no ordering key declared: `<TBD>`".to_string()
    } else {
        format!(
            "per key: messages with the same {} arrive in order (carried in the `partitionkey` extension); no order across keys",
            inline(&c.ordering_key)
        )
    };
    let _ = writeln!(w, "- **Ordering**: {ordering}\n");
}

fn replay_section(w: &mut String, ctx: &Ctx, c: &Channel) {
    let _ = writeln!(w, "## Retention, replay and redrive\n");
    let _ = writeln!(w, "- **Retention**: {}", tbd_or(&c.retention));
    let _ = writeln!(w, "- **Replay**: {}", tbd_or(&c.replay));
    let runbooks = runbooks_of(ctx.session, &c.name);
    if runbooks.is_empty() {
        let _ = writeln!(w, "- **Redrive**: `<TBD>`\n");
        return;
    }
    for r in runbooks {
        let Some(p) = super::runbook::paths(r).into_iter().next() else {
            continue;
        };
        let rate = if r.redrive_rate.trim().is_empty() {
            String::new()
        } else {
            format!(" (rate: {})", inline(&r.redrive_rate))
        };
        let _ = writeln!(w, "- **Redrive**: as in {}{rate}", up_link(&p));
    }
    let _ = writeln!(w);
}

fn dlq_section(w: &mut String, ctx: &Ctx, c: &Channel) {
    let q = &c.dlq;
    let _ = writeln!(w, "## Dead-letter queue\n");
    let _ = writeln!(w, "- **Name**: {}", tbd_or(&q.name));
    let _ = writeln!(w, "- **Owner**: {}", tbd_or(&q.owner));
    let _ = writeln!(w, "- **Dashboard**: {}", tbd_or(&q.dashboard));
    let _ = writeln!(w, "- **Alert**: {}", tbd_or(&q.alert));
    let runbook = if q.runbook.trim().is_empty() {
        let found: Vec<String> = runbooks_of(ctx.session, &c.name)
            .iter()
            .flat_map(|r| super::runbook::paths(r))
            .map(|p| up_link(&p))
            .collect();
        if found.is_empty() {
            "`<TBD>`".to_string()
        } else {
            found.join(", ")
        }
    } else if ctx.related.contains(&q.runbook) {
        up_link(&q.runbook)
    } else {
        inline(&q.runbook)
    };
    let _ = writeln!(w, "- **Runbook**: {runbook}\n");
}

fn pii_section(w: &mut String, c: &Channel) {
    let _ = writeln!(w, "## PII class and encryption\n");
    let _ = writeln!(w, "- **PII class**: {}", tbd_or(&c.pii_class));
    let _ = writeln!(w, "- **Encryption**: {}", tbd_or(&c.encryption));
    let pii: Vec<String> = c
        .fields
        .iter()
        .filter(|f| f.pii)
        .map(|f| inline(&f.name))
        .collect();
    let marked = if pii.is_empty() {
        "none".to_string()
    } else {
        pii.join(", ")
    };
    let _ = writeln!(
        w,
        "- **Fields marked PII** (`x-pii` in the schema): {marked}\n"
    );
    let class = c.pii_class.trim();
    if !pii.is_empty() && (class.is_empty() || class.eq_ignore_ascii_case("none")) {
        let _ = writeln!(
            w,
            "> **Fields are marked PII, but the channel's PII class is {}.** Classify the channel, and keep those fields out of logs, traces and the dead-letter queue.\n",
            if class.is_empty() { "not set" } else { "none" }
        );
    }
}

/// The Related artifacts block of the document at `own`.
pub(crate) fn related_block(w: &mut String, ctx: &Ctx, own: &str) {
    super::artifacts::related_artifacts(w, ctx.kb, &ctx.related, own);
}

/// A JSON object with its keys in sorted order, whichever map serde_json is built with.
fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let sorted: BTreeMap<String, Value> =
        pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    Value::Object(sorted.into_iter().collect::<Map<String, Value>>())
}

fn sorted(map: BTreeMap<String, Value>) -> Value {
    Value::Object(map.into_iter().collect::<Map<String, Value>>())
}

fn string_property(description: &str) -> Value {
    object([
        ("type", json!("string")),
        ("description", json!(description)),
    ])
}

/// The channel's JSON Schema (draft 2020-12): a CloudEvents 1.0 envelope in structured
/// JSON mode whose `data` holds the channel's fields.
pub fn schema(c: &Channel) -> Value {
    let mut fields = BTreeMap::new();
    let mut required: Vec<&str> = Vec::new();
    for f in &c.fields {
        let mut p = BTreeMap::new();
        if FIELD_TYPES.contains(&f.kind.as_str()) {
            p.insert("type".to_string(), json!(f.kind));
        }
        if !f.description.trim().is_empty() {
            p.insert("description".to_string(), json!(f.description));
        }
        if f.pii {
            p.insert("x-pii".to_string(), json!(true));
        }
        fields.insert(f.name.clone(), sorted(p));
        if f.required && !required.contains(&f.name.as_str()) {
            required.push(&f.name);
        }
    }
    let mut data = BTreeMap::from([
        ("type".to_string(), json!("object")),
        (
            "description".to_string(),
            json!(format!("The payload of {}.", c.name)),
        ),
        ("properties".to_string(), sorted(fields)),
    ]);
    if !required.is_empty() {
        data.insert("required".to_string(), json!(required));
    }
    if c.closed_schema {
        data.insert("additionalProperties".to_string(), json!(false));
    }
    let partition = if c.ordering_key.trim().is_empty() {
        "The partition key. The channel declares no ordering key.".to_string()
    } else {
        format!(
            "The ordering key: the event's {}. Events with the same key are delivered in order.",
            c.ordering_key
        )
    };
    let description = if c.purpose.trim().is_empty() {
        format!("A CloudEvents 1.0 event on {}.", c.name)
    } else {
        format!("A CloudEvents 1.0 event on {}: {}", c.name, c.purpose)
    };
    let properties = sorted(BTreeMap::from([
        (
            "id".to_string(),
            object([
                ("type", json!("string")),
                ("minLength", json!(1)),
                (
                    "description",
                    json!("Unique per event (UUIDv7 preferred); consumers deduplicate on it."),
                ),
            ]),
        ),
        (
            "source".to_string(),
            object([
                ("type", json!("string")),
                ("format", json!("uri-reference")),
                ("minLength", json!(1)),
                ("description", json!("The producer that emitted the event.")),
            ]),
        ),
        (
            "type".to_string(),
            object([
                ("type", json!("string")),
                ("const", json!(c.name)),
                (
                    "description",
                    json!("One event type per channel: the channel's name."),
                ),
            ]),
        ),
        (
            "subject".to_string(),
            string_property("The entity the event is about."),
        ),
        (
            "time".to_string(),
            object([
                ("type", json!("string")),
                ("format", json!("date-time")),
                ("description", json!("When the change happened (RFC 3339).")),
            ]),
        ),
        (
            "specversion".to_string(),
            object([("type", json!("string")), ("const", json!("1.0"))]),
        ),
        (
            "datacontenttype".to_string(),
            object([
                ("type", json!("string")),
                ("const", json!("application/json")),
            ]),
        ),
        (
            "traceparent".to_string(),
            object([
                ("type", json!("string")),
                (
                    "pattern",
                    json!("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"),
                ),
                (
                    "description",
                    json!("W3C Trace Context of the producing span."),
                ),
            ]),
        ),
        (
            "correlationid".to_string(),
            string_property("Shared by every message of one business operation."),
        ),
        (
            "causationid".to_string(),
            string_property("The id of the message that caused this one."),
        ),
        ("partitionkey".to_string(), string_property(&partition)),
        (
            "expirytime".to_string(),
            object([
                ("type", json!("string")),
                ("format", json!("date-time")),
                (
                    "description",
                    json!("After this time the event is stale and consumers may drop it."),
                ),
            ]),
        ),
        ("data".to_string(), sorted(data)),
    ]));
    object([
        (
            "$schema",
            json!("https://json-schema.org/draft/2020-12/schema"),
        ),
        ("title", json!(c.name)),
        ("description", json!(description)),
        ("type", json!("object")),
        (
            "required",
            json!(["id", "source", "specversion", "type", "data"]),
        ),
        ("properties", properties),
    ])
}

/// A YAML double-quoted scalar: quotes and backslashes escaped, line breaks and every
/// other control or invisible formatting character written as an escape, so a value is
/// always one line and reads back unchanged.
pub(crate) fn yaml_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                )
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') =>
            {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An AsyncAPI id from a channel name: products.changed.v1 -> productsChangedV1.
fn asyncapi_id(name: &str) -> String {
    let mut id = String::new();
    for (i, part) in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .enumerate()
    {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            if i == 0 {
                id.push(first.to_ascii_lowercase());
            } else {
                id.push(first.to_ascii_uppercase());
            }
            id.extend(chars);
        }
    }
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id.insert_str(0, "channel");
    }
    id
}

/// The document's version follows the channel's major version: a name ending in .v2 gives
/// "2.0.0"; a name without a version suffix gives "1.0.0".
fn version_of(name: &str) -> String {
    let major = name
        .rsplit('.')
        .next()
        .and_then(|last| last.strip_prefix('v'))
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or("1");
    format!("{major}.0.0")
}

fn upper_first(id: &str) -> String {
    let mut chars = id.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// The AsyncAPI 3.0.0 document of a channel, written by hand: every value that comes from
/// the session is a double-quoted scalar.
pub fn asyncapi(c: &Channel) -> String {
    let id = asyncapi_id(&c.name);
    let q = yaml_quote;
    let mut y = String::with_capacity(2048);
    let w = &mut y;
    let _ = writeln!(w, "asyncapi: {}", q("3.0.0"));
    let _ = writeln!(w, "info:");
    let _ = writeln!(w, "  title: {}", q(&c.name));
    let _ = writeln!(w, "  version: {}", q(&version_of(&c.name)));
    if !c.purpose.trim().is_empty() {
        let _ = writeln!(w, "  description: {}", q(&c.purpose));
    }
    let _ = writeln!(
        w,
        "defaultContentType: {}",
        q("application/cloudevents+json")
    );
    let _ = writeln!(w, "channels:");
    let _ = writeln!(w, "  {}:", q(&id));
    let _ = writeln!(w, "    address: {}", q(&c.name));
    if !c.purpose.trim().is_empty() {
        let _ = writeln!(w, "    description: {}", q(&c.purpose));
    }
    let _ = writeln!(w, "    messages:");
    let _ = writeln!(w, "      {}:", q(&id));
    let _ = writeln!(
        w,
        "        $ref: {}",
        q(&format!("#/components/messages/{id}"))
    );
    let _ = writeln!(w, "operations:");
    let actions: &[&str] = match c.role {
        ChannelRole::Produced => &["send"],
        ChannelRole::Consumed => &["receive"],
        ChannelRole::Both => &["send", "receive"],
    };
    for action in actions {
        let _ = writeln!(w, "  {}:", q(&format!("{action}{}", upper_first(&id))));
        let _ = writeln!(w, "    action: {action}");
        let _ = writeln!(w, "    channel:");
        let _ = writeln!(w, "      $ref: {}", q(&format!("#/channels/{id}")));
        let _ = writeln!(w, "    messages:");
        let _ = writeln!(
            w,
            "      - $ref: {}",
            q(&format!("#/channels/{id}/messages/{id}"))
        );
    }
    let _ = writeln!(w, "components:");
    let _ = writeln!(w, "  messages:");
    let _ = writeln!(w, "    {}:", q(&id));
    let _ = writeln!(w, "      name: {}", q(&c.name));
    let _ = writeln!(w, "      title: {}", q(&c.name));
    let _ = writeln!(
        w,
        "      contentType: {}",
        q("application/cloudevents+json")
    );
    let _ = writeln!(w, "      payload:");
    let _ = writeln!(
        w,
        "        $ref: {}",
        q(&format!("../schemas/{}.json", c.name))
    );
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names() {
        for ok in ["orders.placed.v1", "a", "dlq_2-x"] {
            assert!(is_safe_name(ok), "{ok}");
        }
        for bad in [
            "", ".", "..", "../x", ".hidden", "a/b", "a\\b", "Orders", "a b", "ä",
        ] {
            assert!(!is_safe_name(bad), "{bad}");
        }
        assert!(!is_safe_name(&"a".repeat(129)));
    }

    #[test]
    fn yaml_scalars_stay_on_one_line() {
        assert_eq!(yaml_quote("a \"b\"\\c"), "\"a \\\"b\\\"\\\\c\"");
        assert_eq!(yaml_quote("x\ny\r\t"), "\"x\\ny\\r\\t\"");
        assert_eq!(yaml_quote("\u{1b}[1m\u{2028}"), "\"\\u001B[1m\\u2028\"");
    }

    #[test]
    fn ids_and_versions() {
        assert_eq!(asyncapi_id("products.changed.v1"), "productsChangedV1");
        assert_eq!(asyncapi_id("1.x"), "channel1X");
        assert_eq!(version_of("orders.placed.v12"), "12.0.0");
        assert_eq!(version_of("orders"), "1.0.0");
    }
}
