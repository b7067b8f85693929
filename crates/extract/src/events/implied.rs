//! Attributions implied by responses.
//!
//! An indictment, sanction, arrest, summons or expulsion by one state against another
//! state's people or bodies, or an advisory that names another state's threat actor, over
//! a cyber operation, is a public accusation by the
//! responding state even when nobody says "attributed": "a grand jury indicted twelve
//! Russian officers over the hack" blames Russia. This stage turns each such response
//! into an `attribution` whose speaker is the response's `by` and whose accused is its
//! `against`, with the response's trigger as evidence and `extractor` set to
//! `implied:<response type>` so a reader can tell it from a stated attribution.
//!
//! Left out on purpose: responses without a target of another country (a state
//! arresting its own citizens), responses that did not happen ("threatened sanctions"),
//! responses in sentences that do not speak of an operation and talks (raising a matter
//! is not blaming). A takedown accuses only when its target is another state's actor ("a
//! botnet run by Russian criminals"); servers and domains carry no state.
//!
//! The same stage gives a denial that names no one ("Moscow denied involvement") the
//! accused of the blame it answers, when that accused is of the speaker's own state.

use std::sync::LazyLock;

use dossier_model::{Arg, Document, Event, EventType, Realis, Role, Stage, StageError};
use regex::Regex;

use super::context::{SentenceView, is_accusable, is_actor_of_statement, match_span};
use super::statements::{about_cyber, country_of, hedge_near};
use super::{implied_event_at, role_ids};

/// Responses that accuse their target.
const ACCUSING: [EventType; 7] = [
    EventType::Advisory,
    EventType::Takedown,
    EventType::Indictment,
    EventType::Sanction,
    EventType::Arrest,
    EventType::Summons,
    EventType::Expulsion,
];

/// The stage; runs after [`super::Responses`] and [`super::Statements`].
#[derive(Debug, Default, Clone, Copy)]
pub struct ImpliedAttributions;

impl Stage for ImpliedAttributions {
    fn name(&self) -> &'static str {
        "implied-attributions"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let mut found: Vec<Event> = Vec::new();
        for response in doc.events.iter().filter(|e| ACCUSING.contains(&e.kind)) {
            let Some(event) = implied(doc, response) else {
                continue;
            };
            let stated = doc.events.iter().chain(&found).any(|e| {
                e.kind == EventType::Attribution
                    && (one_statement(doc, e, &event) || same_states(doc, e, &event))
            });
            if !stated {
                found.push(event);
            }
        }
        doc.events.extend(found);
        let endorsed = endorsed_blames(doc);
        doc.events.extend(endorsed);
        merge_restatements(doc);
        drop_repeated_blames(doc);
        clear_the_answered(doc);
        Ok(())
    }
}

/// "The agency said the group had often got in by ...": a blame that names its accused
/// only as "the group" again, by a speaker who already blamed that actor earlier in the
/// article, repeats that blame and is left out (the operation it reports stays).
fn drop_repeated_blames(doc: &mut Document) {
    let anaphoric = |e: &Event| {
        e.arg(Role::Accused).is_some()
            && e.args_with(Role::Accused).all(|a| {
                a.text
                    .strip_prefix("the ")
                    .or_else(|| a.text.strip_prefix("The "))
                    .is_some_and(|rest| !rest.starts_with(char::is_uppercase))
            })
    };
    let repeated: Vec<bool> = doc
        .events
        .iter()
        .map(|e| {
            e.kind == EventType::Attribution
                && anaphoric(e)
                && e.arg(Role::Speaker).is_some()
                && e.args_with(Role::Speaker).all(|a| a.entity.is_some())
                && doc.events.iter().any(|k| {
                    k.kind == EventType::Attribution
                        && k.trigger.start < e.trigger.start
                        && !anaphoric(k)
                        && role_ids(k, Role::Speaker) == role_ids(e, Role::Speaker)
                        && role_ids(k, Role::Accused) == role_ids(e, Role::Accused)
                })
        })
        .collect();
    let mut flags = repeated.into_iter();
    doc.events.retain(|_| !flags.next().unwrap_or(false));
}

