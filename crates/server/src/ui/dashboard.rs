//! `/`: latest incidents, who is blamed, whom it hits over time, latest statements.

use std::collections::{BTreeMap, HashMap};

use axum::extract::State;
use dossier_model::incident::Incident;
use maud::{Markup, html};

use super::chart::{self, Bar, Column, MAX_SERIES};
use super::{PageResult, country_name, date_or_dash, entity_link, entity_list, page};
use crate::filter::{attributed_states, incident_year, victim_countries};
use crate::state::AppState;

/// How many incidents and statements the dashboard lists.
const LATEST: usize = 10;

pub(crate) async fn show(State(state): State<AppState>) -> PageResult {
    let snapshot = state.snapshot().await?;
    let counts = snapshot.counts;
    let incidents = snapshot.incidents.clone();
    let kb = state.kb();
    let content = html! {
        h1 { "Dashboard" }
        ul.stats {
            li { strong { (counts.articles) } " articles" }
            li { strong { (incidents.len()) } " incidents" }
            li { strong { (counts.entities) } " entities" }
            li { strong { (counts.events) } " events" }
        }
        @if incidents.is_empty() {
            p.lead { "No incidents yet. Add articles with "
                code { "dossier ingest" } " or " code { "POST /api/articles" } "." }
        }
        section {
            h2 { "Latest incidents" }
            (incident_table(&latest(&incidents)))
            p { a href="/incidents" { "All incidents →" } }
        }
        div.grid2 {
            section {
                h2 { "Incidents by attributed state" }
                (chart::horizontal_bars("Incidents by attributed state", &state_bars(kb, &incidents)))
            }
            section {
                h2 { "Incidents by victim country, per year" }
                @let (series, columns) = victims_by_year(kb, &incidents);
                (chart::stacked_columns("Incidents by victim country per year", &series, &columns))
            }
        }
        section {
            h2 { "Latest statements" }
            (statements(&incidents))
        }
    };
    Ok(page("Dashboard", "", content))
}

/// The most recently reported incidents, newest first (undated ones last).
fn latest(incidents: &[Incident]) -> Vec<&Incident> {
    let mut list = newest_first(incidents.iter().collect());
    list.truncate(LATEST);
    list
}

/// Incidents by first report, newest first, undated ones last.
pub(crate) fn newest_first(mut list: Vec<&Incident>) -> Vec<&Incident> {
    list.sort_by(|a, b| {
        b.first_reported
            .is_some()
            .cmp(&a.first_reported.is_some())
            .then_with(|| b.first_reported.cmp(&a.first_reported))
    });
    list
}

/// A table of incidents with links.
pub(crate) fn incident_table(list: &[&Incident]) -> Markup {
    html! {
        @if list.is_empty() {
            p.muted { "No incidents match." }
        } @else {
            table.incidents {
                thead { tr { th { "Reported" } th { "Incident" } th { "Type" } th { "Actors" } th { "Victims" } th.num { "Sources" } } }
                tbody {
                    @for i in list {
                        tr {
                            td.date { (date_or_dash(i.first_reported.as_deref())) }
                            td { a href=(format!("/incidents/{}", super::encode_component(&i.id))) { (i.title) } }
                            td { span.tag { (i.kind.as_str()) } }
                            td { (entity_list(&i.actors)) }
                            td { (entity_list(&i.victims)) }
                            td.num { (i.articles.len()) }
                        }
                    }
                }
            }
        }
    }
}

/// Incidents per state held responsible, most first.
fn state_bars(kb: &dossier_kb::Kb, incidents: &[Incident]) -> Vec<Bar> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for i in incidents {
        for state in attributed_states(i) {
            *counts.entry(state).or_default() += 1;
        }
    }
    let mut bars: Vec<(&str, usize)> = counts.into_iter().collect();
    bars.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    bars.into_iter()
        .take(10)
        .map(|(code, value)| Bar {
            label: country_name(kb, code),
            href: Some(format!(
                "/incidents?actor={}",
                super::encode_component(code)
            )),
            value,
        })
        .collect()
}

/// Per year, incidents by victim state: the most frequent states as series, the rest as
/// "other".
fn victims_by_year(kb: &dossier_kb::Kb, incidents: &[Incident]) -> (Vec<String>, Vec<Column>) {
    let mut totals: HashMap<&str, usize> = HashMap::new();
    let mut per_year: BTreeMap<&str, HashMap<&str, usize>> = BTreeMap::new();
    for i in incidents {
        let Some(year) = incident_year(i) else {
            continue;
        };
        for c in victim_countries(i) {
            *totals.entry(c).or_default() += 1;
            *per_year.entry(year).or_default().entry(c).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, usize)> = totals.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let top: Vec<&str> = ranked.iter().take(MAX_SERIES).map(|r| r.0).collect();
    let has_other = ranked.len() > MAX_SERIES;
    let mut series: Vec<String> = top.iter().map(|c| country_name(kb, c)).collect();
    if has_other {
        series.push("other".into());
    }
    let columns = per_year
        .into_iter()
        .map(|(year, counts)| {
            let mut values: Vec<usize> = top
                .iter()
                .map(|c| counts.get(c).copied().unwrap_or(0))
                .collect();
            if has_other {
                let rest = counts
                    .iter()
                    .filter(|(c, _)| !top.contains(c))
                    .map(|(_, n)| n)
                    .sum();
                values.push(rest);
            }
            Column {
                label: year.to_string(),
                values,
            }
        })
        .collect();
    (series, columns)
}

/// Attributions and denials across incidents, newest first.
fn statements(incidents: &[Incident]) -> Markup {
    struct Statement<'a> {
        date: Option<&'a str>,
        incident: &'a Incident,
        line: Markup,
    }
    let mut list: Vec<Statement> = Vec::new();
    for i in incidents {
        for a in &i.attributions {
            list.push(Statement {
                date: a.date.as_deref(),
                incident: i,
                line: html! {
                    @if let Some(s) = &a.speaker { (entity_link(s)) } @else { "Someone" }
                    " attributes it to "
                    @if let Some(x) = &a.accused { (entity_link(x)) } @else { "an unnamed actor" }
                    @if let Some(h) = &a.hedge { " " span.hedge { "(" (h) ")" } }
                },
            });
        }
        for d in &i.denials {
            list.push(Statement {
                date: d.date.as_deref(),
                incident: i,
                line: html! {
                    @if let Some(s) = &d.speaker { (entity_link(s)) } @else { "The accused" }
                    " denies it"
                },
            });
        }
    }
    list.sort_by(|a, b| {
        b.date
            .is_some()
            .cmp(&a.date.is_some())
            .then(b.date.cmp(&a.date))
    });
    list.truncate(LATEST);
    html! {
        @if list.is_empty() {
            p.muted { "No attributions or denials yet." }
        } @else {
            ul.statements {
                @for s in &list {
                    li {
                        span.date { (date_or_dash(s.date)) }
                        " " (s.line) " — "
                        a href=(format!("/incidents/{}", super::encode_component(&s.incident.id))) { (s.incident.title) }
                    }
                }
            }
        }
    }
}
