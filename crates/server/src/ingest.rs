//! Turning a posted article into a document ready for the pipeline.

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
    /// A URL to fetch (not implemented yet: answers 501).
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

/// The cleaned, not yet annotated document for a posted article.
pub(crate) fn document_of(input: ArticleInput) -> Result<Document, ApiError> {
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
    let source = input.source.unwrap_or_else(|| "api".to_string());
    let given = [&input.text, &input.html, &input.url]
        .iter()
        .filter(|v| v.is_some())
        .count();
    if given != 1 {
        return Err(ApiError::bad_request(
            "send exactly one of \"text\", \"html\" or \"url\"",
        ));
    }
    let cleaned = match (input.text, input.html) {
        (Some(text), _) => dossier_clean::clean_plain(&text, &source),
        (None, Some(html)) => dossier_clean::clean_html(&html, &source),
        (None, None) => {
            return Err(ApiError::not_implemented(
                "fetching articles by URL is not implemented yet: fetch the page yourself \
                 and POST its \"html\" or \"text\"",
            ));
        }
    };
    if cleaned.text.trim().is_empty() {
        return Err(ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

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
        })
        .expect("document");
        assert_eq!(doc.meta.title.as_deref(), Some("Port Hit"));
        assert_eq!(
            doc.meta.published.map(|d| d.to_string()).as_deref(),
            Some("2023-05")
        );
        assert_eq!(doc.meta.source, "api");
    }

    #[test]
    fn url_is_501_and_ambiguous_bodies_are_400() {
        let url = document_of(ArticleInput {
            url: Some("https://example.invalid/a".into()),
            ..ArticleInput::default()
        })
        .unwrap_err();
        assert_eq!(url.status, StatusCode::NOT_IMPLEMENTED);
        assert!(url.message.contains("not implemented yet"));
        let both = document_of(ArticleInput {
            text: Some("a".into()),
            html: Some("<p>b</p>".into()),
            ..ArticleInput::default()
        })
        .unwrap_err();
        assert_eq!(both.status, StatusCode::BAD_REQUEST);
        let bad_date = document_of(ArticleInput {
            text: Some("Some text here.".into()),
            published: Some("yesterday".into()),
            ..ArticleInput::default()
        })
        .unwrap_err();
        assert_eq!(bad_date.status, StatusCode::BAD_REQUEST);
    }
}
