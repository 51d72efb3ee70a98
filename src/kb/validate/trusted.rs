//! The built-in pack without its checks. build.rs runs the full validation over the same
//! files when it bakes them, and only then marks the baked pack as validated; a test
//! proves this path and the full one give the same knowledge base. At run time only what
//! validation derives is computed: the merge (a concatenation, ids being unique), the
//! decision graph's edges and the lookup indexes; the rules come parsed from build.rs.

use super::{Input, merge};
use crate::kb::KnowledgeBase;
use crate::kb::documents::*;
use crate::kb::located::Located;
use crate::kb::model::*;
use crate::rules::Rule;
use petgraph::graph::NodeIndex;
use std::collections::HashMap;

/// The knowledge base from inputs that already passed `build`, or `None` when they turn
/// out not to have (a file does not parse, an entry or a rule is unsound): the caller then
/// runs the full validation, which names the problem.
pub fn assemble(mut inputs: Vec<Input>) -> Option<KnowledgeBase> {
    let packs: Vec<Option<Pack>> = inputs.iter_mut().map(|i| i.pack.take()).collect();
    let merge::Entries {
        questionnaires,
        patterns,
        antipatterns,
        nodes,
        tiers,
        caps,
        principles,
        artifacts,
        threshold,
        review_links,
        launch_traffic,
        integration,
        index_concerns,
        feature_index,
        selfcheck_rules,
        selfcheck,
        path_defaults,
        stacks,
        modes,
    } = concat(&inputs, packs)?;

    let mut question_index =
        HashMap::with_capacity(questionnaires.iter().map(|q| q.question.len()).sum());
    for (qi, qn) in questionnaires.iter().enumerate() {
        for (i, q) in qn.question.iter().enumerate() {
            question_index.insert(q.id.get_ref().clone(), (qi, i));
            brought(q.visible_when.as_ref(), &q.parsed_visible)?;
        }
    }
    for a in &antipatterns {
        brought(a.rule.as_ref(), &a.parsed_rule)?;
    }
    let (mut graph, node_index) = super::graph::without_edges(&nodes);
    for (i, n) in nodes.iter().enumerate() {
        for (oi, o) in n.option.iter().enumerate() {
            let j = *node_index.get(o.to.get_ref())?;
            graph.add_edge(NodeIndex::new(i), NodeIndex::new(j), oi);
            brought(o.suggest_when.as_ref(), &o.parsed_suggestion)?;
        }
    }
    for e in tiers.iter().flat_map(|t| &t.evidence) {
        brought(e.rule.as_ref(), &e.parsed_rule)?;
    }
    for c in &caps {
        brought(Some(&c.when), &c.parsed_rule)?;
    }
    for a in principles.iter().flat_map(|p| &p.advice) {
        brought(Some(&a.when), &a.parsed_rule)?;
    }
    let (threshold, _) = threshold?;
    brought(Some(&threshold.below_when), &threshold.parsed_rule)?;
    let path_defaults = path_defaults
        .map(|(defaults, _)| {
            defaults
                .into_iter()
                .map(|(k, v)| (k, v.into_inner()))
                .collect()
        })
        .unwrap_or_default();

    let index = |ids: &mut dyn Iterator<Item = &Id>| {
        ids.enumerate()
            .map(|(i, id)| (id.get_ref().clone(), i))
            .collect()
    };
    let pattern_index = index(&mut patterns.iter().map(|p| &p.id));
    let antipattern_index = index(&mut antipatterns.iter().map(|a| &a.id));
    let tier_index = index(&mut tiers.iter().map(|t| &t.id));
    Some(KnowledgeBase {
        files: inputs.iter().map(|s| s.name.clone()).collect(),
        questionnaires,
        patterns,
        antipatterns,
        nodes,
        tiers,
        caps,
        principles,
        artifacts,
        threshold,
        review_links,
        launch_traffic,
        integration: integration.unwrap_or_default(),
        index_concerns,
        feature_index: feature_index.unwrap_or_default(),
        selfcheck_rules,
        selfcheck: selfcheck.unwrap_or_default(),
        path_defaults,
        stacks,
        modes,
        graph,
        question_index,
        pattern_index,
        antipattern_index,
        node_index,
        tier_index,
    })
}

