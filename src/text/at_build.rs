//! The knowledge base's string type as build.rs compiles it (see src/kb/at_build.rs),
//! with the string table being baked: `Text` serialises each string as its place in it.
//! Not part of the program's module tree.
#![allow(dead_code)]

#[path = "baked.rs"]
pub mod baked;

pub use baked::Text;

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
