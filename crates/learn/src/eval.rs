//! Scoring against CASIE gold the way `bench/eval_casie.py` does.
//!
//! Per document, gold and predicted events become sets of tuples — trigger-I (start, end),
//! trigger-C (start, end, subtype), argument-I (subtype, start, end), argument-C (subtype,
//! role, start, end) — and true/false positives are summed over documents (micro-average).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use dossier_model::Event;

use crate::LearnError;
use crate::casie::{CasieDoc, SUBTYPES, read_split_docs, subtype_of};
use crate::context::VectorCache;
use crate::model::CasieModel;
use crate::prepare::Prepared;

/// True positives, false positives and false negatives of one measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prf {
    /// Matched tuples.
    pub tp: usize,
    /// Predicted tuples not in gold.
    pub fp: usize,
    /// Gold tuples not predicted.
    pub fn_: usize,
}

impl Prf {
    /// Precision.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// Recall.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }

    fn add_sets<T: Ord>(&mut self, gold: &BTreeSet<T>, pred: &BTreeSet<T>) {
        let tp = gold.intersection(pred).count();
        self.tp += tp;
        self.fp += pred.len() - tp;
        self.fn_ += gold.len() - tp;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Scores of a model on a split.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// Documents scored.
    pub documents: usize,
    /// Trigger identification.
    pub trigger_i: Prf,
    /// Trigger classification.
    pub trigger_c: Prf,
    /// Argument identification.
    pub argument_i: Prf,
    /// Argument classification.
    pub argument_c: Prf,
    /// Trigger-C per CASIE subtype.
    pub per_type: BTreeMap<String, Prf>,
    /// Argument-C per role.
    pub per_role: BTreeMap<String, Prf>,
}

type Span2 = (usize, usize);

/// Tuple sets of one document.
#[derive(Default)]
struct Tuples {
    trig_i: BTreeSet<Span2>,
    trig_c: BTreeSet<(usize, usize, usize)>,
    arg_i: BTreeSet<(usize, usize, usize)>,
    arg_c: BTreeSet<(usize, String, usize, usize)>,
}

fn gold_tuples(doc: &CasieDoc) -> Tuples {
    let mut t = Tuples::default();
    for ev in &doc.events {
        t.trig_i.insert((ev.start, ev.end));
        t.trig_c.insert((ev.start, ev.end, ev.subtype));
        for a in &ev.args {
            t.arg_i.insert((ev.subtype, a.start, a.end));
            t.arg_c.insert((ev.subtype, a.role.clone(), a.start, a.end));
        }
    }
    t
}

fn pred_tuples(events: &[Event]) -> Tuples {
    let mut t = Tuples::default();
    for ev in events {
        let Some(sub) = subtype_of(ev.kind) else {
            continue;
        };
        let (s, e) = (ev.trigger.start, ev.trigger.end);
        t.trig_i.insert((s, e));
        t.trig_c.insert((s, e, sub));
        for a in &ev.args {
            t.arg_i.insert((sub, a.start, a.end));
            t.arg_c
                .insert((sub, a.role.as_str().to_string(), a.start, a.end));
        }
    }
    t
}

impl Scores {
    /// Adds one document's gold and predicted events.
    pub fn add(&mut self, gold: &CasieDoc, pred: &[Event]) {
        let (g, p) = (gold_tuples(gold), pred_tuples(pred));
        self.documents += 1;
        self.trigger_i.add_sets(&g.trig_i, &p.trig_i);
        self.trigger_c.add_sets(&g.trig_c, &p.trig_c);
        self.argument_i.add_sets(&g.arg_i, &p.arg_i);
        self.argument_c.add_sets(&g.arg_c, &p.arg_c);
        for (sub, name) in SUBTYPES.iter().enumerate() {
            let keep = |x: &&(usize, usize, usize)| x.2 == sub;
            let gs: BTreeSet<_> = g.trig_c.iter().filter(keep).collect();
            let ps: BTreeSet<_> = p.trig_c.iter().filter(keep).collect();
            self.per_type
                .entry(name.to_string())
                .or_default()
                .add_sets(&gs, &ps);
        }
        let roles: BTreeSet<&String> = g.arg_c.iter().chain(&p.arg_c).map(|x| &x.1).collect();
        for role in roles {
            let keep = |x: &&(usize, String, usize, usize)| &x.1 == role;
            let gs: BTreeSet<_> = g.arg_c.iter().filter(keep).collect();
            let ps: BTreeSet<_> = p.arg_c.iter().filter(keep).collect();
            self.per_role
                .entry(role.clone())
                .or_default()
                .add_sets(&gs, &ps);
        }
    }
}

fn line(f: &mut fmt::Formatter<'_>, name: &str, s: &Prf) -> fmt::Result {
    writeln!(
        f,
        "{name:<26} precision={:.3} recall={:.3} F1={:.3} (tp={} fp={} fn={})",
        s.precision(),
        s.recall(),
        s.f1(),
        s.tp,
        s.fp,
        s.fn_
    )
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        line(f, "trigger-I", &self.trigger_i)?;
        line(f, "trigger-C", &self.trigger_c)?;
        line(f, "argument-I", &self.argument_i)?;
        line(f, "argument-C", &self.argument_c)?;
        writeln!(f, "trigger-C per type:")?;
        for (k, s) in &self.per_type {
            line(f, &format!("  {k}"), s)?;
        }
        writeln!(f, "argument-C per role:")?;
        for (k, s) in &self.per_role {
            line(f, &format!("  {k}"), s)?;
        }
        write!(
            f,
            "documents={} argument-C F1 {:.3} trigger-C F1 {:.3}",
            self.documents,
            self.argument_c.f1(),
            self.trigger_c.f1()
        )
    }
}

