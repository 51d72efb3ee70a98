//! Exporters: documents derived from a session. Rendering is pure (same session, same
//! bytes); `selfcheck` reads what the renderers produce, and `files`, the only part that
//! touches the file system, writes it once the self-check allows.

pub mod adr;
pub mod artifacts;
pub mod catalog;
pub mod contract;
pub mod ctx;
pub mod design;
pub mod escape;
pub mod files;
pub mod index;
pub mod integration;
pub mod json;
pub mod launch;
pub mod paths;
pub mod review;
pub mod runbook;
pub mod selfcheck;
pub mod tree;
