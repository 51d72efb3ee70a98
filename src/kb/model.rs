//! The knowledge base's entries as they are read from data/*.toml. Ids and references keep
//! their source span so validation can name the file, line and key of a problem; fields
//! marked `serde(skip)` are filled in by validation.

use super::deferred::Deferred;
use super::documents::{
    IndexConcern, IndexTerms, IntegrationIds, LaunchTraffic, PathDefaults, ReviewLink,
    SelfCheckRule, SelfCheckTerms,
};
use super::located::Located;
use crate::rules::Rule;
pub use crate::text::Text;
use serde::{Deserialize, Serialize};

pub type Id = Located<Text>;

/// One data file's contents: any file may hold any kind of entry.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    #[serde(default)]
    pub questionnaire: Vec<Questionnaire>,
    #[serde(default)]
    pub pattern: Vec<Pattern>,
    #[serde(default)]
    pub antipattern: Vec<AntiPattern>,
    #[serde(default)]
    pub node: Vec<Node>,
    #[serde(default)]
    pub tier: Vec<Tier>,
    #[serde(default)]
    pub cap: Vec<TierCap>,
    #[serde(default)]
    pub principle: Vec<Principle>,
    #[serde(default)]
    pub artifact: Vec<ArtifactKind>,
    /// The technology vocabulary that `stack` tags are checked against (data/stack.toml).
    #[serde(default)]
    pub stack: Vec<StackTech>,
    pub threshold: Option<Threshold>,
    // What the documents and the self-check are written from (see `documents`).
    #[serde(default)]
    pub review_link: Vec<ReviewLink>,
    #[serde(default)]
    pub launch_traffic: Vec<LaunchTraffic>,
    pub integration: Option<IntegrationIds>,
    #[serde(default)]
    pub index_concern: Vec<IndexConcern>,
    pub feature_index: Option<IndexTerms>,
    #[serde(default)]
    pub selfcheck_rule: Vec<SelfCheckRule>,
    pub selfcheck: Option<SelfCheckTerms>,
    pub path_defaults: Option<PathDefaults>,
    /// The steps each session mode walks (data/modes.toml).
    #[serde(default)]
    pub mode: Vec<ModePlan>,
}

/// One place a pack holds a rule: its text (none when the entry has no rule) and where
/// its parsed form goes.
pub type RuleSlot<'a> = (Option<&'a Text>, &'a mut Option<Rule>);

impl Pack {
    /// Every rule of the pack, in one fixed order: build.rs parses them in this order
    /// when it bakes the pack, and start-up puts the parsed rules back in the same order.
    pub fn rule_slots(&mut self) -> Vec<RuleSlot<'_>> {
        fn text(t: &Option<Located<Text>>) -> Option<&Text> {
            t.as_ref().map(Located::get_ref)
        }
        let mut slots: Vec<RuleSlot<'_>> = Vec::new();
        for q in self.questionnaire.iter_mut().flat_map(|q| &mut q.question) {
            slots.push((text(&q.visible_when), &mut q.parsed_visible));
        }
        for a in &mut self.antipattern {
            slots.push((text(&a.rule), &mut a.parsed_rule));
        }
        for o in self.node.iter_mut().flat_map(|n| &mut n.option) {
            slots.push((text(&o.suggest_when), &mut o.parsed_suggestion));
        }
        for e in self.tier.iter_mut().flat_map(|t| &mut t.evidence) {
            slots.push((text(&e.rule), &mut e.parsed_rule));
        }
        for c in &mut self.cap {
            slots.push((Some(c.when.get_ref()), &mut c.parsed_rule));
        }
        for a in self.principle.iter_mut().flat_map(|p| &mut p.advice) {
            slots.push((Some(a.when.get_ref()), &mut a.parsed_rule));
        }
        if let Some(t) = &mut self.threshold {
            slots.push((Some(t.below_when.get_ref()), &mut t.parsed_rule));
        }
        slots
    }
}

/// The session modes (the session file's `mode`); each has a `[[mode]]` plan.
pub const SESSION_MODES: &[&str] = &["design", "review", "integration"];

/// `[[mode]]`: the steps a session mode walks, in order. `id` is a session mode (design,
/// review, integration).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModePlan {
    pub id: Id,
    pub step: Vec<ModeStep>,
    #[serde(skip)]
    pub file: usize,
}

/// One step of a mode: what it is, its title in the step list, and whether it is walked
/// below the threshold (the short path).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModeStep {
    pub kind: ModeStepKind,
    /// For `kind = "questions"`: the questionnaire step whose questions it asks.
    #[serde(default)]
    pub questions: Option<Step>,
    pub title: Text,
    #[serde(default)]
    pub short_path: bool,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum ModeStepKind {
    Questions,
    Graph,
    Evidence,
    Inventory,
    /// Lists a person fills in record by record, each with a form.
    Channels,
    Decisions,
    Runbooks,
    Launches,
    Review,
}

