//! Near-duplicate detection: MinHash signatures of word shingles, LSH banding.
//!
//! A text's shingles are its runs of `shingle_words` lower-cased words. A signature
//! keeps, for each of `num_perm` hash functions `h(x) = (a·x + b) >> 32` over the 64-bit
//! shingle hashes, the minimum; the share of equal positions of two signatures estimates
//! the Jaccard similarity of the shingle sets. Banding cuts a signature into `bands`
//! bands of `rows` rows: two texts become candidates when one band is equal, which for
//! Jaccard `s` happens with probability `1 − (1 − s^rows)^bands` — an S-curve whose knee
//! [`LshParams::for_threshold`] places at the threshold. Candidates are then checked on
//! the whole signature, so the work grows with the number of texts and true matches,
//! not with the number of pairs.
//!
//! Everything is deterministic (fixed seeds), so signatures can be stored and compared
//! with those of texts ingested later ([`DuplicateIndex`], or the store's band table).

use std::collections::HashMap;

/// How texts are signed and when they count as near-duplicates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MinHashOptions {
    /// Words per shingle.
    pub shingle_words: usize,
    /// Hash functions per signature.
    pub num_perm: usize,
    /// Estimated Jaccard similarity from which two texts are near-duplicates.
    pub threshold: f64,
}

impl Default for MinHashOptions {
    fn default() -> Self {
        MinHashOptions {
            shingle_words: 3,
            num_perm: 128,
            threshold: 0.5,
        }
    }
}

impl MinHashOptions {
    /// A name for the signing scheme; signatures of different schemes do not compare.
    pub fn scheme(&self) -> String {
        let lsh = LshParams::for_threshold(self.threshold, self.num_perm);
        format!(
            "minhash-v1-w{}-p{}-b{}r{}",
            self.shingle_words, self.num_perm, lsh.bands, lsh.rows
        )
    }
}

/// A MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub Vec<u32>);

impl Signature {
    /// The estimated Jaccard similarity of the two texts, 0–1.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let n = self.0.len().min(other.0.len());
        if n == 0 {
            return 0.0;
        }
        let equal = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        equal as f64 / n as f64
    }

    /// Little-endian bytes, for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// The signature stored as [`Signature::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Self {
        Signature(
            bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }

    /// One hash per band (band number, hash), the keys of the LSH index.
    pub fn bands(&self, lsh: LshParams) -> Vec<(u32, u64)> {
        (0..lsh.bands)
            .filter_map(|b| Some((b as u32, self.band(b, lsh.rows)?)))
            .collect()
    }

    /// The hash of band `b` of `rows` rows, if the signature is long enough.
    pub fn band(&self, b: usize, rows: usize) -> Option<u64> {
        let values = self.0.get(b * rows..(b + 1) * rows)?;
        let mut h = mix(b as u64 ^ 0x9e37_79b9_7f4a_7c15);
        for &r in values {
            h = mix(h ^ u64::from(r));
        }
        Some(h)
    }
}

/// How a signature is cut into bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LshParams {
    /// Number of bands.
    pub bands: usize,
    /// Rows (signature positions) per band.
    pub rows: usize,
}

impl LshParams {
    /// The banding whose S-curve best separates texts above `threshold` from those below
    /// (least summed chance of a miss and of a false candidate, false candidates weighted
    /// half because the full-signature check removes them).
    pub fn for_threshold(threshold: f64, num_perm: usize) -> Self {
        let mut best = (
            f64::MAX,
            LshParams {
                bands: 1,
                rows: num_perm.max(1),
            },
        );
        for bands in 1..=num_perm.max(1) {
            let rows = num_perm / bands;
            if rows == 0 {
                break;
            }
            let p = |s: f64| 1.0 - (1.0 - s.powi(rows as i32)).powi(bands as i32);
            let false_pos = integrate(p, 0.0, threshold);
            let false_neg = integrate(|s| 1.0 - p(s), threshold, 1.0);
            let cost = 0.5 * false_pos + false_neg;
            if cost < best.0 {
                best = (cost, LshParams { bands, rows });
            }
        }
        best.1
    }
}

fn integrate(f: impl Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    const STEPS: usize = 200;
    let h = (b - a) / STEPS as f64;
    (0..STEPS).map(|i| f(a + (i as f64 + 0.5) * h) * h).sum()
}

/// Signs texts with fixed hash functions.
#[derive(Debug, Clone)]
pub struct MinHasher {
    options: MinHashOptions,
    a: Vec<u64>,
    b: Vec<u64>,
}

