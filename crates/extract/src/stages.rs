//! Small stages that finish what the extractors started: indicators, times, linking.

use dossier_model::{Document, Indicator, Role, Span, Stage, StageError, TimeExpr};

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
            let nearest = times
                .iter()
                .filter(|(s, _)| sentence.contains(*s))
                .min_by_key(|(s, _)| distance(*s, trigger));
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

fn distance(a: Span, b: Span) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// Links arguments that have no entity yet (e.g. from the learned model) to the
/// entity whose mention overlaps them most.
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
