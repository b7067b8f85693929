//! Filling an incident record from its seeds and attached events.

use std::collections::BTreeMap;

use dossier_model::incident::{
    ArticleRef, AttributionRecord, DenialRecord, Incident, ResponseRecord, TimelineEntry,
};
use dossier_model::{Entity, EntityKind, EventType, IndicatorKind, PartialDate, Role};

use crate::discrepancy::discrepancies;
use crate::resolve::{
    Corpus, EventAt, arg_entities, entities_within, event_ref, hash_id, sentence_of, time_value,
};
use crate::seeds::{Seed, extend_unique, role_entities};

/// The incident record of one cluster: `members` index `seeds`, `attached` are the
/// statements and responses that belong to it.
pub(crate) fn incident(
    corpus: &Corpus<'_>,
    seeds: &[Seed],
    members: &[usize],
    attached: &[EventAt],
) -> Incident {
    let own: Vec<&Seed> = members.iter().map(|&i| &seeds[i]).collect();
    let operations: Vec<&Seed> = own.iter().copied().filter(|s| !s.stand_in).collect();
    let mut events: Vec<EventAt> = own
        .iter()
        .map(|s| s.at)
        .chain(attached.iter().copied())
        .collect();
    events.sort();
    events.dedup();

    let attributions = attributions(corpus, &events);
    let denials = denials(corpus, &events);
    let responses = responses(corpus, &events);
    let victims = ranked(own.iter().map(|s| s.victims.as_slice()));
    let mut actors = ranked(own.iter().map(|s| s.actors.as_slice()));
    extend_unique(
        &mut actors,
        attributions.iter().filter_map(|a| a.accused.clone()),
    );
    let first_reported = events
        .iter()
        .filter_map(|&at| corpus.doc(at).meta.published)
        .min()
        .map(|d| d.to_string());
    let when = operations
        .iter()
        .filter_map(|s| time_value(corpus.event(s.at)))
        .filter_map(|v| PartialDate::parse_iso(v).map(|d| (d, v)))
        .min()
        .map(|(_, v)| v.to_string());
    let kind = incident_type(&own);

    let mut record = Incident {
        id: incident_id(corpus, &own),
        title: String::new(),
        kind,
        victims,
        actors,
        first_reported,
        when,
        attributions,
        denials,
        responses,
        malware: malware(corpus, &own, &events),
        products: products(corpus, &events),
        cves: cves(corpus, &events),
        articles: articles(corpus, &events),
        discrepancies: discrepancies(corpus, &operations),
        timeline: Vec::new(),
    };
    record.title = title(&record);
    record.timeline = timeline(corpus, &record, &operations);
    record
}

/// Hash of the sorted keys (article id, event index) of the seeds: the same seeds always
/// give the same id, whatever order the articles came in.
fn incident_id(corpus: &Corpus<'_>, seeds: &[&Seed]) -> String {
    let mut keys: Vec<String> = seeds
        .iter()
        .map(|s| format!("{}:{}", corpus.doc(s.at).id, s.at.idx))
        .collect();
    keys.sort();
    hash_id(keys)
}

/// Entities from several lists, most often named first, then in order of first appearance.
fn ranked<'a>(lists: impl Iterator<Item = &'a [Entity]>) -> Vec<Entity> {
    let mut seen: Vec<(Entity, usize)> = Vec::new();
    for e in lists.flatten() {
        match seen.iter_mut().find(|(x, _)| x.id == e.id) {
            Some((_, n)) => *n += 1,
            None => seen.push((e.clone(), 1)),
        }
    }
    // A stable sort keeps first appearance among equals.
    seen.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    seen.into_iter().map(|(e, _)| e).collect()
}

/// The most frequent operation type among the seeds (the earliest on a tie).
fn incident_type(seeds: &[&Seed]) -> EventType {
    let real: Vec<&&Seed> = seeds.iter().filter(|s| !s.stand_in).collect();
    let pool: Vec<EventType> = if real.is_empty() {
        seeds.iter().map(|s| s.kind).collect()
    } else {
        real.iter().map(|s| s.kind).collect()
    };
    let mut counts: Vec<(EventType, usize)> = Vec::new();
    for k in pool {
        match counts.iter_mut().find(|(x, _)| *x == k) {
            Some((_, n)) => *n += 1,
            None => counts.push((k, 1)),
        }
    }
    counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    counts.first().map_or(EventType::Intrusion, |(k, _)| *k)
}

/// The date of a statement or response: its own time, else its article's publication.
fn event_date(corpus: &Corpus<'_>, at: EventAt) -> Option<String> {
    time_value(corpus.event(at))
        .map(str::to_string)
        .or_else(|| corpus.doc(at).meta.published.map(|d| d.to_string()))
}

