//! Knowledge-base text quoted in an artifact: the self-check judges the user's text and
//! the decisions generated for them, never the catalogue's own sentences (a pattern's
//! trade-offs, an anti-pattern's fix, a review question), which an artifact may quote.

use crate::kb::KnowledgeBase;
use std::sync::LazyLock;

/// Every text of the knowledge base, normalised (see `normalise`) and joined, so a
/// sentence is known to be quoted when it is a part of it.
pub struct KbText(String);

/// Lower-case words of letters and digits, one space between them: Markdown escapes,
/// entities and punctuation do not matter when matching a quote.
fn normalise(text: &str) -> String {
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace("&quot;", "\"");
    let mut out = String::with_capacity(decoded.len());
    for word in decoded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

fn strings(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::String(s) => {
            out.push_str(&normalise(s));
            out.push_str(" | ");
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

impl KbText {
    pub fn new(kb: &KnowledgeBase) -> Self {
        let mut out = String::with_capacity(1 << 20);
        let mut add = |v: serde_json::Result<serde_json::Value>| {
            if let Ok(v) = v {
                strings(&v, &mut out);
            }
        };
        add(serde_json::to_value(&kb.patterns));
        add(serde_json::to_value(&kb.antipatterns));
        add(serde_json::to_value(&kb.principles));
        add(serde_json::to_value(&kb.questionnaires));
        add(serde_json::to_value(&kb.nodes));
        add(serde_json::to_value(&kb.tiers));
        add(serde_json::to_value(&kb.caps));
        add(serde_json::to_value(&kb.review_links));
        add(serde_json::to_value(&kb.threshold));
        add(serde_json::to_value(&kb.launch_traffic));
        Self(out)
    }

    /// The built-in knowledge base's text, for `lint`.
    pub fn builtin() -> &'static KbText {
        static TEXT: LazyLock<KbText> = LazyLock::new(|| KbText::new(&KnowledgeBase::builtin()));
        &TEXT
    }

    /// Whether `sentence` quotes the knowledge base: after a leading label such as
    /// "Bad (Message History):" or "Fix:", its words (four at least) are a part of one of
    /// its texts.
    pub fn quotes(&self, sentence: &str) -> bool {
        let s = normalise(sentence);
        let words: Vec<&str> = s.split(' ').collect();
        // Try the sentence whole, then without a label of up to six words.
        (0..=words.len().min(6)).any(|skip| {
            let rest = &words[skip..];
            rest.len() >= 4 && self.0.contains(&rest.join(" "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_labelled_quote_of_a_trade_off_is_known_and_user_text_is_not() {
        let kb = KnowledgeBase::builtin();
        let text = KbText::new(&kb);
        let tradeoff = kb
            .patterns
            .iter()
            .flat_map(|p| p.tradeoffs.iter())
            .find(|t| t.split_whitespace().count() >= 6)
            .unwrap();
        assert!(text.quotes(&format!("Bad (Some Pattern): {tradeoff}")));
        assert!(!text.quotes("Use Kafka, or Redpanda if our ops team says so"));
    }
}
