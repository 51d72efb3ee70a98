//! Parsing, merging by id and whole-base validation. Every problem found is collected, so a
//! pack author sees them all in one run.

use super::KnowledgeBase;
use super::diagnostic::{Diagnostic, Diagnostics, LineIndex};
use super::located::Located;
use super::model::*;
use crate::rules::{self, Reference, Rule};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::Dfs;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// One file to read: TOML text, and for the built-in pack its contents already parsed at
/// build time (the text is then only used to turn spans into line numbers).
pub struct Input {
    pub name: String,
    pub text: std::borrow::Cow<'static, str>,
    pub layer: u8,
    pub pack: Option<Pack>,
}

struct Ctx<'a> {
    inputs: &'a [Input],
    lines: Vec<Option<LineIndex<'a>>>,
    diags: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    fn report(&mut self, file: usize, span: Option<Range<usize>>, key: String, message: String) {
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

    fn at(&mut self, file: usize, id: &Id, key: String, message: String) {
        self.report(file, Some(id.span()), key, message);
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

/// Entries of one kind, merged across files by id.
struct Merged<T> {
    items: Vec<(T, usize, u8)>,
    index: HashMap<String, usize>,
}

impl<T> Merged<T> {
    fn new() -> Self {
        Self {
            items: Vec::new(),
            index: HashMap::new(),
        }
    }
}

fn merge<T>(
    ctx: &mut Ctx,
    kind: &str,
    merged: &mut Merged<T>,
    item: T,
    id: &Id,
    file: usize,
    layer: u8,
) {
    let key = || format!("{kind} \"{}\"", id.get_ref());
    if !valid_id(id.get_ref()) {
        ctx.at(
            file,
            id,
            key(),
            "ids are lower-case letters, digits, '.', '_' or '-'".into(),
        );
    }
    match merged.index.get(id.get_ref()) {
        Some(&i) if merged.items[i].2 == layer => {
            let first = ctx.inputs[merged.items[i].1].name.clone();
            ctx.at(
                file,
                id,
                key(),
                format!("duplicate id (first defined in {first})"),
            );
        }
        // A later layer (a user's pack) replaces the entry whole.
        Some(&i) => merged.items[i] = (item, file, layer),
        None => {
            merged
                .index
                .insert(id.get_ref().clone(), merged.items.len());
            merged.items.push((item, file, layer));
        }
    }
}

pub fn build(mut inputs: Vec<Input>) -> Result<KnowledgeBase, Diagnostics> {
    let packs: Vec<Option<Pack>> = inputs.iter_mut().map(|i| i.pack.take()).collect();
    let mut ctx = Ctx {
        inputs: &inputs,
        lines: inputs.iter().map(|_| None).collect(),
        diags: Vec::new(),
    };

    let mut questionnaires = Merged::new();
    let mut patterns = Merged::new();
    let mut antipatterns = Merged::new();
    let mut nodes = Merged::new();
    let mut tiers = Merged::new();
    let mut caps = Merged::new();
    let mut principles = Merged::new();
    let mut artifacts = Merged::new();
    let mut threshold: Option<(Threshold, usize)> = None;

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
        for mut x in pack.questionnaire {
            x.file = file;
            let id = x.id.clone();
            merge(
                &mut ctx,
                "questionnaire",
                &mut questionnaires,
                x,
                &id,
                file,
                layer,
            );
        }
        for mut x in pack.pattern {
            x.file = file;
            let id = x.id.clone();
            merge(&mut ctx, "pattern", &mut patterns, x, &id, file, layer);
        }
        for mut x in pack.antipattern {
            x.file = file;
            let id = x.id.clone();
            merge(
                &mut ctx,
                "antipattern",
                &mut antipatterns,
                x,
                &id,
                file,
                layer,
            );
        }
        for mut x in pack.node {
            x.file = file;
            let id = x.id.clone();
            merge(&mut ctx, "node", &mut nodes, x, &id, file, layer);
        }
        for mut x in pack.tier {
            x.file = file;
            let id = x.id.clone();
            merge(&mut ctx, "tier", &mut tiers, x, &id, file, layer);
        }
        for mut x in pack.cap {
            x.file = file;
            let id = x.id.clone();
            merge(&mut ctx, "cap", &mut caps, x, &id, file, layer);
        }
        for mut x in pack.principle {
            x.file = file;
            let id = x.id.clone();
            merge(&mut ctx, "principle", &mut principles, x, &id, file, layer);
        }
        for mut x in pack.artifact {
            x.file = file;
            let id = x.id.clone();
            merge(&mut ctx, "artifact", &mut artifacts, x, &id, file, layer);
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

    let questionnaires: Vec<Questionnaire> =
        questionnaires.items.into_iter().map(|x| x.0).collect();
    let patterns: Vec<Pattern> = patterns.items.into_iter().map(|x| x.0).collect();
    let mut antipatterns: Vec<AntiPattern> = antipatterns.items.into_iter().map(|x| x.0).collect();
    let mut nodes: Vec<Node> = nodes.items.into_iter().map(|x| x.0).collect();
    let mut tiers: Vec<Tier> = tiers.items.into_iter().map(|x| x.0).collect();
    let mut caps: Vec<TierCap> = caps.items.into_iter().map(|x| x.0).collect();
    let mut principles: Vec<Principle> = principles.items.into_iter().map(|x| x.0).collect();
    let artifacts: Vec<ArtifactKind> = artifacts.items.into_iter().map(|x| x.0).collect();
    tiers.sort_by_key(|t| t.level);

    // Questions: globally unique ids, prefixed by their questionnaire, with unique choices.
    let mut question_index = HashMap::new();
    for (qi, qn) in questionnaires.iter().enumerate() {
        let qn_key = format!("questionnaire \"{}\"", qn.id.get_ref());
        if qn.question.is_empty() {
            ctx.at(qn.file, &qn.id, qn_key.clone(), "has no questions".into());
        }
        for (i, q) in qn.question.iter().enumerate() {
            let key = format!("{qn_key}.question \"{}\"", q.id.get_ref());
            if !q.id.get_ref().starts_with(&format!("{}.", qn.id.get_ref())) {
                ctx.at(
                    qn.file,
                    &q.id,
                    key.clone(),
                    format!(
                        "question ids start with their questionnaire's id: \"{}.<name>\"",
                        qn.id.get_ref()
                    ),
                );
            } else if !valid_id(q.id.get_ref()) {
                ctx.at(
                    qn.file,
                    &q.id,
                    key.clone(),
                    "ids are lower-case letters, digits, '.', '_' or '-'".into(),
                );
            }
            if question_index
                .insert(q.id.get_ref().clone(), (qi, i))
                .is_some()
            {
                ctx.at(qn.file, &q.id, key.clone(), "duplicate question id".into());
            }
            if q.choice.len() < 2 {
                ctx.at(
                    qn.file,
                    &q.id,
                    key.clone(),
                    "a question needs at least two choices".into(),
                );
            }
            let mut seen = HashSet::new();
            for c in &q.choice {
                if !seen.insert(c.id.get_ref().as_str()) {
                    ctx.at(
                        qn.file,
                        &c.id,
                        format!("{key}.choice \"{}\"", c.id.get_ref()),
                        "duplicate choice id".into(),
                    );
                } else if !valid_id(c.id.get_ref()) {
                    ctx.at(
                        qn.file,
                        &c.id,
                        format!("{key}.choice \"{}\"", c.id.get_ref()),
                        "ids are lower-case letters, digits, '.', '_' or '-'".into(),
                    );
                }
            }
        }
    }

    let pattern_ids: HashSet<&str> = patterns.iter().map(|p| p.id.get_ref().as_str()).collect();
    let tier_ids: HashSet<String> = tiers.iter().map(|t| t.id.get_ref().clone()).collect();
    let questionnaire_ids: HashSet<&str> = questionnaires
        .iter()
        .map(|q| q.id.get_ref().as_str())
        .collect();

    let lookup = Lookup {
        questionnaires: &questionnaires,
        question_index: &question_index,
        questionnaire_ids: &questionnaire_ids,
        pattern_ids: &pattern_ids,
    };

    for p in &patterns {
        for r in &p.related {
            if !pattern_ids.contains(r.get_ref().as_str()) {
                ctx.at(
                    p.file,
                    r,
                    format!("pattern \"{}\".related", p.id.get_ref()),
                    format!("unknown pattern \"{}\"", r.get_ref()),
                );
            }
        }
        if p.realisation.is_empty() {
            ctx.at(
                p.file,
                &p.id,
                format!("pattern \"{}\"", p.id.get_ref()),
                "has no realisation (tool category and tools)".into(),
            );
        }
    }

    for a in &mut antipatterns {
        let key = format!("antipattern \"{}\"", a.id.get_ref());
        if a.fix.is_empty() {
            ctx.at(
                a.file,
                &a.id,
                key.clone(),
                "names no fixing pattern (fix = [...])".into(),
            );
        }
        for f in &a.fix {
            if !pattern_ids.contains(f.get_ref().as_str()) {
                ctx.at(
                    a.file,
                    f,
                    format!("{key}.fix"),
                    format!("unknown pattern \"{}\"", f.get_ref()),
                );
            }
        }
        if let Some(t) = &a.caps_tier
            && !tier_ids.contains(t.get_ref())
        {
            ctx.at(
                a.file,
                t,
                format!("{key}.caps_tier"),
                format!("unknown tier \"{}\"", t.get_ref()),
            );
        }
        if let Some(rule) = &a.rule {
            a.parsed_rule = lookup.rule(&mut ctx, a.file, rule, format!("{key}.rule"));
        }
    }

    // The decision graph.
    let node_index: HashMap<String, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.get_ref().clone(), i))
        .collect();
    let mut graph: DiGraph<usize, usize> = DiGraph::with_capacity(nodes.len(), nodes.len() * 2);
    for i in 0..nodes.len() {
        graph.add_node(i);
    }
    for (i, n) in nodes.iter_mut().enumerate() {
        let id = n.id.clone();
        let key = || format!("node \"{}\"", id.get_ref());
        if n.is_leaf() {
            if n.patterns.is_empty() {
                ctx.at(
                    n.file,
                    &n.id,
                    key(),
                    "a leaf (a node without options) must yield at least one pattern".into(),
                );
            }
        } else if !n.patterns.is_empty() {
            ctx.at(
                n.file,
                &n.id,
                key(),
                "a node has either options or patterns, not both".into(),
            );
        }
        for p in &n.patterns {
            if !pattern_ids.contains(p.get_ref().as_str()) {
                ctx.at(
                    n.file,
                    p,
                    format!("{}.patterns", key()),
                    format!("unknown pattern \"{}\"", p.get_ref()),
                );
            }
        }
        for (oi, o) in n.option.iter_mut().enumerate() {
            let okey = || format!("{}.option[{oi}]", key());
            match node_index.get(o.to.get_ref()) {
                Some(&j) => {
                    graph.add_edge(NodeIndex::new(i), NodeIndex::new(j), oi);
                }
                None => ctx.at(
                    n.file,
                    &o.to,
                    format!("{}.to", okey()),
                    format!("unknown node \"{}\"", o.to.get_ref()),
                ),
            }
            if let Some(rule) = &o.suggest_when {
                o.parsed_suggestion =
                    lookup.rule(&mut ctx, n.file, rule, format!("{}.suggest_when", okey()));
            }
        }
    }
    if nodes.is_empty() {
        ctx.diags.push(Diagnostic {
            file: "data".into(),
            line: 0,
            column: 0,
            key: "node".into(),
            message: "the decision graph has no nodes".into(),
        });
    } else if !nodes.iter().any(|n| n.root) {
        ctx.report(
            nodes[0].file,
            None,
            "node".into(),
            "the decision graph has no root (root = true)".into(),
        );
    }
    // Kosaraju's walk keeps its own stack (Tarjan's recurses once per node, and a pack
    // with a 100,000-node chain overflowed the call stack).
    for scc in petgraph::algo::kosaraju_scc(&graph) {
        let cyclic = scc.len() > 1 || graph.contains_edge(scc[0], scc[0]);
        if cyclic {
            let mut ids: Vec<&str> = scc
                .iter()
                .map(|&ix| nodes[graph[ix]].id.get_ref().as_str())
                .collect();
            ids.sort();
            let first = scc
                .iter()
                .map(|&ix| &nodes[graph[ix]])
                .min_by(|a, b| a.id.get_ref().cmp(b.id.get_ref()))
                .expect("an scc is never empty");
            let (file, id) = (first.file, first.id.clone());
            ctx.at(
                file,
                &id,
                format!("node \"{}\"", id.get_ref()),
                format!(
                    "the decision graph has a cycle through: {}",
                    ids.join(" -> ")
                ),
            );
        }
    }
    let mut reached = vec![false; nodes.len()];
    for (i, n) in nodes.iter().enumerate() {
        if n.root {
            let mut dfs = Dfs::new(&graph, NodeIndex::new(i));
            while let Some(ix) = dfs.next(&graph) {
                reached[graph[ix]] = true;
            }
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        if !reached[i] && nodes.iter().any(|n| n.root) {
            ctx.at(
                n.file,
                &n.id,
                format!("node \"{}\"", n.id.get_ref()),
                "not reachable from any root".into(),
            );
        }
    }

    // Tiers, evidence and caps.
    let mut evidence_ids = HashSet::new();
    for (expected, t) in tiers.iter_mut().enumerate() {
        let key = format!("tier \"{}\"", t.id.get_ref());
        if usize::from(t.level) != expected {
            let id = t.id.clone();
            ctx.at(t.file, &id, key.clone(), format!("tier levels run 0, 1, 2, ... without gaps or repeats; expected level {expected}, found {}", t.level));
        }
        for e in &mut t.evidence {
            let ekey = format!("{key}.evidence \"{}\"", e.id.get_ref());
            if !evidence_ids.insert(e.id.get_ref().clone()) {
                ctx.at(t.file, &e.id, ekey.clone(), "duplicate evidence id".into());
            }
            if let Some(rule) = &e.rule {
                e.parsed_rule = lookup.rule(&mut ctx, t.file, rule, format!("{ekey}.rule"));
            }
        }
    }
    if tiers.is_empty() {
        ctx.diags.push(Diagnostic {
            file: "data".into(),
            line: 0,
            column: 0,
            key: "tier".into(),
            message: "no readiness tiers defined".into(),
        });
    }
    for c in &mut caps {
        let key = format!("cap \"{}\"", c.id.get_ref());
        if !tier_ids.contains(c.max_tier.get_ref()) {
            ctx.at(
                c.file,
                &c.max_tier,
                format!("{key}.max_tier"),
                format!("unknown tier \"{}\"", c.max_tier.get_ref()),
            );
        }
        c.parsed_rule = lookup.rule(&mut ctx, c.file, &c.when, format!("{key}.when"));
    }
    for p in &mut principles {
        let key = format!("principle \"{}\"", p.id.get_ref());
        for (i, a) in p.advice.iter_mut().enumerate() {
            a.parsed_rule =
                lookup.rule(&mut ctx, p.file, &a.when, format!("{key}.advice[{i}].when"));
        }
    }
    const PLACEHOLDERS: [&str; 7] = [
        "slug", "channel", "incident", "date", "nnnn", "title", "doctype",
    ];
    for a in &artifacts {
        let mut rest = a.path.as_str();
        while let Some(start) = rest.find('{') {
            let end = rest[start..].find('}').map_or(rest.len(), |e| start + e);
            let name = &rest[start + 1..end];
            if !PLACEHOLDERS.contains(&name) {
                ctx.at(
                    a.file,
                    &a.id,
                    format!("artifact \"{}\".path", a.id.get_ref()),
                    format!(
                        "unknown placeholder {{{name}}}; known: {}",
                        PLACEHOLDERS.join(", ")
                    ),
                );
            }
            rest = &rest[(end + 1).min(rest.len())..];
        }
    }
    let threshold = match threshold {
        Some((mut t, file)) => {
            t.parsed_rule =
                lookup.rule(&mut ctx, file, &t.below_when, "threshold.below_when".into());
            for p in &t.patterns {
                if !pattern_ids.contains(p.get_ref().as_str()) {
                    ctx.at(
                        file,
                        p,
                        "threshold.patterns".into(),
                        format!("unknown pattern \"{}\"", p.get_ref()),
                    );
                }
            }
            Some(t)
        }
        None => {
            ctx.diags.push(Diagnostic {
                file: "data".into(),
                line: 0,
                column: 0,
                key: "threshold".into(),
                message: "no [threshold] table defined".into(),
            });
            None
        }
    };

    if !ctx.diags.is_empty() {
        return Err(Diagnostics(ctx.diags));
    }
    let pattern_index = patterns
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.get_ref().clone(), i))
        .collect();
    let antipattern_index = antipatterns
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.get_ref().clone(), i))
        .collect();
    let tier_index = tiers
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.get_ref().clone(), i))
        .collect();
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
        graph,
        question_index,
        pattern_index,
        antipattern_index,
        node_index,
        tier_index,
    })
}

