//! Metadata read from an HTML page's markup: `<meta>` tags, JSON-LD, `<link>`,
//! `<time>`, the `<html lang>` attribute, bylines and the URL path.

use std::collections::HashMap;
use std::sync::LazyLock;

use dossier_model::PartialDate;
use dossier_model::date::parse_date;
use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::language::primary_language_code;

/// Where a page's publication date was read, most trusted first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// A `<meta>` tag (`article:published_time`, `pubdate`, `DC.date`, …).
    Meta,
    /// `datePublished` in a JSON-LD block.
    JsonLd,
    /// A `<time datetime>` element.
    TimeElement,
    /// A date in the page URL's path (`/2023/05/03/`).
    Url,
    /// A date line in the article text.
    Text,
}

impl DateSource {
    /// The label stored in `Metadata::published_from`.
    pub fn label(self) -> &'static str {
        match self {
            DateSource::Meta => "meta",
            DateSource::JsonLd => "json-ld",
            DateSource::TimeElement => "time-element",
            DateSource::Url => "url",
            DateSource::Text => "text",
        }
    }
}

/// What the markup says about the page.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub authors: Vec<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub published: Option<(PartialDate, DateSource)>,
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("static selector {css}: {e}"))
}

static META: LazyLock<Selector> = LazyLock::new(|| selector("meta[content]"));
static JSON_LD: LazyLock<Selector> =
    LazyLock::new(|| selector(r#"script[type="application/ld+json"]"#));
static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
static CANONICAL: LazyLock<Selector> =
    LazyLock::new(|| selector(r#"link[rel~="canonical"][href]"#));
static HTML_LANG: LazyLock<Selector> = LazyLock::new(|| selector("html[lang], html[xml\\:lang]"));
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time[datetime]"));
static BYLINE: LazyLock<Selector> = LazyLock::new(|| {
    selector(
        r#"[rel="author"], [itemprop="author"] [itemprop="name"], [class*="byline"] [class*="author"], [class*="byline__name"], [class*="author-name"], [class*="authorName"]"#,
    )
});

/// `<meta>` names whose content is a publication date, most telling first.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article.published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "published-date",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "date",
];

/// JSON-LD `@type`s that describe the article itself.
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "ReportageNews",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
    "WebPage",
];

/// Read everything the markup says; `source` is used for URL dates when it is a URL.
pub(crate) fn read(page: &Html, source: &str) -> PageMeta {
    let metas = meta_tags(page);
    let ld = JsonLd::read(page);
    let url = canonical_url(page, &metas);
    let outlet = first_some([metas.get("og:site_name").cloned(), ld.publisher.clone()])
        .map(|o| site_from_url(&o));
    let title = page_title(page, &metas, &ld, outlet.as_deref());
    let authors = page_authors(page, &metas, &ld);
    let language = page_language(page, &metas);
    let published = published_date(page, &metas, &ld, url.as_deref(), source);
    PageMeta {
        title,
        outlet,
        authors,
        url,
        language,
        published,
    }
}

/// A site name given as a URL ("https://www.example.com/") becomes its host.
fn site_from_url(name: &str) -> String {
    match name.split_once("://") {
        Some((_, rest)) => rest
            .trim_start_matches("www.")
            .trim_end_matches('/')
            .to_string(),
        None => name.to_string(),
    }
}

fn first_some<const N: usize>(options: [Option<String>; N]) -> Option<String> {
    options.into_iter().flatten().find(|s| !s.is_empty())
}

/// Collapse whitespace (markup text is full of indentation and newlines).
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `<meta>` content by lower-cased `name`, `property` or `itemprop`; the first wins.
fn meta_tags(page: &Html) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for el in page.select(&META) {
        let v = el.value();
        let Some(content) = v.attr("content").map(squash).filter(|c| !c.is_empty()) else {
            continue;
        };
        for key in ["name", "property", "itemprop", "http-equiv"] {
            if let Some(name) = v.attr(key) {
                out.entry(name.trim().to_ascii_lowercase())
                    .or_insert_with(|| content.clone());
            }
        }
    }
    out
}

/// What the page's JSON-LD says about its article.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    published: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
}

