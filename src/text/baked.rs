//! The knowledge base's strings. Read from a user's TOML a string is owned. In the pack
//! baked into the binary (build.rs) every string is a place in one string table, which
//! the binary embeds with `include_str!` (checked as UTF-8 when the program is compiled),
//! so start-up neither allocates, copies nor re-checks the knowledge base's text (about
//! 12,000 strings).
//!
//! A `Text` reads as a `str`: it dereferences to one, compares, hashes and orders as one,
//! and prints (Display and Debug) as a `String` holding the same characters does.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::Error as _;
use serde::{Serialize, Serializer};
use std::borrow::{Borrow, Cow};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

#[derive(Clone, Default)]
pub struct Text(Cow<'static, str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the characters are borrowed from the baked string table (not a copy).
    pub fn is_borrowed(&self) -> bool {
        matches!(self.0, Cow::Borrowed(_))
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.0 == other.0
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // As `str` hashes, so a `&str` finds a `Text` key (Borrow<str>).
        (*self.0).hash(state)
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Cow::Owned(s))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Cow::Owned(s.to_owned()))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0.into_owned()
    }
}

impl From<Text> for Cow<'static, str> {
    fn from(t: Text) -> Cow<'static, str> {
        t.0
    }
}

impl<'a> From<&'a Text> for Cow<'a, str> {
    fn from(t: &'a Text) -> Cow<'a, str> {
        Cow::Borrowed(&t.0)
    }
}

/// In a human-readable format (TOML, JSON) a string; in the baked pack (postcard) its
/// place in the string table, `(start, length)` in bytes, which only build.rs writes.
impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            return s.serialize_str(&self.0);
        }
        let place = super::bake_string(&self.0)
            .ok_or_else(|| S::Error::custom("only build.rs bakes the knowledge base"))?;
        place.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        if !d.is_human_readable() {
            let (start, len) = <(u32, u32)>::deserialize(d)?;
            let (start, len) = (start as usize, len as usize);
            return super::baked_strings()
                .get(start..start.saturating_add(len))
                .map(|s| Text(Cow::Borrowed(s)))
                .ok_or_else(|| de::Error::custom("a string outside the baked string table"));
        }
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::Text;
    use std::collections::HashMap;

    #[test]
    fn reads_compares_hashes_and_prints_as_the_string_it_holds() {
        let t = Text::from("outbox");
        assert_eq!(t, "outbox");
        assert_eq!(t, String::from("outbox"));
        assert_eq!(format!("{t} {t:?}"), "outbox \"outbox\"");
        let mut index = HashMap::new();
        index.insert(t.clone(), 1);
        assert_eq!(index.get("outbox"), Some(&1));
        let mut sorted = vec![Text::from("b"), Text::from("a")];
        sorted.sort();
        assert_eq!(sorted, ["a", "b"]);
    }

    #[test]
    fn a_string_read_from_toml_is_owned() {
        #[derive(serde::Deserialize)]
        struct Row {
            name: Text,
        }
        let row: Row = toml::from_str("name = \"ledger\"").unwrap();
        assert_eq!(row.name, "ledger");
        assert!(!row.name.is_borrowed());
    }

    #[test]
    fn outside_build_rs_a_text_is_not_baked_and_a_bad_place_is_an_error() {
        assert!(postcard::to_allocvec(&Text::from("ledger")).is_err());
        // A place past the end of the string table.
        let bytes = postcard::to_allocvec(&(u32::MAX - 1, 1u32)).unwrap();
        assert!(postcard::from_bytes::<Text>(&bytes).is_err());
    }
}
