//! The knowledge base as build.rs compiles it: the model and the validation passes, so
//! the built-in pack is validated when it is baked (see build.rs). Not part of the
//! program's module tree; `crate::rules` and `crate::text` are build.rs's copies of
//! src/rules and of the knowledge base's string type (src/text/at_build.rs).
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
#[path = "validate/mod.rs"]
pub mod validate;

pub use crate::text::Text;
pub use base::KnowledgeBase;
