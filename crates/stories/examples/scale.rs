//! Scale benchmark: generate N synthetic articles (a tenth of them edited copies of
//! others), sign them with MinHash and group the near-duplicates by LSH banding.
//! `cargo run --release -p dossier-stories --example scale -- 1000000`
//! Prints the time of each phase and the pairs and groups found; run it under
//! `/usr/bin/time -v` for peak memory.

use std::time::Instant;

use dossier_stories::minhash::{MinHashOptions, MinHasher, near_duplicate_pairs};

/// A small, fixed pseudo-random generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A word index with a Zipf-like skew over a vocabulary of `n`.
    fn word(&mut self, n: u64) -> u64 {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as u64).saturating_sub(1)
    }
}

/// Article `i`: 150–400 words; every tenth article is an edited copy of an earlier one
/// (a sentence dropped, a sign-off added).
fn article(i: u64) -> String {
    let base = if i % 10 == 9 { i - 5 } else { i };
    let mut rng = Rng(base.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let len = 150 + rng.next() % 250;
    let mut words: Vec<String> = (0..len).map(|_| format!("w{}", rng.word(50_000))).collect();
    if base != i {
        let cut = (i as usize * 7) % words.len().saturating_sub(12).max(1);
        words.drain(cut..cut + 10);
        words.extend(["reporting", "by", "the", "wire", "desk"].map(String::from));
    }
    words.join(" ")
}

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let options = MinHashOptions::default();
    let hasher = MinHasher::new(options);
    let t0 = Instant::now();
    let signatures: Vec<_> = (0..n).map(|i| hasher.signature(&article(i))).collect();
    let signed = t0.elapsed();
    let t1 = Instant::now();
    let pairs = near_duplicate_pairs(&signatures, hasher.lsh(), options.threshold);
    let grouped = t1.elapsed();
    let expected = n / 10;
    let true_pairs = pairs
        .iter()
        .filter(|&&(a, b, _)| b % 10 == 9 && u64::from(a) == u64::from(b) - 5)
        .count();
    println!(
        "articles {n}  scheme {}  sign {:.1}s ({:.1} µs/article)  group {:.1}s  pairs {}  \
         planted copies found {true_pairs}/{expected}",
        options.scheme(),
        signed.as_secs_f64(),
        signed.as_secs_f64() * 1e6 / n as f64,
        grouped.as_secs_f64(),
        pairs.len()
    );
}
