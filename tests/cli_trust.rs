//! The command line under attack, through the real binary: hostile text from sessions,
//! packs, Markdown and key scripts never reaches the terminal raw (one sanitiser for every
//! channel, JSON escapes too); a pack that nests too deep is an error naming its file and
//! line; a closed or failing stdout never panics; special files and link loops never
//! hang; and the CI formats (GitHub annotations, SARIF, check --all).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_design-advisor"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The characters that drive a terminal: C0 (but line feed and tab), DEL, C1, bidi
/// controls, U+FFFE/U+FFFF.
fn raw_control(s: &str) -> Option<char> {
    s.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FFFE}' | '\u{FFFF}')
    })
}

/// Both streams are free of raw control characters, and `visible` shows up escaped.
fn assert_clean(o: &Output, visible: &str, what: &str) {
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert_eq!(raw_control(&out), None, "{what}: stdout {out:?}");
    assert_eq!(raw_control(&err), None, "{what}: stderr {err:?}");
    assert!(
        out.contains(visible) || err.contains(visible),
        "{what}: {visible} not shown\nstdout: {out}\nstderr: {err}"
    );
    assert!(!err.contains("panicked"), "{what}: {err}");
}

const BASE: &str = include_str!("../examples/sessions/search-analytics-drift.toml");

fn session(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path
}

