//! Stories: articles that report the same thing, and the near-duplicate copies among them.
//!
//! Articles sharing an incident form a story; so do near-duplicates (wire copy carried by
//! several outlets), even when extraction found no incident in them. Near-duplicates are
//! found by the Jaccard similarity of their sets of word shingles.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use dossier_model::Document;
use dossier_model::incident::Story;

use crate::resolve::{Corpus, hash_id};

/// Words per shingle: long enough that shared stock phrases do not make two texts alike.
pub const SHINGLE_WORDS: usize = 4;

/// Jaccard similarity of shingle sets from which two articles count as copies.
pub const DUPLICATE_JACCARD: f64 = 0.8;

/// The stories of a corpus, given which articles (by corpus index) each incident joins.
pub(crate) fn stories(corpus: &Corpus<'_>, incidents: &[BTreeSet<usize>]) -> Vec<Story> {
    let n = corpus.docs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let root = |parent: &mut Vec<usize>, mut i: usize| {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    };
    let join = |parent: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (root(parent, a), root(parent, b));
        parent[ra.max(rb)] = ra.min(rb);
    };
    for docs in incidents {
        if let Some(&first) = docs.iter().next() {
            docs.iter().for_each(|&d| join(&mut parent, first, d));
        }
    }
    let duplicates = near_duplicates(&corpus.docs);
    duplicates
        .iter()
        .for_each(|&(a, b)| join(&mut parent, a, b));

    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for d in 0..n {
        members.entry(root(&mut parent, d)).or_default().push(d);
    }
    members
        .into_values()
        .map(|docs| {
            let ids: Vec<String> = docs.iter().map(|&d| corpus.docs[d].id.clone()).collect();
            let pairs = duplicates
                .iter()
                .filter(|(a, _)| docs.contains(a))
                .map(|&(a, b)| (corpus.docs[a].id.clone(), corpus.docs[b].id.clone()))
                .collect();
            let mut sorted = ids.clone();
            sorted.sort();
            Story {
                id: hash_id(sorted),
                articles: ids,
                duplicates: pairs,
            }
        })
        .collect()
}

/// Pairs of documents (by index, lower first) whose shingle sets are at least
/// [`DUPLICATE_JACCARD`] alike.
///
/// Prefix filtering keeps this far below all-pairs: when two sets are that alike, their
/// first `n - ⌈t·n⌉ + 1` elements (in any one fixed order, here the hash order) must
/// share one, so only documents sharing a prefix shingle are compared in full.
pub(crate) fn near_duplicates(docs: &[&Document]) -> Vec<(usize, usize)> {
    let sets: Vec<Vec<u64>> = docs.iter().map(|d| shingles(&d.text)).collect();
    let mut order: Vec<usize> = (0..docs.len()).filter(|&i| !sets[i].is_empty()).collect();
    order.sort_by_key(|&i| (sets[i].len(), i));
    let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut pairs = Vec::new();
    for &i in &order {
        let prefix = &sets[i][..prefix_len(sets[i].len())];
        let candidates: BTreeSet<usize> = prefix
            .iter()
            .filter_map(|h| index.get(h))
            .flatten()
            .copied()
            .collect();
        for j in candidates {
            // Visited in size order, so `j` is never the larger; too small can't match.
            let alike_in_size = sets[j].len() as f64 >= DUPLICATE_JACCARD * sets[i].len() as f64;
            if alike_in_size && jaccard(&sets[i], &sets[j]) >= DUPLICATE_JACCARD {
                pairs.push((i.min(j), i.max(j)));
            }
        }
        prefix
            .iter()
            .for_each(|&h| index.entry(h).or_default().push(i));
    }
    pairs.sort();
    pairs
}

/// How many of a set's first elements must be indexed for the prefix filter.
fn prefix_len(n: usize) -> usize {
    // The small epsilon keeps float error from rounding an exact product up.
    let needed = (DUPLICATE_JACCARD * n as f64 - 1e-9).ceil() as usize;
    (n + 1).saturating_sub(needed).clamp(1, n)
}

/// Sorted, distinct hashes of the text's word shingles (lower-cased words of letters and
/// digits); a text shorter than a shingle is one shingle.
fn shingles(text: &str) -> Vec<u64> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<u64> = words
        .windows(SHINGLE_WORDS.min(words.len()))
        .map(fnv1a)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// FNV-1a over the words (with a separator): a fixed hash, the same on every run.
fn fnv1a(words: &[String]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in words
        .iter()
        .flat_map(|w| w.bytes().chain(std::iter::once(0)))
    {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// |A ∩ B| / |A ∪ B| of two sorted, distinct lists.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    if union == 0 {
        0.0
    } else {
        common as f64 / union as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::Metadata;

    fn doc(text: &str) -> Document {
        Document::new(text.into(), Metadata::default())
    }

    #[test]
    fn republished_wire_copy_is_a_near_duplicate() {
        let wire = "Officials said on Tuesday that a state-backed group broke into the port \
                    authority network in March and stayed there for weeks, copying shipping \
                    schedules and staff records before defenders noticed the intrusion.";
        let copy = format!("{wire} Reporting by a wire desk.");
        let other = "A separate report described a phishing wave against hospital staff in \
                     the north, with messages that imitated the payroll office and asked \
                     for passwords.";
        let docs = [doc(wire), doc(&copy), doc(other)];
        let refs: Vec<&Document> = docs.iter().collect();
        assert_eq!(near_duplicates(&refs), vec![(0, 1)]);
    }

    #[test]
    fn prefix_filter_finds_what_all_pairs_would() {
        // Texts built from overlapping windows of one word list: similarities spread
        // across the threshold.
        let words: Vec<String> = (0..400).map(|i| format!("w{}", i * 7919 % 1000)).collect();
        let texts: Vec<String> = (0..30)
            .map(|k| words[k..k + 60 + k % 7].join(" "))
            .collect();
        let docs: Vec<Document> = texts.iter().map(|t| doc(t)).collect();
        let refs: Vec<&Document> = docs.iter().collect();
        let sets: Vec<Vec<u64>> = docs.iter().map(|d| shingles(&d.text)).collect();
        let mut brute = Vec::new();
        for i in 0..sets.len() {
            for j in i + 1..sets.len() {
                if jaccard(&sets[i], &sets[j]) >= DUPLICATE_JACCARD {
                    brute.push((i, j));
                }
            }
        }
        assert!(!brute.is_empty());
        assert_eq!(near_duplicates(&refs), brute);
        assert_eq!(prefix_len(5), 2);
        assert_eq!(prefix_len(1), 1);
    }

    #[test]
    fn jaccard_counts_shared_shingles() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard(&[], &[]), 0.0);
        assert_eq!(shingles("Two words").len(), 1);
    }
}
