//! review.md: the review of an existing system (seed 000, mode 2).
//!
//! Every review step marked "issue" and every anti-pattern the engine finds becomes an
//! entry of Issues found; a step whose issue an anti-pattern finding already explains is
//! folded into that finding's entry. Recommendations follow the same order: critical
//! findings, then major, then minor, then the review issues no finding explains.

use super::ctx::Ctx;
use super::ctx::related_block;
use super::design::{concerns, summary_block, witness_text};
use super::escape::inline;
use crate::engine::{AntiPatternFinding, Assessment};
use crate::kb::{KnowledgeBase, Question, Severity, Step};
use crate::session::Session;
use std::fmt::Write;

/// What a review step points at when it is marked "issue": the anti-patterns that explain
/// such an issue, the patterns that address it, and the design principle whose advice is
/// the suggested fix. The knowledge base has no entry kind for this link (a review
/// question names no pattern), so it lives here; a unit test checks every id against the
/// built-in knowledge base. A review step missing from the table still renders, with
/// `<TBD>` patterns and its "sound" choice as the target.
struct StepLinks {
    question: &'static str,
    antipatterns: &'static [&'static str],
    patterns: &'static [&'static str],
    principle: Option<&'static str>,
}

const STEP_LINKS: &[StepLinks] = &[
    StepLinks {
        question: "review.data_model",
        antipatterns: &[],
        patterns: &[
            "relational-model",
            "document-model",
            "graph-model",
            "event-log-model",
        ],
        principle: None,
    },
    StepLinks {
        question: "review.storage",
        antipatterns: &["wrong-storage-engine"],
        patterns: &["b-tree", "lsm-tree", "time-series-storage"],
        principle: Some("storage-engine"),
    },
    StepLinks {
        question: "review.encoding",
        antipatterns: &["missing-schema-evolution", "unchecked-schema-changes"],
        patterns: &["schema-evolution-encoding", "format-indicator"],
        principle: Some("schema-evolution"),
    },
    StepLinks {
        question: "review.replication",
        antipatterns: &[
            "sync-replication-where-async-suffices",
            "active-active-without-conflict-policy",
        ],
        patterns: &[
            "single-leader-replication",
            "named-consistency-model",
            "read-from-owner",
        ],
        principle: Some("replication-topology"),
    },
    StepLinks {
        question: "review.partitioning",
        antipatterns: &["hot-partition"],
        patterns: &["hash-partitioning", "compound-key-partitioning"],
        principle: Some("partition-for-scale"),
    },
    StepLinks {
        question: "review.transactions",
        antipatterns: &["isolation-too-weak", "serializable-without-need"],
        patterns: &["snapshot-isolation", "serializable-isolation"],
        principle: Some("weakest-correct-isolation"),
    },
    StepLinks {
        question: "review.distributed",
        antipatterns: &[
            "non-idempotent-at-least-once",
            "unbounded-retries",
            "lock-without-fencing",
            "retry-without-jitter-or-classification",
            "retry-storm",
            "distributed-two-phase-commit",
        ],
        patterns: &["timeout", "idempotent-receiver", "fencing-token"],
        principle: Some("idempotent-operations"),
    },
    StepLinks {
        question: "review.pipelines",
        antipatterns: &["ack-before-commit"],
        patterns: &[
            "checkpointing",
            "idempotent-receiver",
            "exactly-once-processing",
        ],
        principle: Some("end-to-end-correctness"),
    },
    StepLinks {
        question: "review.derived_data",
        antipatterns: &[
            "dual-write",
            "cache-as-source-of-truth",
            "shared-oltp-database",
        ],
        patterns: &[
            "change-data-capture",
            "transactional-outbox",
            "materialized-view",
        ],
        principle: Some("derive-dont-share"),
    },
    StepLinks {
        question: "review.operations",
        antipatterns: &[
            "missing-backpressure",
            "unbounded-buffers",
            "missing-trace-context",
            "unowned-dead-letter-queue",
            "no-dead-letter-channel",
        ],
        patterns: &["backpressure", "load-shedding", "dead-letter-channel"],
        principle: None,
    },
];

fn links(question: &str) -> Option<&'static StepLinks> {
    STEP_LINKS.iter().find(|l| l.question == question)
}

/// A review step as answered.
struct ReviewStep<'a> {
    question: &'a Question,
    note: String,
}

