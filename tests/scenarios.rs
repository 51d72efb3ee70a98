//! The scenario suite: realistic sessions (tests/scenarios/*.toml), each with what a
//! principal engineer must see (tests/scenarios/*.expect.toml): the patterns recommended
//! and in place, the risks flagged, what the design removes, what must not be flagged,
//! the tier earned, and lines the design document must or must not carry. The test
//! prints the score and asserts every expectation holds.

use design_advisor::engine;
use design_advisor::export::design;
use design_advisor::kb::KnowledgeBase;
use design_advisor::session;
use serde::Deserialize;
use std::path::Path;
use std::sync::LazyLock;

static KB: LazyLock<KnowledgeBase> = LazyLock::new(KnowledgeBase::builtin);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// The tier id earned, or "none" while the Prototype gate is not met.
    tier: String,
    below_threshold: bool,
    in_production: Option<bool>,
    #[serde(default)]
    recommend: Vec<String>,
    #[serde(default)]
    in_place: Vec<String>,
    #[serde(default)]
    flag: Vec<String>,
    #[serde(default)]
    removed: Vec<String>,
    #[serde(default)]
    not_flag: Vec<String>,
    #[serde(default)]
    doc_contains: Vec<String>,
    #[serde(default)]
    doc_not_contains: Vec<String>,
}

struct Score {
    met: usize,
    total: usize,
    misses: Vec<String>,
}

impl Score {
    fn check(&mut self, scenario: &str, ok: bool, what: impl FnOnce() -> String) {
        self.total += 1;
        if ok {
            self.met += 1;
        } else {
            self.misses.push(format!("{scenario}: {}", what()));
        }
    }
}

fn scenarios() -> Vec<(String, session::Session, Expect)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml") && !n.ends_with(".expect.toml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let stem = n.trim_end_matches(".toml").to_string();
            let s = session::load(&dir.join(&n)).unwrap_or_else(|e| panic!("{e}"));
            let text = std::fs::read_to_string(dir.join(format!("{stem}.expect.toml")))
                .unwrap_or_else(|e| panic!("{stem}.expect.toml: {e}"));
            let x: Expect = toml::from_str(&text).unwrap_or_else(|e| panic!("{stem}: {e}"));
            (stem, s, x)
        })
        .collect()
}

#[test]
fn scenarios_meet_their_expectations() {
    let all = scenarios();
    assert!(all.len() >= 15, "only {} scenarios", all.len());
    let mut score = Score {
        met: 0,
        total: 0,
        misses: Vec::new(),
    };
    let mut tiers = std::collections::BTreeSet::new();
    for (name, s, x) in &all {
        let n = name.as_str();
        let problems = s.problems(&KB);
        score.check(n, problems.is_empty(), || {
            format!("session problems {problems:?}")
        });
        let a = engine::assess(&KB, s);
        let doc = design::render(&KB, s, &a, &[]);
        let earned = if a.tier.gate_met {
            a.tier.earned.id.get_ref().as_str()
        } else {
            "none"
        };
        tiers.insert(earned.to_string());
        score.check(n, earned == x.tier, || {
            format!("tier {earned}, expected {}: {}", x.tier, a.tier.statement())
        });
        score.check(n, a.threshold.below == x.below_threshold, || {
            format!("below threshold {}", a.threshold.below)
        });
        if let Some(p) = x.in_production {
            score.check(n, a.tier.in_production == p, || {
                format!("in production {}", a.tier.in_production)
            });
        }
        let has = |id: &str, in_place: bool| {
            a.patterns
                .iter()
                .any(|r| r.pattern.id.get_ref() == id && r.in_place() == in_place)
        };
        for p in &x.recommend {
            score.check(n, has(p, false), || format!("does not recommend {p}"));
        }
        for p in &x.in_place {
            score.check(n, has(p, true), || format!("does not report {p} in place"));
        }
        let risk = |id: &str| a.findings.iter().any(|f| f.antipattern.id.get_ref() == id);
        let gone = |id: &str| {
            a.removed
                .iter()
                .any(|r| r.finding.antipattern.id.get_ref() == id && !r.removed_by.is_empty())
        };
        for f in &x.flag {
            score.check(n, risk(f), || format!("does not flag {f}"));
        }
        for f in &x.removed {
            score.check(n, gone(f), || {
                format!("does not report {f} as removed, with its mechanism")
            });
        }
        for f in &x.not_flag {
            score.check(n, !risk(f), || format!("flags {f} as a risk"));
        }
        for t in &x.doc_contains {
            score.check(n, doc.contains(t.as_str()), || {
                format!("design.md lacks {t:?}")
            });
        }
        for t in &x.doc_not_contains {
            score.check(n, !doc.contains(t.as_str()), || {
                format!("design.md says {t:?}")
            });
        }
        // Every document is coherent about its tier.
        score.check(n, !doc.contains("gate itself is not met"), || {
            "incoherent tier statement".into()
        });
        if a.tier.in_production {
            score.check(
                n,
                !doc.contains("does not serve production traffic"),
                || "a production service described as not serving production".into(),
            );
        }
    }
    println!(
        "scenarios: {}/{} expectations met ({} sessions)",
        score.met,
        score.total,
        all.len()
    );
    assert!(score.misses.is_empty(), "{:#?}", score.misses);
    for t in [
        "prototype",
        "service-ready-basic",
        "service-ready",
        "production-ready",
        "enterprise-critical",
    ] {
        assert!(tiers.contains(t), "no scenario earns {t}: {tiers:?}");
    }
}
