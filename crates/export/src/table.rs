//! One CSV row per incident, with columns shaped like EuRepoC-style incident datasets.

use std::collections::BTreeSet;
use std::io::Write;

use dossier_model::incident::Incident;
use dossier_model::{Entity, EntityKind, EventType};

use crate::ExportError;
use crate::confidence::confidence_of_hedge;
use crate::select::{Selection, link_of_ref};

/// Response types that get a column each, in column order.
const RESPONSE_COLUMNS: [EventType; 8] = [
    EventType::Sanction,
    EventType::Indictment,
    EventType::Arrest,
    EventType::Summons,
    EventType::DiplomaticTalks,
    EventType::Expulsion,
    EventType::Advisory,
    EventType::Takedown,
];

/// The header of the incident CSV. Several values in one cell are joined by `"; "`.
pub const INCIDENT_COLUMNS: [&str; 30] = [
    "incident_id",
    "name",
    "incident_type",
    "start_date",
    "first_reported",
    "receiver_name",
    "receiver_country",
    "receiver_category",
    "receiver_sector",
    "initiator_name",
    "initiator_country",
    "initiator_category",
    "number_of_attributions",
    "attribution_basis",
    "attributing_actor",
    "attributing_country",
    "attribution_hedge",
    "attribution_confidence",
    "denied_by",
    "response_sanction",
    "response_indictment",
    "response_arrest",
    "response_summons",
    "response_diplomatic_talks",
    "response_expulsion",
    "response_advisory",
    "response_takedown",
    "malware",
    "cves",
    "sources",
];

/// Write the header and one row per selected incident.
pub(crate) fn write_incidents(sel: &Selection<'_>, out: &mut dyn Write) -> Result<(), ExportError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(INCIDENT_COLUMNS)?;
    for incident in &sel.incidents {
        w.write_record(row(incident, sel))?;
    }
    w.flush()?;
    Ok(())
}

fn row(i: &Incident, sel: &Selection<'_>) -> Vec<String> {
    let initiators = initiators(i);
    let victim_countries: BTreeSet<&str> = i
        .victims
        .iter()
        .filter_map(|v| v.country.as_deref())
        .collect();
    let speakers: Vec<&Entity> = i
        .attributions
        .iter()
        .filter_map(|a| a.speaker.as_ref())
        .collect();
    let basis = i.attributions.iter().map(|a| {
        a.speaker
            .as_ref()
            .map_or("media-report", |s| attribution_basis(s, &victim_countries))
    });
    let confidence = i
        .attributions
        .iter()
        .map(|a| confidence_of_hedge(a.hedge.as_deref()))
        .max()
        .map_or(String::new(), |c| c.to_string());
    let mut cells = vec![
        i.id.clone(),
        i.title.clone(),
        i.kind.as_str().to_string(),
        i.when.clone().unwrap_or_default(),
        i.first_reported.clone().unwrap_or_default(),
        join(i.victims.iter().map(|v| v.name.as_str())),
        join(i.victims.iter().filter_map(|v| v.country.as_deref())),
        join(i.victims.iter().map(|v| receiver_category(v.kind))),
        join(i.victims.iter().map(receiver_sector)),
        join(initiators.iter().map(|a| a.name.as_str())),
        join(initiators.iter().filter_map(|a| a.country.as_deref())),
        join(initiators.iter().map(|a| initiator_category(a))),
        i.attributions.len().to_string(),
        join(basis),
        join(speakers.iter().map(|s| s.name.as_str())),
        join(speakers.iter().filter_map(|s| s.country.as_deref())),
        join(i.attributions.iter().filter_map(|a| a.hedge.as_deref())),
        confidence,
        join(
            i.denials
                .iter()
                .filter_map(|d| d.speaker.as_ref())
                .map(|s| s.name.as_str()),
        ),
    ];
    for kind in RESPONSE_COLUMNS {
        let parts = i.responses.iter().filter(|r| r.kind == kind).map(|r| {
            let by = r.by.as_ref().map_or("unknown", |b| b.name.as_str());
            match &r.against {
                Some(a) => format!("{by} against {}", a.name),
                None => by.to_string(),
            }
        });
        cells.push(join_owned(parts));
    }
    cells.push(join(i.malware.iter().map(|m| m.name.as_str())));
    cells.push(join(i.cves.iter().map(String::as_str)));
    cells.push(join(i.articles.iter().map(|r| link_of_ref(sel, r))));
    cells
}

