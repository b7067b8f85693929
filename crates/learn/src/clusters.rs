//! Word clusters induced from raw text by bisecting k-means over neighbour contexts.
//!
//! Each frequent word is described by the words seen just left and right of it (among the
//! most frequent ones); the vocabulary is split in two again and again, so every word gets a
//! bit path like a Brown cluster, and path prefixes act as coarse-to-fine word classes.

use std::collections::BTreeMap;

use crate::features::ClusterLookup;

/// Word → bit path (MSB first) and its length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clusters {
    /// Sorted by word for binary search.
    pub(crate) entries: Vec<(String, u64, u8)>,
}

impl ClusterLookup for Clusters {
    fn cluster(&self, lower: &str) -> Option<(u64, u8)> {
        self.entries
            .binary_search_by(|(w, _, _)| w.as_str().cmp(lower))
            .ok()
            .map(|i| (self.entries[i].1, self.entries[i].2))
    }
}

/// Settings for cluster induction.
#[derive(Debug, Clone, Copy)]
pub struct ClusterConfig {
    /// Minimum count for a word to be clustered.
    pub min_count: usize,
    /// Number of frequent words used as context dimensions.
    pub context_words: usize,
    /// Maximum depth of the bisection tree (path length).
    pub depth: u8,
    /// k-means iterations per split.
    pub iterations: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            min_count: 3,
            context_words: 600,
            depth: 12,
            iterations: 8,
        }
    }
}

type Sparse = Vec<(u32, f32)>;

fn dot(a: &Sparse, c: &[f32]) -> f32 {
    a.iter().map(|(i, v)| v * c[*i as usize]).sum()
}

fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Induces clusters from sentences of lower-cased tokens.
pub fn induce(sentences: &[Vec<String>], cfg: &ClusterConfig) -> Clusters {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for s in sentences {
        for w in s {
            *counts.entry(w.as_str()).or_default() += 1;
        }
    }
    // Frequency order, ties alphabetical: deterministic ids.
    let mut by_freq: Vec<(&str, usize)> = counts.iter().map(|(w, c)| (*w, *c)).collect();
    by_freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let vocab: Vec<&str> = by_freq
        .iter()
        .take_while(|(_, c)| *c >= cfg.min_count)
        .map(|(w, _)| *w)
        .collect();
    let index: BTreeMap<&str, usize> = vocab.iter().enumerate().map(|(i, w)| (*w, i)).collect();
    let n_ctx = cfg.context_words.min(vocab.len());
    let dims = 2 * (n_ctx + 1);
    let ctx_dim = |w: Option<&String>, side: usize| -> u32 {
        let id = w
            .and_then(|w| index.get(w.as_str()))
            .copied()
            .filter(|i| *i < n_ctx);
        (side * (n_ctx + 1) + id.unwrap_or(n_ctx)) as u32
    };
    let mut raw: Vec<BTreeMap<u32, f32>> = vec![BTreeMap::new(); vocab.len()];
    for s in sentences {
        for (i, w) in s.iter().enumerate() {
            let Some(&id) = index.get(w.as_str()) else {
                continue;
            };
            let left = i.checked_sub(1).and_then(|j| s.get(j));
            *raw[id].entry(ctx_dim(left, 0)).or_default() += 1.0;
            *raw[id].entry(ctx_dim(s.get(i + 1), 1)).or_default() += 1.0;
        }
    }
    let vectors: Vec<Sparse> = raw
        .into_iter()
        .map(|m| {
            let mut v: Sparse = m.into_iter().map(|(k, c)| (k, (1.0 + c).ln())).collect();
            let n = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
            v.iter_mut().for_each(|(_, x)| *x /= n.max(1e-9));
            v
        })
        .collect();
    let mut paths = vec![(0u64, 0u8); vocab.len()];
    let all: Vec<usize> = (0..vocab.len()).collect();
    split(&vectors, dims, all, 0, cfg, &mut paths);
    let mut entries: Vec<(String, u64, u8)> = vocab
        .iter()
        .zip(paths)
        .map(|(w, (bits, len))| (w.to_string(), bits, len))
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Clusters { entries }
}

/// Recursively bisects `members` (ids in frequency order), appending one bit per level.
fn split(
    vectors: &[Sparse],
    dims: usize,
    members: Vec<usize>,
    depth: u8,
    cfg: &ClusterConfig,
    paths: &mut [(u64, u8)],
) {
    if depth >= cfg.depth || members.len() < 4 {
        return;
    }
    let dense = |i: usize| {
        let mut c = vec![0.0f32; dims];
        for (k, v) in &vectors[i] {
            c[*k as usize] = *v;
        }
        c
    };
    // Seeds: the most frequent member and the member least like it.
    let first = members[0];
    let c0 = dense(first);
    let far = members
        .iter()
        .copied()
        .min_by(|a, b| {
            dot(&vectors[*a], &c0)
                .partial_cmp(&dot(&vectors[*b], &c0))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .unwrap_or(first);
    let mut cents = [c0, dense(far)];
    let mut side = vec![false; members.len()];
    for _ in 0..cfg.iterations {
        for (k, &m) in members.iter().enumerate() {
            side[k] = dot(&vectors[m], &cents[1]) > dot(&vectors[m], &cents[0]);
        }
        let mut sums = [vec![0.0f32; dims], vec![0.0f32; dims]];
        for (k, &m) in members.iter().enumerate() {
            for (d, v) in &vectors[m] {
                sums[usize::from(side[k])][*d as usize] += v;
            }
        }
        for s in &mut sums {
            normalise(s);
        }
        cents = sums;
    }
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for (k, &m) in members.iter().enumerate() {
        let bit = u64::from(side[k]);
        paths[m].0 |= bit << (63 - u32::from(depth));
        paths[m].1 = depth + 1;
        if side[k] {
            right.push(m);
        } else {
            left.push(m);
        }
    }
    if left.is_empty() || right.is_empty() {
        return;
    }
    split(vectors, dims, left, depth + 1, cfg, paths);
    split(vectors, dims, right, depth + 1, cfg, paths);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<Vec<String>> {
        text.split('.')
            .map(|s| s.split_whitespace().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn words_in_the_same_contexts_share_a_cluster() {
        let mut text = String::new();
        for _ in 0..5 {
            text.push_str("the hackers stole data . the criminals stole data . ");
            text.push_str("we patched the flaw quickly . we fixed the flaw quickly . ");
        }
        let c = induce(
            &sents(&text),
            &ClusterConfig {
                min_count: 2,
                depth: 3,
                ..Default::default()
            },
        );
        let top = |w: &str| c.cluster(w).map(|(bits, _)| bits >> 62);
        assert!(top("hackers").is_some());
        assert_eq!(top("hackers"), top("criminals"));
        assert_eq!(top("patched"), top("fixed"));
        assert_eq!(c.cluster("unseen"), None);
    }
}
