//! design.md's verdicts: the risks that remain, what the design removes, the tier and the
//! alternatives considered.

use super::*;

pub(super) fn antipatterns(w: &mut String, kb: &KnowledgeBase, a: &Assessment) {
    let _ = writeln!(w, "## Risks that remain\n");
    if a.findings.is_empty() {
        let _ = writeln!(
            w,
            "No anti-pattern detected in the target design from the answers given.\n"
        );
        return;
    }
    for (i, f) in a.findings.iter().enumerate() {
        let ap = f.antipattern;
        let _ = writeln!(
            w,
            "### {}. {} ({})\n",
            i + 1,
            inline(&ap.name),
            ap.severity.as_str()
        );
        let _ = writeln!(w, "- **What breaks**: {}", inline(first_sentence(&ap.why)));
        let _ = writeln!(
            w,
            "- **Found because**: {}",
            inline(&witness_text(kb, &f.triggered_by))
        );
        let fixes: Vec<&str> = f.fix.iter().map(|p| p.name.as_str()).collect();
        let _ = writeln!(
            w,
            "- **Fix**: {} (`design-advisor catalog {}`)\n",
            inline(&fixes.join(", ")),
            code(ap.id.get_ref())
        );
    }
}

/// What the design removes: findings on today's system the target no longer shows, each
/// with the target answers or flows that remove it. They do not cap the tier.
pub(super) fn removed(w: &mut String, kb: &KnowledgeBase, a: &Assessment) {
    if a.removed.is_empty() {
        return;
    }
    let _ = writeln!(w, "## What the design removes\n");
    for r in &a.removed {
        let ap = r.finding.antipattern;
        let by = if r.removed_by.is_empty() {
            "`<TBD: the answer that removes it>`".to_string()
        } else {
            inline(&witness_text(kb, &r.removed_by))
        };
        let _ = writeln!(
            w,
            "- **{}** ({}, today): {}. Removed by: {by}.",
            inline(&ap.name),
            ap.severity.as_str(),
            inline(&witness_text(kb, &r.finding.triggered_by))
        );
    }
    let _ = writeln!(w);
}

pub(super) fn tier(w: &mut String, a: &Assessment) {
    let t = &a.tier;
    let _ = writeln!(w, "## Readiness tier\n");
    let _ = writeln!(w, "**{}**\n", inline(&t.headline()));
    if t.below_threshold && !t.gate_met {
        return;
    }
    for u in &t.unticked {
        let _ = writeln!(
            w,
            "- Not counted: \"{}\" was ticked, but {}.",
            inline(&u.item.text),
            inline(&u.reason)
        );
    }
    if !t.unticked.is_empty() {
        let _ = writeln!(w);
    }
    if !t.caps.is_empty() {
        let _ = writeln!(w, "Capped by:\n");
        for c in &t.caps {
            let _ = writeln!(w, "- at most {}: {}", c.max.name, inline(&c.reason));
        }
        let _ = writeln!(w);
    }
    let _ = writeln!(w, "Gate evidence met:\n");
    if t.met.is_empty() {
        let _ = writeln!(w, "- (none yet)");
    }
    for e in &t.met {
        let _ = writeln!(w, "- [x] {}", inline(&e.text));
    }
    let _ = writeln!(w);
    if let Some(next) = t.next {
        if next.id == t.earned.id {
            let _ = writeln!(w, "The **{}** gate still needs:\n", next.name);
        } else {
            let _ = writeln!(w, "To reach **{}**, still needed:\n", next.name);
        }
        for e in &t.missing_for_next {
            let _ = writeln!(w, "- [ ] {}", inline(&e.text));
        }
        for c in &t.blocking_next {
            let _ = writeln!(w, "- [ ] clear the cap: {}", inline(&c.reason));
        }
        if t.missing_for_next.is_empty() && t.blocking_next.is_empty() {
            let _ = writeln!(w, "- nothing: record the evidence to claim it");
        }
        let _ = writeln!(w);
    }
}

pub(super) fn alternatives(w: &mut String, a: &Assessment, session: &crate::session::Session) {
    let _ = writeln!(w, "## Alternatives considered\n");
    // The options the team weighed for its own decisions, in its words.
    let mut any = false;
    for d in &session.decisions {
        for o in d.options.iter().filter(|o| !o.trim().is_empty()) {
            any = true;
            let _ = writeln!(
                w,
                "- For \"{}\": {} (not chosen)",
                inline(&d.title),
                inline(o)
            );
        }
    }
    if a.alternatives.is_empty() {
        if any {
            let _ = writeln!(w);
            return;
        }
        let _ = writeln!(
            w,
            "None recorded: no branch of the decision graph was passed over.\n"
        );
        return;
    }
    // "Not sure: ..." is a way through the questionnaire, not an alternative design.
    for alt in a
        .alternatives
        .iter()
        .filter(|alt| !alt.option.label.trim_start().starts_with("Not sure"))
    {
        let _ = writeln!(
            w,
            "- At \"{}\": {} (not taken)",
            inline(&alt.at.title),
            inline(&alt.option.label)
        );
    }
    let _ = writeln!(w);
}

// ---------------------------------------------------------------------------
// The target architecture and the sections seed 004 asks of a design document
// ---------------------------------------------------------------------------
