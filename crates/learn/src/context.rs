//! Contextual token vectors as features, and their on-disk cache.
//!
//! The vectors come from the MiniLM encoder ([`crate::encoder`], feature `encoder`); this
//! module only stores and uses them, so training from a cache needs no candle. A model
//! with contextual features ([`ContextConfig`]) reads, per token, the mean of the chosen
//! encoder layers and turns it into
//! * **quantised features**: the token's leaf in a bisecting k-means tree over training
//!   vectors, as bit-path prefixes (coarse to fine), for the token and its neighbours —
//!   sparse features like the word clusters, so every conjunction the taggers build
//!   (× subtype, × side of the trigger) applies to them too;
//! * **dense features**: the L2-normalised vector, scaled, scored against per-label weight
//!   vectors ([`crate::perceptron::SeqWeights::dense`]); for arguments also the elementwise
//!   product of candidate and trigger vectors.

use std::collections::BTreeMap;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use crate::LearnError;
use crate::features::{Feat, Hasher};

/// How a model uses contextual vectors; stored in the model file. The default is the
/// shipped configuration (chosen on CASIE dev, docs/extraction.md): layers 4–6, a tree of
/// depth 10, dense scales 4 (triggers) and 12 (arguments).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContextConfig {
    /// Encoder layers averaged into a token's vector, as a bit set (bit 1 = first layer,
    /// bit 6 = last).
    pub layer_mask: u8,
    /// Depth of the k-means tree for quantised features (0 = none).
    pub tree_depth: u8,
    /// Scale of the dense trigger features (0 = none).
    pub dense_trigger: f32,
    /// Scale of the dense argument features (0 = none).
    pub dense_arg: f32,
}

impl Default for ContextConfig {
    fn default() -> Self {
        ContextConfig {
            layer_mask: (1 << 4) | (1 << 5) | (1 << 6),
            tree_depth: 10,
            dense_trigger: 4.0,
            dense_arg: 12.0,
        }
    }
}

impl ContextConfig {
    /// The layers in [`Self::layer_mask`], ascending.
    pub fn layers(&self) -> Vec<usize> {
        (0..8).filter(|l| self.layer_mask & (1 << l) != 0).collect()
    }

    /// Path-prefix lengths emitted as features: every second depth from 4 (or the full
    /// depth when shallower).
    pub fn prefixes(&self) -> Vec<u8> {
        let mut out: Vec<u8> = (4..=self.tree_depth).step_by(2).collect();
        if out.last() != Some(&self.tree_depth) && self.tree_depth > 0 {
            out.push(self.tree_depth);
        }
        out
    }
}

/// Per-token contextual vectors of one document: `n × dim` values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenVectors {
    /// Width of one vector.
    pub dim: usize,
    /// Row-major values.
    pub data: Vec<f32>,
}

impl TokenVectors {
    /// Vector of token `i`.
    pub fn row(&self, i: usize) -> &[f32] {
        &self.data[i * self.dim..(i + 1) * self.dim]
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.data.len().checked_div(self.dim).unwrap_or(0)
    }

    /// Whether there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The mean of the given cached layers (`layers` index into `stored`, the layer ids of
    /// `raw`, each `hidden` wide), L2-normalised per token. Values are first rounded to
    /// bfloat16, the precision of [`VectorCache`] files, so a model sees the same vectors
    /// whether they come from a cache or straight from the encoder.
    pub fn from_layers(raw: &[f32], stored: &[usize], hidden: usize, layers: &[usize]) -> Self {
        let width = stored.len() * hidden;
        let n = raw.len().checked_div(width).unwrap_or(0);
        let picks: Vec<usize> = layers
            .iter()
            .filter_map(|l| stored.iter().position(|s| s == l))
            .collect();
        let mut data = vec![0.0f32; n * hidden];
        for t in 0..n {
            let dst = &mut data[t * hidden..(t + 1) * hidden];
            for &p in &picks {
                let src = &raw[t * width + p * hidden..][..hidden];
                dst.iter_mut()
                    .zip(src)
                    .for_each(|(d, s)| *d += from_bf16(to_bf16(*s)));
            }
            normalise(dst);
        }
        TokenVectors { dim: hidden, data }
    }
}

