//! The Related artifacts block every document ends with: its siblings, linked relative to
//! its own folder, and the kinds not written yet. Bounded, so a feature with thousands of
//! artifacts does not repeat the whole list in every document.

use super::escape::inline;
use crate::kb::KnowledgeBase;
use std::fmt::Write;

/// At most this many siblings are listed one by one in a Related artifacts block. Past it
/// the block lists the top-level documents and links the feature index (README.md), which
/// lists every artifact once: a thousand contracts must not each list a thousand others.
pub const RELATED_LIMIT: usize = 40;

/// The Related artifacts block of the document at `own` (a path relative to the feature
/// folder, such as `design.md` or `adrs/0001-x.md`): its siblings linked relative to its
/// own folder, then the kinds not written yet at their conventional paths (not its own).
/// `related` is sorted and may hold `own`, which is left out. The cost grows with the
/// number of siblings listed (at most `RELATED_LIMIT`), never with all of them.
pub(crate) fn related_artifacts(w: &mut String, kb: &KnowledgeBase, related: &[String], own: &str) {
    let up = "../".repeat(own.matches('/').count());
    let _ = writeln!(w, "## Related artifacts\n");
    let _ = writeln!(w, "- [Session (system of record)]({up}design-session.toml)");
    let folder = own.rsplit_once('/').map(|(dir, _)| format!("{dir}/"));
    let link = |w: &mut String, r: &str| {
        // A sibling in the same folder is linked by its name; anything else climbs out.
        let target = match folder.as_deref().and_then(|f| r.strip_prefix(f)) {
            Some(sibling) => sibling.to_string(),
            None => format!("{up}{r}"),
        };
        let _ = writeln!(w, "- [{}]({})", inline(r), target.replace(' ', "%20"));
    };
    let holds = |p: &str| related.binary_search_by(|r| r.as_str().cmp(p)).is_ok();
    let siblings = related.len() - usize::from(holds(own));
    if siblings <= RELATED_LIMIT {
        for r in related.iter().filter(|r| *r != own) {
            link(w, r);
        }
    } else {
        // The top-level documents and the shared ones, each artifact folder skipped whole.
        let mut i = 0;
        let mut skipped = 0;
        while i < related.len() {
            let r = &related[i];
            match r.split_once('/') {
                Some((dir, _)) if dir != ".." => {
                    let prefix = format!("{dir}/");
                    let end = i + related[i..].partition_point(|p| p.starts_with(&prefix));
                    skipped += end - i - usize::from(own.starts_with(&prefix) && holds(own));
                    i = end;
                }
                _ => {
                    if r != own {
                        link(w, r);
                    }
                    i += 1;
                }
            }
        }
        let _ = writeln!(
            w,
            "- {skipped} more artifacts of this feature (ADRs, contracts, runbooks, launches): listed in the [feature index]({up}README.md)"
        );
    }
    // A kind counts as written when a file of it is among the siblings or is this one.
    let written = |rel: &str| {
        if rel == own || holds(rel) {
            return true;
        }
        let Some(dir) = rel.split('/').next().filter(|_| rel.contains('{')) else {
            return false;
        };
        let prefix = format!("{dir}/");
        own.starts_with(&prefix) || {
            let at = related.partition_point(|r| r.as_str() < prefix.as_str());
            related.get(at).is_some_and(|r| r.starts_with(&prefix))
        }
    };
    let conventional: Vec<_> = kb
        .artifacts
        .iter()
        .filter(|a| a.id.get_ref() != "design" && a.path.starts_with("docs/features/{slug}/"))
        .map(|a| (a, a.path.trim_start_matches("docs/features/{slug}/")))
        .filter(|(_, rel)| !written(rel))
        .collect();
    if !conventional.is_empty() {
        let _ = writeln!(
            w,
            "\nNot written yet; they land at their conventional paths:\n"
        );
        for (a, rel) in conventional {
            let _ = writeln!(
                w,
                "- {}: `{}`",
                inline(&a.name),
                super::paths::conventional(kb, rel)
            );
        }
    }
}
