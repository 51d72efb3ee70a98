//! design.md's verdicts: the risks that remain, what the design removes, the tier and the
//! alternatives considered.

use super::*;

pub(super) fn antipatterns(md: &mut Markdown, kb: &KnowledgeBase, a: &Assessment) {
    md.heading(2, "Risks that remain");
    if a.findings.is_empty() {
        md.para("No anti-pattern detected in the target design from the answers given.");
        return;
    }
    for (i, f) in a.findings.iter().enumerate() {
        let ap = f.antipattern;
        md.para(format_args!(
            "### {}. {} ({})",
            i + 1,
            inline(&ap.name),
            ap.severity.as_str()
        ));
        md.bullet(format_args!(
            "**What breaks**: {}",
            inline(first_sentence(&ap.why))
        ));
        md.bullet(format_args!(
            "**Found because**: {}",
            inline(&witness_text(kb, &f.triggered_by))
        ));
        let fixes: Vec<&str> = f.fix.iter().map(|p| p.name.as_str()).collect();
        md.para(format_args!(
            "- **Fix**: {} (`design-advisor catalog {}`)",
            inline(&fixes.join(", ")),
            code(ap.id.get_ref())
        ));
    }
}

/// What the design removes: findings on today's system the target no longer shows, each
/// with the target answers or flows that remove it. They do not cap the tier.
pub(super) fn removed(md: &mut Markdown, kb: &KnowledgeBase, a: &Assessment) {
    if a.removed.is_empty() {
        return;
    }
    md.heading(2, "What the design removes");
    for r in &a.removed {
        let ap = r.finding.antipattern;
        let by = if r.removed_by.is_empty() {
            "`<TBD: the answer that removes it>`".to_string()
        } else {
            inline(&witness_text(kb, &r.removed_by))
        };
        md.bullet(format_args!(
            "**{}** ({}, today): {}. Removed by: {by}.",
            inline(&ap.name),
            ap.severity.as_str(),
            inline(&witness_text(kb, &r.finding.triggered_by))
        ));
    }
    md.blank();
}

pub(super) fn tier(md: &mut Markdown, a: &Assessment) {
    let t = &a.tier;
    md.heading(2, "Readiness tier");
    md.para(format_args!("**{}**", inline(&t.headline())));
    if t.below_threshold && !t.gate_met {
        return;
    }
    for u in &t.unticked {
        md.bullet(format_args!(
            "Not counted: \"{}\" was ticked, but {}.",
            inline(&u.item.text),
            inline(&u.reason)
        ));
    }
    if !t.unticked.is_empty() {
        md.blank();
    }
    if !t.caps.is_empty() {
        md.para("Capped by:");
        for c in &t.caps {
            md.bullet(format_args!(
                "at most {}: {}",
                c.max.name,
                inline(&c.reason)
            ));
        }
        md.blank();
    }
    md.para("Gate evidence met:");
    if t.met.is_empty() {
        md.bullet("(none yet)");
    }
    for e in &t.met {
        md.bullet(format_args!("[x] {}", inline(&e.text)));
    }
    md.blank();
    if let Some(next) = t.next {
        if next.id == t.earned.id {
            md.para(format_args!("The **{}** gate still needs:", next.name));
        } else {
            md.para(format_args!("To reach **{}**, still needed:", next.name));
        }
        for e in &t.missing_for_next {
            md.bullet(format_args!("[ ] {}", inline(&e.text)));
        }
        for c in &t.blocking_next {
            md.bullet(format_args!("[ ] clear the cap: {}", inline(&c.reason)));
        }
        if t.missing_for_next.is_empty() && t.blocking_next.is_empty() {
            md.bullet("nothing: record the evidence to claim it");
        }
        md.blank();
    }
}

pub(super) fn alternatives(md: &mut Markdown, a: &Assessment, session: &crate::session::Session) {
    md.heading(2, "Alternatives considered");
    // The options the team weighed for its own decisions, in its words.
    let mut any = false;
    for d in &session.decisions {
        for o in d.options.iter().filter(|o| !o.trim().is_empty()) {
            any = true;
            md.bullet(format_args!(
                "For \"{}\": {} (not chosen)",
                inline(&d.title),
                inline(o)
            ));
        }
    }
    if a.alternatives.is_empty() {
        if any {
            md.blank();
            return;
        }
        md.para("None recorded: no branch of the decision graph was passed over.");
        return;
    }
    // "Not sure: ..." is a way through the questionnaire, not an alternative design.
    for alt in a
        .alternatives
        .iter()
        .filter(|alt| !alt.option.label.trim_start().starts_with("Not sure"))
    {
        md.bullet(format_args!(
            "At \"{}\": {} (not taken)",
            inline(&alt.at.title),
            inline(&alt.option.label)
        ));
    }
    md.blank();
}

// ---------------------------------------------------------------------------
// The target architecture and the sections seed 004 asks of a design document
// ---------------------------------------------------------------------------