/// "CERT-UA's attribution of the attack to Sandworm was later endorsed by ESET": whoever
/// endorses, echoes, seconds or shares a blame told as a noun makes it too, against the
/// same accused. "Backed by" stays out: after a group's name it tells who sponsors it.
fn endorsed_blames(doc: &Document) -> Vec<Event> {
    static ENDORSED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+|later\s+|since\s+|also\s+)?(?P<v>endorsed|echoed|seconded|shared)\b(?:\s+\S+){0,3}?\s+by\s+(?:the\s+)?")
            .unwrap_or_else(|e| panic!("endorsed pattern: {e}"))
    });
    let mut out = Vec::new();
    // The blame told as a noun ("the attribution", "the finding") is what is endorsed;
    // a verb's participle ("a group it said was backed by") is not.
    let nominal = |e: &Event| {
        let t = e.trigger.text.to_lowercase();
        [
            "attribution",
            "assessment",
            "finding",
            "conclusion",
            "accusation",
        ]
        .iter()
        .any(|n| t.starts_with(n))
    };
    for blame in doc.events.iter().filter(|e| {
        e.kind == EventType::Attribution
            && e.realis == Realis::Actual
            && e.arg(Role::Accused).is_some()
            && nominal(e)
    }) {
        let view = SentenceView::new(doc, blame.sentence);
        let rest = view.between(blame.trigger.end, view.span.end);
        let Some(m) = ENDORSED.captures(rest) else {
            continue;
        };
        let (Some(verb), Some(all)) = (m.name("v"), m.get(0)) else {
            continue;
        };
        let verb = match_span(blame.trigger.end, rest, verb);
        let by_at = blame.trigger.end + rest[..all.end()].chars().count();
        let Some(endorser) = view
            .slots
            .iter()
            .find(|s| s.span.start == by_at && is_actor_of_statement(view.kind(s)))
        else {
            continue;
        };
        let endorser_id = &doc.entities[endorser.entity].id;
        if blame
            .args_with(Role::Speaker)
            .any(|a| a.entity.as_ref() == Some(endorser_id))
        {
            continue;
        }
        let mut event = implied_event_at(doc, verb, EventType::Attribution, blame.sentence);
        event.args.push(view.arg(Role::Speaker, endorser));
        event.args.extend(blame.args_with(Role::Accused).cloned());
        event.confidence = 0.8;
        out.push(event);
    }
    out
}

/// "Moscow denied involvement", "the embassy rejected the charges": a denial that names
/// no one answers the blame told just before it (in its sentence or the two before), and
/// clears that blame's accused of the speaker's own state (stated or implied by a
/// response). Another state's accused stay out: a state does not deny for others.
fn clear_the_answered(doc: &mut Document) {
    let mut cleared: Vec<(usize, Vec<Arg>)> = Vec::new();
    for (i, denial) in doc.events.iter().enumerate() {
        if denial.kind != EventType::Denial
            || denial.realis != Realis::Actual
            || denial.arg(Role::Accused).is_some()
        {
            continue;
        }
        let Some(state) = denial
            .args_with(Role::Speaker)
            .find_map(|a| country_of(doc, a.entity.as_deref()))
        else {
            continue;
        };
        let Some(here) = doc.sentence_at(denial.sentence.start) else {
            continue;
        };
        let own = |a: &&Arg| country_of(doc, a.entity.as_deref()) == Some(state);
        let blame = doc
            .events
            .iter()
            .filter(|k| {
                k.kind == EventType::Attribution
                    && k.trigger.start < denial.trigger.start
                    && doc
                        .sentence_at(k.sentence.start)
                        .is_some_and(|at| at <= here && here - at <= 2)
                    && k.args_with(Role::Accused).any(|a| own(&a))
                    && !k.args_with(Role::Speaker).any(|a| own(&a))
            })
            .max_by_key(|k| k.trigger.start);
        if let Some(blame) = blame {
            cleared.push((
                i,
                blame
                    .args_with(Role::Accused)
                    .filter(own)
                    .cloned()
                    .collect(),
            ));
        }
    }
    for (i, args) in cleared {
        doc.events[i].args.extend(args);
    }
}

