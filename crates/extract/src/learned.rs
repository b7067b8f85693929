//! The learned operation extractor: a model trained on CASIE (see the `dossier-learn`
//! crate) for the five CASIE event types, behind the same [`Stage`] seam as the rules.
//!
//! CASIE is cyber-security trade news; on general news about state operations the model
//! over-fires, so its events pass two context filters measured on news-dev
//! (docs/accuracy.md): a patch or vulnerability event needs a vulnerability, product or
//! patch word in its sentence ("a statement was issued" is no patch), and a victim cannot
//! be a threat actor or malware, nor a state organ in a sentence that blames someone (there
//! the state speaks; it is not the victim).

use std::sync::{Arc, LazyLock};

use dossier_learn::CasieModel;
use dossier_model::{
    Document, EntityKind, Event, EventType, IndicatorKind, Role, Span, Stage, StageError,
};
use regex::Regex;

use crate::entities::entity_at;
use crate::events::operations::inside_a_name;

/// Runs a trained [`CasieModel`] over the text.
pub struct LearnedOperations {
    model: Arc<CasieModel>,
}

impl LearnedOperations {
    /// A stage over a loaded model.
    pub fn new(model: Arc<CasieModel>) -> Self {
        LearnedOperations { model }
    }
}

impl Stage for LearnedOperations {
    fn name(&self) -> &'static str {
        "learned-operations"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let events = self.model.extract(&doc.text).map_err(|e| StageError {
            stage: self.name(),
            message: e.to_string(),
        })?;
        let kept: Vec<Event> = events
            .into_iter()
            .filter(|e| has_software_context(doc, e))
            // "Pro-Russian hacktivists": a trigger inside a name is no event, as for the rules.
            .filter(|e| !inside_a_name(doc, e.trigger.span()))
            .map(|e| without_implausible_args(doc, e))
            .map(|e| with_subject_as_agent(doc, e))
            .collect();
        let kept = reconcile_with_rules(doc, kept);
        doc.events.extend(kept);
        Ok(())
    }
}

/// One event per trigger: where a learned event and a rule event share trigger words, the
/// rule's specific types (a theft of funds, a disruption, espionage, influence) win over
/// the model's; an intrusion rule gives way to the model's CASIE type and lends it the
/// attacker or victim the model left empty.
fn reconcile_with_rules(doc: &mut Document, learned: Vec<Event>) -> Vec<Event> {
    let mut kept = Vec::with_capacity(learned.len());
    for mut l in learned {
        let t = l.trigger.span();
        let overlapping = |e: &Event| e.kind.is_operation() && e.trigger.span().overlaps(t);
        if doc
            .events
            .iter()
            .any(|r| overlapping(r) && r.kind != EventType::Intrusion)
        {
            continue;
        }
        if let Some(i) = doc
            .events
            .iter()
            .position(|r| overlapping(r) && r.kind == EventType::Intrusion)
        {
            // Only the roles the rule reads from the clause; its tools, products and data
            // are words found anywhere in the sentence.
            let rule = doc.events.remove(i);
            for a in rule.args {
                if matches!(a.role, Role::Attacker | Role::Victim) && l.arg(a.role).is_none() {
                    l.args.push(a);
                }
            }
        }
        kept.push(l);
    }
    kept
}

static SOFTWARE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:patch\w*|updat\w*|upgrad\w*|fix(?:es|ed)?|vulnerab\w+|flaws?|bugs?|zero[\s-]?days?|exploit\w*|security\s+holes?)\b")
        .unwrap_or_else(|e| panic!("software pattern: {e}"))
});

static BLAME_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:attribut\w+|blam\w+|accus\w+|behind|responsible|denie[sd]|deny\w*)\b")
        .unwrap_or_else(|e| panic!("blame pattern: {e}"))
});

/// Patches and vulnerability discoveries only where the sentence speaks of software flaws.
fn has_software_context(doc: &Document, e: &Event) -> bool {
    if !matches!(e.kind, EventType::Patch | EventType::VulnerabilityDiscovery) {
        return true;
    }
    let has_cve = doc
        .indicators
        .iter()
        .any(|i| i.kind == IndicatorKind::Cve && e.sentence.contains(Span::new(i.start, i.end)));
    has_cve || SOFTWARE_WORDS.is_match(doc.slice(e.sentence))
}

