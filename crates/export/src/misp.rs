//! MISP events: one per incident, with indicators, CVEs and sources as attributes,
//! galaxy tags for threat actors and countries, and the statements as an event report.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use dossier_kb::Kb;
use dossier_model::incident::{ArticleRef, Incident};
use dossier_model::{Entity, EntityKind, EventType, IndicatorKind};
use serde_json::{Value, json};

use crate::confidence::confidence_of_hedge;
use crate::ids::uuid_of;
use crate::select::{Selection, is_url, iso_day, link_of_ref};

/// MISP's `threat_level_id`: 1 high, 2 medium, 3 low.
fn threat_level(incident: &Incident) -> &'static str {
    let hard_response = incident.responses.iter().any(|r| {
        matches!(
            r.kind,
            EventType::Sanction | EventType::Indictment | EventType::Expulsion | EventType::Arrest
        )
    });
    let state_actor = incident
        .actors
        .iter()
        .chain(
            incident
                .attributions
                .iter()
                .filter_map(|a| a.accused.as_ref()),
        )
        .any(|a| a.country.is_some());
    if hard_response || incident.kind == EventType::Disruption {
        "1"
    } else if state_actor {
        "2"
    } else {
        "3"
    }
}

/// MISP's `analysis`: 0 initial (no attribution yet), 1 ongoing (attributed), 2 completed
/// (attributed and answered by a response).
fn analysis(incident: &Incident) -> &'static str {
    match (
        incident.attributions.is_empty(),
        incident.responses.is_empty(),
    ) {
        (true, _) => "0",
        (false, true) => "1",
        (false, false) => "2",
    }
}

/// The MISP REST shape for several events, as `MISPEvent.load` and MISP's JSON import
/// read it: `{"response": [{"Event": ...}, ...]}`.
pub(crate) fn response(events: Vec<Value>) -> Value {
    json!({ "response": events })
}

/// One incident as `{"Event": {...}}`.
pub(crate) fn event(incident: &Incident, sel: &Selection<'_>, kb: &Kb) -> Value {
    let attributes = attributes(incident, sel);
    let tags: Vec<Value> = tags(incident, kb)
        .into_iter()
        .map(|name| json!({ "name": name }))
        .collect();
    let report = json!({
        "uuid": uuid_of(&format!("misp-report|{}", incident.id)).to_string(),
        "name": format!("dossier: {}", incident.title),
        "content": report_markdown(incident, sel),
        "distribution": "5",
    });
    json!({
        "Event": {
            "uuid": uuid_of(&format!("misp-event|{}", incident.id)).to_string(),
            "info": incident.title,
            "date": iso_day(sel.incident_date(incident)),
            "threat_level_id": threat_level(incident),
            "analysis": analysis(incident),
            "distribution": "0",
            "published": false,
            "Attribute": attributes,
            "Tag": tags,
            "EventReport": [report],
        }
    })
}

/// Attributes: indicators of the incident's articles, CVEs, accused actors and sources.
fn attributes(incident: &Incident, sel: &Selection<'_>) -> Vec<Value> {
    let mut out = Attributes::new(&incident.id);
    for r in unique_refs(&incident.articles) {
        let Some(doc) = sel.doc(&r.id) else { continue };
        for ind in &doc.indicators {
            let (kind, category) = misp_type(ind.kind);
            let comment = format!("named in {}", link_of_ref(sel, r));
            out.push(kind, category, &ind.value, &comment);
        }
    }
    for cve in &incident.cves {
        out.push(
            "vulnerability",
            "External analysis",
            cve,
            "named in reporting",
        );
    }
    for a in &incident.attributions {
        let Some(accused) = &a.accused else { continue };
        let speaker = a.speaker.as_ref().map_or("a source", |s| s.name.as_str());
        let hedge = a
            .hedge
            .as_deref()
            .map_or(String::new(), |h| format!(", {h}"));
        let quote = first_quote(&a.sources);
        let comment = format!(
            "attributed by {speaker}{hedge} (confidence {}){quote}",
            confidence_of_hedge(a.hedge.as_deref())
        );
        out.push("threat-actor", "Attribution", &accused.name, &comment);
    }
    for r in unique_refs(&incident.articles) {
        let link = link_of_ref(sel, r);
        let title = r.title.as_deref().unwrap_or("article");
        let (kind, comment) = if is_url(link) {
            ("link", format!("source: {title}"))
        } else {
            ("text", format!("source file: {title}"))
        };
        out.push(kind, "External analysis", link, &comment);
    }
    out.values
}

