//! The decision-graph pass: options lead to known nodes, leaves yield known patterns, the
//! graph has a root, no cycle, and every node is reachable from a root.

use super::Ctx;
use super::references::Lookup;
use crate::kb::model::*;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::Dfs;
use std::collections::HashMap;

/// The graph (node weights index `nodes`) and the node ids' positions.
pub(super) fn graph(
    ctx: &mut Ctx,
    lookup: &Lookup,
    nodes: &mut [Node],
) -> (DiGraph<usize, usize>, HashMap<Text, usize>) {
    let (mut graph, node_index) = without_edges(nodes);
    for (i, n) in nodes.iter_mut().enumerate() {
        edges(ctx, lookup, &node_index, &mut graph, i, n);
    }
    if nodes.is_empty() {
        ctx.unplaced("node", "the decision graph has no nodes");
    } else if !nodes.iter().any(|n| n.root) {
        ctx.report(
            nodes[0].file,
            None,
            "node".into(),
            "the decision graph has no root (root = true)".into(),
        );
    }
    cycles(ctx, &graph, nodes);
    unreachable(ctx, &graph, nodes);
    (graph, node_index)
}

/// The graph with one vertex per node (its weight the node's position) and no edges yet,
/// and the node ids' positions: shared by the checked pass and the trusted assembly.
pub(super) fn without_edges(nodes: &[Node]) -> (DiGraph<usize, usize>, HashMap<Text, usize>) {
    let node_index: HashMap<Text, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.get_ref().clone(), i))
        .collect();
    let mut graph: DiGraph<usize, usize> = DiGraph::with_capacity(nodes.len(), nodes.len() * 2);
    for i in 0..nodes.len() {
        graph.add_node(i);
    }
    (graph, node_index)
}

/// One node's shape (options or patterns), its patterns, and its edges.
fn edges(
    ctx: &mut Ctx,
    lookup: &Lookup,
    node_index: &HashMap<Text, usize>,
    graph: &mut DiGraph<usize, usize>,
    i: usize,
    n: &mut Node,
) {
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
        lookup.pattern(ctx, n.file, p, format!("{}.patterns", key()));
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
                lookup.rule(ctx, n.file, rule, format!("{}.suggest_when", okey()));
        }
    }
}

fn cycles(ctx: &mut Ctx, graph: &DiGraph<usize, usize>, nodes: &[Node]) {
    // Kosaraju's walk keeps its own stack (Tarjan's recurses once per node, and a pack
    // with a 100,000-node chain overflowed the call stack).
    for scc in petgraph::algo::kosaraju_scc(graph) {
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
            ctx.at(
                first.file,
                &first.id,
                format!("node \"{}\"", first.id.get_ref()),
                format!(
                    "the decision graph has a cycle through: {}",
                    ids.join(" -> ")
                ),
            );
        }
    }
}

fn unreachable(ctx: &mut Ctx, graph: &DiGraph<usize, usize>, nodes: &[Node]) {
    if !nodes.iter().any(|n| n.root) {
        return;
    }
    let mut reached = vec![false; nodes.len()];
    for (i, n) in nodes.iter().enumerate() {
        if n.root {
            let mut dfs = Dfs::new(graph, NodeIndex::new(i));
            while let Some(ix) = dfs.next(graph) {
                reached[graph[ix]] = true;
            }
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        if !reached[i] {
            ctx.at(
                n.file,
                &n.id,
                format!("node \"{}\"", n.id.get_ref()),
                "not reachable from any root".into(),
            );
        }
    }
}