impl JsonLd {
    fn read(page: &Html) -> JsonLd {
        let mut values = Vec::new();
        for script in page.select(&JSON_LD) {
            let raw: String = script.text().collect();
            // Some sites leave HTML comments or trailing semicolons around the JSON.
            let raw = raw
                .trim()
                .trim_start_matches("<!--")
                .trim_end_matches("-->");
            let raw = raw.trim().trim_end_matches(';');
            if let Ok(value) = serde_json::from_str::<Value>(raw) {
                values.push(value);
            }
        }
        let mut objects = Vec::new();
        for value in &values {
            collect_objects(value, &mut objects, 0);
        }
        // The article object if there is one, else any object with the fields.
        objects.sort_by_key(|o| article_rank(o));
        let mut ld = JsonLd::default();
        for o in &objects {
            if ld.headline.is_none() {
                ld.headline = string_field(o, "headline");
            }
            if ld.published.is_none() {
                ld.published = string_field(o, "datePublished");
            }
            if ld.authors.is_empty() {
                ld.authors = o.get("author").map(names_in).unwrap_or_default();
            }
            if ld.publisher.is_none() {
                ld.publisher = o
                    .get("publisher")
                    .and_then(|p| names_in(p).into_iter().next());
            }
        }
        ld
    }
}

