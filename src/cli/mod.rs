//! The headless command line: the same engine as the terminal UI, for scripts and CI.

/// `println!` through the sanitiser, returning the write error instead of panicking.
macro_rules! outln {
    () => { $crate::cli::output::print("\n")? };
    ($($arg:tt)*) => { $crate::cli::output::print(&format!("{}\n", format_args!($($arg)*)))? };
}

/// `print!` through the sanitiser, returning the write error instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::output::print(&format!($($arg)*))? };
}

/// `eprintln!` through the sanitiser; never panics.
macro_rules! errln {
    ($($arg:tt)*) => { $crate::cli::output::eprint(&format!("{}\n", format_args!($($arg)*))) };
}

mod catalog;
pub mod check;
pub mod format;
pub mod output;
mod sarif;
mod stats;

use crate::export::files::{self, DocFormat};
use crate::kb::{self, KnowledgeBase};
use crate::session::{self, Session};
use anyhow::{Context, anyhow, bail};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const ABOUT: &str = "A design advisor for data-intensive and distributed systems.";

const LONG_ABOUT: &str = "\
A design advisor for data-intensive and distributed systems.

It walks a design session through the data-requirements questionnaire, the decision graph \
from problem to pattern, the reliability and distributed-systems checklists and the \
system concerns, then derives a design document with the patterns chosen, the \
anti-patterns found, the readiness tier earned and every open TBD.

A session is a TOML file, docs/features/<slug>/design-session.toml, and is the system of \
record: documents are regenerated from it and the same session always gives the same \
bytes. Wherever a SESSION is asked for, give a path to such a file, or example:<name> for \
one of the shipped examples (see `design-advisor examples`).

The knowledge base is built in. --data DIR adds a pack of your own TOML files whose \
entries extend the built-in ones or replace them by id (format: docs/knowledge-base.md).";

const AFTER_HELP: &str = "\
Exit status: 0 success (for `check`, the policy holds); 1 the policy does not hold, \
`lint` or `kb validate` found problems, a document edited by hand was not replaced, or \
standard output could not be written; 2 bad input (unreadable or malformed session or \
pack, unknown option). A closed pipe (`| head`) ends the output quietly with 0.

