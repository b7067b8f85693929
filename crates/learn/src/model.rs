//! The CASIE event model: trigger tagger, per-trigger argument tagger, realis classifier.

use std::ops::Range;

use dossier_model::{Event, Realis};

use crate::LearnError;
use crate::casie::{CasieDoc, SUBTYPES, event_type_of};
use crate::chunks::{chunk_ids, chunk_position, value_kind};
use crate::clusters::Clusters;
use crate::context::{ContextConfig, TokenVectors, VectorTree, normalise, tree_features};
use crate::features::{Feat, FeatureConfig, Hasher, conj, dist_bin};
use crate::perceptron::{SeqWeights, b_label, class_of, i_label};
use crate::prepare::Prepared;

/// Realis labels in classifier order.
pub const REALIS: [Realis; 3] = [Realis::Actual, Realis::Generic, Realis::Other];

/// Settings that shape features; stored with the model so decoding matches training.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelConfig {
    /// Token feature templates.
    pub features: FeatureConfig,
    /// Sentences either side of the trigger's sentence that the argument tagger reads.
    pub arg_context: usize,
    /// Whether argument tokens see the other triggers of their sentence.
    pub other_triggers: bool,
    /// Whether argument features are also conjoined with the side of the trigger.
    pub directional: bool,
    /// Whether argument tokens get noun-chunk and value-kind features ([`crate::chunks`]).
    pub arg_chunks: bool,
    /// Contextual (MiniLM) features, if the model uses them; such a model needs the
    /// encoder at extraction time.
    pub context: Option<ContextConfig>,
}

impl Default for ModelConfig {
    fn default() -> Self {
        ModelConfig {
            features: FeatureConfig::default(),
            arg_context: 0,
            other_triggers: true,
            directional: true,
            arg_chunks: true,
            context: None,
        }
    }
}

/// A trained CASIE extractor.
#[derive(Debug, Clone)]
pub struct CasieModel {
    pub(crate) config: ModelConfig,
    /// Argument role names (scorer form, e.g. "vulnerable-system"), the argument classes.
    pub(crate) roles: Vec<String>,
    /// Per subtype, which roles it takes.
    pub(crate) allowed_roles: Vec<Vec<bool>>,
    pub(crate) trigger: SeqWeights,
    /// Second-pass trigger tagger that also reads the first pass's triggers in the whole
    /// document ([`stack_features`]); absent in single-pass models.
    pub(crate) trigger2: Option<SeqWeights>,
    pub(crate) args: SeqWeights,
    pub(crate) realis: SeqWeights,
    pub(crate) clusters: Clusters,
    /// Subtracted from the trigger tagger's `O` scores (tuned on dev).
    pub trigger_o_bias: f32,
    /// Subtracted from the argument tagger's `O` scores (tuned on dev).
    pub arg_o_bias: f32,
    /// The k-means tree that quantises contextual vectors (contextual models only).
    pub(crate) tree: Option<VectorTree>,
    /// The encoder that computes contextual vectors at extraction time.
    #[cfg(feature = "encoder")]
    pub(crate) encoder: Option<std::sync::Arc<crate::encoder::Encoder>>,
}

/// A document's contextual inputs, derived once from its token vectors.
pub(crate) struct DocContext<'a> {
    /// Unit vectors per token.
    pub vecs: &'a TokenVectors,
    /// Dense trigger inputs (`tokens × dim`, scaled), if the model uses them.
    pub trigger_dense: Option<Vec<f32>>,
    /// Scale of the dense argument inputs (0 = none).
    pub arg_scale: f32,
}

impl<'a> DocContext<'a> {
    pub(crate) fn new(vecs: &'a TokenVectors, cfg: &ContextConfig) -> Self {
        let trigger_dense = (cfg.dense_trigger > 0.0)
            .then(|| vecs.data.iter().map(|x| x * cfg.dense_trigger).collect());
        DocContext {
            vecs,
            trigger_dense,
            arg_scale: cfg.dense_arg,
        }
    }

