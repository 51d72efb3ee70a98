//! A small recursive-descent parser for the rule language.

use super::Rule;
use crate::text::Text;
use std::fmt;

/// A syntax error, with the byte offset in the rule text where it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset + 1)
    }
}

impl std::error::Error for ParseError {}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token<'a> {
    Word(&'a str),
    Eq,
    Ne,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
}

impl fmt::Display for Token<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Word(w) => write!(f, "'{w}'"),
            Token::Eq => f.write_str("'=='"),
            Token::Ne => f.write_str("'!='"),
            Token::LParen => f.write_str("'('"),
            Token::RParen => f.write_str("')'"),
            Token::LBracket => f.write_str("'['"),
            Token::RBracket => f.write_str("']'"),
            Token::Comma => f.write_str("','"),
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

fn lex(text: &str) -> Result<Vec<(usize, Token<'_>)>, ParseError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        let single = match c {
            '(' => Some(Token::LParen),
            ')' => Some(Token::RParen),
            '[' => Some(Token::LBracket),
            ']' => Some(Token::RBracket),
            ',' => Some(Token::Comma),
            _ => None,
        };
        if let Some(tok) = single {
            tokens.push((i, tok));
            chars.next();
        } else if c.is_whitespace() {
            chars.next();
        } else if c == '=' || c == '!' {
            chars.next();
            match chars.next() {
                Some((_, '=')) => tokens.push((i, if c == '=' { Token::Eq } else { Token::Ne })),
                _ => {
                    return Err(ParseError {
                        offset: i,
                        message: format!("expected '{c}=' (comparisons are '==' and '!=')"),
                    });
                }
            }
        } else if is_word_char(c) {
            let start = i;
            let mut end = i;
            while let Some(&(j, d)) = chars.peek() {
                if !is_word_char(d) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            tokens.push((start, Token::Word(&text[start..end])));
        } else {
            return Err(ParseError {
                offset: i,
                message: format!("unexpected character '{c}'"),
            });
        }
    }
    Ok(tokens)
}

struct Parser<'a> {
    tokens: Vec<(usize, Token<'a>)>,
    pos: usize,
    len: usize,
    /// How many parentheses and `not`s enclose the current position.
    depth: usize,
}

/// The deepest nesting of parentheses and `not` a rule may have. Real rules nest two or
/// three levels; the bound keeps parsing, evaluating and dropping a rule from recursing
/// without limit (a pack with 10,000 nested parentheses must be an error, not a crash).
pub const MAX_DEPTH: usize = 64;

/// The longest rule text, in bytes.
pub const MAX_LEN: usize = 16 * 1024;

