//! No import cycles between the modules of src/: two modules that lean on each other can
//! only be read, tested and changed together, and the cycle hides which one is the base.
//!
//! The check reads every file under src/ and collects the module paths it names (`use
//! crate::...`, `use super::...`, and `crate::`/`super::`/`self::` paths in code), with
//! nested `{...}` groups expanded and inline `mod x { ... }` blocks followed. Each name is
//! resolved to the deepest module of the tree it falls in.
//!
//! A cycle is counted between sibling modules, at every level of the tree: `export` and
//! `selfcheck` under the crate root, `export::contract` and `export::runbook` under
//! `export`. A sibling's whole subtree speaks for it. A module's own file (its `mod.rs`)
//! is its interface: its children may use it and it may use them, so that pair is not
//! counted; a type shared by siblings belongs in its own sibling module, not in the file
//! that also calls them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Folders of src/ whose files are not read (none: every folder is checked, the terminal
/// shell included). An entry here is a known cycle waiting to be broken.
const NOT_CHECKED_YET: &[&str] = &[];

/// One path a file names, with the line it is on.
struct Named {
    line: usize,
    /// Absolute module path, `crate` left out.
    path: Vec<String>,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a file: src/a/mod.rs and src/a.rs are `a`, src/a/b.rs is `a::b`.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.strip_suffix(".rs").unwrap();
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Ident(String),
    PathSep,
    Punct(char),
}

/// The tokens of a Rust file that matter for paths, each with its line; comments,
/// strings and character literals are dropped (a `{` inside them would mislead the
/// tracking of inline modules).
fn tokens(text: &str) -> Vec<(usize, Token)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            loop {
                if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else if i >= chars.len() {
                    break;
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if c == 'r'
            && (at(i + 1) == '"' || (at(i + 1) == '#' && matches!(at(i + 2), '"' | '#')))
        {
            // A raw string: r"..." or r#"..."#.
            let mut hashes = 0;
            i += 1;
            while at(i) == '#' {
                hashes += 1;
                i += 1;
            }
            i += 1;
            loop {
                if i >= chars.len() {
                    break;
                }
                if chars[i] == '"' && (1..=hashes).all(|k| at(i + k) == '#') {
                    i += 1 + hashes;
                    break;
                }
                if chars[i] == '\n' {
                    line += 1;
                }
                i += 1;
            }
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if at(i) == '\n' {
                    line += 1;
                }
                i += 1;
            }
            i += 1;
        } else if c == '\'' {
            // A character literal ('x', '\n', '{') or a lifetime ('a).
            if at(i + 1) == '\\' {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while at(i).is_alphanumeric() || at(i) == '_' {
                i += 1;
            }
            out.push((line, Token::Ident(chars[start..i].iter().collect())));
        } else if c == ':' && at(i + 1) == ':' {
            out.push((line, Token::PathSep));
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push((line, Token::Punct(c)));
            }
            i += 1;
        }
    }
    out
}

/// Resolves a path as written in module `here` to an absolute one, or `None` when it does
/// not start from the crate (an external crate, a local name).
fn absolute(here: &[String], written: &[String]) -> Option<Vec<String>> {
    let mut segs = written.iter().peekable();
    let mut base: Vec<String> = match segs.peek()?.as_str() {
        "crate" => {
            segs.next();
            Vec::new()
        }
        "self" => {
            segs.next();
            here.to_vec()
        }
        "super" => here.to_vec(),
        _ => return None,
    };
    while segs.peek().is_some_and(|s| s.as_str() == "super") {
        segs.next();
        base.pop()?;
    }
    base.extend(segs.cloned());
    Some(base)
}

