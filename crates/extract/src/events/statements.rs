//! Statements: attributions, denials and warnings.
//!
//! Attributions come in many shapes: "X attributed the hack to Y", "the hack, which X
//! blamed on Y", "was attributed to Y by X", "the attribution of the attacks to Y",
//! "X accused Y of ...", "Y was behind the attack, X said", and reported speech around an
//! operation ("According to X, Y gained access to ..."). Each shape is a trigger plus a
//! way to find the speaker and the accused; the accused must be something that can act
//! (a state, agency, group or person), and the speaker must not be the accused.

use std::sync::LazyLock;

use dossier_model::{Document, Event, EventType, Role, Span, Stage, StageError};
use regex::Regex;

use super::context::{SentenceView, Slot, is_accusable, is_actor_of_statement};
use super::{Hit, Trigger, event_at, find_triggers, rule_confidence};

/// How a statement trigger finds its arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// "attributed X to Y", "blamed X on Y", "traced X to Y": accused after to/on.
    BlameTo,
    /// "accused Y of X", "blamed Y for X", "called out Y": accused is the object.
    Accuse,
    /// "Y was behind X", "Y is responsible for X": accused is the subject.
    Behind,
    /// "denied", "rejected the accusations", "groundless".
    Deny,
    /// "warned", "sounded the alarm".
    Warn,
}

static TRIGGERS: LazyLock<Vec<(Trigger, Shape)>> = LazyLock::new(|| {
    use EventType::{Attribution as A, Denial as D, Warning as W};
    let accusation_object = r"(?:\s+(?:the|these|those|such|all|any|its|their|this|that)?\s*(?:\w+\s+){0,2}(?:accusations?|allegations?|claims?|charges?|reports?|assertions?|attribution|accusation|suggestions?|it|them))";
    vec![
        (
            Trigger::new(r"\b(?P<t>attribut(?:e|es|ed|ing|ion))\b", A),
            Shape::BlameTo,
        ),
        (
            Trigger::new(
                r"\b(?P<t>(?:pinned|pins|pin)\s+(?:the\s+blame\s+)?)(?:\w+\s+){0,4}on\b",
                A,
            ),
            Shape::BlameTo,
        ),
        (
            Trigger::new(
                r"\b(?P<t>(?:traced|traces|trace|tied|ties|linked|links|connected))\s+(?:\w+\s+){0,4}?to\b",
                A,
            ),
            Shape::BlameTo,
        ),
        (
            Trigger::new(r"\b(?P<t>blam(?:e|es|ed|ing))\b", A),
            Shape::Accuse,
        ),
        (
            Trigger::new(r"\b(?P<t>accus(?:e|es|ed|ing))\b", A),
            Shape::Accuse,
        ),
        (
            Trigger::new(r"\b(?P<t>call(?:ed|s|ing)?\s+out)\b", A),
            Shape::Accuse,
        ),
        (
            Trigger::new(r"\b(?P<t>point(?:ed|s|ing)?\s+the\s+finger)\b", A),
            Shape::Accuse,
        ),
        (
            Trigger::new(
                r"\b(?:was|were|is|are|been|being|be)\s+(?:\w+\s+){0,2}?(?P<t>behind|responsible\s+for)\b",
                A,
            ),
            Shape::Behind,
        ),
        (
            Trigger::new(r"\b(?P<t>den(?:y|ies|ied|ying|ial|ials))\b", D),
            Shape::Deny,
        ),
        (
            Trigger::new(r"\b(?P<t>refut(?:e|es|ed|ing))\b", D),
            Shape::Deny,
        ),
        (
            Trigger::new(r"\b(?P<t>debunk(?:s|ed|ing)?)\b", D),
            Shape::Deny,
        ),
        (
            Trigger::new(
                &format!(r"\b(?P<t>reject(?:s|ed|ing)?){accusation_object}"),
                D,
            ),
            Shape::Deny,
        ),
        (
            Trigger::new(
                &format!(r"\b(?P<t>dismiss(?:es|ed|ing)?){accusation_object}"),
                D,
            ),
            Shape::Deny,
        ),
        (
            Trigger::new(
                r"\b(?P<t>groundless|baseless|unfounded|unsubstantiated|fabricated|concoctions?|smear|slanderous|slander)\b",
                D,
            ),
            Shape::Deny,
        ),
        (
            Trigger::new(r"\b(?P<t>warn(?:s|ed|ing)?)\b", W),
            Shape::Warn,
        ),
        (
            Trigger::new(r"\b(?P<t>sound(?:s|ed|ing)?\s+(?:the\s+|an\s+)?alarm)\b", W),
            Shape::Warn,
        ),
        (Trigger::new(r"\b(?P<t>caution(?:s|ed)?)\b", W), Shape::Warn),
    ]
});

static HEDGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:with\s+(?:high|moderate|medium|low)\s+confidence|almost\s+certainly|highly\s+likely|very\s+likely|most\s+likely|allegedly|alleged|reportedly|purportedly|suspected|believed\s+to|thought\s+to|appears?\s+to|likely|probably|possibly|suggest(?:s|ed)?|may\s+have|might\s+have|could\s+have)\b")
        .unwrap_or_else(|e| panic!("hedge pattern: {e}"))
});

/// Reporting verbs that make the sentence's operation an attribution by their subject.
static REPORTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<t>said|says|say|stated|states|suggested|suggests|claimed|claims|revealed|reveals|confirmed|confirms|assessed|assesses|concluded|concludes|determined|found|identified|believes|believed|announced|according\s+to)\b")
        .unwrap_or_else(|e| panic!("reporting pattern: {e}"))
});

/// The statement stage. Runs after the operation stage: reported-speech attributions
/// are built from the operations it found.
#[derive(Debug, Default, Clone, Copy)]
pub struct Statements;

impl Stage for Statements {
    fn name(&self) -> &'static str {
        "statements"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let mut found = Vec::new();
        for hit in find_triggers(doc, TRIGGERS.iter().map(|(t, _)| t)) {
            if let Some(e) = statement(doc, &hit, TRIGGERS[hit.rule].1) {
                found.push(e);
            }
        }
        found.extend(reported_attributions(doc, &found));
        connect_operations(doc, &found);
        doc.events.extend(found);
        Ok(())
    }
}

fn statement(doc: &Document, hit: &Hit, shape: Shape) -> Option<Event> {
    let view = SentenceView::new(doc, hit.sentence);
    let mut event = event_at(doc, hit, "rules");
    let t = hit.span;
    let passive = is_passive(&view, t);
    let by_agent = view.after_word(t.end, &["by"]);
    let speaker_of = |view: &SentenceView| -> Option<Slot> {
        if passive {
            by_agent.or_else(|| view.subject(t, is_actor_of_statement))
        } else {
            view.subject(t, is_actor_of_statement)
                .or_else(|| sentence_subject(view, t))
        }
    };
    match shape {
        Shape::BlameTo => {
            let accused = view
                .after_word(t.end, &["to", "on"])
                .filter(|s| is_accusable(view.kind(s)))?;
            let speaker = if passive {
                by_agent.filter(|s| s.span.start != accused.span.start)
            } else {
                speaker_of(&view)
            };
            // "a group linked to China" describes, it does not attribute.
            if let Some(s) = speaker {
                if matches!(view.kind(&s), dossier_model::EntityKind::ThreatActor) {
                    return None;
                }
                event.args.push(view.arg(Role::Speaker, &s));
            } else if !doc.slice(t).to_lowercase().starts_with("attribut") {
                return None;
            }
            event.args.push(view.arg(Role::Accused, &accused));
            push_operation_words(&view, &mut event, t.end, accused.span.start);
        }
        Shape::Accuse => {
            let accused = if passive {
                view.subject(t, is_accusable)
            } else {
                view.right(t).into_iter().find(|s| {
                    is_accusable(view.kind(s))
                        && !matches!(view.word_before(s.span.start).as_str(), "by" | "in" | "at")
                })
            }?;
            if let Some(s) = speaker_of(&view).filter(|s| s.entity != accused.entity) {
                event.args.push(view.arg(Role::Speaker, &s));
            }
            event.args.push(view.arg(Role::Accused, &accused));
        }
        Shape::Behind => {
            let accused = view.subject(t, is_accusable)?;
            if let Some(s) = reporting_speaker(&view).filter(|s| s.entity != accused.entity) {
                event.args.push(view.arg(Role::Speaker, &s));
            }
            event.args.push(view.arg(Role::Accused, &accused));
        }
        Shape::Deny => {
            let speaker = speaker_of(&view)?;
            event.args.push(view.arg(Role::Speaker, &speaker));
        }
        Shape::Warn => {
            // Only the clause's own subject warns: an unrecognised subject ("Western
            // agencies warn") must not hand the warning to another actor of the sentence.
            let speaker = if passive {
                by_agent
            } else {
                view.subject(t, is_actor_of_statement)
            }?;
            event.args.push(view.arg(Role::Speaker, &speaker));
            if let Some(a) = view.right(t).into_iter().find(|s| {
                s.entity != speaker.entity
                    && matches!(view.kind(s), dossier_model::EntityKind::ThreatActor)
            }) {
                event.args.push(view.arg(Role::Accused, &a));
            }
        }
    }
    if hit.kind == EventType::Attribution {
        event.hedge = hedge_near(doc, hit.sentence, t);
    }
    event.confidence = rule_confidence(&event, &[Role::Speaker, Role::Accused]);
    Some(event)
}