/// The review questions in knowledge-base order, split by their answer.
struct Steps<'a> {
    sound: Vec<ReviewStep<'a>>,
    issues: Vec<ReviewStep<'a>>,
    not_applicable: Vec<&'a Question>,
    open: Vec<&'a Question>,
}

fn steps<'a>(kb: &'a KnowledgeBase, s: &Session) -> Steps<'a> {
    let mut out = Steps {
        sound: Vec::new(),
        issues: Vec::new(),
        not_applicable: Vec::new(),
        open: Vec::new(),
    };
    for qn in kb.questionnaires_for(Step::Review) {
        for q in &qn.question {
            let answer = s.answer(q.id.get_ref()).filter(|a| a.is_answered());
            let Some(a) = answer else {
                out.open.push(q);
                continue;
            };
            let step = ReviewStep {
                question: q,
                note: a.note.trim().to_string(),
            };
            if a.choices.iter().any(|c| c == "issue") {
                out.issues.push(step);
            } else if a.choices.iter().any(|c| c == "sound") {
                out.sound.push(step);
            } else {
                out.not_applicable.push(q);
            }
        }
    }
    out
}

/// One entry of Issues found.
enum Issue<'a, 'kb> {
    Finding {
        finding: &'a AntiPatternFinding<'kb>,
        steps: Vec<&'a ReviewStep<'kb>>,
    },
    Step(&'a ReviewStep<'kb>),
}

/// The issues in priority order: the engine's findings (already sorted by severity), each
/// with the review steps it explains, then the review steps no finding explains.
fn issues<'a, 'kb>(a: &'a Assessment<'kb>, steps: &'a Steps<'kb>) -> Vec<Issue<'a, 'kb>> {
    let mut findings: Vec<&AntiPatternFinding> = a.findings.iter().collect();
    findings.sort_by_key(|f| f.severity());
    let explained_by = |step: &ReviewStep| {
        let ids = links(step.question.id.get_ref()).map_or(&[][..], |l| l.antipatterns);
        findings
            .iter()
            .position(|f| ids.contains(&f.antipattern.id.get_ref().as_str()))
    };
    let mut out: Vec<Issue> = findings
        .iter()
        .map(|f| Issue::Finding {
            finding: f,
            steps: Vec::new(),
        })
        .collect();
    let mut loose = Vec::new();
    for step in &steps.issues {
        match explained_by(step) {
            Some(i) => {
                if let Issue::Finding { steps, .. } = &mut out[i] {
                    steps.push(step);
                }
            }
            None => loose.push(Issue::Step(step)),
        }
    }
    out.extend(loose);
    out
}

fn step_what(step: &ReviewStep) -> String {
    if step.note.is_empty() {
        format!(
            "{}: marked as an issue, with no note",
            inline(step.question.label())
        )
    } else {
        format!("{}: {}", inline(step.question.label()), inline(&step.note))
    }
}

fn names(kb: &KnowledgeBase, ids: &[&str]) -> String {
    let names: Vec<&str> = ids
        .iter()
        .map(|id| kb.pattern(id).map_or(*id, |p| p.name.as_str()))
        .collect();
    if names.is_empty() {
        "`<TBD>`".to_string()
    } else {
        inline(&names.join(", "))
    }
}

/// The suggested fix for a review step no finding explains: the advice its principle gives
/// for this session's answers, else the principle itself, else the state the "sound"
/// choice describes.
fn step_fix(ctx: &Ctx, step: &ReviewStep) -> String {
    let principle = links(step.question.id.get_ref()).and_then(|l| l.principle);
    if let Some(pid) = principle {
        let advice: Vec<String> = ctx
            .assessment
            .advice
            .iter()
            .filter(|a| a.principle.id.get_ref() == pid)
            .map(|a| inline(a.text))
            .collect();
        if !advice.is_empty() {
            return advice.join(" ");
        }
        if let Some(p) = ctx.kb.principles.iter().find(|p| p.id.get_ref() == pid) {
            return inline(&p.text);
        }
    }
    match step.question.choice("sound") {
        Some(c) if !c.hint.trim().is_empty() => {
            format!("Bring it to this state: {}", inline(&c.hint))
        }
        _ => "`<TBD>`".to_string(),
    }
}

