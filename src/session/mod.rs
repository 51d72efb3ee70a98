//! The session file: one feature's answers, graph paths and evidence. It is the system of
//! record; every document is derived from it.

pub mod artifacts;
mod date;
mod store;

pub use artifacts::*;
pub use date::{Date, as_of, overdue, set_as_of, today};
pub use store::{
    SessionError, create, ensure_inside, load, load_str, save, session_path, to_toml, write_atomic,
};
pub use store::{sync_filesystem, write_atomic_unsynced};

use crate::kb::KnowledgeBase;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The session format this program writes and the newest it reads. Version 2 adds what the
/// system does today beside the target (`Answer::today`, `change` on stores, flows and
/// channels), the team's `[context]`, patterns dropped from a bundle and answers that do
/// not apply. A version 1 file loads unchanged: its answers are the target.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Draft,
    Proposed,
    Accepted,
    Superseded,
    Retired,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Proposed => "Proposed",
            Status::Accepted => "Accepted",
            Status::Superseded => "Superseded",
            Status::Retired => "Retired",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    #[default]
    Design,
    Review,
    Integration,
}

impl Mode {
    /// The mode's id, as the session file and the knowledge base's `[[mode]]` plans spell it.
    pub fn as_id(self) -> &'static str {
        match self {
            Mode::Design => "design",
            Mode::Review => "review",
            Mode::Integration => "integration",
        }
    }
}

/// One question's answer. An empty `choices` with `tbd = false` is the same as no answer.
/// `choices` is what the design makes the system do (the target); `today`, when given, is
/// what it does now. An empty `today` means the design does not change this answer.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    /// What the system does today, when the design changes it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub today: Vec<String>,
    /// The question does not apply to this system (allowed only on questions the
    /// knowledge base marks `may_not_apply`); `note` says why. Neither a TBD nor a cap.
    #[serde(default, skip_serializing_if = "is_false")]
    pub not_applicable: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// "Later": the question is deliberately left open.
    #[serde(default, skip_serializing_if = "is_false")]
    pub tbd: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
}

fn is_false(b: &bool) -> bool {
    !b
}

impl Answer {
    /// Answered with at least one choice and not marked "later".
    pub fn is_answered(&self) -> bool {
        !self.tbd && !self.choices.is_empty()
    }

    /// The choices as the system stands today: `today` when the design changes the
    /// answer, else the target choices.
    pub fn today_choices(&self) -> &[String] {
        if self.today.is_empty() {
            &self.choices
        } else {
            &self.today
        }
    }

    /// The design changes this answer: today differs from the target.
    pub fn changes(&self) -> bool {
        !self.today.is_empty() && self.today != self.choices
    }
}

/// One walk through the decision graph, from a root to where the person stopped.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct GraphPath {
    pub nodes: Vec<String>,
    /// The leaf's pattern bundle was added to the design.
    #[serde(default, skip_serializing_if = "is_false")]
    pub added: bool,
    /// Patterns of the bundle the team dropped: a bundle is a proposal, and the design
    /// keeps only the patterns not listed here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<String>,
    /// The team asked for an ADR recording this bundle as a decision (only an added
    /// bundle's flag counts). Without it, the bundle is part of the design but gets no
    /// ADR of its own: ADRs record decisions the team makes.
    #[serde(default, skip_serializing_if = "is_false")]
    pub adr: bool,
}