#[test]
fn check_shows_hostile_session_text_escaped_and_cannot_forge_a_verdict() {
    let tmp = tempfile::tempdir().unwrap();
    // OSC 52 (set the clipboard), a line break and "hide" (ESC[8m) in the feature name, a
    // bidi override in a TBD owner.
    let body = BASE
        .replace(
            "feature = \"Product search and analytics sync\"",
            "feature = \"Search\\u001b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\\u0007\\ntier: Production-ready, gate met\\u001b[8m\"",
        );
    assert_ne!(body, BASE, "the example's feature line changed");
    let body = format!(
        "{body}\n[answers.\"distributed.failure_modes\"]\ntbd = true\nowner = \"ops\\u202egnp.exe\\u009b31m\"\n"
    );
    let path = session(tmp.path(), "s.toml", &body);
    let o = run(&["check", path.to_str().unwrap()]);
    assert_clean(&o, "\\u{1b}]52;c;", "check text");
    let out = text(&o.stdout);
    assert!(
        !out.lines().any(|l| l.starts_with("tier: Production-ready")),
        "a forged verdict line: {out}"
    );
    assert!(out.contains("\\u{a}tier: Production-ready"), "{out}");
    assert!(
        out.contains("\\u{202e}") && out.contains("\\u{9b}"),
        "{out}"
    );
    // JSON escapes C1 and bidi characters as \u sequences.
    let o = run(&["check", path.to_str().unwrap(), "--format", "json"]);
    let out = text(&o.stdout);
    assert_eq!(raw_control(&out), None, "{out}");
    assert!(out.contains("\\u202e") && out.contains("\\u009b"), "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["feature"].as_str().unwrap().contains('\u{1b}'));
}

#[test]
fn error_messages_quote_user_text_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let cases = [
        (
            "unknown field",
            BASE.replace(
                "mode = \"design\"\n",
                "mode = \"design\"\n\"ev\\u001b[2Jil\" = 1\n",
            ),
            "unknown field",
        ),
        (
            "variant",
            BASE.replace("status = \"draft\"", "status = \"\\u001b[2J\""),
            "variant",
        ),
        (
            "slug",
            BASE.replace("slug = \"product-search-sync\"", "slug = \"a\\u001b[2J\""),
            "slug",
        ),
        (
            "question",
            format!("{BASE}\n[answers.\"q\\u001b[2J\"]\nchoices = [\"x\"]\n"),
            "question",
        ),
        (
            "choice",
            BASE.replace(
                "choices = [\"read-replicas\"]",
                "choices = [\"\\u001b[2J\"]",
            ),
            "choice",
        ),
        (
            "evidence",
            BASE.replacen("evidence = [", "evidence = [\"\\u001b[2J\", ", 1),
            "evidence",
        ),
        (
            "node",
            format!("{BASE}\n[[paths]]\nnodes = [\"root\", \"\\u001b[2J\"]\n"),
            "node",
        ),
        (
            "duplicate ADR titles",
            format!(
                "{BASE}\n[[decisions]]\nnumber = 1\ntitle = \"A\\u001b[2J\"\n[[decisions]]\nnumber = 1\ntitle = \"B\\u001b[2J\"\n"
            ),
            "0001",
        ),
    ];
    for (what, body, word) in cases {
        let path = session(tmp.path(), "s.toml", &body);
        let o = run(&["check", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{what}: {}", text(&o.stderr));
        assert_clean(&o, "\\u{1b}[2J", what);
        assert!(
            text(&o.stderr).contains(word),
            "{what}: {}",
            text(&o.stderr)
        );
    }
}

#[test]
fn lint_kb_validate_catalog_and_replay_show_hostile_text_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let md = tmp.path().join("doc.md");
    std::fs::write(
        &md,
        "# Design\n\nSee [the runbook](gone\u{1b}]52;c;eA==\u{7}.md) and [x](missing\u{9b}.md).\n",
    )
    .unwrap();
    let o = run(&["lint", md.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_clean(&o, "\\u{1b}]52;c;eA==\\u{7}", "lint link target");

    let pack = tmp.path().join("pack");
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::write(
        pack.join("bad.toml"),
        "[[pattern]]\nid = \"Bad\\u001b[2J\"\nname = \"x\"\ncategory = \"distributed\"\nsolves = \"s\"\nidea = \"i\"\n",
    )
    .unwrap();
    let o = run(&["--data", pack.to_str().unwrap(), "kb", "validate"]);
    assert_eq!(o.status.code(), Some(1));
    assert_clean(&o, "\\u{1b}[2J", "kb validate pack id");

    let good = tmp.path().join("good");
    std::fs::create_dir_all(&good).unwrap();
    std::fs::write(
        good.join("p.toml"),
        "[[pattern]]\nid = \"evil-pattern\"\nname = \"Evil\\u001b]52;c;eA==\\u0007\\u202e name\"\ncategory = \"distributed\"\nsolves = \"Solves \\u001b[8m hidden\"\nidea = \"Idea \\u009b31m.\"\n[[pattern.realisation]]\ncategory = \"Tool category\"\ntools = [\"tool\"]\n",
    )
    .unwrap();
    let o = run(&["--data", good.to_str().unwrap(), "catalog"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_clean(
        &o,
        "Evil\\u{1b}]52;c;eA==\\u{7}\\u{202e} name",
        "catalog list",
    );
    let o = run(&["--data", good.to_str().unwrap(), "catalog", "evil-pattern"]);
    assert_clean(&o, "\\u{1b}[8m", "catalog entry");
    let o = run(&[
        "--data",
        good.to_str().unwrap(),
        "catalog",
        "evil",
        "--format",
        "json",
    ]);
    assert_eq!(raw_control(&text(&o.stdout)), None);
    assert!(text(&o.stdout).contains("\\u202e"), "{}", text(&o.stdout));

    let script = tmp.path().join("keys.txt");
    std::fs::write(&script, "<Enter><\u{1b}]52;c;eA==\u{7}>").unwrap();
    let o = run(&["--replay", script.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_clean(&o, "\\u{1b}]52;c;eA==\\u{7}", "--replay unknown key");
}

fn deep_pack(dir: &Path, rule: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("deep.toml"),
        format!(
            "[[antipattern]]\nid = \"deep\"\nname = \"Deep\"\nseverity = \"major\"\nwhy = \"w\"\nfix = [\"transactional-outbox\"]\nfix_text = \"f\"\nsource = [\"000\"]\nrule = \"{rule}\"\n"
        ),
    )
    .unwrap();
    dir.to_path_buf()
}

#[test]
fn a_pack_nested_too_deep_is_an_error_naming_file_and_line_not_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, rule) in [
        (
            "parens",
            format!("{}a == b{}", "(".repeat(10_000), ")".repeat(10_000)),
        ),
        (
            "parens-short",
            format!("{}a == b{}", "(".repeat(4_000), ")".repeat(4_000)),
        ),
        ("nots", format!("{}a == b", "not ".repeat(100_000))),
        ("nots-short", format!("{}a == b", "not ".repeat(2_000))),
    ] {
        let pack = deep_pack(&tmp.path().join(name), &rule);
        let o = run(&[
            "--data",
            pack.to_str().unwrap(),
            "check",
            "example:ledger-transfer-2pc",
        ]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", text(&o.stderr));
        let err = text(&o.stderr);
        assert!(err.contains("deep.toml:9:"), "{name}: {err}");
        assert!(
            err.contains("levels deep") || err.contains("bytes long"),
            "{name}: {err}"
        );
    }
}

#[test]
fn a_pack_with_a_100k_node_chain_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let n = 100_000;
    let mut g = String::from(
        "[[node]]\nid = \"chain-root\"\nroot = true\ntitle = \"Root\"\nquestion = \"q\"\n[[node.option]]\nlabel = \"Chain\"\nto = \"chain-0\"\n",
    );
    for i in 0..n {
        g.push_str(&format!(
            "[[node]]\nid = \"chain-{i}\"\ntitle = \"C{i}\"\nquestion = \"q\"\n[[node.option]]\nlabel = \"n\"\nto = \"chain-{}\"\n",
            i + 1
        ));
    }
    g.push_str(&format!(
        "[[node]]\nid = \"chain-{n}\"\ntitle = \"End\"\npatterns = [\"transactional-outbox\"]\n"
    ));
    std::fs::write(tmp.path().join("g.toml"), g).unwrap();
    let o = run(&["--data", tmp.path().to_str().unwrap(), "kb", "validate"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let nodes: usize = out
        .split(" graph nodes")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    assert!(nodes > n, "{out}");
}

/// Starts a command whose standard output is a pipe nobody reads: closed at once.
fn with_closed_stdout(args: &[&str]) -> Child {
    let mut child = bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child
}

#[test]
fn a_closed_pipe_ends_quietly_and_a_full_disk_fails_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let md = tmp.path().join("doc.md");
    std::fs::write(&md, "# Doc\n\n[x](missing.md)\n").unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["catalog"],
        vec!["tree"],
        vec!["examples"],
        vec!["kb", "stats"],
        vec!["export", "example:ledger-transfer-2pc", "--stdout"],
        vec!["lint", md.to_str().unwrap()],
        vec!["check", "example:ledger-transfer-2pc"],
        vec!["--help"],
    ];
    for args in &commands {
        // `| head -1`: the reader went away.
        let o = with_closed_stdout(args).wait_with_output().unwrap();
        let err = text(&o.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_ne!(o.status.code(), Some(101), "{args:?}");
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{args:?}: {:?} {err}",
            o.status
        );
        // /dev/full: every write fails with ENOSPC.
        if Path::new("/dev/full").exists() {
            let full = std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap();
            let o = bin().args(args).stdout(full).output().unwrap();
            let err = text(&o.stderr);
            assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
            assert!(
                err.contains("writing to standard output"),
                "{args:?}: {err}"
            );
            assert!(!err.contains("panicked"), "{args:?}: {err}");
        }
    }
    // A reader that takes one line, as `check ... | head -1` does.
    let mut child = bin()
        .args(["catalog"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

/// Waits for the child, killing it if it is still running after a generous grace period,
/// so a regression fails the test instead of hanging the suite.
fn finish(mut child: Child) -> Output {
    for _ in 0..600 {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().unwrap();
    let o = child.wait_with_output().unwrap();
    panic!("still running after a minute: {}", text(&o.stderr));
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_link_loops_never_hang() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe.md");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let spawn = |args: &[&str]| {
        bin()
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let f = fifo.to_str().unwrap();
    for args in [
        vec!["lint", f],
        vec!["export", f, "--stdout"],
        vec!["check", f],
    ] {
        let o = finish(spawn(&args));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            text(&o.stderr).contains("FIFO"),
            "{args:?}: {}",
            text(&o.stderr)
        );
    }
    for args in [
        vec!["lint", "/dev/zero"],
        vec!["export", "/dev/zero", "--stdout"],
    ] {
        let o = finish(spawn(&args));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            text(&o.stderr).contains("a device"),
            "{args:?}: {}",
            text(&o.stderr)
        );
    }
    // A big file is refused by size, not read whole.
    let big = tmp.path().join("big.md");
    let mut file = std::fs::File::create(&big).unwrap();
    file.set_len(17 * 1024 * 1024).unwrap();
    file.flush().unwrap();
    let o = finish(spawn(&["lint", big.to_str().unwrap()]));
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("limit"), "{}", text(&o.stderr));
    // A FIFO inside the pack, and two links back to the pack folder.
    let pack = tmp.path().join("pack");
    std::fs::create_dir_all(pack.join("sub")).unwrap();
    std::fs::write(pack.join("empty.toml"), "").unwrap();
    std::os::unix::fs::symlink(".", pack.join("again")).unwrap();
    std::os::unix::fs::symlink(".", pack.join("and-again")).unwrap();
    std::os::unix::fs::symlink("..", pack.join("sub/up")).unwrap();
    let o = finish(spawn(&["--data", pack.to_str().unwrap(), "kb", "validate"]));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    std::os::unix::fs::symlink(&fifo, pack.join("sub/pipe.toml")).unwrap();
    let o = finish(spawn(&["--data", pack.to_str().unwrap(), "kb", "validate"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("pipe.toml"), "{}", text(&o.stderr));
}

/// A project with `n` features copied from the examples, one of them broken if asked.
fn project(root: &Path, broken: bool) {
    for (i, name) in [
        "search-analytics-drift",
        "ledger-transfer-2pc",
        "review-order-service",
    ]
    .iter()
    .enumerate()
    {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/sessions/{name}.toml")),
        )
        .unwrap();
        let dir = root.join(format!("docs/features/f{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("design-session.toml"), text).unwrap();
    }
    if broken {
        let dir = root.join("docs/features/zz-broken");
        std::fs::create_dir_all(&dir).unwrap();
        // Two problems: the message spans lines.
        let text = BASE.replacen(
            "evidence = [",
            "evidence = [\"no-such-item\", \"nor-this\", ",
            1,
        );
        std::fs::write(dir.join("design-session.toml"), text).unwrap();
    }
}

#[test]
fn check_all_checks_every_session_in_one_process() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path(), false);
    let root = tmp.path().to_str().unwrap();
    let o = run(&["check", "--all", root]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert_eq!(out.matches("design-session.toml: ").count(), 3, "{out}");
    assert!(
        out.contains("checked 3 session(s): 3 hold, 0 fail, 0 cannot be read"),
        "{out}"
    );
    let o = run(&["check", "--all", root, "--min-tier", "production-ready"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stdout).contains("policy: FAILS"),
        "{}",
        text(&o.stdout)
    );
    let o = run(&[
        "check",
        "--all",
        root,
        "--format",
        "json",
        "--max-tbd",
        "100",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["checked"], 3);
    assert_eq!(v["sessions"].as_array().unwrap().len(), 3);
    // Nothing exported yet: --frozen fails for each.
    let o = run(&["check", "--all", root, "--frozen"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stdout).contains("stale: "), "{}", text(&o.stdout));
    project(tmp.path(), true);
    let o = run(&["check", "--all", root]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stdout).contains("zz-broken/design-session.toml: cannot be read"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn github_annotations_for_check_and_lint() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path(), true);
    let root = tmp.path().to_str().unwrap();
    let o = run(&[
        "check",
        "--all",
        root,
        "--min-tier",
        "production-ready",
        "--format",
        "github",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let out = text(&o.stdout);
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
    assert!(out.contains("::error file="), "{out}");
    assert!(
        out.contains("design-session.toml::policy fails: tier"),
        "{out}"
    );
    assert!(out.contains("zz-broken/design-session.toml::"), "{out}");
    // A message with a line break stays on one line: %0A.
    assert!(out.lines().any(|l| l.contains("%0A")), "{out}");
    let md = tmp.path().join("doc, v1: draft.md");
    std::fs::write(&md, "# Doc\n\nSee [x](missing.md).\n").unwrap();
    let o = run(&["lint", md.to_str().unwrap(), "--format", "github"]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    assert!(out.contains("doc%2C v1%3A draft.md,line=3::"), "{out}");
    assert!(
        out.starts_with("::warning ") || out.starts_with("::error "),
        "{out}"
    );
}

#[test]
fn lint_writes_sarif_2_1_0() {
    let tmp = tempfile::tempdir().unwrap();
    let md = tmp.path().join("design.md");
    std::fs::write(&md, "# Design\n\nSee [the runbook](runbooks/gone.md).\n").unwrap();
    let o = run(&["lint", md.to_str().unwrap(), "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run0 = &v["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "design-advisor");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    assert!(
        rules
            .iter()
            .all(|r| r["id"].is_string() && r["shortDescription"]["text"].is_string())
    );
    let results = run0["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        assert!(
            rules.iter().any(|rule| rule["id"] == id),
            "{id} among the rules"
        );
        assert!(matches!(
            r["level"].as_str(),
            Some("error" | "warning" | "note")
        ));
        assert!(r["message"]["text"].is_string());
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(
            loc["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .ends_with("design.md")
        );
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
    }
    assert!(
        results
            .iter()
            .any(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"] == 3)
    );
}
