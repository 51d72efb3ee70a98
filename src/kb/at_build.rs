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

/// Nothing is baked yet while build.rs runs: every decoded string is owned.
fn baked_bytes() -> &'static [u8] {
    &[]
}
