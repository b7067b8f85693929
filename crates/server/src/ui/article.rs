//! `/articles/{id}`: one stored article with its entity mentions linked.

use axum::extract::{Path, State};
use dossier_model::{Document, Span};
use dossier_store::Store;
use maud::html;

use super::highlight::{Highlight, highlighted};
use super::{PageError, PageResult, date_or_dash, encode_component, entity_href, page, safe_url};
use crate::error::ApiError;
use crate::state::AppState;

pub(crate) async fn show(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let wanted = id.clone();
    let doc = state
        .with_reader(move |store| store.get_document(&wanted))
        .await?
        .ok_or_else(|| PageError::from(ApiError::not_found(format!("No article with id {id}."))))?;
    let incidents = state.incidents().await?;
    let in_incidents: Vec<_> = incidents
        .iter()
        .filter(|i| i.articles.iter().any(|a| a.id == doc.id))
        .collect();
    let title = doc
        .meta
        .title
        .clone()
        .unwrap_or_else(|| "Untitled article".into());
    let content = html! {
        p.kicker { "article · " code.id { (doc.id) } }
        h1 { (title) }
        p.meta {
            @if let Some(o) = &doc.meta.outlet { (o) " · " }
            (date_or_dash(doc.meta.published.map(|d| d.to_string()).as_deref()))
            " · "
            @match doc.meta.url.as_deref().or(Some(doc.meta.source.as_str())).and_then(safe_url) {
                Some(url) => a href=(url) rel="noopener noreferrer" { (doc.meta.source) },
                None => span.src { (doc.meta.source) },
            }
        }
        @if !in_incidents.is_empty() {
            p { "Part of: "
                @for (n, i) in in_incidents.iter().enumerate() {
                    @if n > 0 { ", " }
                    a href=(format!("/incidents/{}", encode_component(&i.id))) { (i.title) }
                }
            }
        }
        div.pair {
            div.text { (highlighted(&doc, mention_links(&doc))) }
            aside.facts {
                h4 { "Events" }
                @if doc.events.is_empty() { p.muted { "None found." } }
                ul {
                    @for e in &doc.events {
                        li { span.tag { (e.kind.as_str()) } " " q { (e.trigger.text) }
                            @if let Some(t) = &e.time { " · " (t.value.as_deref().unwrap_or(&t.text)) } }
                    }
                }
            }
        }
    };
    Ok(page(&title, "", content))
}

/// Every entity mention as a link to the entity's page.
fn mention_links(doc: &Document) -> Vec<Highlight> {
    doc.entities
        .iter()
        .flat_map(|e| {
            e.mentions.iter().map(move |m| Highlight {
                span: Span::new(m.start, m.end),
                id: None,
                href: Some(entity_href(&e.id)),
                title: Some(format!("{} ({})", e.name, e.kind.as_str())),
                class: "mention",
            })
        })
        .collect()
}
