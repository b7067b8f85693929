//! Selecting incidents: by actor, victim country, type and date range; and the roles an
//! entity plays in an incident.

use std::collections::BTreeSet;

use dossier_model::incident::Incident;
use dossier_model::{Entity, EventType, PartialDate};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiError;

/// The filters of `GET /api/incidents`, checked.
#[derive(Debug, Default, Clone)]
pub(crate) struct IncidentFilter {
    /// An actor's id, name (any case) or state code; also matches the accused of an
    /// attribution.
    pub actor: Option<String>,
    /// ISO 3166-1 alpha-2 of a victim's state.
    pub victim_country: Option<String>,
    /// The operation type.
    pub kind: Option<EventType>,
    /// Earliest date (`YYYY[-MM[-DD]]`), inclusive.
    pub from: Option<String>,
    /// Latest date, inclusive.
    pub to: Option<String>,
}

impl IncidentFilter {
    /// Check the raw query values: the type must be known and the dates ISO.
    pub fn parse(
        actor: Option<&str>,
        victim_country: Option<&str>,
        kind: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Self, ApiError> {
        let kind = nonempty(kind)
            .map(|k| {
                k.parse::<EventType>().map_err(|_| {
                    let known: Vec<&str> = EventType::ALL
                        .iter()
                        .filter(|t| t.is_operation())
                        .map(EventType::as_str)
                        .collect();
                    ApiError::bad_request(format!(
                        "unknown incident type {k:?}; use one of {}",
                        known.join(", ")
                    ))
                })
            })
            .transpose()?;
        let date = |name: &str, v: Option<&str>| -> Result<Option<String>, ApiError> {
            nonempty(v)
                .map(|d| {
                    PartialDate::parse_iso(d)
                        .map(|p| p.to_string())
                        .ok_or_else(|| {
                            ApiError::bad_request(format!(
                                "{name}={d:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
                            ))
                        })
                })
                .transpose()
        };
        Ok(IncidentFilter {
            actor: nonempty(actor).map(str::to_string),
            victim_country: nonempty(victim_country).map(str::to_uppercase),
            kind,
            from: date("from", from)?,
            to: date("to", to)?,
        })
    }

    /// Whether the incident passes every filter that is set.
    pub fn matches(&self, incident: &Incident) -> bool {
        self.actor.as_deref().is_none_or(|a| has_actor(incident, a))
            && self.victim_country.as_deref().is_none_or(|c| {
                incident
                    .victims
                    .iter()
                    .any(|v| v.country.as_deref() == Some(c))
            })
            && self.kind.is_none_or(|k| incident.kind == k)
            && self.in_range(incident_date(incident))
    }

    /// A partial date is a period: it passes when that period overlaps the range.
    fn in_range(&self, date: Option<&str>) -> bool {
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        let Some(date) = date else { return false };
        self.from
            .as_deref()
            .is_none_or(|from| common_prefix_cmp(date, from).is_ge())
            && self
                .to
                .as_deref()
                .is_none_or(|to| common_prefix_cmp(date, to).is_le())
    }
}

/// The trimmed value, unless it is empty.
fn nonempty(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

/// Compare two ISO dates at the precision of the coarser one (`2023` equals `2023-05`).
fn common_prefix_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let n = a.len().min(b.len());
    a[..n].cmp(&b[..n])
}

/// The date an incident is placed at: when it happened, else when it was first reported.
pub(crate) fn incident_date(incident: &Incident) -> Option<&str> {
    incident
        .when
        .as_deref()
        .or(incident.first_reported.as_deref())
}

/// The year an incident is placed in.
pub(crate) fn incident_year(incident: &Incident) -> Option<&str> {
    incident_date(incident).and_then(|d| d.get(..4))
}

fn entity_is(e: &Entity, query: &str) -> bool {
    e.id == query
        || e.name.eq_ignore_ascii_case(query)
        || e.country
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(query))
}

fn has_actor(incident: &Incident, query: &str) -> bool {
    incident.actors.iter().any(|e| entity_is(e, query))
        || incident
            .attributions
            .iter()
            .filter_map(|a| a.accused.as_ref())
            .any(|e| entity_is(e, query))
}

/// The states held responsible: actors' states and the states of the accused.
pub(crate) fn attributed_states(incident: &Incident) -> BTreeSet<&str> {
    let accused = incident
        .attributions
        .iter()
        .filter_map(|a| a.accused.as_ref());
    incident
        .actors
        .iter()
        .chain(accused)
        .filter_map(|e| e.country.as_deref())
        .collect()
}

/// The states of the victims.
pub(crate) fn victim_countries(incident: &Incident) -> BTreeSet<&str> {
    incident
        .victims
        .iter()
        .filter_map(|e| e.country.as_deref())
        .collect()
}

