//! The artifacts pass: every placeholder in an artifact kind's path template is one the
//! exporters know how to fill.

use super::Ctx;
use crate::kb::model::ArtifactKind;

const PLACEHOLDERS: [&str; 7] = [
    "slug", "channel", "incident", "date", "nnnn", "title", "doctype",
];

pub(super) fn paths(ctx: &mut Ctx, artifacts: &[ArtifactKind]) {
    for a in artifacts {
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
