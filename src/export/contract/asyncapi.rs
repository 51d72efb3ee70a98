//! asyncapi/<channel>.yaml: the channel's AsyncAPI 3.0 document with a CloudEvents
//! envelope.

use crate::session::{Channel, ChannelRole};
use std::fmt::Write;

/// A YAML double-quoted scalar: quotes and backslashes escaped, line breaks and every
/// other control or invisible formatting character written as an escape, so a value is
/// always one line and reads back unchanged.
pub(super) fn yaml_quote(text: &str) -> String {
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
pub(super) fn asyncapi_id(name: &str) -> String {
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
pub(super) fn version_of(name: &str) -> String {
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
