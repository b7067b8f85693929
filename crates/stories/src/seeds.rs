//! Seeds: the events incidents grow from, with the keys that decide which belong together.
//!
//! Every reported operation is a seed. An article that reports no operation at all but
//! attributes one or responds to one contributes its attributions and responses as
//! stand-in seeds, so that such an article still joins (or forms) an incident.

use std::collections::BTreeSet;

use dossier_model::event::EventFamily;
use dossier_model::{Document, Entity, EntityKind, Event, EventType, Realis, Role};

use crate::resolve::{
    Corpus, EventAt, arg_entities, country_of, entities_within, is_invented, sentence_of,
};
use crate::resolve::{time_value, year_of};
use crate::victim::VictimName;

/// What identifies a victim across articles.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum VictimKey {
    /// A named victim (KB id, or a local id derived from its name).
    Entity(String),
    /// A victim named only as a state.
    Country(String),
}

/// One seed event and what it says about its operation.
#[derive(Debug, Clone)]
pub(crate) struct Seed {
    /// The event.
    pub at: EventAt,
    /// The operation type (for stand-ins: the type their words name).
    pub kind: EventType,
    /// True for an attribution or response standing in for an unreported operation.
    pub stand_in: bool,
    /// Victims as entities.
    pub victims: Vec<Entity>,
    /// Actors held responsible, as entities.
    pub actors: Vec<Entity>,
    /// Malware named with the operation.
    pub malware: Vec<Entity>,
    /// Keys of the victims.
    pub victim_keys: BTreeSet<VictimKey>,
    /// States the actors act for.
    pub actor_countries: BTreeSet<String>,
    /// Ids of named threat actors.
    pub actor_groups: BTreeSet<String>,
    /// Ids of malware entities.
    pub malware_ids: BTreeSet<String>,
    /// Year of the operation, when the text gives it.
    pub year: Option<i32>,
    /// Victims by name (with the name as written), to match across spellings.
    pub victim_names: Vec<(VictimName, String)>,
    /// CVE ids cited in the operation's sentence.
    pub cves: BTreeSet<String>,
}

impl Seed {
    /// True when the operation names nobody and nothing: no victim, actor, malware or CVE.
    pub fn is_empty(&self) -> bool {
        self.victims.is_empty()
            && self.actors.is_empty()
            && self.malware.is_empty()
            && self.cves.is_empty()
    }

    /// True when nothing specific identifies the operation: no named victim (a state at
    /// most), no malware, CVE or named threat actor.
    pub fn is_weak(&self) -> bool {
        !self
            .victim_keys
            .iter()
            .any(|k| matches!(k, VictimKey::Entity(_)))
            && self.malware_ids.is_empty()
            && self.actor_groups.is_empty()
            && self.cves.is_empty()
    }
}

/// Every seed of the corpus, in corpus order.
pub(crate) fn seeds(corpus: &Corpus<'_>) -> Vec<Seed> {
    let mut out = Vec::new();
    for (d, doc) in corpus.docs.iter().enumerate() {
        let at = |idx| EventAt { doc: d, idx };
        let operations: Vec<usize> = (0..doc.events.len())
            .filter(|&i| is_reported_operation(&doc.events[i]))
            .collect();
        if operations.is_empty() {
            out.extend(
                (0..doc.events.len())
                    .filter(|&i| can_stand_in(&doc.events[i]))
                    .map(|i| stand_in_seed(doc, at(i))),
            );
        } else {
            let seeds: Vec<Seed> = operations
                .into_iter()
                .map(|i| operation_seed(doc, at(i)))
                .collect();
            // An operation with no victim, actor, malware or CVE ("a former employee had
            // stolen data") says nothing an incident could be told by: it forms none of
            // its own while the article reports others.
            let told = seeds.iter().any(|s| !s.is_empty());
            out.extend(seeds.into_iter().filter(|s| !told || !s.is_empty()));
        }
    }
    out
}

/// An operation the text reports as an occurrence (not a generic statement about them).
pub(crate) fn is_reported_operation(ev: &Event) -> bool {
    ev.kind.is_operation() && ev.realis != Realis::Generic
}

