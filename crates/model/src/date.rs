//! Dates at the precision a text gives them: a year, a month, or a day.

use std::fmt;
use std::ops::Range;

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

/// A date expression found in running text by [`find_date_mentions`].
///
/// Either `date` holds an absolute date (the text gave the year), or
/// `month_day_without_year` holds the `(month, day)` of a year-less form such as
/// "March 29", which a caller can complete from context (e.g. a dateline).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// Byte range of the expression in the searched text.
    pub range: Range<usize>,
    /// The date, when the text gives at least a year and a month.
    pub date: Option<PartialDate>,
    /// `(month, day)` of a year-less expression.
    pub month_day_without_year: Option<(u32, u32)>,
}

/// Parse one date expression: "March 29, 2024", "29 March 2024", "Mar. 29, 2024",
/// "March 2024", "2024-03-29", "2019/11/24", "22 Oct, 2020", "Thursday, 20 February 2020",
/// or an unambiguous "29/03/2024".
///
/// The string may carry a weekday and a time of day ("2020-05-19 08:15:14",
/// "10:32 PM, 22 Oct, 2020") but nothing else; year-less forms give `None`.
pub fn parse_date(s: &str) -> Option<PartialDate> {
    let found = find_date_mentions(s);
    let first = found.iter().find(|f| f.date.is_some())?;
    let outside = [&s[..first.range.start], &s[first.range.end..]];
    outside
        .iter()
        .all(|rest| is_date_filler(rest))
        .then_some(first.date)
        .flatten()
}

/// Absolute dates (year and month known, day when given) in running text, with their
/// byte ranges, in text order.
pub fn find_dates(text: &str) -> Vec<(Range<usize>, PartialDate)> {
    find_date_mentions(text)
        .into_iter()
        .filter_map(|f| f.date.map(|d| (f.range, d)))
        .collect()
}

/// Every absolute or year-less ("March 29", "12 October") date expression in `text`,
/// in text order, without overlaps.
///
/// Month names must be capitalised ("may 2021" is not a date); years must lie in
/// 1900–2100; numeric day/month orders are only read when unambiguous.
pub fn find_date_mentions(text: &str) -> Vec<FoundDate> {
    let tokens = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let hit = numeric_date_at(text, &tokens, i)
            .or_else(|| month_first_at(&tokens, i))
            .or_else(|| day_first_at(&tokens, i));
        match hit {
            Some((next, found)) => {
                out.push(found);
                i = next;
            }
            None => i += 1,
        }
    }
    out
}

/// One token of the date scanner: a run of letters, a run of digits, or one other
/// non-space character.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    kind: TokenKind,
    /// True when whitespace separates this token from the previous one.
    spaced: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokenKind {
    Word,
    Number,
    Punct,
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut spaced = true;
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            spaced = true;
            continue;
        }
        let kind = if c.is_alphabetic() {
            TokenKind::Word
        } else if c.is_ascii_digit() {
            TokenKind::Number
        } else {
            TokenKind::Punct
        };
        let mut end = start + c.len_utf8();
        if kind != TokenKind::Punct {
            while let Some(&(b, n)) = chars.peek() {
                let same = match kind {
                    TokenKind::Word => n.is_alphabetic(),
                    _ => n.is_ascii_digit(),
                };
                if !same {
                    break;
                }
                end = b + n.len_utf8();
                chars.next();
            }
        }
        tokens.push(Token {
            text: &text[start..end],
            start,
            end,
            kind,
            spaced,
        });
        spaced = false;
    }
    tokens
}

/// English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// English weekday names, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// True when `name` is `word` in any case, or `word` is its three-letter abbreviation.
fn names_or_abbreviates(name: &str, word: &str) -> bool {
    name.eq_ignore_ascii_case(word)
        || (word.len() == 3 && name.get(..3).is_some_and(|a| a.eq_ignore_ascii_case(word)))
}

/// Month number of a capitalised English month name or abbreviation.
fn month_of(word: &str) -> Option<u32> {
    let first = word.chars().next()?;
    if !first.is_uppercase() {
        return None;
    }
    if word.eq_ignore_ascii_case("sept") {
        return Some(9);
    }
    MONTH_NAMES
        .iter()
        .position(|n| names_or_abbreviates(n, word))
        .map(|i| i as u32 + 1)
}

