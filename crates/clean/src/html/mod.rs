//! HTML pages: the article's main text and the page's metadata.
//!
//! The main text comes from the `trafilatura` crate (a port of the trafilatura
//! extractor), whose content HTML is split into blocks here, stripped of a repeated
//! headline, and then passed through the plain-text rules of [`crate::clean_plain`],
//! which catch the share prompts, bylines, captions and teaser runs the extractor
//! keeps. Metadata is read from the markup (see [`DateSource`] for the order in which
//! publication dates are trusted), falling back to what the plain-text rules read.

mod blocks;
mod page_meta;

use scraper::Html;

pub use page_meta::DateSource;

use crate::language::language_or_fallback;
use crate::{Cleaned, DropReason, DroppedLine};
use blocks::{Block, blocks_of};

/// Clean an HTML page: the article body as blank-line-separated paragraphs, with
/// navigation, share bars, related links, comments, cookie and newsletter boxes
/// dropped; title, outlet, authors, canonical URL, language and publication date read
/// from the markup. A page with no article (all navigation) gives empty text.
///
/// ```
/// let page = r#"<html lang="en"><head><title>Port Hit by Hackers | Harbour News</title>
///   <meta property="article:published_time" content="2023-05-03T10:00:00Z"></head>
///   <body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article>
///   <h1>Port Hit by Hackers</h1>
///   <p>The port operator said on Tuesday that hackers had disrupted its container systems for two days.</p>
///   <p>Officials said cargo handling had resumed and that no data appeared to have been taken.</p>
///   <p>The national cyber agency said it was helping the operator to find out how the attackers got in.</p>
///   </article><footer>Copyright Harbour News</footer></body></html>"#;
/// let cleaned = dossier_clean::clean_html(page, "port.html");
/// assert!(cleaned.text.starts_with("The port operator said"), "{}", cleaned.text);
/// assert!(!cleaned.text.contains("Copyright"));
/// assert_eq!(cleaned.meta.title.as_deref(), Some("Port Hit by Hackers"));
/// assert_eq!(cleaned.meta.published_from.as_deref(), Some("meta"));
/// ```
pub fn clean_html(html: &str, source: &str) -> Cleaned {
    let page = page_meta::read(&Html::parse_document(html), source);
    let (paras, mut dropped) = without_title(main_blocks(html), page.title.as_deref());
    let joined = paras.join("\n\n");
    let language = page
        .language
        .clone()
        .unwrap_or_else(|| language_or_fallback(&joined));
    // The line rules know English boilerplate and space-separated words only.
    let (text, mut meta) = if language == "en" {
        let plain = crate::clean_plain(&joined, source);
        dropped.extend(plain.dropped);
        (plain.text, plain.meta)
    } else {
        let meta = crate::plain_as_is(&joined, source).meta;
        (joined, meta)
    };
    meta.language = language;
    meta.url = page.url;
    meta.title = page.title.or(meta.title);
    meta.outlet = page.outlet.or(meta.outlet);
    if !page.authors.is_empty() {
        meta.authors = page.authors;
    }
    match page.published {
        Some((date, from)) => {
            meta.published = Some(date);
            meta.published_from = Some(from.label().to_string());
        }
        None if meta.published.is_some() => {
            meta.published_from = Some(DateSource::Text.label().to_string());
        }
        None => {}
    }
    Cleaned {
        text,
        meta,
        dropped,
    }
}

/// The blocks of the page's main content, as the extractor sees it; none when it finds
/// no article.
fn main_blocks(html: &str) -> Vec<Block> {
    let mut opts = trafilatura::Options::default().with_fallback(true);
    opts.exclude_comments = true;
    opts.html_date_mode = trafilatura::HtmlDateMode::Disabled;
    match trafilatura::extract(html, &opts) {
        Ok(result) => blocks_of(&result.content_html),
        Err(_) => Vec::new(),
    }
}