/// The platform and stack the team has, for choosing realisations and advice that fit.
/// Most of the stack is in the stores, flows and channels; this holds the rest.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// Where it runs: "aws", "gcp", "azure", "on-prem", ...
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub platform: String,
    /// Technologies the team runs, as lowercase stack ids ("postgresql", "kafka", ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stack: Vec<String>,
    /// Pattern ids the team states are in place today (review mode reports only these
    /// as in place; everything the advisor proposes is recommended).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub in_place: Vec<String>,
    /// The service already serves production traffic.
    #[serde(default, skip_serializing_if = "is_false")]
    pub in_production: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub schema_version: u32,
    pub feature: String,
    pub slug: String,
    pub date: Date,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub mode: Mode,
    /// The problem the design solves, in the team's words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub problem: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tldr: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub non_goals: Vec<String>,
    /// Evidence items (tier gates) the team has shown to be met.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub evidence: BTreeSet<String>,
    /// The team's platform and stack, and the patterns already in place.
    #[serde(default, skip_serializing_if = "is_default_context")]
    pub context: Context,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<GraphPath>,
    /// Service information and dependencies (per-feature README, catalog).
    #[serde(default, skip_serializing_if = "is_default_service")]
    pub service: ServiceInfo,
    /// Significant decisions, exported as ADRs under adrs/.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    /// Channels, exported as contracts, JSON Schemas and AsyncAPI documents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub runbooks: Vec<Runbook>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub launches: Vec<Launch>,
    /// Integration architecture: the stores and the flows between them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stores: Vec<Store>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<Flow>,
    /// Answers by question id; system concerns are the `concerns.*` questions.
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
}

fn is_default_service(s: &ServiceInfo) -> bool {
    *s == ServiceInfo::default()
}

fn is_default_context(c: &Context) -> bool {
    *c == Context::default()
}

impl Session {
    pub fn new(feature: &str, date: Date) -> Self {
        Session {
            schema_version: SCHEMA_VERSION,
            feature: feature.trim().to_string(),
            slug: slugify(feature),
            date,
            status: Status::Draft,
            mode: Mode::Design,
            problem: String::new(),
            tldr: String::new(),
            goals: Vec::new(),
            non_goals: Vec::new(),
            evidence: BTreeSet::new(),
            context: Context::default(),
            paths: Vec::new(),
            service: ServiceInfo::default(),
            decisions: Vec::new(),
            channels: Vec::new(),
            runbooks: Vec::new(),
            launches: Vec::new(),
            stores: Vec::new(),
            flows: Vec::new(),
            answers: BTreeMap::new(),
        }
    }

    pub fn answer(&self, question: &str) -> Option<&Answer> {
        self.answers.get(question)
    }

