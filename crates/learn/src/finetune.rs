//! Fine-tuning the top two MiniLM layers for CASIE (feature `encoder`).
//!
//! Layers 1–4 of the encoder stay frozen: their output is formed per *token* (the mean of
//! the token's wordpieces at layer [`BASE_LAYER`], rounded to bfloat16 — exactly what a
//! [`VectorCache`] stores), so training reads it from a cache and never runs the frozen
//! part. Layers 5–6, initialised from the pretrained weights, then run over the token
//! sequence of windows of whole sentences, followed by small task heads trained jointly
//! with them (AdamW):
//! * **triggers**: per token, a softmax over the 11 BIO labels (label = subtype), decoded
//!   with a BIO-constrained Viterbi;
//! * **arguments**: for each trigger, every token of its sentence is scored as role-BIO by
//!   an MLP over `[token ; trigger ; token ⊙ trigger ; subtype embedding ; relative
//!   distance embedding]`, restricted to the roles the subtype takes in train, decoded with
//!   the same Viterbi; training labels are the trigger's arguments plus those of the other
//!   events of its subtype in the sentence (like [`crate::ArgLabels::SameSubtype`]);
//! * **realis**: a 3-way softmax over the trigger's vector.
//!
//! The trained weights are stored in bfloat16 ([`FineTuned::to_bytes`]).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use candle_core::{D, DType, Device, Tensor, Var};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use dossier_model::{Event, Realis};

use crate::LearnError;
use crate::casie::{CasieDoc, SUBTYPES, event_type_of};
use crate::context::{VectorCache, from_bf16, to_bf16};
use crate::encoder::{Encoder, windows};
use crate::eval::Scores;
use crate::features::dist_bin;
use crate::model::{REALIS, TriggerSpan, gold_triggers, mark, runs};
use crate::perceptron::{Rng, b_label, i_label};
use crate::prepare::Prepared;

/// The frozen encoder layer whose per-token output the fine-tuned layers read.
pub const BASE_LAYER: usize = 4;

/// Number of fine-tuned transformer layers (on top of [`BASE_LAYER`]).
pub const TOP_LAYERS: usize = 2;

const MAGIC: &[u8; 8] = b"DSLFT001";
/// Distance-embedding rows: side (left, right, inside) × [`dist_bin`] (10 bins).
const DIST_ROWS: usize = 30;

fn err(what: &str, e: impl std::fmt::Display) -> LearnError {
    LearnError::Encoder(format!("{what}: {e}"))
}

/// Training settings of the fine-tuned model; stored with it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FtConfig {
    /// Passes over the training windows.
    pub epochs: usize,
    /// Seed of the initialisation and the window order.
    pub seed: u64,
    /// Peak learning rate of the two transformer layers.
    pub lr_encoder: f64,
    /// Peak learning rate of the heads.
    pub lr_head: f64,
    /// AdamW weight decay.
    pub weight_decay: f64,
    /// Largest window of whole sentences, in tokens.
    pub window: usize,
    /// Hidden width of the argument MLP.
    pub arg_hidden: usize,
    /// Width of the subtype and distance embeddings.
    pub emb: usize,
    /// Weight of the argument and realis losses against the trigger loss.
    pub arg_weight: f64,
    /// Added to every non-`O` trigger log-probability before decoding (tuned on dev).
    pub trigger_bias: f32,
    /// Added to every non-`O` argument log-probability before decoding (tuned on dev).
    pub arg_bias: f32,
}

impl Default for FtConfig {
    fn default() -> Self {
        FtConfig {
            epochs: 3,
            seed: 13,
            lr_encoder: 1e-4,
            lr_head: 1e-3,
            weight_decay: 0.01,
            window: 200,
            arg_hidden: 256,
            emb: 32,
            arg_weight: 1.0,
            trigger_bias: 0.0,
            arg_bias: 0.0,
        }
    }
}

/// The metadata stored before the weights.
#[derive(serde::Serialize, serde::Deserialize)]
struct Header {
    config: FtConfig,
    roles: Vec<String>,
    allowed: Vec<Vec<bool>>,
    hidden: usize,
    heads: usize,
    eps: f64,
    tensors: Vec<(String, Vec<usize>)>,
}

/// A CASIE extractor made of fine-tuned MiniLM layers 5–6 and task heads.
#[derive(Debug, Clone)]
pub struct FineTuned {
    /// Training and decoding settings.
    pub config: FtConfig,
    roles: Vec<String>,
    allowed: Vec<Vec<bool>>,
    hidden: usize,
    heads: usize,
    eps: f64,
    weights: BTreeMap<String, Tensor>,
}

/// Per-window outputs kept for decoding with several biases.
struct WindowOut {
    range: Range<usize>,
    /// Final hidden states `[n, hidden]`.
    states: Tensor,
    /// Trigger log-probabilities, row-major `n × 11`.
    trig_logp: Vec<f32>,
}

fn n_trigger_labels() -> usize {
    1 + 2 * SUBTYPES.len()
}

impl FineTuned {
    fn w(&self, name: &str) -> Result<&Tensor, LearnError> {
        self.weights
            .get(name)
            .ok_or_else(|| err("fine-tuned model", format!("no tensor {name}")))
    }

    fn n_arg_labels(&self) -> usize {
        1 + 2 * self.roles.len()
    }

