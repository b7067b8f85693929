//! Feeds: RSS 2.0 (and 0.9x/1.0), Atom and JSON Feed, read with feed-rs.
//!
//! [`read_feed`] gets a feed from a URL (through a [`Fetcher`], with conditional GET) or
//! from a local file, and [`parse_feed`] turns its bytes into [`Entry`]s: a stable key
//! (the entry's id or guid, else its link), link, title, publication date and, when the
//! entry carries the whole article (`content:encoded`, Atom `<content>`, JSON Feed
//! `content_html`, or a long `description` of at least
//! [`FeedOptions::full_content_min_chars`] characters of text), that content.
//! [`Entry::fetch`] then yields the article as a [`FeedItem`]: a [`RawItem`] whose
//! source is the item's URL, built from the carried content or else from the item's page
//! fetched over HTTP(S), plus the feed's title and date as hints for the metadata the
//! page itself may lack.
//!
//! ```no_run
//! use dossier_ingest::feed::{FeedFetch, FeedOptions, read_feed};
//! use dossier_ingest::fetch::{FetchConfig, Fetcher, Validators};
//! let fetcher = Fetcher::new(FetchConfig::default());
//! let opts = FeedOptions::default();
//! if let FeedFetch::Fresh { feed, .. } =
//!     read_feed("https://news.example/rss.xml", &fetcher, &Validators::default(), &opts)?
//! {
//!     for entry in &feed.entries {
//!         let item = entry.fetch(&fetcher, &feed)?;
//!         println!("{} ({:?}): {} bytes", item.item.source, item.title, item.item.bytes.len());
//!     }
//! }
//! # Ok::<(), dossier_ingest::feed::FeedError>(())
//! ```

use std::path::Path;

use chrono::{DateTime, Utc};
use encoding_rs::{Encoding, UTF_8};

use crate::fetch::{FetchError, Fetched, Fetcher, Response, Validators};
use crate::{Format, IngestError, RawItem, gunzip, is_gzip};

/// An entry whose content has at least this many characters of text carries the full
/// article; shorter content is a teaser and the item's page is fetched instead.
pub const FULL_CONTENT_MIN_CHARS: usize = 1000;

/// How entries are read.
#[derive(Debug, Clone)]
pub struct FeedOptions {
    /// Characters of text from which an entry's content is taken as the full article.
    pub full_content_min_chars: usize,
}

impl Default for FeedOptions {
    fn default() -> Self {
        FeedOptions {
            full_content_min_chars: FULL_CONTENT_MIN_CHARS,
        }
    }
}

/// A parsed feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    /// Where it was read from (URL or path).
    pub location: String,
    /// The feed's title.
    pub title: Option<String>,
    /// The feed's language, if declared.
    pub language: Option<String>,
    /// Its entries, in feed order.
    pub entries: Vec<Entry>,
}

/// One entry of a feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Stable identity across polls: the id or guid, else the link, else the title.
    pub key: String,
    /// The article's URL, absolute when the feed's location allowed resolving it.
    pub link: Option<String>,
    /// The entry's title, as text.
    pub title: Option<String>,
    /// When it was published (else last updated).
    pub published: Option<DateTime<Utc>>,
    /// The full article as HTML, when the entry carries it.
    pub content: Option<String>,
    /// The entry's language, if declared.
    pub language: Option<String>,
}

/// A feed entry's article, ready for cleaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The article; `source` is the item's URL (or `FEED#KEY` when it has no link).
    pub item: RawItem,
    /// The entry's title, for when the page names none.
    pub title: Option<String>,
    /// The entry's date, for when the page gives none.
    pub published: Option<DateTime<Utc>>,
    /// The item's URL.
    pub link: Option<String>,
    /// True when the article came from the feed's own content (no page fetched).
    pub from_feed: bool,
}

/// The outcome of reading a feed.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedFetch {
    /// The feed, with the validators to send next time.
    Fresh {
        /// The parsed feed.
        feed: Feed,
        /// What the server sent for conditional GET (empty for files).
        validators: Validators,
    },
    /// The server says the copy described by the validators is current.
    NotModified,
}

