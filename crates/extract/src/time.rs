//! Time expressions, normalised against the publication date.
//!
//! "in 2021" is 2021 whatever the date; "last year", "last month", "on Monday" and
//! "in March" need the article's publication date as an anchor and stay unresolved
//! (`value: None`) without one. Values use the contract's precisions: `YYYY`,
//! `YYYY-MM`, `YYYY-MM-DD`.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use dossier_model::PartialDate;
use regex::{Captures, Regex};

/// A time expression found in text (byte offsets) with its resolved value.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundTime {
    /// Byte offset of the expression's start.
    pub start: usize,
    /// Byte offset of its end.
    pub end: usize,
    /// The resolved date, when the expression and the anchor allow it.
    pub value: Option<PartialDate>,
}

const MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";
/// The days of the week, lower case, as regex alternatives.
const WEEKDAYS: &str = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";
const NUMBERS: &str = "a|an|one|two|three|four|five|six|seven|eight|nine|ten|\\d{1,2}";

static TIME_RE: LazyLock<Regex> = LazyLock::new(|| {
    let m = MONTHS;
    let w = WEEKDAYS;
    let n = NUMBERS;
    // "since October 22": the preposition goes with the date, or "since October" (a
    // month) would match first and leave the day a bare number.
    let p = "(?:since|from|until|by|before|after|through)";
    let pattern = format!(
        r"(?xi)
        (?-u:\b)(?:
            (?P<mdy>(?:{p}\s+)?(?P<mdy_m>{m})\.?\s+(?P<mdy_d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<mdy_y>(?:19|20)\d\d))
          | (?P<dmy>(?P<dmy_d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmy_m>{m})\.?,?\s+(?P<dmy_y>(?:19|20)\d\d))
          | (?P<iso>(?P<iso_y>(?:19|20)\d\d)-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d))
          | (?P<my>(?:(?:early|late|mid|the\s+end\s+of|the\s+start\s+of)[\s-]+)?(?P<my_m>{m})\.?\s+(?:of\s+)?(?P<my_y>(?:19|20)\d\d))
          | (?P<lastm>(?:last|this\s+past)\s+(?P<lastm_m>{m}))
          | (?P<md>(?:{p}\s+)?(?P<md_m>{m})\.?\s+(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?)
          | (?P<inm>(?:in|since|during|until|by|from|early|late|mid|end\s+of|in\s+early|in\s+late|in\s+mid)[\s-]+(?P<inm_m>{m})(?:\.?,?\s+(?:of\s+)?(?P<inm_y>(?:19|20)\d\d))?)
          | (?P<rel>(?P<rel_which>last|this|next|earlier\s+this|later\s+this|previous)\s+(?P<rel_unit>year|month|week))
          | (?P<ago>(?P<ago_n>{n})\s+(?P<ago_unit>years?|months?|weeks?|days?)\s+ago)
          | (?P<day>yesterday|today|on\s+(?P<wd>{w})|last\s+(?P<lwd>{w}))
          | (?P<year>(?:in|since|during|from|of|by|until|early|late|mid|around|through|throughout|before|after|in\s+early|in\s+late|in\s+mid)[\s-]+(?P<year_y>(?:19|20)\d\d))
        )(?-u:\b)"
    );
    // ASCII word boundaries: a Unicode `\b` makes the regex engine give up its fast DFA
    // on any non-ASCII text (curly quotes are everywhere in news) and fall back to the
    // slow PikeVM; time phrases are ASCII, so nothing is lost.
    Regex::new(&pattern).unwrap_or_else(|e| panic!("time pattern: {e}"))
});

/// Every time expression in `text`, resolved against `anchor` (the publication date).
pub fn find_times(text: &str, anchor: Option<PartialDate>) -> Vec<FoundTime> {
    TIME_RE
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            Some(FoundTime {
                start: whole.start(),
                end: whole.end(),
                value: resolve(&c, anchor),
            })
        })
        .collect()
}

