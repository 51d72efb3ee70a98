//! The self-check: the inconsistencies and traps to catch in a set of artifacts before
//! they are written, and `lint`, the same rules applied to any Markdown design document
//! or ADR on disk, hand-written ones included.
//!
//! Both are pure: `check` reads the knowledge base, the session and the rendered
//! artifacts; `lint` reads one document's text and asks a callback whether a linked path
//! exists. Findings are either critical (the artifact it is in is not written unless forced;
//! the others are) or important (reported; the artifacts are still written). The rules, their ids and
//! severities are listed in [`rules::RULES`], read from data/selfcheck.toml.

mod markdown;
pub mod quoted;
mod references;
pub mod rules;
mod session;
mod text;

use crate::engine;
use crate::export::artifacts::Artifact;
use crate::kb::KnowledgeBase;
use crate::session::Session;
use markdown::Doc;
use std::collections::BTreeSet;

pub use rules::{RULES, Rule};

/// The session file every artifact is derived from and links to; it sits next to them.
pub const SESSION_FILE: &str = "design-session.toml";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The artifact it is found in is not written unless forced (the others are).
    Critical,
    /// Reported; the artifact is still written.
    Important,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Important => "important",
        }
    }
}

/// One problem the self-check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The id of the rule in [`rules::RULES`].
    pub rule: &'static str,
    pub severity: Severity,
    /// The artifact's path (relative to the feature folder), or the label given to `lint`.
    pub path: String,
    /// 1-based line in that artifact, when the finding has one.
    pub line: Option<usize>,
    pub message: String,
}

fn sort(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by(|a, b| {
        (&a.path, a.line, a.rule, &a.message).cmp(&(&b.path, b.line, b.rule, &b.message))
    });
    findings.dedup();
    findings
}

/// The self-check before a write: every rule over the session and the artifacts about to
/// be written. `existing` lists the files already in the feature folder, relative to it
/// (a link such as `../../system/catalog.md` resolves only if `existing` lists it); the
/// session file counts as present, since every artifact is derived from it.
pub fn check(
    kb: &KnowledgeBase,
    session: &Session,
    artifacts: &[Artifact],
    existing: &[String],
) -> Vec<Finding> {
    check_reading(kb, session, artifacts, existing, &|_| None)
}

/// `check`, reading the feature's files on disk through `read` (given a path relative to
/// the feature folder; `None` when it cannot be read) where a document refers to a
/// sibling that is not among the artifacts.
pub fn check_reading(
    kb: &KnowledgeBase,
    session: &Session,
    artifacts: &[Artifact],
    existing: &[String],
    read: &dyn Fn(&str) -> Option<String>,
) -> Vec<Finding> {
    let assessment = engine::assess(kb, session);
    let quoted = quoted::KbText::new(kb);
    let scopes: Vec<String> = session
        .channels
        .iter()
        .filter(|c| c.change.in_target() && !c.name.trim().is_empty())
        .map(|c| c.name.trim().to_string())
        .collect();
    let mut out = Vec::new();
    session::concerns(kb, session, artifacts, &mut out);
    session::antipatterns(session, &assessment, artifacts, &mut out);
    session::channels(kb, session, artifacts, &mut out);
    session::cross_artifact(kb, session, artifacts, &mut out);
    session::decision_makers(kb, session, artifacts, &mut out);
    session::evidence_files(kb, session, artifacts, existing, &mut out);
    session::retention(kb, session, artifacts, &mut out);
    session::consistency_vs_async(kb, session, artifacts, &mut out);

    // Paths are compared from the project root, so a link that climbs out of the feature
    // folder and back in (../../features/<slug>/README.md) is the same file as README.md.
    let feature = format!("docs/features/{}/", session.slug);
    let anchor = |p: &str| markdown::join(&feature, p);
    let known: BTreeSet<String> = artifacts
        .iter()
        .map(|a| a.path.as_str())
        .chain(existing.iter().map(String::as_str))
        .chain([SESSION_FILE])
        .map(anchor)
        .collect();
    let resolves = |p: &str| {
        let p = anchor(p);
        known.contains(&p)
            || known
                .iter()
                .any(|k| k.starts_with(&p) && k[p.len()..].starts_with('/'))
    };
    // A sibling is read from the artifacts about to be written, else from disk.
    let read_sibling = |p: &str| -> Option<String> {
        artifacts
            .iter()
            .find(|a| a.path == p)
            .map(|a| a.text.clone())
            .or_else(|| read(p))
    };
    // A decision is judged on its ADR's text when the text shows it; otherwise (no ADR
    // among the artifacts, or one that does not render the decision) on the session.
    let mut judged_by_text = BTreeSet::new();
    for art in artifacts.iter().filter(|a| a.path.ends_with(".md")) {
        let doc = Doc::parse(&art.text);
        text::concrete_criteria(&art.path, &doc, &quoted, &mut out);
        text::per_scope(
            &art.path,
            &doc,
            &scopes,
            &kb.selfcheck.scope_claims,
            &quoted,
            &mut out,
        );
        text::cross_links(&art.path, &doc, &resolves, &mut out);
        references::sibling_references(&art.path, &doc, &resolves, &read_sibling, &mut out);
        references::pattern_attribution(&art.path, &doc, &mut out);
        if matches!(art.kind, "adr" | "platform-adr" | "rfc") && text::shows_decision(&doc) {
            judged_by_text.insert(art.path.as_str());
            text::decisions(&art.path, &doc, &quoted, &mut out);
        }
        if !matches!(art.kind, "feature-index" | "system-catalog") && art.path != "README.md" {
            text::structure(&art.path, &doc, &mut out);
        }
    }
    let mut from_session = Vec::new();
    session::decisions(kb, session, &mut from_session);
    out.extend(
        from_session
            .into_iter()
            .filter(|f| !judged_by_text.contains(f.path.as_str())),
    );
    sort(out)
}

