//! The self-check rule catalogue: every rule the self-check and `lint` can report, with
//! its severity and a one-line description.
//!
//! It lives here rather than in data/*.toml on purpose. The knowledge-base schema has no
//! self-check kind, and each rule is code (a Markdown scan or a walk over the session), so
//! a data entry could only repeat the id and the description; a user pack could not add a
//! working rule through it. The ids are stable: they appear in `lint` output, in JSON
//! reports and in CI logs.

use super::Severity;

/// One self-check rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub description: &'static str,
    /// Checked on Markdown text alone, so `lint` applies it to hand-written documents.
    pub on_text: bool,
}

impl Rule {
    /// A finding of this rule.
    pub fn at(&self, path: &str, line: Option<usize>, message: String) -> super::Finding {
        super::Finding {
            rule: self.id,
            severity: self.severity,
            path: path.to_string(),
            line,
            message,
        }
    }
}

const fn rule(
    id: &'static str,
    name: &'static str,
    severity: Severity,
    on_text: bool,
    description: &'static str,
) -> Rule {
    Rule {
        id,
        name,
        severity,
        description,
        on_text,
    }
}

use Severity::{Critical, Important};

pub const CONCERNS_ALL_TBD: Rule = rule(
    "system-concerns-all-tbd",
    "Every system concern is TBD",
    Critical,
    true,
    "Not one system concern (owner, tenancy, compliance, cost, capacity, DR, lifecycle) is answered.",
);
pub const CONCERNS_KEY_UNKNOWN: Rule = rule(
    "system-concerns-key-unknown",
    "Owner, tenancy or compliance unknown",
    Critical,
    true,
    "Ownership, tenancy and compliance must be answered, or flagged TBD with who will answer them.",
);
pub const CONCRETE_CRITERIA: Rule = rule(
    "concrete-criteria",
    "Alert, rollback or abort claim without a criterion",
    Important,
    true,
    "An 'alert on', 'rollback when', 'abort if', 'trigger when', 'degrade on' or 'monitor for' claim names no number, duration, percentage or named state.",
);
pub const CROSS_LINK: Rule = rule(
    "cross-link",
    "Relative link that does not resolve",
    Important,
    true,
    "A relative link points to neither an artifact being written nor an existing file.",
);
pub const ANTIPATTERN_CRITICAL: Rule = rule(
    "antipattern-critical",
    "Critical anti-pattern in the design",
    Critical,
    false,
    "The engine finds a critical anti-pattern (dual write, two-phase commit across services, ...) that no pattern of the design fixes.",
);
pub const ANTIPATTERN: Rule = rule(
    "antipattern",
    "Anti-pattern in the design",
    Important,
    false,
    "The engine finds a major or minor anti-pattern in the design.",
);
pub const CLOSED_SCHEMA_BACKWARD: Rule = rule(
    "closed-schema-backward",
    "Closed schema under BACKWARD compatibility",
    Critical,
    false,
    "A channel's schema forbids unknown properties while its contract declares BACKWARD compatibility.",
);
pub const ORDERING_KEY_MISMATCH: Rule = rule(
    "ordering-key-mismatch",
    "Flow and contract disagree on the ordering key",
    Important,
    false,
    "A data flow through a channel orders by a different key than the channel's contract declares.",
);
pub const CHANNEL_NAME: Rule = rule(
    "channel-name",
    "Channel name not semantic and versioned",
    Important,
    false,
    "A channel name is not of the form <domain>.<event>.v<N>, like orders.placed.v1.",
);
pub const SCHRODINGER_DECISION: Rule = rule(
    "schrodinger-decision",
    "Decision that is not committed",
    Critical,
    true,
    "An ADR's decision reads 'X, or Y if Z', 'either X or Y' or 'X (TBD if Y)' without a trigger and an owner, and its status is not Deferred.",
);
pub const DEFERRED_WITHOUT_BLOCKER: Rule = rule(
    "deferred-without-blocker",
    "Deferred decision without its blocking question",
    Important,
    true,
    "A Deferred ADR does not name the question that blocks it and the date it is due.",
);
pub const SUMMARY_BLOCK: Rule = rule(
    "summary-block",
    "Missing or incomplete Summary block",
    Important,
    true,
    "A document does not start with a Summary block giving its Status, Date and TL;DR.",
);
pub const RELATED_ARTIFACTS: Rule = rule(
    "related-artifacts",
    "Missing Related artifacts section",
    Important,
    true,
    "A document has no 'Related artifacts' section linking its siblings.",
);

/// Every rule, in the order they are described in the documentation.
pub const RULES: &[Rule] = &[
    CONCERNS_ALL_TBD,
    CONCERNS_KEY_UNKNOWN,
    CONCRETE_CRITERIA,
    CROSS_LINK,
    ANTIPATTERN_CRITICAL,
    ANTIPATTERN,
    CLOSED_SCHEMA_BACKWARD,
    ORDERING_KEY_MISMATCH,
    CHANNEL_NAME,
    SCHRODINGER_DECISION,
    DEFERRED_WITHOUT_BLOCKER,
    SUMMARY_BLOCK,
    RELATED_ARTIFACTS,
];

/// The rule with this id.
pub fn rule_by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The system concerns that must be answered (or flagged TBD with an owner) before an
/// artifact is written: who owns it, who it serves, and what the data is subject to.
/// Question ids of the concerns questionnaire; the check skips any a user pack removed.
pub const KEY_CONCERNS: &[&str] = &[
    "concerns.ownership",
    "concerns.tenancy",
    "concerns.compliance",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        for (i, r) in RULES.iter().enumerate() {
            assert!(
                r.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                r.id
            );
            assert!(
                RULES[i + 1..].iter().all(|o| o.id != r.id),
                "duplicate {}",
                r.id
            );
            assert!(!r.description.is_empty() && !r.name.is_empty());
            assert_eq!(rule_by_id(r.id), Some(r));
        }
    }
}