struct Lookup<'a> {
    questionnaires: &'a [Questionnaire],
    question_index: &'a HashMap<String, (usize, usize)>,
    questionnaire_ids: &'a HashSet<&'a str>,
    pattern_ids: &'a HashSet<&'a str>,
}

impl Lookup<'_> {
    /// Parses a rule and checks every name in it; reports problems and returns the rule
    /// only when it is sound.
    fn rule(
        &self,
        ctx: &mut Ctx,
        file: usize,
        text: &Located<String>,
        key: String,
    ) -> Option<Rule> {
        // The offset in the decoded rule, mapped back through the string's quoting.
        let inputs = ctx.inputs;
        let at = |offset: usize| match inputs[file].text.get(text.span()) {
            Some(literal) => text.span().start + rules::literal_offset(literal, offset),
            None => text.span().start + 1 + offset,
        };
        let rule = match rules::parse(text.get_ref()) {
            Ok(r) => r,
            Err(e) => {
                ctx.report(
                    file,
                    Some(at(e.offset)..at(e.offset)),
                    key,
                    format!("rule syntax: {}", e.message),
                );
                return None;
            }
        };
        let mut ok = true;
        for reference in rule.references() {
            let problem = match reference {
                Reference::Question(q) if !self.question_index.contains_key(q) => {
                    Some(format!("unknown question \"{q}\""))
                }
                Reference::Choice { question, choice } => {
                    self.question_index.get(question).and_then(|&(qn, qi)| {
                        let q = &self.questionnaires[qn].question[qi];
                        (q.choice(choice).is_none()).then(|| {
                            let known: Vec<&str> =
                                q.choice.iter().map(|c| c.id.get_ref().as_str()).collect();
                            format!(
                                "question \"{question}\" has no choice \"{choice}\" (choices: {})",
                                known.join(", ")
                            )
                        })
                    })
                }
                Reference::Questionnaire(qn) if !self.questionnaire_ids.contains(qn) => {
                    Some(format!("unknown questionnaire \"{qn}\""))
                }
                Reference::Pattern(p) if !self.pattern_ids.contains(p) => {
                    Some(format!("unknown pattern \"{p}\""))
                }
                _ => None,
            };
            if let Some(message) = problem {
                ctx.report(file, Some(text.span()), key.clone(), message);
                ok = false;
            }
        }
        ok.then_some(rule)
    }
}
