//! Small stages that finish what the extractors started: indicators, times, linking.

use std::sync::LazyLock;

use dossier_model::{
    Arg, Document, Entity, EntityKind, EventType, Indicator, Mention, Realis, Role, Span, Stage,
    StageError, TimeExpr,
};
use regex::Regex;

use crate::entities::entity_at;
use crate::indicators::find_indicators;
use crate::time::find_times;

/// Fills [`Document::indicators`] (refanged IPs, domains, URLs, hashes, e-mail, CVEs).
#[derive(Debug, Default, Clone, Copy)]
pub struct Indicators;

impl Stage for Indicators {
    fn name(&self) -> &'static str {
        "indicators"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let found = find_indicators(&doc.text);
        doc.indicators = found
            .into_iter()
            .map(|f| {
                let span = doc.span_of_bytes(f.start, f.end);
                Indicator {
                    kind: f.kind,
                    value: f.value,
                    start: span.start,
                    end: span.end,
                }
            })
            .collect();
        Ok(())
    }
}

/// Gives each event the time expression of its sentence nearest its trigger,
/// normalised against the publication date, and a `time` argument. As the last
/// stage it also puts the events in text order.
#[derive(Debug, Default, Clone, Copy)]
pub struct Times;

impl Stage for Times {
    fn name(&self) -> &'static str {
        "times"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let anchor = doc.meta.published;
        let times: Vec<(Span, Option<String>)> = find_times(&doc.text, anchor)
            .into_iter()
            .map(|t| {
                (
                    doc.span_of_bytes(t.start, t.end),
                    t.value.map(|v| v.to_string()),
                )
            })
            .collect();
        for i in 0..doc.events.len() {
            let (sentence, trigger) = (doc.events[i].sentence, doc.events[i].trigger.span());
            // In "X said on Tuesday that hackers breached it in March", "on Tuesday" dates
            // the saying: for an operation, a time that a reporting verb separates from
            // the trigger is taken only when the trigger's own clause has none. (For a
            // statement, the saying's time is its own.)
            let operation = doc.events[i].kind.is_operation();
            let nearest = times
                .iter()
                .filter(|(s, _)| sentence.contains(*s))
                .min_by_key(|(s, _)| {
                    let between = if s.end <= trigger.start {
                        doc.slice(Span::new(s.end, trigger.start))
                    } else {
                        doc.slice(Span::new(trigger.end, s.start.max(trigger.end)))
                    };
                    let before = doc.slice(Span::new(sentence.start, s.start));
                    let saying = reports_between(between) || reports_between(last_words(before, 2));
                    (operation && saying, distance(*s, trigger))
                });
            if let Some((span, value)) = nearest {
                let text = doc.slice(*span).to_string();
                let event = &mut doc.events[i];
                event.time = Some(TimeExpr {
                    text: text.clone(),
                    value: value.clone(),
                    start: span.start,
                    end: span.end,
                });
                if event.arg(Role::Time).is_none() && event.kind.is_operation() {
                    event.args.push(dossier_model::Arg {
                        role: Role::Time,
                        start: span.start,
                        end: span.end,
                        text,
                        entity: None,
                    });
                }
            }
        }
        doc.events
            .sort_by_key(|e| (e.sentence.start, e.trigger.start, e.kind));
        Ok(())
    }
}

/// Verbs that introduce what someone said; a time phrase on their side of the sentence
/// dates the saying, not the event reported.
const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "announced",
    "reported",
    "confirmed",
    "disclosed",
    "revealed",
    "stated",
    "added",
    "noted",
    "warned",
    "wrote",
    "according",
];

/// True when `text` (what lies between a time phrase and a trigger) holds a reporting
/// verb, so the two belong to different clauses.
fn reports_between(text: &str) -> bool {
    text.split(|c: char| !c.is_alphabetic())
        .any(|w| REPORTING_VERBS.iter().any(|v| w.eq_ignore_ascii_case(v)))
}

/// The last `n` words of `text` (with what lies between them).
fn last_words(text: &str, n: usize) -> &str {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices().rev() {
        let letter = c.is_alphanumeric();
        if in_word && !letter {
            seen += 1;
            if seen == n {
                return &text[i..];
            }
        }
        in_word = letter;
    }
    text
}

fn distance(a: Span, b: Span) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// Links arguments that have no entity yet (e.g. from the learned model) to the
/// entity whose mention overlaps them most (a victim may take the country before it, see
/// `country_modifier`).
#[derive(Debug, Default, Clone, Copy)]
pub struct Link;

impl Stage for Link {
    fn name(&self) -> &'static str {
        "link"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let mut links = Vec::new();
        for (ei, event) in doc.events.iter().enumerate() {
            for (ai, arg) in event.args.iter().enumerate() {
                if arg.entity.is_none()
                    && let Some(e) = entity_at(doc, arg.span())
                {
                    let e = match arg.role {
                        Role::Victim => country_modifier(doc, arg.span(), e).unwrap_or(e),
                        _ => e,
                    };
                    links.push((ei, ai, e.id.clone()));
                }
            }
        }
        for (ei, ai, id) in links {
            doc.events[ei].args[ai].entity = Some(id);
        }
        Ok(())
    }
}

/// Gives the bodies an article names without their state ("the police said",
/// [`crate::entities::HOME_BODY`]) the state it is about: its focus country, never one it
/// blames. Runs after the statements and responses, which tell which states are blamed.
#[derive(Debug, Default, Clone, Copy)]
pub struct HomeBodies;