/// Attributes of one event, each (type, value) once.
struct Attributes<'a> {
    incident: &'a str,
    seen: BTreeSet<(String, String)>,
    values: Vec<Value>,
}

impl<'a> Attributes<'a> {
    fn new(incident: &'a str) -> Self {
        Attributes {
            incident,
            seen: BTreeSet::new(),
            values: Vec::new(),
        }
    }

    fn push(&mut self, kind: &str, category: &str, value: &str, comment: &str) {
        if !self.seen.insert((kind.to_string(), value.to_string())) {
            return;
        }
        let key = format!("misp-attribute|{}|{kind}|{value}", self.incident);
        self.values.push(json!({
            "uuid": uuid_of(&key).to_string(),
            "type": kind,
            "category": category,
            "value": value,
            // Values come from news text, not from vetted detections.
            "to_ids": false,
            "distribution": "5",
            "comment": comment,
        }));
    }
}

/// MISP attribute type and category of an indicator.
fn misp_type(kind: IndicatorKind) -> (&'static str, &'static str) {
    match kind {
        IndicatorKind::Ipv4 | IndicatorKind::Ipv6 => ("ip-dst", "Network activity"),
        IndicatorKind::Domain => ("domain", "Network activity"),
        IndicatorKind::Url => ("url", "Network activity"),
        IndicatorKind::Md5 => ("md5", "Payload delivery"),
        IndicatorKind::Sha1 => ("sha1", "Payload delivery"),
        IndicatorKind::Sha256 => ("sha256", "Payload delivery"),
        IndicatorKind::Email => ("email-src", "Payload delivery"),
        IndicatorKind::Cve => ("vulnerability", "External analysis"),
    }
}

/// `tlp:clear`, a threat-actor galaxy tag per named group, a country galaxy tag per state
/// of the actors and victims.
fn tags(incident: &Incident, kb: &Kb) -> Vec<String> {
    let mut actors = BTreeSet::new();
    let mut countries = BTreeSet::new();
    let accused = incident
        .attributions
        .iter()
        .filter_map(|a| a.accused.as_ref());
    for e in incident.actors.iter().chain(accused) {
        if e.kind == EntityKind::ThreatActor && e.is_linked() {
            actors.insert(galaxy_tag("threat-actor", &e.name));
        }
        countries.extend(country_tag(e, kb));
    }
    for e in &incident.victims {
        countries.extend(country_tag(e, kb));
    }
    std::iter::once("tlp:clear".to_string())
        .chain(actors)
        .chain(countries)
        .collect()
}

/// `misp-galaxy:country="<name>"`: the galaxy's values are lower-case English names.
fn country_tag(e: &Entity, kb: &Kb) -> Option<String> {
    let code = e.country.as_deref()?;
    let name = kb
        .get(&format!("country:{code}"))
        .map_or_else(|| e.name.clone(), |k| k.name.clone());
    Some(galaxy_tag("country", &name.to_lowercase()))
}

fn galaxy_tag(galaxy: &str, value: &str) -> String {
    format!("misp-galaxy:{galaxy}=\"{}\"", value.replace('"', "'"))
}

/// Article references, each article once.
fn unique_refs(refs: &[ArticleRef]) -> Vec<&ArticleRef> {
    let mut seen = BTreeSet::new();
    refs.iter().filter(|r| seen.insert(r.id.as_str())).collect()
}

/// `: "quote"` of the first source with evidence, or nothing.
fn first_quote(refs: &[ArticleRef]) -> String {
    refs.iter()
        .find_map(|r| r.evidence.as_ref())
        .map_or(String::new(), |e| format!(": \"{}\"", e.text.trim()))
}