fn resolve(c: &Captures, anchor: Option<PartialDate>) -> Option<PartialDate> {
    let text = |name: &str| c.name(name).map(|m| m.as_str().to_lowercase());
    let num = |name: &str| text(name).and_then(|s| s.parse::<i64>().ok());
    if c.name("mdy").is_some() {
        return PartialDate::day(
            num("mdy_y")? as i32,
            month_number(&text("mdy_m")?)?,
            num("mdy_d")? as u32,
        );
    }
    if c.name("dmy").is_some() {
        return PartialDate::day(
            num("dmy_y")? as i32,
            month_number(&text("dmy_m")?)?,
            num("dmy_d")? as u32,
        );
    }
    if c.name("iso").is_some() {
        return PartialDate::day(
            num("iso_y")? as i32,
            num("iso_m")? as u32,
            num("iso_d")? as u32,
        );
    }
    if c.name("my").is_some() {
        return PartialDate::month(num("my_y")? as i32, month_number(&text("my_m")?)?);
    }
    if c.name("year").is_some() {
        return Some(PartialDate::year(num("year_y")? as i32));
    }
    if let Some(year) = num("inm_y") {
        return PartialDate::month(year as i32, month_number(&text("inm_m")?)?);
    }
    let anchor = anchor?;
    if c.name("lastm").is_some() {
        return month_before(anchor, month_number(&text("lastm_m")?)?, false);
    }
    if c.name("md").is_some() {
        let month = month_number(&text("md_m")?)?;
        let day = num("md_d")? as u32;
        let year = year_of_recent_month(anchor, month, true)?;
        return PartialDate::day(year, month, day);
    }
    if c.name("inm").is_some() {
        return month_before(anchor, month_number(&text("inm_m")?)?, true);
    }
    if c.name("rel").is_some() {
        return relative(anchor, &text("rel_which")?, &text("rel_unit")?);
    }
    if c.name("ago").is_some() {
        let n = word_number(&text("ago_n")?)?;
        return ago(anchor, n, &text("ago_unit")?);
    }
    if c.name("day").is_some() {
        let day = anchor.to_naive()?;
        let phrase = text("day")?;
        if phrase == "yesterday" {
            return Some((day - Duration::days(1)).into());
        }
        if phrase == "today" {
            return Some(day.into());
        }
        let wd = text("wd").or_else(|| text("lwd"))?;
        return Some(last_weekday(day, weekday(&wd)?).into());
    }
    None
}

/// The most recent month `month` not after the anchor's month (`inclusive`) or before it.
fn month_before(anchor: PartialDate, month: u32, inclusive: bool) -> Option<PartialDate> {
    let year = year_of_recent_month(anchor, month, inclusive)?;
    PartialDate::month(year, month)
}

fn year_of_recent_month(anchor: PartialDate, month: u32, inclusive: bool) -> Option<i32> {
    let current = anchor.month?;
    let same_year = if inclusive {
        month <= current
    } else {
        month < current
    };
    Some(if same_year {
        anchor.year
    } else {
        anchor.year - 1
    })
}

fn relative(anchor: PartialDate, which: &str, unit: &str) -> Option<PartialDate> {
    let shift: i64 = match which.split_whitespace().next()? {
        "last" | "previous" => -1,
        "next" => 1,
        _ => 0, // this, earlier this, later this
    };
    match unit {
        "year" => Some(PartialDate::year(anchor.year + shift as i32)),
        "month" => {
            let m = anchor.month? as i64 - 1 + shift;
            PartialDate::month(
                anchor.year + m.div_euclid(12) as i32,
                m.rem_euclid(12) as u32 + 1,
            )
        }
        "week" => {
            let day = anchor.to_naive()? + Duration::weeks(shift);
            PartialDate::month(day.year(), day.month())
        }
        _ => None,
    }
}

fn ago(anchor: PartialDate, n: i64, unit: &str) -> Option<PartialDate> {
    match unit.trim_end_matches('s') {
        "year" => Some(PartialDate::year(anchor.year - n as i32)),
        "month" => {
            let m = anchor.month? as i64 - 1 - n;
            PartialDate::month(
                anchor.year + m.div_euclid(12) as i32,
                m.rem_euclid(12) as u32 + 1,
            )
        }
        "week" => Some((anchor.to_naive()? - Duration::weeks(n)).into()),
        "day" => Some((anchor.to_naive()? - Duration::days(n)).into()),
        _ => None,
    }
}

