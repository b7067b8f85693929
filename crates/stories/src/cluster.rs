//! Clustering seeds into incidents with a union-find, one scored link at a time.
//!
//! Two passes decide which operations are one incident:
//!
//! 1. **Across the corpus**, candidate pairs come from an inverted index over victim ids,
//!    victim name words, malware, CVEs, threat actors and victim states (never all pairs).
//!    Each pair is scored from its shared features (see [`pair_score`]) and pairs at or
//!    above [`LINK_THRESHOLD`] are joined, best first.
//! 2. **Within an article**, an operation with nothing specific about it (no named
//!    victim, malware, CVE or threat actor: a *weak* seed) joins the nearest operation in
//!    its own sentence, else in the sentence before, else in the sentence after. In an
//!    article where every operation is weak, they are all one incident. This comes
//!    second so that the clusters it joins already carry their years and actors.
//!
//! A link only joins two clusters whose *whole* contents stay compatible: actors of the
//! same state (or one side unknown), operation years close enough, victims that agree
//! when the only evidence is a shared actor or tool, and no analyst split between them.
//! Checking clusters rather than pairs keeps an event of unknown actor from chaining a
//! Chinese and a Russian operation together.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::explain::{Feature, Outcome, Score, Step};
use crate::resolve::{Corpus, EventAt, sentence_of};
use crate::seeds::{Seed, VictimKey};
use crate::tfidf::{self, Vector};
use crate::victim::VictimName;

/// How far apart (in years) the operation dates of one incident may lie.
const YEAR_GAP: i32 = 1;

/// The gap allowed when the victim matches and both sides name the actor's state: then a
/// wider spread of dates is more likely a reporting discrepancy than another incident.
const YEAR_GAP_SAME_VICTIM_AND_ACTOR: i32 = 3;

/// Score from which two operations are joined.
pub const LINK_THRESHOLD: f64 = 0.75;

/// Index buckets larger than this are too common a key to compare all their pairs.
const MAX_BUCKET: usize = 1000;

/// One grouping decision, by corpus position (turned into an `Explanation` later).
#[derive(Debug, Clone)]
pub(crate) struct Decision {
    pub step: Step,
    pub left: EventAt,
    pub right: EventAt,
    pub features: Vec<Score>,
    pub score: f64,
    pub outcome: Outcome,
}

/// What a cluster says so far, to check that a join keeps it coherent.
#[derive(Debug, Clone, Default)]
struct Summary {
    victims: BTreeSet<VictimKey>,
    names: Vec<VictimName>,
    countries: BTreeSet<String>,
    /// Malware families named with the cluster's operations.
    malware: BTreeSet<String>,
    years: Option<(i32, i32)>,
    /// Split corrections this cluster takes part in: (correction, side).
    sides: BTreeSet<(usize, bool)>,
}

impl Summary {
    fn of(seed: &Seed, sides: BTreeSet<(usize, bool)>) -> Self {
        Summary {
            victims: seed.victim_keys.clone(),
            names: seed.victim_names.iter().map(|(n, _)| n.clone()).collect(),
            countries: seed.actor_countries.clone(),
            malware: seed.malware_ids.clone(),
            years: seed.year.map(|y| (y, y)),
            sides,
        }
    }

    fn absorb(&mut self, other: Summary) {
        self.victims.extend(other.victims);
        self.names.extend(other.names);
        self.countries.extend(other.countries);
        self.malware.extend(other.malware);
        self.sides.extend(other.sides);
        self.years = match (self.years, other.years) {
            (Some((a0, a1)), Some((b0, b1))) => Some((a0.min(b0), a1.max(b1))),
            (a, b) => a.or(b),
        };
    }

    /// True when the two clusters name victims and none of them match.
    fn victims_conflict(&self, other: &Summary) -> bool {
        let named = |s: &Summary| s.victims.iter().any(|k| matches!(k, VictimKey::Entity(_)));
        if !named(self) || !named(other) || !self.victims.is_disjoint(&other.victims) {
            return false;
        }
        !self
            .names
            .iter()
            .any(|a| other.names.iter().any(|b| a.likeness(b) > 0.0))
    }
}

/// True when neither side knows anything, or both know something in common.
fn agree<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> bool {
    a.is_empty() || b.is_empty() || !a.is_disjoint(b)
}

