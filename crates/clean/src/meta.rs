//! Reading title, authors, outlet and publication date from the lines cleaning set aside.

use std::sync::LazyLock;

use dossier_model::date::{FoundDate, find_date_mentions, find_dates};
use dossier_model::{Metadata, PartialDate};
use regex::Regex;

use crate::DropReason;
use crate::classify::{AGENCY_FOOTER, Analysis, Verdict};
use crate::paragraphs::{Prepared, word_count};

/// Read the metadata of a prepared, classified article.
pub(crate) fn read(prepared: &Prepared, analysis: &Analysis, source: &str) -> Metadata {
    let (published, published_from) = match prepared.prefix_date {
        Some(d) => (Some(d), Some("prefix-line".to_string())),
        None => match published_date(prepared, analysis) {
            Some((d, from)) => (Some(d), Some(from.to_string())),
            None => (None, None),
        },
    };
    let credits = Credits::read(prepared, analysis);
    Metadata {
        source: source.to_string(),
        title: analysis.title.clone(),
        outlet: credits.outlet,
        authors: credits.authors,
        published,
        published_from,
        ..Metadata::default()
    }
}

fn dropped_as(analysis: &Analysis, i: usize) -> Option<DropReason> {
    match analysis.verdicts.get(i) {
        Some(Verdict::Drop(r)) => Some(*r),
        _ => None,
    }
}

static UPDATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(last )?(updated|modified)\b").expect("valid regex"));
static DATE_KEYWORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(published|updated|posted|modified)").expect("valid regex"));

/// The publication date from the header's date lines (or a keyed date line at the end),
/// completing a year-less date from the article's full dates.
fn published_date(prepared: &Prepared, analysis: &Analysis) -> Option<(PartialDate, &'static str)> {
    let paras = &prepared.paras;
    let header = analysis.header_end.clamp(6.min(paras.len()), paras.len());
    let candidates = (0..paras.len()).filter(|&i| {
        let reason = dropped_as(analysis, i);
        let dated = matches!(reason, Some(DropReason::Dateline | DropReason::Byline));
        dated && (i < header || DATE_KEYWORD.is_match(&paras[i].text))
    });
    // A publication line beats an update line; otherwise the first line wins.
    let mut best: Option<(bool, PartialDate, &'static str)> = None;
    for i in candidates {
        let text = &paras[i].text;
        let updated = UPDATED.is_match(text) && !text.to_lowercase().contains("publish");
        let Some(found) = find_date_mentions(text).into_iter().next() else {
            continue;
        };
        let dated = match found.date {
            Some(d) if d.month.is_some() => {
                Some((d, if updated { "updated-line" } else { "dateline" }))
            }
            _ => complete_year(&found, prepared, analysis),
        };
        if let Some((d, from)) = dated {
            let better = match best {
                None => true,
                Some((was_updated, _, _)) => was_updated && !updated,
            };
            if better {
                best = Some((updated, d, from));
            }
        }
    }
    best.map(|(_, d, from)| (d, from))
}

/// Give a year-less dateline ("March 29") the year of the nearest full date in the
/// article that it can follow: the article appears from a few days before to some weeks
/// after the dates it reports.
fn complete_year(
    found: &FoundDate,
    prepared: &Prepared,
    analysis: &Analysis,
) -> Option<(PartialDate, &'static str)> {
    let (month, day) = found.month_day_without_year?;
    let mut best: Option<(i64, PartialDate, &'static str)> = None;
    for (i, para) in prepared.paras.iter().enumerate() {
        let from = match dropped_as(analysis, i) {
            Some(DropReason::Caption | DropReason::PhotoCredit) => "caption-year",
            _ => "text-year",
        };
        for (_, full) in find_dates(&para.text) {
            let Some(reported) = full.to_naive() else {
                continue;
            };
            for year in [full.year, full.year + 1] {
                let Some(candidate) = PartialDate::day(year, month, day) else {
                    continue;
                };
                let Some(published) = candidate.to_naive() else {
                    continue;
                };
                let gap = (published - reported).num_days();
                if (-3..=45).contains(&gap) && best.is_none_or(|(g, _, _)| gap.abs() < g) {
                    best = Some((gap.abs(), candidate, from));
                }
            }
        }
    }
    best.map(|(_, d, from)| (d, from))
}

/// Authors and outlet gathered from bylines, credits and footers.
#[derive(Default)]
struct Credits {
    authors: Vec<String>,
    outlet: Option<String>,
    /// Rank of the line the outlet came from; lower is more trusted.
    outlet_rank: u8,
}

static BYLINE_NAMES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:By|BY)\b:?\s*(.*)$").expect("valid regex"));
static CREDIT_NAMES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:reporting|written|words|story|report) by\s+([^;()]+)")
        .expect("valid regex")
});
static SOURCE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:source|sources|agency)\s*:\s*(.+)$").expect("valid regex")
});
static COPYRIGHT_HOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:©|copyright)\s*(?:©|\(c\))?\s*(?:\d{4}\s*(?:[-–]\s*\d{4}\s*)?)?(?:the\s+)?",
        r"([A-Z][\w&'’ -]{1,60}?)(?:,?\s+(?:Ltd|Inc|LLC|GmbH|plc|Limited|Corp)\.?)?\s*(?:[.\]]|all rights|$)",
    ))
    .expect("valid regex")
});
static WIRE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z][A-Za-z .,'’-]{1,40}?\(([A-Z][\w .&'’-]{1,30})\)\s*(?:--|[-–—―])")
        .expect("valid regex")
});
static SLASH_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Z][\w&'’-]*(?:\s[A-Z][\w&'’-]*){0,3})\s/\s").expect("valid regex")
});

