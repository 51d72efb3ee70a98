//! Every path the exporters write, built from its kind's template in data/artifacts.toml
//! with the placeholders filled from the session item the file is about. A channel's name
//! or a runbook's incident becomes a file name, so only a safe one does.

use crate::kb::{KnowledgeBase, Text};
use crate::session::{Channel, Decision, Launch, Runbook, slugify};

/// Where a feature's documents live; paths are kept relative to this folder.
pub const FEATURE_FOLDER: &str = "docs/features/{slug}/";

/// The path of a file of `kind`, relative to the feature folder: its template in
/// data/artifacts.toml with `values` filled in.
pub fn path(kb: &KnowledgeBase, kind: &str, values: &[(&str, &str)]) -> String {
    let Some(template) = kb.artifact(kind).map(|a| a.path.as_str()) else {
        return String::new();
    };
    // Validation keeps every template under docs/; one outside the feature folder is
    // reached from it by climbing out of docs/features/<slug>/.
    let relative = match template.strip_prefix(FEATURE_FOLDER) {
        Some(inside) => inside.to_string(),
        None => format!(
            "../../{}",
            template.strip_prefix("docs/").unwrap_or(template)
        ),
    };
    fill(&relative, |name| {
        values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    })
}

/// The folder, relative to the feature folder, that a kind's files go in ("adrs/"): its
/// template up to the last '/' before the first placeholder; empty for the feature folder.
pub fn folder(kb: &KnowledgeBase, kind: &str) -> String {
    let rel = path(kb, kind, &[]);
    let fixed = &rel[..rel.find('{').unwrap_or(rel.len())];
    fixed
        .rfind('/')
        .map_or(String::new(), |i| fixed[..=i].to_string())
}

/// A template relative to the feature folder as it is listed before a file of its kind
/// is written: placeholders with a default (`[path_defaults]`) filled in, the others
/// left for the reader (`launches/{date}.md`).
pub fn conventional(kb: &KnowledgeBase, template: &str) -> String {
    fill(template, |name| {
        kb.path_defaults.get(name).map(Text::as_str)
    })
}

/// `template` with each `{name}` that `value` knows replaced.
fn fill<'v>(template: &str, value: impl Fn(&str) -> Option<&'v str>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + len];
        out.push_str(&rest[..start]);
        match value(name) {
            Some(v) => out.push_str(v),
            None => out.push_str(&rest[start..=start + len]),
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

pub use crate::text::names::is_safe_name;

/// (kind, path) of the three files of a channel; none for a name that is not a safe file
/// name.
pub fn channel_paths(kb: &KnowledgeBase, c: &Channel) -> Vec<(&'static str, String)> {
    if !is_safe_name(&c.name) {
        return Vec::new();
    }
    ["contract", "schema", "asyncapi"]
        .into_iter()
        .map(|kind| (kind, path(kb, kind, &[("channel", &c.name)])))
        .collect()
}

/// The runbook's path, or none when its incident name is not a safe file name.
pub fn runbook_paths(kb: &KnowledgeBase, r: &Runbook) -> Vec<String> {
    if is_safe_name(&r.incident) {
        vec![path(kb, "runbook", &[("incident", &r.incident)])]
    } else {
        Vec::new()
    }
}

/// The runbook's path. An incident name that is not a safe file name never becomes a
/// path: it falls back to its slug (and `runbook::problems` reports it); prefer
/// `runbook_paths`, which refuses such a name.
pub fn runbook_path(kb: &KnowledgeBase, r: &Runbook) -> String {
    runbook_paths(kb, r)
        .pop()
        .unwrap_or_else(|| path(kb, "runbook", &[("incident", &slugify(&r.incident))]))
}

/// The path of a decision's ADR.
pub fn adr_path(kb: &KnowledgeBase, d: &Decision) -> String {
    path(
        kb,
        "adr",
        &[
            ("nnnn", &format!("{:04}", d.number)),
            ("title", &slugify(&d.title)),
        ],
    )
}

/// The path of a launch decision.
pub fn launch_path(kb: &KnowledgeBase, l: &Launch) -> String {
    path(kb, "launch", &[("date", &l.date.to_string())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_known_placeholders_and_keep_the_rest() {
        let v = |n: &str| (n == "a").then_some("x");
        assert_eq!(fill("p/{a}-{b}.md", v), "p/x-{b}.md");
        assert_eq!(fill("{a}{a}", v), "xx");
        assert_eq!(fill("open {a", v), "open {a");
    }

    #[test]
    fn builtin_paths_follow_the_templates() {
        let kb = KnowledgeBase::builtin();
        let d = Decision {
            number: 7,
            title: "Use CDC".into(),
            ..Decision::default()
        };
        assert_eq!(adr_path(&kb, &d), "adrs/0007-use-cdc.md");
        assert_eq!(
            conventional(&kb, "architecture-{doctype}.md"),
            "architecture-rfc.md"
        );
        assert_eq!(
            conventional(&kb, "launches/{date}.md"),
            "launches/{date}.md"
        );
    }

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
}
