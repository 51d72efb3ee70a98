//! Parsing, merging by id and whole-base validation, in passes: `merge` reads and merges
//! the files, `references` checks every named id and rule, `graph` the decision graph,
//! `artifacts` the artifact kinds, `documents` what the documents and the self-check are
//! written from. Every problem found is collected, so a pack author
//! sees them all in one run.

mod artifacts;
mod depth;
mod documents;
mod graph;
mod merge;
mod modes;
mod references;
mod trusted;

pub use trusted::assemble;

use super::KnowledgeBase;
use super::diagnostic::{Diagnostic, Diagnostics, LineIndex};
use super::model::*;
use std::ops::Range;

/// One file to read: TOML text, and for the built-in pack its contents already parsed at
/// build time (the text is then only used to turn spans into line numbers).
pub struct Input {
    pub name: String,
    pub text: std::borrow::Cow<'static, str>,
    pub layer: u8,
    pub pack: Option<Pack>,
}

/// Where the passes report: each problem names its file, line, column and key.
pub(crate) struct Ctx<'a> {
    inputs: &'a [Input],
    lines: Vec<Option<LineIndex<'a>>>,
    diags: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn report(
        &mut self,
        file: usize,
        span: Option<Range<usize>>,
        key: String,
        message: String,
    ) {
        let text: &'a str = &self.inputs[file].text;
        let (line, column) = span.map_or((0, 0), |s| {
            self.lines[file]
                .get_or_insert_with(|| LineIndex::new(text))
                .span_start(&s)
        });
        self.diags.push(Diagnostic {
            file: self.inputs[file].name.clone(),
            line,
            column,
            key,
            message,
        });
    }

    pub(crate) fn at(&mut self, file: usize, id: &Id, key: String, message: String) {
        self.report(file, Some(id.span()), key, message);
    }

    /// A problem of the base as a whole (a missing table), with no single place.
    pub(crate) fn unplaced(&mut self, key: &str, message: &str) {
        self.diags.push(Diagnostic {
            file: "data".into(),
            line: 0,
            column: 0,
            key: key.into(),
            message: message.into(),
        });
    }
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

pub fn build(mut inputs: Vec<Input>) -> Result<KnowledgeBase, Diagnostics> {
    let packs: Vec<Option<Pack>> = inputs.iter_mut().map(|i| i.pack.take()).collect();
    let mut ctx = Ctx {
        inputs: &inputs,
        lines: inputs.iter().map(|_| None).collect(),
        diags: Vec::new(),
    };

    let merge::Entries {
        mut questionnaires,
        patterns,
        mut antipatterns,
        mut nodes,
        mut tiers,
        mut caps,
        mut principles,
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
    } = merge::merge(&mut ctx, &inputs, packs);
    let integration = integration.unwrap_or_default();
    let selfcheck = selfcheck.unwrap_or_default();
    let feature_index = feature_index.unwrap_or_default();

    let question_index = references::questions(&mut ctx, &questionnaires);
    let lookup = references::Lookup::new(
        &questionnaires,
        &question_index,
        &patterns,
        &tiers,
        &antipatterns,
        &principles,
    );
    references::patterns(&mut ctx, &lookup, &patterns);
    references::antipatterns(&mut ctx, &lookup, &mut antipatterns);
    let (graph, node_index) = graph::graph(&mut ctx, &lookup, &mut nodes);
    references::tiers(&mut ctx, &lookup, &mut tiers);
    references::caps(&mut ctx, &lookup, &mut caps);
    references::principles(&mut ctx, &lookup, &mut principles);
    artifacts::paths(&mut ctx, &artifacts);
    let path_defaults = match path_defaults {
        Some((defaults, file)) => {
            artifacts::defaults(&mut ctx, &defaults, file);
            defaults
                .into_iter()
                .map(|(k, v)| (k, v.into_inner()))
                .collect()
        }
        None => Default::default(),
    };
    let threshold = references::threshold(&mut ctx, &lookup, threshold);
    documents::review_links(&mut ctx, &lookup, &review_links);
    documents::launch_traffic(&mut ctx, &lookup, &launch_traffic);
    documents::integration(&mut ctx, &lookup, &integration);
    documents::index_concerns(&mut ctx, &lookup, &index_concerns);
    if let Some(q) = &feature_index.owner_question {
        lookup.question(
            &mut ctx,
            feature_index.file,
            q,
            "feature_index.owner_question".into(),
        );
    }
    documents::selfcheck(&mut ctx, &lookup, &selfcheck_rules, &selfcheck);
    modes::modes(&mut ctx, &modes, &questionnaires);
    // Further checks over the merged entries go here, one call each, before the verdict.
    let visible = depth::check(
        &mut ctx,
        &lookup,
        depth::Depth {
            stacks: &stacks,
            patterns: &patterns,
            antipatterns: &antipatterns,
            nodes: &nodes,
            threshold: threshold.as_ref(),
        },
    );
    let mut visible = visible.into_iter();
    for q in questionnaires
        .iter_mut()
        .flat_map(|qn| qn.question.iter_mut())
    {
        q.parsed_visible = visible.next().flatten();
    }

    if !ctx.diags.is_empty() {
        return Err(Diagnostics(ctx.diags));
    }
    let index = |ids: &mut dyn Iterator<Item = &Id>| {
        ids.enumerate()
            .map(|(i, id)| (id.get_ref().clone(), i))
            .collect()
    };
    let pattern_index = index(&mut patterns.iter().map(|p| &p.id));
    let antipattern_index = index(&mut antipatterns.iter().map(|a| &a.id));
    let tier_index = index(&mut tiers.iter().map(|t| &t.id));
    Ok(KnowledgeBase {
        files: inputs.iter().map(|s| s.name.clone()).collect(),
        questionnaires,
        patterns,
        antipatterns,
        nodes,
        tiers,
        caps,
        principles,
        artifacts,
        threshold: threshold.expect("reported above when missing"),
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
    })
}
