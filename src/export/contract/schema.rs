//! schemas/<channel>.json: the channel's JSON Schema.

use super::FIELD_TYPES;
use crate::session::Channel;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

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