/// Words that make a name an organisation rather than a person.
const ORG_WORDS: [&str; 48] = [
    "news",
    "times",
    "post",
    "daily",
    "press",
    "media",
    "business",
    "agency",
    "journal",
    "herald",
    "tribune",
    "telegraph",
    "gazette",
    "wire",
    "network",
    "group",
    "staff",
    "desk",
    "team",
    "insider",
    "magazine",
    "review",
    "report",
    "digest",
    "today",
    "online",
    "tv",
    "radio",
    "channel",
    "bureau",
    "service",
    "associated",
    "reuters",
    "bloomberg",
    "xinhua",
    "kyodo",
    "jiji",
    "yonhap",
    "anadolu",
    "tass",
    "interfax",
    "editorial",
    "newsroom",
    "broadcasting",
    "observer",
    "chronicle",
    "monitor",
    "independent",
];

impl Credits {
    fn read(prepared: &Prepared, analysis: &Analysis) -> Credits {
        let mut credits = Credits::default();
        for (i, para) in prepared.paras.iter().enumerate() {
            let text = para.text.as_str();
            if dropped_as(analysis, i).is_some() {
                credits.read_dropped(text);
            } else if i <= analysis.header_end + 1 {
                credits.read_lede(text);
            }
        }
        credits
    }

    fn read_dropped(&mut self, text: &str) {
        if let Some(c) = BYLINE_NAMES.captures(text) {
            let names = c.get(1).map_or("", |m| m.as_str());
            let names = strip_glued_date(names);
            for name in split_names(names) {
                if is_org_like(name) {
                    self.offer_outlet(name, 1);
                } else if is_person_like(name) {
                    self.add_author(name);
                }
            }
        } else if let Some(c) = CREDIT_NAMES.captures(text) {
            let names = c.get(1).map_or("", |m| m.as_str());
            for name in split_names(names) {
                if is_person_like(name) {
                    self.add_author(name);
                }
            }
        } else if let Some(c) = SOURCE_NAME.captures(text) {
            let name = strip_glued_date(c.get(1).map_or("", |m| m.as_str()));
            if word_count(name) <= 5 {
                self.offer_outlet(name, 2);
            }
        } else if let Some(c) = AGENCY_FOOTER.captures(text) {
            self.offer_outlet(c.get(1).map_or("", |m| m.as_str()), 3);
        } else if let Some(c) = COPYRIGHT_HOLDER.captures(text) {
            let name = c.get(1).map_or("", |m| m.as_str());
            if word_count(name) <= 5 {
                self.offer_outlet(name, 4);
            }
        }
    }

    /// An agency named in the opening words of the first paragraph: "CITY (Agency) -".
    fn read_lede(&mut self, text: &str) {
        if let Some(c) = WIRE_DATELINE.captures(text) {
            self.offer_outlet(c.get(1).map_or("", |m| m.as_str()), 5);
        } else if let Some(c) = SLASH_DATELINE.captures(text) {
            let name = c.get(1).map_or("", |m| m.as_str());
            if is_org_like(name) {
                self.offer_outlet(name, 5);
            }
        }
    }

    fn offer_outlet(&mut self, name: &str, rank: u8) {
        let name = name.trim().trim_matches(|c: char| !c.is_alphanumeric());
        if name.is_empty() {
            return;
        }
        if self.outlet.is_none() || rank < self.outlet_rank {
            self.outlet = Some(name.to_string());
            self.outlet_rank = rank;
        }
    }

    fn add_author(&mut self, name: &str) {
        let name = name.trim().to_string();
        if !self.authors.contains(&name) {
            self.authors.push(name);
        }
    }
}

/// The part of a credit before a glued "PUBLISHED:"/"Updated:" date.
fn strip_glued_date(s: &str) -> &str {
    match DATE_KEYWORD.find(s) {
        Some(m) => s[..m.start()].trim(),
        None => s.trim(),
    }
}

fn split_names(s: &str) -> Vec<&str> {
    s.split([',', ';', '&', '|'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// True for names like "AFP", "Example Daily", "example.com".
fn is_org_like(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 {
        return false;
    }
    let acronym = words.len() == 1
        && (2..=6).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_uppercase());
    let domain = words.len() == 1 && name.contains('.') && name.chars().any(char::is_lowercase);
    let org_word = words.iter().any(|w| {
        let lower = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        ORG_WORDS.contains(&lower.as_str())
    });
    acronym || domain || org_word
}

/// True for two to four capitalised words, possibly with initials ("Jane Q. Roe").
fn is_person_like(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || ".'’-".contains(c))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_and_person_names() {
        assert!(is_org_like("AFP"));
        assert!(is_org_like("Example Business Daily"));
        assert!(is_org_like("example.com"));
        assert!(!is_org_like("Jane Roe"));
        assert!(is_person_like("Jane Q. Roe"));
        assert!(!is_person_like("on"));
        assert!(!is_person_like("staff writer"));
    }

    #[test]
    fn names_split_on_commas_and_and() {
        assert_eq!(
            split_names("Ann Lee and Bo Chan, Example Wire"),
            ["Ann Lee", "Bo Chan", "Example Wire"]
        );
    }
}