/// Block texts without the headline (a heading or line that repeats the title), and
/// the lines dropped for it.
fn without_title(blocks: Vec<Block>, title: Option<&str>) -> (Vec<String>, Vec<DroppedLine>) {
    let title = title.map(comparable);
    let mut kept = Vec::with_capacity(blocks.len());
    let mut dropped = Vec::new();
    for (i, block) in blocks.into_iter().enumerate() {
        let same = title.as_deref().is_some_and(|t| {
            let b = comparable(&block.text);
            !t.is_empty()
                && (b == t
                    || (block.heading && i < 3 && t.starts_with(&b) && b.len() * 2 > t.len()))
        });
        if same {
            dropped.push(DroppedLine {
                line: block.text,
                reason: DropReason::Title,
            });
        } else {
            kept.push(block.text);
        }
    }
    (kept, dropped)
}

/// Lower-cased letters and digits only, for comparing a block with the title.
fn comparable(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::PartialDate;

    const BODY: &str = "<p>The national grid operator said on Thursday that intruders had reached the control network of two regional substations before being detected by its security team.</p>\
        <p>Engineers isolated the affected systems within hours, and the operator said that no customers lost power during the incident or in the days that followed it.</p>\
        <p>Investigators from the national cyber agency are examining the malware recovered from the substations and comparing it with tools seen in earlier intrusions.</p>";

    fn page(head: &str, body: &str) -> String {
        format!("<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")
    }

    fn date(s: &str) -> Option<PartialDate> {
        PartialDate::parse_iso(s)
    }

    #[test]
    fn boilerplate_around_the_article_is_dropped() {
        let body = format!(
            "<div class=\"cookie-banner\">We use cookies to improve your experience. Accept all cookies</div>\
             <header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li><li><a href=\"/tech\">Technology</a></li></ul></nav></header>\
             <main><article><h1>Grid Operator Reports Substation Intrusion</h1>\
             <div class=\"share-bar\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Share on Twitter</a></div>\
             {BODY}\
             <div class=\"newsletter\">Sign up for our daily newsletter to get the top stories in your inbox.</div>\
             </article>\
             <aside class=\"related\"><h3>Related stories</h3><ul><li><a href=\"/a\">Airline restores booking system after outage</a></li><li><a href=\"/b\">Bank fined over data breach</a></li></ul></aside>\
             <section id=\"comments\" class=\"comments\"><h3>42 comments</h3><p>First! Great article, thanks for sharing this with us.</p></section></main>\
             <footer><p>© 2024 Example Daily. All rights reserved.</p></footer>"
        );
        let html = page(
            "<title>Grid Operator Reports Substation Intrusion | Example Daily</title>",
            &body,
        );
        let c = clean_html(&html, "grid.html");
        let paras: Vec<&str> = c.text.split("\n\n").collect();
        assert_eq!(paras.len(), 3, "{}", c.text);
        assert!(paras[0].starts_with("The national grid operator"));
        assert!(paras[2].ends_with("earlier intrusions."));
        for junk in [
            "cookies",
            "Home",
            "Share on",
            "newsletter",
            "Related",
            "comments",
            "First!",
            "©",
        ] {
            assert!(!c.text.contains(junk), "{junk} kept: {}", c.text);
        }
        assert_eq!(
            c.meta.title.as_deref(),
            Some("Grid Operator Reports Substation Intrusion")
        );
        assert_eq!(c.meta.language, "en");
    }

    #[test]
    fn json_ld_gives_date_authors_and_publisher() {
        let head = r#"<title>Grid intrusion</title><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
             {"@type":"NewsArticle","headline":"Grid Operator Reports Intrusion",
              "datePublished":"2023-11-02T08:30:00+01:00",
              "author":[{"@type":"Person","name":"Ana Lima"},{"@type":"Person","name":"Rui Sousa"}],
              "publisher":{"@type":"Organization","name":"Example Daily"}}]}
            </script>"#;
        let c = clean_html(&page(head, BODY), "a.html");
        assert_eq!(c.meta.published, date("2023-11-02"));
        assert_eq!(c.meta.published_from.as_deref(), Some("json-ld"));
        assert_eq!(c.meta.authors, ["Ana Lima", "Rui Sousa"]);
        assert_eq!(c.meta.outlet.as_deref(), Some("Example Daily"));
        assert_eq!(
            c.meta.title.as_deref(),
            Some("Grid Operator Reports Intrusion")
        );
    }

    #[test]
    fn meta_date_beats_json_ld_and_time_element() {
        let head = r#"<meta property="article:published_time" content="2022-03-04T10:00:00Z">
            <meta property="og:site_name" content="Example Daily">
            <meta name="author" content="By Sam Ortiz and Li Wei">
            <link rel="canonical" href="https://news.example/2021/01/05/grid-intrusion">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2022-03-05"}</script>"#;
        let body = format!("<time datetime=\"2022-03-06\">6 March</time>{BODY}");
        let c = clean_html(&page(head, &body), "b.html");
        assert_eq!(c.meta.published, date("2022-03-04"));
        assert_eq!(c.meta.published_from.as_deref(), Some("meta"));
        assert_eq!(c.meta.authors, ["Sam Ortiz", "Li Wei"]);
        assert_eq!(c.meta.outlet.as_deref(), Some("Example Daily"));
        assert_eq!(
            c.meta.url.as_deref(),
            Some("https://news.example/2021/01/05/grid-intrusion")
        );
    }

    #[test]
    fn time_element_then_url_path_give_the_date() {
        let body = format!(
            "<p class=\"meta\">Posted <time class=\"published\" datetime=\"2020-07-09T12:00\">July 9</time></p>{BODY}"
        );
        let c = clean_html(&page("<title>x</title>", &body), "c.html");
        assert_eq!(c.meta.published, date("2020-07-09"));
        assert_eq!(c.meta.published_from.as_deref(), Some("time-element"));

        let head = r#"<meta property="og:url" content="https://news.example/world/2019/08/14/story.html">"#;
        let c = clean_html(&page(head, BODY), "d.html");
        assert_eq!(c.meta.published, date("2019-08-14"));
        assert_eq!(c.meta.published_from.as_deref(), Some("url"));
    }

    #[test]
    fn html_lang_or_detection_sets_the_language() {
        let de = "<p>Der Netzbetreiber teilte am Donnerstag mit, dass Angreifer in das Steuerungsnetz von zwei Umspannwerken eingedrungen seien, bevor sie entdeckt wurden.</p>\
                  <p>Die Techniker isolierten die betroffenen Systeme innerhalb weniger Stunden, und nach Angaben des Betreibers verlor kein Kunde den Strom.</p>";
        let with_attr = page("", de).replace("<html>", "<html lang=\"de-DE\">");
        assert_eq!(clean_html(&with_attr, "e.html").meta.language, "de");
        let detected = clean_html(&page("", de), "f.html");
        assert_eq!(detected.meta.language, "de");
        assert!(detected.text.contains("Umspannwerken"));
    }

    #[test]
    fn windows_1252_page_decoded_by_ingest_keeps_its_accents() {
        let mut bytes = b"<html><head><meta charset=\"windows-1252\"><title>Caf\xe9 chain breached</title></head><body>".to_vec();
        bytes.extend_from_slice(BODY.as_bytes());
        bytes.extend_from_slice(b"<p>The caf\xe9 chain said card data was not affected by the breach, according to a statement from its owners.</p></body></html>");
        let html = dossier_ingest::decode_html(&bytes).expect("decodes");
        let c = clean_html(&html, "g.html");
        assert_eq!(c.meta.title.as_deref(), Some("Café chain breached"));
        assert!(c.text.contains("The café chain said"), "{}", c.text);
    }

    #[test]
    fn a_page_of_navigation_only_gives_empty_text() {
        let body = "<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li><li><a href=\"/sport\">Sport</a></li></ul></nav>\
                    <footer><a href=\"/about\">About us</a> | <a href=\"/contact\">Contact</a></footer>";
        let c = clean_html(&page("<title>Example Daily</title>", body), "nav.html");
        assert_eq!(c.text, "");
        let empty = clean_html("", "empty.html");
        assert_eq!(empty.text, "");
        assert_eq!(empty.meta.language, "en");
    }

    #[test]
    fn headline_repeated_in_the_body_is_dropped_as_title() {
        let body = format!("<article><h1>Grid Operator Reports Intrusion</h1>{BODY}</article>");
        let c = clean_html(
            &page(
                "<title>Grid Operator Reports Intrusion - Example Daily</title>",
                &body,
            ),
            "h.html",
        );
        assert!(
            c.text.starts_with("The national grid operator"),
            "{}",
            c.text
        );
        assert!(c.dropped.iter().any(|d| d.reason == DropReason::Title));
    }
}
