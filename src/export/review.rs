//! review.md: the review of an existing system (seed 000, mode 2).
//!
//! Every review step marked "issue" and every anti-pattern the engine finds becomes an
//! entry of Issues found; a step whose issue an anti-pattern finding already explains is
//! folded into that finding's entry. Recommendations follow the same order: critical
//! findings, then major, then minor, then the review issues no finding explains.

use super::ctx::Ctx;
use super::design::witness_text;
use super::escape::inline;
use super::markdown::Markdown;
use super::registry::{self, Renderer};
use crate::engine::{AntiPatternFinding, Assessment};
use crate::kb::{Id, KnowledgeBase, Question, ReviewLink, Severity, Step};
use crate::session::{Mode, Session};

/// What a review step points at when it is marked "issue" (data/review.toml). A review
/// step without an entry still renders, with `<TBD>` patterns and its "sound" choice as
/// the target.
fn links<'k>(kb: &'k KnowledgeBase, question: &str) -> Option<&'k ReviewLink> {
    kb.review_links
        .iter()
        .find(|l| l.question.get_ref() == question)
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
fn issues<'a, 'kb>(
    kb: &KnowledgeBase,
    a: &'a Assessment<'kb>,
    steps: &'a Steps<'kb>,
) -> Vec<Issue<'a, 'kb>> {
    let mut findings: Vec<&AntiPatternFinding> = a.findings.iter().collect();
    findings.sort_by_key(|f| f.severity());
    let explained_by = |step: &ReviewStep| {
        let ids = links(kb, step.question.id.get_ref()).map_or(&[][..], |l| &l.antipatterns);
        findings.iter().position(|f| {
            ids.iter()
                .any(|id| id.get_ref() == f.antipattern.id.get_ref())
        })
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

fn names(kb: &KnowledgeBase, ids: &[Id]) -> String {
    let names: Vec<&str> = ids
        .iter()
        .map(|id| {
            kb.pattern(id.get_ref())
                .map_or(id.get_ref().as_str(), |p| p.name.as_str())
        })
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
    let principle = links(ctx.kb, step.question.id.get_ref()).and_then(|l| l.principle.as_ref());
    if let Some(pid) = principle.map(|p| p.get_ref()) {
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
    "`<TBD: the fix for this system>`".to_string()
}

pub fn render(ctx: &Ctx) -> String {
    let s = ctx.session;
    let kb = ctx.kb;
    let a = ctx.assessment;
    let steps = steps(kb, s);
    let issues = issues(kb, a, &steps);
    let mut md = Markdown::with_capacity(12 * 1024);
    // "Order service review" is titled as it is, not "Order service review review".
    if s.feature.trim().to_lowercase().ends_with("review") {
        md.heading(1, inline(&s.feature));
    } else {
        md.heading(1, format_args!("{} review", inline(&s.feature)));
    }
    md.summary(s.status.as_str(), &s.date.to_string(), &s.tldr);
    summary_paragraph(&mut md, ctx, &steps);
    md.concerns_ref(kb, "review.md", None);
    strengths(&mut md, ctx, &steps);
    issues_found(&mut md, ctx, &issues);
    recommendations(&mut md, kb, &issues);
    md.related(ctx, "review.md");
    md.finish()
}

fn count(a: &Assessment, severity: Severity) -> usize {
    a.findings
        .iter()
        .filter(|f| f.severity() == severity)
        .count()
}

fn summary_paragraph(md: &mut Markdown, ctx: &Ctx, steps: &Steps) {
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
    md.para(format_args!(
        "{what} {patterns} {reviewed} of {total} review steps done: {} sound, {} with an issue, {} not applicable. The advisor found {} anti-pattern(s) ({critical} critical, {major} major, {minor} minor); readiness tier: {}. {verdict}",
        steps.sound.len(),
        steps.issues.len(),
        steps.not_applicable.len(),
        a.findings.len(),
        a.tier.earned.name,
    ));
}

fn strengths(md: &mut Markdown, ctx: &Ctx, steps: &Steps) {
    md.heading(2, "Strengths");
    let a = ctx.assessment;
    let in_place: Vec<_> = a.patterns.iter().filter(|r| r.in_place()).collect();
    if steps.sound.is_empty() && in_place.is_empty() {
        md.para("None recorded yet: mark the review steps that are sound.");
    }
    for step in &steps.sound {
        // Only what the user says is in place: a step marked sound without a note is
        // not credited with the checklist's description of a sound answer.
        let text = if step.note.is_empty() {
            "marked sound, with no detail recorded (`<TBD: what is in place>`)".to_string()
        } else {
            inline(&step.note)
        };
        md.labelled(inline(step.question.label()), text);
    }
    for r in &in_place {
        md.bullet(format_args!(
            "**{}** in place, as the team states",
            inline(&r.pattern.name)
        ));
    }
    if !steps.sound.is_empty() || !in_place.is_empty() {
        md.blank();
    }
    let list = |qs: &[&Question]| {
        qs.iter()
            .map(|q| inline(q.label()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !steps.not_applicable.is_empty() {
        md.para(format_args!(
            "Not applicable: {}.",
            list(&steps.not_applicable)
        ));
    }
    if !steps.open.is_empty() {
        md.para(format_args!(
            "Not reviewed yet (`<TBD>`): {}.",
            list(&steps.open)
        ));
    }
}

fn issues_found(md: &mut Markdown, ctx: &Ctx, issues: &[Issue]) {
    let kb = ctx.kb;
    md.heading(2, "Issues found");
    if issues.is_empty() {
        md.para("None: no review step marked as an issue and no anti-pattern found.");
        return;
    }
    for (i, issue) in issues.iter().enumerate() {
        match issue {
            Issue::Finding { finding, steps } => {
                let ap = finding.antipattern;
                md.heading(
                    3,
                    format_args!("{}. {} ({})", i + 1, inline(&ap.name), ap.severity.as_str()),
                );
                let because = witness_text(kb, &finding.triggered_by);
                if because.is_empty() {
                    md.labelled("What", inline(&ap.name));
                } else {
                    md.labelled(
                        "What",
                        format_args!("{}, found because {}.", inline(&ap.name), inline(&because)),
                    );
                }
                for step in steps {
                    md.labelled("Review step", step_what(step));
                }
                md.labelled("Why it matters", inline(&ap.why));
                let fixes: Vec<&str> = finding.fix.iter().map(|p| p.name.as_str()).collect();
                let fixes = if fixes.is_empty() {
                    "`<TBD>`".to_string()
                } else {
                    inline(&fixes.join(", "))
                };
                md.labelled("Pattern to apply", fixes);
                let fix = if !ap.fix_text.trim().is_empty() {
                    inline(&ap.fix_text)
                } else if let Some(p) = finding.fix.first() {
                    inline(&p.idea)
                } else {
                    "`<TBD>`".to_string()
                };
                md.labelled("Suggested fix", fix).blank();
            }
            Issue::Step(step) => {
                let q = step.question;
                md.heading(
                    3,
                    format_args!("{}. {} (review step)", i + 1, inline(q.label())),
                )
                .labelled("What", step_what(step))
                .labelled("Why it matters", inline(&q.why));
                let patterns = links(kb, q.id.get_ref()).map_or(&[][..], |l| &l.patterns);
                md.labelled("Pattern to apply", names(kb, patterns))
                    .labelled("Suggested fix", step_fix(ctx, step))
                    .blank();
            }
        }
    }
}

fn recommendations(md: &mut Markdown, kb: &KnowledgeBase, issues: &[Issue]) {
    md.heading(2, "Recommendations");
    if issues.is_empty() {
        md.para("None: keep the review current as the system changes.");
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
                md.line(format_args!(
                    "{}. **{}**: {}.{apply} (issue {}).",
                    i + 1,
                    capitalised(finding.severity().as_str()),
                    inline(&finding.antipattern.name),
                    i + 1
                ));
            }
            Issue::Step(step) => {
                let q = step.question;
                let patterns = links(kb, q.id.get_ref()).map_or(&[][..], |l| &l.patterns);
                md.line(format_args!(
                    "{}. **Severity `<TBD>`**: {}, marked as an issue in review. Apply {} (issue {}).",
                    i + 1,
                    inline(q.label()),
                    names(kb, patterns),
                    i + 1
                ));
            }
        }
    }
    md.blank();
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The review, for a session in review mode or one that answered review questions.
pub const RENDERER: Renderer = Renderer {
    files: |kb, session| {
        let reviewed = session.mode == Mode::Review
            || session.answers.keys().any(|q| q.starts_with("review."));
        if reviewed {
            vec![registry::single(kb, "review")]
        } else {
            Vec::new()
        }
    },
    render: |ctx, _| Some(render(ctx)),
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids a link names are checked when the knowledge base loads; here, that every
    /// review step of the built-in pack has one.
    #[test]
    fn every_review_step_has_its_links() {
        let kb = KnowledgeBase::builtin();
        for qn in kb.questionnaires_for(Step::Review) {
            for q in &qn.question {
                assert!(
                    links(&kb, q.id.get_ref()).is_some(),
                    "no review_link for {}",
                    q.id.get_ref()
                );
            }
        }
    }
}
