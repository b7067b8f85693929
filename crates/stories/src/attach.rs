//! Attaching statements (attribution, denial, warning) and responses to incidents.
//!
//! Within an article, a statement or response belongs to the incident of the seed it is
//! closest to: one in the same sentence; else the incident its arguments name (victim,
//! actor, malware); else the nearest seed before it in the same paragraph; else the only
//! incident the article has. What finds no home in its own article may join an incident
//! of another article whose actor is the state it accuses and whose victim it mentions.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use dossier_model::event::EventFamily;
use dossier_model::{Document, EntityKind, Event, EventType, Role};

use crate::cluster::Decision;
use crate::explain::{Feature, Outcome, Score, Step};
use crate::resolve::{Corpus, EventAt, arg_entities, country_of, entities_within};
use crate::resolve::{paragraph_start, sentence_of};
use crate::seeds::{Seed, VictimKey};

/// What an incident is known to be about, to match statements against.
#[derive(Debug, Default)]
struct Profile {
    victim_ids: BTreeSet<String>,
    victim_countries: BTreeSet<String>,
    actor_ids: BTreeSet<String>,
    actor_countries: BTreeSet<String>,
    malware_ids: BTreeSet<String>,
    /// States of the victims, named as states or as entities of a state.
    victim_states: BTreeSet<String>,
}

impl Profile {
    fn of(seeds: &[Seed], members: &[usize]) -> Self {
        let mut p = Profile::default();
        for s in members.iter().map(|&i| &seeds[i]) {
            for key in &s.victim_keys {
                match key {
                    VictimKey::Entity(id) => p.victim_ids.insert(id.clone()),
                    VictimKey::Country(c) => p.victim_countries.insert(c.clone()),
                };
            }
            p.victim_states
                .extend(s.victims.iter().filter_map(country_of));
            p.actor_ids.extend(s.actors.iter().map(|e| e.id.clone()));
            p.actor_countries.extend(s.actor_countries.iter().cloned());
            p.malware_ids.extend(s.malware_ids.iter().cloned());
        }
        p.victim_states.extend(p.victim_countries.iter().cloned());
        p
    }

    /// How many of the entities name this incident's victim or malware.
    fn victim_matches<'e>(
        &self,
        entities: impl IntoIterator<Item = &'e dossier_model::Entity>,
    ) -> usize {
        entities
            .into_iter()
            .filter(|e| {
                self.victim_ids.contains(&e.id)
                    || self.malware_ids.contains(&e.id)
                    || (e.kind == EntityKind::Country
                        && country_of(e).is_some_and(|c| self.victim_countries.contains(&c)))
            })
            .count()
    }

    /// How many of the entities are this incident's actors or act for their state.
    fn actor_matches<'e>(
        &self,
        entities: impl IntoIterator<Item = &'e dossier_model::Entity>,
    ) -> usize {
        entities
            .into_iter()
            .filter(|e| {
                self.actor_ids.contains(&e.id)
                    || country_of(e).is_some_and(|c| self.actor_countries.contains(&c))
            })
            .count()
    }
}

/// True for the events that are attached to incidents rather than seeding them.
fn is_attachable(ev: &Event) -> bool {
    ev.kind.family() != EventFamily::Operation
}

/// Roles that name who is blamed or targeted by a statement or response.
fn accused_roles(kind: EventType) -> &'static [Role] {
    match kind {
        // The one who denies is the one accused.
        EventType::Denial => &[Role::Accused, Role::Speaker],
        EventType::Attribution | EventType::Warning => &[Role::Accused],
        _ => &[Role::Against],
    }
}

/// Roles that name the operation or its victim.
const ABOUT_ROLES: &[Role] = &[Role::Operation, Role::Victim, Role::About];

