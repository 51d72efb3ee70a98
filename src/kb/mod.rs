//! The knowledge base: questionnaires, the decision graph, patterns, anti-patterns, tiers,
//! principles and artifact kinds, read from TOML, merged by id and validated as a whole.

mod base;
mod deferred;
mod diagnostic;
mod documents;
mod located;
mod model;
mod validate;

pub use base::KnowledgeBase;
pub use validate::Input;

pub use crate::text::Text;
pub use deferred::Deferred;
pub use diagnostic::{Diagnostic, Diagnostics};
pub use documents::*;
pub use located::Located;
pub use model::*;

use crate::rules::Rule;
use petgraph::graph::NodeIndex;
use std::path::Path;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The baked pack's deferred values, in postcard form (see `Deferred`).
fn baked_blobs() -> &'static [u8] {
    embedded::BUILTIN_BLOBS
}

/// Only build.rs places values in the table (see `Deferred`'s serialisation).
fn bake_blob(_: &[u8]) -> Option<(u32, u32)> {
    None
}

/// The example sessions shipped with the program, as (file name, TOML text).
pub fn example_sessions() -> &'static [(&'static str, &'static str)] {
    embedded::EXAMPLE_SESSIONS
}

/// One TOML text to read, with the name errors will use for it.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
    /// Files of a later layer may replace entries of an earlier one by id; within one
    /// layer a repeated id is an error.
    pub layer: u8,
}

/// The built-in pack, as embedded at build time.
pub fn builtin_sources() -> Vec<Source> {
    embedded::DATA_FILES
        .iter()
        .map(|(name, text)| Source {
            name: format!("data/{name}"),
            text: (*text).to_string(),
            layer: 0,
        })
        .collect()
}

/// The most `*.toml` files a pack may hold, and their total size: packs are a few dozen
/// files; the bounds keep a wrong `--data` (a home folder, a link loop) from reading
/// without end.
pub const MAX_PACK_FILES: usize = 2_000;
pub const MAX_PACK_BYTES: u64 = 64 * 1024 * 1024;
/// How deep folders may nest below the pack folder.
pub const MAX_PACK_DEPTH: usize = 32;

/// Every `*.toml` below `dir`, in path order, as a user pack (layer 1). The walk keeps its
/// own stack, visits each real folder once (a symbolic link back to `.` or a parent is not
/// walked again), and reads only regular files within the size limits; errors name the
/// file.
pub fn pack_sources(dir: &Path) -> std::io::Result<Vec<Source>> {
    use std::io::{Error, ErrorKind};
    let named = |path: &Path, e: Error| Error::new(e.kind(), format!("{}: {e}", path.display()));
    let mut seen = std::collections::HashSet::new();
    let mut paths = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((folder, depth)) = stack.pop() {
        let real = std::fs::canonicalize(&folder).map_err(|e| named(&folder, e))?;
        if !seen.insert(real) {
            continue;
        }
        if depth > MAX_PACK_DEPTH {
            return Err(named(
                &folder,
                Error::new(
                    ErrorKind::InvalidInput,
                    format!("folders nest more than {MAX_PACK_DEPTH} levels deep"),
                ),
            ));
        }
        let mut entries: Vec<_> = std::fs::read_dir(&folder)
            .and_then(|r| r.collect::<Result<Vec<_>, _>>())
            .map_err(|e| named(&folder, e))?;
        entries.sort_by_key(|e| e.path());
        // Pushed in reverse so the walk visits folders in path order.
        for e in entries.into_iter().rev() {
            let path = e.path();
            if path.is_dir() {
                stack.push((path, depth + 1));
            } else if path.extension().is_some_and(|x| x == "toml") {
                paths.push(path);
                if paths.len() > MAX_PACK_FILES {
                    return Err(named(
                        dir,
                        Error::new(
                            ErrorKind::InvalidInput,
                            format!("more than {MAX_PACK_FILES} *.toml files in the pack"),
                        ),
                    ));
                }
            }
        }
    }
    paths.sort();
    let mut total = 0u64;
    paths
        .into_iter()
        .map(|path| {
            let text =
                crate::text::read::regular_file_text(&path, crate::text::read::MAX_INPUT_BYTES)
                    .map_err(|e| named(&path, e))?;
            total += text.len() as u64;
            if total > MAX_PACK_BYTES {
                return Err(named(
                    &path,
                    Error::new(
                        ErrorKind::InvalidInput,
                        format!(
                            "the pack's files add up to more than {} MiB",
                            MAX_PACK_BYTES / (1024 * 1024)
                        ),
                    ),
                ));
            }
            Ok(Source {
                name: path.display().to_string(),
                text,
                layer: 1,
            })
        })
        .collect()
}

