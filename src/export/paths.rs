//! Where the per-channel and per-runbook files go. A channel's name or a runbook's incident
//! becomes a file name, so only a safe one does; the renderers and the self-check share
//! these rules.

use crate::session::{Channel, Runbook, slugify};

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
pub fn channel_paths(c: &Channel) -> Vec<(&'static str, String)> {
    if !is_safe_name(&c.name) {
        return Vec::new();
    }
    vec![
        ("contract", format!("contracts/{}.md", c.name)),
        ("schema", format!("schemas/{}.json", c.name)),
        ("asyncapi", format!("asyncapi/{}.yaml", c.name)),
    ]
}

/// The runbook's path, or none when its incident name is not a safe file name.
pub fn runbook_paths(r: &Runbook) -> Vec<String> {
    if is_safe_name(&r.incident) {
        vec![format!("runbooks/{}.md", r.incident)]
    } else {
        Vec::new()
    }
}

/// The runbook's path. An incident name that is not a safe file name never becomes a
/// path: it falls back to its slug (and `runbook::problems` reports it); prefer
/// `runbook_paths`, which refuses such a name.
pub fn runbook_path(r: &Runbook) -> String {
    runbook_paths(r)
        .pop()
        .unwrap_or_else(|| format!("runbooks/{}.md", slugify(&r.incident)))
}