/// The actors held responsible: the incident's actors, then everyone accused, each once.
fn initiators(i: &Incident) -> Vec<&Entity> {
    let accused = i.attributions.iter().filter_map(|a| a.accused.as_ref());
    let mut seen = BTreeSet::new();
    i.actors
        .iter()
        .chain(accused)
        .filter(|e| seen.insert(e.id.as_str()))
        .collect()
}

/// Who attributes, relative to the victims: the victim's own state, another state, an
/// international body, a company (typically IT security), a person.
fn attribution_basis(speaker: &Entity, victim_countries: &BTreeSet<&str>) -> &'static str {
    match speaker.kind {
        k if k.is_state_organ() => {
            let own = speaker
                .country
                .as_deref()
                .is_some_and(|c| victim_countries.contains(c));
            if own {
                "receiver-state"
            } else {
                "third-party-state"
            }
        }
        EntityKind::Organization => "international-organization",
        EntityKind::Company => "company",
        EntityKind::Person => "individual",
        _ => "other",
    }
}

/// EuRepoC-like receiver categories.
fn receiver_category(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Country
        | EntityKind::Government
        | EntityKind::Agency
        | EntityKind::Military => "State institutions / political system",
        EntityKind::Sector => "Critical infrastructure",
        EntityKind::Company | EntityKind::Product => "Corporate targets",
        EntityKind::Organization => "Social groups / organisations",
        EntityKind::Person => "End user(s)",
        _ => "Unknown",
    }
}

/// The receiver's sector: the sector's name, else its kind.
fn receiver_sector(e: &Entity) -> &str {
    if e.kind == EntityKind::Sector {
        &e.name
    } else {
        e.kind.as_str()
    }
}

/// EuRepoC-like initiator categories.
fn initiator_category(e: &Entity) -> &'static str {
    match e.kind {
        k if k.is_state_organ() => "State",
        EntityKind::ThreatActor if e.country.is_some() => {
            "Non-state actor, state-affiliation suggested"
        }
        EntityKind::ThreatActor | EntityKind::Organization | EntityKind::Company => {
            "Non-state group"
        }
        EntityKind::Person => "Individual hacker(s)",
        _ => "Unknown",
    }
}

/// Distinct values in first-seen order, joined by `"; "`.
fn join<'a>(values: impl Iterator<Item = &'a str>) -> String {
    let mut seen = BTreeSet::new();
    values
        .filter(|v| !v.is_empty() && seen.insert(*v))
        .collect::<Vec<_>>()
        .join("; ")
}

fn join_owned(values: impl Iterator<Item = String>) -> String {
    let values: Vec<String> = values.collect();
    join(values.iter().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(id: &str, kind: EntityKind, country: Option<&str>) -> Entity {
        Entity {
            id: id.into(),
            name: id.into(),
            kind,
            country: country.map(String::from),
            aliases_matched: Vec::new(),
            mentions: Vec::new(),
        }
    }

    #[test]
    fn basis_tells_receiver_state_from_third_party() {
        let victims = BTreeSet::from(["NL"]);
        let mivd = entity("agency:nl-mivd", EntityKind::Agency, Some("NL"));
        let us = entity("country:US", EntityKind::Country, Some("US"));
        assert_eq!(attribution_basis(&mivd, &victims), "receiver-state");
        assert_eq!(attribution_basis(&us, &victims), "third-party-state");
    }

    #[test]
    fn unnamed_state_hackers_are_state_affiliated() {
        let actors = entity("local:threat-actor:x", EntityKind::ThreatActor, Some("CN"));
        assert_eq!(
            initiator_category(&actors),
            "Non-state actor, state-affiliation suggested"
        );
        assert_eq!(join(["a", "", "b", "a"].into_iter()), "a; b");
    }
}
