//! A value with the byte span it was read from. Read from TOML it keeps its real span, so
//! validation can name the line; the built-in pack is baked into a binary form at build
//! time (see build.rs) and the span travels with it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::hash::{Hash, Hasher};
use std::ops::Range;

#[derive(Clone, Debug, Default)]
pub struct Located<T> {
    value: T,
    start: usize,
    end: usize,
}

impl<T> Located<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        Located {
            value,
            start: span.start,
            end: span.end,
        }
    }
    pub fn get_ref(&self) -> &T {
        &self.value
    }
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T: PartialEq> PartialEq for Located<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Located<T> {}

impl<T: Hash> Hash for Located<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<T: PartialEq> PartialEq<T> for Located<T> {
    fn eq(&self, other: &T) -> bool {
        &self.value == other
    }
}

impl PartialEq<String> for Located<crate::text::Text> {
    fn eq(&self, other: &String) -> bool {
        self.value == *other
    }
}

impl PartialEq<str> for Located<crate::text::Text> {
    fn eq(&self, other: &str) -> bool {
        self.value == *other
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            let s = toml::Spanned::<T>::deserialize(d)?;
            let span = s.span();
            Ok(Located::new(s.into_inner(), span))
        } else {
            let (value, start, end) = <(T, usize, usize)>::deserialize(d)?;
            Ok(Located { value, start, end })
        }
    }
}

impl<T: Serialize> Serialize for Located<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            self.value.serialize(s)
        } else {
            (&self.value, self.start, self.end).serialize(s)
        }
    }
}