impl Stage for HomeBodies {
    fn name(&self) -> &'static str {
        "home-bodies"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        state_body_victims(doc);
        // A state body without a state that the text places ("prosecutors in Seoul") is
        // that place's; the rest of the home bodies are the focus country's.
        let placed: Vec<Option<String>> = doc
            .entities
            .iter()
            .map(|e| {
                (e.country.is_none() && e.kind.is_state_organ())
                    .then(|| placed_in(doc, e))
                    .flatten()
            })
            .collect();
        for (e, placed) in doc.entities.iter_mut().zip(placed) {
            if placed.is_some() {
                e.country = placed;
            }
        }
        // "Foreign Minister Jan Lipavský" with no state named: a minister of the state the
        // article is about, like the home bodies; so is a state agency the KB does not
        // know, named without a state ("the National Police Agency said").
        let homeless: Vec<bool> = doc
            .entities
            .iter()
            .map(|e| {
                e.country.is_none()
                    && (e.id.starts_with(crate::entities::HOME_BODY)
                        || matches!(e.kind, EntityKind::Agency | EntityKind::Government)
                            && e.id.starts_with("local:")
                            && names_a_state_body(&e.name)
                        || e.kind == EntityKind::Person && holds_a_state_office(doc, e))
            })
            .collect();
        if !homeless.contains(&true) {
            return Ok(());
        }
        let blamed = blamed_countries(doc);
        // A body that speaks without its state is the home side's even when the article
        // names that state only once, as long as no other state is named as often.
        let counts = state_mentions(doc);
        let home = focus_state_of(&counts, &blamed, 1).map(str::to_string);
        let homes: Vec<Option<String>> = doc
            .entities
            .iter()
            .zip(&homeless)
            .map(|(e, &homeless)| {
                if !homeless || home.is_some() {
                    return home.clone();
                }
                let sentence = e
                    .mentions
                    .first()
                    .and_then(|m| doc.sentence_at(m.start))
                    .and_then(|i| doc.sentences.get(i))
                    .copied()?;
                first_of_the_most_named(doc, &counts, &blamed, sentence).map(str::to_string)
            })
            .collect();
        for ((e, homeless), home) in doc.entities.iter_mut().zip(homeless).zip(homes) {
            if homeless {
                e.country = home;
            }
        }
        Ok(())
    }
}

/// "hackers got into the networks of two federal agencies", "stole data from local
/// defence contractors": an operation's victim that the text names by a common noun of a
/// state's body, or as the country's own, is a body of the state the article is about
/// (its focus, or the most named state first named in the victim's sentence), as "the
/// police" or "the defence ministry" are. Only where that state is named in the victim's
/// sentence or the one before: a US county's "county government" in an article that
/// brings in Ukraine far away stays without a state.
fn state_body_victims(doc: &mut Document) {
    static STATE_BODY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:ministr(?:y|ies)|agenc(?:y|ies)|government|parliament|legislators|lawmakers|MPs|courts?|armed\s+forces|coast\s+guard|civil\s+servants|(?:federal|state|national|municipal|domestic|local|country's|country’s|nation's|nation’s)\s+[a-z])")
            .unwrap_or_else(|e| panic!("state body victim pattern: {e}"))
    });
    // The victims named so, as (event, argument, sentence). A name the KB or the entity
    // stage did not know stays as it is: only a common noun phrase is a body named by its
    // kind. Statements carry their operation's victim too ("attribution ... victim").
    let candidates: Vec<(usize, usize, usize)> = doc
        .events
        .iter()
        .enumerate()
        .flat_map(|(ei, ev)| ev.args.iter().enumerate().map(move |(ai, a)| (ei, ai, a)))
        .filter(|(_, _, arg)| {
            arg.role == Role::Victim
                // A sector word is no body of its own ("government agencies").
                && arg.entity.as_deref().is_none_or(|id| {
                    doc.entity(id).is_some_and(|e| e.kind == EntityKind::Sector)
                })
                && (!arg.text.chars().any(char::is_uppercase) || arg.text.contains("MPs"))
                && STATE_BODY.is_match(&arg.text)
        })
        .filter_map(|(ei, ai, arg)| Some((ei, ai, doc.sentence_at(arg.start)?)))
        .collect();
    // Most articles have none: the article's states are counted only for those that do.
    if candidates.is_empty() {
        return;
    }
    let blamed = blamed_countries(doc);
    let counts = state_mentions(doc);
    let focus = focus_state_of(&counts, &blamed, 1);
    let placed: Vec<(usize, usize, String)> = candidates
        .into_iter()
        .filter_map(|(ei, ai, here)| {
            let home = focus
                .or_else(|| first_of_the_most_named(doc, &counts, &blamed, doc.sentences[here]))?;
            let near = doc.entities.iter().any(|e| {
                e.country.as_deref() == Some(home)
                    && (e.kind.is_state_organ() || e.kind == EntityKind::Location)
                    && e.mentions.iter().any(|m| {
                        doc.sentence_at(m.start)
                            .is_some_and(|i| i <= here && here - i <= 1)
                    })
            });
            near.then(|| (ei, ai, home.to_string()))
        })
        .collect();
    for (ei, ai, home) in placed {
        let arg = &doc.events[ei].args[ai];
        let mention = Mention {
            start: arg.start,
            end: arg.end,
            text: arg.text.clone(),
        };
        let id = format!(
            "{}{}-{}",
            crate::entities::HOME_BODY,
            home.to_lowercase(),
            crate::entities::slug(&arg.text)
        );
        let name = arg.text.clone();
        match doc.entities.iter_mut().find(|e| e.id == id) {
            Some(e) => {
                if !e.mentions.iter().any(|m| m.start == mention.start) {
                    e.mentions.push(mention);
                    e.mentions.sort_by_key(|m| m.start);
                }
            }
            None => doc.entities.push(Entity {
                id: id.clone(),
                name: name.clone(),
                kind: EntityKind::Government,
                country: Some(home),
                aliases_matched: vec![name],
                mentions: vec![mention],
            }),
        }
        doc.events[ei].args[ai].entity = Some(id);
    }
}

