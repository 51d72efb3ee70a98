//! The core stays free of terminal code: only src/tui and src/main.rs may use the
//! terminal crates, so the headless commands and the tests never depend on a terminal.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn core_modules_do_not_import_terminal_crates() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for core in [
        "kb",
        "rules",
        "session",
        "engine",
        "export",
        "selfcheck",
        "cli",
    ] {
        rust_files(&src.join(core), &mut files);
    }
    files.push(src.join("catalog.rs"));
    assert!(
        files.len() >= 15,
        "expected the core modules under src/, found {}",
        files.len()
    );
    let mut offenders = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap();
            if ["ratatui", "crossterm", "ratatui_textarea"]
                .iter()
                .any(|c| code.contains(&format!("{c}::")) || code.contains(&format!("use {c}")))
            {
                offenders.push(format!(
                    "{}:{}: {}",
                    f.strip_prefix(&src).unwrap().display(),
                    i + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "terminal code in the core:\n{}",
        offenders.join("\n")
    );
}
