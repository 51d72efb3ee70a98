//! Fuzzing (proptest) of every parser and text transformer that takes user input, with the
//! number of cases each property runs (issue "Hardening"). No input may panic, and a
//! malformed input must get an error that names where it is.
//!
//! Cases per run (the consts below; `fuzz_case_counts` sums and prints them):
//!
//! | property                                      | cases  |
//! | --------------------------------------------- | ------ |
//! | session_loader_survives_any_text              |  2,000 |
//! | session_loader_survives_any_bytes_on_disk     |    400 |
//! | session_loader_survives_mutated_examples      |  2,000 |
//! | invalid_utf8_in_a_session_file_is_located (*) |    100 |
//! | knowledge_pack_of_any_text                    |    200 |
//! | knowledge_pack_from_mutated_builtin_files     |    400 |
//! | pack_rule_errors_point_at_the_character (*)   |    300 |
//! | rule_parser_survives_any_text                 |  3,000 |
//! | rule_parser_survives_token_soup               |  3,000 |
//! | key_scripts_never_panic                       |  2,000 |
//! | key_script_errors_count_characters (*)        |    500 |
//! | escaping_keeps_structure                      |  3,000 |
//! | lint_survives_any_text                        |  1,000 |
//! | lint_survives_mutated_fixtures                |  1,000 |
//! | export_of_hostile_sessions                    |    500 |
//! | record_fields_take_any_text                   |    500 |
//! | total                                         | 19,900 |
//!
//! (*) each one found a bug, since fixed: a session file that is not UTF-8 now names the
//! line and column of the first bad byte; a rule syntax error in a pack points at the
//! character even through escapes and triple quotes; key-script errors count characters.
//! The failing seeds stay in tests/fuzz.proptest-regressions. A plain `cargo test` runs
//! all 19,900 cases.
//!
//! Besides the properties: `a_one_megabyte_note_renders_and_round_trips` (a plain test).

use design_advisor::engine;
use design_advisor::export::{artifacts, design, escape, json};
use design_advisor::kb::{self, KnowledgeBase, Source};
use design_advisor::rules::{self, Reference};
use design_advisor::selfcheck;
use design_advisor::session::{self, Answer, Date, GraphPath, Session, SessionError};
use design_advisor::tui::keys;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

const SESSION_TEXT_CASES: u32 = 2_000;
const SESSION_BYTES_CASES: u32 = 400;
const SESSION_MUTATION_CASES: u32 = 2_000;
const SESSION_UTF8_CASES: u32 = 100;
const PACK_TEXT_CASES: u32 = 200;
const PACK_MUTATION_CASES: u32 = 400;
const PACK_RULE_PLACE_CASES: u32 = 300;
const RULE_TEXT_CASES: u32 = 3_000;
const RULE_TOKEN_CASES: u32 = 3_000;
const KEY_SCRIPT_CASES: u32 = 2_000;
const KEY_SCRIPT_PLACE_CASES: u32 = 500;
const ESCAPE_CASES: u32 = 3_000;
const LINT_TEXT_CASES: u32 = 1_000;
const LINT_MUTATION_CASES: u32 = 1_000;
const EXPORT_CASES: u32 = 500;
const RECORD_FIELD_CASES: u32 = 500;

/// Every property, its cases per run, and whether it is ignored (a known bug).
const PROPERTIES: [(&str, u32, bool); 16] = [
    (
        "session_loader_survives_any_text",
        SESSION_TEXT_CASES,
        false,
    ),
    (
        "session_loader_survives_any_bytes_on_disk",
        SESSION_BYTES_CASES,
        false,
    ),
    (
        "session_loader_survives_mutated_examples",
        SESSION_MUTATION_CASES,
        false,
    ),
    (
        "invalid_utf8_in_a_session_file_is_located",
        SESSION_UTF8_CASES,
        false,
    ),
    ("knowledge_pack_of_any_text", PACK_TEXT_CASES, false),
    (
        "knowledge_pack_from_mutated_builtin_files",
        PACK_MUTATION_CASES,
        false,
    ),
    (
        "pack_rule_errors_point_at_the_character",
        PACK_RULE_PLACE_CASES,
        false,
    ),
    ("rule_parser_survives_any_text", RULE_TEXT_CASES, false),
    ("rule_parser_survives_token_soup", RULE_TOKEN_CASES, false),
    ("key_scripts_never_panic", KEY_SCRIPT_CASES, false),
    (
        "key_script_errors_count_characters",
        KEY_SCRIPT_PLACE_CASES,
        false,
    ),
    ("escaping_keeps_structure", ESCAPE_CASES, false),
    ("lint_survives_any_text", LINT_TEXT_CASES, false),
    ("lint_survives_mutated_fixtures", LINT_MUTATION_CASES, false),
    ("export_of_hostile_sessions", EXPORT_CASES, false),
    ("record_fields_take_any_text", RECORD_FIELD_CASES, false),
];

/// The totals quoted in the header: every property, and the ones a plain run executes.
const DOCUMENTED_TOTAL: u32 = 19_900;
const DOCUMENTED_DEFAULT_RUN: u32 = 19_900;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------

/// Fragments that break naive parsers and renderers: control characters, line and
/// paragraph separators, bidi overrides, zero-width and combining marks, wide and
/// right-to-left text, emoji sequences, Markdown and HTML syntax, list markers.
const NASTY: &[&str] = &[
    "\u{1b}",
    "\u{1b}[31m",
    "\u{1b}]8;;http://x\u{7}",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    "\t",
    "\0",
    "\u{7}",
    "\u{7f}",
    "\u{85}",
    "\u{b}",
    "\u{c}",
    "\u{2028}",
    "\u{2029}",
    "\u{202A}",
    "\u{202D}",
    "\u{202E}",
    "\u{2066}",
    "\u{2069}",
    "\u{200B}",
    "\u{200D}",
    "\u{FEFF}",
    "\u{FFFD}",
    "\u{301}",
    "e\u{301}",
    "a\u{308}\u{308}\u{308}\u{308}",
    "\u{20DD}",
    "漢字",
    "中",
    "ｱ",
    "\u{3000}",
    "\u{a0}",
    "👍",
    "👍🏽",
    "👨\u{200D}👩\u{200D}👧",
    "🇺🇳",
    "שלום",
    "مرحبا",
    "|",
    "\\|",
    "||",
    "#",
    "# ",
    "## ",
    "#!",
    "<",
    ">",
    "<script>",
    "</b>",
    "<!--",
    "-->",
    "&",
    "&amp;",
    "&lt;",
    "&#x3c;",
    "`",
    "```",
    "~~~",
    "[",
    "]",
    "[x](javascript:1)",
    "![i](x.png)",
    "(",
    ")",
    "*",
    "**",
    "_",
    "~",
    "\\",
    "\"",
    "'",
    "=",
    "+",
    "-",
    "- ",
    "---",
    "===",
    "> ",
    "1. ",
    "1.",
    "12) ",
    "0.",
    "9",
    "99999999999999999999999",
    " ",
    "    ",
    "{",
    "}",
    ",",
    ":",
    ".",
    "$",
    "%",
    "@",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<char>().prop_map(String::from),
        4 => select(NASTY).prop_map(str::to_string),
        2 => "[a-z0-9 ]{1,8}",
    ]
}