/// Expands a `use` tree starting at `toks[*i]` into full written paths.
fn use_tree(
    toks: &[(usize, Token)],
    i: &mut usize,
    prefix: Vec<String>,
    out: &mut Vec<(usize, Vec<String>)>,
) {
    let mut path = prefix;
    let line = toks.get(*i).map_or(0, |t| t.0);
    loop {
        match toks.get(*i).map(|t| &t.1) {
            Some(Token::Ident(name)) => {
                // `use a::{self, b}`: `self` names `a` itself.
                if name != "self" || path.is_empty() {
                    path.push(name.clone());
                }
                *i += 1;
                if toks.get(*i).map(|t| &t.1) == Some(&Token::Ident("as".into())) {
                    *i += 2;
                    out.push((line, path));
                    return;
                }
            }
            Some(Token::PathSep) => *i += 1,
            Some(Token::Punct('{')) => {
                *i += 1;
                loop {
                    match toks.get(*i).map(|t| &t.1) {
                        Some(Token::Punct('}')) => {
                            *i += 1;
                            return;
                        }
                        Some(Token::Punct(',')) => *i += 1,
                        None => return,
                        _ => use_tree(toks, i, path.clone(), out),
                    }
                }
            }
            Some(Token::Punct('*')) => {
                *i += 1;
                out.push((line, path));
                return;
            }
            _ => {
                out.push((line, path));
                return;
            }
        }
    }
}

/// Every crate-relative module path the file names, resolved from module `module`.
fn named_paths(module: &[String], text: &str) -> Vec<Named> {
    let toks = tokens(text);
    let mut out = Vec::new();
    // Inline modules: (name, brace depth at which they close).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    let here = |inline: &[(String, usize)]| {
        let mut m = module.to_vec();
        m.extend(inline.iter().map(|(n, _)| n.clone()));
        m
    };
    while i < toks.len() {
        let (line, tok) = &toks[i];
        match tok {
            Token::Punct('{') => {
                depth += 1;
                i += 1;
            }
            Token::Punct('}') => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth -= 1;
                i += 1;
            }
            Token::Ident(kw) if kw == "mod" => {
                if let (Some((_, Token::Ident(name))), Some((_, Token::Punct('{')))) =
                    (toks.get(i + 1), toks.get(i + 2))
                {
                    inline.push((name.clone(), depth + 1));
                }
                i += 1;
            }
            Token::Ident(kw) if kw == "use" => {
                i += 1;
                let mut written = Vec::new();
                use_tree(&toks, &mut i, Vec::new(), &mut written);
                let here = here(&inline);
                for (l, w) in written {
                    if let Some(path) = absolute(&here, &w) {
                        out.push(Named { line: l, path });
                    }
                }
            }
            Token::Ident(first) if matches!(first.as_str(), "crate" | "super" | "self") => {
                let preceded_by_sep = i > 0 && toks[i - 1].1 == Token::PathSep;
                let mut written = vec![first.clone()];
                i += 1;
                while let (Some((_, Token::PathSep)), Some((_, Token::Ident(n)))) =
                    (toks.get(i), toks.get(i + 1))
                {
                    written.push(n.clone());
                    i += 2;
                }
                if !preceded_by_sep
                    && written.len() > 1
                    && let Some(path) = absolute(&here(&inline), &written)
                {
                    out.push(Named { line: *line, path });
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// The deepest module of the tree that `path` lies in.
fn resolve<'a>(modules: &'a BTreeSet<Vec<String>>, path: &[String]) -> Option<&'a Vec<String>> {
    (0..=path.len()).rev().find_map(|n| modules.get(&path[..n]))
}

/// The children of one module, as graph nodes, and the edges between them.
type Siblings<'a> = (Vec<&'a str>, petgraph::graph::DiGraph<(), ()>);

/// One edge between siblings: the file and line that make it.
type Witness = String;