/// Why two clusters cannot be one, if they cannot.
fn refusal(a: &Summary, b: &Summary, victim_evidence: bool) -> Option<String> {
    if a.sides
        .iter()
        .any(|&(c, side)| b.sides.contains(&(c, !side)))
    {
        return Some("an analyst split them".into());
    }
    if !agree(&a.countries, &b.countries) {
        return Some(format!(
            "actors of different states ({} vs {})",
            join(&a.countries),
            join(&b.countries)
        ));
    }
    if !victim_evidence && a.victims_conflict(b) {
        return Some("different victims".into());
    }
    // One victim hit twice with different malware is two incidents (FedEx by WannaCry in
    // May 2017 and by NotPetya in June), however alike the rest.
    if !agree(&a.malware, &b.malware) {
        return Some(format!(
            "different malware ({} vs {})",
            join(&a.malware),
            join(&b.malware)
        ));
    }
    let same_actor_known = !a.countries.is_empty() && !b.countries.is_empty();
    let max_gap = if victim_evidence && same_actor_known {
        YEAR_GAP_SAME_VICTIM_AND_ACTOR
    } else {
        YEAR_GAP
    };
    match (a.years, b.years) {
        (Some((a0, a1)), Some((b0, b1))) if a1.max(b1) - a0.min(b0) > max_gap => Some(format!(
            "years {a0}–{a1} and {b0}–{b1} more than {max_gap} apart"
        )),
        _ => None,
    }
}

fn join(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(",")
}

/// Union-find over seed indices, with each root holding its cluster's summary.
pub(crate) struct Forest {
    parent: Vec<usize>,
    summary: Vec<Summary>,
}

impl Forest {
    /// One cluster per seed; `sides[i]` lists the split corrections seed `i` is on a side of.
    pub fn new(seeds: &[Seed], sides: &[BTreeSet<(usize, bool)>]) -> Self {
        Forest {
            parent: (0..seeds.len()).collect(),
            summary: seeds
                .iter()
                .enumerate()
                .map(|(i, s)| Summary::of(s, sides.get(i).cloned().unwrap_or_default()))
                .collect(),
        }
    }

    /// The representative of seed `i`'s cluster.
    pub fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Why the clusters of `a` and `b` cannot be joined; `None` when they can (or are one).
    /// `forced` (an analyst's merge) skips every gate but a split.
    pub fn refusal(
        &mut self,
        a: usize,
        b: usize,
        victim_evidence: bool,
        forced: bool,
    ) -> Option<String> {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra == rb {
            return None;
        }
        let (sa, sb) = (&self.summary[ra], &self.summary[rb]);
        if forced {
            let split = sa
                .sides
                .iter()
                .any(|&(c, side)| sb.sides.contains(&(c, !side)));
            return split.then(|| "an analyst split them".to_string());
        }
        refusal(sa, sb, victim_evidence)
    }

    /// Why the clusters of `a` and `b` cannot be joined on the evidence that their
    /// articles are one story. Besides the gates of [`Forest::refusal`], the years must
    /// meet: a story is evidence about articles, and two operations of explicitly
    /// different years are more likely two events told alike than one told twice.
    pub fn story_refusal(&mut self, a: usize, b: usize) -> Option<String> {
        if let Some(why) = self.refusal(a, b, false, false) {
            return Some(why);
        }
        let (ra, rb) = (self.root(a), self.root(b));
        match (self.summary[ra].years, self.summary[rb].years) {
            (Some((a0, a1)), Some((b0, b1))) if a1 < b0 || b1 < a0 => {
                Some(format!("years {a0}–{a1} and {b0}–{b1} do not meet"))
            }
            _ => None,
        }
    }

    /// Join the clusters of `a` and `b` (the caller checked [`Forest::refusal`]).
    pub fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra == rb {
            return;
        }
        // The smaller index stays root, so results do not depend on hash or join order.
        let (keep, gone) = (ra.min(rb), ra.max(rb));
        self.parent[gone] = keep;
        let moved = std::mem::take(&mut self.summary[gone]);
        self.summary[keep].absorb(moved);
    }

    /// Join if allowed; true when the two are one cluster afterwards.
    fn try_join(&mut self, a: usize, b: usize, victim_evidence: bool) -> bool {
        if self.refusal(a, b, victim_evidence, false).is_some() {
            return false;
        }
        self.union(a, b);
        true
    }

    /// The seeds of each cluster (ascending), ordered by first seed.
    pub fn groups(&mut self) -> Vec<Vec<usize>> {
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..self.parent.len() {
            let r = self.root(i);
            groups.entry(r).or_default().push(i);
        }
        groups.into_values().collect()
    }
}