impl KnowledgeBase {
    /// The built-in knowledge base. It is validated when it is built and by the test
    /// suite, so failing here is a build defect, not a user error.
    pub fn builtin() -> Self {
        match load_builtin_with(Vec::new()) {
            Ok(kb) => kb,
            Err(diags) => panic!("the built-in knowledge base is invalid:\n{diags}"),
        }
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.question_index
            .get(id)
            .map(|&(qn, q)| &self.questionnaires[qn].question[q])
    }

    pub fn questionnaire_of(&self, question: &str) -> Option<&Questionnaire> {
        self.question_index
            .get(question)
            .map(|&(qn, _)| &self.questionnaires[qn])
    }

    pub fn questionnaire(&self, id: &str) -> Option<&Questionnaire> {
        self.questionnaires.iter().find(|q| q.id.get_ref() == id)
    }

    pub fn pattern(&self, id: &str) -> Option<&Pattern> {
        self.pattern_index.get(id).map(|&i| &self.patterns[i])
    }

    pub fn antipattern(&self, id: &str) -> Option<&AntiPattern> {
        self.antipattern_index
            .get(id)
            .map(|&i| &self.antipatterns[i])
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.node_index.get(id).map(|&i| &self.nodes[i])
    }

    pub fn tier(&self, id: &str) -> Option<&Tier> {
        self.tier_index.get(id).map(|&i| &self.tiers[i])
    }

    pub fn roots(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|n| n.root)
    }

    /// The nodes with an edge into `id`.
    pub fn parents(&self, id: &str) -> Vec<&Node> {
        let Some(&i) = self.node_index.get(id) else {
            return Vec::new();
        };
        self.graph
            .neighbors_directed(NodeIndex::new(i), petgraph::Direction::Incoming)
            .map(|n| &self.nodes[self.graph[n]])
            .collect()
    }

    /// The leaves whose bundle names the pattern.
    pub fn leaves_with(&self, pattern: &str) -> Vec<&Node> {
        self.nodes
            .iter()
            .filter(|n| n.patterns.iter().any(|p| p.get_ref() == pattern))
            .collect()
    }

    pub fn artifact(&self, id: &str) -> Option<&ArtifactKind> {
        self.artifacts.iter().find(|a| a.id.get_ref() == id)
    }

    /// Questionnaires belonging to a step, in file order.
    /// The plan of a session mode, by its id (validated: every mode has one).
    pub fn mode(&self, id: &str) -> Option<&ModePlan> {
        self.modes.iter().find(|m| m.id.get_ref() == id)
    }

    pub fn questionnaires_for(&self, step: Step) -> impl Iterator<Item = &Questionnaire> {
        self.questionnaires.iter().filter(move |q| q.step == step)
    }
}

/// Reads, merges and validates the sources; every problem is reported at once.
pub fn load(sources: Vec<Source>) -> Result<KnowledgeBase, Diagnostics> {
    validate::build(
        sources
            .into_iter()
            .map(|s| validate::Input {
                name: s.name,
                text: s.text.into(),
                layer: s.layer,
                pack: None,
            })
            .collect(),
    )
}

/// Validates inputs whose packs may already be parsed (`Input::pack`); the rest are
/// parsed from their text. Used by `load` and by the benchmarks to time validation alone.
pub fn load_inputs(inputs: Vec<Input>) -> Result<KnowledgeBase, Diagnostics> {
    validate::build(inputs)
}

/// Parses one source's TOML into a pack (no validation).
pub fn parse_source(source: &Source) -> Result<Pack, String> {
    toml::from_str(&source.text).map_err(|e| e.to_string())
}