/// Parses a rule. Errors carry the offset of the offending token.
pub fn parse(text: &str) -> Result<Rule, ParseError> {
    if text.len() > MAX_LEN {
        return Err(ParseError {
            offset: 0,
            message: format!(
                "the rule is {} bytes long; at most {MAX_LEN} are allowed",
                text.len()
            ),
        });
    }
    let tokens = lex(text)?;
    if tokens.is_empty() {
        return Err(ParseError {
            offset: 0,
            message: "empty rule".into(),
        });
    }
    let mut p = Parser {
        tokens,
        pos: 0,
        len: text.len(),
        depth: 0,
    };
    let rule = p.or()?;
    if let Some((offset, tok)) = p.tokens.get(p.pos) {
        return Err(ParseError {
            offset: *offset,
            message: format!(
                "unexpected {tok} after a complete expression (missing 'and' or 'or'?)"
            ),
        });
    }
    Ok(rule)
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&Token<'a>> {
        self.tokens.get(self.pos).map(|(_, t)| t)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.len, |(o, _)| *o)
    }

    fn error<T>(&self, expected: &str) -> Result<T, ParseError> {
        let found = match self.peek() {
            Some(tok) => tok.to_string(),
            None => "the end of the rule".to_string(),
        };
        Err(ParseError {
            offset: self.offset(),
            message: format!("expected {expected}, found {found}"),
        })
    }

    fn expect(&mut self, tok: Token<'a>, expected: &str) -> Result<(), ParseError> {
        if self.peek() == Some(&tok) {
            self.pos += 1;
            Ok(())
        } else {
            self.error(expected)
        }
    }

    fn keyword(&mut self, kw: &str) -> bool {
        if self.peek() == Some(&Token::Word(kw)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Result<Rule, ParseError> {
        let mut parts = vec![self.and()?];
        while self.keyword("or") {
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.pop().unwrap()
        } else {
            Rule::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Rule, ParseError> {
        let mut parts = vec![self.factor()?];
        while self.keyword("and") {
            parts.push(self.factor()?);
        }
        Ok(if parts.len() == 1 {
            parts.pop().unwrap()
        } else {
            Rule::And(parts)
        })
    }

    /// Enters one level of nesting, refusing to go past `MAX_DEPTH`.
    fn descend(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError {
                offset: self.offset(),
                message: format!(
                    "the rule nests parentheses and 'not' more than {MAX_DEPTH} levels deep"
                ),
            });
        }
        Ok(())
    }

    fn factor(&mut self) -> Result<Rule, ParseError> {
        if self.keyword("not") {
            self.descend()?;
            let inner = self.factor()?;
            self.depth -= 1;
            return Ok(Rule::Not(Box::new(inner)));
        }
        if self.peek() == Some(&Token::LParen) {
            self.descend()?;
            self.pos += 1;
            let inner = self.or()?;
            self.expect(Token::RParen, "')'")?;
            self.depth -= 1;
            return Ok(inner);
        }
        self.atom()
    }

    fn word(&mut self, expected: &str) -> Result<&'a str, ParseError> {
        match self.peek() {
            Some(Token::Word(w)) if !matches!(*w, "and" | "or" | "not" | "in") => {
                let w = *w;
                self.pos += 1;
                Ok(w)
            }
            _ => self.error(expected),
        }
    }

    fn atom(&mut self) -> Result<Rule, ParseError> {
        let name = self.word("a question id, a function or '('")?;
        match name {
            "true" => return Ok(Rule::Const(true)),
            "false" => return Ok(Rule::Const(false)),
            "answered" | "tbd" | "complete" | "pattern" | "flow"
                if self.peek() == Some(&Token::LParen) =>
            {
                self.pos += 1;
                let arg = Text::from(self.word("an id")?);
                self.expect(Token::RParen, "')'")?;
                return Ok(match name {
                    "answered" => Rule::Answered(arg),
                    "tbd" => Rule::Tbd(arg),
                    "complete" => Rule::Complete(arg),
                    "flow" => Rule::Flow(arg),
                    _ => Rule::Pattern(arg),
                });
            }
            _ => {}
        }
        let question = Text::from(name);
        match self.peek() {
            Some(Token::Eq) => {
                self.pos += 1;
                let choice = Text::from(self.word("a choice id")?);
                Ok(Rule::Is { question, choice })
            }
            Some(Token::Ne) => {
                self.pos += 1;
                let choice = Text::from(self.word("a choice id")?);
                Ok(Rule::IsNot { question, choice })
            }
            Some(Token::Word("in")) => {
                self.pos += 1;
                self.expect(Token::LBracket, "'['")?;
                let mut choices = vec![Text::from(self.word("a choice id")?)];
                while self.peek() == Some(&Token::Comma) {
                    self.pos += 1;
                    choices.push(Text::from(self.word("a choice id")?));
                }
                self.expect(Token::RBracket, "']' or ','")?;
                Ok(Rule::In { question, choices })
            }
            _ => self.error(&format!("'==', '!=' or 'in' after '{question}'")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_and_binds_tighter_than_or() {
        let r = parse("a == x or b == y and not c == z").unwrap();
        let Rule::Or(parts) = r else {
            panic!("expected or")
        };
        assert_eq!(parts.len(), 2);
        assert!(matches!(&parts[1], Rule::And(v) if matches!(v[1], Rule::Not(_))));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let cases = [
            ("", "empty rule", 0),
            ("a = x", "expected '=='", 2),
            ("a == x b == y", "unexpected 'b'", 7),
            ("(a == x", "expected ')', found the end", 7),
            ("a in [x,", "expected a choice id, found the end", 8),
            ("a", "expected '==', '!=' or 'in' after 'a'", 1),
            ("a == x and", "expected a question id", 10),
            ("a == $", "unexpected character '$'", 5),
            ("tbd(and)", "expected an id, found 'and'", 4),
        ];
        for (text, msg, offset) in cases {
            let err = parse(text).unwrap_err();
            assert!(err.message.contains(msg), "{text:?}: {err}");
            assert_eq!(err.offset, offset, "{text:?}: {err}");
        }
    }

    #[test]
    fn function_names_can_still_be_question_ids() {
        assert_eq!(
            parse("pattern == x").unwrap(),
            Rule::Is {
                question: "pattern".into(),
                choice: "x".into()
            }
        );
    }
}

#[cfg(test)]
mod depth_tests {
    use super::*;

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let parens = format!("{}a == b{}", "(".repeat(5_000), ")".repeat(5_000));
        let e = parse(&parens).unwrap_err();
        assert!(e.message.contains("levels deep"), "{e}");
        assert_eq!(e.offset, MAX_DEPTH);
        let nots = format!("{}a == b", "not ".repeat(3_000));
        assert!(parse(&nots).unwrap_err().message.contains("levels deep"));
        let long = format!("{}a == b", "not ".repeat(100_000));
        assert!(parse(&long).unwrap_err().message.contains("bytes long"));
        let ok = format!("{}a == b{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }
}