Examples:
  design-advisor export example:search-analytics-drift --out /tmp/docs
  design-advisor check docs/features/orders/design-session.toml --min-tier service-ready --max-tbd 0
  design-advisor check --all . --frozen --format github
  design-advisor lint docs/features/*/design.md --format sarif > lint.sarif
  design-advisor catalog outbox
  design-advisor tree --format dot | dot -Tsvg > graph.svg
  design-advisor kb validate --data ./my-pack";

#[derive(Debug, Parser)]
#[command(name = "design-advisor", version, about = ABOUT, long_about = LONG_ABOUT, after_long_help = AFTER_HELP)]
pub struct Cli {
    /// Extend or override the built-in knowledge base with the *.toml files below DIR.
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Terminal UI: drive it with a key script, then quit (saving first). Plain characters
    /// are keys; named keys are written <Enter>, <Esc>, <Tab>, <S-Tab>, <Up>, <Down>,
    /// <Left>, <Right>, <Space>, <BS>, <PgUp>, <PgDn>, <Home>, <End>, <F1>, <C-s>, <lt>.
    /// Example: --keys "<Enter>Order search<Enter><Enter>".
    #[arg(long, value_name = "SCRIPT", conflicts_with = "replay")]
    pub keys: Option<String>,
    /// Terminal UI: like --keys, with the script read from FILE.
    #[arg(long, value_name = "FILE")]
    pub replay: Option<PathBuf>,
    /// Terminal UI: open this session file at once.
    #[arg(long, value_name = "SESSION")]
    pub open: Option<PathBuf>,
    /// Terminal UI: the project folder whose docs/features/ holds the sessions
    /// (default: the current directory).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write every document of a session.
    ///
    /// Writes docs/features/<slug>/design.md, README.md (the feature index), and the ADRs,
    /// contracts (with JSON Schema and AsyncAPI), runbooks, launch decisions, review and
    /// integration architecture the session holds, then regenerates docs/system/catalog.md.
    /// Each file is written atomically; the dates are the session's. The self-check runs
    /// first: a file with a critical finding (a contract that contradicts itself, a
    /// decision that is not committed) is not written, the others are (exit 1); a file
    /// edited by hand since it was generated stops the whole export (exit 1). --force
    /// writes both. With --format json, writes design-report.json.
    Export {
        /// The session file, or example:<name>.
        session: String,
        /// The output root; documents go to <DIR>/docs/features/<slug>/.
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
        /// md: the design document; json: the same assessment as a JSON report.
        #[arg(long, value_enum, default_value_t = format::FormatArg::Md)]
        format: format::FormatArg,
        /// Print the document instead of writing it.
        #[arg(long)]
        stdout: bool,
        /// Write files with critical self-check findings too, replacing files edited by hand.
        #[arg(long)]
        force: bool,
    },
    /// Check a session against a readiness policy, for CI gates.
    ///
    /// Prints the earned tier, the anti-patterns found and the open TBDs. Exits 0 when
    /// the policy holds, 1 when it does not, 2 when the session cannot be read. With
    /// --all, checks every docs/features/*/design-session.toml below ROOT in one process
    /// (2 if any cannot be read, else 1 if any fails). --format github prints GitHub
    /// Actions annotations.
    Check {
        /// The session file, or example:<name>; with --all, the project folder ROOT
        /// (default: the current directory).
        #[arg(value_name = "SESSION|ROOT")]
        session: Option<String>,
        /// Check every session under ROOT/docs/features/; --frozen then compares each
        /// feature's documents under ROOT.
        #[arg(long)]
        all: bool,
        /// Fail unless the design has earned at least this tier (an id such as
        /// prototype, service-ready-basic, service-ready, production-ready, enterprise-critical).
        #[arg(long, value_name = "TIER")]
        min_tier: Option<String>,
        /// Fail when more than N TBDs are open.
        #[arg(long, value_name = "N")]
        max_tbd: Option<usize>,
        /// Fail when an open TBD's due date has passed.
        #[arg(long)]
        fail_overdue: bool,
        /// The day --fail-overdue and the documents' overdue marks (compared by --frozen)
        /// judge against (YYYY-MM-DD; default: the machine's date), for a gate that gives
        /// the same answer on every runner.
        #[arg(long, value_name = "DATE")]
        today: Option<session::Date>,
        /// Also fail when a document under DIR/docs/features/<slug>/ is missing or stale
        /// against the session (what `export` would write now differs from the file).
        #[arg(long)]
        frozen: bool,
        /// The output root the documents were exported to (for --frozen).
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = check::CheckFormat::Text)]
        format: check::CheckFormat,
    },
    /// Check Markdown design documents and ADRs with the self-check's text rules.
    ///
    /// Works on any Markdown file, hand-written ones included: concrete criteria for
    /// alert/rollback/abort claims, relative links that resolve, the Summary block and
    /// Related artifacts, System concerns with owner, tenancy and compliance, and ADR
    /// decisions that commit. Prints file:line: severity: [rule] message; exits 1 when
    /// there are findings.
    Lint {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// text: file:line: severity: [rule] message; json; github: GitHub Actions
        /// annotations; sarif: a SARIF 2.1.0 log for code scanning.
        #[arg(long, value_enum, default_value_t = LintFormat::Text)]
        format: LintFormat,
    },
    /// Search the pattern and anti-pattern catalog.
    ///
    /// With no QUERY, lists every entry. A QUERY matches ids, names and descriptions,
    /// case-insensitively; an exact id shows the entry in full, with where it sits in the
    /// decision graph.
    Catalog {
        query: Option<String>,
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
    /// Print the decision graph.
    Tree {
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
    },
    /// List the example sessions shipped with the program.
    Examples,
    /// Inspect the knowledge base.
    #[command(subcommand)]
    Kb(KbCommand),
}

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Validate the knowledge base (with --data, the merged one); prints every problem
    /// as file:line:column: key: message and exits 1 when there is any.
    Validate,
    /// Print the counts per kind of entry, for coverage checks.
    Stats {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Text,
    Json,
    Github,
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

/// Exit status for bad input, as opposed to a policy that does not hold (1).
pub const BAD_INPUT: u8 = 2;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to standard output, usage errors to standard error;
            // either way through the sanitiser (an argument is quoted back).
            let text = e.render().to_string();
            let code = u8::try_from(e.exit_code()).unwrap_or(BAD_INPUT);
            if e.use_stderr() {
                output::eprint(&text);
            } else if let Err(e) = output::print(&text) {
                return stdout_failed(&e);
            }
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => match e.downcast_ref::<output::StdoutFailed>() {
            Some(failed) => stdout_failed(failed),
            None => {
                errln!("design-advisor: {e:#}");
                ExitCode::from(BAD_INPUT)
            }
        },
    }
}