pub fn render(ctx: &Ctx) -> String {
    let s = ctx.session;
    let kb = ctx.kb;
    let a = ctx.assessment;
    let steps = steps(kb, s);
    let issues = issues(a, &steps);
    let mut d = String::with_capacity(12 * 1024);
    let w = &mut d;
    // "Order service review" is titled as it is, not "Order service review review".
    if s.feature.trim().to_lowercase().ends_with("review") {
        let _ = writeln!(w, "# {}\n", inline(&s.feature));
    } else {
        let _ = writeln!(w, "# {} review\n", inline(&s.feature));
    }
    summary_block(w, s.status.as_str(), &s.date.to_string(), &s.tldr);
    summary_paragraph(w, ctx, &steps);
    concerns(w, kb, s);
    strengths(w, ctx, &steps);
    issues_found(w, ctx, &issues);
    recommendations(w, kb, &issues);
    related_block(w, ctx, "review.md");
    d
}

fn count(a: &Assessment, severity: Severity) -> usize {
    a.findings
        .iter()
        .filter(|f| f.severity() == severity)
        .count()
}

fn summary_paragraph(w: &mut String, ctx: &Ctx, steps: &Steps) {
    let a = ctx.assessment;
    let what = if ctx.session.tldr.trim().is_empty() {
        "What the system does: `<TBD>`.".to_string()
    } else {
        let t = inline(&ctx.session.tldr);
        if t.ends_with('.') { t } else { format!("{t}.") }
    };
    let patterns: Vec<&str> = a
        .patterns
        .iter()
        .filter(|r| r.in_place())
        .map(|r| r.pattern.name.as_str())
        .collect();
    let patterns = if patterns.is_empty() {
        "No pattern is recorded as in place yet.".to_string()
    } else {
        format!("Patterns in place: {}.", inline(&patterns.join(", ")))
    };
    let reviewed = steps.sound.len() + steps.issues.len() + steps.not_applicable.len();
    let total = reviewed + steps.open.len();
    let (critical, major, minor) = (
        count(a, Severity::Critical),
        count(a, Severity::Major),
        count(a, Severity::Minor),
    );
    let verdict = if critical > 0 {
        "Fix the critical findings before building on this system."
    } else if major > 0 || !steps.issues.is_empty() {
        "Workable, with the issues below to address."
    } else if minor > 0 {
        "Sound, with minor findings."
    } else {
        "Sound: no issue found in the steps reviewed."
    };
    let _ = writeln!(
        w,
        "{what} {patterns} {reviewed} of {total} review steps done: {} sound, {} with an issue, {} not applicable. The advisor found {} anti-pattern(s) ({critical} critical, {major} major, {minor} minor); readiness tier: {}. {verdict}\n",
        steps.sound.len(),
        steps.issues.len(),
        steps.not_applicable.len(),
        a.findings.len(),
        a.tier.earned.name,
    );
}