/// Whether a body's name is that of a body of state ("National Police Agency", "State
/// Security Service", "Security and Intelligence Agency", "Federal Department of Foreign
/// Affairs"), not any "... Center" the text names, nor a body of several states.
fn names_a_state_body(name: &str) -> bool {
    // Bodies of several states or of none ("European Commission", "Nordic Council").
    const SHARED: &[&str] = &[
        "International",
        "European",
        "Europe",
        "United",
        "Nations",
        "Atlantic",
        "World",
        "Global",
        "Nordic",
        "Commonwealth",
        "African",
        "Asian",
        "Arab",
        "Gulf",
        "Union",
    ];
    // What only a state has: its security, police, ministries and the like.
    const STATE_WORDS: &[&str] = &[
        "Police",
        "Security",
        "Intelligence",
        "Counterintelligence",
        "Defence",
        "Defense",
        "Cyber",
        "Cybersecurity",
        "Government",
        "Ministry",
        "Secretariat",
        "Foreign",
        "Interior",
        "Justice",
        "Prosecutor",
        "Prosecution",
        "Investigation",
        "Protection",
        "Electoral",
    ];
    let words: Vec<&str> = name.split_whitespace().collect();
    // "Center for Cyber Intelligence", "Institute for Security Studies": research
    // bodies and think tanks are named this way, state bodies seldom.
    let study = matches!(
        words.first().copied(),
        Some("Center" | "Centre" | "Institute" | "Foundation" | "Academy" | "University")
    );
    if study || words.iter().any(|w| SHARED.contains(w)) {
        return false;
    }
    ["National ", "State ", "Federal "]
        .iter()
        .any(|p| name.starts_with(p))
        || words.iter().any(|w| STATE_WORDS.contains(w))
}

/// Whether a person is named after the title of a state office ("Foreign Minister Jan
/// Lipavský", "President X"), which makes them speak for a state.
fn holds_a_state_office(doc: &Document, person: &Entity) -> bool {
    static OFFICE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:\b(?:(?:Deputy\s+)?Prime|Foreign|Defen[cs]e|Interior|Justice|Home|Finance|Digital|Security)\s+(?:Minister|Secretary)|\bMinister|\bPresident|\bChancellor|\bPremier)\s+$")
            .unwrap_or_else(|e| panic!("state office pattern: {e}"))
    });
    person.mentions.iter().any(|m| {
        let from = m.start.saturating_sub(40);
        OFFICE.is_match(doc.slice(Span::new(from, m.start)))
    })
}

/// The state of the place right after a mention of `body` ("prosecutors in Seoul",
/// "police in the Netherlands", "police in the northeastern city of Harbin", "State
/// Bureau of Investigation Lower Saxony"): where the body sits says whose it is.
fn placed_in(doc: &Document, body: &Entity) -> Option<String> {
    static IN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:in(?: the(?: [a-z-]+){0,2} (?:city|town|port|province|region|state|capital) of| the)?)?$")
            .unwrap_or_else(|e| panic!("placed-in pattern: {e}"))
    });
    body.mentions.iter().find_map(|m| {
        doc.entities.iter().filter(|p| is_place(p)).find_map(|p| {
            p.mentions
                .iter()
                .any(|pm| {
                    pm.start > m.end && IN.is_match(doc.slice(Span::new(m.end, pm.start)).trim())
                })
                .then(|| p.country.clone())
                .flatten()
        })
    })
}

/// The countries of every attacker, accused and response target in the article.
fn blamed_countries(doc: &Document) -> Vec<String> {
    let country = |id: Option<&str>| doc.entity(id?).and_then(|e| e.country.clone());
    doc.events
        .iter()
        .flat_map(|e| e.args.iter())
        .filter(|a| matches!(a.role, Role::Attacker | Role::Accused | Role::Against))
        .filter_map(|a| country(a.entity.as_deref()))
        .collect()
}

/// Gives operations whose victims carry no country the country where they happened
/// (`place_victims`). Runs after the statements and responses, which tell which states
/// the article blames (never the country it is about).
#[derive(Debug, Default, Clone, Copy)]
pub struct PlaceVictims;

impl Stage for PlaceVictims {
    fn name(&self) -> &'static str {
        "place-victims"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        place_victims(doc);
        Ok(())
    }
}

/// An operation whose victims carry no country ("hospitals", "an organization's
/// network") is placed by where it happened: its `place` argument, a country fronting
/// its sentence ("In Australia, ... were stolen from an organization's network"), or, when
/// its attacker belongs to a state, the country the article is about ([`focus_country`]). That
/// country becomes one more victim, since which state was hit is what placing an incident
/// needs; the named victims stay. Not for events that did not happen, and not when the
/// place is the attacker's own country (where it acts from, not whom it hits).
fn place_victims(doc: &mut Document) {
    let country = |id: Option<&str>| doc.entity(id?).and_then(|e| e.country.clone());
    // The states blamed anywhere in the article are its other side, never its focus.
    let blamed = blamed_countries(doc);
    let focus = focus_country(doc, &blamed);
    let mut adds = Vec::new();
    for (ei, ev) in doc.events.iter().enumerate() {
        // Discoveries and patches have no victim: their products are what is at stake.
        let harms = !matches!(
            ev.kind,
            EventType::VulnerabilityDiscovery | EventType::Patch
        );
        if !ev.kind.is_operation() || !harms || ev.realis != Realis::Actual {
            continue;
        }
        let placed = ev.args.iter().any(|a| {
            matches!(a.role, Role::Victim | Role::VulnerableSystemOwner)
                && country(a.entity.as_deref()).is_some()
        });
        if placed {
            continue;
        }
        let place = ev
            .args_with(Role::Place)
            .find_map(|a| {
                let e = doc.entity(a.entity.as_deref()?)?;
                is_place(e).then(|| (a.span(), e))
            })
            .or_else(|| fronted_place(doc, ev.sentence, ev.trigger.start));
        let attackers: Vec<String> = ev
            .args_with(Role::Attacker)
            .filter_map(|a| country(a.entity.as_deref()))
            .collect();
        // Only an attacker of a known state makes this a story between states. The victim
        // the article names for its other operations comes before its focus, but only for
        // an operation that names no victim at all: one that names its own (a federation
        // with no state) is not about the victims of the article's background.
        let unnamed = !ev
            .args_with(Role::Victim)
            .any(|a| a.entity.is_some() || is_name(&a.text));
        let named = unnamed
            .then(|| named_victim(doc, &blamed, ev.sentence))
            .flatten();
        // An attack told by the product it exploits ("the hack of Microsoft Exchange"), with
        // no victim, hit the product's users everywhere, not the article's state.
        let on_product = ev.args_with(Role::VulnerableSystem).next().is_some();
        let place = place.or(named
            .or(focus)
            .filter(|_| !attackers.is_empty() && !on_product));
        let Some((span, place)) = place else {
            continue;
        };
        if place
            .country
            .as_ref()
            .is_some_and(|c| attackers.contains(c))
        {
            continue;
        }
        adds.push((
            ei,
            Arg {
                role: Role::Victim,
                start: span.start,
                end: span.end,
                text: doc.slice(span).to_string(),
                entity: Some(place.id.clone()),
            },
        ));
    }
    for (ei, arg) in adds {
        doc.events[ei].args.push(arg);
    }
}

