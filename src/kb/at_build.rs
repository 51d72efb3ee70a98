//! The knowledge base as build.rs compiles it: the model and the validation passes, so
//! the built-in pack is validated when it is baked (see build.rs). Not part of the
//! program's module tree; `crate::rules` and `crate::text` are build.rs's copies of
//! src/rules and of the knowledge base's string type (src/text/at_build.rs).
#![allow(dead_code, unused_imports)]

#[path = "base.rs"]
mod base;
#[path = "deferred.rs"]
pub mod deferred;
#[path = "diagnostic.rs"]
mod diagnostic;
#[path = "documents.rs"]
pub mod documents;
#[path = "located.rs"]
pub mod located;
#[path = "model.rs"]
pub mod model;
#[path = "validate/mod.rs"]
pub mod validate;

pub use crate::text::Text;
pub use base::KnowledgeBase;

// The table of deferred values being baked (see `Deferred`), one after another.
thread_local! {
    static BLOBS: std::cell::RefCell<Vec<u8>> = Default::default();
}

/// Places a deferred value's bytes in the table being baked and says where.
fn bake_blob(bytes: &[u8]) -> Option<(u32, u32)> {
    BLOBS.with(|t| {
        let table = &mut *t.borrow_mut();
        let place = (
            u32::try_from(table.len()).ok()?,
            u32::try_from(bytes.len()).ok()?,
        );
        table.extend_from_slice(bytes);
        Some(place)
    })
}

/// The table of deferred values baked so far, emptied.
pub fn take_blob_table() -> Vec<u8> {
    BLOBS.with(|t| std::mem::take(&mut *t.borrow_mut()))
}

/// Nothing is baked while build.rs runs: values it decodes come from TOML.
fn baked_blobs() -> &'static [u8] {
    &[]
}