/// One technology a realisation or a tool can be tagged with: `id` is what `stack = [...]`
/// lists, `name` is how documents spell it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StackTech {
    pub id: Id,
    pub name: Text,
    /// What kind of technology it is: store, broker, cloud, platform, tool.
    #[serde(default)]
    pub kind: Text,
    #[serde(skip)]
    pub file: usize,
}

/// The guided step a questionnaire belongs to.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    Threshold,
    Requirements,
    Graph,
    Reliability,
    Distributed,
    Concerns,
    Evidence,
    Integration,
    Review,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    pub id: Id,
    pub title: Text,
    pub step: Step,
    #[serde(default)]
    pub intro: Text,
    /// An unanswered or "later" question of this questionnaire caps the tier at Prototype.
    #[serde(default)]
    pub caps_tier: bool,
    /// Asked even when the design is below the threshold.
    #[serde(default)]
    pub short_path: bool,
    /// Its questions help detect anti-patterns but may be skipped: an unanswered one is
    /// not a TBD (one marked "later" still is).
    #[serde(default)]
    pub optional: bool,
    /// With `optional`: a question opened by its `visible_when` rule (the team said the
    /// system moves money, takes webhooks, ...) is no longer skippable: unanswered, it is a
    /// TBD like any other. Questions without a rule stay skippable.
    #[serde(default)]
    pub required_when_open: bool,
    #[serde(default)]
    pub question: Vec<Question>,
    #[serde(skip)]
    pub file: usize,
}

impl Questionnaire {
    /// Whether this question, when asked, may stay unanswered without becoming a TBD.
    pub fn skippable(&self, question: &Question) -> bool {
        self.optional && !(self.required_when_open && question.visible_when.is_some())
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: Id,
    pub prompt: Text,
    pub why: Text,
    #[serde(default)]
    pub multi: bool,
    #[serde(default)]
    pub doc_label: Option<Text>,
    /// The question may not apply to some systems (no messaging at all): it can be
    /// answered "does not apply, because ...", which is neither a TBD nor a cap.
    #[serde(default)]
    pub may_not_apply: bool,
    #[serde(default)]
    pub choice: Vec<Choice>,
    /// A rule over earlier answers: the question is asked, and counted as a TBD, only when
    /// it holds. None: always asked.
    #[serde(default)]
    pub visible_when: Option<Located<Text>>,
    /// Asked once: when this question is unanswered and an earlier question is answered
    /// with a choice listed here, this question takes the mapped answer and is not asked.
    #[serde(default)]
    pub prefill: Option<Prefill>,
    #[serde(skip)]
    pub parsed_visible: Option<Rule>,
}

/// Where a question's answer can be read from an earlier one.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Prefill {
    /// The earlier question's id.
    pub from: Located<Text>,
    /// Its choice id -> this question's choice id; unlisted choices do not pre-fill.
    pub choices: std::collections::BTreeMap<String, String>,
    /// Shown with the pre-filled answer.
    #[serde(default)]
    pub note: Text,
}

impl Question {
    pub fn label(&self) -> &str {
        self.doc_label.as_deref().unwrap_or(&self.prompt)
    }
    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choice.iter().find(|c| c.id.get_ref() == id)
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: Id,
    pub label: Text,
    #[serde(default)]
    pub hint: Text,
    /// In a multi-choice question, a choice that excludes every other ("None"): picking it
    /// clears the others, and picking another clears it.
    #[serde(default)]
    pub exclusive: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Realisation {
    pub category: Text,
    #[serde(default)]
    pub tools: Vec<Text>,
    /// The technologies this realisation is written for, as lowercase stack ids
    /// ("postgresql", "kafka", "elasticsearch", "aws", ...). Empty: it applies to any
    /// stack. Advice names a realisation only when the session's stack has one of these.
    #[serde(default)]
    pub stack: Vec<Text>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    pub id: Id,
    pub name: Text,
    pub category: Text,
    pub solves: Text,
    pub idea: Text,
    #[serde(default)]
    pub use_when: Deferred<Vec<Text>>,
    #[serde(default)]
    pub avoid_when: Deferred<Vec<Text>>,
    #[serde(default)]
    pub tradeoffs: Deferred<Vec<Text>>,
    #[serde(default)]
    pub related: Vec<Id>,
    #[serde(default)]
    pub source: Deferred<Vec<Text>>,
    #[serde(default)]
    pub realisation: Vec<Realisation>,
    /// What breaks when the pattern is built or run wrong, and how it shows.
    /// (When not to use it is `avoid_when`.)
    #[serde(default)]
    pub failure_modes: Deferred<Vec<FailureMode>>,
    /// Metrics to watch, each with a typical threshold.
    #[serde(default)]
    pub metrics: Deferred<Vec<Metric>>,
    /// The tests or fault injections that prove it works.
    #[serde(default)]
    pub verify: Deferred<Vec<Text>>,
    /// Literature references (book and chapter, paper, specification), beside the seeds
    /// named in `source`.
    #[serde(default)]
    pub references: Deferred<Vec<Text>>,
    #[serde(skip)]
    pub file: usize,
}

/// A way a pattern fails: what breaks, and the symptom an operator sees.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FailureMode {
    pub breaks: Text,
    pub shows: Text,
}

