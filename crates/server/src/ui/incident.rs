//! `/incidents` and `/incidents/{id}`: the list, and the dossier of one incident with
//! every fact beside the article text it comes from.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use dossier_model::incident::{ArticleRef, Evidence, Incident};
use dossier_model::{Document, EventType, Span};
use dossier_store::Store;
use maud::{Markup, html};
use serde::Deserialize;

use super::dashboard::{incident_table, newest_first};
use super::highlight::{Highlight, highlighted, regions};
use super::{PageResult, date_or_dash, encode_component, entity_link, entity_list, page, safe_url};
use crate::api::find_incident;
use crate::filter::IncidentFilter;
use crate::state::AppState;

/// The filters of the incident list, as a form sends them.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    actor: Option<String>,
    victim_country: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

pub(crate) async fn list(State(state): State<AppState>, Query(q): Query<ListQuery>) -> PageResult {
    let filter = IncidentFilter::parse(
        q.actor.as_deref(),
        q.victim_country.as_deref(),
        q.kind.as_deref(),
        q.from.as_deref(),
        q.to.as_deref(),
    )?;
    let all = state.incidents().await?;
    let shown = newest_first(all.iter().filter(|i| filter.matches(i)).collect());
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let content = html! {
        h1 { "Incidents" }
        form.filters action="/incidents" method="get" {
            label { "Actor or state " input name="actor" value=(value(&q.actor)) placeholder="CN, APT31"; }
            label { "Victim country " input name="victim_country" value=(value(&q.victim_country)) placeholder="NL" size="4"; }
            label { "Type "
                select name="type" {
                    option value="" { "any" }
                    @for t in EventType::ALL.iter().filter(|t| t.is_operation()) {
                        option value=(t.as_str()) selected[q.kind.as_deref() == Some(t.as_str())] { (t.as_str()) }
                    }
                }
            }
            label { "From " input name="from" value=(value(&q.from)) placeholder="2023" size="10"; }
            label { "To " input name="to" value=(value(&q.to)) placeholder="2024-06" size="10"; }
            button type="submit" { "Filter" }
        }
        p.muted { (shown.len()) " of " (all.len()) " incidents, latest first." }
        (incident_table(&shown))
    };
    Ok(page("Incidents", "", content))
}

pub(crate) async fn show(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let all = state.incidents().await?;
    let incident = find_incident(&all, &id)?.clone();
    let ids: Vec<String> = incident.articles.iter().map(|a| a.id.clone()).collect();
    let docs: Vec<Document> = state
        .with_store(move |store| {
            let mut docs = Vec::new();
            for id in &ids {
                docs.extend(store.get_document(id)?);
            }
            Ok(docs)
        })
        .await?;
    Ok(page(&incident.title, "", dossier(&incident, &docs)))
}