    /// Every reference in the session that the knowledge base does not know, as
    /// "key path: message" lines. The session stays loadable; callers decide whether an
    /// unknown id is fatal (the `check` command treats it as bad input).
    pub fn problems(&self, kb: &KnowledgeBase) -> Vec<String> {
        let mut out = Vec::new();
        if !is_valid_slug(&self.slug) {
            out.push(format!("slug: \"{}\" is not a valid slug (lower-case letters, digits and single hyphens, at most 64 characters); try \"{}\"", self.slug, slugify(&self.slug)));
        }
        for (qid, answer) in &self.answers {
            let Some(q) = kb.question(qid) else {
                out.push(format!("answers.\"{qid}\": unknown question"));
                continue;
            };
            for (i, c) in answer.choices.iter().enumerate() {
                if q.choice(c).is_none() {
                    let known: Vec<&str> =
                        q.choice.iter().map(|c| c.id.get_ref().as_str()).collect();
                    out.push(format!(
                        "answers.\"{qid}\".choices[{i}]: unknown choice \"{c}\" (choices: {})",
                        known.join(", ")
                    ));
                }
            }
            for (i, c) in answer.today.iter().enumerate() {
                if q.choice(c).is_none() {
                    out.push(format!(
                        "answers.\"{qid}\".today[{i}]: unknown choice \"{c}\""
                    ));
                }
            }
            if answer.not_applicable && !q.may_not_apply {
                out.push(format!(
                    "answers.\"{qid}\".not_applicable: this question applies to every system; answer it or mark it later"
                ));
            }
            if answer.not_applicable && answer.note.trim().is_empty() {
                out.push(format!(
                    "answers.\"{qid}\".note: say why the question does not apply"
                ));
            }
            if !q.multi && answer.today.len() > 1 {
                out.push(format!(
                    "answers.\"{qid}\".today: the question takes one choice, found {}",
                    answer.today.len()
                ));
            }
            if !q.multi && answer.choices.len() > 1 {
                out.push(format!(
                    "answers.\"{qid}\".choices: the question takes one choice, found {}",
                    answer.choices.len()
                ));
            }
        }
        for (i, path) in self.paths.iter().enumerate() {
            if path.nodes.is_empty() {
                out.push(format!("paths[{i}].nodes: empty path"));
            }
            for (j, n) in path.nodes.iter().enumerate() {
                if kb.node(n).is_none() {
                    out.push(format!("paths[{i}].nodes[{j}]: unknown node \"{n}\""));
                } else if j == 0 && !kb.node(n).is_some_and(|n| n.root) {
                    out.push(format!(
                        "paths[{i}].nodes[0]: \"{n}\" is not a root of the decision graph"
                    ));
                } else if j > 0
                    && !kb
                        .node(&path.nodes[j - 1])
                        .is_some_and(|p| p.option.iter().any(|o| o.to.get_ref() == n))
                {
                    out.push(format!(
                        "paths[{i}].nodes[{j}]: \"{n}\" is not an option of \"{}\"",
                        path.nodes[j - 1]
                    ));
                }
            }
            let leaf = path.nodes.last().and_then(|n| kb.node(n));
            for (j, p) in path.dropped.iter().enumerate() {
                if !leaf.is_some_and(|l| l.patterns.iter().any(|x| x.get_ref() == p)) {
                    out.push(format!(
                        "paths[{i}].dropped[{j}]: \"{p}\" is not a pattern of the path's bundle"
                    ));
                }
            }
            if path.added
                && path
                    .nodes
                    .last()
                    .and_then(|n| kb.node(n))
                    .is_some_and(|n| !n.is_leaf())
            {
                out.push(format!("paths[{i}].added: the path does not end at a leaf"));
            }
        }
        for (i, p) in self.context.in_place.iter().enumerate() {
            if kb.pattern(p).is_none() {
                out.push(format!("context.in_place[{i}]: unknown pattern \"{p}\""));
            }
        }
        let evidence: BTreeSet<&str> = kb
            .tiers
            .iter()
            .flat_map(|t| &t.evidence)
            .map(|e| e.id.get_ref().as_str())
            .collect();
        for e in &self.evidence {
            if !evidence.contains(e.as_str()) {
                out.push(format!("evidence: unknown evidence item \"{e}\""));
            }
        }
        out
    }
}

/// A file-system-safe slug: lower-case ASCII letters and digits joined by single hyphens,
/// at most 64 characters. Never empty, never a path.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 64 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "feature".to_string()
    } else if reserved(&slug) {
        format!("{slug}-feature")
    } else {
        slug
    }
}

pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty() && slug.len() <= 64 && slugify(slug) == slug
}

/// Names some file systems reserve for devices; a slug never is one.
fn reserved(name: &str) -> bool {
    matches!(name, "con" | "prn" | "aux" | "nul")
        || (name.len() == 4
            && (name.starts_with("com") || name.starts_with("lpt"))
            && name.as_bytes()[3].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe() {
        assert_eq!(
            slugify("Order Search & Analytics"),
            "order-search-analytics"
        );
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("  ***  "), "feature");
        assert_eq!(slugify("Café Ünïcode"), "caf-n-code");
        assert!(slugify(&"x".repeat(200)).len() <= 64);
        assert!(is_valid_slug("order-search"));
        assert!(!is_valid_slug("Order"));
        assert!(!is_valid_slug("a--b"));
        assert!(!is_valid_slug("../x"));
        assert_eq!(slugify("NUL"), "nul-feature");
        assert!(!is_valid_slug("com1"));
        assert!(is_valid_slug("com"));
    }
}
