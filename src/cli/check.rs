//! `design-advisor check`: the CI gate, for one session or for every session of a
//! project (`--all`), as text, JSON or GitHub workflow annotations.

use super::output::shown;
use crate::engine::{self, Assessment, TbdKind};
use crate::export::files;
use crate::kb::{KnowledgeBase, Tier};
use crate::session::Session;
use crate::workflow::gate::Policy;
use anyhow::anyhow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    /// GitHub Actions workflow commands: `::error file=...,line=...::message`.
    Github,
}

/// The policy from the command line; an unknown tier is bad input.
pub fn policy<'kb>(
    kb: &'kb KnowledgeBase,
    min_tier: Option<&str>,
    max_tbd: Option<usize>,
) -> anyhow::Result<Policy<'kb>> {
    let min_tier = match min_tier {
        Some(id) => Some(Policy::tier(kb, id).map_err(|e| anyhow!("--min-tier: {e}"))?),
        None => None,
    };
    Ok(Policy {
        min_tier,
        max_tbd,
        overdue_on: None,
    })
}

/// What the gate found for one session.
pub struct Verdict<'a> {
    pub assessment: Assessment<'a>,
    /// The ways the policy does not hold.
    pub failures: Vec<String>,
    /// With --frozen: the documents missing or out of date.
    pub stale: Vec<(PathBuf, &'static str)>,
}

impl Verdict<'_> {
    pub fn holds(&self) -> bool {
        self.failures.is_empty() && self.stale.is_empty()
    }
}

/// Assesses `session` against the policy and, when `frozen` names the output root, its
/// exported documents against what an export would write now.
pub fn evaluate<'a>(
    kb: &'a KnowledgeBase,
    session: &'a Session,
    policy: &Policy,
    frozen: Option<&Path>,
) -> Verdict<'a> {
    let assessment = engine::assess(kb, session);
    let failures = policy.failures(&assessment);
    let stale = frozen.map_or_else(Vec::new, |root| files::stale(kb, session, root));
    Verdict {
        assessment,
        failures,
        stale,
    }
}

/// One session's result in `check --all`: its path and verdict, or why it could not be read.
pub enum Checked {
    Read(Box<Session>, PathBuf),
    Unreadable(PathBuf, String),
}

/// Every session under `root`/docs/features/, read and checked against the knowledge base
/// (the same validation as a single `check`), in path order.
pub fn read_all(kb: &KnowledgeBase, root: &Path) -> Vec<Checked> {
    crate::workflow::file::session_paths(root)
        .into_iter()
        .map(
            |path| match super::load_session(kb, &path.display().to_string()) {
                Ok(s) => Checked::Read(Box::new(s), path),
                Err(e) => Checked::Unreadable(path, format!("{e:#}")),
            },
        )
        .collect()
}

/// `check --all`: how many sessions there were, held, failed and could not be read.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub sessions: usize,
    pub failing: usize,
    pub unreadable: usize,
}