/// The event without victims that cannot be victims here, and without a "time" that is
/// a place ("Australia" as the time of a theft).
fn without_implausible_args(doc: &Document, mut e: Event) -> Event {
    let blames = BLAME_WORDS.is_match(doc.slice(e.sentence));
    let is_a_place = |span: Span| {
        doc.entities.iter().any(|x| {
            matches!(x.kind, EntityKind::Country | EntityKind::Location)
                && x.mentions.iter().any(|m| m.span() == span)
        })
    };
    e.args.retain(|a| {
        if a.role == Role::Time {
            return !is_a_place(a.span());
        }
        if a.role != Role::Victim {
            return true;
        }
        match entity_at(doc, a.span()).map(|x| x.kind) {
            Some(EntityKind::ThreatActor | EntityKind::Malware) => false,
            // A product is the vulnerable system, not the victim; as a victim it would
            // place the incident in its vendor's country ("Microsoft Exchange" → US).
            Some(EntityKind::Product) => false,
            Some(k) if k.is_state_organ() => !blames,
            _ => true,
        }
    });
    e
}

/// Nouns that name those who act: a past form right after them is a finite verb.
const AGENT_NOUNS: &[&str] = &[
    "hackers",
    "attackers",
    "actors",
    "group",
    "spies",
    "operatives",
    "criminals",
    "cybercriminals",
    "government",
    "agency",
    "state",
    "intelligence",
    "military",
    "unit",
];

/// Whether a theft or intrusion trigger is a verb in the active voice: "stole", "steals",
/// "was set on stealing", "had stolen", "have reportedly accessed". Participles without
/// "have" ("the stolen data", "had been hacked") and nominal "-ing" forms ("the hacking of")
/// are not.
fn is_active_taking(before: &str, trigger: &str) -> bool {
    let lower = format!("{before} {trigger}").to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(4)
        .collect();
    let Some((&last, earlier)) = words.split_first() else {
        return false;
    };
    match last {
        "stole" | "steal" | "steals" => true,
        // A finite past right after an agent noun: "hackers working for X breached ...".
        // After other nouns the form is as often a participle ("records of citizens
        // breached in 2015", "had their details accessed").
        "hacked" | "breached" | "compromised" | "accessed" | "infiltrated" | "penetrated"
            if earlier.first().is_some_and(|w| AGENT_NOUNS.contains(w))
                && !earlier.iter().any(|w| matches!(*w, "has" | "have" | "had")) =>
        {
            true
        }
        "stolen" | "hacked" | "breached" | "compromised" | "accessed" | "obtained"
        | "exfiltrated" | "infiltrated" | "penetrated" => {
            // "had stolen", "have reportedly accessed"; not "had been stolen".
            let have = earlier
                .iter()
                .take(2)
                .position(|w| matches!(*w, "has" | "have" | "had"));
            have.is_some_and(|i| !earlier[..i].contains(&"been"))
        }
        "stealing" | "hacking" | "breaching" | "compromising" | "accessing" | "obtaining"
        | "exfiltrating" | "infiltrating" | "penetrating" => !earlier.first().is_some_and(|w| {
            matches!(
                *w,
                "the"
                    | "a"
                    | "an"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "our"
                    | "of"
                    | "being"
                    | "from"
                    | "about"
                    | "against"
            )
        }),
        _ => false,
    }
}

/// Words that open a clause, so the subject of a verb starts after them.
static CLAUSE_OPENER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[,;:()\u{201c}\u{201d}\u{2014}\x22]|\b(?:that|who|which|and|but|after|before|when|while|because|as|if)\b")
        .unwrap_or_else(|e| panic!("clause opener pattern: {e}"))
});