/// Attributions and responses can stand in for an operation an article does not report.
fn can_stand_in(ev: &Event) -> bool {
    ev.kind == EventType::Attribution || ev.kind.family() == EventFamily::Response
}

fn operation_seed(doc: &Document, at: EventAt) -> Seed {
    let ev = &doc.events[at.idx];
    let victims = role_entities(doc, ev, &[Role::Victim], EntityKind::Organization);
    let actors = role_entities(doc, ev, &[Role::Attacker], EntityKind::ThreatActor);
    let mut malware = role_entities(doc, ev, &[Role::Tool], EntityKind::Malware);
    malware.retain(|e| e.kind == EntityKind::Malware);
    extend_unique(&mut malware, malware_in_sentence(doc, ev));
    build(
        doc,
        at,
        ev.kind,
        false,
        victims,
        actors,
        malware,
        time_value(ev).and_then(year_of),
    )
}

fn stand_in_seed(doc: &Document, at: EventAt) -> Seed {
    let ev = &doc.events[at.idx];
    let accused_roles: &[Role] = if ev.kind == EventType::Attribution {
        &[Role::Accused]
    } else {
        &[Role::Against]
    };
    let actors = role_entities(doc, ev, accused_roles, EntityKind::ThreatActor);
    let speakers = role_entities(
        doc,
        ev,
        &[Role::Speaker, Role::By],
        EntityKind::Organization,
    );
    let named = role_entities(doc, ev, &[Role::Victim], EntityKind::Organization)
        .into_iter()
        .chain(
            ev.args_with(Role::Operation)
                .chain(ev.args_with(Role::About))
                .flat_map(|a| arg_entities(doc, a, None)),
        );
    let (mut malware, mut victims) = (Vec::new(), Vec::new());
    for e in named {
        let is_party = actors.iter().chain(&speakers).any(|p| p.id == e.id);
        if e.kind == EntityKind::Malware {
            extend_unique(&mut malware, [e]);
        } else if !is_party && is_victim_kind(e.kind) {
            extend_unique(&mut victims, [e]);
        }
    }
    extend_unique(&mut malware, malware_in_sentence(doc, ev));
    let kind = ev
        .args_with(Role::Operation)
        .find_map(|a| operation_named_by(&a.text))
        .unwrap_or(EventType::Intrusion);
    // The statement's own date is not the operation's, so a stand-in has no year.
    build(doc, at, kind, true, victims, actors, malware, None)
}

#[allow(clippy::too_many_arguments)]
fn build(
    doc: &Document,
    at: EventAt,
    kind: EventType,
    stand_in: bool,
    victims: Vec<Entity>,
    actors: Vec<Entity>,
    malware: Vec<Entity>,
    year: Option<i32>,
) -> Seed {
    Seed {
        at,
        kind,
        stand_in,
        victim_keys: victims.iter().filter_map(victim_key).collect(),
        actor_countries: actors.iter().filter_map(country_of).collect(),
        actor_groups: actors
            .iter()
            .filter(|e| e.kind == EntityKind::ThreatActor && !is_invented(e))
            .map(|e| e.id.clone())
            .collect(),
        malware_ids: malware.iter().map(|e| e.id.clone()).collect(),
        victim_names: victims
            .iter()
            .filter_map(|e| VictimName::of(doc, e).map(|n| (n, e.name.clone())))
            .collect(),
        cves: cves_in_sentence(doc, &doc.events[at.idx]),
        victims,
        actors,
        malware,
        year,
    }
}

/// Whether an actor id stands only for "some state's hackers", not a named group (the
/// extractor's `local:threat-actor:<cc>-state-actors`).
pub(crate) fn is_state_stand_in(id: &str) -> bool {
    id.starts_with("local:threat-actor:") && id.ends_with("-state-actors")
}