/// The merge of a validated pack: one layer without a repeated id, so every entry is
/// taken in file order, as `merge::merge` takes them, without looking ids up. `None` when
/// a file has no baked pack, belongs to another layer, or repeats a single table.
fn concat(inputs: &[Input], packs: Vec<Option<Pack>>) -> Option<merge::Entries> {
    let mut e = merge::Entries::default();
    /// Stamps each entry with its file, then takes the list as it is when it is the first
    /// of its kind (most kinds live in one file: nothing is moved), or appends it.
    fn append<T>(all: &mut Vec<T>, mut list: Vec<T>, stamp: impl Fn(&mut T)) {
        list.iter_mut().for_each(stamp);
        if all.is_empty() {
            *all = list;
        } else {
            all.append(&mut list);
        }
    }
    /// Sets a table that appears once; a second one is not a validated pack.
    fn once<T>(slot: &mut Option<T>, value: Option<T>) -> Option<()> {
        if let Some(v) = value {
            if slot.is_some() {
                return None;
            }
            *slot = Some(v);
        }
        Some(())
    }
    for (file, (input, pack)) in inputs.iter().zip(packs).enumerate() {
        let pack = pack?;
        if input.layer != 0 {
            return None;
        }
        append(&mut e.stacks, pack.stack, |x| x.file = file);
        append(&mut e.questionnaires, pack.questionnaire, |x| x.file = file);
        append(&mut e.patterns, pack.pattern, |x| x.file = file);
        append(&mut e.antipatterns, pack.antipattern, |x| x.file = file);
        append(&mut e.nodes, pack.node, |x| x.file = file);
        append(&mut e.tiers, pack.tier, |x| x.file = file);
        append(&mut e.caps, pack.cap, |x| x.file = file);
        append(&mut e.principles, pack.principle, |x| x.file = file);
        append(&mut e.artifacts, pack.artifact, |x| x.file = file);
        append(&mut e.modes, pack.mode, |x| x.file = file);
        append(&mut e.review_links, pack.review_link, |x| x.file = file);
        append(&mut e.launch_traffic, pack.launch_traffic, |x| {
            x.file = file
        });
        append(&mut e.index_concerns, pack.index_concern, |x| x.file = file);
        append(&mut e.selfcheck_rules, pack.selfcheck_rule, |x| {
            x.file = file
        });
        once(
            &mut e.integration,
            pack.integration.map(|x| IntegrationIds { file, ..x }),
        )?;
        once(
            &mut e.feature_index,
            pack.feature_index.map(|x| IndexTerms { file, ..x }),
        )?;
        once(&mut e.path_defaults, pack.path_defaults.map(|x| (x, file)))?;
        once(
            &mut e.selfcheck,
            pack.selfcheck.map(|x| SelfCheckTerms { file, ..x }),
        )?;
        once(
            &mut e.threshold,
            pack.threshold.map(|x| (Threshold { file, ..x }, file)),
        )?;
    }
    e.tiers.sort_by_key(|t| t.level);
    Some(e)
}

/// Whether the baked pack brought the entry's rule parsed (build.rs parses every rule of
/// the pack it validates; `kb::baked_builtin` puts them back). `None` when it has a rule
/// but no parsed form: the full validation then runs and names the problem.
fn brought(text: Option<&Located<Text>>, parsed: &Option<Rule>) -> Option<()> {
    (text.is_none() || parsed.is_some()).then_some(())
}

#[cfg(test)]
mod tests {
    use crate::kb::{self, KnowledgeBase, Text};
    use std::collections::{BTreeMap, HashMap};
    use std::fmt::Debug;

    fn sorted<V: Debug>(m: &HashMap<Text, V>) -> String {
        format!("{:?}", m.iter().collect::<BTreeMap<_, _>>())
    }

    /// Every field of the base (a new field fails to compile here until it is added),
    /// the hash indexes in id order.
    fn fingerprint(kb: &KnowledgeBase) -> Vec<String> {
        let KnowledgeBase {
            files,
            questionnaires,
            patterns,
            antipatterns,
            nodes,
            tiers,
            caps,
            principles,
            artifacts,
            threshold,
            review_links,
            launch_traffic,
            integration,
            index_concerns,
            feature_index,
            selfcheck_rules,
            selfcheck,
            path_defaults,
            stacks,
            modes,
            graph,
            question_index,
            pattern_index,
            antipattern_index,
            node_index,
            tier_index,
        } = kb;
        vec![
            format!("{files:?}"),
            format!("{questionnaires:?}"),
            format!("{patterns:?}"),
            format!("{antipatterns:?}"),
            format!("{nodes:?}"),
            format!("{tiers:?}"),
            format!("{caps:?}"),
            format!("{principles:?}"),
            format!("{artifacts:?}"),
            format!("{threshold:?}"),
            format!("{review_links:?}"),
            format!("{launch_traffic:?}"),
            format!("{integration:?}"),
            format!("{index_concerns:?}"),
            format!("{feature_index:?}"),
            format!("{selfcheck_rules:?}"),
            format!("{selfcheck:?}"),
            format!("{path_defaults:?}"),
            format!("{stacks:?}"),
            format!("{modes:?}"),
            format!("{graph:?}"),
            sorted(question_index),
            sorted(pattern_index),
            sorted(antipattern_index),
            sorted(node_index),
            sorted(tier_index),
        ]
    }