/// Scores `model` on the documents of `split` (a contextual model runs its encoder).
pub fn evaluate_casie(
    model: &CasieModel,
    data_dir: &Path,
    split: &Path,
) -> Result<Scores, LearnError> {
    let docs = read_split_docs(data_dir, split)?;
    evaluate_docs(model, &docs, None)
}

/// Scores `model` on already-read documents. A contextual model reads its token vectors
/// from `cache` when given, else runs its encoder.
pub fn evaluate_docs(
    model: &CasieModel,
    docs: &[CasieDoc],
    cache: Option<&VectorCache>,
) -> Result<Scores, LearnError> {
    let mut scores = Scores::default();
    for doc in docs {
        let p = Prepared::new(&doc.text);
        let vecs = model.doc_vectors(&p, &doc.id, cache)?;
        let events = if p.tokens.is_empty() {
            Vec::new()
        } else {
            model.extract_prepared(&p, vecs.as_ref())
        };
        scores.add(doc, &events);
    }
    Ok(scores)
}

/// Scores argument extraction alone: the model tags arguments of the gold triggers.
pub fn evaluate_docs_gold_triggers(
    model: &CasieModel,
    docs: &[CasieDoc],
    cache: Option<&VectorCache>,
) -> Result<Scores, LearnError> {
    let mut scores = Scores::default();
    for doc in docs {
        let triggers: Vec<_> = doc
            .events
            .iter()
            .filter_map(|e| Some((e.start, e.end, crate::casie::event_type_of(e.subtype)?)))
            .collect();
        let p = Prepared::new(&doc.text);
        let vecs = model.doc_vectors(&p, &doc.id, cache)?;
        scores.add(
            doc,
            &model.extract_with_triggers_and_vectors(&p, &triggers, vecs.as_ref()),
        );
    }
    Ok(scores)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casie::{GoldArg, GoldEvent};
    use dossier_model::{Arg, EventType, Mention, Realis, Role, Span};

    fn event(kind: EventType, s: usize, e: usize, args: Vec<Arg>) -> Event {
        Event {
            kind,
            realis: Realis::Actual,
            trigger: Mention {
                start: s,
                end: e,
                text: String::new(),
            },
            args,
            time: None,
            sentence: Span::new(0, 0),
            confidence: 1.0,
            hedge: None,
            extractor: None,
        }
    }

    #[test]
    fn scores_match_tuples_like_the_python_scorer() {
        let gold = CasieDoc {
            id: "x".into(),
            text: String::new(),
            events: vec![GoldEvent {
                subtype: 2,
                realis: "actual".into(),
                start: 10,
                end: 16,
                args: vec![GoldArg {
                    role: "victim".into(),
                    start: 0,
                    end: 4,
                }],
            }],
        };
        let arg = |role, s, e| Arg {
            role,
            start: s,
            end: e,
            text: String::new(),
            entity: None,
        };
        let pred = vec![
            // Right trigger span, wrong type: counts for trigger-I only.
            event(EventType::Phishing, 10, 16, vec![arg(Role::Victim, 0, 4)]),
            // Types outside CASIE are ignored.
            event(EventType::Espionage, 20, 25, vec![]),
        ];
        let mut s = Scores::default();
        s.add(&gold, &pred);
        assert_eq!(
            s.trigger_i,
            Prf {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
        assert_eq!(
            s.trigger_c,
            Prf {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(
            s.argument_c,
            Prf {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(s.per_type["Ransom"].fn_, 1);
        assert!((s.per_role["victim"].f1()).abs() < 1e-9);
    }
}
