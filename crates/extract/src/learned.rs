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
            .map(|e| without_implausible_args(doc, e))
            .collect();
        doc.events.extend(kept);
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::{Arg, Mention, Metadata, Realis};

    fn doc_with(text: &str) -> Document {
        let mut doc = Document::new(text.to_string(), Metadata::default());
        doc.sentences = vec![Span::new(0, doc.char_len())];
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
    fn a_place_is_no_time() {
        use crate::entities::Entities;
        let mut doc = doc_with("Passwords were stolen in Australia in 2022.");
        Entities::new(Arc::new(dossier_kb::Kb::core()))
            .process(&mut doc)
            .expect("entities");
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

    #[test]
    fn patch_needs_a_software_word() {
        let doc = doc_with("A statement was issued on Friday.");
        assert!(!has_software_context(&doc, &event(EventType::Patch, &doc)));
        let doc = doc_with("The vendor issued a fix on Friday.");
        assert!(has_software_context(&doc, &event(EventType::Patch, &doc)));
    }

    #[test]
    fn blaming_state_is_not_the_victim() {
        use crate::entities::Entities;
        let mut doc = doc_with("The UK government blamed the ransomware attack on Russia.");
        Entities::new(Arc::new(dossier_kb::Kb::core()))
            .process(&mut doc)
            .expect("entities");
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
        use crate::entities::Entities;
        let text = "Hackers breached FortiGate devices at a Dutch ministry.";
        let mut doc = doc_with(text);
        Entities::new(Arc::new(dossier_kb::Kb::core()))
            .process(&mut doc)
            .expect("entities");
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
