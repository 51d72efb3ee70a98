//! Exporters: documents derived from a session. Each kind of document is an entry of
//! data/artifacts.toml and a renderer (`registry`, listed in `artifacts`); `paths` builds
//! every path from the kind's template and `markdown` is the writer the renderers share.
//! Rendering is pure (same session, same bytes); `selfcheck` reads what the renderers
//! produce, and `files`, the only part that touches the file system, writes it once the
//! self-check allows.

pub mod adr;
pub mod artifacts;
pub mod blocks;
pub mod catalog;
pub mod contract;
pub mod ctx;
pub mod decided;
pub mod design;
pub mod escape;
pub mod files;
pub mod index;
pub mod integration;
pub mod json;
pub mod launch;
pub mod markdown;
pub mod paths;
pub mod registry;
pub mod related;
pub mod review;
pub mod runbook;
pub mod selfcheck;
pub mod supersessions;
pub mod tree;
