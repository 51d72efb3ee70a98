//! The component map (stores, roles, entities) and which store owns each entity.

use super::{ordered_stores, role_text};
use crate::export::escape::{cell, inline};
use crate::export::markdown::Markdown;
use crate::session::{Session, StoreRole};
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn component_map(md: &mut Markdown, s: &Session) {
    md.heading(2, "Component map");
    if s.stores.is_empty() {
        md.para("No stores recorded yet: `<TBD>`");
    } else {
        md.table(&["Store", "Role", "Entities", "Access"]);
        for st in ordered_stores(s) {
            let name = if st.kind.trim().is_empty() || st.kind.trim() == st.name.trim() {
                cell(&st.name)
            } else {
                format!("{} ({})", cell(&st.name), inline(&st.kind))
            };
            let entities: Vec<String> = st.entities.iter().map(|e| inline(e)).collect();
            let entities = if entities.is_empty() {
                "`<TBD>`".to_string()
            } else {
                entities.join(", ")
            };
            let access = if st.access.trim().is_empty() {
                "`<TBD>`".to_string()
            } else {
                cell(&st.access)
            };
            md.row(&[name.as_str(), role_text(st.role), &entities, &access]);
        }
        md.blank();
        entity_table(md, s);
    }
    let declared: BTreeSet<&str> = s.stores.iter().map(|st| st.name.as_str()).collect();
    let mut missing: Vec<&str> = Vec::new();
    for f in &s.flows {
        for end in [f.from.as_str(), f.to.as_str()] {
            if !declared.contains(end) && !missing.contains(&end) {
                missing.push(end);
            }
        }
    }
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|m| inline(m)).collect();
        md.para(format_args!(
            "Flows name stores that are not in this map: {}. Add them with their role.",
            names.join(", ")
        ));
    }
}

/// Which store is authoritative for each entity: exactly one should be.
fn entity_table(md: &mut Markdown, s: &Session) {
    let mut entities: BTreeMap<&str, (Vec<&str>, Vec<&str>)> = BTreeMap::new();
    for st in &s.stores {
        for e in &st.entities {
            let slot = entities.entry(e.as_str()).or_default();
            match st.role {
                StoreRole::SystemOfRecord => slot.0.push(&st.name),
                StoreRole::Derived => slot.1.push(&st.name),
            }
        }
    }
    if entities.is_empty() {
        return;
    }
    md.table(&["Entity", "System of record", "Derived views"]);
    let mut warnings = Vec::new();
    for (entity, (sor, derived)) in &entities {
        let join = |v: &[&str]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.iter().map(|x| inline(x)).collect::<Vec<_>>().join(", ")
            }
        };
        let sor_text = if sor.is_empty() {
            "`<TBD>`".to_string()
        } else {
            join(sor)
        };
        md.row(&[cell(entity), sor_text, join(derived)]);
        if sor.len() > 1 {
            warnings.push(format!(
                "- **{}** has {} systems of record ({}): decide which one is authoritative and derive the other from it.",
                inline(entity),
                sor.len(),
                join(sor)
            ));
        } else if sor.is_empty() {
            warnings.push(format!(
                "- **{}** has no system of record: name the store whose value is right by definition.",
                inline(entity)
            ));
        }
    }
    md.blank();
    if !warnings.is_empty() {
        for line in warnings {
            md.line(line);
        }
        md.blank();
    }
}