/// Every JSON object in `value`, descending into arrays and `@graph`.
fn collect_objects<'a>(value: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 8 {
        return;
    }
    match value {
        Value::Array(items) => items
            .iter()
            .for_each(|v| collect_objects(v, out, depth + 1)),
        Value::Object(map) => {
            out.push(value);
            if let Some(graph) = map.get("@graph") {
                collect_objects(graph, out, depth + 1);
            }
            if let Some(main) = map.get("mainEntity") {
                collect_objects(main, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// 0 for article types, 1 for web pages, 2 for anything else.
fn article_rank(o: &Value) -> u8 {
    let types: Vec<&str> = match o.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if types
        .iter()
        .any(|t| ARTICLE_TYPES[..ARTICLE_TYPES.len() - 1].contains(t))
    {
        0
    } else if types.contains(&"WebPage") {
        1
    } else {
        2
    }
}

fn string_field(o: &Value, key: &str) -> Option<String> {
    o.get(key)?.as_str().map(squash).filter(|s| !s.is_empty())
}

/// Names in a JSON-LD person/organisation value: a string, an object with `name`, or
/// an array of either.
fn names_in(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => split_names(s),
        Value::Object(_) => string_field(value, "name")
            .map(|n| split_names(&n))
            .unwrap_or_default(),
        Value::Array(items) => {
            let mut out: Vec<String> = Vec::new();
            for name in items.iter().flat_map(names_in) {
                if !out.contains(&name) {
                    out.push(name);
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

static NAME_SEPARATORS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s*(?:,|;|&|\band\b|\|)\s*").expect("valid regex"));
static BY_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:written\s+)?by\s*:?\s+").expect("valid regex"));

/// Person names in a byline string, without "By", URLs or role words.
fn split_names(s: &str) -> Vec<String> {
    let s = BY_PREFIX.replace(s.trim(), "");
    NAME_SEPARATORS
        .split(&s)
        .map(squash)
        .filter(|n| is_plausible_name(n))
        .collect()
}

fn is_plausible_name(n: &str) -> bool {
    let words = n.split_whitespace().count();
    (1..=5).contains(&words)
        && !n.contains("://")
        && !n.contains('@')
        && !n.starts_with("www.")
        && n.chars().next().is_some_and(char::is_alphabetic)
}

fn canonical_url(page: &Html, metas: &HashMap<String, String>) -> Option<String> {
    let link = page
        .select(&CANONICAL)
        .filter_map(|l| l.value().attr("href"))
        .map(str::trim)
        .find(|h| h.starts_with("http://") || h.starts_with("https://"));
    link.map(str::to_string).or_else(|| {
        metas
            .get("og:url")
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
            .cloned()
    })
}

static TITLE_SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+[|\-–—:·•»]\s+|\s*\|\s*").expect("valid regex"));

/// The headline: `og:title`, JSON-LD `headline`, `<title>`, then the first `<h1>`; a
/// site name after a separator ("Headline | Outlet") is removed.
fn page_title(
    page: &Html,
    metas: &HashMap<String, String>,
    ld: &JsonLd,
    outlet: Option<&str>,
) -> Option<String> {
    let title_tag = page
        .select(&TITLE)
        .next()
        .map(|t| squash(&t.text().collect::<String>()));
    let h1 = page
        .select(&H1)
        .next()
        .map(|h| squash(&h.text().collect::<String>()));
    let raw = first_some([
        metas.get("og:title").cloned(),
        metas.get("twitter:title").cloned(),
        ld.headline.clone(),
        title_tag,
        h1,
    ])?;
    let title = strip_site_suffix(&raw, outlet);
    (!title.is_empty()).then_some(title)
}

/// "Headline - Outlet" → "Headline": drop a leading or trailing segment that names the
/// outlet, or a short last segment after a longer headline.
pub(crate) fn strip_site_suffix(title: &str, outlet: Option<&str>) -> String {
    let parts: Vec<&str> = TITLE_SEPARATOR
        .split(title)
        .filter(|p| !p.trim().is_empty())
        .collect();
    if parts.len() < 2 {
        return title.trim().to_string();
    }
    let is_outlet = |p: &str| {
        outlet.is_some_and(|o| {
            let (p, o) = (p.trim().to_lowercase(), o.trim().to_lowercase());
            !o.is_empty() && (p == o || p.contains(&o) || o.contains(&p))
        })
    };
    let mut parts = parts;
    if parts.last().is_some_and(|p| is_outlet(p)) {
        parts.pop();
    } else if parts.first().is_some_and(|p| is_outlet(p)) {
        parts.remove(0);
    } else {
        let last_words = parts.last().map_or(0, |p| p.split_whitespace().count());
        let head_words: usize = parts[..parts.len() - 1]
            .iter()
            .map(|p| p.split_whitespace().count())
            .sum();
        if last_words <= 4 && head_words > last_words {
            parts.pop();
        } else {
            return title.trim().to_string();
        }
    }
    // Rejoin what is left with the separator the title used.
    let first = parts[0];
    let start = title.find(first).unwrap_or(0);
    let last = parts[parts.len() - 1];
    let end = title.rfind(last).map_or(title.len(), |i| i + last.len());
    title[start..end.max(start)].trim().to_string()
}

/// Authors: `<meta name=author>`, JSON-LD `author`, then byline markup.
fn page_authors(page: &Html, metas: &HashMap<String, String>, ld: &JsonLd) -> Vec<String> {
    for key in [
        "author",
        "article:author",
        "dc.creator",
        "byl",
        "parsely-author",
        "sailthru.author",
    ] {
        if let Some(v) = metas.get(key) {
            let names = split_names(v);
            if !names.is_empty() {
                return names;
            }
        }
    }
    if !ld.authors.is_empty() {
        return ld.authors.clone();
    }
    let mut out: Vec<String> = Vec::new();
    for el in page.select(&BYLINE).take(10) {
        for name in split_names(&element_text(el)) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

fn element_text(el: ElementRef<'_>) -> String {
    squash(&el.text().collect::<String>())
}

/// `<html lang>`, else a `content-language` or `og:locale` meta tag.
fn page_language(page: &Html, metas: &HashMap<String, String>) -> Option<String> {
    let attr = page.select(&HTML_LANG).next().and_then(|h| {
        let v = h.value();
        v.attr("lang")
            .or_else(|| v.attr("xml:lang"))
            .map(str::to_string)
    });
    [
        attr,
        metas.get("content-language").cloned(),
        metas.get("og:locale").cloned(),
    ]
    .into_iter()
    .flatten()
    .find_map(|tag| primary_language_code(&tag))
}

static ISO_DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})").expect("valid regex"));

/// A date from a machine-readable value: ISO 8601 (with or without time), else any
/// form [`parse_date`] reads, else the first full date in the string.
pub(crate) fn parse_machine_date(s: &str) -> Option<PartialDate> {
    if let Some(c) = ISO_DAY.captures(s) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let year = i32::try_from(num(1)?).ok()?;
        return PartialDate::day(year, num(2)?, num(3)?);
    }
    if let Some(d) = PartialDate::parse_iso(s.trim()) {
        return Some(d);
    }
    parse_date(s).or_else(|| {
        dossier_model::date::find_dates(s)
            .into_iter()
            .map(|(_, d)| d)
            .find(|d| d.day.is_some())
    })
}

fn published_date(
    page: &Html,
    metas: &HashMap<String, String>,
    ld: &JsonLd,
    url: Option<&str>,
    source: &str,
) -> Option<(PartialDate, DateSource)> {
    let from_meta = DATE_META
        .iter()
        .filter_map(|k| metas.get(*k))
        .find_map(|v| parse_machine_date(v));
    if let Some(d) = from_meta {
        return Some((d, DateSource::Meta));
    }
    if let Some(d) = ld.published.as_deref().and_then(parse_machine_date) {
        return Some((d, DateSource::JsonLd));
    }
    if let Some(d) = time_element_date(page) {
        return Some((d, DateSource::TimeElement));
    }
    let urls = url.into_iter().chain(Some(source));
    urls.filter_map(url_path_date)
        .next()
        .map(|d| (d, DateSource::Url))
}

/// The `<time datetime>` marked as the publication time, else the first one.
fn time_element_date(page: &Html) -> Option<PartialDate> {
    let times: Vec<ElementRef<'_>> = page.select(&TIME).take(50).collect();
    let marked = times.iter().find(|t| {
        let v = t.value();
        v.attr("pubdate").is_some()
            || v.attr("itemprop")
                .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
            || v.attr("class")
                .is_some_and(|c| c.to_lowercase().contains("publish"))
    });
    marked
        .into_iter()
        .chain(times.first())
        .find_map(|t| t.value().attr("datetime").and_then(parse_machine_date))
}

static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"/((?:19|20)\d{2})[/_-](0?[1-9]|1[0-2])(?:[/_-](0?[1-9]|[12]\d|3[01]))?(?:/|[_-]|\.html?|$)|/((?:19|20)\d{2})(0[1-9]|1[0-2])([0-2]\d|3[01])/",
    )
    .expect("valid regex")
});

/// A date in a URL path: `/2023/05/03/`, `/2023-05-03-slug`, `/2023/05/`, `/20230503/`.
pub(crate) fn url_path_date(url: &str) -> Option<PartialDate> {
    let path = url.split(['?', '#']).next()?;
    let c = URL_DATE.captures(path)?;
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let (year, month, day) = match num(1) {
        Some(y) => (y, num(2)?, num(3)),
        None => (num(4)?, num(5)?, num(6)),
    };
    let year = i32::try_from(year).ok()?;
    match day {
        Some(d) => PartialDate::day(year, month, d),
        None => PartialDate::month(year, month),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_suffix_is_stripped_from_titles() {
        let strip = |t: &str, o: Option<&str>| strip_site_suffix(t, o);
        assert_eq!(
            strip("Grid Hit by Hackers | Example Daily", None),
            "Grid Hit by Hackers"
        );
        assert_eq!(
            strip("Example Daily - Grid Hit by Hackers", Some("Example Daily")),
            "Grid Hit by Hackers"
        );
        assert_eq!(
            strip("Grid Hit by Hackers – World – Example", None),
            "Grid Hit by Hackers – World"
        );
        assert_eq!(
            strip("Ransomware: What Happened Next", None),
            "Ransomware: What Happened Next"
        );
    }

    #[test]
    fn url_paths_with_dates() {
        let d = |s: &str| url_path_date(s).map(|d| d.to_string());
        assert_eq!(
            d("https://x.example/2023/05/03/story").as_deref(),
            Some("2023-05-03")
        );
        assert_eq!(
            d("https://x.example/news/2023-05-03-story.html").as_deref(),
            Some("2023-05-03")
        );
        assert_eq!(
            d("https://x.example/2018/08/story.html").as_deref(),
            Some("2018-08")
        );
        assert_eq!(
            d("https://x.example/20191120/story/").as_deref(),
            Some("2019-11-20")
        );
        assert_eq!(d("https://x.example/article/12345678"), None);
        assert_eq!(d("grid.html"), None);
    }

    #[test]
    fn machine_dates_and_bylines() {
        let d = |s: &str| parse_machine_date(s).map(|d| d.to_string());
        assert_eq!(d("2019-11-20T07:00:28Z").as_deref(), Some("2019-11-20"));
        assert_eq!(
            d("Wed, 20 Nov 2019 07:00:28 GMT").as_deref(),
            Some("2019-11-20")
        );
        assert_eq!(
            split_names("By Jane Roe, John Doe and Ana Lima"),
            ["Jane Roe", "John Doe", "Ana Lima"]
        );
        assert!(split_names("https://www.facebook.com/someone").is_empty());
    }
}