/// Join the seeds into clusters: analysts' merges, then weak seeds to their neighbours,
/// then scored links across the corpus. Every decision is appended to `log`.
pub(crate) fn link(
    corpus: &Corpus<'_>,
    seeds: &[Seed],
    vectors: &[Vector],
    merges: &[Vec<usize>],
    forest: &mut Forest,
    log: &mut Vec<Decision>,
) {
    for members in merges {
        for pair in members.windows(2) {
            let outcome = match forest.refusal(pair[0], pair[1], true, true) {
                Some(why) => Outcome::Refused(why),
                None => {
                    forest.union(pair[0], pair[1]);
                    Outcome::Joined
                }
            };
            log.push(Decision {
                step: Step::Link,
                left: seeds[pair[1]].at,
                right: seeds[pair[0]].at,
                features: vec![Score {
                    feature: Feature::Correction,
                    value: 1.0,
                    detail: "analyst merge".into(),
                }],
                score: 1.0,
                outcome,
            });
        }
    }
    let mut scored: Vec<(f64, usize, usize, Vec<Score>)> = candidate_pairs(seeds)
        .into_iter()
        .filter_map(|(i, j)| {
            let (features, score) = pair_score(&seeds[i], &seeds[j], vectors);
            (!features.is_empty()).then_some((score, i, j, features))
        })
        .collect();
    // Best evidence first; ties in a fixed order.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    for (score, i, j, features) in scored {
        let victim_evidence = features.iter().any(|s| {
            matches!(
                s.feature,
                Feature::VictimId | Feature::VictimName | Feature::VictimState
            )
        });
        let outcome = if score < LINK_THRESHOLD {
            Outcome::BelowThreshold
        } else if let Some(why) = forest.refusal(i, j, victim_evidence, false) {
            Outcome::Refused(why)
        } else {
            forest.union(i, j);
            Outcome::Joined
        };
        log.push(Decision {
            step: Step::Link,
            left: seeds[j].at,
            right: seeds[i].at,
            features,
            score,
            outcome,
        });
    }
    // Weak seeds go last, so that the clusters they may join already know their years
    // and actors and can refuse what does not fit.
    link_within_articles(corpus, seeds, forest, log);
}

/// Pairs of seeds (lower index first) that share at least one index key.
fn candidate_pairs(seeds: &[Seed]) -> BTreeSet<(usize, usize)> {
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, s) in seeds.iter().enumerate() {
        let mut keys: BTreeSet<String> = BTreeSet::new();
        for k in &s.victim_keys {
            keys.insert(match k {
                VictimKey::Entity(id) => format!("v:{id}"),
                VictimKey::Country(c) => format!("s:{c}"),
            });
        }
        for (name, _) in &s.victim_names {
            keys.extend(name.core.iter().map(|w| format!("w:{w}")));
        }
        keys.extend(s.malware_ids.iter().map(|m| format!("m:{m}")));
        keys.extend(s.cves.iter().map(|c| format!("c:{c}")));
        keys.extend(s.actor_groups.iter().map(|g| format!("g:{g}")));
        for k in keys {
            index.entry(k).or_default().push(i);
        }
    }
    bucket_pairs(index.values(), MAX_BUCKET)
}

/// Every pair of items that share a bucket, ordered (low, high); buckets larger than
/// `max_bucket` are skipped, since a key that common joins nothing worth comparing and
/// would make the candidate set quadratic.
pub(crate) fn bucket_pairs<'a>(
    buckets: impl Iterator<Item = &'a Vec<usize>>,
    max_bucket: usize,
) -> BTreeSet<(usize, usize)> {
    let mut pairs = BTreeSet::new();
    for bucket in buckets.filter(|b| b.len() > 1 && b.len() <= max_bucket) {
        for (n, &j) in bucket.iter().enumerate() {
            for &i in &bucket[..n] {
                pairs.insert((i.min(j), i.max(j)));
            }
        }
    }
    pairs
}