/// The statements and responses attached to each incident (by index of `groups`).
pub(crate) fn attach(
    corpus: &Corpus<'_>,
    seeds: &[Seed],
    groups: &[Vec<usize>],
    forbidden: &BTreeSet<(usize, usize)>,
    log: &mut Vec<Decision>,
) -> Vec<Vec<EventAt>> {
    let mut group_of = vec![0; seeds.len()];
    for (g, members) in groups.iter().enumerate() {
        members.iter().for_each(|&i| group_of[i] = g);
    }
    let seed_events: HashSet<EventAt> = seeds.iter().map(|s| s.at).collect();
    let mut profiles: Vec<Profile> = groups.iter().map(|m| Profile::of(seeds, m)).collect();
    let mut attached: Vec<Vec<EventAt>> = vec![Vec::new(); groups.len()];
    let mut anchors_of: BTreeMap<usize, Vec<(EventAt, usize)>> = BTreeMap::new();
    for (i, s) in seeds.iter().enumerate() {
        anchors_of
            .entry(s.at.doc)
            .or_default()
            .push((s.at, group_of[i]));
    }
    let mut homeless = Vec::new();
    for (at, ev) in corpus.events() {
        if !is_attachable(ev) || seed_events.contains(&at) {
            continue;
        }
        let anchors: Vec<(EventAt, usize)> = anchors_of
            .get(&at.doc)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .copied()
            .filter(|&(_, g)| !forbidden.contains(&(at.doc, g)))
            .collect();
        match home_in_article(corpus, at, &anchors, &profiles) {
            Some((g, anchor, features)) => {
                attached[g].push(at);
                log.push(attached_decision(at, anchor, features));
            }
            None => homeless.push(at),
        }
    }
    // Attributions tell who the actor is, which the cross-article match relies on.
    for (g, events) in attached.iter().enumerate() {
        for &at in events
            .iter()
            .filter(|&&at| corpus.event(at).kind == EventType::Attribution)
        {
            for e in accused(corpus.doc(at), corpus.event(at)) {
                profiles[g].actor_countries.extend(country_of(&e));
                profiles[g].actor_ids.insert(e.id);
            }
        }
    }
    let mut by_actor_country: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (g, p) in profiles.iter().enumerate() {
        p.actor_countries
            .iter()
            .for_each(|c| by_actor_country.entry(c.as_str()).or_default().push(g));
    }
    for at in homeless {
        let home = home_elsewhere(corpus, at, &profiles, &by_actor_country, |g| {
            !forbidden.contains(&(at.doc, g))
        });
        if let Some((g, matches)) = home {
            attached[g].push(at);
            let anchor = seeds[groups[g][0]].at;
            let features = vec![score(
                Feature::NamedArgument,
                matches as f64,
                "in another article",
            )];
            log.push(attached_decision(at, anchor, features));
        }
    }
    attached.iter_mut().for_each(|a| a.sort());
    attached
}

/// The incident an event belongs to within its own article, if one can be told.
fn home_in_article(
    corpus: &Corpus<'_>,
    at: EventAt,
    anchors: &[(EventAt, usize)],
    profiles: &[Profile],
) -> Option<(usize, EventAt, Vec<Score>)> {
    let doc = corpus.doc(at);
    let ev = corpus.event(at);
    let pos = ev.trigger.start;
    let distance = |a: EventAt| corpus.event(a).trigger.start.abs_diff(pos);
    let sentence = sentence_of(doc, ev);
    let same_sentence = anchors
        .iter()
        .filter(|(a, _)| sentence_of(doc, corpus.event(*a)).overlaps(sentence))
        .min_by_key(|(a, _)| distance(*a));
    if let Some(&(a, g)) = same_sentence {
        return Some((g, a, vec![score(Feature::SameSentence, 1.0, "")]));
    }
    let named = anchors
        .iter()
        .map(|&(a, g)| {
            let (named, responder) = named_match(doc, ev, &profiles[g]);
            (
                named + responder,
                std::cmp::Reverse(distance(a)),
                g,
                a,
                named,
                responder,
            )
        })
        .filter(|m| m.0 > 0)
        .max();
    if let Some((_, _, g, a, named, responder)) = named {
        let mut features = Vec::new();
        if named > 0 {
            features.push(score(Feature::NamedArgument, named as f64, ""));
        }
        if responder > 0 {
            features.push(score(Feature::ResponderIsVictim, responder as f64, ""));
        }
        return Some((g, a, features));
    }
    let paragraph = paragraph_start(doc, pos);
    let preceding = anchors
        .iter()
        .filter(|(a, _)| {
            let p = corpus.event(*a).trigger.start;
            p < pos && paragraph_start(doc, p) == paragraph
        })
        .min_by_key(|(a, _)| distance(*a));
    if let Some(&(a, g)) = preceding {
        return Some((g, a, vec![score(Feature::SameParagraph, 1.0, "")]));
    }
    let groups: BTreeSet<usize> = anchors.iter().map(|&(_, g)| g).collect();
    match (groups.len(), anchors.first()) {
        (1, Some(&(a, g))) => Some((
            g,
            a,
            vec![score(Feature::SameArticle, 1.0, "only incident")],
        )),
        _ => None,
    }
}