/// One sentence, one blame: "Britain summoned the Chinese ambassador after the breach was
/// blamed on APT31" and "Sandworm, the GRU unit blamed for the blackout, ...,
/// investigators said" each read two attributions, of the same states, of which one has
/// no speaker or a speaker in common. They are one statement: the first with a speaker
/// keeps it, and takes the other's accused.
fn merge_restatements(doc: &mut Document) {
    let mut i = 0;
    while i < doc.events.len() {
        let merge = (0..doc.events.len()).find(|&j| {
            let (a, b) = (&doc.events[j], &doc.events[i]);
            j != i
                && a.kind == EventType::Attribution
                && b.kind == EventType::Attribution
                && a.sentence == b.sentence
                && a.realis == b.realis
                && same_countries(doc, a, b, Role::Accused)
                && match (a.arg(Role::Speaker), b.arg(Role::Speaker)) {
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => j < i,
                    (Some(_), Some(_)) => j < i && one_statement(doc, a, b),
                }
        });
        let Some(j) = merge else {
            i += 1;
            continue;
        };
        let gone = doc.events.remove(i);
        let j = if j > i { j - 1 } else { j };
        let kept = &mut doc.events[j];
        for arg in gone.args_with(Role::Accused) {
            if kept
                .args_with(Role::Accused)
                .all(|a| a.entity != arg.entity)
            {
                kept.args.push(arg.clone());
            }
        }
        if kept.hedge.is_none() {
            kept.hedge = gone.hedge;
        }
    }
}

/// The attribution a response implies, if it implies one.
fn implied(doc: &Document, response: &Event) -> Option<Event> {
    if response.realis != Realis::Actual {
        return None;
    }
    // The first target of a state: "Zservers, a hosting firm, along with two Russian
    // nationals" blames Russia through the second.
    let (against, target_country) = response.args_with(Role::Against).find_map(|a| {
        let target = doc.entity(a.entity.as_deref()?)?;
        let country = target.country.as_deref()?;
        is_accusable(target.kind).then_some((a, country))
    })?;
    // A responder of another state blames the target's state; so does a known body of
    // no state (the EU, Europol, a company taking down a botnet). Local bodies ("police",
    // "prosecutors") have their country from `HomeBodies` by now, or none.
    let speakers: Vec<&Arg> = response
        .args_with(Role::By)
        .filter(|a| match country_of(doc, a.entity.as_deref()) {
            Some(c) => c != target_country,
            None => a
                .entity
                .as_deref()
                .is_some_and(|id| !id.starts_with("local:")),
        })
        .collect();
    if speakers.is_empty() {
        return None;
    }
    let view = SentenceView::new(doc, response.sentence);
    if !about_cyber(&view)
        && !holds_an_operation(doc, response.sentence)
        && !about_cyber_by_pronoun(doc, response.sentence)
    {
        return None;
    }
    let mut args: Vec<Arg> = speakers
        .into_iter()
        .map(|a| Arg {
            role: Role::Speaker,
            ..a.clone()
        })
        .collect();
    args.push(Arg {
        role: Role::Accused,
        ..against.clone()
    });
    Some(Event {
        kind: EventType::Attribution,
        realis: response.realis,
        trigger: response.trigger.clone(),
        args,
        time: response.time.clone(),
        sentence: response.sentence,
        confidence: (response.confidence * 0.9).min(0.8),
        hedge: hedge_near(doc, response.sentence, response.trigger.span()),
        extractor: Some(format!("implied:{}", response.kind.as_str())),
    })
}

/// Whether an operation was read in the sentence ("accuses him of breaking into
/// networks"), whatever words it used.
fn holds_an_operation(doc: &Document, sentence: dossier_model::Span) -> bool {
    doc.events
        .iter()
        .any(|e| e.kind.is_operation() && e.sentence == sentence)
}

/// Whether a pronoun ties the response to an operation in the sentence next to it:
/// "charged two Iranian men with carrying out dozens of them" after the defacements, or
/// "detained a Chinese national ... Prosecutors accuse him of stealing vaccine research".
fn about_cyber_by_pronoun(doc: &Document, sentence: dossier_model::Span) -> bool {
    static BACK: LazyLock<Regex> = LazyLock::new(|| {
        // The pronoun as an object: at the clause's end or after a preposition ("dozens
        // of them", "with sending them."), not a subject ("it said").
        Regex::new(r"(?i)\b(?:them|it|those|these)\s*[.,;]|\b(?:of|for|over|in|behind)\s+(?:them|it|those|these)\b")
            .unwrap_or_else(|e| panic!("back-reference pattern: {e}"))
    });
    static AHEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\W*(?:\S+\s+){0,6}?(?:he|she|they|him|her|them)\b")
            .unwrap_or_else(|e| panic!("pronoun-ahead pattern: {e}"))
    });
    let Some(i) = doc.sentence_at(sentence.start) else {
        return false;
    };
    let at = |k: usize| SentenceView::new(doc, doc.sentences[k]);
    let here = doc.slice(sentence);
    let before = i > 0 && BACK.is_match(here) && about_cyber(&at(i - 1));
    let after = doc
        .sentences
        .get(i + 1)
        .is_some_and(|&next| AHEAD.is_match(doc.slice(next)) && about_cyber(&at(i + 1)));
    before || after
}

