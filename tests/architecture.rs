//! The core stays free of front-end code: only src/tui and src/main.rs may use the
//! terminal crates, and only src/cli and src/main.rs the command-line parser, so the
//! headless commands and the tests never depend on a terminal, and a second front end
//! needs neither.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every line of a file under src/ (outside `allowed`, paths relative to src/) that uses
/// one of `crates`, as "file:line: text".
fn uses_outside(crates: &[&str], allowed: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() >= 30,
        "expected the modules under src/, found {}",
        files.len()
    );
    files.sort();
    let mut offenders = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        if allowed.iter().any(|a| rel.starts_with(a)) {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap();
            if crates
                .iter()
                .any(|c| code.contains(&format!("{c}::")) || code.contains(&format!("use {c}")))
            {
                offenders.push(format!("{}:{}: {}", rel.display(), i + 1, line.trim()));
            }
        }
    }
    offenders
}

#[test]
fn core_modules_do_not_import_terminal_crates() {
    let offenders = uses_outside(
        &["ratatui", "crossterm", "ratatui_textarea"],
        &["tui", "main.rs"],
    );
    assert!(
        offenders.is_empty(),
        "terminal code in the core:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn only_the_command_line_uses_clap() {
    let offenders = uses_outside(&["clap"], &["cli", "main.rs"]);
    assert!(
        offenders.is_empty(),
        "clap outside src/cli and src/main.rs:\n{}",
        offenders.join("\n")
    );
}
