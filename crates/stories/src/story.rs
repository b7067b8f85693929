//! Stories: articles that report the same news event, and the near-duplicate copies
//! among them.
//!
//! Two articles are one story when any of these holds:
//! - they share an incident;
//! - they are near-duplicates (MinHash over word shingles, see [`crate::minhash`]);
//! - their wording is alike (TF-IDF cosine at least `text_threshold`), they were
//!   published within `window_days` of each other (undated agrees), and they share who or
//!   whom: a named party (not a state) of their events, or the same event type with the
//!   same parties' states; or their wording alone is very alike (`strong_text`).
//!
//! Candidate pairs for the text test come from an index of each article's most weighted
//! terms, so the work grows with the corpus rather than with its pairs.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use dossier_model::incident::Story;
use dossier_model::{Document, EntityKind, PartialDate};

use crate::correct::Correction;
use crate::minhash::{MinHashOptions, MinHasher, Signature, near_duplicate_pairs};
use crate::resolve::{Corpus, arg_entities, hash_id};
use crate::tfidf::{self, Vector};

/// How stories are grouped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoryOptions {
    /// Near-duplicate signing and threshold.
    pub minhash: MinHashOptions,
    /// TF-IDF cosine from which alike wording and a shared party make one story.
    pub text_threshold: f64,
    /// TF-IDF cosine from which wording alone makes one story.
    pub strong_text: f64,
    /// Most days between publication dates of one story's articles.
    pub window_days: i64,
}

impl Default for StoryOptions {
    fn default() -> Self {
        StoryOptions {
            minhash: MinHashOptions::default(),
            text_threshold: 0.25,
            strong_text: 0.5,
            window_days: 14,
        }
    }
}

/// Terms per article that go into the candidate index.
const TOP_TERMS: usize = 12;

/// Index buckets larger than this are too common a term to pair all their members.
const MAX_BUCKET: usize = 200;

/// The stories of the documents (every article is in exactly one; an article alone is
/// a story of one), ordered by their earliest article. Within a story, `duplicates`
/// lists its near-duplicate pairs.
pub fn stories_with(
    docs: &[Document],
    corrections: &[Correction],
    options: &StoryOptions,
) -> Vec<Story> {
    let corpus = Corpus::new(docs);
    let incidents = crate::incident_articles(&corpus, corrections);
    let n = corpus.docs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for docs in &incidents {
        if let Some(&first) = docs.iter().next() {
            docs.iter().for_each(|&d| union(&mut parent, first, d));
        }
    }
    let hasher = MinHasher::new(options.minhash);
    let sigs: Vec<Signature> = corpus
        .docs
        .iter()
        .map(|d| hasher.signature(&d.text))
        .collect();
    let duplicates: Vec<(usize, usize)> =
        near_duplicate_pairs(&sigs, hasher.lsh(), options.minhash.threshold)
            .into_iter()
            .map(|(i, j, _)| (i as usize, j as usize))
            .collect();
    duplicates
        .iter()
        .for_each(|&(a, b)| union(&mut parent, a, b));
    let vectors = tfidf::vectors(corpus.docs.iter().map(|d| d.text.as_str()));
    let parties: Vec<Parties> = corpus.docs.iter().map(|d| Parties::of(d)).collect();
    for (i, j) in text_candidates(&vectors) {
        if same_story(&corpus, &vectors, &parties, i, j, options) {
            union(&mut parent, i, j);
        }
    }

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

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (root(parent, a), root(parent, b));
    parent[ra.max(rb)] = ra.min(rb);
}

/// Who and whom an article's events name.
#[derive(Debug, Default)]
struct Parties {
    /// Named parties that are not states (entity ids).
    named: BTreeSet<String>,
    /// (event type, states of its parties).
    typed: BTreeSet<(dossier_model::EventType, String)>,
}