/// A metric to watch and the threshold that should page or warn.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    pub name: Text,
    pub threshold: Text,
}

impl Pattern {
    /// The first realisation as "category (tool, tool)", for one-line tables.
    pub fn realisation_line(&self) -> String {
        match self.realisation.first() {
            None => String::new(),
            Some(r) if r.tools.is_empty() => r.category.to_string(),
            Some(r) => format!("{} ({})", r.category, r.tools.join(", ")),
        }
    }
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Critical,
    Major,
    Minor,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Major => "major",
            Severity::Minor => "minor",
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AntiPattern {
    pub id: Id,
    pub name: Text,
    pub severity: Severity,
    pub why: Text,
    #[serde(default)]
    pub fix: Vec<Id>,
    #[serde(default)]
    pub fix_text: Text,
    #[serde(default)]
    pub rule: Option<Located<Text>>,
    #[serde(default)]
    pub caps_tier: Option<Id>,
    #[serde(default)]
    pub source: Vec<Text>,
    #[serde(skip)]
    pub parsed_rule: Option<Rule>,
    #[serde(skip)]
    pub file: usize,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NodeOption {
    pub label: Text,
    pub to: Id,
    #[serde(default)]
    pub suggest_when: Option<Located<Text>>,
    #[serde(default)]
    pub reason: Text,
    #[serde(skip)]
    pub parsed_suggestion: Option<Rule>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: Id,
    #[serde(default)]
    pub root: bool,
    /// Set on nodes that name a problem a person brings.
    #[serde(default)]
    pub problem: Option<Text>,
    pub title: Text,
    #[serde(default)]
    pub question: Text,
    #[serde(default)]
    pub option: Vec<NodeOption>,
    /// A leaf's ordered pattern bundle.
    #[serde(default)]
    pub patterns: Vec<Id>,
    #[serde(default)]
    pub tools: Vec<Text>,
    #[serde(default)]
    pub avoid: Deferred<Vec<Text>>,
    #[serde(default)]
    pub caveat: Text,
    /// The stack ids each tool of `tools` is specific to, by tool name; a tool not listed
    /// is generic.
    #[serde(default)]
    pub tool_stack: Deferred<std::collections::BTreeMap<Text, Vec<Text>>>,
    #[serde(skip)]
    pub file: usize,
}

impl Node {
    pub fn is_leaf(&self) -> bool {
        self.option.is_empty()
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceItem {
    pub id: Id,
    pub text: Text,
    #[serde(default)]
    pub rule: Option<Located<Text>>,
    /// Answers that contradict the item: a hand tick is refused while this holds.
    /// Without it, an item with a `rule` is contradicted when every question the rule
    /// reads is answered and the rule is false.
    #[serde(default)]
    pub refuted_when: Option<Located<Text>>,
    #[serde(skip)]
    pub parsed_rule: Option<Rule>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub id: Id,
    pub level: u8,
    pub name: Text,
    pub summary: Text,
    #[serde(default)]
    pub next_move: Text,
    #[serde(default = "yes")]
    pub per_service: bool,
    #[serde(default)]
    pub evidence: Vec<EvidenceItem>,
    #[serde(skip)]
    pub file: usize,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TierCap {
    pub id: Id,
    pub when: Located<Text>,
    pub max_tier: Id,
    pub reason: Text,
    #[serde(skip)]
    pub parsed_rule: Option<Rule>,
    #[serde(skip)]
    pub file: usize,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    pub below_when: Located<Text>,
    pub message: Text,
    pub simple_design: Text,
    #[serde(default)]
    pub patterns: Vec<Id>,
    #[serde(skip)]
    pub parsed_rule: Option<Rule>,
    #[serde(skip)]
    pub file: usize,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Advice {
    pub when: Located<Text>,
    pub text: Text,
    /// The technologies the advice recommends, as stack ids. Empty: it fits any stack.
    /// Otherwise it is given only when the session names no technology or has one of them.
    #[serde(default)]
    pub stack: Vec<Text>,
    #[serde(skip)]
    pub parsed_rule: Option<Rule>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    pub id: Id,
    pub title: Text,
    pub text: Text,
    pub area: Text,
    #[serde(default)]
    pub advice: Vec<Advice>,
    #[serde(skip)]
    pub file: usize,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArtifactKind {
    pub id: Id,
    pub name: Text,
    pub path: Text,
    #[serde(default)]
    pub sections: Vec<Text>,
    #[serde(skip)]
    pub file: usize,
}
