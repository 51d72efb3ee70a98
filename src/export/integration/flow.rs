//! The data-flow diagram, and the write and read paths through the stores.

use super::{mechanism_text, ordered_stores, role_text};
use crate::export::escape::{inline, mermaid_label};
use crate::export::markdown::Markdown;
use crate::session::{Flow, Mechanism, Session, Store, StoreRole};
use std::collections::{BTreeMap, BTreeSet};

/// Mermaid node ids: stores by their place in the session, undeclared flow ends after them.
fn node_ids(s: &Session) -> BTreeMap<&str, String> {
    let mut ids = BTreeMap::new();
    for (i, st) in s.stores.iter().enumerate() {
        ids.entry(st.name.as_str()).or_insert(format!("s{i}"));
    }
    let mut extra = 0;
    for f in &s.flows {
        for end in [f.from.as_str(), f.to.as_str()] {
            if !ids.contains_key(end) {
                ids.insert(end, format!("x{extra}"));
                extra += 1;
            }
        }
    }
    ids
}

fn flow_label(f: &Flow) -> String {
    let entity = if f.entity.trim().is_empty() {
        "data"
    } else {
        f.entity.as_str()
    };
    let how = if f.mechanism == Mechanism::AppDualWrite {
        "dual write".to_string()
    } else if f.via.trim().is_empty() {
        mechanism_text(f.mechanism).to_string()
    } else {
        format!("{} via {}", mechanism_text(f.mechanism), f.via)
    };
    format!("{entity}: {how}")
}

pub(super) fn data_flow(md: &mut Markdown, s: &Session) {
    md.heading(2, "Data flow");
    if s.flows.is_empty() && s.stores.is_empty() {
        md.para("No flows recorded yet: `<TBD>`");
        return;
    }
    let ids = node_ids(s);
    md.line("```mermaid\nflowchart LR");
    let mut declared = BTreeSet::new();
    for st in &s.stores {
        let id = &ids[st.name.as_str()];
        if !declared.insert(id.clone()) {
            continue;
        }
        let label = mermaid_label(&st.name);
        match st.role {
            StoreRole::SystemOfRecord => {
                md.line(format_args!("    {id}[(\"{label}\")]"));
            }
            StoreRole::Derived => {
                md.line(format_args!("    {id}(\"{label}\")"));
            }
        }
    }
    for f in &s.flows {
        for end in [f.from.as_str(), f.to.as_str()] {
            let id = &ids[end];
            if declared.insert(id.clone()) {
                md.line(format_args!(
                    "    {id}[\"{} (not in the map)\"]",
                    mermaid_label(end)
                ));
            }
        }
    }
    for f in &s.flows {
        let arrow = if f.mechanism == Mechanism::AppDualWrite {
            "-.->"
        } else {
            "-->"
        };
        md.line(format_args!(
            "    {} {arrow}|\"{}\"| {}",
            ids[f.from.as_str()],
            // A pipe would end the edge label early.
            mermaid_label(&flow_label(f)).replace('|', "#124;"),
            ids[f.to.as_str()]
        ));
    }
    md.para("```");
    if s.flows
        .iter()
        .any(|f| f.mechanism == Mechanism::AppDualWrite)
    {
        md.para("Dotted arrows are dual writes: the application writes both stores itself.");
    }
    write_path(md, s);
    read_path(md, s);
}

fn write_path(md: &mut Markdown, s: &Session) {
    md.heading(3, "Write path");
    let sors: Vec<&Store> = s
        .stores
        .iter()
        .filter(|st| st.role == StoreRole::SystemOfRecord)
        .collect();
    if sors.is_empty() {
        md.bullet("No system of record recorded: `<TBD>`");
    }
    let mut listed = vec![false; s.flows.len()];
    for st in &sors {
        let entities: Vec<String> = st.entities.iter().map(|e| inline(e)).collect();
        let entities = if entities.is_empty() {
            "`<TBD>`".to_string()
        } else {
            entities.join(", ")
        };
        md.bullet(format_args!(
            "Writes enter **{}**, the system of record for {entities}.",
            inline(&st.name)
        ));
        let mut seen = BTreeSet::from([st.name.as_str()]);
        downstream(md, s, &st.name, 1, &mut seen, &mut listed);
    }
    let rest: Vec<&Flow> = s
        .flows
        .iter()
        .zip(&listed)
        .filter(|(_, l)| !**l)
        .map(|(f, _)| f)
        .collect();
    if !rest.is_empty() {
        md.bullet("Flows that do not start from a system of record:");
        for f in rest {
            md.nested(1, flow_line(f));
        }
    }
    md.blank();
}

fn flow_line(f: &Flow) -> String {
    let entity = if f.entity.trim().is_empty() {
        "`<TBD: entity>`".to_string()
    } else {
        inline(&f.entity)
    };
    let how = if f.mechanism == Mechanism::AppDualWrite {
        "by dual write".to_string()
    } else if f.via.trim().is_empty() {
        format!("by {}", mechanism_text(f.mechanism))
    } else {
        format!("by {} via {}", mechanism_text(f.mechanism), inline(&f.via))
    };
    format!("{} → {}: {entity}, {how}", inline(&f.from), inline(&f.to))
}

/// The flows leaving `from`, then theirs, indented by depth; each flow once.
fn downstream<'s>(
    md: &mut Markdown,
    s: &'s Session,
    from: &str,
    depth: usize,
    seen: &mut BTreeSet<&'s str>,
    listed: &mut [bool],
) {
    for (i, f) in s.flows.iter().enumerate() {
        if f.from != from || listed[i] {
            continue;
        }
        listed[i] = true;
        md.nested(depth, flow_line(f));
        if seen.insert(f.to.as_str()) {
            downstream(md, s, &f.to, depth + 1, seen, listed);
        }
    }
}

fn read_path(md: &mut Markdown, s: &Session) {
    md.heading(3, "Read path");
    if s.stores.is_empty() {
        md.bullet("`<TBD>`").blank();
        return;
    }
    for st in ordered_stores(s) {
        let access = if st.access.trim().is_empty() {
            "`<TBD>`".to_string()
        } else {
            inline(&st.access)
        };
        let fed: Vec<String> = s
            .flows
            .iter()
            .filter(|f| f.to == st.name)
            .map(|f| {
                if f.mechanism == Mechanism::AppDualWrite {
                    format!("{} by dual write", inline(&f.from))
                } else {
                    format!("{} by {}", inline(&f.from), mechanism_text(f.mechanism))
                }
            })
            .collect();
        let fed = if fed.is_empty() {
            String::new()
        } else {
            format!(", fed from {}", fed.join(" and "))
        };
        md.bullet(format_args!(
            "{access} → **{}** ({}{fed})",
            inline(&st.name),
            role_text(st.role)
        ));
    }
    md.blank();
}