/// Scales a vector to unit length (zero vectors stay zero).
pub fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// A bisecting k-means tree over unit vectors: each inner node splits by the nearer of two
/// centroids, so a vector's path is a bit string whose prefixes are nested clusters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VectorTree {
    /// Vector width.
    pub dim: usize,
    /// Nodes in heap order (node `k` has children `2k+1`, `2k+2`): the two centroids of its
    /// split, `2 × dim` values, or empty for a leaf.
    pub nodes: Vec<Vec<f32>>,
}

impl VectorTree {
    /// Grows a tree of depth `depth` over `vectors` (rows of width `dim`) with a fixed
    /// number of k-means iterations per split; deterministic.
    pub fn grow(vectors: &[f32], dim: usize, depth: u8, iterations: usize) -> Self {
        let n = vectors.len().checked_div(dim).unwrap_or(0);
        let size = (1usize << (depth as usize + 1)) - 1;
        let mut nodes = vec![Vec::new(); size];
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); size];
        members[0] = (0..n).collect();
        let inner = (1usize << depth) - 1;
        for k in 0..inner {
            let ids = std::mem::take(&mut members[k]);
            if ids.len() < 4 {
                continue;
            }
            let row = |i: usize| &vectors[i * dim..(i + 1) * dim];
            // Seeds: the member farthest from the mean and the one farthest from it.
            let mut mean = vec![0.0f32; dim];
            for &i in &ids {
                mean.iter_mut().zip(row(i)).for_each(|(m, x)| *m += x);
            }
            let far = |from: &[f32]| {
                ids.iter()
                    .copied()
                    .min_by(|a, b| dot(row(*a), from).total_cmp(&dot(row(*b), from)))
                    .unwrap_or(ids[0])
            };
            let a = far(&mean);
            let b = far(row(a));
            let mut c = [row(a).to_vec(), row(b).to_vec()];
            let mut side = vec![false; ids.len()];
            for _ in 0..iterations {
                for (s, &i) in side.iter_mut().zip(&ids) {
                    *s = dot(row(i), &c[1]) > dot(row(i), &c[0]);
                }
                let mut sums = [vec![0.0f32; dim], vec![0.0f32; dim]];
                for (s, &i) in side.iter().zip(&ids) {
                    let dst = &mut sums[usize::from(*s)];
                    dst.iter_mut().zip(row(i)).for_each(|(d, x)| *d += x);
                }
                for (ci, mut sum) in sums.into_iter().enumerate() {
                    if sum.iter().any(|x| *x != 0.0) {
                        normalise(&mut sum);
                        c[ci] = sum;
                    }
                }
            }
            for (s, &i) in side.iter().zip(&ids) {
                members[2 * k + 1 + usize::from(*s)].push(i);
            }
            nodes[k] = [c[0].as_slice(), c[1].as_slice()].concat();
        }
        VectorTree { dim, nodes }
    }

    /// The path of a vector: bits (MSB first) and length.
    pub fn path(&self, v: &[f32]) -> (u64, u8) {
        let (mut k, mut bits, mut len) = (0usize, 0u64, 0u8);
        while let Some(node) = self.nodes.get(k).filter(|n| !n.is_empty()) {
            let (c0, c1) = node.split_at(self.dim);
            let right = dot(v, c1) > dot(v, c0);
            bits = (bits << 1) | u64::from(right);
            len += 1;
            k = 2 * k + 1 + usize::from(right);
        }
        let bits = if len == 0 { 0 } else { bits << (64 - len) };
        (bits, len)
    }
}