/// "was attributed", "has been blamed", "were accused".
fn is_passive(view: &SentenceView, t: Span) -> bool {
    let before = view.between(view.span.start, t.start).to_lowercase();
    let words: Vec<&str> = before.split_whitespace().rev().take(3).collect();
    words
        .iter()
        .any(|w| matches!(*w, "was" | "were" | "been" | "being" | "is" | "are" | "be"))
        && !words.first().is_some_and(|w| *w == "has" || *w == "have")
}

/// The first actor of the whole sentence (used when the trigger's clause has none:
/// "Kremlin spokesman Dmitry Peskov said that the allegations were groundless").
fn sentence_subject(view: &SentenceView, t: Span) -> Option<Slot> {
    view.slots
        .iter()
        .filter(|s| s.span.end <= t.start && is_actor_of_statement(view.kind(s)))
        .find(|s| {
            !matches!(
                view.word_before(s.span.start).as_str(),
                "in" | "at" | "against" | "on" | "to" | "into" | "with" | "about" | "of"
            )
        })
        .copied()
}

/// Who says so: the subject of a reporting verb, or the object of "according to".
fn reporting_speaker(view: &SentenceView) -> Option<Slot> {
    let text = view.between(view.span.start, view.span.end);
    for m in REPORTING.find_iter(text) {
        let start = view.span.start + text[..m.start()].chars().count();
        let end = start + m.as_str().chars().count();
        let span = Span::new(start, end);
        if m.as_str().to_lowercase().starts_with("according") {
            if let Some(s) = view
                .right(span)
                .into_iter()
                .find(|s| is_actor_of_statement(view.kind(s)))
            {
                return Some(s);
            }
            continue;
        }
        // "X said" or "said X".
        let left = view.left(span).into_iter().rev().find(|s| {
            is_actor_of_statement(view.kind(s))
                && view.between(s.span.end, start).split_whitespace().count() <= 6
        });
        if let Some(s) = left {
            return Some(s);
        }
        if let Some(s) = view
            .right(span)
            .into_iter()
            .next()
            .filter(|s| s.span.start - end <= 3 && is_actor_of_statement(view.kind(s)))
        {
            return Some(s);
        }
    }
    None
}