    fn linear(&self, x: &Tensor, name: &str) -> Result<Tensor, LearnError> {
        let w = self.w(&format!("{name}.weight"))?;
        let b = self.w(&format!("{name}.bias"))?;
        x.matmul(&w.t().map_err(|e| err("linear", e))?)
            .and_then(|y| y.broadcast_add(b))
            .map_err(|e| err("linear", e))
    }

    fn norm(&self, x: &Tensor, name: &str) -> Result<Tensor, LearnError> {
        let w = self.w(&format!("{name}.weight"))?;
        let b = self.w(&format!("{name}.bias"))?;
        candle_nn::ops::layer_norm_slow(x, w, b, self.eps as f32).map_err(|e| err("norm", e))
    }

    /// Runs the fine-tuned layers over token vectors `[n, hidden]` of one window.
    fn top(&self, x: &Tensor) -> Result<Tensor, LearnError> {
        let c = |e| err("top layers", e);
        let n = x.dim(0).map_err(c)?;
        let hd = self.hidden / self.heads;
        let scale = 1.0 / (hd as f64).sqrt();
        let mut x = x.clone();
        for j in 0..TOP_LAYERS {
            let pre = format!("top.{j}");
            let split = |t: Tensor| -> candle_core::Result<Tensor> {
                t.reshape((n, self.heads, hd))?
                    .transpose(0, 1)?
                    .contiguous()
            };
            let q = split(self.linear(&x, &format!("{pre}.attention.self.query"))?).map_err(c)?;
            let k = split(self.linear(&x, &format!("{pre}.attention.self.key"))?).map_err(c)?;
            let v = split(self.linear(&x, &format!("{pre}.attention.self.value"))?).map_err(c)?;
            let kt = k.t().map_err(c)?;
            let scores = (q.matmul(&kt).map_err(c)? * scale).map_err(c)?;
            let probs = candle_nn::ops::softmax(&scores, D::Minus1).map_err(c)?;
            let ctx = probs
                .matmul(&v)
                .and_then(|t| t.transpose(0, 1))
                .and_then(|t| t.contiguous())
                .and_then(|t| t.reshape((n, self.hidden)))
                .map_err(c)?;
            let attn = self.linear(&ctx, &format!("{pre}.attention.output.dense"))?;
            let a = self.norm(
                &(attn + &x).map_err(c)?,
                &format!("{pre}.attention.output.LayerNorm"),
            )?;
            let i = self
                .linear(&a, &format!("{pre}.intermediate.dense"))?
                .gelu_erf()
                .map_err(c)?;
            let o = self.linear(&i, &format!("{pre}.output.dense"))?;
            x = self.norm(&(o + &a).map_err(c)?, &format!("{pre}.output.LayerNorm"))?;
        }
        Ok(x)
    }

    /// Argument logits (masked to the subtype's roles) of the candidate tokens of each
    /// trigger. `trigs` holds window-relative (trigger range, subtype, candidate range);
    /// returns the logits `[rows, labels]` and the row offsets per trigger, plus the
    /// trigger mean vectors `[triggers, hidden]`.
    fn arg_logits(
        &self,
        h: &Tensor,
        trigs: &[(Range<usize>, usize, Range<usize>)],
    ) -> Result<(Tensor, Tensor), LearnError> {
        let c = |e| err("argument head", e);
        let dev = h.device();
        let n = h.dim(0).map_err(c)?;
        let mut avg = vec![0.0f32; trigs.len() * n];
        let (mut cand, mut trig_of, mut subs, mut dists) = (vec![], vec![], vec![], vec![]);
        let mut mask = Vec::new();
        let l = self.n_arg_labels();
        for (ti, (tr, sub, cands)) in trigs.iter().enumerate() {
            for t in tr.clone() {
                avg[ti * n + t] = 1.0 / tr.len() as f32;
            }
            let allowed = self.arg_mask(*sub);
            for i in cands.clone() {
                cand.push(i as u32);
                trig_of.push(ti as u32);
                subs.push(*sub as u32);
                let (dir, dist) = if i < tr.start {
                    (0, tr.start - i)
                } else if i >= tr.end {
                    (1, i + 1 - tr.end)
                } else {
                    (2, 0)
                };
                dists.push((dir * 10 + dist_bin(dist) as usize) as u32);
                mask.extend(allowed.iter().map(|a| if *a { 0.0f32 } else { -1e4 }));
            }
        }
        let rows = cand.len();
        let avg = Tensor::from_vec(avg, (trigs.len(), n), dev).map_err(c)?;
        let tmean = avg.matmul(h).map_err(c)?;
        let idx = |v: Vec<u32>| Tensor::from_vec(v, rows, dev);
        let hc = h.index_select(&idx(cand).map_err(c)?, 0).map_err(c)?;
        let tt = tmean
            .index_select(&idx(trig_of).map_err(c)?, 0)
            .map_err(c)?;
        let prod = (&hc * &tt).map_err(c)?;
        let se = self
            .w("arg.subtype")?
            .index_select(&idx(subs).map_err(c)?, 0)
            .map_err(c)?;
        let de = self
            .w("arg.distance")?
            .index_select(&idx(dists).map_err(c)?, 0)
            .map_err(c)?;
        let x = Tensor::cat(&[&hc, &tt, &prod, &se, &de], 1).map_err(c)?;
        let hid = self.linear(&x, "arg.hidden")?.gelu_erf().map_err(c)?;
        let logits = self.linear(&hid, "arg.out")?;
        let mask = Tensor::from_vec(mask, (rows, l), dev).map_err(c)?;
        let logits = (logits + mask).map_err(c)?;
        Ok((logits, tmean))
    }