/// The latest date on or before `day` that falls on `wd`.
fn last_weekday(day: NaiveDate, wd: Weekday) -> NaiveDate {
    let back = (day.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7;
    day - Duration::days(back as i64)
}

/// Whether `word` is a day of the week ("Monday", "friday").
pub(crate) fn is_weekday(word: &str) -> bool {
    WEEKDAYS.split('|').any(|d| d.eq_ignore_ascii_case(word))
}

/// Whether `word` is a month's name or abbreviation, as a word ("Oct." too, not "market").
pub(crate) fn is_month(word: &str) -> bool {
    let key = word.trim_end_matches('.').to_lowercase();
    MONTHS.split('|').any(|m| m == key)
}

/// 1–12 for an English month name or abbreviation.
pub fn month_number(name: &str) -> Option<u32> {
    let key = name.trim_end_matches('.').to_lowercase();
    let prefix = key.get(..3)?;
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as u32 + 1)
}

fn weekday(name: &str) -> Option<Weekday> {
    name.parse().ok()
}

fn word_number(word: &str) -> Option<i64> {
    let words = [
        "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    if word == "an" {
        return Some(1);
    }
    words
        .iter()
        .position(|w| *w == word)
        .map(|i| i.max(1) as i64)
        .or_else(|| word.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, anchor: &str) -> Vec<(String, Option<String>)> {
        find_times(text, PartialDate::parse_iso(anchor))
            .into_iter()
            .map(|t| {
                (
                    text[t.start..t.end].to_string(),
                    t.value.map(|v| v.to_string()),
                )
            })
            .collect()
    }

    fn one(text: &str, anchor: &str) -> Option<String> {
        values(text, anchor).into_iter().next().and_then(|(_, v)| v)
    }

    #[test]
    fn explicit_years_need_no_anchor() {
        assert_eq!(
            values("gained access in 2021", "")[0].1.as_deref(),
            Some("2021")
        );
        assert_eq!(
            one("In July 2022, the heads met", "2024-03-29").as_deref(),
            Some("2022-07")
        );
        assert_eq!(
            one("In late 2023 the agencies", "2024-03-29").as_deref(),
            Some("2023")
        );
    }

    #[test]
    fn a_preposition_before_a_month_and_day_keeps_the_day() {
        assert_eq!(
            one("had since October 22 sent emails", "2024-10-30").as_deref(),
            Some("2024-10-22")
        );
        assert_eq!(
            one("since October 22, 2023", "2024-10-30").as_deref(),
            Some("2023-10-22")
        );
        // A month alone is still a month.
        assert_eq!(
            one("active since October", "2024-10-30").as_deref(),
            Some("2024-10")
        );
    }

    #[test]
    fn relative_expressions_use_the_publication_date() {
        assert_eq!(
            one("a report last month", "2024-03-29").as_deref(),
            Some("2024-02")
        );
        assert_eq!(
            one("a hack last year", "2024-03-29").as_deref(),
            Some("2023")
        );
        assert_eq!(
            one("a hack last month", "2024-01-10").as_deref(),
            Some("2023-12")
        );
        assert_eq!(one("two years ago", "2024-03-29").as_deref(), Some("2022"));
    }

    #[test]
    fn weekdays_resolve_to_the_latest_such_day() {
        // 2024-03-29 was a Friday; the Monday before it is the 25th.
        assert_eq!(
            one("On Monday, officials", "2024-03-29").as_deref(),
            Some("2024-03-25")
        );
        assert_eq!(
            one("on Friday", "2024-03-29").as_deref(),
            Some("2024-03-29")
        );
        assert_eq!(
            one("yesterday", "2024-03-01").as_deref(),
            Some("2024-02-29")
        );
    }

    #[test]
    fn months_without_year_look_back() {
        assert_eq!(one("last June", "2017-12-19").as_deref(), Some("2017-06"));
        assert_eq!(one("in November", "2024-03-29").as_deref(), Some("2023-11"));
        assert_eq!(
            one("on March 27", "2024-03-29").as_deref(),
            Some("2024-03-27")
        );
        assert_eq!(one("March 27, 2024.", "").as_deref(), Some("2024-03-27"));
    }

    #[test]
    fn relative_without_anchor_stays_unresolved() {
        assert_eq!(values("last year", ""), vec![("last year".into(), None)]);
    }

    #[test]
    fn bare_numbers_are_not_years() {
        assert!(values("about 2021 voters were affected", "2024-01-01").is_empty());
    }
}
