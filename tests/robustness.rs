//! Fuzzing (proptest) of every parser and text transformer that takes user input: the
//! session loader, the knowledge-pack loader, the rule parser, the key-script parser, the
//! Markdown and Mermaid escaping, and lint. No input may panic, and a malformed input must
//! get an error that names where it is. Case counts live in the consts below, and
//! `fuzz_case_counts` prints their sum for the reliability report.

use design_advisor::kb::{self, Source};
use design_advisor::session::{self, SessionError};
use proptest::prelude::*;
use std::sync::LazyLock;

const SESSION_TEXT_CASES: u32 = 1500;
const SESSION_MUTATION_CASES: u32 = 1500;
const PACK_CASES: u32 = 150;
const RULE_TEXT_CASES: u32 = 3000;
const RULE_TOKEN_CASES: u32 = 3000;
const KEY_SCRIPT_CASES: u32 = 2000;
const ESCAPE_CASES: u32 = 3000;
const LINT_CASES: u32 = 800;

const ALL: [u32; 8] = [
    SESSION_TEXT_CASES,
    SESSION_MUTATION_CASES,
    PACK_CASES,
    RULE_TEXT_CASES,
    RULE_TOKEN_CASES,
    KEY_SCRIPT_CASES,
    ESCAPE_CASES,
    LINT_CASES,
];

/// Characters that break naive parsers and renderers.
const NASTY: &[char] = &[
    '\n', '\r', '\t', '\0', '\u{1b}', '\u{7}', '\u{2028}', '\u{202E}', '\u{301}', '漢', '👍', '"',
    '\'', '\\', '[', ']', '{', '}', '=', '#', '|', '<', '>', '`', '*', '_', '-', '.', '1', ' ',
];

fn nasty_string(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,200}".prop_map(move |s: String| s.chars().take(max).collect()),
        proptest::collection::vec(proptest::sample::select(NASTY), 0..max)
            .prop_map(|v| v.into_iter().collect()),
    ]
}

/// A mutation of `text`: cut a range, duplicate or swap lines, flip a character, truncate.
fn mutate(text: &str, op: u8, a: usize, b: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len().max(1);
    let (i, j) = (a % n, b % n);
    let (lo, hi) = (i.min(j), i.max(j));
    let mut lines: Vec<&str> = text.lines().collect();
    match op % 5 {
        0 => chars[..lo].iter().chain(&chars[hi..]).collect(),
        1 => chars[..lo].iter().collect(),
        2 => {
            let mut c = chars.clone();
            if !c.is_empty() {
                c[lo] = NASTY[hi % NASTY.len()];
            }
            c.into_iter().collect()
        }
        3 if !lines.is_empty() => {
            let k = lo % lines.len();
            lines.insert(k, lines[k]);
            lines.join("\n")
        }
        _ if lines.len() > 1 => {
            let (x, y) = (lo % lines.len(), hi % lines.len());
            lines.swap(x, y);
            lines.join("\n")
        }
        _ => text.to_string(),
    }
}

fn line_count(text: &str) -> usize {
    text.lines().count() + 1
}

fn check_session_error(text: &str, err: &SessionError) -> Result<(), TestCaseError> {
    let shown = err.to_string();
    prop_assert!(shown.starts_with("s.toml"), "{shown}");
    if let SessionError::Malformed { line, column, .. } = err {
        prop_assert!(
            *line >= 1 && *line <= line_count(text),
            "line {line} of {}",
            line_count(text)
        );
        prop_assert!(*column >= 1);
    }
    Ok(())
}

static EXAMPLES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| kb::example_sessions().iter().map(|(_, t)| *t).collect());