    /// The allowed argument labels of a subtype.
    fn arg_mask(&self, subtype: usize) -> Vec<bool> {
        let mut m = vec![false; self.n_arg_labels()];
        m[0] = true;
        if let Some(roles) = self.allowed.get(subtype) {
            for (r, ok) in roles.iter().enumerate() {
                if *ok {
                    m[b_label(r)] = true;
                    m[i_label(r)] = true;
                }
            }
        }
        m
    }

    /// Runs the layers and the trigger head over every window of a document.
    fn forward_doc(&self, p: &Prepared, raw: &[f32]) -> Result<Vec<WindowOut>, LearnError> {
        let c = |e| err("fine-tuned forward", e);
        let ones = vec![vec![0u32]; p.tokens.len()];
        let mut out = Vec::new();
        for range in windows(&ones, &p.sents, self.config.window) {
            let x = window_input(raw, &range, self.hidden)?;
            let states = self.top(&x)?;
            let logits = self.linear(&states, "trigger")?;
            let trig_logp = candle_nn::ops::log_softmax(&logits, D::Minus1)
                .and_then(|t| t.flatten_all())
                .and_then(|t| t.to_vec1::<f32>())
                .map_err(c)?;
            out.push(WindowOut {
                range,
                states,
                trig_logp,
            });
        }
        Ok(out)
    }

    /// Events of a document from its window outputs, with triggers decoded (or given,
    /// as document token spans) and the given biases.
    fn decode_doc(
        &self,
        p: &Prepared,
        outs: &[WindowOut],
        gold: Option<&[TriggerSpan]>,
        trigger_bias: f32,
        arg_bias: f32,
    ) -> Result<Vec<Event>, LearnError> {
        let c = |e| err("fine-tuned decode", e);
        let lt = n_trigger_labels();
        let la = self.n_arg_labels();
        let mut events = Vec::new();
        for w in outs {
            let n = w.range.len();
            let trigs: Vec<TriggerSpan> = match gold {
                Some(g) => g
                    .iter()
                    .filter(|t| w.range.contains(&t.toks.start) && t.toks.end <= w.range.end)
                    .map(|t| TriggerSpan {
                        toks: t.toks.start - w.range.start..t.toks.end - w.range.start,
                        subtype: t.subtype,
                    })
                    .collect(),
                None => {
                    let mut scores = w.trig_logp.clone();
                    for row in scores.chunks_mut(lt) {
                        row.iter_mut().skip(1).for_each(|s| *s += trigger_bias);
                    }
                    let labels = viterbi(&scores, n, lt, &vec![true; lt]);
                    runs(&labels)
                        .into_iter()
                        .map(|(toks, subtype)| TriggerSpan { toks, subtype })
                        .collect()
                }
            };
            if trigs.is_empty() {
                continue;
            }
            let items: Vec<(Range<usize>, usize, Range<usize>)> = trigs
                .iter()
                .map(|t| {
                    let k = p.sent_of[t.toks.start + w.range.start];
                    let s = &p.sents[k];
                    let cands = s.start.max(w.range.start) - w.range.start
                        ..s.end.min(w.range.end) - w.range.start;
                    (t.toks.clone(), t.subtype, cands)
                })
                .collect();
            let (logits, tmean) = self.arg_logits(&w.states, &items)?;
            let logp = candle_nn::ops::log_softmax(&logits, D::Minus1)
                .and_then(|t| t.flatten_all())
                .and_then(|t| t.to_vec1::<f32>())
                .map_err(c)?;
            let realis: Vec<Vec<f32>> = self.linear(&tmean, "realis")?.to_vec2().map_err(c)?;
            let mut row = 0;
            for (ti, (tr, sub, cands)) in items.iter().enumerate() {
                let m = cands.len();
                let mut scores = logp[row * la..(row + m) * la].to_vec();
                row += m;
                for r in scores.chunks_mut(la) {
                    r.iter_mut().skip(1).for_each(|s| *s += arg_bias);
                }
                let labels = viterbi(&scores, m, la, &self.arg_mask(*sub));
                let off = w.range.start + cands.start;
                let args = runs(&labels)
                    .into_iter()
                    .filter_map(|(toks, r)| {
                        p.arg(self.roles.get(r)?, &(toks.start + off..toks.end + off))
                    })
                    .collect();
                let Some(kind) = event_type_of(*sub) else {
                    continue;
                };
                let toks = tr.start + w.range.start..tr.end + w.range.start;
                let rl = &realis[ti];
                let best = (0..REALIS.len())
                    .max_by(|a, b| rl[*a].total_cmp(&rl[*b]))
                    .unwrap_or(0);
                let conf: f32 = toks
                    .clone()
                    .map(|t| {
                        let r = &w.trig_logp[(t - w.range.start) * lt..][..lt];
                        1.0 - r[0].exp()
                    })
                    .sum::<f32>()
                    / toks.len() as f32;
                let realis = REALIS.get(best).copied().unwrap_or(Realis::Actual);
                events.push(p.event(kind, realis, &toks, args, conf, "minilm-finetuned"));
            }
        }
        Ok(events)
    }

