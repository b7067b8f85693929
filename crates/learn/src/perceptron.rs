//! Averaged structured perceptron over BIO label sequences, with hashed weights.
//!
//! Labels are `O` (0) and, for class `c`, `B-c` (1 + 2c) and `I-c` (2 + 2c). Decoding is
//! Viterbi under the BIO constraint (an `I-c` only continues a `B-c`/`I-c`) and an
//! optional per-instance mask of allowed classes.

use crate::features::{Feat, mix};

/// Where a (feature, label) weight lives in the hashed table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// Every (feature, label) pair hashed on its own (models before format version 4).
    /// Scoring a token reads one random slot per feature *and label*: with 55 argument
    /// labels, almost every read is a cache miss.
    Pairs,
    /// A feature's labels side by side from one hashed base slot (wrapping at the end
    /// of the table): one cache-friendly run per feature. Two pairs collide as often as
    /// with [`Layout::Pairs`], so accuracy is the same up to hashing noise.
    #[default]
    Blocks,
}

/// The slot of (feature, label) in a table of `2^bits` weights under the
/// [`Layout::Pairs`] layout.
#[inline]
pub fn slot(f: Feat, label: usize, bits: u32) -> usize {
    (mix(f ^ (label as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> (64 - bits)) as usize
}

/// The first slot of a feature's run of labels under the [`Layout::Blocks`] layout.
#[inline]
pub fn block_base(f: Feat, bits: u32) -> usize {
    (mix(f) >> (64 - bits)) as usize
}

/// Label id of `B-c`.
pub fn b_label(c: usize) -> usize {
    1 + 2 * c
}

/// Label id of `I-c`.
pub fn i_label(c: usize) -> usize {
    2 + 2 * c
}

/// The class of a non-O label.
pub fn class_of(label: usize) -> Option<usize> {
    (label > 0).then(|| (label - 1) / 2)
}

fn is_inside(label: usize) -> bool {
    label > 0 && label.is_multiple_of(2)
}

/// Whether `label` may follow `prev` (`None` = sequence start) under BIO.
pub fn may_follow(prev: Option<usize>, label: usize) -> bool {
    if !is_inside(label) {
        return true;
    }
    prev.is_some_and(|p| p != 0 && class_of(p) == class_of(label))
}

/// The weights of a sequence (or, with length-1 sequences, multiclass) model.
#[derive(Debug, Clone, PartialEq)]
pub struct SeqWeights {
    /// Number of labels (1 + 2 × classes for BIO models).
    pub n_labels: usize,
    /// log2 of the hashed table size.
    pub bits: u32,
    /// Hashed emission weights.
    pub table: Vec<f32>,
    /// Transition weights, `(n_labels + 1) × n_labels`; row `n_labels` is the start.
    pub trans: Vec<f32>,
    /// Width of the dense (real-valued) input per token; 0 = sparse only.
    pub dense_dim: usize,
    /// Dense weights, `n_labels × dense_dim`: a token's score for a label adds the dot
    /// product of its dense input with the label's row.
    pub dense: Vec<f32>,
    /// How (feature, label) pairs map to `table` slots.
    pub layout: Layout,
}

impl SeqWeights {
    /// Zero weights.
    pub fn new(n_labels: usize, bits: u32) -> Self {
        SeqWeights {
            n_labels,
            bits,
            table: vec![0.0; 1 << bits],
            trans: vec![0.0; (n_labels + 1) * n_labels],
            dense_dim: 0,
            dense: Vec::new(),
            layout: Layout::default(),
        }
    }

    /// The slot of (feature, label).
    #[inline]
    pub fn slot(&self, f: Feat, label: usize) -> usize {
        match self.layout {
            Layout::Pairs => slot(f, label, self.bits),
            Layout::Blocks => (block_base(f, self.bits) + label) & (self.table.len() - 1),
        }
    }

    /// Adds the weights of `feats` to `acc` (`n_labels` wide) for the `allowed` labels
    /// (blocks: for all of them, a contiguous run costs no more).
    fn add_scores(&self, feats: &[Feat], allowed: Option<&[bool]>, acc: &mut [f32]) {
        let l = self.n_labels;
        match self.layout {
            Layout::Pairs => {
                for (label, a) in acc.iter_mut().enumerate() {
                    if allowed.is_some_and(|ok| !ok[label]) {
                        continue;
                    }
                    *a += feats
                        .iter()
                        .map(|&f| self.table[slot(f, label, self.bits)])
                        .sum::<f32>();
                }
            }
            Layout::Blocks => {
                for &f in feats {
                    let base = block_base(f, self.bits);
                    match self.table.get(base..base + l) {
                        Some(run) => acc.iter_mut().zip(run).for_each(|(a, w)| *a += w),
                        None => {
                            for (label, a) in acc.iter_mut().enumerate() {
                                *a += self.table[self.slot(f, label)];
                            }
                        }
                    }
                }
            }
        }
    }

    /// Zero weights with a dense input of width `dense_dim`.
    pub fn with_dense(n_labels: usize, bits: u32, dense_dim: usize) -> Self {
        SeqWeights {
            dense_dim,
            dense: vec![0.0; n_labels * dense_dim],
            ..Self::new(n_labels, bits)
        }
    }

    /// Emission scores, `tokens × n_labels`, for the allowed labels (others −∞).
    pub fn emissions(&self, feats: &[Vec<Feat>], allowed: &[bool]) -> Vec<f32> {
        self.emissions_with(feats, None, allowed)
    }

    /// Emission scores with optional dense inputs (`tokens × dense_dim`, ignored when the
    /// weights have no dense part).
    pub fn emissions_with(
        &self,
        feats: &[Vec<Feat>],
        dense: Option<&[f32]>,
        allowed: &[bool],
    ) -> Vec<f32> {
        let l = self.n_labels;
        let d = self.dense_dim;
        let dense = dense.filter(|x| d > 0 && x.len() == feats.len() * d);
        let mut out = vec![0.0f32; feats.len() * l];
        for (t, fs) in feats.iter().enumerate() {
            let row = &mut out[t * l..(t + 1) * l];
            self.add_scores(fs, Some(allowed), row);
            for (label, score) in row.iter_mut().enumerate() {
                if !allowed[label] {
                    *score = f32::NEG_INFINITY;
                } else if let Some(x) = dense {
                    *score += dot(
                        &x[t * d..(t + 1) * d],
                        &self.dense[label * d..(label + 1) * d],
                    );
                }
            }
        }
        out
    }

    fn trans_score(&self, prev: Option<usize>, label: usize) -> f32 {
        self.trans[prev.unwrap_or(self.n_labels) * self.n_labels + label]
    }

    /// The best label sequence for precomputed emission scores.
    pub fn viterbi(&self, emit: &[f32]) -> Vec<usize> {
        let l = self.n_labels;
        let n = emit.len() / l;
        if n == 0 {
            return Vec::new();
        }
        let mut score = vec![f32::NEG_INFINITY; n * l];
        let mut back = vec![0usize; n * l];
        for label in 0..l {
            if may_follow(None, label) {
                score[label] = emit[label] + self.trans_score(None, label);
            }
        }
        for t in 1..n {
            for label in 0..l {
                let e = emit[t * l + label];
                if e == f32::NEG_INFINITY {
                    continue;
                }
                let mut best = f32::NEG_INFINITY;
                let mut arg = 0;
                for prev in 0..l {
                    let s = score[(t - 1) * l + prev];
                    if s == f32::NEG_INFINITY || !may_follow(Some(prev), label) {
                        continue;
                    }
                    let s = s + self.trans_score(Some(prev), label);
                    if s > best {
                        best = s;
                        arg = prev;
                    }
                }
                score[t * l + label] = best + e;
                back[t * l + label] = arg;
            }
        }
        let mut last = 0;
        let mut best = f32::NEG_INFINITY;
        for label in 0..l {
            if score[(n - 1) * l + label] > best {
                best = score[(n - 1) * l + label];
                last = label;
            }
        }
        let mut path = vec![0; n];
        path[n - 1] = last;
        for t in (1..n).rev() {
            path[t - 1] = back[t * l + path[t]];
        }
        path
    }

    /// Decodes a sequence of token feature lists.
    pub fn decode(&self, feats: &[Vec<Feat>], allowed: &[bool]) -> (Vec<usize>, Vec<f32>) {
        self.decode_biased(feats, allowed, 0.0)
    }

    /// Decodes with `o_bias` subtracted from every `O` score: a positive bias trades
    /// precision for recall.
    pub fn decode_biased(
        &self,
        feats: &[Vec<Feat>],
        allowed: &[bool],
        o_bias: f32,
    ) -> (Vec<usize>, Vec<f32>) {
        self.decode_dense(feats, None, allowed, o_bias)
    }

    /// [`Self::decode_biased`] with optional dense inputs (see [`Self::emissions_with`]).
    pub fn decode_dense(
        &self,
        feats: &[Vec<Feat>],
        dense: Option<&[f32]>,
        allowed: &[bool],
        o_bias: f32,
    ) -> (Vec<usize>, Vec<f32>) {
        let mut emit = self.emissions_with(feats, dense, allowed);
        if o_bias != 0.0 {
            emit.iter_mut()
                .step_by(self.n_labels)
                .for_each(|e| *e -= o_bias);
        }
        (self.viterbi(&emit), emit)
    }
}

/// Averaged-perceptron training state for one [`SeqWeights`].
pub struct Trainer {
    weights: SeqWeights,
    /// Sum of `time × update` per weight, for lazy averaging.
    acc_table: Vec<f32>,
    acc_trans: Vec<f32>,
    acc_dense: Vec<f32>,
    /// Instances seen so far (the averaging clock).
    time: f32,
}

impl Trainer {
    /// A trainer with zero weights.
    pub fn new(n_labels: usize, bits: u32) -> Self {
        Self::with_dense(n_labels, bits, 0)
    }

    /// A trainer with zero weights and a dense input of width `dense_dim`.
    pub fn with_dense(n_labels: usize, bits: u32, dense_dim: usize) -> Self {
        Self::with_layout(n_labels, bits, dense_dim, Layout::default())
    }

    /// A trainer with zero weights, a dense input of width `dense_dim` and the given
    /// table layout.
    pub fn with_layout(n_labels: usize, bits: u32, dense_dim: usize, layout: Layout) -> Self {
        let weights = SeqWeights {
            layout,
            ..SeqWeights::with_dense(n_labels, bits, dense_dim)
        };
        Trainer {
            acc_table: vec![0.0; weights.table.len()],
            acc_trans: vec![0.0; weights.trans.len()],
            acc_dense: vec![0.0; weights.dense.len()],
            weights,
            time: 1.0,
        }
    }

    /// The current (unaveraged) weights.
    pub fn weights(&self) -> &SeqWeights {
        &self.weights
    }

    fn bump_table(&mut self, f: Feat, label: usize, d: f32) {
        let s = self.weights.slot(f, label);
        self.weights.table[s] += d;
        self.acc_table[s] += self.time * d;
    }

    fn bump_trans(&mut self, prev: Option<usize>, label: usize, d: f32) {
        let s = prev.unwrap_or(self.weights.n_labels) * self.weights.n_labels + label;
        self.weights.trans[s] += d;
        self.acc_trans[s] += self.time * d;
    }

    fn bump_dense(&mut self, x: &[f32], label: usize, d: f32) {
        let n = self.weights.dense_dim;
        let row = label * n..(label + 1) * n;
        let time = self.time;
        for ((w, a), v) in self.weights.dense[row.clone()]
            .iter_mut()
            .zip(&mut self.acc_dense[row])
            .zip(x)
        {
            *w += d * v;
            *a += time * d * v;
        }
    }

    /// One perceptron step on a sequence; returns whether the prediction was wrong.
    pub fn learn(&mut self, feats: &[Vec<Feat>], gold: &[usize], allowed: &[bool]) -> bool {
        self.learn_dense(feats, None, gold, allowed)
    }

    /// One perceptron step with optional dense inputs (`tokens × dense_dim`).
    pub fn learn_dense(
        &mut self,
        feats: &[Vec<Feat>],
        dense: Option<&[f32]>,
        gold: &[usize],
        allowed: &[bool],
    ) -> bool {
        let d = self.weights.dense_dim;
        let dense = dense.filter(|x| d > 0 && x.len() == feats.len() * d);
        let (pred, _) = self.weights.decode_dense(feats, dense, allowed, 0.0);
        let wrong = pred != gold;
        if wrong {
            for t in 0..gold.len() {
                let (g, p) = (gold[t], pred[t]);
                let (gp, pp) = if t == 0 {
                    (None, None)
                } else {
                    (Some(gold[t - 1]), Some(pred[t - 1]))
                };
                if g != p {
                    for &f in &feats[t] {
                        self.bump_table(f, g, 1.0);
                        self.bump_table(f, p, -1.0);
                    }
                    if let Some(x) = dense {
                        self.bump_dense(&x[t * d..(t + 1) * d], g, 1.0);
                        self.bump_dense(&x[t * d..(t + 1) * d], p, -1.0);
                    }
                }
                if g != p || gp != pp {
                    self.bump_trans(gp, g, 1.0);
                    self.bump_trans(pp, p, -1.0);
                }
            }
        }
        self.time += 1.0;
        wrong
    }

    /// One multiclass step (a single "token"); returns whether it was wrong.
    pub fn learn_class(&mut self, feats: &[Feat], gold: usize) -> bool {
        let pred = self.weights.classify(feats);
        if pred != gold {
            for &f in feats {
                self.bump_table(f, gold, 1.0);
                self.bump_table(f, pred, -1.0);
            }
        }
        self.time += 1.0;
        pred != gold
    }

    /// The averaged weights.
    pub fn averaged(&self) -> SeqWeights {
        let avg = |w: &[f32], acc: &[f32]| -> Vec<f32> {
            w.iter().zip(acc).map(|(w, a)| w - a / self.time).collect()
        };
        SeqWeights {
            n_labels: self.weights.n_labels,
            bits: self.weights.bits,
            table: avg(&self.weights.table, &self.acc_table),
            trans: avg(&self.weights.trans, &self.acc_trans),
            dense_dim: self.weights.dense_dim,
            dense: avg(&self.weights.dense, &self.acc_dense),
            layout: self.weights.layout,
        }
    }
}

impl SeqWeights {
    /// The element-wise mean of models of the same shape (one model is returned as is).
    pub fn mean(mut models: Vec<SeqWeights>) -> SeqWeights {
        let k = models.len();
        let Some(mut out) = models.pop() else {
            return SeqWeights::new(1, 1);
        };
        if k == 1 {
            return out;
        }
        for m in &models {
            for (o, w) in [
                (&mut out.table, &m.table),
                (&mut out.trans, &m.trans),
                (&mut out.dense, &m.dense),
            ] {
                o.iter_mut().zip(w.iter()).for_each(|(o, w)| *o += w);
            }
        }
        let scale = 1.0 / k as f32;
        for v in [&mut out.table, &mut out.trans, &mut out.dense] {
            v.iter_mut().for_each(|x| *x *= scale);
        }
        out
    }

    /// Per-label scores of one feature list (multiclass use).
    pub fn class_scores(&self, feats: &[Feat]) -> Vec<f32> {
        let mut scores = vec![0.0; self.n_labels];
        self.add_scores(feats, None, &mut scores);
        scores
    }

    /// The best label of one feature list (ties go to the lowest label).
    pub fn classify(&self, feats: &[Feat]) -> usize {
        let scores = self.class_scores(feats);
        let mut best = 0;
        for (i, s) in scores.iter().enumerate() {
            if *s > scores[best] {
                best = i;
            }
        }
        best
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// A deterministic xorshift generator for shuffling (no global state).
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(mix(seed ^ 0x5eed) | 1)
    }

    /// The next value.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::Hasher;

    fn word(w: &str) -> Vec<Feat> {
        vec![Hasher::new(1).s(w).f(), Hasher::new(0).f()]
    }

    #[test]
    fn the_mean_of_models_scores_as_the_mean_of_their_scores() {
        let mut a = SeqWeights::new(3, 4);
        let mut b = SeqWeights::new(3, 4);
        a.table[1] = 2.0;
        b.table[1] = 4.0;
        a.trans[0] = -1.0;
        b.trans[0] = 1.0;
        let m = SeqWeights::mean(vec![a.clone(), b]);
        assert_eq!(m.table[1], 3.0);
        assert_eq!(m.trans[0], 0.0);
        assert_eq!(SeqWeights::mean(vec![a.clone()]), a);
    }

    #[test]
    fn bio_constraint_forbids_orphan_inside() {
        assert!(!may_follow(None, i_label(0)));
        assert!(!may_follow(Some(0), i_label(0)));
        assert!(may_follow(Some(b_label(0)), i_label(0)));
        assert!(!may_follow(Some(b_label(1)), i_label(0)));
    }

    #[test]
    fn learns_a_two_word_span_in_both_layouts() {
        // "the data breach hit" with "data breach" as class 0.
        let sent: Vec<Vec<Feat>> = ["the", "data", "breach", "hit"]
            .iter()
            .map(|w| word(w))
            .collect();
        let gold = vec![0, b_label(0), i_label(0), 0];
        let allowed = vec![true; 3];
        for layout in [Layout::Pairs, Layout::Blocks] {
            let mut tr = Trainer::with_layout(3, 10, 0, layout);
            for _ in 0..5 {
                tr.learn(&sent, &gold, &allowed);
            }
            let w = tr.averaged();
            assert_eq!(w.layout, layout);
            assert_eq!(w.decode(&sent, &allowed).0, gold, "{layout:?}");
            // The fast block path scores exactly as slot-by-slot lookups would.
            let by_slot: Vec<f32> = (0..3)
                .map(|l| sent[2].iter().map(|&f| w.table[w.slot(f, l)]).sum())
                .collect();
            assert_eq!(w.class_scores(&sent[2]), by_slot);
        }
        let w = SeqWeights::new(55, 8);
        let f = Hasher::new(3).s("breach").f();
        let mut slots: Vec<usize> = (0..55).map(|l| w.slot(f, l)).collect();
        assert!(slots.windows(2).all(|p| p[1] == (p[0] + 1) % 256));
        slots.dedup();
        assert_eq!(slots.len(), 55);
    }

    #[test]
    fn shuffle_is_deterministic() {
        let mut a: Vec<u32> = (0..20).collect();
        let mut b = a.clone();
        Rng::new(7).shuffle(&mut a);
        Rng::new(7).shuffle(&mut b);
        assert_eq!(a, b);
        assert_ne!(a, (0..20).collect::<Vec<_>>());
    }
}
