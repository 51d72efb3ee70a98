//! The first pass: every file's entries, parsed (or taken as baked at build time) and
//! merged by id. A later layer (a user's pack) replaces an entry whole; within one layer a
//! repeated id is an error.

use super::{Ctx, Input, valid_id};
use crate::kb::documents::*;
use crate::kb::model::*;
use std::collections::HashMap;

/// Every kind of entry, merged across the files, in first-definition order.
#[derive(Default)]
pub(super) struct Entries {
    pub questionnaires: Vec<Questionnaire>,
    pub patterns: Vec<Pattern>,
    pub antipatterns: Vec<AntiPattern>,
    pub nodes: Vec<Node>,
    pub tiers: Vec<Tier>,
    pub caps: Vec<TierCap>,
    pub principles: Vec<Principle>,
    pub artifacts: Vec<ArtifactKind>,
    /// With the index of the file that defines it.
    pub threshold: Option<(Threshold, usize)>,
    pub review_links: Vec<ReviewLink>,
    pub launch_traffic: Vec<LaunchTraffic>,
    pub integration: Option<IntegrationIds>,
    pub index_concerns: Vec<IndexConcern>,
    pub feature_index: Option<IndexTerms>,
    pub selfcheck_rules: Vec<SelfCheckRule>,
    pub selfcheck: Option<SelfCheckTerms>,
    pub path_defaults: Option<(PathDefaults, usize)>,
    /// The technology vocabulary for realisation stack tags, from every file.
    pub stacks: Vec<StackTech>,
    pub modes: Vec<ModePlan>,
}

/// A table that appears once: a later layer replaces it, a second one in the same layer
/// is an error.
struct Single<T> {
    key: &'static str,
    value: Option<(T, usize)>,
}

impl<T> Single<T> {
    fn new(key: &'static str) -> Self {
        Self { key, value: None }
    }

    fn set(&mut self, ctx: &mut Ctx, inputs: &[Input], value: T, file: usize) {
        match &self.value {
            Some((_, first)) if inputs[*first].layer == inputs[file].layer => {
                let first = inputs[*first].name.clone();
                ctx.report(
                    file,
                    None,
                    self.key.into(),
                    format!("defined twice (first in {first})"),
                );
            }
            _ => self.value = Some((value, file)),
        }
    }

    fn into_value(self) -> Option<T> {
        self.value.map(|(v, _)| v)
    }
}

/// Entries of one kind, merged across files by id.
struct Merged<T> {
    items: Vec<(T, usize, u8)>,
    index: HashMap<Text, usize>,
}

impl<T> Merged<T> {
    fn new() -> Self {
        Self {
            items: Vec::new(),
            index: HashMap::new(),
        }
    }

    fn add(&mut self, ctx: &mut Ctx, kind: &str, item: T, id: &Id, file: usize, layer: u8) {
        let key = || format!("{kind} \"{}\"", id.get_ref());
        if !valid_id(id.get_ref()) {
            ctx.at(
                file,
                id,
                key(),
                "ids are lower-case letters, digits, '.', '_' or '-'".into(),
            );
        }
        match self.index.get(id.get_ref()) {
            Some(&i) if self.items[i].2 == layer => {
                let first = ctx.inputs[self.items[i].1].name.clone();
                ctx.at(
                    file,
                    id,
                    key(),
                    format!("duplicate id (first defined in {first})"),
                );
            }
            // A later layer (a user's pack) replaces the entry whole.
            Some(&i) => self.items[i] = (item, file, layer),
            None => {
                self.index.insert(id.get_ref().clone(), self.items.len());
                self.items.push((item, file, layer));
            }
        }
    }

    fn into_items(self) -> Vec<T> {
        self.items.into_iter().map(|x| x.0).collect()
    }
}

