//! The artifacts pass: every artifact kind's path template lies under docs/ of the
//! project, and every placeholder in it is one the exporters know how to fill.

use super::Ctx;
use crate::kb::documents::PathDefaults;
use crate::kb::model::ArtifactKind;

const PLACEHOLDERS: [&str; 7] = [
    "slug", "channel", "incident", "date", "nnnn", "title", "doctype",
];

pub(super) fn paths(ctx: &mut Ctx, artifacts: &[ArtifactKind]) {
    for a in artifacts {
        let inside = a.path.starts_with("docs/")
            && !a.path.contains('\\')
            && a.path
                .split('/')
                .all(|part| !part.is_empty() && part != "..");
        if !inside {
            ctx.at(
                a.file,
                &a.id,
                format!("artifact \"{}\".path", a.id.get_ref()),
                format!(
                    "{:?}: a path runs from the project root into docs/ (docs/features/{{slug}}/... for a feature's documents), with '/' and no '..'",
                    a.path
                ),
            );
        }
        let mut rest = a.path.as_str();
        while let Some(start) = rest.find('{') {
            let end = rest[start..].find('}').map_or(rest.len(), |e| start + e);
            let name = &rest[start + 1..end];
            if !PLACEHOLDERS.contains(&name) {
                ctx.at(
                    a.file,
                    &a.id,
                    format!("artifact \"{}\".path", a.id.get_ref()),
                    format!(
                        "unknown placeholder {{{name}}}; known: {}",
                        PLACEHOLDERS.join(", ")
                    ),
                );
            }
            rest = &rest[(end + 1).min(rest.len())..];
        }
    }
}

/// Each default names a known placeholder and gives it a value safe in a file name.
pub(super) fn defaults(ctx: &mut Ctx, defaults: &PathDefaults, file: usize) {
    for (name, value) in defaults {
        let key = format!("path_defaults.{name}");
        if !PLACEHOLDERS.contains(&name.as_str()) {
            ctx.report(
                file,
                Some(value.span()),
                key,
                format!(
                    "unknown placeholder {{{name}}}; known: {}",
                    PLACEHOLDERS.join(", ")
                ),
            );
        } else if value.get_ref().is_empty() || value.get_ref().contains(['/', '\\', '{', '}']) {
            ctx.report(
                file,
                Some(value.span()),
                key,
                "a default is a plain part of a file name (no '/', '\\' or braces)".into(),
            );
        }
    }
}
