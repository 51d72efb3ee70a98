//! The component map (stores, roles, entities) and which store owns each entity.

use super::{ordered_stores, role_text};
use crate::export::escape::{cell, inline};
use crate::session::{Session, StoreRole};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

pub(super) fn component_map(w: &mut String, s: &Session) {
    let _ = writeln!(w, "## Component map\n");
    if s.stores.is_empty() {
        let _ = writeln!(w, "No stores recorded yet: `<TBD>`\n");
    } else {
        let _ = writeln!(
            w,
            "| Store | Role | Entities | Access |\n| --- | --- | --- | --- |"
        );
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
            let _ = writeln!(
                w,
                "| {name} | {} | {entities} | {access} |",
                role_text(st.role)
            );
        }
        let _ = writeln!(w);
        entity_table(w, s);
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
        let _ = writeln!(
            w,
            "Flows name stores that are not in this map: {}. Add them with their role.\n",
            names.join(", ")
        );
    }
}

/// Which store is authoritative for each entity: exactly one should be.
fn entity_table(w: &mut String, s: &Session) {
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
    let _ = writeln!(
        w,
        "| Entity | System of record | Derived views |\n| --- | --- | --- |"
    );
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
        let _ = writeln!(w, "| {} | {sor_text} | {} |", cell(entity), join(derived));
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
    let _ = writeln!(w);
    if !warnings.is_empty() {
        for line in warnings {
            let _ = writeln!(w, "{line}");
        }
        let _ = writeln!(w);
    }
}