/// Why a feed or one of its items could not be read. Messages say what to do.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// Fetching over HTTP(S) failed or was refused.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// A local feed file could not be read.
    #[error(transparent)]
    Read(#[from] IngestError),
    /// The bytes are not a feed.
    #[error(
        "{location}: not an RSS, Atom or JSON feed ({message}); check that this is the \
         feed's address and not the site's home page"
    )]
    Parse {
        /// Where the bytes came from.
        location: String,
        /// What the parser said.
        message: String,
    },
    /// An entry with neither a link nor its full content.
    #[error("{feed}: entry {key:?} has no link and no full text; nothing to ingest")]
    NoLink {
        /// The feed.
        feed: String,
        /// The entry's key.
        key: String,
    },
    /// The item's page is not HTML or text.
    #[error("{url}: the page is {media_type}, not an HTML or text article; skipping it")]
    NotArticle {
        /// The item's URL.
        url: String,
        /// What the server said it is.
        media_type: String,
    },
    /// A `304` to a request that sent no validators.
    #[error("{url}: the server answered 304 Not Modified to a plain GET; try again later")]
    UnexpectedNotModified {
        /// The URL.
        url: String,
    },
}

impl FeedError {
    /// True when trying the same item again cannot help (the page is gone, is not an
    /// article, is too large, or the entry has nothing to fetch), so a feed reader may
    /// stop retrying it. Refusals and network or server trouble are not permanent.
    pub fn is_permanent(&self) -> bool {
        match self {
            FeedError::Fetch(FetchError::Status { status, .. }) => matches!(status, 404 | 410),
            FeedError::Fetch(FetchError::TooLarge { .. } | FetchError::BadUrl { .. }) => true,
            FeedError::NotArticle { .. } | FeedError::NoLink { .. } => true,
            FeedError::Read(e) => matches!(
                e,
                IngestError::Binary { .. } | IngestError::InvalidUtf8 { .. }
            ),
            _ => false,
        }
    }
}

