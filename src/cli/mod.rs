//! The headless command line: the same engine as the terminal UI, for scripts and CI.

mod catalog;
mod check;
pub mod format;
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
Exit status: 0 success (for `check`, the policy holds); 1 the policy does not hold, or \
`kb validate` found problems; 2 bad input (unreadable or malformed session, unknown \
option).

Examples:
  design-advisor export example:search-analytics-drift --out /tmp/docs
  design-advisor check docs/features/orders/design-session.toml --min-tier service-ready --max-tbd 0
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
    /// first: critical findings, or a file edited by hand since it was generated, stop the
    /// export (exit 1) unless --force. With --format json, writes design-report.json.
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
        /// Write despite critical self-check findings, replacing files edited by hand.
        #[arg(long)]
        force: bool,
    },
    /// Check a session against a readiness policy, for CI gates.
    ///
    /// Prints the earned tier, the anti-patterns found and the open TBDs. Exits 0 when
    /// the policy holds, 1 when it does not, 2 when the session cannot be read.
    Check {
        /// The session file, or example:<name>.
        session: String,
        /// Fail unless the design has earned at least this tier (an id such as
        /// prototype, service-ready-basic, service-ready, production-ready, enterprise-critical).
        #[arg(long, value_name = "TIER")]
        min_tier: Option<String>,
        /// Fail when more than N TBDs are open.
        #[arg(long, value_name = "N")]
        max_tbd: Option<usize>,
        /// Also fail when a document under DIR/docs/features/<slug>/ is missing or stale
        /// against the session (what `export` would write now differs from the file).
        #[arg(long)]
        frozen: bool,
        /// The output root the documents were exported to (for --frozen).
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
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
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
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
pub enum GraphFormat {
    Mermaid,
    Dot,
}

/// Exit status for bad input, as opposed to a policy that does not hold (1).
pub const BAD_INPUT: u8 = 2;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("design-advisor: {e:#}");
            ExitCode::from(BAD_INPUT)
        }
    }
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let Some(command) = cli.command else {
        return tui(&cli);
    };
    if let Command::Kb(KbCommand::Validate) = command {
        return Ok(match kb::load_with_pack(cli.data.as_deref())? {
            Ok(kb) => {
                println!(
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
                print!("{diags}");
                eprintln!(
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
                print!("{text}");
            } else if format == DocFormat::Json {
                let path = files::write(&kb, &session, &out, format, force)?;
                println!("wrote {}", path.display());
            } else {
                let plan = files::plan(&kb, &session, &out)?;
                if !plan.findings.is_empty() {
                    eprint!("{}", crate::selfcheck::to_text(&plan.findings));
                }
                match files::write_plan(
                    &plan,
                    &out,
                    if force {
                        files::Force::ALL
                    } else {
                        files::Force::NONE
                    },
                ) {
                    Ok(written) => {
                        for p in &written {
                            println!("wrote {}", p.display());
                        }
                        if written.len() == 1 {
                            println!("every document was already current");
                        }
                    }
                    Err(e) => match e.downcast::<files::Refused>() {
                        Ok(refused) => {
                            eprintln!("design-advisor: nothing written: {refused}");
                            return Ok(ExitCode::FAILURE);
                        }
                        Err(e) => return Err(e),
                    },
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            session,
            min_tier,
            max_tbd,
            frozen,
            out,
            format,
        } => {
            let session = load_session(&kb, &session)?;
            let code = check::run(&kb, &session, min_tier.as_deref(), max_tbd, format)?;
            if !frozen {
                return Ok(code);
            }
            let stale = files::stale(&kb, &session, &out);
            for (path, why) in &stale {
                eprintln!("stale: {} ({why})", path.display());
            }
            if stale.is_empty() && format == TextOrJson::Text {
                println!("frozen: every document is current");
            }
            Ok(if stale.is_empty() {
                code
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Lint { paths, format } => lint(&paths, format),
        Command::Catalog { query, format } => catalog::run(&kb, query.as_deref(), format),
        Command::Tree { format } => {
            print!(
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
                println!("example:{name:<32} {feature}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Kb(KbCommand::Stats { json }) => {
            let stats = stats::stats(&kb);
            if json {
                println!("{}", serde_json::to_string_pretty(&stats)?);
            } else {
                print!("{}", stats::table(&stats));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Kb(KbCommand::Validate) => unreachable!("handled above"),
    }
}

/// `design-advisor lint`: the text rules on each file; links resolve against the file's
/// own folder.
fn lint(paths: &[PathBuf], format: TextOrJson) -> anyhow::Result<ExitCode> {
    let mut findings = Vec::new();
    for path in paths {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        // `lint` joins each link to the folder of the path it is given, so the target
        // it asks about is already relative to where the program runs.
        findings.extend(crate::selfcheck::lint(
            &path.display().to_string(),
            &text,
            |target| Path::new(target).exists(),
        ));
    }
    match format {
        TextOrJson::Text => print!("{}", crate::selfcheck::to_text(&findings)),
        TextOrJson::Json => println!(
            "{}",
            serde_json::to_string_pretty(&crate::selfcheck::to_json(&findings))?
        ),
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
            let text = std::fs::read_to_string(file)
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
    let problems = session.problems(kb);
    if !problems.is_empty() {
        bail!(
            "session {spec} does not match the knowledge base:\n  {}",
            problems.join("\n  ")
        );
    }
    Ok(session)
}