/// An attribution for each operation whose attacker is reported by someone else
/// ("MIVD said ... Chinese state-backed spies had gained access ...").
fn reported_attributions(doc: &Document, existing: &[Event]) -> Vec<Event> {
    let mut out = Vec::new();
    for op in doc.events.iter().filter(|e| e.kind.is_operation()) {
        let Some(attacker) = op.arg(Role::Attacker) else {
            continue;
        };
        let attacker_country = country_of(doc, attacker.entity.as_deref());
        let already = existing.iter().chain(&out).any(|e| {
            e.kind == EventType::Attribution
                && e.sentence == op.sentence
                && e.arg(Role::Accused).is_some_and(|a| {
                    a.entity == attacker.entity
                        || (attacker_country.is_some()
                            && country_of(doc, a.entity.as_deref()) == attacker_country)
                })
        });
        if already {
            continue;
        }
        let view = SentenceView::new(doc, op.sentence);
        let Some(speaker) = reporting_speaker(&view) else {
            continue;
        };
        let speaker_entity = &doc.entities[speaker.entity];
        if Some(&speaker_entity.id) == attacker.entity.as_ref()
            || (speaker_entity.country.is_some()
                && attacker
                    .entity
                    .as_ref()
                    .and_then(|id| doc.entity(id))
                    .and_then(|e| e.country.as_ref())
                    == speaker_entity.country.as_ref())
        {
            continue; // a state reporting its own actors is not an attribution
        }
        let Some(cue) = reporting_cue(&view, speaker) else {
            continue;
        };
        let hit = Hit {
            span: cue,
            kind: EventType::Attribution,
            sentence: op.sentence,
            rule: 0,
        };
        let mut event = event_at(doc, &hit, "rules");
        event.args.push(view.arg(Role::Speaker, &speaker));
        let mut accused = attacker.clone();
        accused.role = Role::Accused;
        event.args.push(accused);
        if let Some(v) = op.arg(Role::Victim) {
            let mut victim = v.clone();
            victim.role = Role::Victim;
            event.args.push(victim);
        }
        event.args.push(dossier_model::Arg {
            role: Role::Operation,
            start: op.trigger.start,
            end: op.trigger.end,
            text: op.trigger.text.clone(),
            entity: None,
        });
        event.hedge = hedge_near(doc, op.sentence, op.trigger.span());
        event.realis = op.realis;
        event.confidence = 0.6;
        out.push(event);
    }
    out
}

fn country_of<'d>(doc: &'d Document, id: Option<&str>) -> Option<&'d str> {
    doc.entity(id?)?.country.as_deref()
}

/// The reporting verb nearest the speaker.
fn reporting_cue(view: &SentenceView, speaker: Slot) -> Option<Span> {
    let text = view.between(view.span.start, view.span.end);
    REPORTING
        .find_iter(text)
        .map(|m| {
            let start = view.span.start + text[..m.start()].chars().count();
            Span::new(start, start + m.as_str().chars().count())
        })
        .min_by_key(|s| s.start.abs_diff(speaker.span.start))
}

/// The words between the trigger and the accused that name the operation
/// ("attributed **the cyberattack** to").
fn push_operation_words(view: &SentenceView, event: &mut Event, from: usize, to: usize) {
    let between = view.between(from, to);
    let mut words: Vec<&str> = between.split_whitespace().collect();
    // Drop the preposition and determiners before the accused ("to the").
    while words
        .last()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "to" | "on" | "the" | "a" | "an"))
    {
        words.pop();
    }
    let body = words.as_slice();
    if body.is_empty() || body.len() > 8 {
        return;
    }
    let phrase = body.join(" ");
    if let Some(offset) = between.find(&phrase) {
        let start = from + between[..offset].chars().count();
        let span = Span::new(start, start + phrase.chars().count());
        event.args.push(view.span_arg(Role::Operation, span));
    }
}

/// The hedge nearest the trigger in its sentence.
fn hedge_near(doc: &Document, sentence: Span, t: Span) -> Option<String> {
    let text = doc.slice(sentence);
    HEDGE
        .find_iter(text)
        .map(|m| {
            let at = sentence.start + text[..m.start()].chars().count();
            (at.abs_diff(t.start), m.as_str().to_lowercase())
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, h)| h.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Make statements and operations of one sentence agree: the accused of an
/// attribution is the attacker of the operation, never its victim.
fn connect_operations(doc: &mut Document, statements: &[Event]) {
    for st in statements
        .iter()
        .filter(|e| e.kind == EventType::Attribution)
    {
        let Some(accused) = st.arg(Role::Accused) else {
            continue;
        };
        for op in doc
            .events
            .iter_mut()
            .filter(|e| e.kind.is_operation() && e.sentence == st.sentence)
        {
            op.args
                .retain(|a| !(a.role == Role::Victim && a.entity == accused.entity));
            // "the Dutch attributed espionage to China": the speaker is not the attacker.
            let speaker = st.arg(Role::Speaker).and_then(|a| a.entity.clone());
            op.args.retain(|a| {
                !(a.role == Role::Attacker && speaker.is_some() && a.entity == speaker)
            });
            if op.arg(Role::Attacker).is_none() {
                let mut attacker = accused.clone();
                attacker.role = Role::Attacker;
                op.args.push(attacker);
            }
        }
    }
}