/// The built-in pack as parsed at build time, or `None` when the build could not parse it
/// (the TOML is then parsed at run time, so the problem is reported with its place). Its
/// strings borrow the binary's string table (`Text`), and its rules come parsed.
pub fn baked_builtin() -> Option<Vec<(String, Pack)>> {
    let bytes = embedded::BUILTIN_BAKED;
    if bytes.is_empty() {
        return None;
    }
    let files: Vec<(String, Pack, Vec<Option<Rule>>)> = postcard::from_bytes(bytes).ok()?;
    files
        .into_iter()
        .map(|(name, mut pack, rules)| {
            // The rules build.rs parsed go back where they came from, in the same order.
            let slots = pack.rule_slots();
            if slots.len() != rules.len() {
                return None;
            }
            for ((_, parsed), rule) in slots.into_iter().zip(rules) {
                *parsed = rule;
            }
            Some((name, pack))
        })
        .collect()
}

/// The built-in pack's files as validation reads them, with their baked packs when the
/// build could parse them.
fn builtin_inputs() -> Vec<validate::Input> {
    match baked_builtin() {
        Some(packs) if packs.len() == embedded::DATA_FILES.len() => packs
            .into_iter()
            .zip(embedded::DATA_FILES)
            .map(|((name, pack), (_, text))| validate::Input {
                name: format!("data/{name}"),
                text: (*text).into(),
                layer: 0,
                pack: Some(pack),
            })
            .collect(),
        _ => embedded::DATA_FILES
            .iter()
            .map(|(name, text)| validate::Input {
                name: format!("data/{name}"),
                text: (*text).into(),
                layer: 0,
                pack: None,
            })
            .collect(),
    }
}

/// The built-in pack without repeating its checks, when build.rs validated it as it
/// baked it (`None` otherwise: the build could not parse or validate it).
pub fn trusted_builtin() -> Option<KnowledgeBase> {
    if !embedded::BUILTIN_VALIDATED {
        return None;
    }
    validate::assemble(builtin_inputs())
}

/// The built-in pack, merged with `extra` sources (a user's pack, layer 1). Without
/// extra sources, the built-in pack that build.rs validated is not checked again; a
/// user's pack is always validated, with the built-in pack it extends.
pub fn load_builtin_with(extra: Vec<Source>) -> Result<KnowledgeBase, Diagnostics> {
    if extra.is_empty()
        && let Some(kb) = trusted_builtin()
    {
        return Ok(kb);
    }
    validate_builtin_with(extra)
}

/// The built-in pack merged with `extra`, every check run (`kb validate`).
pub fn validate_builtin_with(extra: Vec<Source>) -> Result<KnowledgeBase, Diagnostics> {
    let mut inputs = builtin_inputs();
    inputs.extend(extra.into_iter().map(|s| validate::Input {
        name: s.name,
        text: s.text.into(),
        layer: s.layer,
        pack: None,
    }));
    validate::build(inputs)
}

/// The extra sources of `--data DIR` (none without a folder).
fn extra_sources(dir: Option<&Path>) -> anyhow::Result<Vec<Source>> {
    use anyhow::Context;
    let Some(dir) = dir else {
        return Ok(Vec::new());
    };
    let extra =
        pack_sources(dir).with_context(|| format!("reading knowledge pack {}", dir.display()))?;
    if extra.is_empty() {
        anyhow::bail!("no *.toml files found in knowledge pack {}", dir.display());
    }
    Ok(extra)
}

/// The built-in pack with every check run, extended by the pack in `dir` when given
/// (`kb validate`).
pub fn validate_with_pack(
    dir: Option<&Path>,
) -> anyhow::Result<Result<KnowledgeBase, Diagnostics>> {
    Ok(validate_builtin_with(extra_sources(dir)?))
}

/// The built-in pack, extended or overridden by the pack in `dir` when given.
pub fn load_with_pack(dir: Option<&Path>) -> anyhow::Result<Result<KnowledgeBase, Diagnostics>> {
    Ok(load_builtin_with(extra_sources(dir)?))
}
