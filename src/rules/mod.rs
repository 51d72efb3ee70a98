//! The rule language: boolean expressions over answers, used by anti-pattern detection,
//! graph suggestions, principle advice, tier evidence and caps. The grammar is in
//! docs/knowledge-base.md; rules are data, this module only parses and evaluates them.

mod parse;

pub use parse::{ParseError, parse};

use crate::text::Text;

/// A parsed rule. Its ids are `Text`: the built-in pack's rules are parsed when build.rs
/// bakes the pack and decoded at start-up with their ids borrowed from the baked strings.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Rule {
    Const(bool),
    Or(Vec<Rule>),
    And(Vec<Rule>),
    Not(Box<Rule>),
    /// The question is answered with this choice (for a multi question: among its choices).
    Is {
        question: Text,
        choice: Text,
    },
    /// The question is answered, and not with this choice.
    IsNot {
        question: Text,
        choice: Text,
    },
    /// The question is answered with any of these choices.
    In {
        question: Text,
        choices: Vec<Text>,
    },
    Answered(Text),
    Tbd(Text),
    Complete(Text),
    Pattern(Text),
    /// Some data flow of the session uses this propagation mechanism.
    Flow(Text),
}

/// What a rule can ask of a session. The engine implements it over a session and the
/// knowledge base; tests implement it over a map.
pub trait Facts {
    /// The chosen choice ids, or `None` when the question is unanswered or marked "later".
    fn choices(&self, question: &str) -> Option<&[String]>;
    /// Every question of the questionnaire is answered and none is "later".
    fn complete(&self, questionnaire: &str) -> bool;
    /// The pattern is part of the design.
    fn has_pattern(&self, pattern: &str) -> bool;
    /// Some data flow uses the mechanism (an id of `FLOW_MECHANISMS`).
    fn has_flow(&self, mechanism: &str) -> bool;
}

/// The mechanisms a `flow(...)` atom may name (a session flow's `mechanism`).
pub const FLOW_MECHANISMS: [&str; 9] = [
    "app-dual-write",
    "cdc",
    "event-sourcing",
    "outbox",
    "batch-etl",
    "incremental-hybrid",
    "log-messaging",
    "rpc",
    "undecided",
];

/// One answer that made a rule true: the evidence shown with a finding or suggestion.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Witness {
    /// A question id, or for `Complete` a questionnaire id and for `Pattern` a pattern id.
    pub question: String,
    /// The choice id, for `WitnessKind::Choice`.
    pub choice: Option<String>,
    pub kind: WitnessKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WitnessKind {
    /// The question was answered with `choice`.
    Choice,
    /// The question is unanswered or marked "later".
    Open,
    /// Every question of the questionnaire is answered.
    Complete,
    /// The pattern is part of the design.
    Pattern,
    /// A data flow uses the mechanism (`question` holds the mechanism).
    Flow,
}

impl Witness {
    fn chosen(question: &str, choice: &str) -> Self {
        Witness {
            question: question.to_string(),
            choice: Some(choice.to_string()),
            kind: WitnessKind::Choice,
        }
    }
}