fn dossier(i: &Incident, docs: &[Document]) -> Markup {
    let numbers: HashMap<&str, usize> = i
        .articles
        .iter()
        .enumerate()
        .map(|(n, a)| (a.id.as_str(), n + 1))
        .collect();
    let sources = |refs: &[ArticleRef]| source_links(refs, &numbers);
    html! {
        p.kicker { span.tag { (i.kind.as_str()) } " incident · " code.id { (i.id) } }
        h1 { (i.title) }
        dl.summary {
            dt { "When" } dd { (date_or_dash(i.when.as_deref())) }
            dt { "First reported" } dd { (date_or_dash(i.first_reported.as_deref())) }
            dt { "Actors" } dd { (entity_list(&i.actors)) }
            dt { "Victims" } dd { (entity_list(&i.victims)) }
            dt { "Malware" } dd { (entity_list(&i.malware)) }
            dt { "Products" } dd { (entity_list(&i.products)) }
            dt { "CVEs" } dd {
                @if i.cves.is_empty() { span.muted { "—" } }
                @for (n, cve) in i.cves.iter().enumerate() { @if n > 0 { ", " } code { (cve) } }
            }
            dt { "Sources" } dd { (i.articles.len()) " articles" }
        }
        @if !i.timeline.is_empty() {
            section {
                h2 { "Timeline" }
                ol.timeline {
                    @for t in &i.timeline {
                        li {
                            span.date { (date_or_dash(t.date.as_deref())) }
                            span.tag { (t.kind) }
                            span.what { (t.summary) }
                            (sources(&t.sources))
                        }
                    }
                }
            }
        }
        section {
            h2 { "Who is blamed, by whom, how surely" }
            @if i.attributions.is_empty() && i.denials.is_empty() {
                p.muted { "No public attribution is reported." }
            } @else {
                table.attributions {
                    thead { tr { th { "Date" } th { "Who says" } th { "Whom it blames" } th { "How surely" } th { "Sources" } } }
                    tbody {
                        @for a in &i.attributions {
                            tr {
                                td.date { (date_or_dash(a.date.as_deref())) }
                                td { @if let Some(s) = &a.speaker { (entity_link(s)) } @else { span.muted { "unnamed" } } }
                                td { @if let Some(x) = &a.accused { (entity_link(x)) } @else { span.muted { "unnamed" } } }
                                td { @if let Some(h) = &a.hedge { span.hedge { (h) } } @else { "stated" } }
                                td { (sources(&a.sources)) }
                            }
                        }
                        @for d in &i.denials {
                            tr.denial {
                                td.date { (date_or_dash(d.date.as_deref())) }
                                td { @if let Some(s) = &d.speaker { (entity_link(s)) } @else { span.muted { "unnamed" } } }
                                td colspan="2" { "denies responsibility" }
                                td { (sources(&d.sources)) }
                            }
                        }
                    }
                }
            }
        }
        @if !i.responses.is_empty() {
            section {
                h2 { "Responses" }
                ul.responses {
                    @for r in &i.responses {
                        li {
                            span.date { (date_or_dash(r.date.as_deref())) }
                            span.tag { (r.kind.as_str()) }
                            @if let Some(by) = &r.by { " by " (entity_link(by)) }
                            @if let Some(against) = &r.against { " against " (entity_link(against)) }
                            " " (sources(&r.sources))
                        }
                    }
                }
            }
        }
        @if !i.discrepancies.is_empty() {
            section {
                h2 { "Where sources disagree" }
                ul.discrepancies {
                    @for d in &i.discrepancies {
                        li {
                            strong { (d.field) } ": "
                            @for (n, v) in d.values.iter().enumerate() {
                                @if n > 0 { " vs. " }
                                q { (v.value) } " " (sources(&v.sources))
                            }
                        }
                    }
                }
            }
        }
        section {
            h2 { "Articles and evidence" }
            @for (n, article) in i.articles.iter().enumerate() {
                @let doc = docs.iter().find(|d| d.id == article.id);
                (article_with_evidence(n + 1, article, doc, &facts_of(i, &article.id)))
            }
        }
    }
}

/// Links to the numbered articles below that give a fact.
fn source_links(refs: &[ArticleRef], numbers: &HashMap<&str, usize>) -> Markup {
    html! {
        span.sources {
            @for r in refs {
                @if let Some(n) = numbers.get(r.id.as_str()) {
                    a.source href=(format!("#article-{n}")) title=[r.title.as_deref()] { "[" (n) "]" }
                }
            }
        }
    }
}

/// One fact an article gives about the incident, with its quote.
struct Fact {
    label: Markup,
    evidence: Option<Evidence>,
}