/// The cycles among siblings, each as `a -> b -> a` followed by one witness per edge.
fn cycles(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.retain(|f| !f.ends_with("main.rs"));
    let modules: BTreeSet<Vec<String>> = files
        .iter()
        .map(|f| module_of(f.strip_prefix(src).unwrap()))
        .collect();
    // (parent, from child, to child) -> the first place that makes the edge.
    let mut edges: BTreeMap<(Vec<String>, String, String), Witness> = BTreeMap::new();
    for f in &files {
        let rel = f.strip_prefix(src).unwrap();
        let first = rel.iter().next().unwrap().to_string_lossy();
        if NOT_CHECKED_YET.contains(&first.as_ref()) {
            continue;
        }
        let from = module_of(rel);
        let text = std::fs::read_to_string(f).unwrap();
        for named in named_paths(&from, &text) {
            let Some(to) = resolve(&modules, &named.path) else {
                continue;
            };
            let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
            // A module and its own descendants: the interface rule above.
            if common == from.len() || common == to.len() {
                continue;
            }
            edges
                .entry((
                    from[..common].to_vec(),
                    from[common].clone(),
                    to[common].clone(),
                ))
                .or_insert_with(|| {
                    format!(
                        "{}:{}: names {}",
                        rel.display(),
                        named.line,
                        named.path.join("::")
                    )
                });
        }
    }
    // Per parent: its children as graph nodes, and the edges between them.
    let mut by_parent: BTreeMap<&[String], Siblings> = BTreeMap::new();
    for (parent, a, b) in edges.keys() {
        let (names, graph) = by_parent.entry(parent).or_default();
        let mut ends = [a.as_str(), b.as_str()].map(|n| match names.iter().position(|x| *x == n) {
            Some(i) => petgraph::graph::NodeIndex::new(i),
            None => {
                names.push(n);
                graph.add_node(())
            }
        });
        let (a, b) = (ends[0], ends[1]);
        ends.reverse();
        graph.add_edge(a, b, ());
    }
    let mut out = Vec::new();
    for (parent, (names, graph)) in &by_parent {
        for scc in petgraph::algo::tarjan_scc(graph) {
            if scc.len() < 2 {
                continue;
            }
            let scc: Vec<&str> = scc.iter().map(|ix| names[ix.index()]).collect();
            let mut members = scc.clone();
            members.sort();
            let prefix = |m: &str| {
                let mut p = parent.to_vec();
                p.push(m.to_string());
                p.join("::")
            };
            let mut report = format!(
                "cycle between {}:",
                members
                    .iter()
                    .map(|m| prefix(m))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            for a in &members {
                for b in &members {
                    if let Some(w) = edges.get(&(parent.to_vec(), a.to_string(), b.to_string())) {
                        report.push_str(&format!("\n  {} -> {}  ({w})", prefix(a), prefix(b)));
                    }
                }
            }
            out.push(report);
        }
    }
    out
}

#[test]
fn modules_of_src_import_each_other_in_one_direction_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = cycles(&src);
    assert!(
        found.is_empty(),
        "import cycles in src/:\n{}",
        found.join("\n")
    );
}

/// The checker itself finds a cycle between siblings, through a nested use group, an
/// inline path and `super::super`, and ignores comments, strings and a test module's
/// `use super::*`.
#[test]
fn the_checker_finds_a_planted_cycle_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    let write = |p: &str, text: &str| {
        let p = src.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("lib.rs", "pub mod a;\npub mod b;\npub mod c;\n");
    write("a/mod.rs", "pub mod x;\npub mod y;\nuse self::x::X;\n");
    write(
        "a/x.rs",
        "use super::{y::{self, Y}};\n// crate::c::C in a comment\n",
    );
    write(
        "a/y.rs",
        "pub fn f() { let s = \"crate::c\"; let c = '{'; super::super::b::g(); }\n\
         #[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
    );
    write("b.rs", "pub fn g() { crate::a::x::h(); }\n");
    write("c.rs", "use crate::a::Thing;\n");
    assert_eq!(cycles(src), vec![
        "cycle between a, b:\n  a -> b  (a/y.rs:1: names b::g)\n  b -> a  (b.rs:1: names a::x::h)".to_string()
    ]);
    write("a/y.rs", "use super::x;\n");
    let found = cycles(src);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("cycle between a::x, a::y:"),
        "{found:?}"
    );
}