/// Hostile text of up to `max` pieces.
fn hostile(max: usize) -> impl Strategy<Value = String> {
    vec(piece(), 0..=max).prop_map(|v| v.concat())
}

/// TOML fragments, including session keys, dates, huge and odd numbers and broken
/// strings, so the loader gets past the syntax check often enough to reach its type and
/// value checks.
const TOML_PIECES: &[&str] = &[
    "schema_version = 1\n",
    "schema_version = 2\n",
    "schema_version = 0\n",
    "schema_version = -1\n",
    "schema_version = 4294967296\n",
    "schema_version = 9223372036854775807\n",
    "schema_version = 99999999999999999999999999\n",
    "schema_version = 1.5\n",
    "schema_version = \"1\"\n",
    "schema_version = inf\n",
    "schema_version = nan\n",
    "schema_version = 0x7fffffffffffffff\n",
    "feature = \"F\"\n",
    "feature = 1\n",
    "slug = \"f\"\n",
    "slug = \"../../etc\"\n",
    "date = \"2026-01-01\"\n",
    "date = \"2026-02-29\"\n",
    "date = \"2024-02-29\"\n",
    "date = \"0000-00-00\"\n",
    "date = \"9999-99-99\"\n",
    "date = \"２０２６-01-01\"\n",
    "date = 2026-01-01\n",
    "date = 1979-05-27T07:32:00Z\n",
    "status = \"accepted\"\n",
    "status = \"nope\"\n",
    "mode = \"review\"\n",
    "mode = \"integration\"\n",
    "tldr = \"\"\"\na\nb\"\"\"\n",
    "[service]\n",
    "owner_team = \"t\"\n",
    "last_reviewed = \"2026-01-01\"\n",
    "[answers.\"reliability.retry\"]\n",
    "[answers.\"concerns.ownership\"]\n",
    "[answers]\n",
    "choices = [\"single-team\"]\n",
    "choices = []\n",
    "tbd = true\n",
    "tbd = 1\n",
    "owner = \"x\"\n",
    "due = \"2026-13-01\"\n",
    "due = \"2026-12-31\"\n",
    "note = \"\"\"\n",
    "unknown = 1\n",
    "[[paths]]\n",
    "nodes = [\"root\"]\n",
    "added = true\n",
    "[[decisions]]\n",
    "number = 4294967296\n",
    "number = 1\n",
    "title = \"t\"\n",
    "supersedes = [1, -1]\n",
    "[[channels]]\n",
    "name = \"c\"\n",
    "[[runbooks]]\n",
    "incident = \"i\"\n",
    "[[launches]]\n",
    "[[stores]]\n",
    "[[flows]]\n",
    "evidence = [\"t0.compiles-locally\"]\n",
    "goals = [\"g\",]\n",
    "\"",
    "'",
    "\"\"\"",
    "'''",
    "=",
    " = ",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    ",",
    ".",
    "\n",
    "\r\n",
    "# comment\n",
    "\\",
    "\\u0000",
    "\\uD800",
    "\\U0010FFFF",
    "\\U00110000",
    "\\x",
    "1e400",
    "-0",
    "+inf",
    "1_000",
    "1__0",
    "0o777",
    "0b2",
    "true",
    "tru",
    "a.b.c = 1\n",
    "\"a\" = 1\n",
    "a = { b = 1 }\n",
    "a = {\n",
    "x = 1\nx = 2\n",
    "[a]\n[a]\n",
];

/// Deep nesting: `[[[[...`, `{ a = { a = ...`, long dotted keys and the like.
fn deep() -> impl Strategy<Value = String> {
    const OPENERS: &[&str] = &["[", "{ a = ", "[{a=", "a.", "[a.", "\"", "{", "[[", "a = ["];
    (select(OPENERS), 0usize..3_000).prop_map(|(p, n)| p.repeat(n))
}

