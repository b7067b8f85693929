//! The CASIE event model: trigger tagger, per-trigger argument tagger, realis classifier.

use std::ops::Range;

use dossier_model::{Arg, Event, Mention, Realis, Role, Span};

use crate::casie::{CasieDoc, SUBTYPES, event_type_of};
use crate::clusters::Clusters;
use crate::features::{Feat, FeatureConfig, Hasher, conj, dist_bin};
use crate::perceptron::{SeqWeights, b_label, class_of, i_label};
use crate::prepare::Prepared;

/// Realis labels in classifier order.
pub const REALIS: [Realis; 3] = [Realis::Actual, Realis::Generic, Realis::Other];

/// Settings that shape features; stored with the model so decoding matches training.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelConfig {
    /// Token feature templates.
    pub features: FeatureConfig,
    /// Sentences either side of the trigger's sentence that the argument tagger reads.
    pub arg_context: usize,
    /// Whether argument tokens see the other triggers of their sentence.
    pub other_triggers: bool,
    /// Whether argument features are also conjoined with the side of the trigger.
    pub directional: bool,
}

impl Default for ModelConfig {
    fn default() -> Self {
        ModelConfig {
            features: FeatureConfig::default(),
            arg_context: 0,
            other_triggers: true,
            directional: true,
        }
    }
}

/// A trained CASIE extractor.
#[derive(Debug, Clone, PartialEq)]
pub struct CasieModel {
    pub(crate) config: ModelConfig,
    /// Argument role names (scorer form, e.g. "vulnerable-system"), the argument classes.
    pub(crate) roles: Vec<String>,
    /// Per subtype, which roles it takes.
    pub(crate) allowed_roles: Vec<Vec<bool>>,
    pub(crate) trigger: SeqWeights,
    pub(crate) args: SeqWeights,
    pub(crate) realis: SeqWeights,
    pub(crate) clusters: Clusters,
    /// Subtracted from the trigger tagger's `O` scores (tuned on dev).
    pub trigger_o_bias: f32,
    /// Subtracted from the argument tagger's `O` scores (tuned on dev).
    pub arg_o_bias: f32,
}

/// A trigger found in (or annotated on) a text: token range and subtype.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TriggerSpan {
    pub toks: Range<usize>,
    pub subtype: usize,
}

/// Token ranges of the labelled runs of a BIO sequence, with their class.
pub(crate) fn runs(labels: &[usize]) -> Vec<(Range<usize>, usize)> {
    let mut out = Vec::new();
    let mut t = 0;
    while t < labels.len() {
        let Some(c) = class_of(labels[t]) else {
            t += 1;
            continue;
        };
        let start = t;
        t += 1;
        while t < labels.len() && labels[t] == i_label(c) {
            t += 1;
        }
        out.push((start..t, c));
    }
    out
}

/// Writes a run of class `c` over `toks` (relative indices) into a label sequence.
pub(crate) fn mark(labels: &mut [usize], toks: Range<usize>, c: usize) {
    if toks.is_empty() || labels[toks.clone()].iter().any(|l| *l != 0) {
        return;
    }
    labels[toks.start] = b_label(c);
    for l in &mut labels[toks.start + 1..toks.end] {
        *l = i_label(c);
    }
}

/// The token window the argument tagger reads for a trigger in sentence `k`.
pub(crate) fn arg_window(p: &Prepared, k: usize, context: usize) -> Range<usize> {
    let first = k.saturating_sub(context);
    let last = (k + context).min(p.sents.len() - 1);
    p.sents[first].start..p.sents[last].end
}