/// Every fact of the incident for which article `id` is a source.
fn facts_of(i: &Incident, id: &str) -> Vec<Fact> {
    let quote = |refs: &[ArticleRef]| {
        refs.iter()
            .filter(|r| r.id == id)
            .map(|r| r.evidence.clone())
            .collect::<Vec<_>>()
    };
    let mut facts = Vec::new();
    for evidence in quote(&i.articles) {
        facts.push(Fact {
            label: html! { "Reports the " (i.kind.as_str()) },
            evidence,
        });
    }
    for a in &i.attributions {
        for evidence in quote(&a.sources) {
            facts.push(Fact {
                label: html! {
                    @if let Some(s) = &a.speaker { (s.name) } @else { "Someone" }
                    " blames "
                    @if let Some(x) = &a.accused { (x.name) } @else { "an unnamed actor" }
                    @if let Some(h) = &a.hedge { " (" (h) ")" }
                },
                evidence,
            });
        }
    }
    for d in &i.denials {
        for evidence in quote(&d.sources) {
            facts.push(Fact {
                label: html! { @if let Some(s) = &d.speaker { (s.name) } @else { "The accused" } " denies it" },
                evidence,
            });
        }
    }
    for r in &i.responses {
        for evidence in quote(&r.sources) {
            facts.push(Fact {
                label: html! {
                    (r.kind.as_str())
                    @if let Some(by) = &r.by { " by " (by.name) }
                    @if let Some(against) = &r.against { " against " (against.name) }
                },
                evidence,
            });
        }
    }
    for d in &i.discrepancies {
        for v in &d.values {
            for evidence in quote(&v.sources) {
                facts.push(Fact {
                    label: html! { "Gives " (d.field) " as " q { (v.value) } },
                    evidence,
                });
            }
        }
    }
    facts
}

/// Where a quote sits in the article text: its own span when the text there matches,
/// else the first place the quoted words occur.
fn locate(doc: &Document, evidence: &Evidence) -> Option<Span> {
    let span = Span::new(evidence.start, evidence.end);
    if !span.is_empty() && doc.slice(span) == evidence.text {
        return Some(span);
    }
    let byte = doc
        .text
        .find(evidence.text.as_str())
        .filter(|_| !evidence.text.is_empty())?;
    Some(doc.span_of_bytes(byte, byte + evidence.text.len()))
}

/// One article: its text with the quotes marked, beside the facts it gives, each fact
/// linking to its quote.
fn article_with_evidence(
    n: usize,
    article: &ArticleRef,
    doc: Option<&Document>,
    facts: &[Fact],
) -> Markup {
    let spans: Vec<Option<Span>> = facts
        .iter()
        .map(|f| doc.zip(f.evidence.as_ref()).and_then(|(d, e)| locate(d, e)))
        .collect();
    let marked = regions(spans.iter().flatten().copied().collect());
    let region_of = |s: &Span| marked.iter().position(|r| r.contains(*s));
    let anchor = |k: usize| format!("q{n}-{k}");
    html! {
        article.source-article id=(format!("article-{n}")) {
            header {
                h3 {
                    span.num { "[" (n) "] " }
                    a href=(format!("/articles/{}", encode_component(&article.id))) {
                        (article.title.as_deref().unwrap_or("Untitled article"))
                    }
                }
                p.meta {
                    @if let Some(o) = &article.outlet { (o) " · " }
                    (date_or_dash(article.published.as_deref()))
                    " · "
                    @match safe_url(&article.source) {
                        Some(url) => a href=(url) rel="noopener noreferrer" { (article.source) },
                        None => span.src { (article.source) },
                    }
                }
            }
            div.pair {
                div.text {
                    @match doc {
                        Some(d) => (highlighted(d, marked.iter().enumerate().map(|(k, s)| Highlight {
                            span: *s,
                            id: Some(anchor(k)),
                            href: None,
                            title: None,
                            class: "evidence",
                        }).collect())),
                        None => p.muted { "The article is no longer in the store." },
                    }
                }
                aside.facts {
                    h4 { "What it says" }
                    ul {
                        @for (fact, span) in facts.iter().zip(&spans) {
                            li {
                                @match span.as_ref().and_then(region_of) {
                                    Some(k) => a href=(format!("#{}", anchor(k))) { (fact.label) },
                                    None => (fact.label),
                                }
                                @if let Some(e) = &fact.evidence {
                                    blockquote { (e.text) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