/// Checks every session under `root` in one process; the exit status is 2 when any
/// session cannot be read, else 1 when any fails the policy, else 0.
pub fn run_all(
    kb: &KnowledgeBase,
    root: &Path,
    policy: &Policy,
    frozen: bool,
    format: CheckFormat,
) -> anyhow::Result<ExitCode> {
    let checked = read_all(kb, root);
    let mut tally = Tally::default();
    let mut json = Vec::new();
    for c in &checked {
        tally.sessions += 1;
        match c {
            Checked::Unreadable(path, why) => {
                tally.unreadable += 1;
                match format {
                    CheckFormat::Text => outln!("{}: cannot be read: {why}", path.display()),
                    CheckFormat::Json => json.push(serde_json::json!({
                        "path": path.display().to_string(),
                        "error": why,
                    })),
                    CheckFormat::Github => out!(
                        "{}",
                        annotation("error", &path.display().to_string(), None, why)
                    ),
                }
            }
            Checked::Read(session, path) => {
                let out_root = crate::workflow::file::output_root(path, root);
                let v = evaluate(kb, session, policy, frozen.then_some(out_root.as_path()));
                if !v.holds() {
                    tally.failing += 1;
                }
                match format {
                    CheckFormat::Text => {
                        let a = &v.assessment;
                        outln!(
                            "{}: {} ({}): tier {}, {} open TBD(s): {}",
                            path.display(),
                            shown(&session.feature),
                            shown(&session.slug),
                            shown(&a.tier.earned.name),
                            a.tbds.len(),
                            if v.holds() { "holds" } else { "FAILS" }
                        );
                        for f in &v.failures {
                            outln!("  policy: FAILS: {f}");
                        }
                        for (p, why) in &v.stale {
                            outln!("  stale: {} ({why})", p.display());
                        }
                    }
                    CheckFormat::Json => {
                        let mut report = report_json(kb, session, &v, policy);
                        report["path"] = serde_json::json!(path.display().to_string());
                        json.push(report);
                    }
                    CheckFormat::Github => github(session, &path.display().to_string(), &v)?,
                }
            }
        }
    }
    match format {
        CheckFormat::Json => super::output::json(&serde_json::json!({
            "sessions": json,
            "checked": tally.sessions,
            "failing": tally.failing,
            "unreadable": tally.unreadable,
        }))?,
        CheckFormat::Text => outln!(
            "checked {} session(s): {} hold, {} fail, {} cannot be read",
            tally.sessions,
            tally.sessions - tally.failing - tally.unreadable,
            tally.failing,
            tally.unreadable
        ),
        CheckFormat::Github => {}
    }
    Ok(if tally.unreadable > 0 {
        ExitCode::from(super::BAD_INPUT)
    } else if tally.failing > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn report_json(
    kb: &KnowledgeBase,
    session: &Session,
    v: &Verdict,
    policy: &Policy,
) -> serde_json::Value {
    let mut report = crate::export::json::report_with_checks(kb, session, &v.assessment);
    report["policy"] = serde_json::json!({
        "min_tier": policy.min_tier.map(|t: &Tier| t.id.get_ref()),
        "max_tbd": policy.max_tbd,
        "holds": v.failures.is_empty(),
        "failures": v.failures,
    });
    if !v.stale.is_empty() {
        report["stale"] = v
            .stale
            .iter()
            .map(|(p, why)| serde_json::json!({ "path": p.display().to_string(), "why": why }))
            .collect();
    }
    report
}

/// One session: prints the verdict in `format` and returns the exit status.
pub fn run(
    kb: &KnowledgeBase,
    session: &Session,
    label: &str,
    policy: &Policy,
    frozen: Option<&Path>,
    format: CheckFormat,
) -> anyhow::Result<ExitCode> {
    let v = evaluate(kb, session, policy, frozen);
    match format {
        CheckFormat::Json => super::output::json(&report_json(kb, session, &v, policy))?,
        CheckFormat::Github => github(session, label, &v)?,
        CheckFormat::Text => {
            text(kb, session, &v, policy)?;
            for (path, why) in &v.stale {
                errln!("stale: {} ({why})", path.display());
            }
            if frozen.is_some() && v.stale.is_empty() {
                outln!("frozen: every document is current");
            }
        }
    }
    Ok(if v.holds() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn text(
    kb: &KnowledgeBase,
    session: &Session,
    v: &Verdict,
    policy: &Policy,
) -> Result<(), super::output::StdoutFailed> {
    let a = &v.assessment;
    // Every value from the session or a pack is shown on its own terms: a feature name
    // with a line break cannot print a line that looks like the verdict.
    outln!("{} ({})", shown(&session.feature), shown(&session.slug));
    if a.threshold.below {
        outln!("threshold: below; {}", shown(&kb.threshold.message));
    }
    // The engine's one statement of the tier (never "Prototype, gate not yet met").
    outln!("tier: {}", shown(&a.tier.statement()));
    for c in &a.tier.caps {
        outln!("  capped at {}: {}", shown(&c.max.name), shown(&c.reason));
    }
    if let Some(next) = a.tier.next {
        outln!(
            "  {} still needs {} item(s)",
            shown(&next.name),
            a.tier.missing_for_next.len() + a.tier.blocking_next.len()
        );
    }
    outln!(
        "patterns: {}",
        shown(
            &a.patterns
                .iter()
                .map(|r| r.pattern.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    outln!("anti-patterns: {}", a.findings.len());
    for f in &a.findings {
        outln!(
            "  [{}] {}: fix with {}",
            f.severity().as_str(),
            shown(&f.antipattern.name),
            shown(
                &f.fix
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        );
    }
    outln!("open TBDs: {}", a.tbds.len());
    for t in &a.tbds {
        let state = if t.kind == TbdKind::Later {
            "later"
        } else {
            "unanswered"
        };
        let owner = t
            .owner
            .as_deref()
            .map(|o| format!(", owner {}", shown(o)))
            .unwrap_or_default();
        let due = t.due.map(|d| format!(", due {d}")).unwrap_or_default();
        outln!("  {} ({state}{owner}{due})", shown(t.question.id.get_ref()));
    }
    if v.failures.is_empty() {
        if !policy.is_empty() {
            outln!("policy: holds");
        }
    } else {
        for f in &v.failures {
            outln!("policy: FAILS: {}", shown(f));
        }
    }
    Ok(())
}

/// GitHub workflow annotations: one error per policy failure and per stale document, one
/// warning per anti-pattern; a notice with the tier when everything holds.
fn github(session: &Session, label: &str, v: &Verdict) -> Result<(), super::output::StdoutFailed> {
    let a = &v.assessment;
    for f in &v.failures {
        out!(
            "{}",
            annotation("error", label, None, &format!("policy fails: {f}"))
        );
    }
    for (path, why) in &v.stale {
        out!(
            "{}",
            annotation(
                "error",
                &path.display().to_string(),
                None,
                &format!("stale against {label}: {why}; run design-advisor export")
            )
        );
    }
    for f in &a.findings {
        out!(
            "{}",
            annotation(
                "warning",
                label,
                None,
                &format!(
                    "anti-pattern ({}): {}",
                    f.severity().as_str(),
                    f.antipattern.name
                )
            )
        );
    }
    if v.holds() {
        out!(
            "{}",
            annotation(
                "notice",
                label,
                None,
                &format!(
                    "{}: tier {}, {} open TBD(s)",
                    session.feature,
                    a.tier.earned.name,
                    a.tbds.len()
                )
            )
        );
    }
    Ok(())
}

/// Escapes a workflow command's message: '%', CR and LF.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value: as the message, plus ':' and ','.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// `::level file=F,line=L::message` and a line feed.
pub fn annotation(level: &str, file: &str, line: Option<usize>, message: &str) -> String {
    let mut props = format!("file={}", escape_property(file));
    if let Some(line) = line {
        props.push_str(&format!(",line={line}"));
    }
    format!("::{level} {props}::{}\n", escape_data(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_escape_per_the_workflow_command_rules() {
        assert_eq!(
            annotation("error", "a:b,c.md", Some(3), "50% done\r\nnext"),
            "::error file=a%3Ab%2Cc.md,line=3::50%25 done%0D%0Anext\n"
        );
        assert_eq!(
            annotation("warning", "x", None, "m: n, o"),
            "::warning file=x::m: n, o\n"
        );
    }
}
