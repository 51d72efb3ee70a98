//! The catalog of patterns and anti-patterns: search and the full text of an entry, shared
//! by `design-advisor catalog` and the terminal UI's catalog screen.

use crate::kb::{AntiPattern, KnowledgeBase, Pattern, Text};

/// An entry of the catalog: a pattern or an anti-pattern.
#[derive(Clone, Copy, Debug)]
pub enum Entry<'kb> {
    Pattern(&'kb Pattern),
    AntiPattern(&'kb AntiPattern),
}

impl Entry<'_> {
    pub fn id(&self) -> &str {
        match self {
            Entry::Pattern(p) => p.id.get_ref(),
            Entry::AntiPattern(a) => a.id.get_ref(),
        }
    }
    pub fn name(&self) -> &str {
        match self {
            Entry::Pattern(p) => &p.name,
            Entry::AntiPattern(a) => &a.name,
        }
    }
    pub fn summary(&self) -> &str {
        match self {
            Entry::Pattern(p) => &p.solves,
            Entry::AntiPattern(a) => &a.why,
        }
    }
    pub fn kind(&self) -> &'static str {
        match self {
            Entry::Pattern(_) => "pattern",
            Entry::AntiPattern(_) => "anti-pattern",
        }
    }
}

/// Entries whose id, name or text contains every word of the query (case-insensitive),
/// best matches first: exact id, then name matches, then text matches.
pub fn search<'kb>(kb: &'kb KnowledgeBase, query: &str) -> Vec<Entry<'kb>> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let all = kb
        .patterns
        .iter()
        .map(Entry::Pattern)
        .chain(kb.antipatterns.iter().map(Entry::AntiPattern));
    let mut scored: Vec<(u8, usize, Entry)> = all
        .enumerate()
        .filter_map(|(i, e)| {
            let name = format!("{} {}", e.id(), e.name()).to_lowercase();
            let text = match e {
                Entry::Pattern(p) => format!(
                    "{} {} {} {} {}",
                    p.solves,
                    p.idea,
                    p.category,
                    p.metrics
                        .iter()
                        .map(|m| m.name.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    p.realisation
                        .iter()
                        .flat_map(|r| r.tools.iter().chain([&r.category]))
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                Entry::AntiPattern(a) => format!("{} {}", a.why, a.fix_text),
            }
            .to_lowercase();
            if !words.iter().all(|w| name.contains(w) || text.contains(w)) {
                return None;
            }
            let score = if e.id() == query.trim() {
                0
            } else if words.iter().all(|w| name.contains(w)) {
                1
            } else {
                2
            };
            Some((score, i, e))
        })
        .collect();
    scored.sort_by_key(|(s, i, _)| (*s, *i));
    scored.into_iter().map(|(_, _, e)| e).collect()
}

/// The full text of an entry, with where it sits in the decision graph.
pub fn detail(kb: &KnowledgeBase, entry: Entry) -> String {
    let mut out = String::new();
    fn list(out: &mut String, title: &str, items: &[impl AsRef<str>]) {
        if !items.is_empty() {
            out.push_str(&format!("{title}:\n"));
            for i in items {
                out.push_str(&format!("  - {}\n", i.as_ref()));
            }
        }
    }
    match entry {
        Entry::Pattern(p) => {
            out.push_str(&format!(
                "{} ({}, {})\n\nSolves: {}\n\n{}\n\n",
                p.name,
                p.id.get_ref(),
                p.category,
                p.solves,
                p.idea
            ));
            list(&mut out, "Use when", &p.use_when);
            list(&mut out, "Avoid when", &p.avoid_when);
            list(&mut out, "Trade-offs", &p.tradeoffs);
            let failures: Vec<String> = p
                .failure_modes
                .iter()
                .map(|f| format!("{}: {}", f.breaks, f.shows))
                .collect();
            list(
                &mut out,
                "Failure modes (what breaks: how it shows)",
                &failures,
            );
            let metrics: Vec<String> = p
                .metrics
                .iter()
                .map(|m| format!("{}: {}", m.name, m.threshold))
                .collect();
            list(&mut out, "Metrics to watch", &metrics);
            list(&mut out, "Verify with", &p.verify);
            let real: Vec<String> = p
                .realisation
                .iter()
                .map(|r| {
                    if r.tools.is_empty() {
                        r.category.to_string()
                    } else {
                        format!("{}: {}", r.category, r.tools.join(", "))
                    }
                })
                .collect();
            list(&mut out, "Realisations", &real);
            let related: Vec<String> = p
                .related
                .iter()
                .filter_map(|r| kb.pattern(r.get_ref()))
                .map(|r| format!("{} ({})", r.name, r.id.get_ref()))
                .collect();
            list(&mut out, "Related", &related);
            let mut sources: Vec<String> = p
                .source
                .iter()
                .map(|s| match s.strip_prefix("brief") {
                    Some("") => "knowledge brief".to_string(),
                    Some(section) => {
                        format!(
                            "knowledge brief, section {}",
                            section.trim_start_matches('-')
                        )
                    }
                    None => format!("seed {s}"),
                })
                .collect();
            sources.extend(p.references.iter().map(Text::to_string));
            list(&mut out, "Sources", &sources);
            let places: Vec<String> = kb
                .leaves_with(p.id.get_ref())
                .iter()
                .map(|leaf| {
                    let parents: Vec<&str> = kb
                        .parents(leaf.id.get_ref())
                        .iter()
                        .map(|n| n.title.as_str())
                        .collect();
                    if parents.is_empty() {
                        leaf.title.to_string()
                    } else {
                        format!("{} > {}", parents.join(" | "), leaf.title)
                    }
                })
                .collect();
            list(&mut out, "In the decision graph", &places);
        }
        Entry::AntiPattern(a) => {
            out.push_str(&format!(
                "{} ({}, {})\n\nWhy it matters: {}\n\n",
                a.name,
                a.id.get_ref(),
                a.severity.as_str(),
                a.why
            ));
            let fixes: Vec<String> = a
                .fix
                .iter()
                .filter_map(|f| kb.pattern(f.get_ref()))
                .map(|p| format!("{} ({})", p.name, p.id.get_ref()))
                .collect();
            list(&mut out, "Fix with", &fixes);
            if !a.fix_text.is_empty() {
                out.push_str(&format!("\n{}\n", a.fix_text));
            }
            if let Some(rule) = &a.rule {
                out.push_str(&format!("\nDetected when: {}\n", rule.get_ref()));
            }
        }
    }
    out
}

/// Where a link from one entry (or from the advisor) leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// A catalog entry, by id.
    Entry(String),
    /// A place in the decision graph: the node ids from a root to a leaf.
    Graph(Vec<String>),
}