fn toml_soup() -> impl Strategy<Value = String> {
    vec(
        prop_oneof![
            6 => select(TOML_PIECES).prop_map(str::to_string),
            3 => piece(),
            1 => deep(),
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

/// A valid session header, so the soup after it reaches the field checks.
const HEADER: &str = "schema_version = 1\nfeature = \"F\"\nslug = \"f\"\ndate = \"2026-01-01\"\n";

fn session_text() -> impl Strategy<Value = String> {
    prop_oneof![
        hostile(60),
        toml_soup(),
        toml_soup().prop_map(|s| format!("{HEADER}{s}")),
    ]
}

/// One mutation of a text. Positions are `Index`es so they fit any length.
#[derive(Clone, Debug)]
enum Mutation {
    /// Delete a byte range (widened to character boundaries on a `&str`).
    Delete(Index, usize),
    DuplicateLine(Index),
    /// Replace one character by a fragment.
    Flip(Index, String),
    Truncate(Index),
    SwapLines(Index, Index),
    Insert(Index, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 1usize..200).prop_map(|(i, n)| Mutation::Delete(i, n)),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (any::<Index>(), piece()).prop_map(|(i, s)| Mutation::Flip(i, s)),
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<Index>(), piece()).prop_map(|(i, s)| Mutation::Insert(i, s)),
    ]
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    vec(mutation(), 1..4)
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, m: &Mutation) -> String {
    match m {
        Mutation::Delete(at, n) => {
            let start = floor_boundary(text, at.index(text.len() + 1));
            let end = floor_boundary(text, start + n);
            format!("{}{}", &text[..start], &text[end..])
        }
        Mutation::DuplicateLine(at) => {
            let mut lines: Vec<&str> = text.split('\n').collect();
            let k = at.index(lines.len());
            lines.insert(k, lines[k]);
            lines.join("\n")
        }
        Mutation::Flip(at, with) => {
            let n = text.chars().count();
            if n == 0 {
                return with.clone();
            }
            let k = at.index(n);
            text.chars()
                .enumerate()
                .map(|(i, c)| if i == k { with.clone() } else { c.to_string() })
                .collect()
        }
        Mutation::Truncate(at) => {
            text[..floor_boundary(text, at.index(text.len() + 1))].to_string()
        }
        Mutation::SwapLines(a, b) => {
            let mut lines: Vec<&str> = text.split('\n').collect();
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            lines.swap(a, b);
            lines.join("\n")
        }
        Mutation::Insert(at, s) => {
            let i = floor_boundary(text, at.index(text.len() + 1));
            format!("{}{s}{}", &text[..i], &text[i..])
        }
    }
}

fn apply_all(text: &str, ms: &[Mutation]) -> String {
    ms.iter().fold(text.to_string(), |t, m| apply(&t, m))
}

/// A mutation on raw bytes: the result need not be UTF-8.
#[derive(Clone, Debug)]
enum ByteMutation {
    Delete(Index, usize),
    Truncate(Index),
    Insert(Index, Vec<u8>),
}

fn byte_mutation() -> impl Strategy<Value = ByteMutation> {
    prop_oneof![
        (any::<Index>(), 1usize..8).prop_map(|(i, n)| ByteMutation::Delete(i, n)),
        any::<Index>().prop_map(ByteMutation::Truncate),
        (any::<Index>(), vec(any::<u8>(), 1..4)).prop_map(|(i, b)| ByteMutation::Insert(i, b)),
    ]
}

fn apply_bytes(bytes: &[u8], m: &ByteMutation) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match m {
        ByteMutation::Delete(at, n) => {
            let start = at.index(out.len() + 1);
            let end = (start + n).min(out.len());
            out.drain(start..end);
        }
        ByteMutation::Truncate(at) => out.truncate(at.index(out.len() + 1)),
        ByteMutation::Insert(at, b) => {
            let i = at.index(out.len() + 1);
            out.splice(i..i, b.iter().copied());
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Shared data and checks
// ---------------------------------------------------------------------------------------

static KB: LazyLock<KnowledgeBase> = LazyLock::new(KnowledgeBase::builtin);

static EXAMPLES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| kb::example_sessions().iter().map(|(_, t)| *t).collect());

static BUILTIN: LazyLock<Vec<Source>> = LazyLock::new(kb::builtin_sources);

static LINT_FIXTURES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("tests/fixtures/lint")
        .map(|e| e.expect("a fixture").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no lint fixtures");
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a fixture"))
        .collect()
});

/// Every question with its choice ids, for answers that the knowledge base knows.
static QUESTIONS: LazyLock<Vec<(String, Vec<String>)>> = LazyLock::new(|| {
    KB.questionnaires
        .iter()
        .flat_map(|qn| &qn.question)
        .map(|q| {
            (
                q.id.get_ref().to_string(),
                q.choice
                    .iter()
                    .map(|c| c.id.get_ref().to_string())
                    .collect(),
            )
        })
        .collect()
});

/// Lines as an editor counts them (`str::lines`), plus one for the place after the end.
fn max_line(text: &str) -> usize {
    text.lines().count() + 1
}

/// Characters on 1-based line `line` (split at '\n'), or 0 past the end.
fn line_chars(text: &str, line: usize) -> usize {
    text.split('\n')
        .nth(line.saturating_sub(1))
        .map_or(0, |l| l.chars().count())
}

/// A session error names the file, and a malformed one a line and column in the text.
fn check_session_error(text: &str, name: &str, err: &SessionError) -> Result<(), TestCaseError> {
    let shown = err.to_string();
    prop_assert!(
        shown.starts_with(&format!("{name}:")),
        "no file name: {shown}"
    );
    if let SessionError::Malformed {
        line,
        column,
        message,
        ..
    } = err
    {
        prop_assert!(
            *line >= 1 && *line <= max_line(text),
            "line {line} outside 1..={}: {shown}",
            max_line(text)
        );
        prop_assert!(
            *column >= 1 && *column <= line_chars(text, *line) + 1,
            "column {column} outside line {line} ({} characters): {shown}",
            line_chars(text, *line)
        );
        prop_assert!(!message.trim().is_empty(), "no message: {shown}");
    }
    Ok(())
}

/// Whatever the loader accepts saves and loads back equal.
fn check_session_round_trip(s: &Session) -> Result<(), TestCaseError> {
    let text = session::to_toml(s);
    match session::load_str(&text, "saved.toml") {
        Ok(back) => prop_assert_eq!(&back, s),
        Err(e) => prop_assert!(false, "a saved session does not load: {e}\n{text}"),
    }
    Ok(())
}

fn check_session_text(text: &str) -> Result<(), TestCaseError> {
    match session::load_str(text, "s.toml") {
        Ok(s) => check_session_round_trip(&s),
        Err(e) => check_session_error(text, "s.toml", &e),
    }
}

/// A pack loaded over the built-in one: no panic, and every problem located in its file.
fn check_pack(text: &str) -> Result<(), TestCaseError> {
    let result = kb::load_builtin_with(vec![Source {
        name: "pack.toml".into(),
        text: text.to_string(),
        layer: 1,
    }]);
    let Err(diags) = result else {
        return Ok(());
    };
    prop_assert!(!diags.0.is_empty(), "an error without a diagnostic");
    for d in &diags.0 {
        let file_text = if d.file == "pack.toml" {
            text
        } else {
            match BUILTIN.iter().find(|s| s.name == d.file) {
                Some(s) => s.text.as_str(),
                None => {
                    prop_assert!(false, "diagnostic in an unknown file: {d}");
                    unreachable!()
                }
            }
        };
        prop_assert!(!d.message.trim().is_empty(), "no message: {d:?}");
        prop_assert!(d.to_string().starts_with(&format!("{}:", d.file)), "{d}");
        if d.line != 0 {
            prop_assert!(
                d.line <= max_line(file_text),
                "line {} past the end ({} lines): {d}",
                d.line,
                max_line(file_text)
            );
            prop_assert!(
                d.column >= 1 && d.column <= line_chars(file_text, d.line) + 1,
                "column {} outside line {} ({} characters): {d}",
                d.column,
                d.line,
                line_chars(file_text, d.line)
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// 1. The session loader
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(SESSION_TEXT_CASES))]
    #[test]
    fn session_loader_survives_any_text(text in session_text()) {
        check_session_text(&text)?;
    }
}

/// `bytes` in a temporary session file, removed when it is dropped.
fn session_file(bytes: &[u8]) -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new()
        .suffix(".toml")
        .tempfile()
        .expect("a temporary file");
    std::fs::write(file.path(), bytes).expect("write the session file");
    file
}

fn session_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        vec(any::<u8>(), 0..400),
        session_text().prop_map(String::into_bytes),
        (any::<Index>(), vec(byte_mutation(), 1..4)).prop_map(|(which, ms)| {
            let text = EXAMPLES[which.index(EXAMPLES.len())].as_bytes().to_vec();
            ms.iter().fold(text, |b, m| apply_bytes(&b, m))
        }),
    ]
}

