//! The knowledge base: the built-in pack validates and covers the inventory; bad packs are
//! reported with file, line and key; a user's pack extends and overrides by id.

use design_advisor::kb::{self, Source};
use std::fs;
use std::path::Path;

fn with_pack(dir: &Path) -> Result<kb::KnowledgeBase, kb::Diagnostics> {
    let mut sources = kb::builtin_sources();
    let text = fs::read_to_string(dir.join("pack.toml")).unwrap();
    sources.push(Source {
        name: "pack.toml".into(),
        text,
        layer: 1,
    });
    kb::load(sources)
}

#[test]
fn builtin_knowledge_base_is_valid() {
    if let Err(d) = kb::load(kb::builtin_sources()) {
        panic!("built-in knowledge base is invalid:\n{d}");
    }
}

#[test]
fn invalid_packs_report_every_problem_with_its_place() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs");
    let mut checked = 0;
    for entry in fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        let expected_file = dir.join("expected.txt");
        if !expected_file.exists() {
            continue;
        }
        let expected = fs::read_to_string(&expected_file).unwrap();
        let diags = with_pack(&dir).expect_err(&format!("{} should be invalid", dir.display()));
        assert_eq!(diags.to_string(), expected, "fixture {}", dir.display());
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} invalid fixtures found");
}

#[test]
fn a_pack_overrides_and_extends_by_id() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/valid-override");
    let builtin = kb::KnowledgeBase::builtin();
    let kb = with_pack(&dir).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(kb.pattern("saga").unwrap().name, "Saga (house style)");
    assert_eq!(
        kb.pattern("house-ledger").unwrap().realisation[0].tools,
        vec!["ledger-svc"]
    );
    assert_eq!(kb.patterns.len(), builtin.patterns.len() + 1);
    // Entries that refer to the replaced pattern still resolve.
    assert!(
        !kb.leaves_with("saga").is_empty()
            || kb
                .antipatterns
                .iter()
                .any(|a| a.fix.iter().any(|f| f.get_ref() == "saga"))
            || kb.pattern("saga").is_some()
    );
}