/// The features two operations share and their total score.
///
/// Victim: the same entity 1.0, else matching names 0.85 × likeness, else the same state
/// as victim 0.3 (both naming only a state). Malware 0.7, CVE 0.6, named threat actor
/// 0.5; actors of the same state 0.1; same type 0.05; in one article with some victim
/// evidence 0.2; otherwise 0.4 × the TF-IDF cosine of the two articles.
pub(crate) fn pair_score(a: &Seed, b: &Seed, vectors: &[Vector]) -> (Vec<Score>, f64) {
    let mut out: Vec<Score> = Vec::new();
    let add = |out: &mut Vec<Score>, feature, value: f64, detail: String| {
        out.push(Score {
            feature,
            value,
            detail,
        })
    };
    let shared_victim = a.victims.iter().find(|e| {
        b.victims.iter().any(|f| f.id == e.id)
            && a.victim_keys.contains(&VictimKey::Entity(e.id.clone()))
    });
    let best_name = a
        .victim_names
        .iter()
        .flat_map(|(x, xs)| {
            b.victim_names
                .iter()
                .map(move |(y, ys)| (x.likeness(y), xs, ys))
        })
        .filter(|(l, _, _)| *l > 0.0)
        .max_by(|p, q| p.0.total_cmp(&q.0));
    let only_states = |s: &Seed| {
        !s.victim_keys.is_empty()
            && s.victim_keys
                .iter()
                .all(|k| matches!(k, VictimKey::Country(_)))
    };
    if let Some(v) = shared_victim {
        add(&mut out, Feature::VictimId, 1.0, v.name.clone());
    } else if let Some((l, x, y)) = best_name {
        add(
            &mut out,
            Feature::VictimName,
            0.85 * l,
            format!("{x} ~ {y}"),
        );
    } else if only_states(a)
        && only_states(b)
        && let Some(VictimKey::Country(c)) = a.victim_keys.intersection(&b.victim_keys).next()
    {
        add(&mut out, Feature::VictimState, 0.3, c.clone());
    }
    let victim_evidence = !out.is_empty();
    if let Some(m) = a.malware_ids.intersection(&b.malware_ids).next() {
        add(&mut out, Feature::Malware, 0.7, m.clone());
    }
    if let Some(c) = a.cves.intersection(&b.cves).next() {
        add(&mut out, Feature::Cve, 0.6, c.clone());
    }
    // A generic "Chinese state hackers" on both sides says no more than the actor state.
    if let Some(g) = a
        .actor_groups
        .intersection(&b.actor_groups)
        .find(|g| !crate::seeds::is_state_stand_in(g))
    {
        add(&mut out, Feature::ThreatActor, 0.5, g.clone());
    }
    if out.is_empty() {
        return (out, 0.0);
    }
    if let Some(c) = a.actor_countries.intersection(&b.actor_countries).next() {
        add(&mut out, Feature::ActorState, 0.1, c.clone());
    }
    if a.kind == b.kind {
        add(&mut out, Feature::SameType, 0.05, a.kind.as_str().into());
    }
    if a.at.doc == b.at.doc {
        // "APT31 breached the parliament's email. The group exploited CVE-...": in one
        // article, an operation with no victim that names the same threat actor as another
        // tells more of it.
        let actor_detail = (placed_within(a, b) || placed_within(b, a))
            && out.iter().any(|s| s.feature == Feature::ThreatActor);
        if victim_evidence || actor_detail {
            add(&mut out, Feature::SameArticle, 0.2, String::new());
        }
    } else {
        let cos = tfidf::cosine(&vectors[a.at.doc], &vectors[b.at.doc]);
        if cos > 0.0 {
            add(
                &mut out,
                Feature::TextCosine,
                0.4 * cos,
                format!("cosine {cos:.2}"),
            );
        }
        // Two articles that share only a victim and whose texts have almost nothing in
        // common report different attacks on it: a health service, a bank or a party is
        // hit more than once a year ("the NHS" in January and in May 2017).
        let only_victim = shared_victim.is_some()
            && !out.iter().any(|s| {
                matches!(
                    s.feature,
                    Feature::Malware | Feature::Cve | Feature::ThreatActor
                )
            });
        // Over a handful of articles the cosine's word weights mean little: not there.
        if only_victim && cos < MIN_COSINE_VICTIM_ONLY && vectors.len() >= MIN_ARTICLES_FOR_COSINE {
            return (out, 0.0);
        }
    }
    let total = out.iter().map(|s| s.value).sum();
    (out, total)
}