/// How many opening sentences make an article's lead.
const LEAD_SENTENCES: usize = 3;

/// How many sentences away another operation's victim still counts as named nearby.
const NEAR_SENTENCES: usize = 2;

/// The state the article names as hit by its operations. Candidates are the countries of
/// the victims and places of operations that happened, named in the lead or within
/// [`NEAR_SENTENCES`] of `sentence`, other than the `blamed` ones; the one the article
/// names most wins, counting its victim roles and the mentions of the state, its bodies
/// and its places. Returned as the state's first mention, or as the first victim of that
/// state when the state itself goes unnamed. "A ransomware attack" with no victim of its
/// own, in an article that says the same ransomware "targeted companies in Ukraine", hit
/// Ukraine, even when the article talks more about the state that attributed it; in an
/// article about two incidents, the one it is mostly about wins.
fn named_victim<'d>(
    doc: &'d Document,
    blamed: &[String],
    sentence: Span,
) -> Option<(Span, &'d Entity)> {
    use std::collections::BTreeMap;
    let mut counts: BTreeMap<&str, (usize, Span, &Entity)> = BTreeMap::new();
    // Only victims named in the lead or near the operation: news puts the incident's victim
    // first, and a victim named far down is background ("like the 2016 hack of the DNC").
    let index = |s: Span| doc.sentence_at(s.start).unwrap_or(usize::MAX);
    let here = index(sentence);
    let near = |s: Span| {
        let i = index(s);
        i < LEAD_SENTENCES || i.abs_diff(here) <= NEAR_SENTENCES
    };
    let victims = doc
        .events
        .iter()
        .filter(|e| e.kind.is_operation() && e.realis == Realis::Actual && near(e.sentence))
        .flat_map(|e| e.args.iter())
        .filter(|a| {
            matches!(
                a.role,
                Role::Victim | Role::VulnerableSystemOwner | Role::Place
            )
        });
    for a in victims {
        let Some(e) = a.entity.as_deref().and_then(|id| doc.entity(id)) else {
            continue;
        };
        let Some(c) = e.country.as_deref() else {
            continue;
        };
        if blamed.iter().any(|b| b == c) {
            continue;
        }
        let entry = counts.entry(c).or_insert((0, a.span(), e));
        entry.0 += 1;
        if a.span().start < entry.1.start {
            (entry.1, entry.2) = (a.span(), e);
        }
    }
    for (c, n) in state_mentions(doc) {
        if let Some(entry) = counts.get_mut(c) {
            entry.0 += n;
        }
    }
    let mut ranked: Vec<(usize, Span, &Entity)> = counts.into_values().collect();
    ranked.sort_by_key(|(n, span, _)| (std::cmp::Reverse(*n), span.start));
    let (_, span, victim) = *ranked.first()?;
    // The state itself where the article names it, as for the focus: a body the article
    // names as hit in one operation is not thereby the victim of the others.
    let state = doc
        .entities
        .iter()
        .find(|e| e.kind == EntityKind::Country && e.country == victim.country)
        .and_then(|e| Some((e.mentions.iter().min_by_key(|m| m.start)?.span(), e)));
    Some(state.unwrap_or((span, victim)))
}

/// The state an article is about, other than the `blamed` ones: the state whose mentions
/// (its own, and those of places and state bodies in it) outnumber every other's, named
/// at least `min` times.
fn focus_state<'d>(doc: &'d Document, blamed: &[String], min: usize) -> Option<&'d str> {
    focus_state_of(&state_mentions(doc), blamed, min)
}

/// [`focus_state`] from the article's [`state_mentions`], counted once by a caller that
/// needs them again.
fn focus_state_of<'d>(
    counts: &std::collections::BTreeMap<&'d str, usize>,
    blamed: &[String],
    min: usize,
) -> Option<&'d str> {
    let mut ranked: Vec<(&str, usize)> = counts
        .iter()
        .map(|(c, n)| (*c, *n))
        .filter(|(c, _)| !blamed.iter().any(|a| a == c))
        .collect();
    ranked.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let (top, n) = *ranked.first()?;
    if n < min || ranked.get(1).is_some_and(|(_, m)| *m == n) {
        return None;
    }
    Some(top)
}

