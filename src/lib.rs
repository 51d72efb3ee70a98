//! design-advisor: a terminal design advisor for data-intensive and distributed systems.
//!
//! The core (`kb`, `rules`, `session`, `engine`, `export`, `catalog`, `workflow`) is plain Rust with no terminal
//! dependency; `cli` is the headless command line and `tui` the terminal shell.

pub mod catalog;
pub mod cli;
pub mod engine;
pub mod export;
pub mod kb;
pub mod rules;
pub mod session;
pub mod text;
pub mod tui;
pub mod workflow;

/// The self-check lives with the exporters whose output it reads; this keeps its path.
pub use export::selfcheck;