/// True when `a` names no victim but states, each a state of one of `b`'s victims (or
/// none at all): what it says of the victim `b` already says.
fn placed_within(a: &Seed, b: &Seed) -> bool {
    a.victim_keys.iter().all(|k| match k {
        VictimKey::Country(c) => b
            .victims
            .iter()
            .any(|v| v.country.as_deref() == Some(c.as_str())),
        VictimKey::Entity(_) => false,
    })
}

/// The least TF-IDF cosine between two articles for a shared victim alone to join their
/// operations.
const MIN_COSINE_VICTIM_ONLY: f64 = 0.10;

/// How many articles the corpus needs before a low cosine counts against a join.
const MIN_ARTICLES_FOR_COSINE: usize = 20;

/// Weak seeds join their nearest operation: same sentence, then the sentence before,
/// then the one after; in an article where every seed is weak, they join each other.
fn link_within_articles(
    corpus: &Corpus<'_>,
    seeds: &[Seed],
    forest: &mut Forest,
    log: &mut Vec<Decision>,
) {
    let mut by_doc: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, s) in seeds.iter().enumerate() {
        by_doc.entry(s.at.doc).or_default().push(i);
    }
    for members in by_doc.values() {
        let all_weak = members.iter().all(|&i| seeds[i].is_weak());
        let sentence_index = sentence_indices(corpus, seeds, members);
        for &i in members.iter().filter(|&&i| seeds[i].is_weak()) {
            let ranked = nearest_first(corpus, seeds, &sentence_index, i, members, all_weak);
            for (feature, j) in ranked {
                let outcome = match forest.refusal(j, i, false, false) {
                    Some(why) => Outcome::Refused(why),
                    None => Outcome::Joined,
                };
                let joined = outcome == Outcome::Joined && forest.try_join(j, i, false);
                log.push(Decision {
                    step: Step::Link,
                    left: seeds[i].at,
                    right: seeds[j].at,
                    features: vec![Score {
                        feature,
                        value: 1.0,
                        detail: String::new(),
                    }],
                    score: 1.0,
                    outcome,
                });
                if joined {
                    break;
                }
            }
        }
    }
}

/// The sentence number of each seed in its article (by the document's sentence layer,
/// else by the order of the distinct sentences the article's events sit in).
fn sentence_indices(
    corpus: &Corpus<'_>,
    seeds: &[Seed],
    members: &[usize],
) -> HashMap<usize, usize> {
    let starts: BTreeSet<usize> = members
        .first()
        .map(|&i| corpus.doc(seeds[i].at))
        .into_iter()
        .flat_map(|doc| doc.events.iter().map(move |ev| sentence_of(doc, ev).start))
        .collect();
    let rank: Vec<usize> = starts.into_iter().collect();
    members
        .iter()
        .map(|&i| {
            let doc = corpus.doc(seeds[i].at);
            let span = sentence_of(doc, corpus.event(seeds[i].at));
            let n = doc
                .sentence_at(span.start)
                .unwrap_or_else(|| rank.partition_point(|&s| s < span.start));
            (i, n)
        })
        .collect()
}

/// Other seeds of the article that seed `i` may join, closest first, with the feature
/// that makes them close.
fn nearest_first(
    corpus: &Corpus<'_>,
    seeds: &[Seed],
    sentence_index: &HashMap<usize, usize>,
    i: usize,
    members: &[usize],
    all_weak: bool,
) -> Vec<(Feature, usize)> {
    let me = sentence_index[&i];
    let pos = corpus.event(seeds[i].at).trigger.start;
    let mut ranked: Vec<(u8, usize, usize, Feature)> = members
        .iter()
        .filter(|&&j| j != i)
        .filter_map(|&j| {
            let other = sentence_index[&j];
            let (tier, feature) = if other == me {
                (0, Feature::SameSentence)
            } else if other + 1 == me {
                (1, Feature::NeighbourSentence)
            } else if other == me + 1 {
                (2, Feature::NeighbourSentence)
            } else if all_weak {
                (3, Feature::SameArticle)
            } else {
                return None;
            };
            let distance = corpus.event(seeds[j].at).trigger.start.abs_diff(pos);
            Some((tier, distance, j, feature))
        })
        .collect();
    ranked.sort_by_key(|&(tier, distance, j, _)| (tier, distance, j));
    ranked.into_iter().map(|(_, _, j, f)| (f, j)).collect()
}