/// A name a rule refers to, for validation against the knowledge base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reference<'a> {
    Question(&'a str),
    Choice { question: &'a str, choice: &'a str },
    Questionnaire(&'a str),
    Pattern(&'a str),
    Flow(&'a str),
}

impl Rule {
    pub fn eval(&self, facts: &dyn Facts) -> bool {
        match self {
            Rule::Const(b) => *b,
            Rule::Or(rules) => rules.iter().any(|r| r.eval(facts)),
            Rule::And(rules) => rules.iter().all(|r| r.eval(facts)),
            Rule::Not(rule) => !rule.eval(facts),
            Rule::Is { question, choice } => facts
                .choices(question)
                .is_some_and(|cs| cs.iter().any(|c| c == choice)),
            Rule::IsNot { question, choice } => facts
                .choices(question)
                .is_some_and(|cs| !cs.iter().any(|c| c == choice)),
            Rule::In { question, choices } => facts
                .choices(question)
                .is_some_and(|cs| cs.iter().any(|c| choices.iter().any(|x| x == c))),
            Rule::Answered(q) => facts.choices(q).is_some(),
            Rule::Tbd(q) => facts.choices(q).is_none(),
            Rule::Complete(qn) => facts.complete(qn),
            Rule::Pattern(p) => facts.has_pattern(p),
            Rule::Flow(m) => facts.has_flow(m),
        }
    }

    /// Evaluates the rule and, when it holds, returns the answers that made it hold
    /// (sorted, without duplicates). Negated parts contribute no witness.
    pub fn witness(&self, facts: &dyn Facts) -> Option<Vec<Witness>> {
        let mut out = Vec::new();
        if self.collect(facts, &mut out) {
            out.sort();
            out.dedup();
            Some(out)
        } else {
            None
        }
    }

    fn collect(&self, facts: &dyn Facts, out: &mut Vec<Witness>) -> bool {
        let chosen = |q: &str, out: &mut Vec<Witness>| {
            for c in facts.choices(q).unwrap_or_default() {
                out.push(Witness::chosen(q, c));
            }
        };
        match self {
            Rule::Or(rules) => {
                let mut any = false;
                for r in rules {
                    let mut part = Vec::new();
                    if r.collect(facts, &mut part) {
                        any = true;
                        out.extend(part);
                    }
                }
                any
            }
            Rule::And(rules) => {
                let mut part = Vec::new();
                for r in rules {
                    if !r.collect(facts, &mut part) {
                        return false;
                    }
                }
                out.extend(part);
                true
            }
            Rule::Is { question, choice } => {
                let holds = self.eval(facts);
                if holds {
                    out.push(Witness::chosen(question, choice));
                }
                holds
            }
            Rule::IsNot { question, .. } | Rule::In { question, .. } | Rule::Answered(question) => {
                let holds = self.eval(facts);
                if holds {
                    if let Rule::In { choices, .. } = self {
                        for c in facts.choices(question).unwrap_or_default() {
                            if choices.iter().any(|x| x == c) {
                                out.push(Witness::chosen(question, c));
                            }
                        }
                    } else {
                        chosen(question, out);
                    }
                }
                holds
            }
            Rule::Tbd(q) | Rule::Complete(q) | Rule::Pattern(q) | Rule::Flow(q) => {
                let holds = self.eval(facts);
                if holds {
                    let kind = match self {
                        Rule::Tbd(_) => WitnessKind::Open,
                        Rule::Complete(_) => WitnessKind::Complete,
                        Rule::Flow(_) => WitnessKind::Flow,
                        _ => WitnessKind::Pattern,
                    };
                    out.push(Witness {
                        question: q.to_string(),
                        choice: None,
                        kind,
                    });
                }
                holds
            }
            Rule::Const(_) | Rule::Not(_) => self.eval(facts),
        }
    }

    /// Every name the rule refers to, in order of appearance.
    pub fn references(&self) -> Vec<Reference<'_>> {
        let mut out = Vec::new();
        self.walk(&mut out);
        out
    }

    fn walk<'a>(&'a self, out: &mut Vec<Reference<'a>>) {
        match self {
            Rule::Const(_) => {}
            Rule::Or(rules) | Rule::And(rules) => rules.iter().for_each(|r| r.walk(out)),
            Rule::Not(rule) => rule.walk(out),
            Rule::Is { question, choice } | Rule::IsNot { question, choice } => {
                out.push(Reference::Question(question));
                out.push(Reference::Choice { question, choice });
            }
            Rule::In { question, choices } => {
                out.push(Reference::Question(question));
                for choice in choices {
                    out.push(Reference::Choice { question, choice });
                }
            }
            Rule::Answered(q) | Rule::Tbd(q) => out.push(Reference::Question(q)),
            Rule::Complete(qn) => out.push(Reference::Questionnaire(qn)),
            Rule::Pattern(p) => out.push(Reference::Pattern(p)),
            Rule::Flow(m) => out.push(Reference::Flow(m)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    struct Map(BTreeMap<String, Vec<String>>);
    impl Facts for Map {
        fn choices(&self, q: &str) -> Option<&[String]> {
            self.0.get(q).map(Vec::as_slice)
        }
        fn complete(&self, qn: &str) -> bool {
            qn == "done"
        }
        fn has_pattern(&self, p: &str) -> bool {
            p == "outbox"
        }
        fn has_flow(&self, m: &str) -> bool {
            m == "cdc"
        }
    }

    fn facts(pairs: &[(&str, &[&str])]) -> Map {
        Map(pairs
            .iter()
            .map(|(q, cs)| (q.to_string(), cs.iter().map(|c| c.to_string()).collect()))
            .collect())
    }

    #[test]
    fn evaluates_across_questions() {
        let rule = parse("a.x == at-least-once and (a.y == none or tbd(a.y))").unwrap();
        assert!(rule.eval(&facts(&[("a.x", &["at-least-once"]), ("a.y", &["none"])])));
        assert!(rule.eval(&facts(&[("a.x", &["at-least-once"])])));
        assert!(!rule.eval(&facts(&[("a.x", &["at-least-once"]), ("a.y", &["db-key"])])));
        assert!(!rule.eval(&facts(&[("a.y", &["none"])])));
    }

    #[test]
    fn not_equal_needs_an_answer() {
        let rule = parse("a.x != dual").unwrap();
        assert!(!rule.eval(&facts(&[])));
        assert!(rule.eval(&facts(&[("a.x", &["outbox"])])));
        assert!(!rule.eval(&facts(&[("a.x", &["dual"])])));
    }

    #[test]
    fn multi_choice_membership_and_in() {
        let f = facts(&[("m", &["pii", "gdpr"])]);
        assert!(parse("m == gdpr").unwrap().eval(&f));
        assert!(parse("m in [pci, pii]").unwrap().eval(&f));
        assert!(!parse("m in [pci, soc2]").unwrap().eval(&f));
        assert!(
            parse("complete(done) and pattern(outbox) and not pattern(saga)")
                .unwrap()
                .eval(&f)
        );
    }

    #[test]
    fn witness_lists_the_answers_that_made_it_true() {
        let rule =
            parse("a.x == one and (a.y == two or a.z == three) and not a.w == four").unwrap();
        let f = facts(&[("a.x", &["one"]), ("a.y", &["other"]), ("a.z", &["three"])]);
        let w = rule.witness(&f).unwrap();
        let pairs: Vec<_> = w
            .iter()
            .map(|w| (w.question.as_str(), w.choice.as_deref()))
            .collect();
        assert_eq!(pairs, vec![("a.x", Some("one")), ("a.z", Some("three"))]);
        assert_eq!(rule.witness(&facts(&[("a.x", &["one"])])), None);
    }

    #[test]
    fn references_name_every_id() {
        let rule = parse("q.a in [x, y] or complete(rel) or pattern(p)").unwrap();
        assert_eq!(
            rule.references(),
            vec![
                Reference::Question("q.a"),
                Reference::Choice {
                    question: "q.a",
                    choice: "x"
                },
                Reference::Choice {
                    question: "q.a",
                    choice: "y"
                },
                Reference::Questionnaire("rel"),
                Reference::Pattern("p"),
            ]
        );
    }
}

/// Where byte `decoded` of a string's value sits in the TOML literal it was written as
/// (`literal` is the source text of the value, quotes included): a rule's syntax error is
/// found in the decoded rule, and must be reported at the character in the file even when
/// the string uses escapes, triple quotes or a trimmed first line break.
pub fn literal_offset(literal: &str, decoded: usize) -> usize {
    let (quote, basic) = match literal.as_bytes().first() {
        Some(b'"') => ("\"", true),
        Some(b'\'') => ("'", false),
        _ => return decoded,
    };
    let triple = quote.repeat(3);
    let mut raw = if literal.starts_with(&triple) {
        // A line break right after the opening delimiter is not part of the value.
        let after = triple.len();
        if literal[after..].starts_with("\r\n") {
            after + 2
        } else if literal[after..].starts_with('\n') {
            after + 1
        } else {
            after
        }
    } else {
        1
    };
    let mut value = 0;
    let bytes = literal.as_bytes();
    while raw < literal.len() && value < decoded {
        if basic && bytes[raw] == b'\\' {
            let next = literal[raw + 1..].chars().next();
            let (raw_len, value_len) = match next {
                Some('u') => (6, hex_char_len(literal.get(raw + 2..raw + 6))),
                Some('U') => (10, hex_char_len(literal.get(raw + 2..raw + 10))),
                Some('x') => (4, hex_char_len(literal.get(raw + 2..raw + 4))),
                Some(c) if c.is_whitespace() => {
                    // A line-ending backslash: the break and the whitespace after it go.
                    let rest = &literal[raw + 1..];
                    let skipped = rest.len() - rest.trim_start().len();
                    (1 + skipped, 0)
                }
                Some(_) => (2, 1),
                None => (1, 0),
            };
            raw += raw_len;
            value += value_len;
        } else {
            let c = literal[raw..].chars().next().unwrap_or(' ');
            raw += c.len_utf8();
            value += c.len_utf8();
        }
    }
    raw.min(literal.len())
}

/// The UTF-8 length of the character a hex escape stands for.
fn hex_char_len(hex: Option<&str>) -> usize {
    hex.and_then(|h| u32::from_str_radix(h, 16).ok())
        .and_then(char::from_u32)
        .map_or(1, char::len_utf8)
}

#[cfg(test)]
mod literal_tests {
    use super::literal_offset;

    #[test]
    fn offsets_follow_escapes_and_delimiters() {
        // value: a "b" $  -> the dollar at decoded byte 6, raw byte 9
        assert_eq!(literal_offset(r#""a \"b\" $""#, 6), 9);
        assert_eq!(literal_offset(r#""\u0061 $""#, 2), 8);
        assert_eq!(literal_offset("'a $'", 2), 3);
        assert_eq!(literal_offset("'''\na $'''", 2), 6);
        assert_eq!(literal_offset("\"\"\"a $\"\"\"", 2), 5);
        assert_eq!(literal_offset("\"é $\"", 3), 4);
    }
}