    /// Events of a prepared text given its per-token layer-4 vectors (`tokens × hidden`,
    /// as [`Encoder::encode`] returns them for layer [`BASE_LAYER`]).
    pub fn extract_prepared(&self, p: &Prepared, raw: &[f32]) -> Result<Vec<Event>, LearnError> {
        if p.tokens.is_empty() {
            return Ok(Vec::new());
        }
        if raw.len() != p.tokens.len() * self.hidden {
            return Err(err(
                "fine-tuned model",
                "token vectors do not match the text",
            ));
        }
        let outs = self.forward_doc(p, raw)?;
        self.decode_doc(
            p,
            &outs,
            None,
            self.config.trigger_bias,
            self.config.arg_bias,
        )
    }

    /// Events found in `text`: the frozen encoder layers 1–4 run with `encoder`, then the
    /// fine-tuned layers and heads.
    pub fn extract(&self, encoder: &Encoder, text: &str) -> Result<Vec<Event>, LearnError> {
        let p = Prepared::new(text);
        if p.tokens.is_empty() {
            return Ok(Vec::new());
        }
        let toks: Vec<&str> = p.tokens.iter().map(|t| t.text.as_str()).collect();
        let raw = encoder.encode(&toks, &p.sents, &[BASE_LAYER])?;
        self.extract_prepared(&p, &raw)
    }

    /// The serialised model: a JSON header, then every tensor in bfloat16.
    pub fn to_bytes(&self) -> Result<Vec<u8>, LearnError> {
        let tensors: Vec<(String, Vec<usize>)> = self
            .weights
            .iter()
            .map(|(k, t)| (k.clone(), t.dims().to_vec()))
            .collect();
        let header = Header {
            config: self.config.clone(),
            roles: self.roles.clone(),
            allowed: self.allowed.clone(),
            hidden: self.hidden,
            heads: self.heads,
            eps: self.eps,
            tensors,
        };
        let json = serde_json::to_vec(&header).map_err(|e| err("header", e))?;
        let mut out = MAGIC.to_vec();
        out.extend((json.len() as u32).to_le_bytes());
        out.extend(json);
        for t in self.weights.values() {
            let v = t
                .flatten_all()
                .and_then(|t| t.to_vec1::<f32>())
                .map_err(|e| err("weights", e))?;
            out.extend(v.iter().flat_map(|x| to_bf16(*x).to_le_bytes()));
        }
        Ok(out)
    }

    /// Reads a model from [`FineTuned::to_bytes`] output.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, LearnError> {
        let bad = |what: &str| LearnError::Format(format!("fine-tuned model: {what}"));
        if bytes.len() < 12 || &bytes[..8] != MAGIC {
            return Err(bad("not a fine-tuned model file"));
        }
        let len = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize;
        let json = bytes
            .get(12..12 + len)
            .ok_or_else(|| bad("truncated header"))?;
        let header: Header = serde_json::from_slice(json).map_err(|e| bad(&e.to_string()))?;
        let mut at = 12 + len;
        let mut weights = BTreeMap::new();
        for (name, shape) in &header.tensors {
            let n: usize = shape.iter().product();
            let data = bytes
                .get(at..at + 2 * n)
                .ok_or_else(|| bad("truncated weights"))?;
            at += 2 * n;
            let v: Vec<f32> = data
                .chunks_exact(2)
                .map(|b| from_bf16(u16::from_le_bytes([b[0], b[1]])))
                .collect();
            let t = Tensor::from_vec(v, shape.as_slice(), &Device::Cpu)
                .map_err(|e| bad(&e.to_string()))?;
            weights.insert(name.clone(), t);
        }
        if header.hidden == 0 || header.heads == 0 || !header.hidden.is_multiple_of(header.heads) {
            return Err(bad("bad dimensions"));
        }
        Ok(FineTuned {
            config: header.config,
            roles: header.roles,
            allowed: header.allowed,
            hidden: header.hidden,
            heads: header.heads,
            eps: header.eps,
            weights,
        })
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Self, LearnError> {
        let bytes = std::fs::read(path).map_err(|e| LearnError::io(path, e))?;
        Self::from_bytes(&bytes)
    }

    /// Writes the model file.
    pub fn save(&self, path: &Path) -> Result<(), LearnError> {
        std::fs::write(path, self.to_bytes()?).map_err(|e| LearnError::io(path, e))
    }
}

/// The bfloat16-rounded input rows of a window.
fn window_input(raw: &[f32], range: &Range<usize>, hidden: usize) -> Result<Tensor, LearnError> {
    let v: Vec<f32> = raw[range.start * hidden..range.end * hidden]
        .iter()
        .map(|x| from_bf16(to_bf16(*x)))
        .collect();
    Tensor::from_vec(v, (range.len(), hidden), &Device::Cpu).map_err(|e| err("input", e))
}

