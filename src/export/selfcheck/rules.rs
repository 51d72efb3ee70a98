//! The self-check rule catalogue: every rule the self-check and `lint` can report. Each
//! rule's check is code (a Markdown scan or a walk over the session) and is named here by
//! its id; its name, severity and description are knowledge, read from
//! data/selfcheck.toml. The ids are stable: they appear in `lint` output, in JSON reports
//! and in CI logs.
//!
//! The catalogue is the built-in pack's: the rules are the program's, so a user pack
//! cannot add or reweigh one.

use super::{Finding, Severity};
use crate::kb::{self, CheckSeverity, CriteriaTerms, Pack};
use std::sync::LazyLock;

/// One self-check rule, as the catalogue describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub description: &'static str,
    /// Checked on Markdown text alone, so `lint` applies it to hand-written documents.
    pub on_text: bool,
}

/// A rule the code implements, by its catalogue id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleId(&'static str);

impl RuleId {
    pub fn id(self) -> &'static str {
        self.0
    }

    /// A finding of this rule, with the catalogue's severity.
    pub fn at(self, path: &str, line: Option<usize>, message: String) -> Finding {
        Finding {
            rule: self.0,
            // A rule missing from the catalogue is a build defect (a unit test catches
            // it); such a finding still blocks rather than passing silently.
            severity: rule_by_id(self.0).map_or(Severity::Critical, |r| r.severity),
            path: path.to_string(),
            line,
            message,
        }
    }
}

pub const CONCERNS_ALL_TBD: RuleId = RuleId("system-concerns-all-tbd");
pub const CONCERNS_KEY_UNKNOWN: RuleId = RuleId("system-concerns-key-unknown");
pub const CONCRETE_CRITERIA: RuleId = RuleId("concrete-criteria");
pub const CROSS_LINK: RuleId = RuleId("cross-link");
pub const ANTIPATTERN_CRITICAL: RuleId = RuleId("antipattern-critical");
pub const ANTIPATTERN: RuleId = RuleId("antipattern");
pub const CLOSED_SCHEMA_BACKWARD: RuleId = RuleId("closed-schema-backward");
pub const ORDERING_KEY_MISMATCH: RuleId = RuleId("ordering-key-mismatch");
pub const CHANNEL_NAME: RuleId = RuleId("channel-name");
pub const SCHRODINGER_DECISION: RuleId = RuleId("schrodinger-decision");
pub const DEFERRED_WITHOUT_BLOCKER: RuleId = RuleId("deferred-without-blocker");
pub const SUMMARY_BLOCK: RuleId = RuleId("summary-block");
pub const RELATED_ARTIFACTS: RuleId = RuleId("related-artifacts");
pub const DLQ_ANSWER_CONTRACT: RuleId = RuleId("dlq-answer-contract");
pub const CHANNEL_PII_FIELDS: RuleId = RuleId("channel-pii-fields");
pub const CHANNEL_PII_INHERITED: RuleId = RuleId("channel-pii-inherited");
pub const ADR_DECISION_MAKERS: RuleId = RuleId("adr-decision-makers");
pub const EVIDENCE_WITHOUT_FILES: RuleId = RuleId("evidence-without-files");
pub const RETENTION_CONSISTENCY: RuleId = RuleId("retention-consistency");
pub const CONSISTENCY_VS_ASYNC: RuleId = RuleId("consistency-vs-async");
pub const PER_SCOPE_CLAIM: RuleId = RuleId("per-scope-claim");
pub const SIBLING_REFERENCE: RuleId = RuleId("sibling-reference");
pub const PATTERN_ATTRIBUTION: RuleId = RuleId("pattern-attribution");

/// Every rule the code implements, in the order they are described in the documentation.
pub const IMPLEMENTED: &[RuleId] = &[
    CONCERNS_ALL_TBD,
    CONCERNS_KEY_UNKNOWN,
    CONCRETE_CRITERIA,
    CROSS_LINK,
    ANTIPATTERN_CRITICAL,
    ANTIPATTERN,
    CLOSED_SCHEMA_BACKWARD,
    ORDERING_KEY_MISMATCH,
    CHANNEL_NAME,
    SCHRODINGER_DECISION,
    DEFERRED_WITHOUT_BLOCKER,
    SUMMARY_BLOCK,
    RELATED_ARTIFACTS,
    DLQ_ANSWER_CONTRACT,
    CHANNEL_PII_FIELDS,
    CHANNEL_PII_INHERITED,
    ADR_DECISION_MAKERS,
    EVIDENCE_WITHOUT_FILES,
    RETENTION_CONSISTENCY,
    CONSISTENCY_VS_ASYNC,
    PER_SCOPE_CLAIM,
    SIBLING_REFERENCE,
    PATTERN_ATTRIBUTION,
];

/// The catalogue: every implemented rule with its entry in the built-in pack, in
/// [`IMPLEMENTED`] order.
pub static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let entries = builtin_entries();
    IMPLEMENTED
        .iter()
        .filter_map(|id| {
            let e = entries.iter().find(|e| e.id.get_ref() == id.0)?;
            Some(Rule {
                id: id.0,
                name: leak(&e.name),
                severity: match e.severity {
                    CheckSeverity::Critical => Severity::Critical,
                    CheckSeverity::Important => Severity::Important,
                },
                description: leak(&e.description),
                on_text: e.on_text,
            })
        })
        .collect()
});

/// The catalogue lives as long as the program; its few texts are kept for good.
fn leak(text: &str) -> &'static str {
    Box::leak(text.to_string().into_boxed_str())
}

/// The words the concrete-criteria rule reads claims with (`[selfcheck.criteria]` of the
/// built-in pack): the text rules also run in `lint`, without a knowledge base.
pub(crate) static CRITERIA: LazyLock<CriteriaTerms> = LazyLock::new(|| {
    builtin_packs()
        .into_iter()
        .filter_map(|p| p.selfcheck)
        .map(|t| t.criteria)
        .next_back()
        .unwrap_or_default()
});

/// The built-in pack's files, as baked at build time (or parsed now when the build could
/// not).
fn builtin_packs() -> Vec<Pack> {
    match kb::baked_builtin() {
        Some(packs) => packs.into_iter().map(|(_, p)| p).collect(),
        None => kb::builtin_sources()
            .iter()
            .filter_map(|s| kb::parse_source(s).ok())
            .collect(),
    }
}

/// The `[[selfcheck_rule]]` entries of the built-in pack.
fn builtin_entries() -> Vec<kb::SelfCheckRule> {
    builtin_packs()
        .into_iter()
        .flat_map(|p| p.selfcheck_rule)
        .collect()
}

/// The rule with this id.
pub fn rule_by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_implemented_rule_has_its_catalogue_entry_and_no_other() {
        for (i, r) in IMPLEMENTED.iter().enumerate() {
            assert!(
                r.0.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                r.0
            );
            assert!(
                IMPLEMENTED[i + 1..].iter().all(|o| o.0 != r.0),
                "duplicate {}",
                r.0
            );
            let rule = rule_by_id(r.0)
                .unwrap_or_else(|| panic!("no [[selfcheck_rule]] \"{}\" in data/", r.0));
            assert!(!rule.description.is_empty() && !rule.name.is_empty());
        }
        for e in builtin_entries() {
            assert!(
                IMPLEMENTED.iter().any(|r| r.0 == e.id.get_ref()),
                "data/ describes a rule the self-check does not implement: {}",
                e.id.get_ref()
            );
        }
        assert_eq!(RULES.len(), IMPLEMENTED.len());
    }
}
