//! Knowledge the documents and the self-check are written from: what a review step
//! links to, the patterns and practice questions the integration architecture reads, the
//! words that name a launch's traffic, the concerns the feature index lists, and the
//! self-check's rule catalogue. Read from data/*.toml like the rest; every id they name
//! is checked by validation.

use super::located::Located;
use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

type Id = Located<Text>;

/// `[[review_link]]`: when a review step's answer is an issue, the anti-patterns that name
/// such an issue, the patterns that address it, and the principle whose advice applies.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewLink {
    /// A review question with an "issue" choice.
    pub question: Id,
    #[serde(default)]
    pub antipatterns: Vec<Id>,
    #[serde(default)]
    pub patterns: Vec<Id>,
    #[serde(default)]
    pub principle: Option<Id>,
    #[serde(skip)]
    pub file: usize,
}

/// `[[launch_traffic]]`: a kind of traffic a launch takes, the words of its notes that
/// name it, and the lowest tier that is safe for it. Kinds are tried in file order, so
/// the most specific comes first ("shadow traffic only; customers still use the old
/// path" is a shadow launch).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LaunchTraffic {
    pub id: Id,
    /// As the launch decision names it ("shadow or staging").
    pub kind: Text,
    pub min_tier: Id,
    /// Lower-case words or phrases; the first found in the notes decides.
    pub words: Vec<Text>,
    #[serde(skip)]
    pub file: usize,
}

/// `[integration]`: the ids the integration architecture reads.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IntegrationIds {
    /// Practice questions about how data moves between stores: an anti-pattern whose rule
    /// reads one of them is listed among the anti-patterns in the data flows.
    #[serde(default)]
    pub flow_practices: Vec<Id>,
    /// The processing architectures (Lambda, Kappa, one integrated system), by the
    /// pattern that names each.
    #[serde(default)]
    pub architectures: Vec<Id>,
    #[serde(skip)]
    pub file: usize,
}

/// `[[index_concern]]`: a System concerns line of the feature index.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IndexConcern {
    pub question: Id,
    pub label: Text,
    #[serde(skip)]
    pub file: usize,
}

/// `[feature_index]`: what the feature index reads besides its concerns lines.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IndexTerms {
    /// The question whose answer names the owning team when the session's service
    /// information does not.
    #[serde(default)]
    pub owner_question: Option<Id>,
    #[serde(skip)]
    pub file: usize,
}

/// How much a self-check finding weighs.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum CheckSeverity {
    /// Blocks the write unless forced.
    Critical,
    /// Reported; the artifact is still written.
    Important,
}

/// `[[selfcheck_rule]]`: one rule of the self-check's catalogue. The check itself is
/// code; its id ties the two together and appears in `lint` output and CI logs.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SelfCheckRule {
    pub id: Id,
    pub name: Text,
    pub severity: CheckSeverity,
    /// Checked on Markdown text alone, so `lint` applies it to hand-written documents.
    #[serde(default)]
    pub on_text: bool,
    pub description: Text,
    #[serde(skip)]
    pub file: usize,
}

/// `[selfcheck]`: what the self-check's rules read besides the catalogue.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SelfCheckTerms {
    /// The concerns questions that must be answered, or flagged TBD with who will answer
    /// them, before an artifact is written.
    #[serde(default)]
    pub key_concerns: Vec<Id>,
    /// How a trade-off that states a benefit begins (lower case), so an ADR files it under
    /// Good rather than Bad.
    #[serde(default)]
    pub benefit_leads: Vec<Text>,
    /// Answers that claim strong consistency and answers or flow mechanisms that move data
    /// asynchronously (`[selfcheck.consistency_async]`).
    #[serde(default)]
    pub consistency_async: ConsistencyAsync,
    /// Claims that a failure mode is dealt with ("is handled", "not applicable"), which a
    /// feature with several channels qualifies per channel.
    #[serde(default)]
    pub scope_claims: Vec<Text>,
    /// Evidence items that claim files of some kinds (`[[selfcheck.evidence_files]]`).
    #[serde(default)]
    pub evidence_files: Vec<EvidenceFiles>,
    /// The words the concrete-criteria rule reads claims with.
    #[serde(default)]
    pub criteria: CriteriaTerms,
    #[serde(skip)]
    pub file: usize,
}

/// `[selfcheck.consistency_async]`: "question=choice" answers that claim strong
/// consistency, and "question=choice" answers or "flow=mechanism" flows that are
/// asynchronous.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyAsync {
    #[serde(default)]
    pub strong: Vec<Text>,
    #[serde(default)]
    pub asynchronous: Vec<Text>,
}

/// `[[selfcheck.evidence_files]]`: an evidence id and the artifact kinds whose files
/// back it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceFiles {
    pub evidence: Text,
    pub kinds: Vec<Text>,
}

/// `[selfcheck.criteria]`: how the concrete-criteria rule finds a claim that promises a
/// behaviour on a condition, and what makes the condition concrete. All lower case.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CriteriaTerms {
    /// A word right before the verb that makes the claim an observation ("no alert on").
    #[serde(default)]
    pub negations: Vec<Located<Text>>,
    /// Words an object between the verb and its joining word may open with.
    #[serde(default)]
    pub object_starts: Vec<Located<Text>>,
    /// The longest such object, in words.
    #[serde(default)]
    pub object_words: Option<Located<usize>>,
    /// Verb forms that are nouns as often: only their direct form is a claim.
    #[serde(default)]
    pub nouns_too: Vec<Located<Text>>,
    /// Words that name a count or a state exactly enough to act on.
    #[serde(default)]
    pub concrete_words: Vec<Located<Text>>,
    #[serde(default)]
    pub claim: Vec<Claim>,
}

/// `[[selfcheck.criteria.claim]]`: a verb's forms, a word that must follow it (if any),
/// and the joining words that introduce its condition ("alert" ... "on", "roll" "back"
/// ... "if").
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub verbs: Vec<Located<Text>>,
    #[serde(default)]
    pub particle: Option<Text>,
    pub joins: Vec<Located<Text>>,
}

/// `[path_defaults]`: a value for a path placeholder that no session item fills (the
/// type of an architecture document), used where a kind not written yet is listed.
pub type PathDefaults = BTreeMap<Text, Located<Text>>;
