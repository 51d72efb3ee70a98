//! A calendar date (YYYY-MM-DD). Documents take their date from the session, never from
//! the clock, so the same session always exports the same bytes, with one exception a
//! reader needs: design.md marks an open question whose due date has passed on the day
//! it is written (`as_of`, set once by the front end; `check --today` fixes it).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("\"{s}\" is not a date written YYYY-MM-DD");
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| {
            s.get(r)
                .filter(|x| x.bytes().all(|c| c.is_ascii_digit()))
                .and_then(|x| x.parse::<u16>().ok())
        };
        let (year, month, day) = (
            num(0..4).ok_or_else(bad)?,
            num(5..7).ok_or_else(bad)?,
            num(8..10).ok_or_else(bad)?,
        );
        if !(1..=12).contains(&month)
            || day == 0
            || day > u16::from(days_in_month(year, month as u8))
        {
            return Err(format!("\"{s}\" is not a calendar date"));
        }
        Ok(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Today's date in UTC, from the system clock (used only when a session is created).
/// Whether a due date has passed on `day`: it is overdue from the day after it. The one
/// definition the terminal, the CI gate and design.md share.
pub fn overdue(due: Option<Date>, day: Date) -> bool {
    due.is_some_and(|due| due < day)
}

static AS_OF: std::sync::OnceLock<Date> = std::sync::OnceLock::new();

/// Sets the day documents judge due dates against, once per process: the command line
/// and the terminal set it to the machine's date (or `check --today`) before rendering
/// anything. Returns false when it was already set (the first day stays).
pub fn set_as_of(day: Date) -> bool {
    AS_OF.set(day).is_ok()
}

/// The day documents judge due dates against, when the front end set one. Unset (the
/// library used on its own, the tests), nothing is marked overdue and rendering is a
/// function of the session alone.
pub fn as_of() -> Option<Date> {
    AS_OF.get().copied()
}

pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    from_days((secs / 86_400) as i64)
}

/// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
fn from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Date { year, month, day }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(
            "2026-02-28".parse::<Date>().unwrap().to_string(),
            "2026-02-28"
        );
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!(
            "2026-02-29"
                .parse::<Date>()
                .unwrap_err()
                .contains("not a calendar date")
        );
        assert!("2026-13-01".parse::<Date>().is_err());
        assert!("26-1-1".parse::<Date>().unwrap_err().contains("YYYY-MM-DD"));
        assert!("2026-0a-01".parse::<Date>().is_err());
    }

    #[test]
    fn days_since_epoch() {
        assert_eq!(from_days(0).to_string(), "1970-01-01");
        assert_eq!(from_days(20_415).to_string(), "2025-11-23");
        assert_eq!(from_days(11_016).to_string(), "2000-02-29");
    }
}