/// Best label sequence under the BIO constraint (`I-c` only after `B-c` or `I-c`) for
/// row-major scores `n × l`, using only `allowed` labels.
pub fn viterbi(scores: &[f32], n: usize, l: usize, allowed: &[bool]) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let ok = |prev: Option<usize>, y: usize| -> bool {
        if !allowed[y] {
            return false;
        }
        if y == 0 || y % 2 == 1 {
            return true;
        }
        // y is I-c: previous must be B-c (y - 1) or I-c (y).
        prev.is_some_and(|p| p == y || p + 1 == y)
    };
    let neg = f32::NEG_INFINITY;
    let mut best = vec![neg; n * l];
    let mut back = vec![0usize; n * l];
    for y in 0..l {
        if ok(None, y) {
            best[y] = scores[y];
        }
    }
    for t in 1..n {
        for y in 0..l {
            let mut b = neg;
            let mut arg = 0;
            for p in 0..l {
                let s = best[(t - 1) * l + p];
                if s > b && ok(Some(p), y) {
                    b = s;
                    arg = p;
                }
            }
            if b > neg {
                best[t * l + y] = b + scores[t * l + y];
                back[t * l + y] = arg;
            }
        }
    }
    let mut y = (0..l)
        .max_by(|a, b| best[(n - 1) * l + a].total_cmp(&best[(n - 1) * l + b]))
        .unwrap_or(0);
    let mut out = vec![0; n];
    for t in (0..n).rev() {
        out[t] = y;
        y = back[t * l + y];
    }
    out
}

/// A training document: tokens, gold triggers, layer-4 vectors and windows.
struct FtDoc<'a> {
    doc: &'a CasieDoc,
    prep: Prepared,
    raw: &'a [f32],
    triggers: Vec<(TriggerSpan, usize)>,
}

fn ft_docs<'a>(docs: &'a [CasieDoc], cache: &'a VectorCache) -> Result<Vec<FtDoc<'a>>, LearnError> {
    let pos = cache
        .layers
        .iter()
        .position(|l| *l == BASE_LAYER)
        .ok_or_else(|| err("vector cache", format!("no layer {BASE_LAYER}")))?;
    if cache.layers.len() != 1 || pos != 0 {
        return Err(err(
            "vector cache",
            format!("expected only layer {BASE_LAYER} (casie-encode --layers {BASE_LAYER})"),
        ));
    }
    docs.iter()
        .map(|doc| {
            let prep = Prepared::new(&doc.text);
            let (n, raw) = cache
                .docs
                .get(&doc.id)
                .ok_or_else(|| err("vector cache", format!("no document {}", doc.id)))?;
            if *n != prep.tokens.len() {
                return Err(err(
                    "vector cache",
                    format!("document {}: re-encode", doc.id),
                ));
            }
            let triggers = gold_triggers(&prep, doc);
            Ok(FtDoc {
                doc,
                prep,
                raw: raw.as_slice(),
                triggers,
            })
        })
        .collect()
}