fn is_weekday(word: &str) -> bool {
    WEEKDAY_NAMES.iter().any(|d| names_or_abbreviates(d, word))
}

fn year_of(tok: &Token<'_>) -> Option<i32> {
    if tok.kind != TokenKind::Number || tok.text.len() != 4 {
        return None;
    }
    tok.text
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2100).contains(y))
}

fn day_number(tok: &Token<'_>) -> Option<u32> {
    if tok.kind != TokenKind::Number || tok.text.len() > 2 {
        return None;
    }
    tok.text
        .parse::<u32>()
        .ok()
        .filter(|d| (1..=31).contains(d))
}

fn is_punct(tok: Option<&Token<'_>>, p: &str) -> bool {
    tok.is_some_and(|t| t.kind == TokenKind::Punct && t.text == p)
}

/// A day number at `i` with an optional glued ordinal suffix ("29th"); returns the day
/// and the index after it.
fn day_at(tokens: &[Token<'_>], i: usize) -> Option<(u32, usize)> {
    let tok = tokens.get(i)?;
    let day = day_number(tok)?;
    match tokens.get(i + 1) {
        Some(t) if t.kind == TokenKind::Word && !t.spaced => {
            let suffix = t.text.to_lowercase();
            ["st", "nd", "rd", "th"]
                .contains(&suffix.as_str())
                .then_some((day, i + 2))
        }
        // "March 1,400" is a number, not a day.
        Some(t) if t.kind == TokenKind::Punct && !t.spaced && t.text == "," => {
            let thousands = tokens
                .get(i + 2)
                .is_some_and(|n| n.kind == TokenKind::Number && !n.spaced && n.text.len() == 3);
            (!thousands).then_some((day, i + 1))
        }
        // "10:30" is a time, "5.5" a decimal.
        Some(t) if t.kind == TokenKind::Punct && !t.spaced && (t.text == ":" || t.text == ".") => {
            let glued_digit = tokens
                .get(i + 2)
                .is_some_and(|n| n.kind == TokenKind::Number && !n.spaced);
            (!glued_digit).then_some((day, i + 1))
        }
        Some(t) if !t.spaced && t.kind != TokenKind::Punct => None,
        _ => Some((day, i + 1)),
    }
}

/// A month name at `i`, with an optional abbreviation dot; returns the month and the
/// index after it.
fn month_at(tokens: &[Token<'_>], i: usize) -> Option<(u32, usize)> {
    let tok = tokens.get(i)?;
    if tok.kind != TokenKind::Word {
        return None;
    }
    // A word glued to a preceding letter or digit is part of something else.
    if !tok.spaced && i > 0 && tokens[i - 1].kind != TokenKind::Punct {
        return None;
    }
    let month = month_of(tok.text)?;
    let dotted = is_punct(tokens.get(i + 1), ".") && tok.text.len() <= 4;
    Some((month, if dotted { i + 2 } else { i + 1 }))
}

/// A year at `i`, possibly after a comma; returns the year and the index after it.
fn year_after(tokens: &[Token<'_>], i: usize) -> Option<(i32, usize)> {
    let j = if is_punct(tokens.get(i), ",") {
        i + 1
    } else {
        i
    };
    let tok = tokens.get(j)?;
    let year = year_of(tok)?;
    let glued_after = tokens
        .get(j + 1)
        .is_some_and(|t| !t.spaced && t.kind != TokenKind::Punct);
    (!glued_after).then_some((year, j + 1))
}

fn found(
    tokens: &[Token<'_>],
    first: usize,
    next: usize,
    date: Option<PartialDate>,
    md: Option<(u32, u32)>,
) -> (usize, FoundDate) {
    let range = tokens[first].start..tokens[next - 1].end;
    (
        next,
        FoundDate {
            range,
            date,
            month_day_without_year: md,
        },
    )
}

/// "March 29, 2024", "Mar. 29 2024", "March 29th", "March 2024".
fn month_first_at(tokens: &[Token<'_>], i: usize) -> Option<(usize, FoundDate)> {
    let (month, j) = month_at(tokens, i)?;
    if let Some((day, k)) = day_at(tokens, j) {
        if let Some((year, next)) = year_after(tokens, k) {
            let date = PartialDate::day(year, month, day)?;
            return Some(found(tokens, i, next, Some(date), None));
        }
        valid_month_day(month, day)?;
        return Some(found(tokens, i, k, None, Some((month, day))));
    }
    let (year, next) = year_after(tokens, j)?;
    let date = PartialDate::month(year, month)?;
    Some(found(tokens, i, next, Some(date), None))
}

/// "29 March 2024", "22 Oct, 2020", "10th May 2021", "29th of March", "12 October".
fn day_first_at(tokens: &[Token<'_>], i: usize) -> Option<(usize, FoundDate)> {
    if i > 0 && !tokens[i].spaced && tokens[i - 1].kind != TokenKind::Punct {
        return None;
    }
    let (day, mut j) = day_at(tokens, i)?;
    if tokens
        .get(j)
        .is_some_and(|t| t.kind == TokenKind::Word && t.text == "of")
    {
        j += 1;
    }
    let (month, k) = month_at(tokens, j)?;
    if let Some((year, next)) = year_after(tokens, k) {
        let date = PartialDate::day(year, month, day)?;
        return Some(found(tokens, i, next, Some(date), None));
    }
    valid_month_day(month, day)?;
    // Leave an abbreviation dot out of a year-less range ("12 Oct." ends a sentence).
    let end = if is_punct(tokens.get(k - 1), ".") {
        k - 1
    } else {
        k
    };
    Some(found(tokens, i, end, None, Some((month, day))))
}

fn valid_month_day(month: u32, day: u32) -> Option<()> {
    // 2024 is a leap year, so February 29 is accepted.
    chrono::NaiveDate::from_ymd_opt(2024, month, day).map(|_| ())
}

/// "2024-03-29", "2019/11/24", "29/03/2024", "03/29/2024" (only when the order is clear).
fn numeric_date_at(text: &str, tokens: &[Token<'_>], i: usize) -> Option<(usize, FoundDate)> {
    let parts: Vec<&Token<'_>> = (0..5).filter_map(|k| tokens.get(i + k)).collect();
    if parts.len() < 5 {
        return None;
    }
    let (a, s1, b, s2, c) = (parts[0], parts[1], parts[2], parts[3], parts[4]);
    let numbers = [a, b, c].iter().all(|t| t.kind == TokenKind::Number);
    let glued = [s1, b, s2, c].iter().all(|t| !t.spaced);
    let sep_ok =
        s1.kind == TokenKind::Punct && s1.text == s2.text && ["-", "/", "."].contains(&s1.text);
    if !(numbers && glued && sep_ok && numeric_bounds_clear(text, a.start, c.end)) {
        return None;
    }
    let date = if a.text.len() == 4 && b.text.len() <= 2 && c.text.len() <= 2 {
        PartialDate::day(year_of(a)?, b.text.parse().ok()?, c.text.parse().ok()?)?
    } else if c.text.len() == 4 && a.text.len() <= 2 && b.text.len() <= 2 {
        let (x, y): (u32, u32) = (a.text.parse().ok()?, b.text.parse().ok()?);
        let year = year_of(c)?;
        match (x > 12, y > 12) {
            (true, false) => PartialDate::day(year, y, x)?,
            (false, true) => PartialDate::day(year, x, y)?,
            _ if x == y => PartialDate::day(year, x, y)?,
            _ => return None,
        }
    } else {
        return None;
    };
    Some(found(tokens, i, i + 5, Some(date), None))
}

/// True when a numeric date at `start..end` is not part of a longer code such as a
/// version number or an identifier ("CVE-2021-12-13", "1.2.2024.5").
fn numeric_bounds_clear(text: &str, start: usize, end: usize) -> bool {
    let before: Vec<char> = text[..start].chars().rev().take(2).collect();
    let after: Vec<char> = text[end..].chars().take(2).collect();
    let joins = |c: Option<&char>, next: Option<&char>| match c {
        Some(c) if c.is_alphanumeric() => true,
        Some(c) if "-/.".contains(*c) => next.is_some_and(|n| n.is_alphanumeric()),
        _ => false,
    };
    !joins(before.first(), before.get(1)) && !joins(after.first(), after.get(1))
}

/// True when `rest` holds only what may surround a date on a date line: spaces,
/// punctuation, weekday names, a time of day and its markers.
fn is_date_filler(rest: &str) -> bool {
    tokenize(rest).iter().all(|t| match t.kind {
        TokenKind::Punct => true,
        TokenKind::Number => t.text.len() <= 2,
        TokenKind::Word => {
            let lower = t.text.to_lowercase();
            is_weekday(t.text)
                || [
                    "am", "pm", "a", "p", "m", "utc", "gmt", "et", "est", "edt", "t", "z",
                ]
                .contains(&lower.as_str())
        }
    })
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

    fn day(y: i32, m: u32, d: u32) -> PartialDate {
        PartialDate::day(y, m, d).expect("valid date")
    }

    #[test]
    fn parse_date_reads_common_written_forms() {
        let cases = [
            ("March 29, 2024", day(2024, 3, 29)),
            ("29 March 2024", day(2024, 3, 29)),
            ("Mar. 29, 2024", day(2024, 3, 29)),
            ("Sept 3 2019", day(2019, 9, 3)),
            ("22 Oct, 2020", day(2020, 10, 22)),
            ("Mon 10th May 2021", day(2021, 5, 10)),
            ("2024-03-29", day(2024, 3, 29)),
            ("2019/11/24 22:18:40", day(2019, 11, 24)),
            ("10:32 PM, 22 Oct, 2020", day(2020, 10, 22)),
            ("Thursday, 20 February 2020", day(2020, 2, 20)),
            ("29/03/2024", day(2024, 3, 29)),
            ("03/29/2024", day(2024, 3, 29)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text), Some(want), "{text}");
        }
        assert_eq!(
            parse_date("March 2024"),
            PartialDate::month(2024, 3),
            "month precision"
        );
    }

    #[test]
    fn parse_date_refuses_ambiguous_partial_and_wordy_input() {
        for text in [
            "03/04/2024",
            "March 29",
            "in march 2024",
            "February 30, 2024",
            "the deal closed March 29, 2024 after talks",
            "version 2024",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn find_dates_gives_byte_ranges_in_running_text() {
        let text = "On 5 June 2023 the agency – “quietly” – said that since March 2021 it had \
                    watched the group; a report dated 2023-06-07 followed.";
        let found = find_dates(text);
        let spans: Vec<&str> = found.iter().map(|(r, _)| &text[r.clone()]).collect();
        assert_eq!(spans, ["5 June 2023", "March 2021", "2023-06-07"]);
        assert_eq!(found[0].1, day(2023, 6, 5));
        assert_eq!(found[1].1, PartialDate::month(2021, 3).expect("valid"));
    }

    #[test]
    fn year_less_dates_are_flagged_not_guessed() {
        let text = "POSTED: June 3, 11:40 and on Dec. 23. the lights went out; 12 October too.";
        let found = find_date_mentions(text);
        let md: Vec<(Option<(u32, u32)>, &str)> = found
            .iter()
            .map(|f| (f.month_day_without_year, &text[f.range.clone()]))
            .collect();
        assert_eq!(
            md,
            [
                (Some((6, 3)), "June 3"),
                (Some((12, 23)), "Dec. 23"),
                (Some((10, 12)), "12 October")
            ]
        );
        assert!(found.iter().all(|f| f.date.is_none()));
    }

    #[test]
    fn numbers_that_only_look_like_dates_are_skipped() {
        for text in [
            "CVE-2021-12-13 was patched",
            "version 1.2.2024.5 shipped",
            "it moved March 1,400 coins",
            "the may 2021 figures",
            "at 10:30 on the 3rd",
            "Mayday 2020",
        ] {
            assert!(find_date_mentions(text).is_empty(), "{text}");
        }
    }
}
