//! The web UI: pages rendered on the server with maud, one stylesheet, one small script.
//!
//! maud escapes every `(expression)` it splices into HTML, so article-derived text is
//! always shown as text; nothing here uses `PreEscaped`.

mod article;
mod chart;
mod dashboard;
mod entity;
mod highlight;
mod incident;
mod search;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use dossier_kb::Kb;
use dossier_model::Entity;
use maud::{DOCTYPE, Markup, html};

use crate::error::ApiError;
use crate::state::AppState;

/// The policy every response carries: our own scripts, styles and images only.
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; \
     form-action 'self'";

const STYLE: &str = include_str!("../../static/style.css");
const SCRIPT: &str = include_str!("../../static/app.js");

/// The page routes and the static files.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard::show))
        .route("/incidents", get(incident::list))
        .route("/incidents/{id}", get(incident::show))
        .route("/entities/{id}", get(entity::show))
        .route("/articles/{id}", get(article::show))
        .route("/search", get(search::show))
        .route("/static/style.css", get(style))
        .route("/static/app.js", get(script))
}

/// Security headers on every response, pages and API alike.
pub(crate) async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

async fn style() -> Response {
    static_file("text/css; charset=utf-8", STYLE)
}

async fn script() -> Response {
    static_file("text/javascript; charset=utf-8", SCRIPT)
}

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// A page that could not be shown, rendered as HTML with the error's status.
pub(crate) struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let title = self.0.status.canonical_reason().unwrap_or("Error");
        let body = layout(
            title,
            "",
            html! {
                h1 { (title) }
                p.lead { (self.0.message) }
                p { a href="/" { "Back to the dashboard" } }
            },
        );
        (self.0.status, Html(body.into_string())).into_response()
    }
}

/// What a page handler returns.
pub(crate) type PageResult = Result<Html<String>, PageError>;

/// Unknown paths: JSON under `/api/` (handled by the API's own fallback), HTML elsewhere.
pub(crate) async fn not_found() -> PageError {
    PageError(ApiError::new(
        StatusCode::NOT_FOUND,
        "There is no page at this address.",
    ))
}

/// The frame of every page: header with navigation and search, the content, a footer.
pub(crate) fn layout(title: &str, query: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · dossier" }
                // An empty icon: browsers stop asking for /favicon.ico.
                link rel="icon" href="data:,";
                link rel="stylesheet" href="/static/style.css";
                script src="/static/app.js" defer {}
            }
            body {
                header.site {
                    a.brand href="/" { "dossier" }
                    nav {
                        a href="/" { "Dashboard" }
                        a href="/incidents" { "Incidents" }
                        a href="/api/openapi.json" { "API" }
                    }
                    form.search action="/search" method="get" role="search" {
                        input type="search" name="q" value=(query)
                            placeholder="Search articles ( / )" aria-label="Search articles";
                    }
                }
                main { (content) }
                footer.site {
                    "dossier — sourced records of state cyber operations. Every fact links to the article text it comes from."
                }
            }
        }
    }
}

/// A page as an HTML response.
pub(crate) fn page(title: &str, query: &str, content: Markup) -> Html<String> {
    Html(layout(title, query, content).into_string())
}

/// The path of an entity's page (ids like `country:CN` are kept readable).
pub(crate) fn entity_href(id: &str) -> String {
    format!("/entities/{}", encode_component(id))
}

/// Percent-encode everything but unreserved characters and `:` (for paths and queries).
pub(crate) fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b':') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An entity as a link to its page, with its state when it has one.
pub(crate) fn entity_link(e: &Entity) -> Markup {
    html! {
        a.entity href=(entity_href(&e.id)) title=(e.kind.as_str()) { (e.name) }
        @if let Some(c) = &e.country {
            " " span.cc { (c) }
        }
    }
}

/// A list of entities as links, or a dash.
pub(crate) fn entity_list(list: &[Entity]) -> Markup {
    html! {
        @if list.is_empty() { span.muted { "—" } }
        @for (i, e) in list.iter().enumerate() {
            @if i > 0 { ", " }
            (entity_link(e))
        }
    }
}

/// The name of a state by its ISO code, from the KB (the code itself when unknown).
pub(crate) fn country_name(kb: &Kb, code: &str) -> String {
    kb.get(&format!("country:{code}"))
        .map(|e| e.name.clone())
        .unwrap_or_else(|| code.to_string())
}

/// A date or a dash.
pub(crate) fn date_or_dash(date: Option<&str>) -> Markup {
    html! {
        @match date {
            Some(d) => time datetime=(d) { (d) },
            None => span.muted { "—" },
        }
    }
}

/// Only web links become `href`s: a `javascript:` URL in an article's metadata must not.
pub(crate) fn safe_url(url: &str) -> Option<&str> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_paths_keep_colons_and_encode_the_rest() {
        assert_eq!(entity_href("country:CN"), "/entities/country:CN");
        assert_eq!(
            entity_href("local:org:a b/c?"),
            "/entities/local:org:a%20b%2Fc%3F"
        );
    }

    #[test]
    fn only_web_urls_are_linked() {
        assert_eq!(safe_url("https://a.example/x"), Some("https://a.example/x"));
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url(" JAVASCRIPT:alert(1)"), None);
    }

    #[test]
    fn layout_escapes_the_title_and_query() {
        let html = layout("<b>x</b>", "\"><script>", html! {}).into_string();
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt; · dossier"));
        assert!(!html.contains("\"><script>"));
    }
}
