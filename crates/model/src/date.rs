//! Dates at the precision a text gives them: a year, a month, or a day.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date known to year, month or day precision.
///
/// Serialises as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, the forms the contract uses for
/// `published` and `time.value`. Ordering compares the known parts first, so `2023`
/// sorts before `2023-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Year, e.g. 2024.
    pub year: i32,
    /// Month 1–12, when known.
    pub month: Option<u32>,
    /// Day of month 1–31, when known (only with a month).
    pub day: Option<u32>,
}

impl PartialDate {
    /// A year.
    pub fn year(year: i32) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// A month of a year; `None` if the month is out of range.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        (1..=12).contains(&month).then_some(PartialDate {
            year,
            month: Some(month),
            day: None,
        })
    }

    /// A full date; `None` unless it exists in the calendar.
    pub fn day(year: i32, month: u32, day: u32) -> Option<Self> {
        chrono::NaiveDate::from_ymd_opt(year, month, day).map(|_| PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Self> {
        let mut parts = s.trim().split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month = parts.next().map(str::parse::<u32>);
        let day = parts.next().map(str::parse::<u32>);
        if parts.next().is_some() {
            return None;
        }
        match (month, day) {
            (None, None) => Some(PartialDate::year(year)),
            (Some(Ok(m)), None) => PartialDate::month(year, m),
            (Some(Ok(m)), Some(Ok(d))) => PartialDate::day(year, m, d),
            _ => None,
        }
    }

    /// The full date, when day precision is known.
    pub fn to_naive(&self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month?, self.day?)
    }
}

impl From<chrono::NaiveDate> for PartialDate {
    fn from(d: chrono::NaiveDate) -> Self {
        use chrono::Datelike;
        PartialDate {
            year: d.year(),
            month: Some(d.month()),
            day: Some(d.day()),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => write!(f, "{:04}-{:02}", self.year, m),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PartialDate::parse_iso(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("not a YYYY[-MM[-DD]] date: {s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_forms_round_trip() {
        for s in ["2021", "2023-11", "2024-02-29"] {
            assert_eq!(
                PartialDate::parse_iso(s).map(|d| d.to_string()),
                Some(s.into())
            );
        }
        assert_eq!(PartialDate::parse_iso("2023-02-29"), None);
        assert_eq!(PartialDate::parse_iso("2023-13"), None);
    }

    #[test]
    fn year_sorts_before_its_months() {
        let y = PartialDate::year(2023);
        let m = PartialDate::month(2023, 1).expect("valid");
        assert!(y < m);
    }
}