proptest! {
    #![proptest_config(config(SESSION_BYTES_CASES))]
    #[test]
    fn session_loader_survives_any_bytes_on_disk(bytes in session_bytes()) {
        let file = session_file(&bytes);
        let path = file.path();
        let name = path.display().to_string();
        match (session::load(path), std::str::from_utf8(&bytes)) {
            (Ok(s), _) => check_session_round_trip(&s)?,
            (Err(e), Ok(text)) => check_session_error(text, &name, &e)?,
            (Err(e), Err(_)) => {
                prop_assert!(e.to_string().starts_with(&format!("{name}:")), "{e}");
            }
        }
    }
}

proptest! {
    #![proptest_config(config(SESSION_MUTATION_CASES))]
    #[test]
    fn session_loader_survives_mutated_examples(which in any::<Index>(), ms in mutations()) {
        let text = apply_all(EXAMPLES[which.index(EXAMPLES.len())], &ms);
        check_session_text(&text)?;
        // What loads and matches the knowledge base exports (the CLI's gate), so the
        // renderers and the self-check see every mutated session too.
        if let Ok(s) = session::load_str(&text, "s.toml")
            && s.problems(&KB).is_empty()
        {
            let docs = artifacts::render_all(&KB, &s, &[]);
            let _ = selfcheck::check(&KB, &s, &docs, &[]);
            let a = engine::assess(&KB, &s);
            serde_json::to_string(&json::report(&s, &a)).expect("the report serialises");
        }
    }
}

/// The 1-based line and column of byte `offset` in `bytes` (columns count characters,
/// decoding lossily).
fn position_in_bytes(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&bytes[start..offset])
        .chars()
        .count()
        + 1;
    (line, column)
}

proptest! {
    #![proptest_config(config(SESSION_UTF8_CASES))]
    #[test]

    fn invalid_utf8_in_a_session_file_is_located(which in any::<Index>(), at in any::<Index>(), bad in select(&[0x80u8, 0xC3, 0xE2, 0xF0, 0xFE, 0xFF][..])) {
        let mut bytes = EXAMPLES[which.index(EXAMPLES.len())].as_bytes().to_vec();
        // Only between characters, so the one invalid byte is the inserted one.
        let text = String::from_utf8(bytes.clone()).expect("examples are UTF-8");
        let i = floor_boundary(&text, at.index(bytes.len() + 1));
        bytes.insert(i, bad);
        let file = session_file(&bytes);
        let (line, column) = position_in_bytes(&bytes, i);
        match session::load(file.path()) {
            Err(SessionError::Malformed { line: l, column: c, .. }) => {
                prop_assert_eq!((l, c), (line, column));
            }
            Err(e) => prop_assert!(false, "not located (expected line {line}, column {column}): {e}"),
            Ok(_) => prop_assert!(false, "invalid UTF-8 accepted"),
        }
    }
}

// ---------------------------------------------------------------------------------------
// 2. The knowledge-base loader with a user pack
// ---------------------------------------------------------------------------------------

/// Pack fragments: the tables and keys of the built-in data, rules and references.
const PACK_PIECES: &[&str] = &[
    "[[antipattern]]\n",
    "[[pattern]]\n",
    "[[pattern.realisation]]\n",
    "[[node]]\n",
    "[[node.option]]\n",
    "[[questionnaire]]\n",
    "[[questionnaire.question]]\n",
    "[[questionnaire.question.choice]]\n",
    "[[tier]]\n",
    "[[tier.evidence]]\n",
    "[[cap]]\n",
    "[[principle]]\n",
    "[[principle.advice]]\n",
    "[[artifact]]\n",
    "[threshold]\n",
    "id = \"dual-write\"\n",
    "id = \"root\"\n",
    "id = \"x\"\n",
    "id = \"\"\n",
    "name = \"n\"\n",
    "severity = \"critical\"\n",
    "severity = \"meh\"\n",
    "rule = \"reliability.retry == none\"\n",
    "rule = \"a == \"\n",
    "rule = \"(((((\"\n",
    "rule = \"not not not\"\n",
    "rule = \"flow(nope)\"\n",
    "rule = \"reliability.retry in [none, bogus]\"\n",
    "caps_tier = \"prototype\"\n",
    "caps_tier = \"nope\"\n",
    "fix = [\"transactional-outbox\", \"nope\"]\n",
    "to = \"root\"\n",
    "to = \"nowhere\"\n",
    "root = true\n",
    "patterns = [\"nope\"]\n",
    "level = 99\n",
    "level = -1\n",
    "multi = true\n",
];

fn pack_text() -> impl Strategy<Value = String> {
    prop_oneof![
        hostile(60),
        toml_soup(),
        vec(
            prop_oneof![
                6 => select(PACK_PIECES).prop_map(str::to_string),
                2 => select(TOML_PIECES).prop_map(str::to_string),
                2 => piece(),
            ],
            0..40,
        )
        .prop_map(|v| v.concat()),
    ]
}

proptest! {
    #![proptest_config(config(PACK_TEXT_CASES))]
    #[test]
    fn knowledge_pack_of_any_text(text in pack_text()) {
        check_pack(&text)?;
    }
}

proptest! {
    #![proptest_config(config(PACK_MUTATION_CASES))]
    #[test]
    fn knowledge_pack_from_mutated_builtin_files(which in any::<Index>(), ms in mutations()) {
        let text = apply_all(&BUILTIN[which.index(BUILTIN.len())].text, &ms);
        check_pack(&text)?;
    }
}

/// How a rule is written as a TOML string in a pack.
#[derive(Clone, Copy, Debug)]
enum TomlString {
    /// "..." escaping only what must be escaped.
    Basic,
    /// "..." with every non-word character as a \uXXXX escape.
    BasicEscaped,
    /// '...'
    Literal,
    /// """...""", optionally starting with a newline (which TOML trims).
    MultiBasic { newline: bool },
    /// '''...''', optionally starting with a newline.
    MultiLiteral { newline: bool },
}