/// The event with its subject read as the one who acted. The model sometimes tags the
/// subject of an active theft verb as the victim ("the government was set on stealing
/// their technology") or takes a place inside it for the place of the harm ("an employee
/// located in China had stolen data"). A state, state organ or group there is the
/// attacker; anything else in the subject is dropped from the victim and place roles.
fn with_subject_as_agent(doc: &Document, mut e: Event) -> Event {
    let before = doc.slice(Span::new(e.sentence.start, e.trigger.start));
    if !is_active_taking(before, &e.trigger.text) {
        return e;
    }
    // The subject: from the last clause opener before the trigger up to it.
    let opener = CLAUSE_OPENER
        .find_iter(before)
        .last()
        .map_or(0, |m| before[..m.end()].chars().count());
    let subject = Span::new(e.sentence.start + opener, e.trigger.start);
    let has_attacker = e.arg(Role::Attacker).is_some();
    let mut promoted = false;
    e.args.retain_mut(|a| {
        if !matches!(a.role, Role::Victim | Role::Place) || !subject.contains(a.span()) {
            return true;
        }
        let acts = entity_at(doc, a.span()).is_some_and(|x| {
            x.kind.is_state_organ()
                || matches!(x.kind, EntityKind::Country | EntityKind::ThreatActor)
        });
        if a.role == Role::Victim && acts && !has_attacker && !promoted {
            a.role = Role::Attacker;
            promoted = true;
            return true;
        }
        false
    });
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::{Arg, Mention, Metadata, Realis};

    fn doc_with(text: &str) -> Document {
        let mut doc = Document::new(text.to_string(), Metadata::default());
        doc.sentences = vec![Span::new(0, doc.char_len())];
        doc
    }

    /// [`doc_with`] with the core KB's entities found.
    fn doc_with_entities(text: &str) -> Document {
        let mut doc = doc_with(text);
        crate::entities::Entities::new(Arc::new(dossier_kb::Kb::core()))
            .process(&mut doc)
            .expect("entities");
        doc
    }

    fn event(kind: EventType, doc: &Document) -> Event {
        Event {
            kind,
            realis: Realis::Actual,
            trigger: Mention {
                start: 0,
                end: 1,
                text: "x".into(),
            },
            args: Vec::new(),
            time: None,
            sentence: doc.sentences[0],
            confidence: 1.0,
            hedge: None,
            extractor: Some("perceptron".into()),
        }
    }

    #[test]
    fn a_trigger_inside_an_actor_compound_is_inside_a_name() {
        let doc = doc_with_entities("Pro-Russian hacktivists defaced the site.");
        let mut e = event(EventType::DataBreach, &doc);
        e.trigger = Mention {
            start: 12,
            end: 23,
            text: "hacktivists".into(),
        };
        assert!(inside_a_name(&doc, e.trigger.span()));
        e.trigger = Mention {
            start: 24,
            end: 31,
            text: "defaced".into(),
        };
        assert!(!inside_a_name(&doc, e.trigger.span()));
    }

    #[test]
    fn one_event_per_trigger_with_the_rules() {
        let mut doc = doc_with_entities("Hackers stole $5 million and breached the bank.");
        let at = |kind, start, end, text: &str| {
            let mut e = event(kind, &doc);
            e.trigger = Mention {
                start,
                end,
                text: text.into(),
            };
            e
        };
        let mut theft = at(EventType::FinancialTheft, 8, 22, "stole $5 million");
        theft.extractor = Some("rules".into());
        let mut intrusion = at(EventType::Intrusion, 27, 35, "breached");
        intrusion.extractor = Some("rules".into());
        intrusion.args.push(Arg {
            role: Role::Attacker,
            start: 0,
            end: 7,
            text: "Hackers".into(),
            entity: None,
        });
        intrusion.args.push(Arg {
            role: Role::Tool,
            start: 40,
            end: 44,
            text: "bank".into(),
            entity: None,
        });
        let learned = vec![
            at(EventType::DataBreach, 8, 13, "stole"),
            at(EventType::DataBreach, 27, 35, "breached"),
        ];
        doc.events = vec![theft, intrusion];
        let kept = reconcile_with_rules(&mut doc, learned);
        // The theft of funds stays the rule's; the breach is the model's, with the rule's
        // attacker but not its sentence-wide extras.
        assert_eq!(doc.events.len(), 1);
        assert_eq!(doc.events[0].kind, EventType::FinancialTheft);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].trigger.text, "breached");
        let roles: Vec<Role> = kept[0].args.iter().map(|a| a.role).collect();
        assert_eq!(roles, vec![Role::Attacker]);
    }

    #[test]
    fn a_place_is_no_time() {
        let doc = doc_with_entities("Passwords were stolen in Australia in 2022.");
        let mut e = event(EventType::DataBreach, &doc);
        for (start, end, text) in [(25, 34, "Australia"), (38, 42, "2022")] {
            e.args.push(Arg {
                role: Role::Time,
                start,
                end,
                text: text.into(),
                entity: None,
            });
        }
        let kept: Vec<String> = without_implausible_args(&doc, e)
            .args
            .into_iter()
            .map(|a| a.text)
            .collect();
        assert_eq!(kept, vec!["2022".to_string()]);
    }

    /// An event of `kind` in `text` (entities found) with its trigger and arguments
    /// located by their text.
    fn placed_event(text: &str, trigger: &str, args: &[(Role, &str)]) -> (Document, Event) {
        let doc = doc_with_entities(text);
        let at = |s: &str| {
            let start = text[..text.find(s).expect("in text")].chars().count();
            (start, start + s.chars().count())
        };
        let mut e = event(EventType::DataBreach, &doc);
        let (start, end) = at(trigger);
        e.trigger = Mention {
            start,
            end,
            text: trigger.into(),
        };
        for &(role, t) in args {
            let (start, end) = at(t);
            e.args.push(Arg {
                role,
                start,
                end,
                text: t.into(),
                entity: None,
            });
        }
        (doc, e)
    }

    fn roles(e: &Event) -> Vec<(Role, String)> {
        e.args.iter().map(|a| (a.role, a.text.clone())).collect()
    }

    #[test]
    fn the_subject_of_an_active_theft_is_the_agent() {
        let (doc, e) = placed_event(
            "Officials warned that the Iranian government was set on stealing their designs.",
            "stealing",
            &[(Role::Victim, "Iranian government")],
        );
        assert_eq!(
            roles(&with_subject_as_agent(&doc, e)),
            vec![(Role::Attacker, "Iranian government".into())]
        );
        // Where the thief sits is not where the harm happened.
        let (doc, e) = placed_event(
            "The firm said an engineer living in Canada had stolen data from its servers.",
            "had stolen",
            &[(Role::Place, "Canada"), (Role::Victim, "its servers")],
        );
        assert_eq!(
            roles(&with_subject_as_agent(&doc, e)),
            vec![(Role::Victim, "its servers".into())]
        );
        // A finite past after a noun is active too; with an attacker already named, the
        // state in the subject is dropped rather than made a second attacker.
        let (doc, mut e) = placed_event(
            "Hackers reportedly working for the Iranian government breached a ministry.",
            "breached",
            &[
                (Role::Victim, "Iranian government"),
                (Role::Victim, "a ministry"),
            ],
        );
        e.args.insert(
            0,
            Arg {
                role: Role::Attacker,
                start: 0,
                end: 7,
                text: "Hackers".into(),
                entity: None,
            },
        );
        assert_eq!(
            roles(&with_subject_as_agent(&doc, e)),
            vec![
                (Role::Attacker, "Hackers".into()),
                (Role::Victim, "a ministry".into())
            ]
        );
        // Passive voice and participles keep the subject as the victim.
        for (text, trigger) in [
            ("Files of the Iranian government had been stolen.", "stolen"),
            (
                "The Iranian government said the stolen files were old.",
                "stolen",
            ),
        ] {
            let (doc, e) = placed_event(text, trigger, &[(Role::Victim, "Iranian government")]);
            assert_eq!(
                roles(&with_subject_as_agent(&doc, e)),
                vec![(Role::Victim, "Iranian government".into())],
                "{text}"
            );
        }
    }

    #[test]
    fn patch_needs_a_software_word() {
        let doc = doc_with("A statement was issued on Friday.");
        assert!(!has_software_context(&doc, &event(EventType::Patch, &doc)));
        let doc = doc_with("The vendor issued a fix on Friday.");
        assert!(has_software_context(&doc, &event(EventType::Patch, &doc)));
    }

    #[test]
    fn blaming_state_is_not_the_victim() {
        let doc = doc_with_entities("The UK government blamed the ransomware attack on Russia.");
        let mut e = event(EventType::Ransom, &doc);
        e.args.push(Arg {
            role: Role::Victim,
            start: 4,
            end: 19,
            text: "UK government".into(),
            entity: None,
        });
        assert!(without_implausible_args(&doc, e).args.is_empty());
    }

    #[test]
    fn a_product_is_not_the_victim_but_its_owner_is() {
        let text = "Hackers breached FortiGate devices at a Dutch ministry.";
        let doc = doc_with_entities(text);
        let victim = |s: &str| {
            let start = text[..text.find(s).expect("in text")].chars().count();
            Arg {
                role: Role::Victim,
                start,
                end: start + s.chars().count(),
                text: s.into(),
                entity: None,
            }
        };
        let mut e = event(EventType::DataBreach, &doc);
        e.args.push(victim("FortiGate"));
        e.args.push(victim("a Dutch ministry"));
        let kept = without_implausible_args(&doc, e).args;
        assert_eq!(kept.len(), 1, "{kept:?}");
        assert_eq!(kept[0].text, "a Dutch ministry");
    }
}