proptest! {
    #![proptest_config(ProptestConfig { cases: SESSION_TEXT_CASES, ..ProptestConfig::default() })]
    #[test]
    fn session_loader_survives_any_text(text in nasty_string(300)) {
        if let Err(e) = session::load_str(&text, "s.toml") {
            check_session_error(&text, &e)?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: SESSION_MUTATION_CASES, ..ProptestConfig::default() })]
    #[test]
    fn session_loader_survives_mutated_examples(which in 0usize..8, op in any::<u8>(), a in any::<usize>(), b in any::<usize>()) {
        let text = mutate(EXAMPLES[which % EXAMPLES.len()], op, a, b);
        if let Err(e) = session::load_str(&text, "s.toml") {
            check_session_error(&text, &e)?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: PACK_CASES, ..ProptestConfig::default() })]
    #[test]
    fn knowledge_packs_get_located_diagnostics(which in 0usize..16, op in any::<u8>(), a in any::<usize>(), b in any::<usize>(), raw in nasty_string(200), use_raw in any::<bool>()) {
        let builtin = kb::builtin_sources();
        let text = if use_raw { raw } else { mutate(&builtin[which % builtin.len()].text, op, a, b) };
        if let Err(diags) = kb::load_builtin_with(vec![Source { name: "pack.toml".into(), text: text.clone(), layer: 1 }]) {
            for d in diags.0.iter().filter(|d| d.file == "pack.toml") {
                prop_assert!(d.line == 0 || d.line <= line_count(&text), "{d}");
                prop_assert!(!d.message.is_empty());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: RULE_TEXT_CASES, ..ProptestConfig::default() })]
    #[test]
    fn rule_parser_survives_any_text(text in nasty_string(120)) {
        match design_advisor::rules::parse(&text) {
            Err(e) => prop_assert!(e.offset <= text.len()),
            Ok(rule) => {
                let refs = rule.references();
                let all_named = refs.iter().all(|r| match r {
                    design_advisor::rules::Reference::Question(x) | design_advisor::rules::Reference::Questionnaire(x) | design_advisor::rules::Reference::Pattern(x) | design_advisor::rules::Reference::Flow(x) => !x.is_empty(),
                    design_advisor::rules::Reference::Choice { question, choice } => !question.is_empty() && !choice.is_empty(),
                });
                prop_assert!(all_named);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: RULE_TOKEN_CASES, ..ProptestConfig::default() })]
    #[test]
    fn rule_parser_survives_token_soup(tokens in proptest::collection::vec(proptest::sample::select(vec!["a.b", "x-y", "==", "!=", "in", "[", "]", ",", "(", ")", "and", "or", "not", "answered", "tbd", "complete", "pattern", "flow", "true", "false"]), 0..24)) {
        let text = tokens.join(" ");
        if let Err(e) = design_advisor::rules::parse(&text) {
            prop_assert!(e.offset <= text.len(), "{e}");
            prop_assert!(!e.message.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: KEY_SCRIPT_CASES, ..ProptestConfig::default() })]
    #[test]
    fn key_scripts_never_panic(text in nasty_string(80)) {
        if let Err(e) = design_advisor::tui::keys::parse_script(&text) {
            prop_assert!(e.contains("key script") || e.contains("unknown key"), "{e}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: ESCAPE_CASES, ..ProptestConfig::default() })]
    #[test]
    fn escaping_keeps_structure(text in nasty_string(160)) {
        use design_advisor::export::escape::{cell, inline, mermaid_label, quote_block};
        for out in [inline(&text), cell(&text)] {
            prop_assert!(!out.chars().any(|c| c.is_control()), "{out:?}");
            prop_assert!(!out.contains('<') && !out.contains('>'), "{out:?}");
            prop_assert!(!out.starts_with(['#', '-', '+', '=']), "{out:?}");
            // Every pipe is escaped, so a table cell stays one cell.
            let bytes: Vec<char> = out.chars().collect();
            for (i, c) in bytes.iter().enumerate() {
                if *c == '|' {
                    prop_assert!(i > 0 && bytes[i - 1] == '\\', "{out:?}");
                }
            }
        }
        prop_assert!(quote_block(&text).lines().all(|l| l.starts_with('>')));
        let label = mermaid_label(&text);
        prop_assert!(!label.contains('"') && !label.chars().any(|c| c.is_control()), "{label:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: LINT_CASES, ..ProptestConfig::default() })]
    #[test]
    fn lint_survives_any_document(which in 0usize..32, op in any::<u8>(), a in any::<usize>(), b in any::<usize>(), raw in nasty_string(300), use_raw in any::<bool>()) {
        static FIXTURES: LazyLock<Vec<String>> = LazyLock::new(|| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint");
            let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "md")).map(|p| std::fs::read_to_string(p).unwrap()).collect();
            v.sort();
            v
        });
        let text = if use_raw { raw } else { mutate(&FIXTURES[which % FIXTURES.len()], op, a, b) };
        for f in design_advisor::selfcheck::lint("doc.md", &text, |_| false) {
            prop_assert!(f.line.is_none_or(|l| l >= 1 && l <= line_count(&text)), "{f:?}");
            prop_assert!(!f.message.is_empty());
        }
    }
}

#[test]
fn fuzz_case_counts() {
    let total: u32 = ALL.iter().sum();
    eprintln!("fuzz cases per run: {total} ({ALL:?})");
    assert_eq!(total, 14_950);
}