/// `rule` as a TOML string, and for each byte offset of `rule` (plus the end) the byte
/// offset in the returned text where that character is written.
fn encode(rule: &str, how: TomlString) -> (String, Vec<usize>) {
    let (open, close, escape_all) = match how {
        TomlString::Basic => ("\"", "\"", false),
        TomlString::BasicEscaped => ("\"", "\"", true),
        TomlString::Literal => ("'", "'", false),
        TomlString::MultiBasic { newline } => {
            (if newline { "\"\"\"\n" } else { "\"\"\"" }, "\"\"\"", false)
        }
        TomlString::MultiLiteral { newline } => {
            (if newline { "'''\n" } else { "'''" }, "'''", false)
        }
    };
    let basic = matches!(
        how,
        TomlString::Basic | TomlString::BasicEscaped | TomlString::MultiBasic { .. }
    );
    let mut out = String::from(open);
    let mut map = vec![0; rule.len() + 1];
    for (i, c) in rule.char_indices() {
        for k in 0..c.len_utf8() {
            map[i + k] = out.len();
        }
        if basic && (c == '"' || c == '\\') {
            out.push('\\');
            out.push(c);
        } else if basic && escape_all && !(c.is_ascii_alphanumeric() || c == ' ') {
            out.push_str(&format!("\\u{:04X}", c as u32));
        } else {
            out.push(c);
        }
    }
    map[rule.len()] = out.len();
    out.push_str(close);
    (out, map)
}

/// Rule texts with a syntax error somewhere: grammar tokens with a stray character.
fn broken_rule() -> impl Strategy<Value = String> {
    (
        vec(select(RULE_TOKENS), 0..8),
        any::<Index>(),
        select(&["$", "=", "!", "é", "漢", "@", "=<", "\""][..]),
    )
        .prop_map(|(tokens, at, bad)| {
            let mut tokens: Vec<&str> = tokens;
            let k = at.index(tokens.len() + 1);
            tokens.insert(k, bad);
            tokens.join(" ")
        })
}

fn toml_string_kind() -> impl Strategy<Value = TomlString> {
    prop_oneof![
        Just(TomlString::Basic),
        Just(TomlString::BasicEscaped),
        Just(TomlString::Literal),
        any::<bool>().prop_map(|newline| TomlString::MultiBasic { newline }),
        any::<bool>().prop_map(|newline| TomlString::MultiLiteral { newline }),
    ]
}

/// The 1-based line and column of byte `offset` in `text` (columns count characters).
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

proptest! {
    #![proptest_config(config(PACK_RULE_PLACE_CASES))]
    #[test]

    fn pack_rule_errors_point_at_the_character(rule in broken_rule(), how in toml_string_kind()) {
        let Err(err) = rules::parse(&rule) else {
            return Ok(());
        };
        // A literal string cannot hold its own quote; skip what the kind cannot write.
        let literal = matches!(how, TomlString::Literal | TomlString::MultiLiteral { .. });
        prop_assume!(!(literal && rule.contains('\'')));
        let (encoded, map) = encode(&rule, how);
        let prefix = "[[antipattern]]\nid = \"fuzzed\"\nname = \"Fuzzed\"\nseverity = \"major\"\nwhy = \"w\"\nfix = [\"transactional-outbox\"]\nfix_text = \"f\"\nsource = [\"000\"]\nrule = ";
        let text = format!("{prefix}{encoded}\n");
        let expected = position(&text, prefix.len() + map[err.offset]);
        let diags = match kb::load_builtin_with(vec![Source { name: "pack.toml".into(), text: text.clone(), layer: 1 }]) {
            Ok(_) => {
                prop_assert!(false, "a broken rule was accepted:\n{text}");
                unreachable!()
            }
            Err(d) => d,
        };
        let found = diags.0.iter().find(|d| d.file == "pack.toml" && d.message.starts_with("rule syntax"));
        prop_assert!(found.is_some(), "no rule syntax diagnostic for {rule:?}:\n{diags}");
        let d = found.unwrap();
        prop_assert_eq!(
            (d.line, d.column),
            expected,
            "{} for {:?} ({:?}), error at byte {} of the rule:\n{}",
            d,
            rule,
            how,
            err.offset,
            text
        );
    }
}

// ---------------------------------------------------------------------------------------
// 3. The rule parser
// ---------------------------------------------------------------------------------------

const RULE_TOKENS: &[&str] = &[
    "reliability.retry",
    "a",
    "x-y",
    "q_1",
    "at-least-once",
    "0",
    "==",
    "!=",
    "in",
    "[",
    "]",
    ",",
    "(",
    ")",
    "and",
    "or",
    "not",
    "answered",
    "tbd",
    "complete",
    "pattern",
    "flow",
    "true",
    "false",
];

