//! `/search?q=`: full-text search with the matched words highlighted.

use axum::extract::{Query, State};
use maud::{Markup, html};
use serde::Deserialize;

use super::{PageError, PageResult, date_or_dash, encode_component, page};
use crate::api::{DEFAULT_LIMIT, run_search};
use crate::state::AppState;

/// The search form's fields.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct SearchForm {
    q: Option<String>,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    Query(form): Query<SearchForm>,
) -> PageResult {
    let query = form.q.unwrap_or_default();
    let hits = if query.trim().is_empty() {
        Ok(Default::default())
    } else {
        run_search(&state, &query, DEFAULT_LIMIT).await
    };
    let content = html! {
        h1 { "Search" }
        form.search-big action="/search" method="get" role="search" {
            input type="search" name="q" value=(query) aria-label="Search articles" autofocus;
            button type="submit" { "Search" }
        }
        p.muted.help { "Words match any form (“sanction” finds “sanctions”); use "
            code { "\"exact phrase\"" } ", " code { "prefix*" } ", " code { "OR" } ", " code { "NOT" }
            " and " code { "title:" } "." }
        @match &hits {
            Err(e) if e.status.is_client_error() => p.error { (e.message) },
            Err(_) => p.error { "The search failed; the server log has the details." },
            Ok(found) if found.hits.is_empty() && !query.trim().is_empty() => p.lead { "Nothing matches." },
            Ok(found) => {
                @if let Some(n) = found.ranked_newest {
                    p.muted.help { "More than " (n) " articles match: these are the best of the "
                        (n) " most recently stored. Add words to rank all matches." }
                }
                ol.hits {
                @for h in found.hits.iter() {
                    li {
                        a.title href=(format!("/articles/{}", encode_component(&h.id))) { (h.title.as_deref().unwrap_or("Untitled article")) }
                        p.meta { (date_or_dash(h.published.as_deref())) " · " (h.source) }
                        p.snippet { (snippet(&h.snippet)) }
                    }
                }
                }
            },
        }
    };
    if let Err(e) = hits
        && e.status.is_server_error()
    {
        return Err(PageError::from(e));
    }
    Ok(page(&format!("Search: {query}"), &query, content))
}

/// A store snippet (`[matched]` terms) as text with `<mark>`s; everything escaped.
fn snippet(text: &str) -> Markup {
    let mut parts: Vec<(bool, &str)> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        parts.push((false, &rest[..open]));
        parts.push((true, &rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    parts.push((false, rest));
    html! {
        @for (hit, part) in parts {
            @if hit { mark { (part) } } @else { (part) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_marks_terms_and_escapes_the_rest() {
        let html =
            snippet("…the <img src=x onerror=alert(1)> [sanctions] on [APT31]…").into_string();
        assert_eq!(
            html,
            "…the &lt;img src=x onerror=alert(1)&gt; <mark>sanctions</mark> on <mark>APT31</mark>…"
        );
        assert_eq!(snippet("a [b").into_string(), "a [b");
    }
}