/// Features of every token of `window` as an argument of `trig`.
pub(crate) fn arg_features(
    p: &Prepared,
    window: &Range<usize>,
    base: &[Vec<Feat>],
    trig: &TriggerSpan,
    others: &[TriggerSpan],
    cfg: &ModelConfig,
) -> Vec<Vec<Feat>> {
    let sub = trig.subtype as u64;
    let head = &p.infos[trig.toks.end - 1].lemma;
    let trig_text: String = trig
        .toks
        .clone()
        .map(|t| p.infos[t].lemma.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let before = trig
        .toks
        .start
        .checked_sub(1)
        .filter(|t| *t >= window.start)
        .map_or("<s>", |t| p.infos[t].lower.as_str());
    let after = p
        .infos
        .get(trig.toks.end)
        .filter(|_| trig.toks.end < window.end)
        .map_or("</s>", |t| t.lower.as_str());
    let trig_sent = p.sent_of[trig.toks.start];
    window
        .clone()
        .zip(base)
        .map(|(i, fs)| {
            let me = &p.infos[i];
            let (dir, dist, between) = if i < trig.toks.start {
                (0u64, trig.toks.start - i, i + 1..trig.toks.start)
            } else if i >= trig.toks.end {
                (1, i + 1 - trig.toks.end, trig.toks.end..i)
            } else {
                (2, 0, i..i)
            };
            let mut out = Vec::with_capacity(fs.len() * 3 + 32);
            for &f in fs {
                out.push(f);
                out.push(conj(f, sub));
                if cfg.directional {
                    // Subjects (attacker, releaser) sit left of the trigger, objects right.
                    out.push(conj(f, 100 + 3 * sub + dir));
                }
            }
            let db = dist_bin(dist);
            let h = |t: u8| Hasher::new(t).n(dir);
            out.push(h(40).n(db).f());
            out.push(h(41).n(db).n(sub).f());
            out.push(h(42).s(&me.lower).f());
            out.push(h(43).s(&me.lower).n(sub).f());
            out.push(h(44).s(head).f());
            out.push(h(45).s(head).s(&me.lemma).f());
            out.push(h(46).s(head).n(db).f());
            out.push(h(47).s(&me.lex).n(sub).f());
            out.push(h(48).s(&me.shape).n(sub).f());
            out.push(h(49).s(&trig_text).n(db).f());
            out.push(h(50).s(before).n(sub).f());
            out.push(h(51).s(after).n(sub).f());
            let prev = if i > window.start {
                p.infos[i - 1].lower.as_str()
            } else {
                "<s>"
            };
            out.push(h(52).s(prev).n(sub).f());
            let commas = between.clone().filter(|&t| p.tokens[t].text == ",").count();
            out.push(h(53).n(commas.min(3) as u64).n(db.min(6)).f());
            // The words between candidate and trigger (when few) and the nearest of them.
            if between.len() <= 4 {
                let words: Vec<&str> = between.clone().map(|t| p.infos[t].lower.as_str()).collect();
                out.push(h(57).s(&words.join(" ")).n(sub).f());
            }
            let nearest = if dir == 0 {
                between.end.checked_sub(1)
            } else {
                Some(between.start)
            };
            if let Some(t) = nearest.filter(|t| between.contains(t)) {
                out.push(h(58).s(&p.infos[t].lower).n(sub).f());
                out.push(h(59).s(&p.infos[t].lower).s(head).f());
            }
            for t in between.clone() {
                if !p.infos[t].lex.is_empty() {
                    out.push(h(71).s(&p.infos[t].lex).n(sub).f());
                }
            }
            let same_sent = p.sent_of[i] == trig_sent;
            out.push(h(54).n(u64::from(same_sent)).n(sub).f());
            if cfg.other_triggers {
                let inside_other = others
                    .iter()
                    .find(|o| o.toks.contains(&i) && o.toks != trig.toks)
                    .map_or(99, |o| o.subtype as u64);
                out.push(h(55).n(inside_other).n(sub).f());
                let crosses = others.iter().any(|o| {
                    o.toks != trig.toks
                        && o.toks.start >= between.start
                        && o.toks.end <= between.end
                        && !between.is_empty()
                });
                out.push(h(56).n(u64::from(crosses)).n(sub).f());
            }
            out
        })
        .collect()
}

/// Features of a trigger for the realis classifier.
pub(crate) fn realis_features(p: &Prepared, trig: &TriggerSpan) -> Vec<Feat> {
    let sub = trig.subtype as u64;
    let sent = &p.sents[p.sent_of[trig.toks.start]];
    let mut out = vec![Hasher::new(60).f(), Hasher::new(61).n(sub).f()];
    for t in trig.toks.clone() {
        out.push(Hasher::new(62).s(&p.infos[t].lower).f());
        out.push(Hasher::new(63).s(&p.infos[t].lemma).n(sub).f());
        out.push(
            Hasher::new(70)
                .s(&p.infos[t].lower)
                .s(&p.tokens[t].text)
                .f(),
        );
    }
    let lo = trig.toks.start.saturating_sub(6).max(sent.start);
    let hi = (trig.toks.end + 6).min(sent.end);
    for t in lo..hi {
        if trig.toks.contains(&t) {
            continue;
        }
        let side = u64::from(t >= trig.toks.end);
        let near = u64::from(t + 2 >= trig.toks.start && t <= trig.toks.end + 1);
        out.push(Hasher::new(64).n(side).s(&p.infos[t].lower).f());
        out.push(Hasher::new(65).n(side).n(near).s(&p.infos[t].lower).f());
        if !p.infos[t].lex.is_empty() {
            out.push(Hasher::new(66).n(side).s(&p.infos[t].lex).f());
        }
    }
    let prev = |k: usize| {
        trig.toks
            .start
            .checked_sub(k)
            .filter(|t| *t >= sent.start)
            .map_or("<s>", |t| p.infos[t].lower.as_str())
    };
    out.push(Hasher::new(67).s(prev(1)).f());
    out.push(Hasher::new(68).s(prev(2)).s(prev(1)).f());
    let plural = p.infos[trig.toks.end - 1].lower.ends_with('s');
    out.push(Hasher::new(69).n(u64::from(plural)).n(sub).f());
    out
}

impl CasieModel {
    /// Trigger spans predicted in a prepared text.
    pub(crate) fn predict_triggers(&self, p: &Prepared) -> Vec<(TriggerSpan, f32)> {
        let allowed = vec![true; self.trigger.n_labels];
        let mut out = Vec::new();
        for k in 0..p.sents.len() {
            let feats = p.sentence_features(k, &self.config.features, &self.clusters);
            let (labels, emit) = self
                .trigger
                .decode_biased(&feats, &allowed, self.trigger_o_bias);
            let l = self.trigger.n_labels;
            let offset = p.sents[k].start;
            for (toks, c) in runs(&labels) {
                let margin: f32 = toks
                    .clone()
                    .map(|t| emit[t * l + labels[t]] - emit[t * l])
                    .sum::<f32>()
                    / toks.len() as f32;
                let toks = toks.start + offset..toks.end + offset;
                out.push((TriggerSpan { toks, subtype: c }, margin));
            }
        }
        out
    }

    /// The allowed argument labels of a subtype.
    pub(crate) fn arg_mask(&self, subtype: usize) -> Vec<bool> {
        let mut mask = vec![false; self.args.n_labels];
        mask[0] = true;
        for (r, ok) in self.allowed_roles[subtype].iter().enumerate() {
            if *ok {
                mask[b_label(r)] = true;
                mask[i_label(r)] = true;
            }
        }
        mask
    }

    /// Argument spans (token range, role index) of one trigger.
    pub(crate) fn predict_args(
        &self,
        p: &Prepared,
        trig: &TriggerSpan,
        others: &[TriggerSpan],
        base: &[Vec<Feat>],
        window: &Range<usize>,
    ) -> Vec<(Range<usize>, usize)> {
        let feats = arg_features(p, window, base, trig, others, &self.config);
        let (labels, _) =
            self.args
                .decode_biased(&feats, &self.arg_mask(trig.subtype), self.arg_o_bias);
        runs(&labels)
            .into_iter()
            .map(|(r, c)| (r.start + window.start..r.end + window.start, c))
            .collect()
    }

    /// Base token features of a token window (sentence by sentence, as in training).
    pub(crate) fn window_features(&self, p: &Prepared, window: &Range<usize>) -> Vec<Vec<Feat>> {
        let first = p.sent_of[window.start];
        let last = p.sent_of[window.end - 1];
        (first..=last)
            .flat_map(|k| p.sentence_features(k, &self.config.features, &self.clusters))
            .collect()
    }

    /// Events found in `text`, with code-point offsets into it.
    pub fn extract(&self, text: &str) -> Vec<Event> {
        let p = Prepared::new(text);
        if p.tokens.is_empty() {
            return Vec::new();
        }
        let triggers = self.predict_triggers(&p);
        self.events_for(&p, &triggers)
    }

    /// Events for given triggers — `(start, end, type)` in code points — with the
    /// arguments and realis the model finds for them. Triggers of types outside CASIE's
    /// five, or not covering any token, are skipped.
    pub fn extract_with_triggers(
        &self,
        text: &str,
        triggers: &[(usize, usize, dossier_model::EventType)],
    ) -> Vec<Event> {
        let p = Prepared::new(text);
        let spans: Vec<(TriggerSpan, f32)> = triggers
            .iter()
            .filter_map(|&(s, e, kind)| {
                let subtype = crate::casie::subtype_of(kind)?;
                Some((
                    TriggerSpan {
                        toks: p.token_range(s, e)?,
                        subtype,
                    },
                    10.0,
                ))
            })
            .collect();
        self.events_for(&p, &spans)
    }

    fn events_for(&self, p: &Prepared, triggers: &[(TriggerSpan, f32)]) -> Vec<Event> {
        let spans: Vec<TriggerSpan> = triggers.iter().map(|(t, _)| t.clone()).collect();
        let mut events = Vec::with_capacity(triggers.len());
        let mut cache: Option<(Range<usize>, Vec<Vec<Feat>>)> = None;
        for (trig, margin) in triggers {
            let Some(kind) = event_type_of(trig.subtype) else {
                continue;
            };
            let k = p.sent_of[trig.toks.start];
            let window = arg_window(p, k, self.config.arg_context);
            if cache.as_ref().is_none_or(|(w, _)| *w != window) {
                cache = Some((window.clone(), self.window_features(p, &window)));
            }
            let base = cache
                .as_ref()
                .map(|(_, b)| b.as_slice())
                .unwrap_or_default();
            let args = self
                .predict_args(p, trig, &spans, base, &window)
                .into_iter()
                .filter_map(|(toks, r)| {
                    let role: Role = self.roles.get(r)?.parse().ok()?;
                    let (start, end) = p.char_span(&toks);
                    Some(Arg {
                        role,
                        start,
                        end,
                        text: p.text_of(start, end),
                        entity: None,
                    })
                })
                .collect();
            let (start, end) = p.char_span(&trig.toks);
            let sent = p.char_span(&p.sents[k]);
            let realis = REALIS[self.realis.classify(&realis_features(p, trig)).min(2)];
            events.push(Event {
                kind,
                realis,
                trigger: Mention {
                    start,
                    end,
                    text: p.text_of(start, end),
                },
                args,
                time: None,
                sentence: Span::new(sent.0, sent.1),
                confidence: 1.0 / (1.0 + (-margin).exp()),
                hedge: None,
                extractor: Some("perceptron".to_string()),
            });
        }
        events
    }
}

/// Gold triggers of a document as token spans (unalignable ones dropped).
pub(crate) fn gold_triggers(p: &Prepared, doc: &CasieDoc) -> Vec<(TriggerSpan, usize)> {
    doc.events
        .iter()
        .enumerate()
        .filter_map(|(e, ev)| {
            let toks = p.token_range(ev.start, ev.end)?;
            Some((
                TriggerSpan {
                    toks,
                    subtype: ev.subtype,
                },
                e,
            ))
        })
        .collect()
}

/// Number of trigger classes (the CASIE subtypes).
pub(crate) fn n_subtypes() -> usize {
    SUBTYPES.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_reads_bio_sequences() {
        let labels = [0, b_label(1), i_label(1), b_label(0), 0, b_label(2)];
        assert_eq!(runs(&labels), vec![(1..3, 1), (3..4, 0), (5..6, 2)]);
    }

    #[test]
    fn mark_skips_overlapping_runs() {
        let mut labels = vec![0; 5];
        mark(&mut labels, 1..3, 0);
        mark(&mut labels, 2..4, 1);
        assert_eq!(labels, vec![0, b_label(0), i_label(0), 0, 0]);
    }
}