fn check_rule(text: &str) -> Result<(), TestCaseError> {
    match rules::parse(text) {
        Err(e) => {
            prop_assert!(
                e.offset <= text.len(),
                "offset {} past the end ({}): {e}",
                e.offset,
                text.len()
            );
            prop_assert!(
                text.is_char_boundary(e.offset),
                "offset inside a character: {e}"
            );
            prop_assert!(!e.message.trim().is_empty());
            // The error points at a token (or the end), never at blank space; only a
            // blank rule is reported at its start.
            prop_assert!(
                text.trim().is_empty() || !text[e.offset..].starts_with(char::is_whitespace),
                "offset {} points at blank space: {e}",
                e.offset
            );
        }
        Ok(rule) => {
            for r in rule.references() {
                let named = match r {
                    Reference::Question(x)
                    | Reference::Questionnaire(x)
                    | Reference::Pattern(x)
                    | Reference::Flow(x) => !x.is_empty(),
                    Reference::Choice { question, choice } => {
                        !question.is_empty() && !choice.is_empty()
                    }
                };
                prop_assert!(named, "an empty reference in {text:?}: {r:?}");
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(RULE_TEXT_CASES))]
    #[test]
    fn rule_parser_survives_any_text(text in prop_oneof![hostile(40), deep()]) {
        check_rule(&text)?;
    }
}

proptest! {
    #![proptest_config(config(RULE_TOKEN_CASES))]
    #[test]
    fn rule_parser_survives_token_soup(
        tokens in vec((select(RULE_TOKENS), select(&[" ", "", "\t", "\n", "  ", "\u{3000}"][..])), 0..30)
    ) {
        let text: String = tokens.iter().flat_map(|(t, sep)| [*t, *sep]).collect();
        check_rule(&text)?;
    }
}

// ---------------------------------------------------------------------------------------
// 4. The key-script parser
// ---------------------------------------------------------------------------------------

const KEY_PIECES: &[&str] = &[
    "<", ">", "<<", "<>", "<Enter>", "<enter>", "<CR>", "<Esc>", "<S-Tab>", "<C-s>", "<c-S>",
    "<C-é>", "<C-👍>", "<C->", "<C-ab>", "<F1>", "<F12>", "<F0>", "<F13>", "<F255>", "<F256>",
    "<F-1>", "<Fé>", "<lt>", "<gt>", "<Space>", "<PgDn>", "<Nope>", "<\n>", "<é", "j", "k", " ",
    "\n", "\t",
];

fn key_script() -> impl Strategy<Value = String> {
    vec(
        prop_oneof![3 => select(KEY_PIECES).prop_map(str::to_string), 2 => piece()],
        0..30,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config(KEY_SCRIPT_CASES))]
    #[test]
    fn key_scripts_never_panic(script in key_script()) {
        match keys::parse_script(&script) {
            Ok(events) => {
                // At most one key per character.
                prop_assert!(events.len() <= script.chars().count());
            }
            Err(e) => {
                prop_assert!(e.contains("key script"), "{e}");
                prop_assert!(
                    e.starts_with("unclosed '<' at character ") || e.starts_with("unknown key <"),
                    "the message does not name the problem: {e}"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(config(KEY_SCRIPT_PLACE_CASES))]
    #[test]

    fn key_script_errors_count_characters(script in key_script()) {
        if let Err(e) = keys::parse_script(&script)
            && let Some(rest) = e.strip_prefix("unclosed '<' at character ")
        {
            let n: usize = rest
                .split(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("a character number");
            prop_assert_eq!(
                script.chars().nth(n.wrapping_sub(1)),
                Some('<'),
                "{} in {:?}",
                e,
                script
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// 5. Markdown, Mermaid and DOT escaping
// ---------------------------------------------------------------------------------------

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// No pipe, backslash escape or HTML entity is left dangling: scanning with Markdown's
/// backslash rule, every '|' is escaped and every '&' starts an entity the escaper wrote.
fn check_inline(input: &str, out: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        !out.contains(['\n', '\r', '\u{2028}', '\u{2029}']),
        "a line break survives: {input:?} -> {out:?}"
    );
    prop_assert!(
        !out.chars().any(char::is_control),
        "a control character survives: {input:?} -> {out:?}"
    );
    prop_assert!(
        !out.chars().any(is_bidi_control),
        "a bidi override survives: {input:?} -> {out:?}"
    );
    prop_assert!(
        !out.contains(['<', '>']),
        "raw HTML survives: {input:?} -> {out:?}"
    );
    prop_assert!(
        !out.starts_with(['#', '-', '+', '=']),
        "a block marker survives: {input:?} -> {out:?}"
    );
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &out[digits..];
        let list = rest.starts_with(['.', ')'])
            && rest[1..].chars().next().is_none_or(char::is_whitespace);
        prop_assert!(
            !list,
            "an ordered-list marker survives: {input:?} -> {out:?}"
        );
    }
    let chars: Vec<char> = out.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                prop_assert!(
                    i + 1 < chars.len(),
                    "a dangling backslash: {input:?} -> {out:?}"
                );
                i += 2;
                continue;
            }
            '|' => prop_assert!(false, "an unescaped pipe: {input:?} -> {out:?}"),
            '&' => {
                let rest: String = chars[i..].iter().take(5).collect();
                prop_assert!(
                    rest.starts_with("&amp;")
                        || rest.starts_with("&lt;")
                        || rest.starts_with("&gt;"),
                    "a raw '&': {input:?} -> {out:?}"
                );
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(ESCAPE_CASES))]
    #[test]
    fn escaping_keeps_structure(text in hostile(50)) {
        check_inline(&text, &escape::inline(&text))?;
        let cell = escape::cell(&text);
        check_inline(&text, &cell)?;
        prop_assert!(!cell.is_empty(), "an empty cell");

        let quoted = escape::quote_block(&text);
        for line in quoted.split('\n') {
            if !quoted.is_empty() {
                prop_assert!(line.starts_with('>'), "an unquoted line {line:?} in {quoted:?}");
            }
            let body = line.strip_prefix("> ").unwrap_or(line.trim_start_matches('>'));
            if !body.is_empty() {
                check_inline(&text, body)?;
            }
        }

        let label = escape::mermaid_label(&text);
        prop_assert!(!label.contains('"'), "{text:?} -> {label:?}");
        prop_assert!(!label.chars().any(char::is_control), "{text:?} -> {label:?}");
        prop_assert!(!label.contains(['<', '>', '`', '\u{2028}', '\u{2029}']), "{text:?} -> {label:?}");
        prop_assert!(!label.chars().any(is_bidi_control), "{text:?} -> {label:?}");

        // A DOT string body: every '"' and '\\' escaped, nothing that ends the line.
        let dot = escape::dot_label(&text);
        prop_assert!(!dot.chars().any(char::is_control), "{text:?} -> {dot:?}");
        let chars: Vec<char> = dot.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '\\' => {
                    prop_assert!(
                        matches!(chars.get(i + 1), Some('\\' | '"')),
                        "a stray backslash: {text:?} -> {dot:?}"
                    );
                    i += 2;
                    continue;
                }
                '"' => prop_assert!(false, "an unescaped quote: {text:?} -> {dot:?}"),
                _ => {}
            }
            i += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------
// 6. Lint
// ---------------------------------------------------------------------------------------

const LINT_LABELS: &[&str] = &["doc.md", "adrs/0001-x.md", "README.md", "docs/x/catalog.md"];

fn check_lint(label: &str, text: &str, exists: bool) -> Result<(), TestCaseError> {
    for f in selfcheck::lint(label, text, |_| exists) {
        prop_assert_eq!(&f.path, label);
        prop_assert!(!f.message.trim().is_empty(), "{f:?}");
        if let Some(line) = f.line {
            prop_assert!(
                line >= 1 && line <= max_line(text),
                "line {line} outside 1..={}: {f:?}",
                max_line(text)
            );
        }
    }
    Ok(())
}

/// Markdown-ish fragments, so the text reaches the rules' sections and links.
const MD_PIECES: &[&str] = &[
    "# Title\n",
    "## Summary\n",
    "## System concerns\n",
    "## Related artifacts\n",
    "## Decision\n",
    "## Status\n",
    "---\nstatus: accepted\n---\n",
    "- **Status**: Accepted\n",
    "- **Ownership**: `<TBD>`\n",
    "- [x](../y.md)\n",
    "[a](#anchor)",
    "[b](http://example.com)",
    "[c](../../../../../etc/passwd)",
    "[d](<a b.md>)",
    "```\n",
    "~~~\n",
    "    code\n",
    "| a | b |\n| --- | --- |\n",
    "We alert when p99 exceeds ",
    "roll back",
    "abort",
    " or ",
    " if ",
    "<TBD>",
    "\n",
    "\n\n",
];

/// Deep Markdown nesting: brackets, quotes, lists, emphasis, code spans, links.
fn deep_markdown() -> impl Strategy<Value = String> {
    const OPENERS: &[&str] = &[
        "[", "> ", "- ", "  - ", "*", "`", "(", "[a](", "<", "![", "](", "\\[",
    ];
    (select(OPENERS), 0usize..3_000).prop_map(|(p, n)| p.repeat(n))
}

fn markdown() -> impl Strategy<Value = String> {
    vec(
        prop_oneof![
            6 => select(MD_PIECES).prop_map(str::to_string),
            4 => piece(),
            1 => deep_markdown(),
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config(LINT_TEXT_CASES))]
    #[test]
    fn lint_survives_any_text(text in prop_oneof![hostile(80), markdown()], label in select(LINT_LABELS), exists in any::<bool>()) {
        check_lint("doc.md", &text, false)?;
        check_lint(label, &text, exists)?;
    }
}

proptest! {
    #![proptest_config(config(LINT_MUTATION_CASES))]
    #[test]
    fn lint_survives_mutated_fixtures(which in any::<Index>(), ms in mutations(), label in select(LINT_LABELS), exists in any::<bool>()) {
        let text = apply_all(&LINT_FIXTURES[which.index(LINT_FIXTURES.len())], &ms);
        check_lint("doc.md", &text, false)?;
        check_lint(label, &text, exists)?;
    }
}

// ---------------------------------------------------------------------------------------
// 7. The whole export of a session with hostile text
// ---------------------------------------------------------------------------------------

fn date() -> impl Strategy<Value = Date> {
    (1u16..=9999, 1u8..=12, 1u8..=28).prop_map(|(year, month, day)| Date { year, month, day })
}

/// One more answer to a real question: (question, choice, "later", note, owner, due).
type ExtraAnswer = (Index, Index, bool, String, String, Option<Date>);

#[derive(Clone, Debug)]
struct Hostile {
    feature: String,
    date: Date,
    tldr: String,
    goals: Vec<String>,
    non_goals: Vec<String>,
    retry: (String, String, Option<Date>),
    ownership: (Index, String, String),
    extra: Vec<ExtraAnswer>,
    service: [String; 2],
    lists: [Vec<String>; 4],
    path: bool,
}

fn hostile_session() -> impl Strategy<Value = Hostile> {
    let text = || hostile(12);
    let list = || vec(hostile(8), 0..3);
    (
        (text(), date(), text(), list(), list()),
        (
            (text(), text(), proptest::option::of(date())),
            (any::<Index>(), text(), text()),
            vec(
                (
                    any::<Index>(),
                    any::<Index>(),
                    any::<bool>(),
                    text(),
                    text(),
                    proptest::option::of(date()),
                ),
                0..6,
            ),
        ),
        (
            [text(), text()],
            [list(), list(), list(), list()],
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (feature, date, tldr, goals, non_goals),
                (retry, ownership, extra),
                (service, lists, path),
            )| Hostile {
                feature,
                date,
                tldr,
                goals,
                non_goals,
                retry,
                ownership,
                extra,
                service,
                lists,
                path,
            },
        )
}

fn build(h: &Hostile) -> Session {
    let mut s = Session::new(&h.feature, h.date);
    s.tldr = h.tldr.clone();
    s.goals = h.goals.clone();
    s.non_goals = h.non_goals.clone();
    for (qi, ci, tbd, note, owner, due) in &h.extra {
        let (q, choices) = &QUESTIONS[qi.index(QUESTIONS.len())];
        let choices = if *tbd || choices.is_empty() {
            Vec::new()
        } else {
            vec![choices[ci.index(choices.len())].clone()]
        };
        s.answers.insert(
            q.clone(),
            Answer {
                choices,
                note: note.clone(),
                tbd: *tbd,
                owner: owner.clone(),
                due: *due,
                ..Answer::default()
            },
        );
    }
    s.answers.insert(
        "reliability.retry".into(),
        Answer {
            tbd: true,
            note: h.retry.0.clone(),
            owner: h.retry.1.clone(),
            due: h.retry.2,
            ..Answer::default()
        },
    );
    let ownership = ["single-team", "several-teams", "platform-team"];
    s.answers.insert(
        "concerns.ownership".into(),
        Answer {
            choices: vec![ownership[h.ownership.0.index(ownership.len())].into()],
            note: h.ownership.1.clone(),
            owner: h.ownership.2.clone(),
            ..Answer::default()
        },
    );
    s.service.owner_team = h.service[0].clone();
    s.service.slo = h.service[1].clone();
    s.service.last_reviewed = Some(h.date);
    s.service.upstream = h.lists[0].clone();
    s.service.downstream = h.lists[1].clone();
    s.service.external = h.lists[2].clone();
    s.service.shared_infrastructure = h.lists[3].clone();
    if h.path {
        s.paths.push(GraphPath {
            nodes: vec![
                "root".into(),
                "area-integration".into(),
                "cross-partition-transfer".into(),
            ],
            added: true,
            ..Default::default()
        });
    }
    s
}

/// The unescaped pipes of a table row (a backslash escapes the next character).
fn unescaped_pipes(line: &str) -> usize {
    let mut n = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '|' => n += 1,
            _ => {}
        }
    }
    n
}

/// A rendered Markdown document: no terminal escape (or other control character), one
/// title (the first line, after the YAML front matter when there is one), and every
/// table row with as many cells as its header.
fn check_markdown(path: &str, doc: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        !doc.contains('\u{1b}'),
        "{path}: an escape sequence survives"
    );
    if let Some(c) = doc.chars().find(|&c| c.is_control() && c != '\n') {
        prop_assert!(false, "{path}: a control character {c:?} survives");
    }
    let lines: Vec<&str> = doc.split('\n').collect();
    let body = if lines.first() == Some(&"---") {
        lines[1..]
            .iter()
            .position(|l| *l == "---")
            .map_or(0, |end| end + 2)
    } else {
        0
    };
    let title = (body..lines.len())
        .find(|&i| !lines[i].trim().is_empty())
        .unwrap_or(body);
    for (i, line) in lines.iter().enumerate() {
        if i != title {
            prop_assert!(
                !line.starts_with("# "),
                "{path}:{}: a second title {line:?}",
                i + 1
            );
        }
    }
    let mut header: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with('|') {
            let pipes = unescaped_pipes(line);
            let expected = *header.get_or_insert(pipes);
            prop_assert_eq!(
                pipes,
                expected,
                "{}:{}: a broken table row {:?}",
                path,
                i + 1,
                line
            );
        } else {
            header = None;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(EXPORT_CASES))]
    #[test]
    fn export_of_hostile_sessions(h in hostile_session()) {
        let s = build(&h);
        let docs = artifacts::render_all(&KB, &s, &[]);
        prop_assert!(docs.iter().any(|d| d.path == "design.md"));
        for d in docs.iter().filter(|d| d.path.ends_with(".md")) {
            check_markdown(&d.path, &d.text)?;
        }
        let a = engine::assess(&KB, &s);
        let report = serde_json::to_string(&json::report(&s, &a)).expect("the report serialises");
        let back: serde_json::Value = serde_json::from_str(&report).expect("the report parses");
        prop_assert_eq!(back["feature"].as_str(), Some(s.feature.as_str()));
        check_session_round_trip(&s)?;
    }
}

/// A 1,000,000-character note mixing ASCII, wide characters, combining marks and
/// right-to-left text (with a bidi override), through design.md, the JSON report and the
/// session TOML.
#[test]
fn a_one_megabyte_note_renders_and_round_trips() {
    let mix = "plain ASCII | # <b> `x` [y] 1. 漢字ｶﾅ e\u{301}a\u{308} שלום עולם مرحبا \u{202E}abc\u{202C} 👍🏽 ";
    let note: String = mix.chars().cycle().take(1_000_000).collect();
    assert_eq!(note.chars().count(), 1_000_000);
    let mut s = Session::new(
        "Huge note",
        Date {
            year: 2026,
            month: 1,
            day: 1,
        },
    );
    s.answers.insert(
        "concerns.ownership".into(),
        Answer {
            choices: vec!["single-team".into()],
            note: note.clone(),
            ..Answer::default()
        },
    );
    s.answers.insert(
        "reliability.retry".into(),
        Answer {
            tbd: true,
            owner: "team".into(),
            note: note.clone(),
            ..Answer::default()
        },
    );

    let back = session::load_str(&session::to_toml(&s), "huge.toml").expect("loads back");
    assert_eq!(back, s, "the session round-trips through TOML");
    assert_eq!(back.answers["concerns.ownership"].note, note);

    let a = engine::assess(&KB, &s);
    let doc = design::render(&KB, &s, &a, &[]);
    let escaped = escape::inline(&note);
    assert!(
        doc.contains(&format!("One team: {escaped}")),
        "the note appears escaped in the System concerns"
    );
    assert!(
        doc.contains(&escape::quote_block(&note)),
        "the TBD note is quoted"
    );
    assert!(!doc.contains('\u{202E}'), "bidi overrides are stripped");
    assert!(!doc.contains("<b>"), "HTML is escaped");
    assert_eq!(doc.lines().filter(|l| l.starts_with("# ")).count(), 1);

    let report = serde_json::to_string(&json::report(&s, &a)).expect("serialises");
    let parsed: serde_json::Value = serde_json::from_str(&report).expect("parses");
    assert_eq!(parsed["feature"], "Huge note");
}

#[test]
fn fuzz_case_counts() {
    let total: u32 = PROPERTIES.iter().map(|(_, n, _)| n).sum();
    let default_run: u32 = PROPERTIES
        .iter()
        .filter(|(_, _, ignored)| !ignored)
        .map(|(_, n, _)| n)
        .sum();
    for (name, n, ignored) in PROPERTIES {
        let note = if ignored {
            " (ignored: a known bug)"
        } else {
            ""
        };
        eprintln!("{name}: {n} cases{note}");
    }
    eprintln!(
        "fuzz cases per run: {default_run} by default, {total} with --include-ignored, over {} properties",
        PROPERTIES.len()
    );
    assert_eq!(
        total, DOCUMENTED_TOTAL,
        "update the table at the top of tests/fuzz.rs"
    );
    assert_eq!(
        default_run, DOCUMENTED_DEFAULT_RUN,
        "update the table at the top of tests/fuzz.rs"
    );
}

/// A session with one record of each kind, as the terminal's forms start them.
fn with_records() -> Session {
    use design_advisor::workflow::{self, Edit, RecordKind};
    let mut s = Session::new("Records", "2026-12-01".parse().unwrap());
    for (kind, name) in [
        (RecordKind::Channel, "orders.placed.v1"),
        (RecordKind::Decision, "Keep orders in one store"),
        (RecordKind::Runbook, "orders-dlq-depth"),
        (RecordKind::Launch, "2026-12-01"),
    ] {
        workflow::apply(
            &KB,
            &mut s,
            Edit::AddRecord {
                kind,
                name: name.into(),
            },
        )
        .expect("a valid record");
    }
    s
}

proptest! {
    #![proptest_config(config(RECORD_FIELD_CASES))]
    /// Whatever is typed into any field of a form: the edit is taken or refused with the
    /// session left exactly as it was; a session it is taken into saves, loads back
    /// equal and exports without a panic.
    #[test]
    fn record_fields_take_any_text(
        kind in 0usize..4,
        field in 0usize..32,
        value in hostile(200),
    ) {
        use design_advisor::workflow::{self, Edit, RecordKind};
        let kind = RecordKind::ALL[kind];
        let fields = kind.fields();
        let field = fields[field % fields.len()];
        let mut s = with_records();
        let before = s.clone();
        match workflow::apply(&KB, &mut s, Edit::SetField { index: 0, field, value: value.clone() }) {
            Err(_) => prop_assert_eq!(&s, &before),
            Ok(_) => {
                check_session_round_trip(&s)?;
                let _ = artifacts::render_all(&KB, &s, &[]);
            }
        }
    }
}
