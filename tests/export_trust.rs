//! Export under hostile conditions, through the real binary: hand edits to every kind of
//! generated file, file modes, ADR front matter that YAML parsers must accept, names
//! Windows reserves, two entries that would share one file, a missing output folder, a
//! symlinked feature folder, and the Related blocks staying bounded as artifacts grow.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_design-advisor"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The search example as a session file in `dir`, with `extra` TOML appended.
fn session_with(dir: &Path, extra: &str) -> PathBuf {
    let base = include_str!("../examples/sessions/search-analytics-drift.toml");
    let path = dir.join("design-session.toml");
    std::fs::write(&path, format!("{base}\n{extra}")).unwrap();
    path
}

fn export(session: &Path, out: &Path, force: bool) -> Output {
    let mut args = vec![
        "export",
        session.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    if force {
        args.push("--force");
    }
    run(&args)
}

const FEATURE: &str = "docs/features/product-search-sync";

#[test]
fn export_out_creates_a_missing_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("not/yet/there");
    let o = run(&[
        "export",
        "example:search-analytics-drift",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(out.join(FEATURE).join("design.md").is_file());
    let o = run(&[
        "export",
        "example:search-analytics-drift",
        "--format",
        "json",
        "--out",
        tmp.path().join("json/out").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

#[test]
fn hand_edits_to_schemas_asyncapi_report_and_catalog_are_not_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    let o = run(&[
        "export",
        "example:search-analytics-drift",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = run(&[
        "export",
        "example:search-analytics-drift",
        "--format",
        "json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let files = [
        format!("{FEATURE}/asyncapi/products.changed.v1.yaml"),
        format!("{FEATURE}/schemas/products.changed.v1.json"),
        "docs/system/catalog.md".to_string(),
    ];
    for rel in &files {
        let path = out.join(rel);
        let before = std::fs::read_to_string(&path).unwrap();
        let edited = format!("{before}\n# a note added by hand\n");
        std::fs::write(&path, &edited).unwrap();
        let o = run(&[
            "export",
            "example:search-analytics-drift",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1), "{rel}: {}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains(rel.rsplit('/').next().unwrap()),
            "{}",
            text(&o.stderr)
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            edited,
            "{rel} kept"
        );
        // With --force the generated text comes back.
        let o = run(&[
            "export",
            "example:search-analytics-drift",
            "--out",
            out.to_str().unwrap(),
            "--force",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            before,
            "{rel} regenerated"
        );
    }
    // The JSON report: same policy.
    let report = out.join(FEATURE).join("design-report.json");
    std::fs::write(&report, "{\"edited\": true}\n").unwrap();
    let json = |force: bool| {
        let mut args = vec![
            "export",
            "example:search-analytics-drift",
            "--format",
            "json",
            "--out",
            out.to_str().unwrap(),
        ];
        if force {
            args.push("--force");
        }
        run(&args)
    };
    let o = json(false);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        text(&o.stderr).contains("design-report.json"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&report).unwrap(),
        "{\"edited\": true}\n"
    );
    assert_eq!(json(true).status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("\"tier\"")
    );
}

#[cfg(unix)]
#[test]
fn files_get_the_usual_mode_and_keep_their_own() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    // The test process's umask (022 in CI, sometimes 002) decides the expected mode.
    let probe = out.join("probe");
    std::fs::write(&probe, "").unwrap();
    let usual = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
    let o = run(&[
        "export",
        "example:search-analytics-drift",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let design = out.join(FEATURE).join("design.md");
    assert_eq!(mode(&design), usual, "not 0600");
    assert_eq!(mode(&out.join("docs/system/catalog.md")), usual);
    // A file the team made group-writable stays so when it is rewritten.
    std::fs::set_permissions(&design, std::fs::Permissions::from_mode(0o664)).unwrap();
    let session = session_with(out, "");
    let text_before = std::fs::read_to_string(&session).unwrap();
    std::fs::write(
        &session,
        text_before.replace("date = \"2026-11-16\"", "date = \"2026-11-17\""),
    )
    .unwrap();
    std::fs::set_permissions(&session, std::fs::Permissions::from_mode(0o664)).unwrap();
    let o = export(&session, out, false);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        std::fs::read_to_string(&design)
            .unwrap()
            .contains("2026-11-17")
    );
    assert_eq!(mode(&design), 0o664);
    // The session writer keeps the mode too.
    let s = design_advisor::session::load(&session).unwrap();
    design_advisor::session::save(&session, &s).unwrap();
    assert_eq!(mode(&session), 0o664);
}

#[test]
fn adr_front_matter_escapes_noncharacters_and_html() {
    let tmp = tempfile::tempdir().unwrap();
    let session = session_with(
        tmp.path(),
        "[[decisions]]\nnumber = 7\ntitle = \"Keep the index\"\nstatus = \"accepted\"\ndecision = \"Keep it.\"\ndecision_makers = [\"Ann \\uFFFE\\uFFFF\", \"<img src=x onerror=alert(1)>\"]\nconsulted = [\"<b>SRE</b> & ops\"]\ninformed = [\"<script>x</script>\"]\n",
    );
    let o = export(&session, tmp.path(), true);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let adr = std::fs::read_to_string(tmp.path().join(FEATURE).join("adrs/0007-keep-the-index.md"))
        .unwrap();
    let front = adr.split("---\n").nth(1).unwrap();
    assert!(
        !front.contains('\u{fffe}') && !front.contains('\u{ffff}'),
        "{front}"
    );
    assert!(
        !front.contains('<') && !front.contains('>') && !front.contains('&'),
        "{front}"
    );
    assert!(front.contains("\\ufffe\\uffff"), "{front}");
    assert!(
        front.contains("decision-makers: [\"Ann \\ufffe\\uffff\", \"\\u003cimg"),
        "{front}"
    );
}

#[test]
fn names_windows_reserves_never_become_files() {
    let tmp = tempfile::tempdir().unwrap();
    for (extra, key) in [
        (
            "[[channels]]\nname = \"con\"\nrole = \"produced\"\n",
            "channels[1].name",
        ),
        (
            "[[channels]]\nname = \"aux.v1\"\nrole = \"produced\"\n",
            "channels[1].name",
        ),
        (
            "[[channels]]\nname = \"lpt1\"\nrole = \"produced\"\n",
            "channels[1].name",
        ),
        (
            "[[runbooks]]\nincident = \"nul\"\nchannel = \"products.changed.v1\"\n",
            "runbooks[1].incident",
        ),
        (
            "[[runbooks]]\nincident = \"com1\"\nchannel = \"products.changed.v1\"\n",
            "runbooks[1].incident",
        ),
    ] {
        let session = session_with(tmp.path(), extra);
        let out = tmp.path().join("out");
        let o = export(&session, &out, true);
        assert_eq!(o.status.code(), Some(2), "{extra}");
        assert!(text(&o.stderr).contains(key), "{}", text(&o.stderr));
        assert!(text(&o.stderr).contains("reserves"), "{}", text(&o.stderr));
        assert!(!out.exists(), "nothing written for {extra}");
    }
}

#[test]
fn two_entries_for_one_file_are_an_error_naming_both() {
    let tmp = tempfile::tempdir().unwrap();
    for (extra, first, second) in [
        (
            "[[launches]]\ndate = \"2026-11-20\"\nnotes = \"internal users\"\n[[launches]]\ndate = \"2026-11-20\"\nnotes = \"all customers\"\n",
            "launches[0].date",
            "launches[1].date",
        ),
        (
            "[[runbooks]]\nincident = \"products-dlq-growing\"\nchannel = \"products.changed.v1\"\n",
            "runbooks[0].incident",
            "runbooks[1].incident",
        ),
    ] {
        let session = session_with(tmp.path(), extra);
        let out = tmp.path().join("out");
        let o = export(&session, &out, true);
        assert_eq!(o.status.code(), Some(2), "{extra}");
        let err = text(&o.stderr);
        assert!(err.contains(first) && err.contains(second), "{err}");
        // check refuses the same session: one validation for both.
        let o = run(&["check", session.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        assert!(text(&o.stderr).contains(second), "{}", text(&o.stderr));
    }
}

#[test]
fn check_rejects_a_channel_that_export_rejects() {
    let tmp = tempfile::tempdir().unwrap();
    let session = session_with(
        tmp.path(),
        "[[channels]]\nname = \"OrderPlaced\"\nrole = \"produced\"\n",
    );
    let check = run(&["check", session.to_str().unwrap()]);
    let export = export(&session, &tmp.path().join("out"), true);
    assert_eq!(check.status.code(), Some(2), "{}", text(&check.stdout));
    assert_eq!(export.status.code(), Some(2));
    for o in [&check, &export] {
        assert!(
            text(&o.stderr).contains("channels[1].name: \"OrderPlaced\""),
            "{}",
            text(&o.stderr)
        );
    }
}

#[cfg(unix)]
#[test]
fn the_catalog_does_not_follow_a_symlinked_feature_folder_out_of_the_project() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        outside.join("README.md"),
        "# Secret\n\n- **Owner team**: SECRET-LINE-FROM-OUTSIDE\n",
    )
    .unwrap();
    let out = tmp.path().join("project");
    std::fs::create_dir_all(out.join("docs/features")).unwrap();
    std::os::unix::fs::symlink(&outside, out.join("docs/features/linked")).unwrap();
    let o = run(&[
        "export",
        "example:search-analytics-drift",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let catalog = std::fs::read_to_string(out.join("docs/system/catalog.md")).unwrap();
    assert!(catalog.contains("product-search-sync"));
    assert!(
        !catalog.contains("SECRET") && !catalog.contains("linked"),
        "{catalog}"
    );
}

#[test]
fn related_blocks_stay_bounded_as_channels_grow() {
    let tmp = tempfile::tempdir().unwrap();
    let extra: String = (0..300)
        .map(|i| format!("[[channels]]\nname = \"bulk.c{i}.v1\"\nrole = \"produced\"\n"))
        .collect();
    let session = session_with(tmp.path(), &extra);
    let o = export(&session, tmp.path(), true);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let dir = tmp.path().join(FEATURE);
    let contract = std::fs::read_to_string(dir.join("contracts/bulk.c7.v1.md")).unwrap();
    let related = contract.split("## Related artifacts").nth(1).unwrap();
    let links = related.lines().filter(|l| l.starts_with("- [")).count();
    assert!(links < 20, "{links} links:\n{related}");
    assert!(
        related.contains("listed in the [feature index](../README.md)"),
        "{related}"
    );
    // The index lists every contract once.
    let index = std::fs::read_to_string(dir.join("README.md")).unwrap();
    for i in 0..300 {
        assert!(
            index.contains(&format!("contracts/bulk.c{i}.v1.md")),
            "bulk.c{i}"
        );
    }
    // And a second export of an unchanged session writes nothing new but the catalog.
    let o = export(&session, tmp.path(), false);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("already current"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn a_session_missing_date_names_the_field() {
    let tmp = tempfile::tempdir().unwrap();
    let base = include_str!("../examples/sessions/search-analytics-drift.toml");
    let path = tmp.path().join("s.toml");
    // schema_version on the first line, as a hand-written session has it.
    let body: String = base
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("date = "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(body.starts_with("schema_version"));
    std::fs::write(&path, body).unwrap();
    let o = run(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains(":1:1: date: missing field `date`"), "{err}");
    assert!(
        !err.contains("schema_version:"),
        "not blamed on schema_version: {err}"
    );
}