fn strengths(w: &mut String, ctx: &Ctx, steps: &Steps) {
    let _ = writeln!(w, "## Strengths\n");
    let a = ctx.assessment;
    let in_place: Vec<_> = a.patterns.iter().filter(|r| r.in_place()).collect();
    if steps.sound.is_empty() && in_place.is_empty() {
        let _ = writeln!(
            w,
            "None recorded yet: mark the review steps that are sound.\n"
        );
    }
    for step in &steps.sound {
        let text = if step.note.is_empty() {
            step.question
                .choice("sound")
                .map_or(String::new(), |c| inline(&c.hint))
        } else {
            inline(&step.note)
        };
        let _ = writeln!(w, "- **{}**: {text}", inline(step.question.label()));
    }
    for r in &in_place {
        let _ = writeln!(
            w,
            "- **{}** in place, as the team states",
            inline(&r.pattern.name)
        );
    }
    if !steps.sound.is_empty() || !in_place.is_empty() {
        let _ = writeln!(w);
    }
    let list = |qs: &[&Question]| {
        qs.iter()
            .map(|q| inline(q.label()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !steps.not_applicable.is_empty() {
        let _ = writeln!(w, "Not applicable: {}.\n", list(&steps.not_applicable));
    }
    if !steps.open.is_empty() {
        let _ = writeln!(w, "Not reviewed yet (`<TBD>`): {}.\n", list(&steps.open));
    }
}

fn issues_found(w: &mut String, ctx: &Ctx, issues: &[Issue]) {
    let kb = ctx.kb;
    let _ = writeln!(w, "## Issues found\n");
    if issues.is_empty() {
        let _ = writeln!(
            w,
            "None: no review step marked as an issue and no anti-pattern found.\n"
        );
        return;
    }
    for (i, issue) in issues.iter().enumerate() {
        match issue {
            Issue::Finding { finding, steps } => {
                let ap = finding.antipattern;
                let _ = writeln!(
                    w,
                    "### {}. {} ({})\n",
                    i + 1,
                    inline(&ap.name),
                    ap.severity.as_str()
                );
                let because = witness_text(kb, &finding.triggered_by);
                if because.is_empty() {
                    let _ = writeln!(w, "- **What**: {}", inline(&ap.name));
                } else {
                    let _ = writeln!(
                        w,
                        "- **What**: {}, found because {}.",
                        inline(&ap.name),
                        inline(&because)
                    );
                }
                for step in steps {
                    let _ = writeln!(w, "- **Review step**: {}", step_what(step));
                }
                let _ = writeln!(w, "- **Why it matters**: {}", inline(&ap.why));
                let fixes: Vec<&str> = finding.fix.iter().map(|p| p.name.as_str()).collect();
                let fixes = if fixes.is_empty() {
                    "`<TBD>`".to_string()
                } else {
                    inline(&fixes.join(", "))
                };
                let _ = writeln!(w, "- **Pattern to apply**: {fixes}");
                let fix = if !ap.fix_text.trim().is_empty() {
                    inline(&ap.fix_text)
                } else if let Some(p) = finding.fix.first() {
                    inline(&p.idea)
                } else {
                    "`<TBD>`".to_string()
                };
                let _ = writeln!(w, "- **Suggested fix**: {fix}\n");
            }
            Issue::Step(step) => {
                let q = step.question;
                let _ = writeln!(w, "### {}. {} (review step)\n", i + 1, inline(q.label()));
                let _ = writeln!(w, "- **What**: {}", step_what(step));
                let _ = writeln!(w, "- **Why it matters**: {}", inline(&q.why));
                let patterns = links(q.id.get_ref()).map_or(&[][..], |l| l.patterns);
                let _ = writeln!(w, "- **Pattern to apply**: {}", names(kb, patterns));
                let _ = writeln!(w, "- **Suggested fix**: {}\n", step_fix(ctx, step));
            }
        }
    }
}

fn recommendations(w: &mut String, kb: &KnowledgeBase, issues: &[Issue]) {
    let _ = writeln!(w, "## Recommendations\n");
    if issues.is_empty() {
        let _ = writeln!(w, "None: keep the review current as the system changes.\n");
        return;
    }
    for (i, issue) in issues.iter().enumerate() {
        match issue {
            Issue::Finding { finding, .. } => {
                let fixes: Vec<&str> = finding.fix.iter().map(|p| p.name.as_str()).collect();
                let apply = if fixes.is_empty() {
                    String::new()
                } else {
                    format!(" Apply {}", inline(&fixes.join(", ")))
                };
                let _ = writeln!(
                    w,
                    "{}. **{}**: {}.{apply} (issue {}).",
                    i + 1,
                    capitalised(finding.severity().as_str()),
                    inline(&finding.antipattern.name),
                    i + 1
                );
            }
            Issue::Step(step) => {
                let q = step.question;
                let patterns = links(q.id.get_ref()).map_or(&[][..], |l| l.patterns);
                let _ = writeln!(
                    w,
                    "{}. **Review step**: {}. Apply {} (issue {}).",
                    i + 1,
                    inline(q.label()),
                    names(kb, patterns),
                    i + 1
                );
            }
        }
    }
    let _ = writeln!(w);
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_review_step_link_names_known_entries() {
        let kb = KnowledgeBase::builtin();
        for l in STEP_LINKS {
            let q = kb
                .question(l.question)
                .unwrap_or_else(|| panic!("unknown question {}", l.question));
            assert!(q.choice("issue").is_some(), "{}", l.question);
            for ap in l.antipatterns {
                assert!(kb.antipattern(ap).is_some(), "{}: {ap}", l.question);
            }
            for p in l.patterns {
                assert!(kb.pattern(p).is_some(), "{}: {p}", l.question);
            }
            if let Some(p) = l.principle {
                assert!(
                    kb.principles.iter().any(|x| x.id.get_ref() == p),
                    "{}: {p}",
                    l.question
                );
            }
        }
        for qn in kb.questionnaires_for(Step::Review) {
            for q in &qn.question {
                assert!(
                    links(q.id.get_ref()).is_some(),
                    "no links for {}",
                    q.id.get_ref()
                );
            }
        }
    }
}
