//! The session file: round trip, errors with line, column and field, versioning and
//! atomic saves that never destroy what is on disk.

use design_advisor::session::{self, Answer, Date, Session, SessionError};
use std::fs;

fn sample() -> Session {
    let mut s = Session::new(
        "Order Search",
        Date {
            year: 2026,
            month: 11,
            day: 23,
        },
    );
    s.answers.insert(
        "reliability.delivery".into(),
        Answer {
            choices: vec!["at-least-once".into()],
            note: "two\nlines | and a pipe".into(),
            ..Answer::default()
        },
    );
    s.answers.insert(
        "reliability.retry".into(),
        Answer {
            tbd: true,
            owner: "team-a".into(),
            due: Some("2026-12-01".parse().unwrap()),
            ..Answer::default()
        },
    );
    s
}

#[test]
fn round_trips_through_toml() {
    let s = sample();
    assert_eq!(s.slug, "order-search");
    let text = session::to_toml(&s);
    let back = session::load_str(&text, "x").unwrap();
    assert_eq!(back, s);
    assert!(text.contains("schema_version = 2"));
}

#[test]
fn saves_atomically_and_creates_directories() {
    let dir = tempfile::tempdir().unwrap();
    let path = session::session_path(dir.path(), "order-search");
    session::create(&path, &sample()).unwrap();
    assert_eq!(session::load(&path).unwrap(), sample());
    // No temporary file is left beside it.
    let names: Vec<_> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("design-session.toml")]);
    // create never replaces an existing file.
    let err = session::create(&path, &sample()).unwrap_err();
    assert!(matches!(err, SessionError::Exists { .. }), "{err}");
}

fn malformed(text: &str) -> String {
    let err = session::load_str(text, "s.toml").unwrap_err();
    assert!(matches!(err, SessionError::Malformed { .. }), "{err}");
    err.to_string()
}

#[test]
fn malformed_files_name_line_column_and_field() {
    let base = "schema_version = 1\nfeature = \"F\"\nslug = \"f\"\ndate = \"2026-01-01\"\n";
    assert_eq!(
        malformed(&format!("{base}status = \"shipped\"\n")),
        "s.toml:5:10: status: unknown variant `shipped`, expected one of `draft`, `proposed`, `accepted`, `superseded`, `retired`"
    );
    assert_eq!(
        malformed(&format!("{base}[answers.\"a.b\"]\nchoices = 3\n")),
        "s.toml:6:11: answers.\"a.b\".choices: invalid type: integer `3`, expected a sequence"
    );
    assert_eq!(
        malformed(&format!("{base}colour = \"red\"\n")),
        "s.toml:5:1: colour: unknown field `colour`, expected one of `schema_version`, `feature`, `slug`, `date`, `status`, `mode`, `problem`, `tldr`, `goals`, `non_goals`, `evidence`, `context`, `paths`, `service`, `decisions`, `channels`, `runbooks`, `launches`, `stores`, `flows`, `answers`"
    );
    assert_eq!(
        malformed("schema_version = 1\nfeature = \"F\"\nslug = \"f\"\ndate = \"2026-02-30\"\n"),
        "s.toml:4:8: date: \"2026-02-30\" is not a calendar date"
    );
    assert_eq!(
        malformed("schema_version = 1\nfeature = \"unterminated\n"),
        "s.toml:2:24: feature: invalid basic string, expected `\"`"
    );
    assert!(malformed("feature = \"F\"\n").contains("missing schema_version"));
    assert!(malformed("schema_version = 1\nfeature = \"F\"\n").contains("missing field `slug`"));
}

#[test]
fn newer_schema_versions_ask_for_an_upgrade() {
    let err = session::load_str("schema_version = 3\nwhatever = true\n", "s.toml").unwrap_err();
    assert!(matches!(err, SessionError::NewerVersion { found: 3, .. }));
    assert!(err.to_string().contains("upgrade design-advisor"), "{err}");
}

#[test]
fn a_failed_load_leaves_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("design-session.toml");
    let broken = "schema_version = 1\nfeature = [\n";
    fs::write(&path, broken).unwrap();
    assert!(session::load(&path).is_err());
    assert_eq!(fs::read_to_string(&path).unwrap(), broken);
    assert!(matches!(
        session::create(&path, &sample()),
        Err(SessionError::Exists { .. })
    ));
    assert_eq!(fs::read_to_string(&path).unwrap(), broken);
}

#[test]
fn unknown_ids_are_reported_by_key_path() {
    let kb = design_advisor::kb::KnowledgeBase::builtin();
    let mut s = sample();
    s.answers.insert(
        "reliability.delivery".into(),
        Answer {
            choices: vec!["twice".into()],
            ..Answer::default()
        },
    );
    s.answers.insert("made.up".into(), Answer::default());
    s.paths.push(design_advisor::session::GraphPath {
        nodes: vec!["root".into(), "ledger".into()],
        added: true,
        ..Default::default()
    });
    s.evidence.insert("t9.nothing".into());
    let problems = s.problems(&kb);
    assert_eq!(
        problems,
        vec![
            "answers.\"made.up\": unknown question".to_string(),
            "answers.\"reliability.delivery\".choices[0]: unknown choice \"twice\" (choices: at-most-once, at-least-once, effectively-once)".to_string(),
            "paths[0].nodes[1]: \"ledger\" is not an option of \"root\"".to_string(),
            "evidence: unknown evidence item \"t9.nothing\"".to_string(),
        ]
    );
}

#[test]
fn odd_schema_versions_get_the_same_words_as_ever() {
    // The version is read from the parsed table (one parse per load); what each odd value
    // is told is pinned to what the earlier two-parse reading said.
    let tell = |v: &str| {
        session::load_str(
            &format!("schema_version = {v}\nfeature = \"F\"\n"),
            "s.toml",
        )
        .unwrap_err()
        .to_string()
    };
    for (version, told) in [
        (
            r#""1""#,
            r#"s.toml:1:18: schema_version: invalid type: string "1", expected i64"#,
        ),
        (
            r#"1.5"#,
            r#"s.toml:1:18: schema_version: invalid type: floating point `1.5`, expected i64"#,
        ),
        (
            r#"0"#,
            r#"s.toml:1:18: schema_version: schema_version must be 1 or more, found 0"#,
        ),
        (
            r#"-1"#,
            r#"s.toml:1:18: schema_version: schema_version must be 1 or more, found -1"#,
        ),
        (
            r#"0x10"#,
            r#"s.toml: written by a newer design-advisor (schema version 16; this program reads up to 2); upgrade design-advisor to open it"#,
        ),
        (
            r#"4294967296"#,
            r#"s.toml: written by a newer design-advisor (schema version 4294967295; this program reads up to 2); upgrade design-advisor to open it"#,
        ),
        (
            r#"99999999999999999999999999"#,
            r#"s.toml:1:18: schema_version: invalid type: integer `99999999999999999999999999` as i128, expected i64"#,
        ),
        (
            r#"true"#,
            r#"s.toml:1:18: schema_version: invalid type: boolean `true`, expected i64"#,
        ),
        (
            r#"[1]"#,
            r#"s.toml:1:18: schema_version: invalid type: sequence, expected i64"#,
        ),
        (
            r#"1_0"#,
            r#"s.toml: written by a newer design-advisor (schema version 10; this program reads up to 2); upgrade design-advisor to open it"#,
        ),
    ] {
        assert_eq!(tell(version), told, "schema_version = {version}");
    }
}