fn score(feature: Feature, value: f64, detail: &str) -> Score {
    Score {
        feature,
        value,
        detail: detail.to_string(),
    }
}

fn attached_decision(at: EventAt, anchor: EventAt, features: Vec<Score>) -> Decision {
    Decision {
        step: Step::Attach,
        left: at,
        right: anchor,
        score: features.iter().map(|s| s.value).sum(),
        features,
        outcome: Outcome::Joined,
    }
}

/// How many of the event's arguments name the incident's victim, malware or actor; and
/// how many of its speakers or responders act for the victim's state (a state answers
/// for operations against itself).
fn named_match(doc: &Document, ev: &Event, profile: &Profile) -> (usize, usize) {
    let about = ev
        .args
        .iter()
        .filter(|a| ABOUT_ROLES.contains(&a.role))
        .flat_map(|a| arg_entities(doc, a, None))
        .collect::<Vec<_>>();
    let named = profile.victim_matches(&about) + profile.actor_matches(&accused(doc, ev));
    if named == 0 {
        return (0, 0);
    }
    let responders: BTreeSet<String> = ev
        .args
        .iter()
        .filter(|a| matches!(a.role, Role::Speaker | Role::By))
        .flat_map(|a| arg_entities(doc, a, None))
        .filter_map(|e| country_of(&e))
        .collect();
    let responder = if ev.kind == EventType::Denial {
        0
    } else {
        responders.intersection(&profile.victim_states).count()
    };
    (named, responder)
}

/// The entities an event blames or targets.
fn accused(doc: &Document, ev: &Event) -> Vec<dossier_model::Entity> {
    let roles = accused_roles(ev.kind);
    ev.args
        .iter()
        .filter(|a| roles.contains(&a.role))
        .flat_map(|a| arg_entities(doc, a, None))
        .collect()
}

/// An incident of any article whose actor's state is the one this event accuses and
/// whose victim (or malware) the event's sentence mentions; the best-matching one.
fn home_elsewhere(
    corpus: &Corpus<'_>,
    at: EventAt,
    profiles: &[Profile],
    by_actor_country: &BTreeMap<&str, Vec<usize>>,
    allowed: impl Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    let doc = corpus.doc(at);
    let ev = corpus.event(at);
    let parties = accused(doc, ev);
    let countries: BTreeSet<String> = parties.iter().filter_map(country_of).collect();
    if countries.is_empty() {
        return None;
    }
    let speakers: Vec<String> = ev
        .args
        .iter()
        .filter(|a| matches!(a.role, Role::Speaker | Role::By))
        .flat_map(|a| arg_entities(doc, a, None))
        .map(|e| e.id)
        .collect();
    let mut mentioned = entities_within(doc, sentence_of(doc, ev));
    mentioned.extend(
        ev.args
            .iter()
            .filter(|a| ABOUT_ROLES.contains(&a.role))
            .flat_map(|a| arg_entities(doc, a, None)),
    );
    mentioned.retain(|e| !parties.iter().any(|p| p.id == e.id) && !speakers.contains(&e.id));
    let candidates: BTreeSet<usize> = countries
        .iter()
        .filter_map(|c| by_actor_country.get(c.as_str()))
        .flatten()
        .copied()
        .filter(|&g| allowed(g))
        .collect();
    candidates
        .into_iter()
        .map(|g| (profiles[g].victim_matches(&mentioned), std::cmp::Reverse(g)))
        .filter(|(score, _)| *score > 0)
        .max()
        .map(|(score, std::cmp::Reverse(g))| (g, score))
}