/// When states tie for the focus ("the websites of Luxembourg's government ... in
/// retaliation for its aid to Ukraine, the High Commission said"), the one named first in
/// the body's own `sentence`: news names the state it is about before the ones it brings
/// in. None when the sentence names none of them.
fn first_of_the_most_named<'d>(
    doc: &'d Document,
    counts: &std::collections::BTreeMap<&'d str, usize>,
    blamed: &[String],
    sentence: Span,
) -> Option<&'d str> {
    let most = counts
        .iter()
        .filter(|(c, _)| !blamed.iter().any(|b| b == *c))
        .map(|(_, n)| *n)
        .max()?;
    // "the Russian ambassador", "Iranian hackers": a state named by its envoys or its
    // agents is the other side, wherever it comes.
    let foreign = |m: &dossier_model::Mention| {
        let after = doc
            .slice(Span::new(m.end, (m.end + 30).min(doc.char_len())))
            .to_lowercase();
        let words = format!("{} {}", m.text.to_lowercase(), after);
        words.split_whitespace().take(4).any(|w| {
            matches!(
                w.trim_matches(|c: char| !c.is_alphanumeric()),
                "ambassador"
                    | "embassy"
                    | "envoy"
                    | "diplomat"
                    | "diplomats"
                    | "consulate"
                    | "hackers"
                    | "spies"
                    | "agents"
                    | "operatives"
            )
        })
    };
    doc.entities
        .iter()
        .filter(|e| e.kind.is_state_organ() || e.kind == EntityKind::Location)
        .filter_map(|e| {
            let c = e.country.as_deref()?;
            let first = e
                .mentions
                .iter()
                .filter(|m| !foreign(m) && sentence.start <= m.start && m.end <= sentence.end)
                .map(|m| m.start)
                .min()?;
            (counts.get(c) == Some(&most) && !blamed.iter().any(|b| b == c)).then_some((first, c))
        })
        .min_by_key(|(first, _)| *first)
        .map(|(_, c)| c)
}

/// The country an article is about ([`focus_state`], named at least twice), where the
/// article names the country itself.
fn focus_country<'d>(doc: &'d Document, blamed: &[String]) -> Option<(Span, &'d Entity)> {
    let top = focus_state(doc, blamed, 2)?;
    let state = doc
        .entities
        .iter()
        .find(|e| e.kind == EntityKind::Country && e.country.as_deref() == Some(top))?;
    let first = state.mentions.iter().min_by_key(|m| m.start)?;
    Some((first.span(), state))
}

/// Whether an argument's text is a proper name ("Athletics Federations"), not a common
/// noun phrase ("the victim"): a capitalised word other than a leading determiner.
fn is_name(text: &str) -> bool {
    text.split_whitespace()
        .enumerate()
        .filter(|(i, w)| !(*i == 0 && matches!(*w, "The" | "A" | "An" | "This" | "That" | "Its")))
        .any(|(_, w)| w.chars().next().is_some_and(char::is_uppercase))
}

/// How often the article names each state: the mentions of the state, its bodies and
/// its places.
fn state_mentions(doc: &Document) -> std::collections::BTreeMap<&str, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for e in &doc.entities {
        let Some(c) = e.country.as_deref() else {
            continue;
        };
        if e.kind.is_state_organ() || e.kind == EntityKind::Location {
            *counts.entry(c).or_default() += e
                .mentions
                .iter()
                .filter(|m| !names_a_medium(doc, m.end))
                .count();
        }
    }
    counts
}

/// Whether a state mention ending at `end` only tells where a news medium is from ("the
/// American newspaper", "British broadcaster"): that says nothing of what the article is
/// about.
fn names_a_medium(doc: &Document, end: usize) -> bool {
    const MEDIA: &[&str] = &[
        "newspaper",
        "daily",
        "broadcaster",
        "news agency",
        "media",
        "magazine",
        "outlet",
        "press",
        "journalist",
        "reporter",
    ];
    let after = doc
        .slice(Span::new(end, (end + 24).min(doc.char_len())))
        .trim_start()
        .to_lowercase();
    MEDIA.iter().any(|w| after.starts_with(w))
}

/// A country, or a place inside one.
fn is_place(e: &Entity) -> bool {
    matches!(e.kind, EntityKind::Country | EntityKind::Location) && e.country.is_some()
}

/// The place named by "In <place>," at the start of `sentence`, before `trigger`.
fn fronted_place(doc: &Document, sentence: Span, trigger: usize) -> Option<(Span, &Entity)> {
    let text = doc.slice(sentence);
    let lead = text.len() - text.trim_start().len();
    if !text.trim_start().starts_with("In ") {
        return None;
    }
    let from = sentence.start + text[..lead].chars().count() + 3;
    doc.entities.iter().filter(|e| is_place(e)).find_map(|e| {
        let m = e.mentions.iter().find(|m| m.start == from)?;
        let after = doc.slice(Span::new(m.end, (m.end + 1).min(sentence.end)));
        (after == "," && m.end < trigger).then(|| (m.span(), e))
    })
}