/// Quantised contextual features of every token of a document, indexed by token: path
/// prefixes of the token (× its lower form for the coarsest) and of its neighbours ±1
/// within the sentence.
pub fn tree_features(
    paths: &[(u64, u8)],
    sent_of: &[usize],
    lowers: &[&str],
    prefixes: &[u8],
) -> Vec<Vec<Feat>> {
    let prefix = |(bits, len): (u64, u8), p: u8| {
        let l = p.min(len);
        if l == 0 {
            0
        } else {
            bits >> (64 - u32::from(l))
        }
    };
    (0..paths.len())
        .map(|i| {
            let mut out = Vec::with_capacity(prefixes.len() * 3 + 2);
            for off in -1isize..=1 {
                let j = i as isize + off;
                if j < 0 || j as usize >= paths.len() || sent_of[j as usize] != sent_of[i] {
                    continue;
                }
                let j = j as usize;
                for &p in prefixes {
                    out.push(
                        Hasher::new(120)
                            .n(off as u64)
                            .n(u64::from(p))
                            .n(prefix(paths[j], p))
                            .f(),
                    );
                }
            }
            if let Some(&p) = prefixes.first() {
                out.push(Hasher::new(121).n(prefix(paths[i], p)).s(lowers[i]).f());
            }
            if prefixes.len() >= 2 {
                let p = prefixes[prefixes.len() / 2];
                out.push(Hasher::new(122).n(prefix(paths[i], p)).s(lowers[i]).f());
            }
            out
        })
        .collect()
}

const CACHE_MAGIC: &[u8; 8] = b"DSLCTXV1";

/// Rounds an `f32` to bfloat16 bits (round to nearest even).
pub fn to_bf16(x: f32) -> u16 {
    let b = x.to_bits();
    let round = 0x7fff + ((b >> 16) & 1);
    (b.wrapping_add(round) >> 16) as u16
}

/// The `f32` value of bfloat16 bits.
pub fn from_bf16(b: u16) -> f32 {
    f32::from_bits(u32::from(b) << 16)
}

/// Encoder outputs of many documents, as written by `casie-encode`: per document id, the
/// per-token vectors of the stored layers (bfloat16 on disk).
#[derive(Debug, Clone, Default)]
pub struct VectorCache {
    /// Layer ids stored, in order.
    pub layers: Vec<usize>,
    /// Width of one layer.
    pub hidden: usize,
    /// Per document id: token count and the raw `tokens × layers × hidden` values.
    pub docs: BTreeMap<String, (usize, Vec<f32>)>,
}

impl VectorCache {
    /// Writes the cache.
    pub fn save(&self, path: &Path) -> Result<(), LearnError> {
        let file = std::fs::File::create(path).map_err(|e| LearnError::io(path, e))?;
        let mut w = BufWriter::new(file);
        let mut put = |bytes: &[u8]| w.write_all(bytes).map_err(|e| LearnError::io(path, e));
        put(CACHE_MAGIC)?;
        put(&(self.hidden as u32).to_le_bytes())?;
        put(&(self.layers.len() as u32).to_le_bytes())?;
        for l in &self.layers {
            put(&(*l as u32).to_le_bytes())?;
        }
        put(&(self.docs.len() as u32).to_le_bytes())?;
        for (id, (n, data)) in &self.docs {
            put(&(id.len() as u32).to_le_bytes())?;
            put(id.as_bytes())?;
            put(&(*n as u32).to_le_bytes())?;
            let bytes: Vec<u8> = data
                .iter()
                .flat_map(|x| to_bf16(*x).to_le_bytes())
                .collect();
            put(&bytes)?;
        }
        w.flush().map_err(|e| LearnError::io(path, e))
    }

