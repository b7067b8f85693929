//! `/entities/{id}`: what the KB knows of an entity and the incidents it takes part in.

use axum::extract::{Path, State};
use dossier_store::Store;
use maud::html;

use super::{PageResult, country_name, date_or_dash, encode_component, entity_href, page};
use crate::api::entity_view;
use crate::state::AppState;

/// At most this many articles are listed by title.
const ARTICLES_SHOWN: usize = 50;

pub(crate) async fn show(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let view = entity_view(&state, &id).await?;
    let shown: Vec<String> = view.articles.iter().take(ARTICLES_SHOWN).cloned().collect();
    let articles = state
        .with_reader(move |store| {
            let mut out = Vec::new();
            for id in shown {
                if let Some(d) = store.get_document(&id)? {
                    let published = d.meta.published.map(|p| p.to_string());
                    out.push((id, d.meta.title, published));
                }
            }
            Ok(out)
        })
        .await?;
    let kb = state.kb();
    let content = html! {
        p.kicker { span.tag { (view.kind) } " · " code.id { (view.id) }
            @if !view.in_kb { " · " span.muted { "not in the knowledge base" } } }
        h1 { (view.name) }
        @if let Some(d) = &view.description { p.lead { (d) } }
        dl.summary {
            @if let Some(c) = &view.country {
                dt { @if view.kind == "threat-actor" { "Sponsor state" } @else { "State" } }
                dd { a href=(entity_href(&format!("country:{c}"))) { (country_name(kb, c)) } " " span.cc { (c) } }
            }
            dt { "Incidents" } dd { (view.incidents.len()) }
            dt { "Articles" } dd { (view.articles.len()) }
        }
        @if !view.aliases.is_empty() {
            section {
                h2 { "Also known as" }
                ul.aliases {
                    @for a in &view.aliases {
                        li { (a.text) " " span.muted { (a.form) } }
                    }
                }
            }
        }
        section {
            h2 { "Incidents" }
            @if view.incidents.is_empty() {
                p.muted { "It takes part in no incident yet." }
            } @else {
                table.incidents {
                    thead { tr { th { "Date" } th { "Incident" } th { "Type" } th { "Role" } } }
                    tbody {
                        @for i in &view.incidents {
                            tr {
                                td.date { (date_or_dash(i.date.as_deref())) }
                                td { a href=(format!("/incidents/{}", encode_component(&i.id))) { (i.title) } }
                                td { span.tag { (i.kind) } }
                                td { @for (n, r) in i.roles.iter().enumerate() { @if n > 0 { ", " } (r.label()) } }
                            }
                        }
                    }
                }
            }
        }
        section {
            h2 { "Articles that name it" }
            @if articles.is_empty() { p.muted { "None yet." } }
            ul.articles {
                @for (id, title, published) in &articles {
                    li {
                        span.date { (date_or_dash(published.as_deref())) }
                        " " a href=(format!("/articles/{}", encode_component(id))) { (title.as_deref().unwrap_or("Untitled article")) }
                    }
                }
            }
            @if view.articles.len() > ARTICLES_SHOWN {
                p.muted { "… and " (view.articles.len() - ARTICLES_SHOWN) " more." }
            }
        }
    };
    Ok(page(&view.name, "", content))
}
