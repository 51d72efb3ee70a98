//! The whole decision graph as Mermaid or Graphviz DOT, for `design-advisor tree`.

use super::design::mermaid_id;
use super::escape::{dot_label, mermaid_label};
use crate::kb::KnowledgeBase;
use std::fmt::Write;

pub fn mermaid(kb: &KnowledgeBase) -> String {
    let mut out = String::from("flowchart LR\n");
    for n in &kb.nodes {
        let (open, close) = if n.is_leaf() {
            ("([", "])")
        } else {
            ("[", "]")
        };
        let _ = writeln!(
            out,
            "    {}{open}\"{}\"{close}",
            mermaid_id(n.id.get_ref()),
            mermaid_label(&n.title)
        );
    }
    for n in &kb.nodes {
        for o in &n.option {
            let _ = writeln!(
                out,
                "    {} -->|\"{}\"| {}",
                mermaid_id(n.id.get_ref()),
                mermaid_label(&o.label),
                mermaid_id(o.to.get_ref())
            );
        }
    }
    out
}

pub fn dot(kb: &KnowledgeBase) -> String {
    let mut out = String::from("digraph decisions {\n    rankdir=LR;\n    node [shape=box];\n");
    for n in &kb.nodes {
        let shape = if n.is_leaf() { ", shape=ellipse" } else { "" };
        let mut label = n.title.to_string();
        if n.is_leaf() {
            let names: Vec<&str> = n
                .patterns
                .iter()
                .filter_map(|p| kb.pattern(p.get_ref()))
                .map(|p| p.name.as_str())
                .collect();
            label = format!("{}\n{}", n.title, names.join(", "));
        }
        let _ = writeln!(
            out,
            "    \"{}\" [label=\"{}\"{shape}];",
            dot_label(n.id.get_ref()),
            dot_label(&label)
        );
    }
    for n in &kb.nodes {
        for o in &n.option {
            let _ = writeln!(
                out,
                "    \"{}\" -> \"{}\" [label=\"{}\"];",
                dot_label(n.id.get_ref()),
                dot_label(o.to.get_ref()),
                dot_label(&o.label)
            );
        }
    }
    out.push_str("}\n");
    out
}
