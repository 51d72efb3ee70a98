//! The knowledge base as validation leaves it. Its own file, so build.rs can compile the
//! validation passes (which build it) to validate the built-in pack at build time.

use super::documents::*;
use super::model::*;
use crate::text::Text;
use petgraph::graph::DiGraph;
use std::collections::HashMap;

/// A validated knowledge base. Only `load` makes one, so every reference in it resolves.
#[derive(Debug)]
pub struct KnowledgeBase {
    pub files: Vec<String>,
    pub questionnaires: Vec<Questionnaire>,
    pub patterns: Vec<Pattern>,
    pub antipatterns: Vec<AntiPattern>,
    pub nodes: Vec<Node>,
    /// Sorted by level.
    pub tiers: Vec<Tier>,
    pub caps: Vec<TierCap>,
    pub principles: Vec<Principle>,
    pub artifacts: Vec<ArtifactKind>,
    pub threshold: Threshold,
    /// What the documents and the self-check are written from (see `documents`).
    pub review_links: Vec<ReviewLink>,
    /// In file order: the first kind whose word the notes contain decides.
    pub launch_traffic: Vec<LaunchTraffic>,
    pub integration: IntegrationIds,
    pub index_concerns: Vec<IndexConcern>,
    pub feature_index: IndexTerms,
    pub selfcheck_rules: Vec<SelfCheckRule>,
    pub selfcheck: SelfCheckTerms,
    /// Placeholder values no session item fills (see `documents::PathDefaults`).
    pub path_defaults: std::collections::BTreeMap<Text, Text>,
    /// The technologies stack tags may name (data/stack.toml).
    pub stacks: Vec<StackTech>,
    /// The steps each session mode walks.
    pub modes: Vec<ModePlan>,
    /// The decision graph: graph node weights are indices into `nodes`.
    pub graph: DiGraph<usize, usize>,
    pub(super) question_index: HashMap<Text, (usize, usize)>,
    pub(super) pattern_index: HashMap<Text, usize>,
    pub(super) antipattern_index: HashMap<Text, usize>,
    pub(super) node_index: HashMap<Text, usize>,
    pub(super) tier_index: HashMap<Text, usize>,
}
