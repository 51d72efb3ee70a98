//! Everything the command line prints goes through here. Text from sessions, knowledge
//! packs, files and arguments passes the one sanitiser (`text::sanitize`), so no control
//! sequence reaches the terminal; and a closed or failing standard output (`| head -1`,
//! /dev/full, a file-size limit) becomes an error the caller returns, never a panic.

use crate::text::sanitize;
use std::io::Write;

/// Standard output could not be written; `main` exits 0 for a closed pipe (the reader
/// had enough) and 1 with a message for any other failure.
#[derive(Debug, thiserror::Error)]
#[error("writing to standard output: {0}")]
pub struct StdoutFailed(#[source] pub std::io::Error);

/// Writes whole lines of output, sanitised (line feeds and tabs kept).
pub fn print(text: &str) -> Result<(), StdoutFailed> {
    let clean = sanitize::block(text);
    let mut out = std::io::stdout().lock();
    out.write_all(clean.as_bytes())
        .and_then(|()| out.flush())
        .map_err(StdoutFailed)
}

/// Writes a JSON document and a line feed; C1 and bidi controls are `\u` escapes.
pub fn json(value: &serde_json::Value) -> Result<(), StdoutFailed> {
    let text = serde_json::to_string_pretty(value).expect("a JSON value always serialises");
    print(&format!("{}\n", sanitize::json(&text)))
}

/// Writes to standard error, sanitised; a failure there has nowhere to be reported.
pub fn eprint(text: &str) {
    let clean = sanitize::block(text);
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(clean.as_bytes()).and_then(|()| err.flush());
}

/// One value of user or pack text inside a line: line breaks escaped too.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    sanitize::line(text)
}