/// Whether two attributions are one statement told twice: same sentence, same states
/// speaking and accused, and a speaker or an accused in common. "sanctions on Star
/// Blizzard, which the NCSC says is run by the FSB": another speaker blaming another
/// body is another statement.
fn one_statement(doc: &Document, a: &Event, b: &Event) -> bool {
    a.sentence == b.sentence
        && same_countries(doc, a, b, Role::Speaker)
        && same_countries(doc, a, b, Role::Accused)
        && (shares_entity(a, b, Role::Speaker) || shares_entity(a, b, Role::Accused))
}

/// "Prague blamed APT31 for the campaign, and the ministry summoned the Chinese
/// ambassador": a state's own blame in the response's sentence, of the same states,
/// already says what the response of one of its bodies implies. (Two bodies of one state
/// are two speakers: "the foreign secretary announced sanctions on a group the NCSC says
/// the FSB runs".)
fn same_states(doc: &Document, stated: &Event, implied: &Event) -> bool {
    let by_the_state = stated.arg(Role::Speaker).is_some()
        && stated.args_with(Role::Speaker).all(|a| {
            a.entity
                .as_deref()
                .and_then(|id| doc.entity(id))
                .is_some_and(|e| e.kind == dossier_model::EntityKind::Country)
        });
    let stateful = |e: &Event| {
        e.args
            .iter()
            .filter(|a| matches!(a.role, Role::Speaker | Role::Accused))
            .all(|a| country_of(doc, a.entity.as_deref()).is_some())
    };
    stated.sentence == implied.sentence
        && by_the_state
        && stateful(stated)
        && stateful(implied)
        && same_countries(doc, stated, implied, Role::Speaker)
        && same_countries(doc, stated, implied, Role::Accused)
}

/// Whether two events name the same countries (or, without countries, the same
/// entities) in `role`.
fn same_countries(doc: &Document, a: &Event, b: &Event, role: Role) -> bool {
    let keys = |e: &Event| {
        let mut v: Vec<String> = e
            .args_with(role)
            .filter_map(|x| {
                let id = x.entity.as_deref()?;
                Some(
                    doc.entity(id)
                        .and_then(|e| e.country.clone())
                        .unwrap_or_else(|| id.to_string()),
                )
            })
            .collect();
        v.sort();
        v.dedup();
        v
    };
    keys(a) == keys(b)
}

/// Whether two events have an entity in common in `role`.
fn shares_entity(a: &Event, b: &Event, role: Role) -> bool {
    a.args_with(role)
        .filter_map(|x| x.entity.as_deref())
        .any(|id| b.args_with(role).any(|y| y.entity.as_deref() == Some(id)))
}

#[cfg(test)]
mod tests {
    use dossier_model::{EventType, Role};

    use crate::events::testing::{countries, run_rules};

