//! Text at the program's edges: what reaches a terminal or a JSON document from user or
//! pack text (`sanitize`), input files read with bounds (`read`), and file names that are
//! safe on every platform (`names`); and the string type of the knowledge base and its
//! rules, which borrows from the binary's string table (`baked`).

pub mod baked;
pub mod names;
pub mod read;
pub mod sanitize;

pub use baked::Text;

mod strings {
    include!(concat!(env!("OUT_DIR"), "/strings.rs"));
}

/// The baked pack's string table, which its strings borrow (see `Text`).
pub(crate) fn baked_strings() -> &'static str {
    strings::BUILTIN_STRINGS
}

/// Only build.rs places strings in the table (see `Text`'s serialisation).
fn bake_string(_: &str) -> Option<(u32, u32)> {
    None
}
