//! File names that are safe on every platform a repository is checked out on.

/// A name Windows reserves for a device whatever its extension or case (`con`, `aux.v1`,
/// `LPT1.md`): such a file cannot be checked out there.
pub fn is_windows_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let stem = stem.to_ascii_lowercase();
    matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || ["com", "lpt"].iter().any(|p| {
            stem.strip_prefix(p).is_some_and(|d| {
                matches!(
                    d,
                    "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
                )
            })
        })
}

/// A name that is safe as a file name on every platform we write to: lower-case ASCII
/// letters, digits, '.', '_' and '-', not starting with '.', at most 128 characters, and
/// not a device name Windows reserves (`con`, `aux.v1`, `lpt1`). Never a path, never
/// hidden, never "." or "..".
pub fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && !name.starts_with('.')
        && !is_windows_reserved(name)
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_device_names() {
        for name in [
            "con", "aux.v1", "lpt1", "NUL", "com1.md", "Com9", "prn.json",
        ] {
            assert!(is_windows_reserved(name), "{name}");
        }
        for name in [
            "console",
            "auxiliary.v1",
            "lpt10",
            "com",
            "nullable",
            "orders.v1",
        ] {
            assert!(!is_windows_reserved(name), "{name}");
        }
    }
}