/// What part an entity plays in an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum EntityRole {
    /// Held responsible.
    Actor,
    /// Suffered it.
    Victim,
    /// Malware used.
    Malware,
    /// A product involved.
    Product,
    /// Blamed someone.
    Accuser,
    /// Was blamed.
    Accused,
    /// Denied the blame.
    Denier,
    /// Took a response.
    Responder,
    /// Was the target of a response.
    ResponseTarget,
}

impl EntityRole {
    /// Words for a page.
    pub fn label(self) -> &'static str {
        match self {
            EntityRole::Actor => "actor",
            EntityRole::Victim => "victim",
            EntityRole::Malware => "malware",
            EntityRole::Product => "product",
            EntityRole::Accuser => "attributes",
            EntityRole::Accused => "accused",
            EntityRole::Denier => "denies",
            EntityRole::Responder => "responds",
            EntityRole::ResponseTarget => "response target",
        }
    }
}

/// Every role the entity `id` plays in the incident (empty when it plays none).
pub(crate) fn roles_of(incident: &Incident, id: &str) -> BTreeSet<EntityRole> {
    let is = |e: &Option<Entity>| e.as_ref().is_some_and(|e| e.id == id);
    let in_list = |list: &[Entity]| list.iter().any(|e| e.id == id);
    let mut roles = BTreeSet::new();
    let mut add = |hit: bool, role| {
        if hit {
            roles.insert(role);
        }
    };
    add(in_list(&incident.actors), EntityRole::Actor);
    add(in_list(&incident.victims), EntityRole::Victim);
    add(in_list(&incident.malware), EntityRole::Malware);
    add(in_list(&incident.products), EntityRole::Product);
    for a in &incident.attributions {
        add(is(&a.speaker), EntityRole::Accuser);
        add(is(&a.accused), EntityRole::Accused);
    }
    for d in &incident.denials {
        add(is(&d.speaker), EntityRole::Denier);
    }
    for r in &incident.responses {
        add(is(&r.by), EntityRole::Responder);
        add(is(&r.against), EntityRole::ResponseTarget);
    }
    roles
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::EntityKind;

    fn entity(id: &str, name: &str, country: &str) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind: EntityKind::Country,
            country: Some(country.into()),
            aliases_matched: vec![],
            mentions: vec![],
        }
    }

    fn incident(when: Option<&str>, reported: Option<&str>) -> Incident {
        Incident {
            id: "i1".into(),
            title: "t".into(),
            kind: EventType::Espionage,
            victims: vec![entity("gov:nl-mod", "Dutch Ministry of Defence", "NL")],
            actors: vec![entity("actor:apt31", "APT31", "CN")],
            first_reported: reported.map(str::to_string),
            when: when.map(str::to_string),
            attributions: vec![],
            denials: vec![],
            responses: vec![],
            malware: vec![],
            products: vec![],
            cves: vec![],
            articles: vec![],
            discrepancies: vec![],
            timeline: vec![],
        }
    }

    fn filter(from: Option<&str>, to: Option<&str>) -> IncidentFilter {
        IncidentFilter::parse(None, None, None, from, to).expect("valid")
    }

    #[test]
    fn partial_dates_match_ranges_they_overlap() {
        let year = incident(Some("2023"), Some("2024-02-06"));
        assert!(filter(Some("2023-06-01"), None).matches(&year));
        assert!(filter(None, Some("2023-01")).matches(&year));
        assert!(!filter(Some("2024"), None).matches(&year));
        let reported_only = incident(None, Some("2024-02-06"));
        assert!(filter(Some("2024-02"), Some("2024-02")).matches(&reported_only));
        assert!(!filter(None, Some("2024-01-31")).matches(&reported_only));
        assert!(!filter(Some("2020"), None).matches(&incident(None, None)));
    }

    #[test]
    fn actor_matches_by_id_name_or_state() {
        let i = incident(None, None);
        for q in ["actor:apt31", "apt31", "cn"] {
            let f = IncidentFilter::parse(Some(q), None, None, None, None).expect("valid");
            assert!(f.matches(&i), "{q}");
        }
        let f = IncidentFilter::parse(Some("RU"), Some("nl"), None, None, None).expect("valid");
        assert!(!f.matches(&i));
        let f =
            IncidentFilter::parse(None, Some("nl"), Some("espionage"), None, None).expect("valid");
        assert!(f.matches(&i));
    }

    #[test]
    fn bad_type_or_date_is_a_400_that_says_what_to_use() {
        let e = IncidentFilter::parse(None, None, Some("hacking"), None, None).unwrap_err();
        assert!(e.message.contains("espionage"));
        let e = IncidentFilter::parse(None, None, None, Some("last year"), None).unwrap_err();
        assert!(e.message.contains("YYYY-MM-DD"));
    }

    #[test]
    fn roles_list_every_part_played() {
        let i = incident(None, None);
        assert_eq!(
            roles_of(&i, "actor:apt31").into_iter().collect::<Vec<_>>(),
            vec![EntityRole::Actor]
        );
        assert!(roles_of(&i, "country:RU").is_empty());
    }
}