/// A closed pipe means the reader has what it wanted (`| head -1`): exit 0 quietly. Any
/// other failure (a full disk, a file-size limit) is reported, exit 1.
fn stdout_failed(e: &output::StdoutFailed) -> ExitCode {
    if e.0.kind() == std::io::ErrorKind::BrokenPipe {
        ExitCode::SUCCESS
    } else {
        errln!("design-advisor: {e}");
        ExitCode::FAILURE
    }
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // The day documents mark open questions overdue against: `check --today`, else the
    // machine's date (see `session::as_of`).
    let as_of = match &cli.command {
        Some(Command::Check {
            today: Some(day), ..
        }) => *day,
        _ => session::today(),
    };
    session::set_as_of(as_of);
    let Some(command) = cli.command else {
        return tui(&cli);
    };
    if let Command::Kb(KbCommand::Validate) = command {
        return Ok(match kb::validate_with_pack(cli.data.as_deref())? {
            Ok(kb) => {
                outln!(
                    "ok: {} files, {} questions, {} graph nodes, {} patterns, {} anti-patterns",
                    kb.files.len(),
                    kb.questionnaires
                        .iter()
                        .map(|q| q.question.len())
                        .sum::<usize>(),
                    kb.nodes.len(),
                    kb.patterns.len(),
                    kb.antipatterns.len()
                );
                ExitCode::SUCCESS
            }
            Err(diags) => {
                out!("{diags}");
                errln!(
                    "design-advisor: the knowledge base has {} problem(s)",
                    diags.0.len()
                );
                ExitCode::FAILURE
            }
        });
    }
    let kb = knowledge_base(cli.data.as_deref())?;
    match command {
        Command::Export {
            session,
            out,
            format,
            stdout,
            force,
        } => {
            let format = DocFormat::from(format);
            let session = load_session(&kb, &session)?;
            if stdout {
                let (_, text) = files::render(&kb, &session, &out, format)?;
                out!("{text}");
            } else if format == DocFormat::Json {
                let path = match files::write(&kb, &session, &out, format, force) {
                    Ok(path) => path,
                    Err(e) => match e.downcast::<files::HandEdited>() {
                        Ok(edited) => {
                            errln!("design-advisor: nothing written: {edited}");
                            return Ok(ExitCode::FAILURE);
                        }
                        Err(e) => return Err(e),
                    },
                };
                outln!("wrote {}", path.display());
            } else {
                // The same sequence as the terminal's write: plan, self-check, write.
                let force = if force {
                    files::Force::ALL
                } else {
                    files::Force::NONE
                };
                let published = crate::workflow::publish(&kb, &session, &out, force)?;
                if !published.findings().is_empty() {
                    output::eprint(&crate::selfcheck::to_text(published.findings()));
                }
                match published {
                    crate::workflow::Published::Written { paths, blocked, .. } => {
                        for p in &paths {
                            outln!("wrote {}", p.display());
                        }
                        if paths.len() == 1 && blocked.is_empty() {
                            outln!("every document was already current");
                        }
                        if !blocked.is_empty() {
                            for b in &blocked {
                                let why: Vec<String> = b
                                    .critical
                                    .iter()
                                    .map(|f| format!("[{}] {}", f.rule, f.message))
                                    .collect();
                                errln!(
                                    "design-advisor: not written: {}: {}",
                                    b.path.display(),
                                    why.join("; ")
                                );
                            }
                            errln!(
                                "design-advisor: {} broken file(s) left unwritten (a copy on disk is kept as it was); fix them in the session, or export with --force to write them anyway",
                                blocked.len()
                            );
                            return Ok(ExitCode::FAILURE);
                        }
                    }
                    crate::workflow::Published::HandEdited { files: edited, .. } => {
                        errln!(
                            "design-advisor: nothing written: {}",
                            files::Refused::HandEditedFiles(
                                edited.into_iter().map(|f| f.path).collect()
                            )
                        );
                        return Ok(ExitCode::FAILURE);
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            session,
            all,
            min_tier,
            max_tbd,
            fail_overdue,
            today,
            frozen,
            out,
            format,
        } => {
            let mut policy = check::policy(&kb, min_tier.as_deref(), max_tbd)?;
            policy.overdue_on = fail_overdue.then(|| today.unwrap_or_else(session::today));
            if all {
                let root = PathBuf::from(session.unwrap_or_else(|| ".".into()));
                return check::run_all(&kb, &root, &policy, frozen, format);
            }
            let Some(spec) = session else {
                bail!("check needs a SESSION (a path or example:<name>), or --all [ROOT]");
            };
            let session = load_session(&kb, &spec)?;
            check::run(
                &kb,
                &session,
                &spec,
                &policy,
                frozen.then_some(out.as_path()),
                format,
            )
        }
        Command::Lint { paths, format } => lint(&paths, format),
        Command::Catalog { query, format } => catalog::run(&kb, query.as_deref(), format),
        Command::Tree { format } => {
            out!(
                "{}",
                match format {
                    GraphFormat::Mermaid => crate::export::tree::mermaid(&kb),
                    GraphFormat::Dot => crate::export::tree::dot(&kb),
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Examples => {
            for (name, text) in kb::example_sessions() {
                let name = name.trim_end_matches(".toml");
                let feature = session::load_str(text, name)
                    .map(|s| s.feature)
                    .unwrap_or_default();
                outln!("example:{name:<32} {}", output::shown(&feature));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Kb(KbCommand::Stats { json }) => {
            let stats = stats::stats(&kb);
            if json {
                output::json(&serde_json::to_value(&stats)?)?;
            } else {
                out!("{}", stats::table(&stats));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Kb(KbCommand::Validate) => unreachable!("handled above"),
    }
}

/// `design-advisor lint`: the text rules on each file; links resolve against the file's
/// own folder.
fn lint(paths: &[PathBuf], format: LintFormat) -> anyhow::Result<ExitCode> {
    let mut findings = Vec::new();
    for path in paths {
        let text = crate::text::read::regular_file_text(path, crate::text::read::MAX_INPUT_BYTES)
            .with_context(|| format!("reading {}", path.display()))?;
        // `lint` joins each link to the folder of the path it is given, so the target
        // it asks about is already relative to where the program runs.
        findings.extend(crate::selfcheck::lint_reading(
            &path.display().to_string(),
            &text,
            |target| Path::new(target).exists(),
            |target| {
                crate::text::read::regular_file_text(
                    Path::new(target),
                    crate::text::read::MAX_INPUT_BYTES,
                )
                .ok()
            },
        ));
    }
    match format {
        LintFormat::Text => out!("{}", crate::selfcheck::to_text(&findings)),
        LintFormat::Json => output::json(&crate::selfcheck::to_json(&findings))?,
        LintFormat::Sarif => output::json(&sarif::report(&findings))?,
        LintFormat::Github => {
            for f in &findings {
                let level = match f.severity {
                    crate::selfcheck::Severity::Critical => "error",
                    crate::selfcheck::Severity::Important => "warning",
                };
                out!(
                    "{}",
                    check::annotation(
                        level,
                        &f.path,
                        f.line,
                        &format!("[{}] {}", f.rule, f.message)
                    )
                );
            }
        }
    }
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// With no command: the terminal UI.
fn tui(cli: &Cli) -> anyhow::Result<ExitCode> {
    // The knowledge base is read after the first frame is on screen.
    let data = cli.data.clone();
    let load = move || knowledge_base(data.as_deref());
    let script = match (&cli.keys, &cli.replay) {
        (Some(keys), _) => {
            Some(crate::tui::keys::parse_script(keys).map_err(|e| anyhow!("--keys: {e}"))?)
        }
        (None, Some(file)) => {
            let text =
                crate::text::read::regular_file_text(file, crate::text::read::MAX_INPUT_BYTES)
                    .with_context(|| format!("reading key script {}", file.display()))?;
            Some(
                crate::tui::keys::parse_script(&text)
                    .map_err(|e| anyhow!("{}: {e}", file.display()))?,
            )
        }
        (None, None) => None,
    };
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        bail!(
            "the terminal UI needs a terminal; for scripts and CI use the commands (design-advisor --help)"
        );
    }
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let options = crate::tui::Options {
        root: cli.root.clone(),
        script,
        open: cli.open.clone(),
        color,
    };
    Ok(match crate::tui::run(load, options, session::today())? {
        crate::tui::Ended::Quit => ExitCode::SUCCESS,
        // The conventional status of a process ended by signal n: 128 + n.
        crate::tui::Ended::Signal(n) => ExitCode::from(u8::try_from(128 + n).unwrap_or(1)),
    })
}

/// The knowledge base, with the user's pack merged in; problems become one error.
pub fn knowledge_base(data: Option<&Path>) -> anyhow::Result<KnowledgeBase> {
    match kb::load_with_pack(data)? {
        Ok(kb) => Ok(kb),
        Err(diags) => Err(anyhow!("{diags}").context(format!(
            "the knowledge base has {} problem(s); run `design-advisor kb validate` for the list",
            diags.0.len()
        ))),
    }
}

/// Reads a session (a path, or example:<name>) and checks it against the knowledge base.
pub fn load_session(kb: &KnowledgeBase, spec: &str) -> anyhow::Result<Session> {
    let session = if let Some(name) = spec.strip_prefix("example:") {
        let (file, text) = kb::example_sessions()
            .iter()
            .find(|(f, _)| f.trim_end_matches(".toml") == name)
            .ok_or_else(|| {
                let known: Vec<_> = kb::example_sessions()
                    .iter()
                    .map(|(f, _)| f.trim_end_matches(".toml"))
                    .collect();
                anyhow!(
                    "no example named \"{name}\"; examples: {}",
                    known.join(", ")
                )
            })?;
        session::load_str(text, &format!("examples/sessions/{file}"))?
    } else {
        let path = Path::new(spec);
        session::load(path).with_context(|| format!("reading session {}", path.display()))?
    };
    // The same validation as `export`: a session that cannot be exported does not pass.
    let mut problems = session.problems(kb);
    problems.extend(files::problems(kb, &session));
    if !problems.is_empty() {
        bail!(
            "session {spec} does not match the knowledge base:\n  {}",
            problems.join("\n  ")
        );
    }
    Ok(session)
}