/// The earlier of two optional dates (a known date wins over none).
fn earlier(a: Option<String>, b: Option<String>) -> Option<String> {
    let key = |d: &Option<String>| d.as_deref().and_then(PartialDate::parse_iso);
    match (key(&a), key(&b)) {
        (Some(x), Some(y)) if y < x => b,
        (None, Some(_)) => b,
        _ => a,
    }
}

/// Add `source` unless the article is cited already.
fn cite(sources: &mut Vec<ArticleRef>, source: ArticleRef) {
    if !sources.iter().any(|s| s.id == source.id) {
        sources.push(source);
    }
}

/// Entities of the event's arguments in `roles`, or `[None]` when there are none.
fn parties(
    corpus: &Corpus<'_>,
    at: EventAt,
    roles: &[Role],
    invent: EntityKind,
) -> Vec<Option<Entity>> {
    let found = role_entities(corpus.doc(at), corpus.event(at), roles, invent);
    if found.is_empty() {
        vec![None]
    } else {
        found.into_iter().map(Some).collect()
    }
}

fn id_of(e: &Option<Entity>) -> String {
    e.as_ref().map(|e| e.id.clone()).unwrap_or_default()
}

/// One record per speaker and accused, merged across articles.
fn attributions(corpus: &Corpus<'_>, events: &[EventAt]) -> Vec<AttributionRecord> {
    let mut out: Vec<AttributionRecord> = Vec::new();
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    for &at in events
        .iter()
        .filter(|&&at| corpus.event(at).kind == EventType::Attribution)
    {
        let ev = corpus.event(at);
        for speaker in parties(corpus, at, &[Role::Speaker], EntityKind::Organization) {
            for accused in parties(corpus, at, &[Role::Accused], EntityKind::ThreatActor) {
                let key = (id_of(&speaker), id_of(&accused));
                let date = event_date(corpus, at);
                let i = *index.entry(key).or_insert_with(|| {
                    out.push(AttributionRecord {
                        speaker: speaker.clone(),
                        accused: accused.clone(),
                        date: date.clone(),
                        hedge: None,
                        sources: Vec::new(),
                    });
                    out.len() - 1
                });
                let rec = &mut out[i];
                rec.date = earlier(rec.date.take(), date);
                if rec.hedge.is_none() {
                    rec.hedge = ev.hedge.clone();
                }
                cite(&mut rec.sources, event_ref(corpus, at));
            }
        }
    }
    out
}