impl Parties {
    fn of(doc: &Document) -> Self {
        let mut p = Parties::default();
        for ev in &doc.events {
            for arg in &ev.args {
                for e in arg_entities(doc, arg, None) {
                    if matches!(
                        e.kind,
                        EntityKind::Country | EntityKind::Sector | EntityKind::Location
                    ) {
                        if let Some(c) = crate::resolve::country_of(&e) {
                            p.typed.insert((ev.kind, c));
                        }
                    } else {
                        p.named.insert(e.id);
                    }
                }
            }
        }
        p
    }
}

/// Pairs of articles that share one of their most weighted terms.
fn text_candidates(vectors: &[Vector]) -> BTreeSet<(usize, usize)> {
    let mut index: HashMap<u32, Vec<usize>> = HashMap::new();
    for (d, v) in vectors.iter().enumerate() {
        let mut top: Vec<&(u32, f32)> = v.iter().collect();
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for (t, _) in top.into_iter().take(TOP_TERMS) {
            index.entry(*t).or_default().push(d);
        }
    }
    let mut pairs = BTreeSet::new();
    for bucket in index
        .values()
        .filter(|b| b.len() > 1 && b.len() <= MAX_BUCKET)
    {
        for (n, &j) in bucket.iter().enumerate() {
            for &i in &bucket[..n] {
                pairs.insert((i.min(j), i.max(j)));
            }
        }
    }
    pairs
}

/// The text test of the module docs.
fn same_story(
    corpus: &Corpus<'_>,
    vectors: &[Vector],
    parties: &[Parties],
    i: usize,
    j: usize,
    options: &StoryOptions,
) -> bool {
    if !within_window(
        corpus.docs[i].meta.published,
        corpus.docs[j].meta.published,
        options.window_days,
    ) {
        return false;
    }
    let cos = tfidf::cosine(&vectors[i], &vectors[j]);
    if cos >= options.strong_text {
        return true;
    }
    let (a, b) = (&parties[i], &parties[j]);
    cos >= options.text_threshold
        && (!a.named.is_disjoint(&b.named) || !a.typed.is_disjoint(&b.typed))
}

/// True when both dates are known to the day and at most `days` apart, or either is not.
fn within_window(a: Option<PartialDate>, b: Option<PartialDate>, days: i64) -> bool {
    match (a.and_then(|d| d.to_naive()), b.and_then(|d| d.to_naive())) {
        (Some(x), Some(y)) => (x - y).num_days().abs() <= days,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::Metadata;

    fn doc(text: &str, published: &str) -> Document {
        let meta = Metadata {
            source: format!("{}.txt", &text[..8]),
            published: PartialDate::parse_iso(published),
            ..Metadata::default()
        };
        Document::new(text.into(), meta)
    }

    #[test]
    fn copies_and_rewordings_form_stories_within_the_window() {
        let wire = "Officials said on Tuesday that a state-backed group broke into the Rotterdam \
                    port authority network in March and stayed there for weeks, copying \
                    shipping schedules and staff records before defenders noticed.";
        let docs = vec![
            doc(wire, "2024-04-02"),
            doc(&format!("{wire} Reporting by a wire desk."), "2024-04-02"),
            doc(
                "A state-backed group broke into the Rotterdam port authority network and \
                 copied shipping schedules and staff records for weeks, officials said.",
                "2024-04-03",
            ),
            doc(
                "Officials said the Rotterdam port authority network was breached again by a \
                 state-backed group, which copied shipping schedules and staff records.",
                "2025-09-01",
            ),
            doc(
                "A phishing wave imitated a payroll office to steal hospital passwords.",
                "2024-04-02",
            ),
        ];
        let stories = stories_with(&docs, &[], &StoryOptions::default());
        let sizes: Vec<usize> = stories.iter().map(|s| s.articles.len()).collect();
        assert_eq!(sizes, vec![3, 1, 1], "{stories:?}");
        assert_eq!(stories[0].duplicates.len(), 1);
        assert!(within_window(
            PartialDate::parse_iso("2024"),
            PartialDate::parse_iso("2020-01-01"),
            3
        ));
    }
}
