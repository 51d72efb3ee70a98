//! Exporters: documents derived from a session. Rendering is pure (same session, same
//! bytes); the `files` module is the only part that touches the file system.

pub mod adr;
pub mod artifacts;
pub mod catalog;
pub mod contract;
pub mod design;
pub mod escape;
pub mod files;
pub mod index;
pub mod integration;
pub mod json;
pub mod launch;
pub mod review;
pub mod runbook;
pub mod tree;