    /// Dense trigger inputs of a token range.
    pub(crate) fn trigger_rows(&self, toks: &Range<usize>) -> Option<&[f32]> {
        let d = self.vecs.dim;
        self.trigger_dense
            .as_deref()
            .map(|x| &x[toks.start * d..toks.end * d])
    }

    /// Dense argument inputs of a window for one trigger: per token, its vector and the
    /// normalised elementwise product with the trigger's mean vector, scaled.
    pub(crate) fn arg_rows(&self, window: &Range<usize>, trig: &Range<usize>) -> Option<Vec<f32>> {
        if self.arg_scale <= 0.0 {
            return None;
        }
        let d = self.vecs.dim;
        let t = self.trigger_mean(trig);
        let mut out = Vec::with_capacity(window.len() * 2 * d);
        for i in window.clone() {
            let v = self.vecs.row(i);
            out.extend(v.iter().map(|x| x * self.arg_scale));
            let mut prod: Vec<f32> = v.iter().zip(&t).map(|(a, b)| a * b).collect();
            normalise(&mut prod);
            out.extend(prod.iter().map(|x| x * self.arg_scale));
        }
        Some(out)
    }

    /// The unit mean vector of a trigger's tokens.
    pub(crate) fn trigger_mean(&self, trig: &Range<usize>) -> Vec<f32> {
        let mut t = vec![0.0f32; self.vecs.dim];
        for j in trig.clone() {
            t.iter_mut()
                .zip(self.vecs.row(j))
                .for_each(|(a, b)| *a += b);
        }
        normalise(&mut t);
        t
    }
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
    ctx: Option<&DocContext>,
) -> Vec<Vec<Feat>> {
    let sub = trig.subtype as u64;
    let trig_mean = ctx.map(|c| c.trigger_mean(&trig.toks));
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
    let chunks = cfg.arg_chunks.then(|| ChunkView::new(p, window, trig));
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
            if let Some(c) = &chunks {
                c.features(p, i - window.start, dir, sub, &mut out);
            }
            if let (Some(c), Some(t)) = (ctx, &trig_mean) {
                // How close the candidate's contextual vector is to the trigger's.
                let cos: f32 = c.vecs.row(i).iter().zip(t).map(|(a, b)| a * b).sum();
                let bin = ((cos.clamp(-1.0, 1.0) + 1.0) * 8.0) as u64;
                out.push(h(123).n(bin).n(sub).f());
                out.push(h(124).n(bin).n(db.min(6)).f());
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

/// Noun chunks and value kinds of an argument window, relative to one trigger.
struct ChunkView {
    /// Chunk id per window token.
    ids: Vec<Option<u32>>,
    /// Per chunk id: its window-relative token range.
    spans: Vec<Range<usize>>,
    /// Value kind per window token.
    kinds: Vec<Option<&'static str>>,
    /// Window-relative trigger range.
    trig: Range<usize>,
    /// The window's first token.
    start: usize,
}

impl ChunkView {
    fn new(p: &Prepared, window: &Range<usize>, trig: &TriggerSpan) -> Self {
        let ids = chunk_ids(&p.tokens, &p.infos, window);
        let mut spans: Vec<Range<usize>> = Vec::new();
        for (j, id) in ids.iter().enumerate() {
            if let Some(id) = id {
                let id = *id as usize;
                if id == spans.len() {
                    spans.push(j..j + 1);
                } else if let Some(s) = spans.get_mut(id) {
                    s.end = j + 1;
                }
            }
        }
        let kinds = window
            .clone()
            .map(|i| {
                let prev = i
                    .checked_sub(1)
                    .filter(|k| *k >= window.start)
                    .map(|k| p.tokens[k].text.as_str());
                value_kind(&p.tokens[i].text, &p.infos[i].lower, prev)
            })
            .collect();
        ChunkView {
            ids,
            spans,
            kinds,
            trig: trig.toks.start - window.start..trig.toks.end - window.start,
            start: window.start,
        }
    }

    /// Chunk features of window token `j` (window-relative).
    fn features(&self, p: &Prepared, j: usize, dir: u64, sub: u64, out: &mut Vec<Feat>) {
        let h = |t: u8| Hasher::new(t).n(dir).n(sub);
        let pos = chunk_position(&self.ids, j);
        let abs = |k: usize| k + self.start;
        let lower = |k: usize| p.infos[abs(k)].lower.as_str();
        out.push(h(80).n(pos).f());
        out.push(h(81).n(pos).s(lower(j)).f());
        if let Some(kind) = self.kinds[j] {
            out.push(h(82).s(kind).f());
            out.push(h(83).s(kind).n(pos).f());
        }
        let Some(id) = self.ids[j] else {
            return;
        };
        let span = &self.spans[id as usize];
        let head = &p.infos[abs(span.end - 1)].lemma;
        out.push(h(84).s(head).f());
        out.push(h(85).s(lower(span.start)).f());
        out.push(h(86).n(span.len().min(6) as u64).n(pos).f());
        let before = span.start.checked_sub(1).map_or("<s>", lower);
        let after = if span.end < self.ids.len() {
            lower(span.end)
        } else {
            "</s>"
        };
        out.push(h(87).s(before).f());
        out.push(h(88).s(after).f());
        out.push(h(89).s(before).s(head).f());
        let cap = span.clone().any(|k| p.infos[abs(k)].cap);
        out.push(h(90).n(u64::from(cap)).n(pos).f());
        if let Some(kind) = span.clone().find_map(|k| self.kinds[k]) {
            out.push(h(91).s(kind).n(pos).f());
        }
        // Chunks between candidate and trigger: a syntactic distance.
        let count = |r: Range<usize>| {
            let mut ids: Vec<u32> = self.ids[r].iter().flatten().copied().collect();
            ids.dedup();
            ids.len()
        };
        let between = if span.end <= self.trig.start {
            count(span.end..self.trig.start)
        } else if span.start >= self.trig.end {
            count(self.trig.end..span.start)
        } else {
            99
        };
        out.push(h(92).n(between.min(5) as u64).f());
        out.push(h(93).n(between.min(5) as u64).s(before).f());
    }
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
    /// Trigger spans predicted in a prepared text (both passes when the model has two).
    /// `base` holds the base features of every sentence ([`Self::sentence_features`]).
    pub(crate) fn predict_triggers(
        &self,
        p: &Prepared,
        base: &[Vec<Vec<Feat>>],
        ctx: Option<&DocContext>,
    ) -> Vec<(TriggerSpan, f32)> {
        let first = tag_triggers(&self.trigger, p, base, ctx, self.trigger_o_bias);
        let Some(second) = &self.trigger2 else {
            return first;
        };
        let spans: Vec<TriggerSpan> = first.into_iter().map(|(t, _)| t).collect();
        let stacked = with_stack_features(p, base.to_vec(), &spans);
        tag_triggers(second, p, &stacked, ctx, self.trigger_o_bias)
    }

    /// Base token features of every sentence, computed once per text for both taggers
    /// (with the quantised contextual features when the model has a vector tree).
    pub(crate) fn sentence_features(
        &self,
        p: &Prepared,
        vecs: Option<&TokenVectors>,
    ) -> Vec<Vec<Vec<Feat>>> {
        let mut base: Vec<Vec<Vec<Feat>>> = (0..p.sents.len())
            .map(|k| p.sentence_features(k, &self.config.features, &self.clusters))
            .collect();
        if let (Some(tree), Some(vecs), Some(cfg)) = (&self.tree, vecs, &self.config.context) {
            add_tree_features(p, &mut base, tree, vecs, cfg);
        }
        base
    }

    /// The contextual inputs of a document, if the model uses them.
    pub(crate) fn doc_context<'a>(&self, vecs: Option<&'a TokenVectors>) -> Option<DocContext<'a>> {
        let cfg = self.config.context.as_ref()?;
        Some(DocContext::new(vecs?, cfg))
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
        ctx: Option<&DocContext>,
    ) -> Vec<(Range<usize>, usize)> {
        let feats = arg_features(p, window, base, trig, others, &self.config, ctx);
        let dense = ctx.and_then(|c| c.arg_rows(window, &trig.toks));
        let (labels, _) = self.args.decode_dense(
            &feats,
            dense.as_deref(),
            &self.arg_mask(trig.subtype),
            self.arg_o_bias,
        );
        runs(&labels)
            .into_iter()
            .map(|(r, c)| (r.start + window.start..r.end + window.start, c))
            .collect()
    }

    /// Base token features of a token window made of whole sentences.
    fn window_features(
        p: &Prepared,
        base: &[Vec<Vec<Feat>>],
        window: &Range<usize>,
    ) -> Vec<Vec<Feat>> {
        let first = p.sent_of[window.start];
        let last = p.sent_of[window.end - 1];
        base[first..=last].iter().flatten().cloned().collect()
    }

    /// Whether the model reads contextual vectors, so extraction needs the encoder.
    pub fn needs_encoder(&self) -> bool {
        self.config.context.is_some()
    }

    /// Events found in `text`, with code-point offsets into it. A model with contextual
    /// features runs its encoder (attached with `with_encoder`) and fails without it.
    pub fn extract(&self, text: &str) -> Result<Vec<Event>, LearnError> {
        let p = Prepared::new(text);
        if p.tokens.is_empty() {
            return Ok(Vec::new());
        }
        let vecs = self.vectors_of(&p)?;
        Ok(self.extract_prepared(&p, vecs.as_ref()))
    }

    /// Events found in `text` given its token vectors (e.g. from a [`crate::context::
    /// VectorCache`]); `vecs` is ignored by models without contextual features.
    pub fn extract_with_vectors(&self, text: &str, vecs: Option<&TokenVectors>) -> Vec<Event> {
        let p = Prepared::new(text);
        if p.tokens.is_empty() {
            return Vec::new();
        }
        self.extract_prepared(&p, vecs)
    }

    pub(crate) fn extract_prepared(&self, p: &Prepared, vecs: Option<&TokenVectors>) -> Vec<Event> {
        let vecs = vecs.filter(|v| v.len() == p.tokens.len());
        let ctx = self.doc_context(vecs);
        let base = self.sentence_features(p, vecs);
        let triggers = self.predict_triggers(p, &base, ctx.as_ref());
        self.events_for(p, &triggers, &base, ctx.as_ref())
    }

    /// The token vectors of a CASIE document for evaluation: from `cache` when given,
    /// else from the encoder; `None` for models without contextual features.
    pub(crate) fn doc_vectors(
        &self,
        p: &Prepared,
        id: &str,
        cache: Option<&crate::context::VectorCache>,
    ) -> Result<Option<TokenVectors>, LearnError> {
        let (Some(cfg), Some(cache)) = (&self.config.context, cache) else {
            return self.vectors_of(p);
        };
        let v = cache.vectors(id, &cfg.layers()).ok_or_else(|| {
            LearnError::Encoder(format!("document {id} is not in the vector cache"))
        })?;
        if v.len() != p.tokens.len() {
            return Err(LearnError::Encoder(format!(
                "document {id}: the vector cache has {} tokens, the text {}; re-encode",
                v.len(),
                p.tokens.len()
            )));
        }
        Ok(Some(v))
    }

    /// The token vectors of a prepared text, if the model uses them.
    #[cfg(feature = "encoder")]
    fn vectors_of(&self, p: &Prepared) -> Result<Option<TokenVectors>, LearnError> {
        let Some(cfg) = &self.config.context else {
            return Ok(None);
        };
        let enc = self.encoder.as_ref().ok_or_else(|| {
            LearnError::Encoder(
                "this model uses MiniLM features but no encoder is loaded; run \
                 scripts/fetch_minilm.sh and pass --encoder DIR (or set DOSSIER_ENCODER)"
                    .into(),
            )
        })?;
        let toks: Vec<&str> = p.tokens.iter().map(|t| t.text.as_str()).collect();
        let layers = cfg.layers();
        let raw = enc.encode(&toks, &p.sents, &layers)?;
        Ok(Some(TokenVectors::from_layers(
            &raw,
            &layers,
            enc.hidden(),
            &layers,
        )))
    }

    /// The token vectors of a prepared text, if the model uses them (this build has no
    /// encoder, so contextual models cannot run).
    #[cfg(not(feature = "encoder"))]
    fn vectors_of(&self, _p: &Prepared) -> Result<Option<TokenVectors>, LearnError> {
        match &self.config.context {
            None => Ok(None),
            Some(_) => Err(LearnError::Encoder(
                "this model uses MiniLM features, but dossier-learn was built without the \
                 `encoder` feature"
                    .into(),
            )),
        }
    }

    /// The model with an encoder for its contextual features.
    #[cfg(feature = "encoder")]
    pub fn with_encoder(mut self, encoder: std::sync::Arc<crate::encoder::Encoder>) -> Self {
        self.encoder = Some(encoder);
        self
    }

    /// Events for given triggers — `(start, end, type)` in code points — with the
    /// arguments and realis the model finds for them. Triggers of types outside CASIE's
    /// five, or not covering any token, are skipped.
    pub fn extract_with_triggers(
        &self,
        text: &str,
        triggers: &[(usize, usize, dossier_model::EventType)],
    ) -> Result<Vec<Event>, LearnError> {
        let p = Prepared::new(text);
        let vecs = self.vectors_of(&p)?;
        Ok(self.extract_with_triggers_and_vectors(&p, triggers, vecs.as_ref()))
    }

    /// [`Self::extract_with_triggers`] given the prepared text's token vectors.
    pub(crate) fn extract_with_triggers_and_vectors(
        &self,
        p: &Prepared,
        triggers: &[(usize, usize, dossier_model::EventType)],
        vecs: Option<&TokenVectors>,
    ) -> Vec<Event> {
        let vecs = vecs.filter(|v| v.len() == p.tokens.len());
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
        let ctx = self.doc_context(vecs);
        let base = self.sentence_features(p, vecs);
        self.events_for(p, &spans, &base, ctx.as_ref())
    }

    fn events_for(
        &self,
        p: &Prepared,
        triggers: &[(TriggerSpan, f32)],
        sentence_base: &[Vec<Vec<Feat>>],
        ctx: Option<&DocContext>,
    ) -> Vec<Event> {
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
                cache = Some((
                    window.clone(),
                    Self::window_features(p, sentence_base, &window),
                ));
            }
            let base = cache
                .as_ref()
                .map(|(_, b)| b.as_slice())
                .unwrap_or_default();
            let args = self
                .predict_args(p, trig, &spans, base, &window, ctx)
                .into_iter()
                .filter_map(|(toks, r)| p.arg(self.roles.get(r)?, &toks))
                .collect();
            let realis = REALIS[self.realis.classify(&realis_features(p, trig)).min(2)];
            let confidence = 1.0 / (1.0 + (-margin).exp());
            events.push(p.event(kind, realis, &trig.toks, args, confidence, "perceptron"));
        }
        events
    }
}