/// True when `location` names an http(s) URL rather than a local file.
pub fn is_url(location: &str) -> bool {
    let lower = location.get(..8).unwrap_or(location).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Read the feed at `location`: an http(s) URL, fetched with `validators` for
/// conditional GET, or a local file path (gzip allowed), capped at the fetcher's
/// `max_bytes`.
pub fn read_feed(
    location: &str,
    fetcher: &Fetcher,
    validators: &Validators,
    opts: &FeedOptions,
) -> Result<FeedFetch, FeedError> {
    if is_url(location) {
        return match fetcher.get(location, validators)? {
            Fetched::NotModified => Ok(FeedFetch::NotModified),
            Fetched::Fresh(response) => {
                let bytes = maybe_gunzip(response.bytes, location, fetcher.config().max_bytes)?;
                let feed = parse_feed(&bytes, location, Some(&response.url), opts)?;
                Ok(FeedFetch::Fresh {
                    feed,
                    validators: response.validators,
                })
            }
        };
    }
    let bytes = read_file(Path::new(location), fetcher.config().max_bytes)?;
    let feed = parse_feed(&bytes, location, None, opts)?;
    Ok(FeedFetch::Fresh {
        feed,
        validators: Validators::default(),
    })
}

fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, IngestError> {
    let io = |error: std::io::Error| {
        if error.kind() == std::io::ErrorKind::NotFound {
            IngestError::NotFound {
                path: path.to_path_buf(),
            }
        } else {
            IngestError::Io {
                path: path.to_path_buf(),
                error,
            }
        }
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > limit {
        return Err(IngestError::TooLarge {
            path: path.display().to_string(),
            size,
            limit,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    maybe_gunzip(bytes, &path.display().to_string(), limit)
}

fn maybe_gunzip(bytes: Vec<u8>, source: &str, limit: u64) -> Result<Vec<u8>, IngestError> {
    if is_gzip(&bytes) {
        gunzip(&bytes, source, limit)
    } else {
        Ok(bytes)
    }
}

/// Parse feed bytes (any format feed-rs knows); `base_url` resolves relative links.
pub fn parse_feed(
    bytes: &[u8],
    location: &str,
    base_url: Option<&str>,
    opts: &FeedOptions,
) -> Result<Feed, FeedError> {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(base_url)
        // Entries without an id get one from their link (else title), so that the same
        // entry has the same key on every poll.
        .id_generator(|links, title, _| match (links.first(), title) {
            (Some(link), _) => link.href.clone(),
            (None, Some(title)) => format!("title:{}", title.content.trim()),
            (None, None) => String::new(),
        })
        .build();
    let parsed = parser.parse(bytes).map_err(|e| FeedError::Parse {
        location: location.to_string(),
        message: e.to_string(),
    })?;
    let base = base_url.and_then(|b| url::Url::parse(b).ok());
    let entries = parsed
        .entries
        .into_iter()
        .map(|e| entry_of(e, base.as_ref(), opts))
        .collect();
    Ok(Feed {
        location: location.to_string(),
        title: parsed.title.map(|t| text_of(&t)).filter(|t| !t.is_empty()),
        language: parsed.language,
        entries,
    })
}

fn entry_of(e: feed_rs::model::Entry, base: Option<&url::Url>, opts: &FeedOptions) -> Entry {
    let link = e
        .links
        .iter()
        .find(|l| matches!(l.rel.as_deref(), None | Some("alternate")))
        .or_else(|| e.links.first())
        .map(|l| l.href.trim().to_string())
        // An RSS guid that is a permalink is the article's URL.
        .or_else(|| is_url(&e.id).then(|| e.id.clone()))
        .map(|href| match base.and_then(|b| b.join(&href).ok()) {
            Some(abs) => abs.to_string(),
            None => href,
        });
    let title = e.title.as_ref().map(text_of).filter(|t| !t.is_empty());
    let content = full_content(&e, opts.full_content_min_chars);
    let key = if e.id.trim().is_empty() {
        link.clone().unwrap_or_default()
    } else {
        e.id.trim().to_string()
    };
    Entry {
        key,
        link,
        title,
        published: e.published.or(e.updated),
        content,
        language: e.language,
    }
}

/// The entry's content, else its summary, as HTML, when long enough to be the article.
fn full_content(e: &feed_rs::model::Entry, min_chars: usize) -> Option<String> {
    let content = e.content.as_ref().and_then(|c| {
        let body = c.body.as_deref()?;
        Some(as_html(body, c.content_type.as_str()))
    });
    let summary = e
        .summary
        .as_ref()
        .map(|s| as_html(&s.content, s.content_type.as_str()));
    // The content element is meant for the article; a description only stands in when
    // the content is missing or short.
    [content, summary]
        .into_iter()
        .flatten()
        .find(|html| visible_chars(html) >= min_chars)
}

/// Content of the given media type as HTML: plain text becomes escaped paragraphs.
fn as_html(body: &str, media_type: &str) -> String {
    if media_type.starts_with("text/plain") {
        body.split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| format!("<p>{}</p>", escape(p)))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        body.to_string()
    }
}

/// A feed text construct as plain text: markup dropped, whitespace collapsed.
fn text_of(t: &feed_rs::model::Text) -> String {
    let raw = if t.content_type.as_str().starts_with("text/plain") {
        t.content.clone()
    } else {
        unescape_basic(&strip_tags(&t.content))
    };
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of an HTML fragment with tags removed (an estimate, not a parser: enough to
/// measure how much text an entry carries).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out
}

/// Characters of text in an HTML fragment, whitespace runs counted once.
fn visible_chars(html: &str) -> usize {
    strip_tags(html)
        .split_whitespace()
        .map(|w| w.chars().count() + 1)
        .sum()
}

fn unescape_basic(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Entry {
    /// Where the article is said to come from: its link, else `FEED#KEY`.
    pub fn source(&self, feed: &Feed) -> String {
        match &self.link {
            Some(link) => link.clone(),
            None => format!("{}#{}", feed.location, self.key),
        }
    }

    /// The entry's article: its own full content when it carries it, else the page at
    /// its link, fetched with `fetcher` (so the same address policy, caps and politeness
    /// apply).
    pub fn fetch(&self, fetcher: &Fetcher, feed: &Feed) -> Result<FeedItem, FeedError> {
        let source = self.source(feed);
        if let Some(content) = &self.content {
            let lang = self.language.as_ref().or(feed.language.as_ref());
            return Ok(self.item(
                RawItem {
                    source,
                    bytes: wrap_html(self.title.as_deref(), lang.map(String::as_str), content)
                        .into_bytes(),
                    hint: Format::Html,
                    date: self.published.map(|d| d.to_rfc3339()),
                    ..RawItem::default()
                },
                true,
            ));
        }
        let Some(link) = &self.link else {
            return Err(FeedError::NoLink {
                feed: feed.location.clone(),
                key: self.key.clone(),
            });
        };
        match fetcher.get(link, &Validators::default())? {
            Fetched::Fresh(response) => {
                let date = self.published.map(|d| d.to_rfc3339());
                Ok(self.item(page_item(source, response, date)?, false))
            }
            Fetched::NotModified => Err(FeedError::UnexpectedNotModified { url: link.clone() }),
        }
    }

    fn item(&self, item: RawItem, from_feed: bool) -> FeedItem {
        FeedItem {
            item,
            title: self.title.clone(),
            published: self.published,
            link: self.link.clone(),
            from_feed,
        }
    }
}

/// The article page at `url`, fetched with `fetcher` (its address policy, caps and
/// politeness apply) as a raw item whose source is the URL that answered; refused
/// when the server sends something else than HTML or plain text.
pub fn fetch_page(fetcher: &Fetcher, url: &str) -> Result<RawItem, FeedError> {
    match fetcher.get(url, &Validators::default())? {
        Fetched::Fresh(response) => page_item(response.url.clone(), response, None),
        Fetched::NotModified => Err(FeedError::UnexpectedNotModified {
            url: url.to_string(),
        }),
    }
}

/// An article page as a raw item. The HTTP charset, when declared, goes with it
/// ([`RawItem::charset`]) and wins over the page's own declaration, as in browsers;
/// plain text in another charset than UTF-8 is transcoded to UTF-8 here.
fn page_item(
    source: String,
    response: Response,
    date: Option<String>,
) -> Result<RawItem, FeedError> {
    let media_type = response.media_type();
    let hint = match media_type.as_deref() {
        Some("text/html" | "application/xhtml+xml") => Format::Html,
        Some("text/plain") => Format::Text,
        None => Format::sniff(&response.bytes),
        Some(other) => {
            return Err(FeedError::NotArticle {
                url: response.url,
                media_type: other.to_string(),
            });
        }
    };
    let charset = response.charset();
    let declared = charset
        .as_deref()
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()));
    let bytes = match declared {
        Some(encoding)
            if hint != Format::Html
                && encoding != UTF_8
                && Encoding::for_bom(&response.bytes).is_none() =>
        {
            let (text, _) = encoding.decode_without_bom_handling(&response.bytes);
            text.into_owned().into_bytes()
        }
        _ => response.bytes,
    };
    Ok(RawItem {
        source,
        bytes,
        hint,
        charset,
        date,
    })
}

/// A minimal page around an entry's content, so the HTML cleaner reads its title.
fn wrap_html(title: Option<&str>, lang: Option<&str>, body: &str) -> String {
    let lang = lang
        .map(|l| format!(" lang=\"{}\"", escape(l)))
        .unwrap_or_default();
    let title = title.map(escape).unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html{lang}><head><meta charset=\"utf-8\"><title>{title}</title></head>\n\
         <body><article>\n<h1>{title}</h1>\n{body}\n</article></body></html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::FetchConfig;
    use crate::testserver::{Reply, TestServer};

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Harbour Security Wire</title>
  <link>https://wire.example/</link>
  <language>en</language>
  <item>
    <title>Ferry operator restores booking system after intrusion</title>
    <link>/2024/03/ferry-booking</link>
    <guid isPermaLink="false">wire-1001</guid>
    <pubDate>Tue, 05 Mar 2024 08:30:00 GMT</pubDate>
    <description>A short teaser about the ferry operator.</description>
  </item>
  <item>
    <title>Regional water board &amp; its contractors warned</title>
    <link>https://wire.example/2024/03/water-board</link>
    <pubDate>Wed, 06 Mar 2024 12:00:00 +0100</pubDate>
    <description>Teaser.</description>
    <content:encoded><![CDATA[<p>FULL</p>]]></content:encoded>
  </item>
</channel>
</rss>"#;

    fn long_paragraphs() -> String {
        (0..12)
            .map(|i| {
                format!(
                    "<p>Paragraph {i} of the advisory explains how the operators of the \
                     water board rotated their passwords after the intrusion.</p>"
                )
            })
            .collect()
    }

    #[test]
    fn rss_entries_have_keys_links_titles_dates() {
        let xml = RSS.replace("<p>FULL</p>", &long_paragraphs());
        let feed = parse_feed(
            xml.as_bytes(),
            "https://wire.example/rss.xml",
            Some("https://wire.example/rss.xml"),
            &FeedOptions::default(),
        )
        .expect("parse");
        assert_eq!(feed.title.as_deref(), Some("Harbour Security Wire"));
        assert_eq!(feed.language.as_deref(), Some("en"));
        assert_eq!(feed.entries.len(), 2);
        let first = &feed.entries[0];
        assert_eq!(first.key, "wire-1001");
        assert_eq!(
            first.link.as_deref(),
            Some("https://wire.example/2024/03/ferry-booking"),
            "relative links resolve against the feed's URL"
        );
        assert_eq!(
            first.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-03-05T08:30:00+00:00")
        );
        assert!(first.content.is_none(), "a teaser is not the article");
        let second = &feed.entries[1];
        assert_eq!(
            second.key, "https://wire.example/2024/03/water-board",
            "without a guid the link is the key"
        );
        assert_eq!(
            second.title.as_deref(),
            Some("Regional water board & its contractors warned")
        );
        assert_eq!(
            second.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-03-06T11:00:00+00:00")
        );
        assert!(
            second
                .content
                .as_deref()
                .is_some_and(|c| c.contains("Paragraph 11")),
            "long content:encoded is the article"
        );
    }

    #[test]
    fn short_content_is_a_teaser() {
        let feed =
            parse_feed(RSS.as_bytes(), "rss.xml", None, &FeedOptions::default()).expect("parse");
        assert!(feed.entries.iter().all(|e| e.content.is_none()));
        assert_eq!(
            feed.entries[0].link.as_deref(),
            Some("/2024/03/ferry-booking"),
            "without a base URL a relative link stays as it is"
        );
        let low = FeedOptions {
            full_content_min_chars: 3,
        };
        let feed = parse_feed(RSS.as_bytes(), "rss.xml", None, &low).expect("parse");
        assert_eq!(feed.entries[1].content.as_deref(), Some("<p>FULL</p>"));
    }

    #[test]
    fn atom_entries_are_read() {
        let atom = format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title type="text">Northern CERT advisories</title>
  <id>urn:example:cert</id>
  <updated>2024-04-02T09:00:00Z</updated>
  <entry>
    <title type="html">Wiper hits &lt;em&gt;grain&lt;/em&gt; exporter</title>
    <id>tag:cert.example,2024:adv-7</id>
    <link rel="alternate" type="text/html" href="https://cert.example/adv/7"/>
    <link rel="related" href="https://other.example/"/>
    <published>2024-04-01T16:45:00Z</published>
    <updated>2024-04-02T09:00:00Z</updated>
    <content type="html">{}</content>
  </entry>
  <entry>
    <title>Phishing wave against customs brokers</title>
    <id>tag:cert.example,2024:adv-8</id>
    <link href="https://cert.example/adv/8"/>
    <updated>2024-04-02T08:00:00Z</updated>
    <summary>Brokers received fake tariff notices.</summary>
  </entry>
</feed>"#,
            escape(&long_paragraphs())
        );
        let feed =
            parse_feed(atom.as_bytes(), "cert.atom", None, &FeedOptions::default()).expect("parse");
        assert_eq!(feed.title.as_deref(), Some("Northern CERT advisories"));
        let [first, second] = feed.entries.as_slice() else {
            panic!("two entries: {:?}", feed.entries);
        };
        assert_eq!(first.key, "tag:cert.example,2024:adv-7");
        assert_eq!(first.title.as_deref(), Some("Wiper hits grain exporter"));
        assert_eq!(first.link.as_deref(), Some("https://cert.example/adv/7"));
        assert_eq!(
            first.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-04-01T16:45:00+00:00"),
            "published wins over updated"
        );
        assert!(
            first
                .content
                .as_deref()
                .is_some_and(|c| c.starts_with("<p>Paragraph 0"))
        );
        assert_eq!(
            second.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-04-02T08:00:00+00:00"),
            "updated stands in for a missing published"
        );
        assert!(second.content.is_none());
    }

    #[test]
    fn json_feed_entries_are_read() {
        let json = serde_free_json(&long_paragraphs());
        let feed = parse_feed(
            json.as_bytes(),
            "https://desk.example/feed.json",
            Some("https://desk.example/feed.json"),
            &FeedOptions::default(),
        )
        .expect("parse");
        assert_eq!(feed.title.as_deref(), Some("Cyber Desk"));
        assert_eq!(feed.entries.len(), 2);
        assert_eq!(feed.entries[0].key, "desk-42");
        assert_eq!(
            feed.entries[0].link.as_deref(),
            Some("https://desk.example/p/42")
        );
        assert_eq!(
            feed.entries[0].title.as_deref(),
            Some("Telecom regulator fined over leaked call records")
        );
        assert_eq!(
            feed.entries[0].published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-05-10T07:15:00+00:00")
        );
        assert!(
            feed.entries[0].content.is_some(),
            "content_html is the article"
        );
        assert!(feed.entries[1].content.is_none());
    }

    /// A JSON Feed 1.1 document, written by hand.
    fn serde_free_json(html: &str) -> String {
        let html = html.replace('"', "\\\"");
        format!(
            r#"{{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Cyber Desk",
  "home_page_url": "https://desk.example/",
  "items": [
    {{
      "id": "desk-42",
      "url": "https://desk.example/p/42",
      "title": "Telecom regulator fined over leaked call records",
      "date_published": "2024-05-10T09:15:00+02:00",
      "content_html": "{html}"
    }},
    {{
      "id": "desk-43",
      "url": "/p/43",
      "title": "Short note",
      "content_text": "Only a line."
    }}
  ]
}}"#
        )
    }

    #[test]
    fn not_a_feed_is_a_clear_error() {
        let err = parse_feed(
            b"<html><body>home page</body></html>",
            "https://site.example/",
            None,
            &FeedOptions::default(),
        )
        .expect_err("not a feed");
        let shown = err.to_string();
        assert!(
            shown.starts_with("https://site.example/: not an RSS, Atom or JSON feed"),
            "{shown}"
        );
        assert!(shown.contains("not the site's home page"), "{shown}");
    }

    fn local_fetcher() -> Fetcher {
        Fetcher::new(FetchConfig {
            allow_private: true,
            host_delay: std::time::Duration::ZERO,
            ..FetchConfig::default()
        })
    }

    #[test]
    fn entries_fetch_their_pages_or_use_their_content() {
        let server = TestServer::start(|req| match req.path.as_str() {
            "/pdf" => Reply::ok("application/pdf", "%PDF-1.4"),
            _ => Reply::ok("text/html", "<html><body><p>Page text.</p></body></html>"),
        });
        let xml = RSS
            .replace("/2024/03/ferry-booking", &server.url("/ferry"))
            .replace(
                "https://wire.example/2024/03/water-board",
                &server.url("/pdf"),
            );
        let feed =
            parse_feed(xml.as_bytes(), "rss.xml", None, &FeedOptions::default()).expect("parse");
        let fetcher = local_fetcher();
        let item = feed.entries[0].fetch(&fetcher, &feed).expect("page");
        assert_eq!(item.item.source, server.url("/ferry"));
        assert_eq!(item.item.hint, Format::Html);
        assert!(!item.from_feed);
        assert_eq!(
            item.title.as_deref(),
            Some("Ferry operator restores booking system after intrusion")
        );
        assert!(item.item.text().expect("text").contains("Page text."));
        let err = feed.entries[1].fetch(&fetcher, &feed).expect_err("pdf");
        assert!(
            err.to_string().contains("application/pdf, not an HTML"),
            "{err}"
        );

        let low = FeedOptions {
            full_content_min_chars: 3,
        };
        let feed = parse_feed(xml.as_bytes(), "rss.xml", None, &low).expect("parse");
        let before = server.requests().len();
        let item = feed.entries[1].fetch(&fetcher, &feed).expect("content");
        assert!(item.from_feed);
        assert_eq!(server.requests().len(), before, "no page fetched");
        let html = item.item.text().expect("text");
        assert!(html.contains("<title>Regional water board &amp; its contractors warned</title>"));
        assert!(html.contains("<html lang=\"en\">"), "{html}");
        assert!(html.contains("<p>FULL</p>"));
    }

    #[test]
    fn the_http_charset_wins() {
        let response = Response {
            url: "https://x.example/a".into(),
            status: 200,
            content_type: Some("text/html; charset=ISO-8859-1".into()),
            bytes: b"<html><head><meta charset=\"utf-8\"></head><body>Caf\xe9</body></html>"
                .to_vec(),
            validators: Validators::default(),
        };
        let item = page_item("https://x.example/a".into(), response, None).expect("item");
        assert!(item.text().expect("decoded").contains("Café"));
    }

    #[test]
    fn local_feed_files_are_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("wire.xml");
        std::fs::write(&path, RSS).expect("write");
        let fetcher = local_fetcher();
        let location = path.display().to_string();
        let got = read_feed(
            &location,
            &fetcher,
            &Validators::default(),
            &FeedOptions::default(),
        )
        .expect("read");
        let FeedFetch::Fresh { feed, validators } = got else {
            panic!("a file is always fresh");
        };
        assert_eq!(feed.entries.len(), 2);
        assert!(validators.is_empty());
        let missing = dir.path().join("missing.xml").display().to_string();
        let err = read_feed(
            &missing,
            &fetcher,
            &Validators::default(),
            &FeedOptions::default(),
        )
        .expect_err("missing");
        assert!(err.to_string().contains("no such file"), "{err}");
    }
}
