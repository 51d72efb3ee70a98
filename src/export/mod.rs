//! Exporters: documents derived from a session. Rendering is pure (same session, same
//! bytes); the `files` module is the only part that touches the file system.

pub mod design;
pub mod escape;
pub mod files;
pub mod json;
pub mod tree;
