//! Channel contracts: contracts/<channel>.md, schemas/<channel>.json (JSON Schema) and
//! asyncapi/<channel>.yaml (AsyncAPI 3.0 with a CloudEvents envelope).
//!
//! A channel's name becomes a file name, so a name that is not a plain file name (a path,
//! a hidden file, upper case or spaces) gets no files at all; `problems` says which.
//!
//! This file names the files and checks the channels; `markdown`, `schema` and
//! `asyncapi` each write one of the three.

mod asyncapi;
mod markdown;
mod schema;

pub use asyncapi::asyncapi;
pub use schema::schema;

use super::ctx::Ctx;
use super::registry::{File, Renderer};
use crate::session::{Channel, Session};
use std::collections::BTreeSet;

/// The JSON Schema types a payload field may declare.
pub(crate) const FIELD_TYPES: [&str; 7] = [
    "array", "boolean", "integer", "null", "number", "object", "string",
];

pub use super::registry::{channel_paths as paths, is_safe_name};

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
    if !paths(ctx.kb, c)
        .iter()
        .any(|(k, p)| *k == kind && p == path)
    {
        return None;
    }
    match kind {
        "contract" => Some(markdown::contract_md(ctx, c, path)),
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

/// Three files per channel with a safe name: its contract, schema and AsyncAPI document.
pub const RENDERER: Renderer = Renderer {
    files: |kb, session| {
        session
            .channels
            .iter()
            .enumerate()
            .flat_map(|(item, c)| {
                paths(kb, c)
                    .into_iter()
                    .map(move |(kind, path)| File { kind, path, item })
            })
            .collect()
    },
    render: |ctx, file| {
        let c = ctx.session.channels.get(file.item)?;
        render(ctx, c, file.kind, &file.path)
    },
};

#[cfg(test)]
mod tests {
    use super::asyncapi::{asyncapi_id, version_of, yaml_quote};

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