/// Trigger spans (with their mean margin over `O`) that `weights` tags in every sentence.
pub(crate) fn tag_triggers(
    weights: &SeqWeights,
    p: &Prepared,
    feats: &[Vec<Vec<Feat>>],
    ctx: Option<&DocContext>,
    o_bias: f32,
) -> Vec<(TriggerSpan, f32)> {
    let allowed = vec![true; weights.n_labels];
    let l = weights.n_labels;
    let mut out = Vec::new();
    for (k, sent_feats) in feats.iter().enumerate() {
        let dense = ctx.and_then(|c| c.trigger_rows(&p.sents[k]));
        let (labels, emit) = weights.decode_dense(sent_feats, dense, &allowed, o_bias);
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

/// Appends the quantised contextual features ([`tree_features`]) to the base features.
pub(crate) fn add_tree_features(
    p: &Prepared,
    base: &mut [Vec<Vec<Feat>>],
    tree: &VectorTree,
    vecs: &TokenVectors,
    cfg: &ContextConfig,
) {
    let paths: Vec<(u64, u8)> = (0..vecs.len()).map(|i| tree.path(vecs.row(i))).collect();
    let lowers: Vec<&str> = p.infos.iter().map(|t| t.lower.as_str()).collect();
    let extra = tree_features(&paths, &p.sent_of, &lowers, &cfg.prefixes());
    for (k, sent) in base.iter_mut().enumerate() {
        for (j, fs) in sent.iter_mut().enumerate() {
            fs.extend_from_slice(&extra[p.sents[k].start + j]);
        }
    }
}

/// Base sentence features extended with [`stack_features`] of first-pass triggers.
pub(crate) fn with_stack_features(
    p: &Prepared,
    mut base: Vec<Vec<Vec<Feat>>>,
    first: &[TriggerSpan],
) -> Vec<Vec<Vec<Feat>>> {
    let extra = stack_features(p, first);
    for (k, sent) in base.iter_mut().enumerate() {
        for (j, fs) in sent.iter_mut().enumerate() {
            fs.extend_from_slice(&extra[p.sents[k].start + j]);
        }
    }
    base
}

/// Document-level features from first-pass triggers, per token: the token's own
/// first-pass label, the subtypes its lemma was tagged with elsewhere in the document,
/// the subtypes tagged in its sentence and the document's most tagged subtype.
pub(crate) fn stack_features(p: &Prepared, first: &[TriggerSpan]) -> Vec<Vec<Feat>> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut own = vec![99u64; p.tokens.len()];
    let mut by_lemma: BTreeMap<&str, BTreeSet<(usize, usize)>> = BTreeMap::new();
    let mut by_sent: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    let mut counts = vec![0usize; n_subtypes()];
    for t in first {
        for i in t.toks.clone() {
            own[i] = t.subtype as u64;
            by_lemma
                .entry(p.infos[i].lemma.as_str())
                .or_default()
                .insert((i, t.subtype));
        }
        by_sent
            .entry(p.sent_of[t.toks.start])
            .or_default()
            .insert(t.subtype);
        counts[t.subtype] += 1;
    }
    let top = (0..counts.len())
        .max_by_key(|&s| (counts[s], std::cmp::Reverse(s)))
        .filter(|&s| counts[s] > 0)
        .map_or(99, |s| s as u64);
    (0..p.tokens.len())
        .map(|i| {
            let me = &p.infos[i];
            let mut out = vec![
                Hasher::new(110).n(own[i]).f(),
                Hasher::new(111).n(own[i]).s(&me.lemma).f(),
                Hasher::new(112).n(top).f(),
                Hasher::new(113).n(top).s(&me.lemma).f(),
                Hasher::new(114).n(top).n(own[i]).f(),
            ];
            let elsewhere: BTreeSet<usize> = by_lemma
                .get(me.lemma.as_str())
                .into_iter()
                .flatten()
                .filter(|(j, _)| *j != i)
                .map(|(_, s)| *s)
                .collect();
            out.push(Hasher::new(115).n(elsewhere.len().min(2) as u64).f());
            for s in &elsewhere {
                out.push(Hasher::new(116).n(*s as u64).f());
                out.push(Hasher::new(117).n(*s as u64).s(&me.lemma).f());
            }
            for s in by_sent.get(&p.sent_of[i]).into_iter().flatten() {
                out.push(Hasher::new(118).n(*s as u64).s(&me.lex).f());
            }
            out
        })
        .collect()
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
    fn stack_features_tell_a_word_it_was_a_trigger_elsewhere() {
        let p = Prepared::new("Hackers breached Acme. The breach exposed data. A breach hurts.");
        let first = vec![TriggerSpan {
            toks: 1..2,
            subtype: 0,
        }];
        let feats = stack_features(&p, &first);
        // The crude lemma of "breached" is "breach", so later mentions see subtype 0.
        let elsewhere = Hasher::new(116).n(0).f();
        let second = p
            .infos
            .iter()
            .position(|t| t.lower == "breach")
            .expect("breach");
        assert!(feats[second].contains(&elsewhere));
        assert!(!feats[1].contains(&elsewhere));
        assert!(feats[1].contains(&Hasher::new(110).n(0).f()));
        assert!(feats[0].contains(&Hasher::new(110).n(99).f()));
    }

    #[test]
    fn mark_skips_overlapping_runs() {
        let mut labels = vec![0; 5];
        mark(&mut labels, 1..3, 0);
        mark(&mut labels, 2..4, 1);
        assert_eq!(labels, vec![0, b_label(0), i_label(0), 0, 0]);
    }
}
