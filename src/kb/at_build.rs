//! The knowledge base as build.rs compiles it: the model and the validation passes, so
//! the built-in pack is validated when it is baked (see build.rs). Not part of the
//! program's module tree; `crate::rules` is build.rs's copy of src/rules.
#![allow(dead_code, unused_imports)]

#[path = "base.rs"]
mod base;
#[path = "diagnostic.rs"]
mod diagnostic;
#[path = "documents.rs"]
pub mod documents;
#[path = "located.rs"]
pub mod located;
#[path = "model.rs"]
pub mod model;
#[path = "text.rs"]
pub mod text;
#[path = "validate/mod.rs"]
pub mod validate;

pub use base::KnowledgeBase;

/// The string table being baked, and where each distinct string already in it is.
#[derive(Default)]
struct StringTable {
    text: String,
    seen: std::collections::HashMap<String, (u32, u32)>,
}

thread_local! {
    static TABLE: std::cell::RefCell<StringTable> = Default::default();
}

/// Places `s` in the string table being baked (once per distinct string) and says where.
fn bake_string(s: &str) -> Option<(u32, u32)> {
    TABLE.with(|t| {
        let table = &mut *t.borrow_mut();
        if let Some(place) = table.seen.get(s) {
            return Some(*place);
        }
        let start = u32::try_from(table.text.len()).ok()?;
        let place = (start, u32::try_from(s.len()).ok()?);
        table.text.push_str(s);
        table.seen.insert(s.to_owned(), place);
        Some(place)
    })
}

/// The string table baked so far, emptied.
pub fn take_string_table() -> String {
    TABLE.with(|t| std::mem::take(&mut *t.borrow_mut()).text)
}

/// Nothing is baked while build.rs runs: strings it decodes come from TOML.
fn baked_strings() -> &'static str {
    ""
}