/// The entities of an event's arguments in the given roles, deduplicated by id.
pub(crate) fn role_entities(
    doc: &Document,
    ev: &Event,
    roles: &[Role],
    invent: EntityKind,
) -> Vec<Entity> {
    let mut out = Vec::new();
    for arg in ev.args.iter().filter(|a| roles.contains(&a.role)) {
        extend_unique(&mut out, arg_entities(doc, arg, Some(invent)));
    }
    out
}

/// CVE ids in the event's sentence: `cve` arguments and CVE indicators.
fn cves_in_sentence(doc: &Document, ev: &Event) -> BTreeSet<String> {
    let sentence = sentence_of(doc, ev);
    let from_args = ev
        .args_with(Role::Cve)
        .map(|a| a.text.trim().to_ascii_uppercase());
    let from_indicators = doc
        .indicators
        .iter()
        .filter(|i| {
            i.kind == dossier_model::IndicatorKind::Cve
                && sentence.contains(dossier_model::Span::new(i.start, i.end))
        })
        .map(|i| i.value.to_ascii_uppercase());
    from_args
        .chain(from_indicators)
        .filter(|c| c.starts_with("CVE-"))
        .collect()
}

/// Malware entities named in the event's sentence.
fn malware_in_sentence(doc: &Document, ev: &Event) -> Vec<Entity> {
    let mut found = entities_within(doc, sentence_of(doc, ev));
    found.retain(|e| e.kind == EntityKind::Malware);
    found
}

/// How a victim is recognised in other articles; sectors and places are too broad to
/// identify an incident, so they give no key.
fn victim_key(e: &Entity) -> Option<VictimKey> {
    if e.kind == EntityKind::Country {
        return country_of(e).map(VictimKey::Country);
    }
    is_victim_kind(e.kind).then(|| VictimKey::Entity(e.id.clone()))
}

/// Kinds of entity that can be the victim of an operation.
fn is_victim_kind(kind: EntityKind) -> bool {
    !matches!(
        kind,
        EntityKind::Sector
            | EntityKind::Location
            | EntityKind::Malware
            | EntityKind::Tool
            | EntityKind::ThreatActor
            | EntityKind::Vulnerability
    )
}

/// Append the entities whose ids are not in `list` yet.
pub(crate) fn extend_unique(list: &mut Vec<Entity>, more: impl IntoIterator<Item = Entity>) {
    for e in more {
        if !list.iter().any(|x| x.id == e.id) {
            list.push(e);
        }
    }
}

/// The operation type that words like "the ransomware attack" name, if any.
pub(crate) fn operation_named_by(text: &str) -> Option<EventType> {
    const CUES: &[(EventType, &[&str])] = &[
        (
            EventType::Influence,
            &[
                "influence",
                "disinformation",
                "hack-and-leak",
                "interference",
                "fake news",
                "propaganda",
            ],
        ),
        (EventType::Ransom, &["ransom", "extortion"]),
        (
            EventType::FinancialTheft,
            &[
                "heist",
                "crypto",
                "financial theft",
                "bank theft",
                "stole $",
                "theft of funds",
            ],
        ),
        (
            EventType::Disruption,
            &[
                "ddos",
                "denial-of-service",
                "outage",
                "blackout",
                "wiper",
                "sabotage",
                "destructive",
                "disrupt",
                "defac",
            ],
        ),
        (EventType::Phishing, &["phishing", "spear-phishing"]),
        (
            EventType::Espionage,
            &["espionage", "spying", "spies", "spy "],
        ),
        (
            EventType::DataBreach,
            &["breach", "data theft", "leak", "stolen data"],
        ),
    ];
    let text = text.to_lowercase();
    CUES.iter()
        .find(|(_, cues)| cues.iter().any(|c| text.contains(c)))
        .map(|(kind, _)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_words_name_their_type() {
        assert_eq!(
            operation_named_by("the NotPetya ransomware attack"),
            Some(EventType::Ransom)
        );
        assert_eq!(
            operation_named_by("a cyber-espionage campaign"),
            Some(EventType::Espionage)
        );
        assert_eq!(
            operation_named_by("the hack-and-leak operation"),
            Some(EventType::Influence)
        );
        assert_eq!(operation_named_by("the cyberattack"), None);
    }
}