/// The event report: what was said, by whom, with quotes and sources (Markdown).
fn report_markdown(incident: &Incident, sel: &Selection<'_>) -> String {
    let mut md = format!("# {}\n\n", incident.title);
    let _ = writeln!(md, "- Operation type: {}", incident.kind.as_str());
    if let Some(w) = &incident.when {
        let _ = writeln!(md, "- When: {w}");
    }
    if let Some(f) = &incident.first_reported {
        let _ = writeln!(md, "- First reported: {f}");
    }
    let names = |es: &[Entity]| {
        es.iter()
            .map(|e| e.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !incident.victims.is_empty() {
        let _ = writeln!(md, "- Victims: {}", names(&incident.victims));
    }
    if !incident.malware.is_empty() {
        let _ = writeln!(md, "- Malware and tools: {}", names(&incident.malware));
    }
    if !incident.products.is_empty() {
        let _ = writeln!(md, "- Products: {}", names(&incident.products));
    }
    section(
        &mut md,
        "Attributions",
        incident.attributions.iter().map(|a| {
            let speaker = a.speaker.as_ref().map_or("A source", |s| s.name.as_str());
            let accused = a.accused.as_ref().map_or("an actor", |s| s.name.as_str());
            let hedge = a
                .hedge
                .as_deref()
                .map_or(String::new(), |h| format!(" ({h})"));
            let head = format!(
                "{speaker} attributes it to {accused}{hedge}, confidence {}",
                confidence_of_hedge(a.hedge.as_deref())
            );
            (head, a.date.clone(), a.sources.as_slice())
        }),
        sel,
    );
    section(
        &mut md,
        "Denials",
        incident.denials.iter().map(|d| {
            let who = d
                .speaker
                .as_ref()
                .map_or("The accused", |s| s.name.as_str());
            (
                format!("{who} denies"),
                d.date.clone(),
                d.sources.as_slice(),
            )
        }),
        sel,
    );
    section(
        &mut md,
        "Responses",
        incident.responses.iter().map(|r| {
            let mut head = r.kind.as_str().replace('-', " ");
            if let Some(by) = &r.by {
                let _ = write!(head, " by {}", by.name);
            }
            if let Some(against) = &r.against {
                let _ = write!(head, " against {}", against.name);
            }
            (head, r.date.clone(), r.sources.as_slice())
        }),
        sel,
    );
    md.push_str("\n## Sources\n\n");
    for r in unique_refs(&incident.articles) {
        let title = r.title.as_deref().unwrap_or("article");
        let _ = writeln!(md, "- {title}: {}", link_of_ref(sel, r));
    }
    md
}

/// A Markdown section of statements, each with its date and quoted sources.
fn section<'r>(
    md: &mut String,
    heading: &str,
    items: impl Iterator<Item = (String, Option<String>, &'r [ArticleRef])>,
    sel: &Selection<'_>,
) {
    let mut items = items.peekable();
    if items.peek().is_none() {
        return;
    }
    let _ = write!(md, "\n## {heading}\n\n");
    for (head, date, sources) in items {
        let date = date.map_or(String::new(), |d| format!(" ({d})"));
        let _ = writeln!(md, "- {head}{date}");
        for r in sources {
            if let Some(e) = &r.evidence {
                let _ = writeln!(md, "  > {}  \n  [{}]", e.text.trim(), link_of_ref(sel, r));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn galaxy_tags_quote_their_value() {
        assert_eq!(
            galaxy_tag("threat-actor", "APT31"),
            "misp-galaxy:threat-actor=\"APT31\""
        );
        assert_eq!(galaxy_tag("country", "x\"y"), "misp-galaxy:country=\"x'y\"");
    }

    #[test]
    fn hashes_and_addresses_get_their_misp_types() {
        assert_eq!(misp_type(IndicatorKind::Sha256).0, "sha256");
        assert_eq!(misp_type(IndicatorKind::Ipv6).0, "ip-dst");
        assert_eq!(
            misp_type(IndicatorKind::Email),
            ("email-src", "Payload delivery")
        );
    }
}