/// One record per denying speaker, merged across articles.
fn denials(corpus: &Corpus<'_>, events: &[EventAt]) -> Vec<DenialRecord> {
    let mut out: Vec<DenialRecord> = Vec::new();
    for &at in events
        .iter()
        .filter(|&&at| corpus.event(at).kind == EventType::Denial)
    {
        for speaker in parties(corpus, at, &[Role::Speaker], EntityKind::Organization) {
            let date = event_date(corpus, at);
            let i = match out
                .iter()
                .position(|d| id_of(&d.speaker) == id_of(&speaker))
            {
                Some(i) => i,
                None => {
                    out.push(DenialRecord {
                        speaker,
                        date: date.clone(),
                        sources: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            out[i].date = earlier(out[i].date.take(), date);
            cite(&mut out[i].sources, event_ref(corpus, at));
        }
    }
    out
}

/// One record per response type, actor and target, merged across articles.
fn responses(corpus: &Corpus<'_>, events: &[EventAt]) -> Vec<ResponseRecord> {
    let mut out: Vec<ResponseRecord> = Vec::new();
    let is_response = |at: &&EventAt| {
        corpus.event(**at).kind.family() == dossier_model::event::EventFamily::Response
    };
    for &at in events.iter().filter(is_response) {
        let kind = corpus.event(at).kind;
        // "The US and the UK imposed sanctions": one record per responder.
        let pairs: Vec<(Option<Entity>, Option<Entity>)> =
            parties(corpus, at, &[Role::By], EntityKind::Organization)
                .into_iter()
                .flat_map(|by| {
                    parties(corpus, at, &[Role::Against], EntityKind::Organization)
                        .into_iter()
                        .map(move |against| (by.clone(), against))
                })
                .collect();
        for (by, against) in pairs {
            let date = event_date(corpus, at);
            let same = |r: &ResponseRecord| {
                r.kind == kind && id_of(&r.by) == id_of(&by) && id_of(&r.against) == id_of(&against)
            };
            let i = match out.iter().position(same) {
                Some(i) => i,
                None => {
                    out.push(ResponseRecord {
                        kind,
                        by: by.clone(),
                        against,
                        date: date.clone(),
                        sources: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            out[i].date = earlier(out[i].date.take(), date);
            cite(&mut out[i].sources, event_ref(corpus, at));
        }
    }
    out
}

/// Entities of `kinds` mentioned in the sentences of the events.
fn named_in_sentences(
    corpus: &Corpus<'_>,
    events: &[EventAt],
    kinds: &[EntityKind],
) -> Vec<Entity> {
    let mut out = Vec::new();
    for &at in events {
        let doc = corpus.doc(at);
        let mut found = entities_within(doc, sentence_of(doc, corpus.event(at)));
        found.retain(|e| kinds.contains(&e.kind));
        extend_unique(&mut out, found);
    }
    out
}

/// Malware and tools: the seeds' malware, tool arguments, malware named in the sentences.
fn malware(corpus: &Corpus<'_>, seeds: &[&Seed], events: &[EventAt]) -> Vec<Entity> {
    let mut out = Vec::new();
    seeds
        .iter()
        .for_each(|s| extend_unique(&mut out, s.malware.iter().cloned()));
    for &at in events {
        let doc = corpus.doc(at);
        let tools = corpus
            .event(at)
            .args_with(Role::Tool)
            .flat_map(|a| arg_entities(doc, a, None))
            .filter(|e| matches!(e.kind, EntityKind::Malware | EntityKind::Tool));
        extend_unique(&mut out, tools);
    }
    extend_unique(
        &mut out,
        named_in_sentences(corpus, events, &[EntityKind::Malware]),
    );
    out
}

/// Products: vulnerable systems named as arguments or products named in the sentences.
fn products(corpus: &Corpus<'_>, events: &[EventAt]) -> Vec<Entity> {
    let mut out = Vec::new();
    for &at in events {
        let doc = corpus.doc(at);
        let systems = corpus
            .event(at)
            .args_with(Role::VulnerableSystem)
            .flat_map(|a| arg_entities(doc, a, None))
            .filter(|e| e.kind == EntityKind::Product);
        extend_unique(&mut out, systems);
    }
    extend_unique(
        &mut out,
        named_in_sentences(corpus, events, &[EntityKind::Product]),
    );
    out
}

/// CVE ids from `cve` arguments, CVE indicators and vulnerability entities in the sentences.
fn cves(corpus: &Corpus<'_>, events: &[EventAt]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |text: &str| {
        let id = text.trim().to_ascii_uppercase();
        if is_cve_id(&id) && !out.contains(&id) {
            out.push(id);
        }
    };
    for &at in events {
        let doc = corpus.doc(at);
        let ev = corpus.event(at);
        ev.args_with(Role::Cve).for_each(|a| add(&a.text));
        let sentence = sentence_of(doc, ev);
        doc.indicators
            .iter()
            .filter(|i| {
                i.kind == IndicatorKind::Cve
                    && sentence.contains(dossier_model::Span::new(i.start, i.end))
            })
            .for_each(|i| add(&i.value));
        entities_within(doc, sentence)
            .iter()
            .filter(|e| e.kind == EntityKind::Vulnerability)
            .for_each(|e| add(&e.name));
    }
    out
}

/// `CVE-YYYY-NNNN...`.
fn is_cve_id(s: &str) -> bool {
    let mut parts = s.split('-');
    parts.next() == Some("CVE")
        && parts
            .next()
            .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        && parts
            .next()
            .is_some_and(|n| n.len() >= 4 && n.bytes().all(|b| b.is_ascii_digit()))
        && parts.next().is_none()
}

/// One reference per article, in corpus order, quoting the sentence of the article's
/// first event in the incident.
fn articles(corpus: &Corpus<'_>, events: &[EventAt]) -> Vec<ArticleRef> {
    let mut first: BTreeMap<usize, EventAt> = BTreeMap::new();
    for &at in events {
        let earliest = |a: EventAt| {
            let doc = corpus.doc(a);
            (sentence_of(doc, corpus.event(a)).start, a.idx)
        };
        first
            .entry(at.doc)
            .and_modify(|f| {
                if earliest(at) < earliest(*f) {
                    *f = at;
                }
            })
            .or_insert(at);
    }
    first
        .into_values()
        .map(|at| event_ref(corpus, at))
        .collect()
}

/// How the title names an operation type.
fn type_label(kind: EventType) -> &'static str {
    match kind {
        EventType::Intrusion => "Intrusion",
        EventType::Espionage => "Espionage",
        EventType::DataBreach => "Data breach",
        EventType::Phishing => "Phishing",
        EventType::Ransom => "Ransomware attack",
        EventType::Disruption => "Disruptive attack",
        EventType::Influence => "Influence operation",
        EventType::FinancialTheft => "Financial theft",
        EventType::VulnerabilityDiscovery => "Vulnerability disclosure",
        EventType::Patch => "Patch",
        EventType::Attribution => "Attribution",
        EventType::Denial => "Denial",
        EventType::Warning => "Warning",
        EventType::Sanction => "Sanctions",
        EventType::Indictment => "Indictment",
        EventType::Arrest => "Arrest",
        EventType::Summons => "Summons",
        EventType::DiplomaticTalks => "Diplomatic talks",
        EventType::Expulsion => "Expulsion",
        EventType::Advisory => "Advisory",
        EventType::Takedown => "Takedown",
    }
}

/// "A", "A and B", "A, B and 3 others".
fn names(entities: &[Entity]) -> String {
    match entities {
        [] => String::new(),
        [a] => a.name.clone(),
        [a, b] => format!("{} and {}", a.name, b.name),
        [a, b, rest @ ..] => format!(
            "{}, {} and {} other{}",
            a.name,
            b.name,
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ),
    }
}

/// "Espionage against Dutch Ministry of Defence attributed to China".
fn title(inc: &Incident) -> String {
    let mut title = type_label(inc.kind).to_string();
    if !inc.victims.is_empty() {
        title.push_str(" against ");
        title.push_str(&names(&inc.victims));
    }
    if !inc.actors.is_empty() {
        let verb = if inc.attributions.is_empty() {
            " by "
        } else {
            " attributed to "
        };
        title.push_str(verb);
        title.push_str(&names(&inc.actors[..inc.actors.len().min(2)]));
    }
    if inc.victims.is_empty() && inc.actors.is_empty() {
        title.push_str(" by an unnamed actor against an unnamed victim");
    }
    title
}

fn name_or(e: &Option<Entity>, fallback: &str) -> String {
    e.as_ref()
        .map_or_else(|| fallback.to_string(), |e| e.name.clone())
}

/// Operation, disclosure, attributions, denials and responses in date order (undated last).
fn timeline(corpus: &Corpus<'_>, inc: &Incident, operations: &[&Seed]) -> Vec<TimelineEntry> {
    let mut out = Vec::new();
    if !operations.is_empty() {
        let mut sources = Vec::new();
        for s in operations {
            cite(&mut sources, event_ref(corpus, s.at));
        }
        let mut summary = type_label(inc.kind).to_string();
        if !inc.victims.is_empty() {
            summary = format!("{summary} against {}", names(&inc.victims));
        }
        out.push(TimelineEntry {
            date: inc.when.clone(),
            kind: "operation".into(),
            summary,
            sources,
        });
    }
    if let Some(first) = inc
        .articles
        .iter()
        .find(|a| a.published == inc.first_reported)
        .or(inc.articles.first())
    {
        let by = first
            .outlet
            .clone()
            .or_else(|| first.title.clone())
            .unwrap_or_else(|| first.source.clone());
        out.push(TimelineEntry {
            date: inc.first_reported.clone(),
            kind: "disclosure".into(),
            summary: format!("First reported by {by}"),
            sources: vec![first.clone()],
        });
    }
    for a in &inc.attributions {
        let mut summary = format!(
            "{} attributes it to {}",
            name_or(&a.speaker, "A source"),
            name_or(&a.accused, "an unnamed actor")
        );
        if let Some(h) = &a.hedge {
            summary = format!("{summary} ({h})");
        }
        out.push(TimelineEntry {
            date: a.date.clone(),
            kind: "attribution".into(),
            summary,
            sources: a.sources.clone(),
        });
    }
    for d in &inc.denials {
        out.push(TimelineEntry {
            date: d.date.clone(),
            kind: "denial".into(),
            summary: format!("{} denies involvement", name_or(&d.speaker, "The accused")),
            sources: d.sources.clone(),
        });
    }
    for r in &inc.responses {
        let mut summary = format!(
            "{} by {}",
            type_label(r.kind),
            name_or(&r.by, "an unnamed party")
        );
        if let Some(against) = &r.against {
            summary = format!("{summary} against {}", against.name);
        }
        out.push(TimelineEntry {
            date: r.date.clone(),
            kind: r.kind.as_str().into(),
            summary,
            sources: r.sources.clone(),
        });
    }
    out.sort_by_key(|e| {
        let d = e.date.as_deref().and_then(PartialDate::parse_iso);
        (d.is_none(), d)
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cve_ids_are_recognised_strictly() {
        assert!(is_cve_id("CVE-2023-27997"));
        assert!(!is_cve_id("CVE-23-1"));
        assert!(!is_cve_id("CVE-2023-27997-x"));
    }

    #[test]
    fn earlier_prefers_known_and_older_dates() {
        assert_eq!(
            earlier(Some("2021-05".into()), Some("2020".into())),
            Some("2020".into())
        );
        assert_eq!(earlier(None, Some("2020".into())), Some("2020".into()));
        assert_eq!(earlier(Some("2019".into()), None), Some("2019".into()));
    }
}