/// The links of an entry, each with its label: an anti-pattern's fixes, a pattern's
/// related patterns and its places in the decision graph.
pub fn links(kb: &KnowledgeBase, entry: Entry) -> Vec<(String, Link)> {
    let entry_link = |p: &Pattern| {
        (
            format!("pattern: {}", p.name),
            Link::Entry(p.id.get_ref().to_string()),
        )
    };
    match entry {
        Entry::AntiPattern(a) => a
            .fix
            .iter()
            .filter_map(|f| kb.pattern(f.get_ref()))
            .map(entry_link)
            .collect(),
        Entry::Pattern(p) => {
            let mut out: Vec<(String, Link)> = graph_paths(kb, p.id.get_ref())
                .into_iter()
                .map(|path| {
                    // The root ("what are you designing for?") is the same for all.
                    let titles: Vec<&str> = path
                        .iter()
                        .skip(1)
                        .filter_map(|id| kb.node(id).map(|n| n.title.as_str()))
                        .collect();
                    (format!("graph: {}", titles.join(" › ")), Link::Graph(path))
                })
                .collect();
            out.extend(
                p.related
                    .iter()
                    .filter_map(|r| kb.pattern(r.get_ref()))
                    .map(entry_link),
            );
            out
        }
    }
}

/// Every way from a root of the decision graph to a leaf whose bundle holds `pattern`,
/// as node ids, in the graph's order.
pub fn graph_paths(kb: &KnowledgeBase, pattern: &str) -> Vec<Vec<String>> {
    fn walk(kb: &KnowledgeBase, path: &mut Vec<String>, pattern: &str, out: &mut Vec<Vec<String>>) {
        let Some(node) = path.last().and_then(|id| kb.node(id)) else {
            return;
        };
        if node.is_leaf() {
            if node.patterns.iter().any(|p| p.get_ref() == pattern) {
                out.push(path.clone());
            }
            return;
        }
        for o in &node.option {
            let to = o.to.get_ref();
            // The graph is acyclic (validated at load); this guards a walk all the same.
            if path.iter().any(|p| p == to) {
                continue;
            }
            path.push(to.to_string());
            walk(kb, path, pattern, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    for root in kb.roots() {
        walk(
            kb,
            &mut vec![root.id.get_ref().to_string()],
            pattern,
            &mut out,
        );
    }
    out
}
