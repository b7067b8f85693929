//! Events: cyber operations, the statements made about them, and the responses.
//!
//! Each family is its own stage so the pipeline can swap one without touching the
//! others: [`RuleOperations`] (or the learned [`crate::learned::LearnedOperations`]) finds
//! operations; [`Statements`] finds attributions, denials and warnings; [`Responses`]
//! finds sanctions, indictments, summonses and the rest; [`ImpliedAttributions`] reads
//! the accusation in a response against another state's people. Every rule is a trigger
//! pattern plus argument attachment inside the trigger's sentence and clause (see
//! [`context::SentenceView`]); the trigger tables are at the top of each file.

pub mod context;
pub mod implied;
pub mod operations;
pub mod responses;
pub mod statements;

use std::sync::LazyLock;

use dossier_model::{Document, Event, EventType, Mention, Realis, Span};
use regex::Regex;

pub use implied::ImpliedAttributions;
pub use operations::RuleOperations;
pub use responses::Responses;
pub use statements::Statements;

/// A trigger pattern and the event type it signals.
pub struct Trigger {
    /// Case-insensitive pattern; the match (or its group `t`) is the trigger text.
    pub pattern: Regex,
    /// The event it signals.
    pub kind: EventType,
}

impl Trigger {
    /// Compile a trigger (patterns are constants: a bad one is a programming error).
    ///
    /// Word boundaries are ASCII ones: with a Unicode `\b` the regex engine drops its fast
    /// DFA on any non-ASCII text (curly quotes, accented names) and falls back to a slow
    /// NFA simulation. Trigger words are ASCII, so the boundary means the same for them.
    pub fn new(pattern: &str, kind: EventType) -> Self {
        let ascii = pattern.replace(r"\b", r"(?-u:\b)");
        let pattern = Regex::new(&format!("(?i){ascii}"))
            .unwrap_or_else(|e| panic!("trigger pattern {pattern:?}: {e}"));
        Trigger { pattern, kind }
    }
}

/// A trigger found in a document: where, which type, in which sentence.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    /// Trigger span in code points.
    pub span: Span,
    /// The type the trigger signals.
    pub kind: EventType,
    /// The sentence that holds it.
    pub sentence: Span,
    /// Index of the trigger (in the table given to [`find_triggers`]) that fired.
    pub rule: usize,
}

/// Every trigger match in the document, left to right, with its sentence. Where
/// matches overlap, the one from the trigger listed first wins.
pub fn find_triggers<'t>(
    doc: &Document,
    triggers: impl IntoIterator<Item = &'t Trigger>,
) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (rule, t) in triggers.into_iter().enumerate() {
        for caps in t.pattern.captures_iter(&doc.text) {
            let Some(m) = caps.name("t").or_else(|| caps.get(0)) else {
                continue;
            };
            let span = doc.span_of_bytes(m.start(), m.end());
            let Some(si) = doc.sentence_at(span.start) else {
                continue;
            };
            hits.push(Hit {
                span,
                kind: t.kind,
                sentence: doc.sentences[si],
                rule,
            });
        }
    }
    hits.sort_by_key(|h| (h.span.start, h.rule));
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        match kept.last_mut() {
            Some(prev) if prev.span.overlaps(h.span) => {
                if h.rule < prev.rule {
                    *prev = h;
                }
            }
            _ => kept.push(h),
        }
    }
    kept
}

static GENERIC_MARKERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:routinely|regularly|always|often|frequently|repeatedly|typically|generally|all forms of|any form of|such activities|in any form)\b")
        .unwrap_or_else(|e| panic!("generic pattern: {e}"))
});

static IRREALIS_MARKERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:could|would|should|must|might|may|if|plans? to|threaten(?:s|ed)? to|attempt(?:s|ed)? to|tried to|try to|seek(?:s|ing)? to|aims? to|prevent|not|never|no)\b")
        .unwrap_or_else(|e| panic!("irrealis pattern: {e}"))
});

/// Realis of a trigger from the words of its clause just before it.
pub fn realis_of(doc: &Document, sentence: Span, trigger: Span) -> Realis {
    let from = trigger.start.saturating_sub(40).max(sentence.start);
    let window = doc.slice(Span::new(from, trigger.end));
    if GENERIC_MARKERS.is_match(window) {
        Realis::Generic
    } else if IRREALIS_MARKERS.is_match(window) {
        Realis::Other
    } else {
        Realis::Actual
    }
}

/// A bare rules event that another event implies (a blame reported or endorsed, a denial
/// read from a negated operation), at `span` in `sentence`; no trigger rule of its own.
pub fn implied_event_at(doc: &Document, span: Span, kind: EventType, sentence: Span) -> Event {
    let hit = Hit {
        span,
        kind,
        sentence,
        rule: 0,
    };
    event_at(doc, &hit, "rules")
}

/// A bare event at a trigger, to be filled with arguments.
pub fn event_at(doc: &Document, hit: &Hit, extractor: &str) -> Event {
    Event {
        kind: hit.kind,
        realis: realis_of(doc, hit.sentence, hit.span),
        trigger: Mention {
            start: hit.span.start,
            end: hit.span.end,
            text: doc.slice(hit.span).to_string(),
        },
        args: Vec::new(),
        time: None,
        sentence: hit.sentence,
        confidence: 0.5,
        hedge: None,
        extractor: Some(extractor.to_string()),
    }
}

/// The entity ids of an event's `role` arguments, sorted (an argument with no entity is
/// `None`): what two events are compared by when they may name the same parties.
pub fn role_ids(event: &Event, role: dossier_model::Role) -> Vec<Option<String>> {
    let mut ids: Vec<Option<String>> = event.args_with(role).map(|a| a.entity.clone()).collect();
    ids.sort();
    ids
}

/// Confidence of a rule event: higher with more of its core roles filled.
pub fn rule_confidence(event: &Event, core: &[dossier_model::Role]) -> f32 {
    let filled = core.iter().filter(|r| event.arg(**r).is_some()).count();
    (0.45 + 0.45 * filled as f32 / core.len().max(1) as f32).min(0.95)
}

/// Helpers shared by the event stages' tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::sync::Arc;

    use dossier_kb::Kb;
    use dossier_model::{Document, Event, EventType, Metadata, Role};

    use crate::{Options, pipeline};

    /// `text` through the default rule pipeline over the core KB.
    pub fn run_rules(text: &str) -> Document {
        let mut doc = Document::new(text.to_string(), Metadata::default());
        pipeline(Arc::new(Kb::core()), &Options::default())
            .run(&mut doc)
            .expect("pipeline");
        doc
    }

    /// (type, countries in role `a`, countries in role `b`) of the events of `text` that
    /// `keep` accepts.
    pub fn summarise(
        text: &str,
        keep: impl Fn(&Event) -> bool,
        a: Role,
        b: Role,
    ) -> Vec<(EventType, Vec<String>, Vec<String>)> {
        let doc = run_rules(text);
        doc.events
            .iter()
            .filter(|e| keep(e))
            .map(|e| (e.kind, countries(&doc, e, a), countries(&doc, e, b)))
            .collect()
    }

    /// The countries of the entities `event` has in `role`.
    pub fn countries(doc: &Document, event: &Event, role: Role) -> Vec<String> {
        event
            .args_with(role)
            .filter_map(|a| doc.entity(a.entity.as_deref()?)?.country.clone())
            .collect()
    }
}
