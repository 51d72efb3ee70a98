//! Where documents live on disk, and writing them.

use crate::engine;
use crate::kb::KnowledgeBase;
use crate::session::{self, Session};
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};

/// docs/features/<slug>/ below the output root. The slug must be a plain slug, so the
/// result can never point outside the root.
pub fn feature_dir(root: &Path, slug: &str) -> anyhow::Result<PathBuf> {
    if !session::is_valid_slug(slug) {
        bail!(
            "slug \"{slug}\" is not a valid slug (lower-case letters, digits and single hyphens); try \"{}\"",
            session::slugify(slug)
        );
    }
    Ok(root.join("docs").join("features").join(slug))
}

/// The feature's other artifacts that exist, relative to its folder, sorted.
pub fn related_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["README.md", "integration-architecture.md", "review.md"] {
        if dir.join(name).is_file() {
            out.push(name.to_string());
        }
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.starts_with("architecture-") && name.ends_with(".md") {
                out.push(name);
            }
        }
    }
    for (sub, ext) in [
        ("adrs", "md"),
        ("contracts", "md"),
        ("schemas", ""),
        ("asyncapi", "yaml"),
        ("runbooks", "md"),
        ("launches", "md"),
    ] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if e.path().is_file() && (ext.is_empty() || name.ends_with(&format!(".{ext}"))) {
                out.push(format!("{sub}/{name}"));
            }
        }
    }
    out.sort();
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DocFormat {
    Md,
    Json,
}

/// Renders the design document (or JSON report) for the session.
pub fn render(
    kb: &KnowledgeBase,
    session: &Session,
    root: &Path,
    format: DocFormat,
) -> anyhow::Result<(PathBuf, String)> {
    let dir = feature_dir(root, &session.slug)?;
    let assessment = engine::assess(kb, session);
    Ok(match format {
        DocFormat::Md => (
            dir.join("design.md"),
            super::design::render(kb, session, &assessment, &related_files(&dir)),
        ),
        DocFormat::Json => {
            let text = serde_json::to_string_pretty(&super::json::report(session, &assessment))
                .expect("a report always serialises");
            (dir.join("design-report.json"), text + "\n")
        }
    })
}

/// Writes the design document atomically and returns its path.
pub fn write(
    kb: &KnowledgeBase,
    session: &Session,
    root: &Path,
    format: DocFormat,
) -> anyhow::Result<PathBuf> {
    let (path, text) = render(kb, session, root, format)?;
    session::write_atomic(&path, text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}