impl MinHasher {
    /// A hasher for these options (the same options always give the same functions).
    pub fn new(options: MinHashOptions) -> Self {
        let mut state = 0x5eed_1234_abcd_ef01u64;
        let mut next = || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            mix(state)
        };
        let n = options.num_perm.max(1);
        // Odd multipliers keep multiply-shift hashing universal.
        let a = (0..n).map(|_| next() | 1).collect();
        let b = (0..n).map(|_| next()).collect();
        MinHasher { options, a, b }
    }

    /// The options it signs with.
    pub fn options(&self) -> MinHashOptions {
        self.options
    }

    /// The LSH banding for its threshold.
    pub fn lsh(&self) -> LshParams {
        LshParams::for_threshold(self.options.threshold, self.a.len())
    }

    /// The signature of a text; a text without words has all positions at `u32::MAX`.
    pub fn signature(&self, text: &str) -> Signature {
        let mut sig = vec![u32::MAX; self.a.len()];
        for_each_shingle(text, self.options.shingle_words.max(1), |x| {
            for (slot, (a, b)) in sig.iter_mut().zip(self.a.iter().zip(&self.b)) {
                let h = (a.wrapping_mul(x).wrapping_add(*b) >> 32) as u32;
                if h < *slot {
                    *slot = h;
                }
            }
        });
        Signature(sig)
    }
}

/// Call `f` with the hash of every shingle (a text shorter than a shingle is one).
fn for_each_shingle(text: &str, k: usize, mut f: impl FnMut(u64)) {
    let mut window: Vec<u64> = Vec::with_capacity(k);
    let mut seen = 0usize;
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        for c in word.chars().flat_map(char::to_lowercase) {
            h ^= u64::from(c);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        if window.len() == k {
            window.remove(0);
        }
        window.push(h);
        seen += 1;
        if window.len() == k {
            f(shingle_hash(&window));
        }
    }
    if seen > 0 && seen < k {
        f(shingle_hash(&window));
    }
}

fn shingle_hash(words: &[u64]) -> u64 {
    words
        .iter()
        .fold(0x1234_5678_9abc_def0u64, |h, &w| mix(h ^ w))
}

/// SplitMix64's finaliser: a fast, well-spread 64-bit mix.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Near-duplicate pairs `(i, j, similarity)` (i < j) among signatures, by banding.
///
/// Band by band, the (band hash, index) list is sorted and each run of equal hashes
/// gives candidates: every pair in a run of up to `MAX_RUN`, else each member against
/// the run's first (enough to group them, and linear in the run). Candidates are kept
/// when their signatures are at least `threshold` alike. Memory beyond the signatures is
/// one band's list at a time plus the pairs found.
pub fn near_duplicate_pairs(
    signatures: &[Signature],
    lsh: LshParams,
    threshold: f64,
) -> Vec<(u32, u32, f32)> {
    const MAX_RUN: usize = 16;
    let mut found: HashMap<(u32, u32), f32> = HashMap::new();
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(signatures.len());
    for band in 0..lsh.bands {
        keys.clear();
        for (i, sig) in signatures.iter().enumerate() {
            if sig.0.first() == Some(&u32::MAX) {
                continue; // no words, nothing to compare
            }
            if let Some(h) = sig.band(band, lsh.rows) {
                keys.push((h, i as u32));
            }
        }
        keys.sort_unstable();
        let mut start = 0;
        while start < keys.len() {
            let end = start + keys[start..].partition_point(|k| k.0 == keys[start].0);
            let run = &keys[start..end];
            let heads = if run.len() <= MAX_RUN { run.len() } else { 1 };
            for (n, &(_, i)) in run.iter().enumerate().take(heads) {
                for &(_, j) in &run[n + 1..] {
                    let key = (i.min(j), i.max(j));
                    if found.contains_key(&key) {
                        continue;
                    }
                    let s = signatures[i as usize].similarity(&signatures[j as usize]);
                    if s >= threshold {
                        found.insert(key, s as f32);
                    }
                }
            }
            start = end;
        }
    }
    let mut pairs: Vec<(u32, u32, f32)> = found.into_iter().map(|((i, j), s)| (i, j, s)).collect();
    pairs.sort_unstable_by_key(|&(i, j, _)| (i, j));
    pairs
}

/// An in-memory, incremental LSH index: add texts one at a time and learn which earlier
/// ones they nearly duplicate.
#[derive(Debug, Clone)]
pub struct DuplicateIndex {
    hasher: MinHasher,
    lsh: LshParams,
    ids: Vec<String>,
    signatures: Vec<Signature>,
    buckets: HashMap<(u32, u64), Vec<u32>>,
}