/// Whether the findings block a write: any critical one.
pub fn blocking(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Critical)
}

/// The text-checkable rules on one Markdown document: concrete criteria, relative links
/// (resolved through `existing`, which gets the target joined to the folder of
/// `path_label`), committed decisions (for ADRs and RFCs), the Summary block and the
/// Related artifacts section (not for a README.md index or the catalog), and the System
/// concerns lines.
pub fn lint(path_label: &str, text: &str, existing: impl Fn(&str) -> bool) -> Vec<Finding> {
    lint_reading(path_label, text, existing, |_| None)
}

/// `lint`, reading the documents it refers to through `read` (given the target joined to
/// the folder of `path_label`; `None` when it cannot be read), so a reference to a
/// heading of a sibling is checked against the sibling.
pub fn lint_reading(
    path_label: &str,
    text: &str,
    existing: impl Fn(&str) -> bool,
    read: impl Fn(&str) -> Option<String>,
) -> Vec<Finding> {
    let doc = Doc::parse(text);
    let mut out = Vec::new();
    text::concerns(path_label, &doc, &mut out);
    let quoted = quoted::KbText::builtin();
    text::concrete_criteria(path_label, &doc, quoted, &mut out);
    text::cross_links(path_label, &doc, &existing, &mut out);
    references::sibling_references(path_label, &doc, &existing, &read, &mut out);
    references::pattern_attribution(path_label, &doc, &mut out);
    if text::is_decision_record(path_label, &doc) {
        text::decisions(path_label, &doc, quoted, &mut out);
    }
    let file = path_label.rsplit(['/', '\\']).next().unwrap_or_default();
    if !file.eq_ignore_ascii_case("README.md") && !file.eq_ignore_ascii_case("catalog.md") {
        text::structure(path_label, &doc, &mut out);
    }
    sort(out)
}

/// One `file:line: severity: [rule] message` line per finding (`file: ...` when the
/// finding has no line).
pub fn to_text(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let at = match f.line {
            Some(n) => format!("{}:{n}", f.path),
            None => f.path.clone(),
        };
        out.push_str(&format!(
            "{at}: {}: [{}] {}\n",
            f.severity.as_str(),
            f.rule,
            f.message
        ));
    }
    out
}

/// The findings as JSON: counts, whether they block a write, and each finding.
pub fn to_json(findings: &[Finding]) -> serde_json::Value {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    serde_json::json!({
        "blocking": blocking(findings),
        "critical": count(Severity::Critical),
        "important": count(Severity::Important),
        "findings": findings.iter().map(|f| serde_json::json!({
            "rule": f.rule,
            "severity": f.severity.as_str(),
            "path": f.path,
            "line": f.line,
            "message": f.message,
        })).collect::<Vec<_>>(),
    })
}
