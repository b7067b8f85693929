//! `/incidents` and `/incidents/{id}`: the list, and the dossier of one incident with
//! every fact beside the article text it comes from.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use dossier_model::incident::{ArticleRef, Evidence, Incident};
use dossier_model::{Document, Entity, EventType, Span};
use dossier_store::Store;
use maud::{Markup, html};
use serde::Deserialize;

use super::dashboard::{incident_table, newest_first};
use super::highlight::{Highlight, highlighted, regions};
use super::{PageResult, date_or_dash, encode_component, entity_link, page, safe_url};
use crate::api::find_incident;
use crate::filter::IncidentFilter;
use crate::state::AppState;
use dossier_stories::review::{FactView, attribution_key, denial_key, response_key};

/// The filters of the incident list, as a form sends them.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    actor: Option<String>,
    victim_country: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
    offset: Option<usize>,
}

/// Rows of the incident list per page.
const LIST_PAGE: usize = 100;

impl ListQuery {
    /// This list's address with another offset.
    fn with_offset(&self, offset: usize) -> String {
        let mut parts: Vec<String> = [
            ("actor", &self.actor),
            ("victim_country", &self.victim_country),
            ("type", &self.kind),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .iter()
        .filter_map(|(k, v)| {
            v.as_deref()
                .filter(|v| !v.is_empty())
                .map(|v| format!("{k}={}", encode_component(v)))
        })
        .collect();
        if offset > 0 {
            parts.push(format!("offset={offset}"));
        }
        if parts.is_empty() {
            "/incidents".into()
        } else {
            format!("/incidents?{}", parts.join("&"))
        }
    }
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
    let matching = newest_first(all.iter().filter(|i| filter.matches(i)).collect());
    let offset = q.offset.unwrap_or(0).min(matching.len());
    let end = (offset + LIST_PAGE).min(matching.len());
    let shown = &matching[offset..end];
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
        p.muted {
            (matching.len()) " of " (all.len()) " incidents, latest first"
            @if matching.len() > LIST_PAGE { "; " (offset + 1) "–" (end) " shown" }
            "."
        }
        (incident_table(shown))
        @if matching.len() > LIST_PAGE {
            nav.pages {
                @if offset > 0 {
                    a rel="prev" href=(q.with_offset(offset.saturating_sub(LIST_PAGE))) { "← Newer" }
                }
                @if end < matching.len() {
                    " " a rel="next" href=(q.with_offset(end)) { "Older →" }
                }
            }
        }
    };
    Ok(page("Incidents", "", content))
}

pub(crate) async fn show(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let snapshot = state.snapshot().await?;
    let incident = find_incident(&snapshot.incidents, &id)?.clone();
    let facts = snapshot.facts_of(&incident.id).to_vec();
    let ids: Vec<String> = incident.articles.iter().map(|a| a.id.clone()).collect();
    let docs: Vec<Document> = state
        .with_reader(move |store| {
            let mut docs = Vec::new();
            for id in &ids {
                docs.extend(store.get_document(id)?);
            }
            Ok(docs)
        })
        .await?;
    Ok(page(&incident.title, "", dossier(&incident, &docs, &facts)))
}

/// A mark for a fact an analyst confirmed.
fn confirmed_mark(facts: &[FactView], key: &str) -> Markup {
    html! {
        @if facts.iter().any(|f| f.key == key && f.status == "confirmed") {
            " " span.verdict.confirmed title="Confirmed by an analyst" { "✓ confirmed" }
        }
    }
}

/// Entities as links, each marked when an analyst confirmed it.
fn judged_entities(list: &[Entity], kind: &str, facts: &[FactView]) -> Markup {
    html! {
        @if list.is_empty() { span.muted { "—" } }
        @for (n, e) in list.iter().enumerate() {
            @if n > 0 { ", " }
            (entity_link(e))
            (confirmed_mark(facts, &format!("{kind}|{}", e.id)))
        }
    }
}

/// The analyst's panel: every fact with its status and buttons to confirm, reject or
/// undo; merging with another incident. The buttons work through `/static/app.js` and
/// the API, with the token typed here (kept for the browser tab only).
fn review_panel(i: &Incident, facts: &[FactView]) -> Markup {
    html! {
        section #review data-incident=(i.id) {
            h2 { "Review" }
            p.muted {
                "Confirm or reject what the machine read; a rejected fact leaves the record. "
                "Writes need the server's token (and JavaScript)."
            }
            p.token {
                label { "Token " input #review-token type="password" autocomplete="off" placeholder="Bearer token"; }
                " " span #review-status role="status" {}
            }
            ul.review {
                @for f in facts {
                    li class=(format!("fact {}", f.status)) data-fact=(f.key) {
                        span.tag { (f.kind) }
                        " "
                        span.label { (f.label) }
                        " "
                        span class=(format!("verdict {}", f.status)) { (f.status) }
                        span.actions {
                            @match f.correction {
                                Some(n) => button.undo type="button" data-correction=(n) { "Undo" },
                                None => {
                                    button.confirm type="button" data-verdict="confirm" { "Confirm" }
                                    " "
                                    button.reject type="button" data-verdict="reject" { "Reject" }
                                },
                            }
                        }
                    }
                }
            }
            form #merge {
                label { "Same incident as " input name="with" placeholder="other incident id" size="20" required; }
                " " button type="submit" { "Merge" }
            }
        }
    }
}

fn dossier(i: &Incident, docs: &[Document], review: &[FactView]) -> Markup {
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
            dt { "Actors" } dd { (judged_entities(&i.actors, "actor", review)) }
            dt { "Victims" } dd { (judged_entities(&i.victims, "victim", review)) }
            dt { "Malware" } dd { (judged_entities(&i.malware, "malware", review)) }
            dt { "Products" } dd { (judged_entities(&i.products, "product", review)) }
            dt { "CVEs" } dd {
                @if i.cves.is_empty() { span.muted { "—" } }
                @for (n, cve) in i.cves.iter().enumerate() {
                    @if n > 0 { ", " }
                    code { (cve) }
                    (confirmed_mark(review, &format!("cve|{cve}")))
                }
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
                                td {
                                    @if let Some(h) = &a.hedge { span.hedge { (h) } } @else { "stated" }
                                    (confirmed_mark(review, &attribution_key(&a.speaker, &a.accused)))
                                }
                                td { (sources(&a.sources)) }
                            }
                        }
                        @for d in &i.denials {
                            tr.denial {
                                td.date { (date_or_dash(d.date.as_deref())) }
                                td { @if let Some(s) = &d.speaker { (entity_link(s)) } @else { span.muted { "unnamed" } } }
                                td colspan="2" { "denies responsibility" (confirmed_mark(review, &denial_key(&d.speaker))) }
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
                            (confirmed_mark(review, &response_key(r)))
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
        (review_panel(i, review))
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
                button.split type="button" data-article=(article.id)
                    title="This article reports another incident: take it out of this one" { "Split out" }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_pages_keep_their_filters() {
        let q = ListQuery {
            actor: Some("APT 31".into()),
            kind: Some(String::new()),
            offset: Some(100),
            ..ListQuery::default()
        };
        assert_eq!(q.with_offset(200), "/incidents?actor=APT%2031&offset=200");
        assert_eq!(q.with_offset(0), "/incidents?actor=APT%2031");
        assert_eq!(ListQuery::default().with_offset(0), "/incidents");
    }
}