    /// Reads a cache.
    pub fn load(path: &Path) -> Result<Self, LearnError> {
        let file = std::fs::File::open(path).map_err(|e| LearnError::io(path, e))?;
        let mut r = BufReader::new(file);
        let bad = |what: &str| LearnError::Format(format!("{}: {what}", path.display()));
        let mut magic = [0u8; 8];
        r.read_exact(&mut magic)
            .map_err(|e| LearnError::io(path, e))?;
        if &magic != CACHE_MAGIC {
            return Err(bad("not a vector cache"));
        }
        let read_u32 = |r: &mut BufReader<std::fs::File>| -> Result<usize, LearnError> {
            let mut b = [0u8; 4];
            r.read_exact(&mut b).map_err(|e| LearnError::io(path, e))?;
            Ok(u32::from_le_bytes(b) as usize)
        };
        let hidden = read_u32(&mut r)?;
        let n_layers = read_u32(&mut r)?;
        let layers = (0..n_layers)
            .map(|_| read_u32(&mut r))
            .collect::<Result<Vec<_>, _>>()?;
        let n_docs = read_u32(&mut r)?;
        let mut docs = BTreeMap::new();
        for _ in 0..n_docs {
            let len = read_u32(&mut r)?;
            let mut id = vec![0u8; len];
            r.read_exact(&mut id).map_err(|e| LearnError::io(path, e))?;
            let id = String::from_utf8(id).map_err(|_| bad("document id not UTF-8"))?;
            let n = read_u32(&mut r)?;
            let mut bytes = vec![0u8; n * n_layers * hidden * 2];
            r.read_exact(&mut bytes)
                .map_err(|e| LearnError::io(path, e))?;
            let data = bytes
                .chunks_exact(2)
                .map(|b| from_bf16(u16::from_le_bytes([b[0], b[1]])))
                .collect();
            docs.insert(id, (n, data));
        }
        Ok(VectorCache {
            layers,
            hidden,
            docs,
        })
    }

    /// The vectors of one document as a model configured with `layers` reads them.
    pub fn vectors(&self, id: &str, layers: &[usize]) -> Option<TokenVectors> {
        let (_, raw) = self.docs.get(id)?;
        Some(TokenVectors::from_layers(
            raw,
            &self.layers,
            self.hidden,
            layers,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bf16_round_trips_closely() {
        for x in [0.0f32, 1.0, -2.5, 0.123_456, 1234.5] {
            let y = from_bf16(to_bf16(x));
            assert!((x - y).abs() <= x.abs() / 128.0, "{x} -> {y}");
        }
    }

    #[test]
    fn tree_separates_two_directions() {
        // Two tight groups around orthogonal directions.
        let mut v = Vec::new();
        for k in 0..20 {
            let e = k as f32 * 0.001;
            if k % 2 == 0 {
                v.extend([1.0, e, 0.0]);
            } else {
                v.extend([0.0, e, 1.0]);
            }
        }
        let tree = VectorTree::grow(&v, 3, 2, 4);
        let (a, la) = tree.path(&[1.0, 0.0, 0.0]);
        let (b, lb) = tree.path(&[0.0, 0.0, 1.0]);
        assert!(la >= 1 && lb >= 1);
        assert_ne!(a >> 63, b >> 63, "first split separates the groups");
    }

    #[test]
    fn layer_mean_is_normalised() {
        // Two tokens, two stored layers (1 and 2), hidden 2.
        let raw = [1.0, 0.0, 0.0, 1.0, 3.0, 0.0, 1.0, 0.0];
        let tv = TokenVectors::from_layers(&raw, &[1, 2], 2, &[1, 2]);
        assert_eq!(tv.len(), 2);
        let r = tv.row(0);
        assert!((r[0] - r[1]).abs() < 1e-6 && (r[0] * r[0] + r[1] * r[1] - 1.0).abs() < 1e-5);
        let only2 = TokenVectors::from_layers(&raw, &[1, 2], 2, &[2]);
        assert_eq!(only2.row(1), &[1.0, 0.0]);
    }
}
