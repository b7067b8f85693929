//! Turning a posted article into a document ready for the pipeline.

use axum::http::StatusCode;
use dossier_ingest::feed::{FeedError, fetch_page};
use dossier_ingest::fetch::{FetchError, Fetcher};
use dossier_ingest::{Format, RawItem};
use dossier_model::{Document, PartialDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::ApiError;

/// The body of `POST /api/articles`: exactly one of `text`, `html` or `url`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ArticleInput {
    /// The article as plain text (a saved page's text is fine: boilerplate is cleaned).
    pub text: Option<String>,
    /// The article as an HTML page.
    pub html: Option<String>,
    /// A URL to fetch: an HTML or plain-text page on a public address (the server
    /// refuses private and loopback addresses unless started with `--allow-private`).
    pub url: Option<String>,
    /// The headline, when the text does not start with it.
    pub title: Option<String>,
    /// Publication date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Where the article comes from (recorded as its `source`; default `api`).
    pub source: Option<String>,
}

/// What `POST /api/articles` answers.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct IngestReport {
    /// The article's id (a hash of its clean text).
    pub id: String,
    /// `inserted`, or `unchanged` when the same text was stored before.
    pub outcome: String,
    /// The headline, as given or as read from the text.
    pub title: Option<String>,
    /// Entities found.
    pub entities: usize,
    /// Events found.
    pub events: usize,
    /// Indicators found.
    pub indicators: usize,
}

/// The cleaned, not yet annotated document for a posted article; `fetch` reads the page
/// of a posted `url`. Blocking (fetching and cleaning): call it off the async runtime.
pub(crate) fn document_of(
    input: ArticleInput,
    fetch: impl FnOnce(&str) -> Result<RawItem, ApiError>,
) -> Result<Document, ApiError> {
    let published = input
        .published
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            PartialDate::parse_iso(p).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "published={p:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
                ))
            })
        })
        .transpose()?;
    let source = input.source.clone().unwrap_or_else(|| "api".to_string());
    let given = [&input.text, &input.html, &input.url]
        .iter()
        .filter(|v| v.is_some())
        .count();
    if given != 1 {
        return Err(ApiError::bad_request(
            "send exactly one of \"text\", \"html\" or \"url\"",
        ));
    }
    let cleaned = match (input.text, input.html, input.url) {
        (Some(text), _, _) => dossier_clean::clean_plain(&text, &source),
        (None, Some(html), _) => dossier_clean::clean_html(&html, &source),
        (None, None, Some(url)) => {
            let page = fetch(url.trim())?;
            let text = page.text().map_err(|e| {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("{url}: {e}"))
            })?;
            // The page's own address is its source unless the caller named one.
            let source = input.source.clone().unwrap_or_else(|| page.source.clone());
            let mut cleaned = if page.hint == Format::Html {
                dossier_clean::clean_html(&text, &source)
            } else {
                dossier_clean::clean_plain(&text, &source)
            };
            cleaned.meta.url.get_or_insert(page.source);
            cleaned
        }
        (None, None, None) => unreachable!("exactly one was given"),
    };
    if cleaned.text.trim().is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "no article text is left after cleaning: is this an article?",
        ));
    }
    let mut doc = dossier_clean::into_document(cleaned);
    if let Some(title) = input.title.filter(|t| !t.trim().is_empty()) {
        doc.meta.title = Some(title.trim().to_string());
    }
    if published.is_some() {
        doc.meta.published = published;
        doc.meta.published_from = Some("api".into());
    }
    Ok(doc)
}

/// Fetch the article page at `url`, with the error a client can act on: 400 for an
/// address it may not use, 422 for something that is not an article page, 502 when
/// the remote server fails, 504 when it is too slow.
pub(crate) fn fetch_article(fetcher: &Fetcher, url: &str) -> Result<RawItem, ApiError> {
    fetch_page(fetcher, url).map_err(|e| {
        let status = match &e {
            FeedError::Fetch(FetchError::BadUrl { .. } | FetchError::Blocked { .. }) => {
                StatusCode::BAD_REQUEST
            }
            FeedError::Fetch(FetchError::Timeout { .. }) => StatusCode::GATEWAY_TIMEOUT,
            FeedError::Fetch(_) | FeedError::UnexpectedNotModified { .. } => {
                StatusCode::BAD_GATEWAY
            }
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        ApiError::new(status, e.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_fetch(url: &str) -> Result<RawItem, ApiError> {
        panic!("nothing should be fetched, yet {url} was")
    }

    #[test]
    fn given_title_and_date_win_over_what_cleaning_reads() {
        let doc = document_of(ArticleInput {
            text: Some(
                "Hackers disrupted the port operator's booking systems on Tuesday, the company said."
                    .into(),
            ),
            title: Some("Port Hit".into()),
            published: Some("2023-05".into()),
            ..ArticleInput::default()
        }, no_fetch)
        .expect("document");
        assert_eq!(doc.meta.title.as_deref(), Some("Port Hit"));
        assert_eq!(
            doc.meta.published.map(|d| d.to_string()).as_deref(),
            Some("2023-05")
        );
        assert_eq!(doc.meta.source, "api");
    }

    #[test]
    fn a_posted_url_is_fetched_cleaned_and_keeps_its_address() {
        let page = |url: &str| {
            Ok(RawItem {
                source: format!("{url}?final"),
                bytes: b"<html><head><title>Grid Operator Breached</title></head><body>\
                    <nav>Home | World | Subscribe</nav><article><h1>Grid Operator Breached</h1>\
                    <p>Intruders reached the control network of a regional grid operator \
                    last week, the national cyber agency said on Monday, and took design \
                    documents before they were found.</p></article></body></html>"
                    .to_vec(),
                hint: Format::Html,
                ..RawItem::default()
            })
        };
        let doc = document_of(
            ArticleInput {
                url: Some(" https://news.example/grid ".into()),
                ..ArticleInput::default()
            },
            page,
        )
        .expect("document");
        assert_eq!(doc.meta.title.as_deref(), Some("Grid Operator Breached"));
        assert_eq!(doc.meta.source, "https://news.example/grid?final");
        assert_eq!(
            doc.meta.url.as_deref(),
            Some("https://news.example/grid?final")
        );
        assert!(doc.text.contains("control network"));
        assert!(!doc.text.contains("Subscribe"));
    }

    #[test]
    fn fetch_failures_keep_their_status_and_ambiguous_bodies_are_400() {
        let refused = document_of(
            ArticleInput {
                url: Some("http://127.0.0.1:9/a".into()),
                ..ArticleInput::default()
            },
            |url| fetch_article(&Fetcher::new(Default::default()), url),
        )
        .unwrap_err();
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{}",
            refused.message
        );
        assert!(
            refused.message.contains("--allow-private"),
            "{}",
            refused.message
        );
        let both = document_of(
            ArticleInput {
                text: Some("a".into()),
                html: Some("<p>b</p>".into()),
                ..ArticleInput::default()
            },
            no_fetch,
        )
        .unwrap_err();
        assert_eq!(both.status, StatusCode::BAD_REQUEST);
        let bad_date = document_of(
            ArticleInput {
                text: Some("Some text here.".into()),
                published: Some("yesterday".into()),
                ..ArticleInput::default()
            },
            no_fetch,
        )
        .unwrap_err();
        assert_eq!(bad_date.status, StatusCode::BAD_REQUEST);
    }
}
