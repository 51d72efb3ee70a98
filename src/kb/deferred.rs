//! A part of the knowledge base that start-up does not read: a pattern's prose lists
//! (when to use it, its trade-offs, failure modes, metrics, checks and references) and a
//! decision-graph leaf's warnings and per-stack tool tags are only read by the documents,
//! the graph view, the catalog, `kb stats` and the full validation, never by the first
//! frame.
//!
//! Read from a user's TOML a `Deferred` holds its value like any field. In the pack baked
//! into the binary (build.rs) it is a place in a second embedded table, holding the value
//! in postcard form, and it is decoded the first time it is read; start-up then neither
//! decodes those 3,957 strings nor allocates their 1,773 lists and maps.
//!
//! A `Deferred<T>` reads as a `T` (it dereferences to one), and compares and prints as the
//! `T` it holds.

use serde::de::{DeserializeOwned, Deserializer};
use serde::ser::Error as _;
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

pub struct Deferred<T> {
    /// Where the baked value is, until it is decoded (`None` for a value read from TOML).
    place: Option<(u32, u32)>,
    value: OnceLock<T>,
}

impl<T> Deferred<T> {
    /// Whether the value is in memory: read from TOML, or decoded since.
    pub fn is_read(&self) -> bool {
        self.value.get().is_some()
    }
}

impl<T: DeserializeOwned + Default> Deferred<T> {
    fn get(&self) -> &T {
        self.value.get_or_init(|| {
            let bytes = self.place.and_then(|(start, len)| {
                let start = start as usize;
                super::baked_blobs().get(start..start.saturating_add(len as usize))
            });
            match bytes.map(postcard::from_bytes) {
                Some(Ok(value)) => value,
                // build.rs wrote both the place and the table from the same types: this is
                // a build fault. Tests stop on it; a release build reads an empty value.
                _ => {
                    debug_assert!(false, "a deferred value outside the baked table");
                    T::default()
                }
            }
        })
    }
}

impl<T: DeserializeOwned + Default> Deref for Deferred<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.get()
    }
}

impl<'a, T: DeserializeOwned + Default> IntoIterator for &'a Deferred<T>
where
    &'a T: IntoIterator,
{
    type Item = <&'a T as IntoIterator>::Item;
    type IntoIter = <&'a T as IntoIterator>::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        self.get().into_iter()
    }
}

impl<T> From<T> for Deferred<T> {
    fn from(value: T) -> Self {
        Deferred {
            place: None,
            value: OnceLock::from(value),
        }
    }
}

impl<T: Default> Default for Deferred<T> {
    fn default() -> Self {
        T::default().into()
    }
}

impl<T: Clone> Clone for Deferred<T> {
    fn clone(&self) -> Self {
        Deferred {
            place: self.place,
            value: self.value.clone(),
        }
    }
}

impl<T: DeserializeOwned + Default + PartialEq> PartialEq for Deferred<T> {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl<T: DeserializeOwned + Default + fmt::Debug> fmt::Debug for Deferred<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}

/// In a human-readable format (TOML, JSON) the value itself; in the baked pack (postcard)
/// its place in the table of deferred values, which only build.rs writes.
impl<T: Serialize + DeserializeOwned + Default> Serialize for Deferred<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            return self.get().serialize(s);
        }
        let bytes = postcard::to_allocvec(self.get()).map_err(S::Error::custom)?;
        let place = super::bake_blob(&bytes)
            .ok_or_else(|| S::Error::custom("only build.rs bakes the knowledge base"))?;
        place.serialize(s)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Deferred<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            return T::deserialize(d).map(Deferred::from);
        }
        let place = <(u32, u32)>::deserialize(d)?;
        Ok(Deferred {
            place: Some(place),
            value: OnceLock::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Deferred;
    use crate::kb::Text;

    #[test]
    fn a_value_read_from_toml_is_held_and_reads_as_itself() {
        #[derive(serde::Deserialize)]
        struct Row {
            tradeoffs: Deferred<Vec<Text>>,
        }
        let row: Row = toml::from_str("tradeoffs = [\"slower writes\"]").unwrap();
        assert_eq!(*row.tradeoffs, ["slower writes"]);
        assert_eq!(format!("{:?}", row.tradeoffs), "[\"slower writes\"]");
        assert_eq!(
            row.tradeoffs,
            Deferred::from(vec![Text::from("slower writes")])
        );
    }

    #[test]
    fn outside_build_rs_a_value_is_not_baked() {
        let value: Deferred<Vec<Text>> = vec![Text::from("x")].into();
        assert!(postcard::to_allocvec(&value).is_err());
    }
}