/// For a victim whose best entity carries no country ("U.S. telecommunications
/// companies" → the telecoms sector), the country named before that entity inside the
/// argument: the argument is that country's part of the sector, and the country is what
/// placing the victim needs. A country after the head ("servers in Germany") is a place,
/// not a modifier, and is left alone.
fn country_modifier<'d>(doc: &'d Document, arg: Span, head: &Entity) -> Option<&'d Entity> {
    if head.country.is_some() {
        return None;
    }
    let head_start = head
        .mentions
        .iter()
        .filter(|m| m.span().overlaps(arg))
        .map(|m| m.start)
        .min()?;
    doc.entities.iter().find(|e| {
        e.kind == EntityKind::Country
            && e.country.is_some()
            && e.mentions
                .iter()
                .any(|m| m.start >= arg.start && m.end <= head_start)
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use dossier_kb::Kb;
    use dossier_model::{Document, Metadata, PartialDate};

    use crate::{Options, pipeline};

    fn events_of(text: &str) -> Document {
        let meta = Metadata {
            published: PartialDate::day(2024, 5, 17),
            ..Metadata::default()
        };
        let mut doc = Document::new(text.to_string(), meta);
        pipeline(Arc::new(Kb::core()), &Options::default())
            .run(&mut doc)
            .expect("pipeline");
        doc
    }

    /// The entity of `doc` named `name`, which `what` must be.
    fn entity<'d>(doc: &'d Document, name: &str, what: &str) -> &'d dossier_model::Entity {
        doc.entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("{what} not found"))
    }

    #[test]
    fn a_minister_named_without_a_state_speaks_for_the_article_s_state() {
        let doc = events_of(
            "Prague summoned China's ambassador over the hack of the Czech foreign ministry. \
             Foreign Minister Jana Novak said the hackers worked for China's Ministry of State \
             Security.",
        );
        let person = entity(&doc, "Jana Novak", "the minister");
        assert_eq!(person.country.as_deref(), Some("CZ"));
        // A title of no state office ("Chairman") leaves a person without a state.
        let doc = events_of(
            "Prague summoned China's ambassador over the hack of the Czech foreign ministry. \
             Chairman Jana Novak said the hackers worked for China's Ministry of State \
             Security.",
        );
        let person = entity(&doc, "Jana Novak", "the chairman");
        assert_eq!(person.country, None);
    }

    #[test]
    fn only_a_state_body_s_name_makes_an_agency_the_home_state_s() {
        assert!(super::names_a_state_body("National Investigation Service"));
        assert!(super::names_a_state_body("Central Police Bureau"));
        assert!(!super::names_a_state_body("Center for Cyber Intelligence"));
        assert!(super::names_a_state_body(
            "Security and Intelligence Agency"
        ));
        assert!(super::names_a_state_body(
            "Government Information Security Office"
        ));
        assert!(super::names_a_state_body(
            "High Commission for National Protection"
        ));
        assert!(!super::names_a_state_body(
            "European Union Agency for Cybersecurity"
        ));
        assert!(!super::names_a_state_body("Nordic Council"));
        assert!(!super::names_a_state_body("App Center"));
        // "App Center" is Facebook's, not Mexico's.
        let doc = events_of("Facebook's App Center was vulnerable, the researcher in Mexico said.");
        let centre = entity(&doc, "App Center", "the centre");
        assert_eq!(centre.country, None);
    }

    #[test]
    fn a_state_body_named_without_its_state_belongs_to_the_state_named_first_on_a_tie() {
        let doc = events_of(
            "NoName057(16) knocked the websites of Luxembourg's government offline over its \
             aid to Ukraine, the High Commission for National Protection said.",
        );
        let body = entity(
            &doc,
            "High Commission for National Protection",
            "the commission",
        );
        assert_eq!(body.country.as_deref(), Some("LU"));
    }

    #[test]
    fn an_unknown_agency_and_a_minister_speak_for_a_state_named_once() {
        let doc = events_of(
            "The 2021 theft of ether from Norway's largest exchange was the work of North \
             Korea's Lazarus, the National Investigation Service said.",
        );
        let agency = entity(&doc, "National Investigation Service", "the agency");
        assert_eq!(agency.country.as_deref(), Some("NO"));
        let doc = events_of(
            "Hackers linked to Venezuela's army tried for weeks to take over the email \
             accounts of Colombian commanders, Defence Minister Ana Ruiz said.",
        );
        let person = entity(&doc, "Ana Ruiz", "the minister");
        assert_eq!(person.country.as_deref(), Some("CO"));
    }

    /// The countries of the responders of the `kind` responses in `text`.
    fn responder_countries(text: &str, kind: dossier_model::EventType) -> Vec<Option<String>> {
        let doc = events_of(text);
        doc.events
            .iter()
            .filter(|e| e.kind == kind)
            .flat_map(|e| e.args_with(dossier_model::Role::By))
            .map(|a| doc.entity(a.entity.as_deref()?)?.country.clone())
            .collect()
    }

    #[test]
    fn a_body_placed_in_a_city_is_that_states() {
        let by = responder_countries(
            "Prosecutors in Oslo charged two men with hacking the parliament.",
            dossier_model::EventType::Indictment,
        );
        assert_eq!(by, vec![Some("NO".to_string())]);
        // "in the southern city of": the city still places them.
        let by = responder_countries(
            "Police in the southern city of Guangzhou arrested two Taiwanese men accused of \
             hacking.",
            dossier_model::EventType::Arrest,
        );
        assert_eq!(by, vec![Some("CN".to_string())]);
    }

    #[test]
    fn an_operation_takes_the_time_of_its_own_clause_not_of_the_saying() {
        let doc = events_of(
            "The port authority said on Tuesday that Russian hackers had breached its cargo \
             and passenger booking systems in March 2023.",
        );
        let op = doc
            .events
            .iter()
            .find(|e| e.kind.is_operation())
            .expect("an operation");
        let time = op.time.as_ref().expect("a time");
        assert_eq!(time.value.as_deref(), Some("2023-03"), "{time:?}");
        // Only the saying dated: then it is the best there is.
        let doc = events_of(
            "The port authority said on Tuesday that Russian hackers had breached its network.",
        );
        let op = doc.events.iter().find(|e| e.kind.is_operation());
        assert!(op.is_some_and(|e| e.time.as_ref().is_some_and(|t| t.text.contains("Tuesday"))));
    }

    /// `text` after the [`Link`] stage, with one learned data breach whose trigger is
    /// `trigger` and whose arguments are `args` (role, text), unlinked.
    fn linked(
        text: &str,
        realis: dossier_model::Realis,
        trigger: &str,
        args: &[(dossier_model::Role, &str)],
    ) -> Document {
        linked_with(text, realis, trigger, args, false)
    }

    /// [`linked`], with the statement stage run before the victims are placed when
    /// `statements` is set.
    fn linked_with(
        text: &str,
        realis: dossier_model::Realis,
        trigger: &str,
        args: &[(dossier_model::Role, &str)],
        statements: bool,
    ) -> Document {
        use dossier_model::{Arg, Event, EventType, Mention, Span, Stage};
        let mut doc = Document::new(text.to_string(), Metadata::default());
        crate::sentences::Sentences
            .process(&mut doc)
            .expect("sentences");
        crate::entities::Entities::new(Arc::new(Kb::core()))
            .process(&mut doc)
            .expect("entities");
        let span = |part: &str| {
            let byte = text.find(part).expect("argument in text");
            let start = text[..byte].chars().count();
            Span::new(start, start + part.chars().count())
        };
        let t = span(trigger);
        doc.events.push(Event {
            kind: EventType::DataBreach,
            realis,
            trigger: Mention {
                start: t.start,
                end: t.end,
                text: trigger.into(),
            },
            args: args
                .iter()
                .map(|(role, part)| {
                    let s = span(part);
                    Arg {
                        role: *role,
                        start: s.start,
                        end: s.end,
                        text: (*part).into(),
                        entity: None,
                    }
                })
                .collect(),
            time: None,
            sentence: Span::new(0, doc.char_len()),
            confidence: 1.0,
            hedge: None,
            extractor: Some("perceptron".into()),
        });
        super::Link.process(&mut doc).expect("link");
        if statements {
            crate::events::Statements
                .process(&mut doc)
                .expect("statements");
        }
        super::PlaceVictims
            .process(&mut doc)
            .expect("place victims");
        doc
    }

    /// The entity the [`Link`] stage gives a learned victim argument on `arg` in `text`.
    fn linked_victim(text: &str, arg: &str) -> Option<dossier_model::Entity> {
        use dossier_model::{Realis, Role};
        let doc = linked(text, Realis::Actual, arg, &[(Role::Victim, arg)]);
        let id = doc.events[0].args[0].entity.clone()?;
        doc.entities.into_iter().find(|e| e.id == id)
    }

    /// Countries of the victims of the one event of [`linked`].
    fn victim_countries(doc: &Document) -> Vec<String> {
        doc.events[0]
            .args_with(dossier_model::Role::Victim)
            .filter_map(|a| doc.entity(a.entity.as_deref()?)?.country.clone())
            .collect()
    }

    #[test]
    fn an_unplaced_victim_takes_the_country_of_the_place() {
        use dossier_model::{Realis, Role};
        let text = "In Australia, hundreds of passwords were stolen from a firm's network in 2022.";
        let doc = linked(
            text,
            Realis::Actual,
            "stolen",
            &[(Role::Victim, "a firm's network")],
        );
        assert_eq!(victim_countries(&doc), vec!["AU".to_string()]);
        let text = "Clinics in Scotland were hit by the ransomware on Friday.";
        let args = [(Role::Victim, "Clinics"), (Role::Place, "Scotland")];
        let doc = linked(text, Realis::Actual, "hit", &args);
        assert_eq!(victim_countries(&doc), vec!["GB".to_string()]);
        // A hypothetical attack is placed nowhere.
        let doc = linked(text, Realis::Other, "hit", &args);
        assert!(victim_countries(&doc).is_empty());
    }

    #[test]
    fn a_state_attackers_unplaced_victim_takes_the_articles_country() {
        use dossier_model::{Realis, Role};
        let text = "Chinese hackers breached the email systems of several ministries, Manila \
                    said. The Philippines told Philippine agencies to change passwords.";
        let args = [
            (Role::Attacker, "Chinese hackers"),
            (Role::Victim, "the email systems of several ministries"),
        ];
        let doc = linked(text, Realis::Actual, "breached", &args);
        assert_eq!(victim_countries(&doc), vec!["PH".to_string()]);
        // Two countries named once each: no focus.
        let text = "Chinese hackers breached several ministries, officials in Germany and \
                    France said.";
        let args = [
            (Role::Attacker, "Chinese hackers"),
            (Role::Victim, "several ministries"),
        ];
        let doc = linked(text, Realis::Actual, "breached", &args);
        assert!(victim_countries(&doc).is_empty());
        // An attack on a product with no victim named: its users everywhere, no focus.
        let text = "Chinese hackers attacked Microsoft Exchange servers, Manila said. The \
                    Philippines told Philippine agencies to patch.";
        let args = [
            (Role::Attacker, "Chinese hackers"),
            (Role::VulnerableSystem, "Microsoft Exchange"),
        ];
        let doc = linked(text, Realis::Actual, "attacked", &args);
        assert!(victim_countries(&doc).is_empty());
        // No attacker of a known state: no focus either.
        let text = "Hackers breached the systems of several ministries, Berlin said. Germany \
                    told German agencies to change passwords.";
        let args = [(Role::Victim, "the systems of several ministries")];
        let doc = linked(text, Realis::Actual, "breached", &args);
        assert!(victim_countries(&doc).is_empty());
    }

    #[test]
    fn a_state_blamed_in_the_article_is_not_its_focus() {
        use dossier_model::{Realis, Role};
        // China is named most, but it is the accused: the focus is the Philippines.
        let text = "The Philippines blamed China for the intrusion. Russian hackers also \
                    breached the systems of several ministries. Manila said China and \
                    Chinese officials were behind it; Chinese diplomats denied it.";
        let args = [
            (Role::Attacker, "Russian hackers"),
            (Role::Victim, "the systems of several ministries"),
        ];
        let doc = linked(text, Realis::Actual, "breached", &args);
        assert_eq!(
            victim_countries(&doc),
            vec!["CN".to_string()],
            "without statements"
        );
        // With the statements found, China is blamed and drops out.
        let doc = linked_with(text, Realis::Actual, "breached", &args, true);
        assert_eq!(victim_countries(&doc), vec!["PH".to_string()]);
    }

    #[test]
    fn where_a_newspaper_is_from_is_not_what_the_article_is_about() {
        use dossier_model::{Realis, Role};
        let text = "The American newspaper said Russian hackers breached the systems of a \
                    port. The American newspaper cited a Norwegian engineer. The American \
                    daily gave no other details.";
        let args = [
            (Role::Attacker, "Russian hackers"),
            (Role::Victim, "the systems of a port"),
        ];
        let doc = linked(text, Realis::Actual, "breached", &args);
        assert!(victim_countries(&doc).is_empty(), "{:?}", doc.events);
        // Named for itself, the state is the focus.
        let text = text.replace("American newspaper", "newspaper in America");
        let doc = linked(&text, Realis::Actual, "breached", &args);
        assert_eq!(victim_countries(&doc), vec!["US".to_string()]);
    }

    #[test]
    fn an_unplaced_victim_takes_the_state_the_article_names_as_hit() {
        use dossier_model::Role;
        let text = "Britain said the Russian military carried out the ransomware attack. The \
                    ransomware hit banks in Ukraine. British ministers and the British \
                    government said so in London.";
        let mut doc = Document::new(text.to_string(), dossier_model::Metadata::default());
        crate::pipeline(Arc::new(dossier_kb::Kb::core()), &crate::Options::default())
            .run(&mut doc)
            .expect("pipeline");
        let attack = doc
            .events
            .iter()
            .find(|e| e.kind.is_operation() && e.trigger.text.contains("attack"))
            .expect("the attack");
        let victims: Vec<String> = attack
            .args_with(Role::Victim)
            .filter_map(|a| doc.entity(a.entity.as_deref()?)?.country.clone())
            .collect();
        // Britain is named most, but the article names Ukraine as the one hit.
        assert_eq!(victims, vec!["UA".to_string()], "{:?}", attack.args);
    }

    #[test]
    fn the_police_of_an_article_belong_to_the_state_it_is_about() {
        use dossier_model::{EventType, Role};
        let speakers = |text: &str| -> Vec<Option<String>> {
            let mut doc = Document::new(text.to_string(), dossier_model::Metadata::default());
            crate::pipeline(Arc::new(Kb::core()), &crate::Options::default())
                .run(&mut doc)
                .expect("pipeline");
            doc.events
                .iter()
                .filter(|e| e.kind == EventType::Attribution)
                .filter_map(|e| e.arg(Role::Speaker))
                .map(|a| doc.entity(a.entity.as_deref()?)?.country.clone())
                .collect()
        };
        let text = "Hackers tied to North Korea breached two defence firms, the police said. \
                    South Korean firms were told to check their networks. South Korea's \
                    ministry said more checks would follow.";
        assert_eq!(speakers(text), vec![Some("KR".to_string())]);
        // The state blamed is never the police's.
        let text = "Hackers tied to North Korea breached two defence firms, the police said.";
        assert_eq!(speakers(text), vec![None]);
    }

    #[test]
    fn the_centre_is_the_government_of_the_state_an_article_is_about() {
        use dossier_model::{EventType, Role};
        let run = |text: &str| {
            let mut doc = Document::new(text.to_string(), dossier_model::Metadata::default());
            crate::pipeline(Arc::new(Kb::core()), &crate::Options::default())
                .run(&mut doc)
                .expect("pipeline");
            doc
        };
        let deniers = |doc: &Document| -> Vec<Option<String>> {
            doc.events
                .iter()
                .filter(|e| e.kind == EventType::Denial)
                .filter_map(|e| e.arg(Role::Speaker))
                .map(|a| doc.entity(a.entity.as_deref()?)?.country.clone())
                .collect()
        };
        let lead = "A grid failure hit Chennai in India. Indian officials suspect hackers \
                    linked to Pakistan. ";
        let doc = run(&format!(
            "{lead}The Centre has said there is no evidence of Pakistan's role so far."
        ));
        assert_eq!(
            deniers(&doc),
            vec![Some("IN".to_string())],
            "{:?}",
            doc.events
        );
        // The same in reported speech whose clause reads as a passive.
        let doc = run(&format!(
            "{lead}The Centre has said that there has been no evidence of Pakistan’s role \
             in the matter so far."
        ));
        assert_eq!(
            deniers(&doc),
            vec![Some("IN".to_string())],
            "{:?}",
            doc.events
        );
        // An institution's name is no government.
        let doc = run("The Centre for Cyber Studies said the hack was serious.");
        assert!(doc.entities.iter().all(|e| e.name != "central government"));
    }

    #[test]
    fn the_attackers_own_country_is_no_victim() {
        use dossier_model::{Realis, Role};
        let text = "In Russia, GRU officers stole documents from a firm's network.";
        let args = [(Role::Attacker, "GRU"), (Role::Victim, "a firm's network")];
        let doc = linked(text, Realis::Actual, "stole", &args);
        assert!(
            victim_countries(&doc).is_empty(),
            "{:?}",
            doc.events[0].args
        );
    }

    #[test]
    fn a_victim_named_by_sector_takes_the_country_before_it() {
        let text = "The group breached several U.S. telecommunications companies last year.";
        let e = linked_victim(text, "several U.S. telecommunications companies").expect("linked");
        assert_eq!(e.country.as_deref(), Some("US"), "{e:?}");
        // A country after the head is where the victim sits, not what it is.
        let text = "The group breached telecommunications companies in Germany last year.";
        let e = linked_victim(text, "telecommunications companies in Germany").expect("linked");
        assert_ne!(e.kind, dossier_model::EntityKind::Country, "{e:?}");
    }

    #[test]
    fn a_statement_keeps_the_time_of_its_saying() {
        let doc = events_of(
            "On Monday the Dutch government attributed the 2021 intrusion to Chinese state \
             hackers.",
        );
        let attribution = doc
            .events
            .iter()
            .find(|e| e.kind == dossier_model::EventType::Attribution)
            .expect("an attribution");
        let time = attribution.time.as_ref().expect("a time");
        assert!(time.text.contains("Monday"), "{time:?}");
    }

    #[test]
    fn a_victim_named_as_a_state_body_is_the_article_s_state_s() {
        let doc = events_of(
            "Norway's security service said hackers working for APT31 had got into the \
             networks of three federal agencies in March.",
        );
        // The networks are named by their owner.
        let body = entity(&doc, "three federal agencies", "the victim");
        assert_eq!(body.country.as_deref(), Some("NO"));
        assert_eq!(body.kind, dossier_model::EntityKind::Government);
        // A common noun phrase of no state body stays without a state.
        let doc = events_of(
            "Norway's security service said hackers working for APT31 had got into the \
             networks of three shipping firms in March.",
        );
        assert!(
            !doc.entities
                .iter()
                .any(|e| e.name.contains("shipping firms"))
        );
    }
}