    /// Skipping the checks at start-up is safe: the embedded pack passes every check, and
    /// the base assembled without them is the one the full validation builds.
    #[test]
    fn the_embedded_pack_passes_every_check_and_assembles_to_the_same_base() {
        let full = kb::validate_builtin_with(Vec::new()).unwrap_or_else(|d| panic!("{d}"));
        let trusted = kb::trusted_builtin().expect("build.rs validated the baked pack");
        let (full, trusted) = (fingerprint(&full), fingerprint(&trusted));
        assert_eq!(full.len(), trusted.len());
        for (i, (f, t)) in full.iter().zip(&trusted).enumerate() {
            assert!(
                f == t,
                "field {i} differs between the full and the trusted load"
            );
        }
        // The rules were parsed (a base without them would compare equal only if the
        // full validation had dropped them too).
        let kb = kb::trusted_builtin().unwrap();
        assert!(kb.antipatterns.iter().any(|a| a.parsed_rule.is_some()));
        assert!(kb.threshold.parsed_rule.is_some());
    }

    /// The trusted load borrows its text from the binary: no string of the pack is copied
    /// (ids included, so the lookup indexes borrow too).
    #[test]
    fn the_trusted_base_borrows_its_strings_from_the_baked_pack() {
        let kb = kb::trusted_builtin().expect("build.rs validated the baked pack");
        let texts: Vec<&Text> = kb
            .patterns
            .iter()
            .flat_map(|p| [p.id.get_ref(), &p.name, &p.idea])
            .chain(kb.patterns.iter().flat_map(|p| &p.references))
            .chain(
                kb.questionnaires
                    .iter()
                    .flat_map(|q| &q.question)
                    .map(|q| &q.prompt),
            )
            .chain(kb.question_index.keys())
            .collect();
        assert!(texts.len() > 500, "{}", texts.len());
        let copied: Vec<&&Text> = texts.iter().filter(|t| !t.is_borrowed()).collect();
        assert!(copied.is_empty(), "copied at start-up: {copied:?}");
    }

    #[test]
    fn the_trusted_base_takes_its_rules_parsed_from_the_baked_pack() {
        // A rule parsed at start-up would own its ids; one build.rs parsed borrows them.
        let kb = kb::trusted_builtin().expect("build.rs validated the baked pack");
        let mut ids = Vec::new();
        let rules = kb
            .antipatterns
            .iter()
            .filter_map(|a| a.parsed_rule.as_ref())
            .chain(kb.caps.iter().filter_map(|c| c.parsed_rule.as_ref()))
            .chain(kb.threshold.parsed_rule.as_ref());
        for rule in rules {
            for reference in rule.references() {
                ids.push(reference);
            }
        }
        assert!(ids.len() > 100, "{}", ids.len());
        let baked = |s: &str| {
            let table = crate::text::baked_strings();
            let (start, end) = (
                table.as_ptr() as usize,
                table.as_ptr() as usize + table.len(),
            );
            (start..end).contains(&(s.as_ptr() as usize))
        };
        let parsed_here: Vec<_> = ids
            .iter()
            .filter(|r| match r {
                crate::rules::Reference::Question(s)
                | crate::rules::Reference::Questionnaire(s)
                | crate::rules::Reference::Pattern(s)
                | crate::rules::Reference::Flow(s) => !baked(s),
                crate::rules::Reference::Choice { question, choice } => {
                    !baked(question) || !baked(choice)
                }
            })
            .collect();
        assert!(
            parsed_here.is_empty(),
            "parsed at start-up: {parsed_here:?}"
        );
    }

    #[test]
    fn the_trusted_base_leaves_pattern_prose_undecoded_until_it_is_read() {
        let kb = kb::trusted_builtin().expect("build.rs validated the baked pack");
        let p = kb
            .patterns
            .iter()
            .find(|p| p.id.get_ref() == "transactional-outbox")
            .expect("the transactional outbox pattern");
        assert!(!p.tradeoffs.is_read() && !p.failure_modes.is_read() && !p.metrics.is_read());
        assert!(!p.tradeoffs.is_empty() && !p.failure_modes.is_empty());
        assert!(p.tradeoffs.is_read() && p.failure_modes.is_read());
        assert!(!p.metrics.is_read(), "only what is read is decoded");
        assert!(kb.patterns.iter().all(|p| !p.references.is_read()));
        assert!(
            kb.nodes
                .iter()
                .all(|n| !n.avoid.is_read() && !n.tool_stack.is_read())
        );
        // Read from TOML, the same list is in memory from the start.
        let source = crate::kb::builtin_sources()
            .into_iter()
            .find(|s| s.name.ends_with("messaging.toml"))
            .expect("the messaging patterns");
        let pack = crate::kb::parse_source(&source).expect("it parses");
        assert!(pack.pattern.iter().all(|p| p.tradeoffs.is_read()));
    }
}