    /// (speaker countries, accused countries, extractor) of the attributions in `text`.
    fn attributions(text: &str) -> Vec<(Vec<String>, Vec<String>, String)> {
        let doc = run_rules(text);
        doc.events
            .iter()
            .filter(|e| e.kind == EventType::Attribution)
            .map(|e| {
                (
                    countries(&doc, e, Role::Speaker),
                    countries(&doc, e, Role::Accused),
                    e.extractor.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn a_state_s_blame_covers_what_its_ministry_s_summons_implies() {
        let found = attributions(
            "Prague blamed APT31 for spying on the Czech foreign ministry's network, and the \
             ministry summoned the Chinese ambassador.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, vec!["CZ".to_string()]);
        // Two bodies of one state are two speakers.
        let found = attributions(
            "Britain's foreign secretary announced sanctions on members of the Star Blizzard \
             group, which the NCSC says is run by the FSB.",
        );
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn an_operation_read_in_the_sentence_makes_a_response_about_cyber() {
        // No word of the cyber vocabulary, but an intrusion is read in the sentence.
        let found = attributions(
            "Spanish police arrested a Russian man who got into the networks of two banks.",
        );
        assert!(
            found.iter().any(|(s, a, _)| s == &["ES"] && a == &["RU"]),
            "{found:?}"
        );
        // Nothing when no system was got into.
        let found = attributions("Spanish police arrested a Russian man who got into a fight.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_pronoun_ties_a_charge_to_the_operation_next_to_it() {
        let found = attributions(
            "Phishing emails flooded Danish ministries in May. The FBI charged two Russian \
             men with sending them.",
        );
        assert!(
            found.iter().any(|(s, a, _)| s == &["US"] && a == &["RU"]),
            "{found:?}"
        );
        let found = attributions(
            "Dutch police detained a Chinese engineer at Schiphol. Prosecutors in Ohio \
             accuse him of hacking a chip maker for the Ministry of State Security.",
        );
        assert!(
            found.iter().any(|(s, a, _)| s == &["NL"] && a == &["CN"]),
            "{found:?}"
        );
        let found = attributions(
            "Hackers defaced Danish ministry sites in May. The FBI charged two Russian men \
             over several of them in a sealed filing.",
        );
        assert!(
            found.iter().any(|(s, a, _)| s == &["US"] && a == &["RU"]),
            "{found:?}"
        );
        // No pronoun, no tie: the neighbour's operation is another matter.
        let found = attributions(
            "Hackers defaced Danish ministry sites in May. The FBI charged two Russian men \
             with tax fraud.",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn prosecutors_placed_in_a_city_blame_with_their_charge() {
        let found = attributions(
            "Federal prosecutors in Boston charged three Iranian hackers with breaching a \
             water utility.",
        );
        assert!(
            found.iter().any(|(s, a, _)| s == &["US"] && a == &["IR"]),
            "{found:?}"
        );
    }

    #[test]
    fn a_blame_without_speaker_joins_the_responders_blame_of_that_state() {
        // One statement: Canada blames China, through its envoy and the named group.
        let doc = run_rules(
            "Ottawa summoned the Chinese ambassador after the parliament breach was \
             blamed on APT41.",
        );
        let found: Vec<_> = doc
            .events
            .iter()
            .filter(|e| e.kind == EventType::Attribution)
            .collect();
        assert_eq!(found.len(), 1, "{:?}", doc.events);
        assert_eq!(
            countries(&doc, found[0], Role::Speaker),
            vec!["CA".to_string()]
        );
        assert!(
            found[0].args_with(Role::Accused).any(|a| a.text == "APT41"),
            "{:?}",
            found[0]
        );
    }

    #[test]
    fn other_speakers_blaming_other_bodies_stay_apart() {
        let found = attributions(
            "Canberra announced sanctions on members of the Gamaredon group, which the ASD \
             says works for the FSB.",
        );
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn indictment_over_a_hack_blames_the_defendants_state() {
        let found = attributions(
            "Washington indicted four Iranian officers over the hack of a Texas water utility.",
        );
        assert_eq!(
            found,
            vec![(
                vec!["US".into()],
                vec!["IR".into()],
                "implied:indictment".into()
            )]
        );
    }

    #[test]
    fn sanctions_over_an_intrusion_blame_the_target() {
        let found = attributions(
            "The European Union and Britain sanctioned Russia's GRU for the intrusion into the Bundestag network.",
        );
        assert!(
            found.iter().any(|(s, a, x)| s.contains(&"GB".to_string())
                && a == &vec!["RU".to_string()]
                && x == "implied:sanction"),
            "{found:?}"
        );
    }

    #[test]
    fn an_advisory_naming_a_foreign_actor_blames_its_state() {
        let found = attributions(
            "The Australian Signals Directorate singled out APT40 in a technical advisory.",
        );
        assert_eq!(
            found,
            vec![(
                vec!["AU".into()],
                vec!["CN".into()],
                "implied:advisory".into()
            )]
        );
    }

    #[test]
    fn a_responder_of_no_state_blames_the_target() {
        let found = attributions(
            "The European Union imposed sanctions on two officers of Russia's military intelligence over cyberattacks.",
        );
        assert_eq!(
            found,
            vec![(vec![], vec!["RU".into()], "implied:sanction".into())]
        );
    }

    #[test]
    fn no_attribution_without_an_operation_in_the_sentence() {
        let found = attributions("Canada sanctioned Russian oligarchs over the invasion.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn arresting_own_citizens_blames_no_state() {
        let found = attributions("Spanish police arrested a Spanish hacker over the breach.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn threatened_sanctions_are_not_an_accusation() {
        let found =
            attributions("Germany could sanction Chinese officials if the hacking continues.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_stated_attribution_is_not_repeated() {
        let found = attributions(
            "The US accused China of the hack and indicted two Chinese officers for it.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn another_speaker_blaming_another_body_is_another_statement() {
        let found = attributions(
            "Canada sanctioned members of the Sandworm group, which the CSE says is run by the \
             GRU.",
        );
        assert!(
            found.iter().any(|(s, a, x)| s == &vec!["CA".to_string()]
                && a == &vec!["RU".to_string()]
                && x == "implied:sanction"),
            "{found:?}"
        );
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn a_blame_of_the_group_again_by_the_same_speaker_is_not_a_second_one() {
        let doc = crate::events::testing::run_rules(
            "Japan's National Police Agency said MirrorFace had hacked think tanks in Tokyo. \
             The agency said the group had also broken into the networks of two lawmakers.",
        );
        let blames = doc
            .events
            .iter()
            .filter(|e| e.kind == EventType::Attribution)
            .count();
        assert_eq!(blames, 1, "{:?}", doc.events);
        // Its operation stays.
        assert!(
            doc.events
                .iter()
                .any(|e| e.kind.is_operation() && e.sentence.start > 60),
            "{:?}",
            doc.events
        );
        // Another speaker's blame of the group is a blame of its own.
        let doc = crate::events::testing::run_rules(
            "Japan's National Police Agency said MirrorFace had hacked think tanks in Tokyo. \
             Mandiant said the group had also broken into the networks of two lawmakers.",
        );
        let blames = doc
            .events
            .iter()
            .filter(|e| e.kind == EventType::Attribution)
            .count();
        assert_eq!(blames, 2, "{:?}", doc.events);
    }

    /// The countries of the accused of the denials in `text`.
    fn cleared(text: &str) -> Vec<Vec<String>> {
        let doc = run_rules(text);
        doc.events
            .iter()
            .filter(|e| e.kind == EventType::Denial)
            .map(|e| countries(&doc, e, Role::Accused))
            .collect()
    }

    #[test]
    fn a_denial_that_names_no_one_clears_the_blame_it_answers() {
        assert_eq!(
            cleared(
                "Lithuania's cyber centre blamed APT29 for the intrusion into the \
                 parliament's mail server. The Kremlin denied any involvement."
            ),
            vec![vec!["RU".to_string()]]
        );
        // Through a blame a response implies: "rejected the charges".
        assert_eq!(
            cleared(
                "US prosecutors charged four Chinese nationals over the hacking of a \
                 utility. Beijing's foreign ministry rejected the charges."
            ),
            vec![vec!["CN".to_string()]]
        );
        // A state does not clear another state's accused, nor one blamed too long before.
        assert_eq!(
            cleared(
                "Britain blamed Sandworm for the attack on the port. China's embassy \
                 dismissed the allegations."
            ),
            vec![Vec::<String>::new()]
        );
        assert_eq!(
            cleared(
                "Lithuania blamed APT29 for the breach. The parliament met on Monday. The \
                 budget was passed. Lawmakers went home. The Kremlin denied any involvement."
            ),
            vec![Vec::<String>::new()]
        );
    }

    #[test]
    fn whoever_echoes_a_blame_told_as_a_noun_makes_it_too() {
        let found = attributions(
            "Norway's assessment that APT31 hacked its parliament was shared by the European \
             Union.",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found
                .iter()
                .all(|(_, accused, _)| accused == &vec!["CN".to_string()])
        );
        // Backing told of the accused is sponsorship, not an endorsement: the sponsor
        // makes no blame.
        let found = attributions(
            "Britain's attribution of the hack to APT31, which it said was backed by China's \
             Ministry of State Security, angered Beijing.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, vec!["GB".to_string()]);
    }
}