/// Parses the files whose pack was not baked, and merges every entry by id. A file that
/// does not parse is reported and skipped, so the other files are still checked.
pub(super) fn merge(ctx: &mut Ctx, inputs: &[Input], packs: Vec<Option<Pack>>) -> Entries {
    let mut questionnaires = Merged::new();
    let mut patterns = Merged::new();
    let mut antipatterns = Merged::new();
    let mut nodes = Merged::new();
    let mut tiers = Merged::new();
    let mut caps = Merged::new();
    let mut principles = Merged::new();
    let mut artifacts = Merged::new();
    let mut threshold: Option<(Threshold, usize)> = None;
    let mut review_links = Merged::new();
    let mut launch_traffic = Merged::new();
    let mut integration = Single::new("integration");
    let mut index_concerns = Merged::new();
    let mut selfcheck_rules = Merged::new();
    let mut selfcheck = Single::new("selfcheck");
    let mut path_defaults = Single::new("path_defaults");
    let mut feature_index = Single::new("feature_index");
    let mut stacks: Vec<StackTech> = Vec::new();
    let mut modes = Merged::new();

    for (file, (source, baked)) in inputs.iter().zip(packs).enumerate() {
        let pack: Pack = match baked {
            Some(p) => p,
            None => match toml::from_str(&source.text) {
                Ok(p) => p,
                Err(e) => {
                    let msg = e.message().trim_end().to_string();
                    ctx.report(file, e.span(), String::new(), msg);
                    continue;
                }
            },
        };
        let layer = source.layer;
        stacks.extend(pack.stack.into_iter().map(|s| StackTech { file, ..s }));
        for mut x in pack.questionnaire {
            x.file = file;
            let id = x.id.clone();
            questionnaires.add(ctx, "questionnaire", x, &id, file, layer);
        }
        for mut x in pack.pattern {
            x.file = file;
            let id = x.id.clone();
            patterns.add(ctx, "pattern", x, &id, file, layer);
        }
        for mut x in pack.antipattern {
            x.file = file;
            let id = x.id.clone();
            antipatterns.add(ctx, "antipattern", x, &id, file, layer);
        }
        for mut x in pack.node {
            x.file = file;
            let id = x.id.clone();
            nodes.add(ctx, "node", x, &id, file, layer);
        }
        for mut x in pack.tier {
            x.file = file;
            let id = x.id.clone();
            tiers.add(ctx, "tier", x, &id, file, layer);
        }
        for mut x in pack.cap {
            x.file = file;
            let id = x.id.clone();
            caps.add(ctx, "cap", x, &id, file, layer);
        }
        for mut x in pack.principle {
            x.file = file;
            let id = x.id.clone();
            principles.add(ctx, "principle", x, &id, file, layer);
        }
        for mut x in pack.artifact {
            x.file = file;
            let id = x.id.clone();
            artifacts.add(ctx, "artifact", x, &id, file, layer);
        }
        for mut x in pack.mode {
            x.file = file;
            let id = x.id.clone();
            modes.add(ctx, "mode", x, &id, file, layer);
        }
        for mut x in pack.review_link {
            x.file = file;
            let id = x.question.clone();
            review_links.add(ctx, "review_link", x, &id, file, layer);
        }
        for mut x in pack.launch_traffic {
            x.file = file;
            let id = x.id.clone();
            launch_traffic.add(ctx, "launch_traffic", x, &id, file, layer);
        }
        for mut x in pack.index_concern {
            x.file = file;
            let id = x.question.clone();
            index_concerns.add(ctx, "index_concern", x, &id, file, layer);
        }
        for mut x in pack.selfcheck_rule {
            x.file = file;
            let id = x.id.clone();
            selfcheck_rules.add(ctx, "selfcheck_rule", x, &id, file, layer);
        }
        if let Some(mut x) = pack.integration {
            x.file = file;
            integration.set(ctx, inputs, x, file);
        }
        if let Some(mut x) = pack.feature_index {
            x.file = file;
            feature_index.set(ctx, inputs, x, file);
        }
        if let Some(x) = pack.path_defaults {
            path_defaults.set(ctx, inputs, x, file);
        }
        if let Some(mut x) = pack.selfcheck {
            x.file = file;
            selfcheck.set(ctx, inputs, x, file);
        }
        if let Some(mut t) = pack.threshold {
            t.file = file;
            match &threshold {
                Some((_, first)) if inputs[*first].layer == layer => {
                    let first = inputs[*first].name.clone();
                    ctx.report(
                        file,
                        Some(t.below_when.span()),
                        "threshold".into(),
                        format!("defined twice (first in {first})"),
                    );
                }
                _ => threshold = Some((t, file)),
            }
        }
    }

    let mut tiers = tiers.into_items();
    tiers.sort_by_key(|t| t.level);
    Entries {
        questionnaires: questionnaires.into_items(),
        patterns: patterns.into_items(),
        antipatterns: antipatterns.into_items(),
        nodes: nodes.into_items(),
        tiers,
        caps: caps.into_items(),
        principles: principles.into_items(),
        artifacts: artifacts.into_items(),
        threshold,
        review_links: review_links.into_items(),
        launch_traffic: launch_traffic.into_items(),
        integration: integration.into_value(),
        index_concerns: index_concerns.into_items(),
        feature_index: feature_index.into_value(),
        selfcheck_rules: selfcheck_rules.into_items(),
        selfcheck: selfcheck.into_value(),
        path_defaults: path_defaults.value,
        stacks,
        modes: modes.into_items(),
    }
}