/// Deterministic N(0, std²) values.
fn normal(rng: &mut Rng, n: usize, std: f32) -> Vec<f32> {
    let mut u = || ((rng.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
    (0..n)
        .map(|_| {
            let (a, b) = (u(), u());
            ((-2.0 * a.ln()).sqrt() * (2.0 * std::f64::consts::PI * b).cos()) as f32 * std
        })
        .collect()
}

/// Scores of one decoding of the dev documents.
fn score(
    model: &FineTuned,
    dev: &[(FtDoc, Vec<WindowOut>)],
    gold: bool,
    tb: f32,
    ab: f32,
) -> Result<Scores, LearnError> {
    let mut s = Scores::default();
    for (d, outs) in dev {
        let g: Vec<TriggerSpan> = d.triggers.iter().map(|(t, _)| t.clone()).collect();
        let events = model.decode_doc(&d.prep, outs, gold.then_some(g.as_slice()), tb, ab)?;
        s.add(d.doc, &events);
    }
    Ok(s)
}

/// Dev scores of a model, with the biases chosen on dev when `tune` is set (trigger bias
/// for trigger-C first, then argument bias for argument-C). Returns the report lines.
pub fn evaluate_finetuned(
    model: &mut FineTuned,
    dev: &[CasieDoc],
    cache: &VectorCache,
    tune: bool,
) -> Result<(Scores, Scores, Vec<String>), LearnError> {
    let docs = ft_docs(dev, cache)?;
    let mut outs = Vec::new();
    for d in docs {
        let o = model.forward_doc(&d.prep, d.raw)?;
        outs.push((d, o));
    }
    let mut lines = Vec::new();
    if tune {
        const GRID: [f32; 6] = [-1.0, 0.0, 1.0, 2.0, 3.0, 4.0];
        // The trigger bias first (for trigger-C), then the argument bias given it.
        for arg in [false, true] {
            let mut best = (f64::MIN, 0.0);
            for &b in &GRID {
                let (tb, ab) = if arg {
                    (model.config.trigger_bias, b)
                } else {
                    (b, model.config.arg_bias)
                };
                let s = score(model, &outs, false, tb, ab)?;
                let which = if arg { "argument" } else { "trigger" };
                lines.push(format!(
                    "{which} bias {b:>4.1}: trigger-C {:.3} argument-C {:.3}",
                    s.trigger_c.f1(),
                    s.argument_c.f1()
                ));
                let f1 = if arg {
                    s.argument_c.f1()
                } else {
                    s.trigger_c.f1()
                };
                if f1 > best.0 {
                    best = (f1, b);
                }
            }
            if arg {
                model.config.arg_bias = best.1;
            } else {
                model.config.trigger_bias = best.1;
            }
        }
    }
    let (tb, ab) = (model.config.trigger_bias, model.config.arg_bias);
    let s = score(model, &outs, false, tb, ab)?;
    let g = score(model, &outs, true, tb, ab)?;
    Ok((s, g, lines))
}

/// Trains the fine-tuned model on `train` (token vectors of layer [`BASE_LAYER`] from
/// `cache`; pretrained weights from the encoder folder `encoder_dir`). After each epoch,
/// when `dev` is given, its scores (biases tuned on dev) are passed to `report`.
pub fn train_finetune(
    train: &[CasieDoc],
    dev: Option<&[CasieDoc]>,
    cache: &VectorCache,
    encoder_dir: &Path,
    config: &FtConfig,
    report: &mut dyn FnMut(&str),
) -> Result<FineTuned, LearnError> {
    let c = |e| err("fine-tuning", e);
    let dev_cpu = Device::Cpu;
    let cfg_path = encoder_dir.join("config.json");
    let bert: crate::encoder::BertConfig = serde_json::from_slice(
        &std::fs::read(&cfg_path).map_err(|e| LearnError::io(&cfg_path, e))?,
    )
    .map_err(|e| err("config.json", e))?;
    let st_path = encoder_dir.join("model.safetensors");
    let pretrained =
        candle_core::safetensors::load(&st_path, &dev_cpu).map_err(|e| err("safetensors", e))?;
    let docs = ft_docs(train, cache)?;
    let roles: Vec<String> = train
        .iter()
        .flat_map(|d| {
            d.events
                .iter()
                .flat_map(|e| e.args.iter().map(|a| a.role.clone()))
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut allowed = vec![vec![false; roles.len()]; SUBTYPES.len()];
    for d in train {
        for e in &d.events {
            for a in &e.args {
                if let Ok(r) = roles.binary_search(&a.role) {
                    allowed[e.subtype][r] = true;
                }
            }
        }
    }
    let h = bert.hidden_size;
    let mut rng = Rng::new(config.seed);
    let mut enc_vars: BTreeMap<String, Var> = BTreeMap::new();
    let mut head_vars: BTreeMap<String, Var> = BTreeMap::new();
    for j in 0..TOP_LAYERS {
        let src = format!("encoder.layer.{}.", BASE_LAYER + j);
        for (name, t) in &pretrained {
            if let Some(rest) = name.strip_prefix(&src) {
                let t = t.to_dtype(DType::F32).map_err(c)?;
                enc_vars.insert(format!("top.{j}.{rest}"), Var::from_tensor(&t).map_err(c)?);
            }
        }
    }
    if enc_vars.len() != 16 * TOP_LAYERS {
        return Err(err("safetensors", "missing encoder layer weights"));
    }
    let la = 1 + 2 * roles.len();
    let arg_in = 3 * h + 2 * config.emb;
    let shapes: Vec<(&str, Vec<usize>, bool)> = vec![
        ("trigger.weight", vec![n_trigger_labels(), h], true),
        ("trigger.bias", vec![n_trigger_labels()], false),
        ("realis.weight", vec![REALIS.len(), h], true),
        ("realis.bias", vec![REALIS.len()], false),
        ("arg.subtype", vec![SUBTYPES.len(), config.emb], true),
        ("arg.distance", vec![DIST_ROWS, config.emb], true),
        ("arg.hidden.weight", vec![config.arg_hidden, arg_in], true),
        ("arg.hidden.bias", vec![config.arg_hidden], false),
        ("arg.out.weight", vec![la, config.arg_hidden], true),
        ("arg.out.bias", vec![la], false),
    ];
    for (name, shape, random) in shapes {
        let n: usize = shape.iter().product();
        let v = if random {
            normal(&mut rng, n, 0.02)
        } else {
            vec![0.0; n]
        };
        let t = Tensor::from_vec(v, shape.as_slice(), &dev_cpu).map_err(c)?;
        head_vars.insert(name.to_string(), Var::from_tensor(&t).map_err(c)?);
    }
    let mut model = FineTuned {
        config: config.clone(),
        roles,
        allowed,
        hidden: h,
        heads: bert.num_attention_heads,
        eps: bert.layer_norm_eps,
        weights: BTreeMap::new(),
    };
    for (k, v) in enc_vars.iter().chain(&head_vars) {
        model.weights.insert(k.clone(), v.as_tensor().clone());
    }
    let params = |lr: f64| ParamsAdamW {
        lr,
        weight_decay: config.weight_decay,
        ..Default::default()
    };
    let mut opt_enc = AdamW::new(
        enc_vars.values().cloned().collect(),
        params(config.lr_encoder),
    )
    .map_err(c)?;
    let mut opt_head = AdamW::new(
        head_vars.values().cloned().collect(),
        params(config.lr_head),
    )
    .map_err(c)?;
    // Training units: (document, window).
    let ones: Vec<Vec<Vec<u32>>> = docs
        .iter()
        .map(|d| vec![vec![0u32]; d.prep.tokens.len()])
        .collect();
    let mut units: Vec<(usize, Range<usize>)> = Vec::new();
    for (di, d) in docs.iter().enumerate() {
        for w in windows(&ones[di], &d.prep.sents, config.window) {
            units.push((di, w));
        }
    }
    let total = (units.len() * config.epochs).max(1);
    let warmup = (units.len() / 10).max(1);
    let mut step = 0usize;
    let dev_cache = dev;
    for epoch in 0..config.epochs {
        let started = std::time::Instant::now();
        rng.shuffle(&mut units);
        let (mut sum_t, mut sum_a, mut count) = (0.0f64, 0.0f64, 0usize);
        for (di, range) in &units {
            let d = &docs[*di];
            let factor = if step < warmup {
                (step + 1) as f64 / warmup as f64
            } else {
                (total - step) as f64 / (total - warmup).max(1) as f64
            };
            opt_enc.set_learning_rate(config.lr_encoder * factor);
            opt_head.set_learning_rate(config.lr_head * factor);
            step += 1;
            let n = range.len();
            let x = window_input(d.raw, range, h)?;
            let states = model.top(&x)?;
            // Trigger labels of the window.
            let mut labels = vec![0usize; n];
            for (t, _) in &d.triggers {
                if t.toks.start >= range.start && t.toks.end <= range.end {
                    mark(
                        &mut labels,
                        t.toks.start - range.start..t.toks.end - range.start,
                        t.subtype,
                    );
                }
            }
            let logits = model.linear(&states, "trigger")?;
            let loss_t = ce(&logits, &labels, n_trigger_labels())?;
            // Argument items: gold triggers of the window, candidates in their sentence.
            let mut items = Vec::new();
            let mut arg_labels: Vec<usize> = Vec::new();
            let mut realis_labels = Vec::new();
            for (t, e) in &d.triggers {
                if t.toks.start < range.start || t.toks.end > range.end {
                    continue;
                }
                let k = d.prep.sent_of[t.toks.start];
                let s = &d.prep.sents[k];
                let cands = s.start.max(range.start)..s.end.min(range.end);
                let mut lab = vec![0usize; cands.len()];
                let events = d.triggers.iter().filter_map(|(o, oe)| {
                    (oe == e || (o.subtype == t.subtype && s.contains(&o.toks.start)))
                        .then_some(*oe)
                });
                for ev in events {
                    for a in &d.doc.events[ev].args {
                        let Some(toks) = d.prep.token_range(a.start, a.end) else {
                            continue;
                        };
                        let Ok(r) = model.roles.binary_search(&a.role) else {
                            continue;
                        };
                        if toks.start >= cands.start && toks.end <= cands.end {
                            mark(
                                &mut lab,
                                toks.start - cands.start..toks.end - cands.start,
                                r,
                            );
                        }
                    }
                }
                arg_labels.extend(lab);
                let rl = &d.doc.events[*e].realis;
                realis_labels.push(match rl.as_str() {
                    "generic" => 1,
                    "other" => 2,
                    _ => 0,
                });
                items.push((
                    t.toks.start - range.start..t.toks.end - range.start,
                    t.subtype,
                    cands.start - range.start..cands.end - range.start,
                ));
            }
            let mut loss = loss_t.clone();
            if !items.is_empty() {
                let (alog, tmean) = model.arg_logits(&states, &items)?;
                let loss_a = ce(&alog, &arg_labels, la)?;
                let rlog = model.linear(&tmean, "realis")?;
                let loss_r = ce(&rlog, &realis_labels, REALIS.len())?;
                sum_a += f64::from(loss_a.to_scalar::<f32>().map_err(c)?);
                let extra = (loss_r * 0.5)
                    .and_then(|r| loss_a + r)
                    .and_then(|x| x * config.arg_weight)
                    .map_err(c)?;
                loss = (loss + extra).map_err(c)?;
            }
            sum_t += f64::from(loss_t.to_scalar::<f32>().map_err(c)?);
            count += 1;
            let grads = loss.backward().map_err(c)?;
            opt_enc.step(&grads).map_err(c)?;
            opt_head.step(&grads).map_err(c)?;
            if count.is_multiple_of(200) {
                report(&format!(
                    "epoch {} step {count}/{}: trigger loss {:.4} argument loss {:.4} ({:.0}s)",
                    epoch + 1,
                    units.len(),
                    sum_t / count as f64,
                    sum_a / count as f64,
                    started.elapsed().as_secs_f64()
                ));
            }
        }
        report(&format!(
            "epoch {} done in {:.0}s: trigger loss {:.4} argument loss {:.4}",
            epoch + 1,
            started.elapsed().as_secs_f64(),
            sum_t / count.max(1) as f64,
            sum_a / count.max(1) as f64
        ));
        if let Some(dev) = dev_cache {
            // Score the weights as they will be stored (bfloat16).
            let mut snapshot = FineTuned::from_bytes(&model.to_bytes()?)?;
            let (s, g, lines) = evaluate_finetuned(&mut snapshot, dev, cache, true)?;
            for l in lines {
                report(&format!("  {l}"));
            }
            report(&format!(
                "epoch {} dev (biases {}/{}): trigger-C {:.3} (P {:.3} R {:.3}) argument-C {:.3} \
                 (P {:.3} R {:.3}); argument-C with gold triggers {:.3}",
                epoch + 1,
                snapshot.config.trigger_bias,
                snapshot.config.arg_bias,
                s.trigger_c.f1(),
                s.trigger_c.precision(),
                s.trigger_c.recall(),
                s.argument_c.f1(),
                s.argument_c.precision(),
                s.argument_c.recall(),
                g.argument_c.f1()
            ));
        }
    }
    // Detach the weights from the training graph.
    let weights = model
        .weights
        .iter()
        .map(|(k, t)| (k.clone(), t.detach()))
        .collect();
    model.weights = weights;
    FineTuned::from_bytes(&model.to_bytes()?)
}

/// Mean cross-entropy of logits `[n, l]` against label ids.
fn ce(logits: &Tensor, labels: &[usize], l: usize) -> Result<Tensor, LearnError> {
    let c = |e| err("loss", e);
    let n = labels.len();
    let mut onehot = vec![0.0f32; n * l];
    for (i, y) in labels.iter().enumerate() {
        onehot[i * l + y] = 1.0 / n as f32;
    }
    let onehot = Tensor::from_vec(onehot, (n, l), logits.device()).map_err(c)?;
    let logp = candle_nn::ops::log_softmax(logits, D::Minus1).map_err(c)?;
    (logp * onehot)
        .and_then(|t| t.sum_all())
        .and_then(|t| t.neg())
        .map_err(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casie::{GoldArg, GoldEvent};
    use std::collections::HashMap;

    /// A folder with a config and random weights of encoder layers 5–6 (hidden 8).
    fn tiny_encoder_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("dossier-ft-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let mut rng = Rng::new(3);
        let (h, i) = (8usize, 16usize);
        let mut t: HashMap<String, Tensor> = HashMap::new();
        let mut put = |name: String, shape: &[usize], rng: &mut Rng| {
            let n: usize = shape.iter().product();
            let v = normal(rng, n, 0.3);
            let v = if name.ends_with("LayerNorm.weight") {
                v.iter().map(|x| 1.0 + x).collect()
            } else {
                v
            };
            t.insert(
                name,
                Tensor::from_vec(v, shape, &Device::Cpu).expect("tensor"),
            );
        };
        for l in [4, 5] {
            let pre = format!("encoder.layer.{l}");
            for (name, out, inp) in crate::encoder::layer_linears(h, i) {
                put(format!("{pre}.{name}.weight"), &[out, inp], &mut rng);
                put(format!("{pre}.{name}.bias"), &[out], &mut rng);
            }
            for n in ["attention.output.LayerNorm", "output.LayerNorm"] {
                put(format!("{pre}.{n}.weight"), &[h], &mut rng);
                put(format!("{pre}.{n}.bias"), &[h], &mut rng);
            }
        }
        candle_core::safetensors::save(&t, dir.join("model.safetensors")).expect("save");
        let config = r#"{"vocab_size": 12, "hidden_size": 8, "num_hidden_layers": 6,
            "num_attention_heads": 2, "intermediate_size": 16, "max_position_embeddings": 64,
            "type_vocab_size": 2, "layer_norm_eps": 1e-12}"#;
        std::fs::write(dir.join("config.json"), config).expect("config");
        dir
    }

    fn tiny_doc(id: &str, text: &str, trigger: &str, arg: (&str, &str)) -> CasieDoc {
        let at = |needle: &str| {
            let byte = text.find(needle).expect("needle");
            let start = text[..byte].chars().count();
            (start, start + needle.chars().count())
        };
        let (start, end) = at(trigger);
        let (a0, a1) = at(arg.1);
        CasieDoc {
            id: id.into(),
            text: text.into(),
            events: vec![GoldEvent {
                subtype: 0,
                realis: "actual".into(),
                start,
                end,
                args: vec![GoldArg {
                    role: arg.0.into(),
                    start: a0,
                    end: a1,
                }],
            }],
        }
    }

    #[test]
    fn training_is_deterministic_and_the_model_round_trips() {
        let dir = tiny_encoder_dir();
        let docs = vec![
            tiny_doc(
                "a",
                "Hackers stole data from Acme.",
                "stole",
                ("victim", "Acme"),
            ),
            tiny_doc(
                "b",
                "Criminals stole files. Nobody paid.",
                "stole",
                ("attacker", "Criminals"),
            ),
        ];
        let mut cache = VectorCache {
            layers: vec![BASE_LAYER],
            hidden: 8,
            ..Default::default()
        };
        let mut rng = Rng::new(9);
        for d in &docs {
            let n = Prepared::new(&d.text).tokens.len();
            cache
                .docs
                .insert(d.id.clone(), (n, normal(&mut rng, n * 8, 1.0)));
        }
        let config = FtConfig {
            epochs: 2,
            arg_hidden: 8,
            emb: 4,
            ..FtConfig::default()
        };
        let mut quiet = |_: &str| {};
        let a =
            train_finetune(&docs, Some(&docs), &cache, &dir, &config, &mut quiet).expect("trains");
        let b = train_finetune(&docs, None, &cache, &dir, &config, &mut quiet).expect("trains");
        std::fs::remove_dir_all(&dir).ok();
        let bytes = a.to_bytes().expect("bytes");
        assert_eq!(bytes, b.to_bytes().expect("bytes"), "same seed, same model");
        let c = FineTuned::from_bytes(&bytes).expect("reads back");
        assert_eq!(c.to_bytes().expect("bytes"), bytes);
        let p = Prepared::new(&docs[0].text);
        let raw = &cache.docs["a"].1;
        let events = c.extract_prepared(&p, raw).expect("extracts");
        assert!(events.iter().all(|e| e.trigger.end <= docs[0].text.len()));
        assert!(
            c.extract_prepared(&p, &raw[..8]).is_err(),
            "wrong vector count"
        );
        assert!(FineTuned::from_bytes(b"not a model").is_err());
    }

    #[test]
    fn viterbi_keeps_bio_valid() {
        // Three labels: O, B-0, I-0. Token 0 prefers I-0 (invalid at the start).
        let scores = [0.0, 0.5, 1.0, 0.0, 0.1, 2.0];
        let labels = viterbi(&scores, 2, 3, &[true; 3]);
        assert_eq!(labels, vec![1, 2]);
        // Disallowing the class forces O.
        assert_eq!(viterbi(&scores, 2, 3, &[true, false, false]), vec![0, 0]);
    }
}