impl DuplicateIndex {
    /// An empty index.
    pub fn new(options: MinHashOptions) -> Self {
        let hasher = MinHasher::new(options);
        DuplicateIndex {
            lsh: hasher.lsh(),
            hasher,
            ids: Vec::new(),
            signatures: Vec::new(),
            buckets: HashMap::new(),
        }
    }

    /// Sign `text`, add it under `id`, and return the earlier texts it nearly duplicates
    /// (id, estimated Jaccard), most alike first.
    pub fn insert(&mut self, id: &str, text: &str) -> Vec<(String, f64)> {
        let sig = self.hasher.signature(text);
        self.insert_signature(id, sig)
    }

    /// [`DuplicateIndex::insert`] with a signature made already (e.g. loaded from a store).
    pub fn insert_signature(&mut self, id: &str, sig: Signature) -> Vec<(String, f64)> {
        let me = self.ids.len() as u32;
        let mut candidates: Vec<u32> = Vec::new();
        let bands = sig.bands(self.lsh);
        for key in &bands {
            if let Some(members) = self.buckets.get(key) {
                candidates.extend(members);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut out: Vec<(String, f64)> = candidates
            .into_iter()
            .map(|j| (j, sig.similarity(&self.signatures[j as usize])))
            .filter(|&(_, s)| s >= self.hasher.options.threshold)
            .map(|(j, s)| (self.ids[j as usize].clone(), s))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        if sig.0.first() != Some(&u32::MAX) {
            for key in bands {
                self.buckets.entry(key).or_default().push(me);
            }
        }
        self.ids.push(id.to_string());
        self.signatures.push(sig);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "Officials said on Tuesday that a state-backed group broke into the port \
        authority network in March and stayed there for weeks, copying shipping schedules \
        and staff records before defenders noticed the intrusion. The agency said it had \
        informed partners and would publish technical guidance for other ports.";

    #[test]
    fn signature_estimates_jaccard() {
        let hasher = MinHasher::new(MinHashOptions::default());
        let a = hasher.signature(WIRE);
        let copy = hasher.signature(&format!("Reporting by a wire desk. {WIRE} Share this."));
        let other = hasher.signature(
            "A phishing wave against hospital staff imitated the payroll office and asked \
             for passwords, the regional health service said on Friday.",
        );
        assert!(a.similarity(&copy) > 0.7, "{}", a.similarity(&copy));
        assert!(a.similarity(&other) < 0.1);
        assert_eq!(Signature::from_bytes(&a.to_bytes()), a);
        assert_eq!(hasher.signature("Two"), hasher.signature("two"));
    }

    #[test]
    fn banding_puts_its_knee_near_the_threshold() {
        let lsh = LshParams::for_threshold(0.6, 128);
        assert!(lsh.bands * lsh.rows <= 128);
        let p = |s: f64| 1.0 - (1.0 - s.powi(lsh.rows as i32)).powi(lsh.bands as i32);
        assert!(p(0.8) > 0.99, "{lsh:?}");
        assert!(p(0.3) < 0.1, "{lsh:?}");
    }

    #[test]
    fn banded_pairs_match_all_pairs_on_clear_cases() {
        let hasher = MinHasher::new(MinHashOptions::default());
        let texts: Vec<String> = (0..40)
            .map(|k| {
                // Ten stories, each in four copies with a different sign-off.
                let story: Vec<String> = (0..80).map(|w| format!("s{}w{}", k / 4, w)).collect();
                format!("{} signed off by desk {k}", story.join(" "))
            })
            .collect();
        let sigs: Vec<Signature> = texts.iter().map(|t| hasher.signature(t)).collect();
        let pairs = near_duplicate_pairs(&sigs, hasher.lsh(), 0.6);
        let mut brute = Vec::new();
        for i in 0..sigs.len() {
            for j in i + 1..sigs.len() {
                if sigs[i].similarity(&sigs[j]) >= 0.6 {
                    brute.push((i as u32, j as u32));
                }
            }
        }
        assert_eq!(brute.len(), 10 * 6);
        let got: Vec<(u32, u32)> = pairs.iter().map(|&(i, j, _)| (i, j)).collect();
        assert_eq!(got, brute);
    }

    #[test]
    fn index_finds_an_earlier_copy_incrementally() {
        let mut index = DuplicateIndex::new(MinHashOptions::default());
        assert!(index.insert("a", WIRE).is_empty());
        assert!(
            index
                .insert("b", "Something else entirely about ransomware gangs.")
                .is_empty()
        );
        let found = index.insert("c", &format!("{WIRE} Follow us for more."));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "a");
    }
}
