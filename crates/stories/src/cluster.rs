//! Clustering seeds into incidents with a union-find.
//!
//! Two seeds are linked when they share a victim, a piece of malware or a named threat
//! actor, or when one of them names no victim and sits next to the other in the same
//! article. A link only joins two clusters whose *whole* contents stay compatible: actors
//! of the same state (or one side unknown) and operation years at most a year apart (or
//! unknown). Checking clusters rather than pairs keeps an event of unknown actor from
//! chaining a Chinese and a Russian operation together.

use std::collections::{BTreeMap, BTreeSet};

use crate::resolve::{Corpus, sentence_of};
use crate::seeds::{Seed, VictimKey};

/// How far apart (in years) the operation dates of one incident may lie.
const YEAR_GAP: i32 = 1;

/// The gap allowed when the same named victim and the same state's actor agree: then a
/// wider spread of dates is more likely a reporting discrepancy than another incident.
const YEAR_GAP_SAME_VICTIM_AND_ACTOR: i32 = 3;

/// Why two seeds might belong to one incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    /// They name the same victim; `named` when it is a named victim, not a state.
    Victim { named: bool },
    /// They name the same malware.
    Malware,
    /// They blame the same named threat actor.
    Group,
    /// One names no victim and is the other's neighbour in the same article.
    Neighbour,
}

/// What a cluster says so far, to check that a join keeps it coherent.
#[derive(Debug, Clone, Default)]
struct Summary {
    victims: BTreeSet<VictimKey>,
    countries: BTreeSet<String>,
    years: Option<(i32, i32)>,
}

impl Summary {
    fn of(seed: &Seed) -> Self {
        Summary {
            victims: seed.victim_keys.clone(),
            countries: seed.actor_countries.clone(),
            years: seed.year.map(|y| (y, y)),
        }
    }

    fn absorb(&mut self, other: Summary) {
        self.victims.extend(other.victims);
        self.countries.extend(other.countries);
        self.years = match (self.years, other.years) {
            (Some((a0, a1)), Some((b0, b1))) => Some((a0.min(b0), a1.max(b1))),
            (a, b) => a.or(b),
        };
    }
}

/// True when neither side knows anything, or both know something in common.
fn agree<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> bool {
    a.is_empty() || b.is_empty() || !a.is_disjoint(b)
}

fn can_join(a: &Summary, b: &Summary, link: Link) -> bool {
    if !agree(&a.countries, &b.countries) {
        return false;
    }
    // A threat actor runs many operations: sharing one only links unknown or same victims.
    if link == Link::Group && !agree(&a.victims, &b.victims) {
        return false;
    }
    let same_actor_known = !a.countries.is_empty() && !b.countries.is_empty();
    let max_gap = match link {
        Link::Victim { named: true } if same_actor_known => YEAR_GAP_SAME_VICTIM_AND_ACTOR,
        _ => YEAR_GAP,
    };
    match (a.years, b.years) {
        (Some((a0, a1)), Some((b0, b1))) => a1.max(b1) - a0.min(b0) <= max_gap,
        _ => true,
    }
}

/// Union-find over seed indices, with each root holding its cluster's summary.
struct Forest {
    parent: Vec<usize>,
    summary: Vec<Summary>,
}

impl Forest {
    fn new(seeds: &[Seed]) -> Self {
        Forest {
            parent: (0..seeds.len()).collect(),
            summary: seeds.iter().map(Summary::of).collect(),
        }
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Join the clusters of `a` and `b` if they stay coherent; true when they are one now.
    fn join(&mut self, a: usize, b: usize, link: Link) -> bool {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra == rb {
            return true;
        }
        if !can_join(&self.summary[ra], &self.summary[rb], link) {
            return false;
        }
        // The smaller index stays root, so results do not depend on hash or join order.
        let (keep, gone) = (ra.min(rb), ra.max(rb));
        self.parent[gone] = keep;
        let moved = std::mem::take(&mut self.summary[gone]);
        self.summary[keep].absorb(moved);
        true
    }
}

/// The seeds of each incident (indices into `seeds`, ascending), ordered by first seed.
pub(crate) fn cluster(corpus: &Corpus<'_>, seeds: &[Seed]) -> Vec<Vec<usize>> {
    let mut forest = Forest::new(seeds);
    link_within_articles(corpus, seeds, &mut forest);
    for (link, bucket) in shared_keys(seeds) {
        for (n, &i) in bucket.iter().enumerate() {
            for &j in &bucket[..n] {
                forest.join(j, i, link);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..seeds.len() {
        groups.entry(forest.root(i)).or_default().push(i);
    }
    groups.into_values().collect()
}

/// Seeds that name no victim join their nearest neighbour in the article that does
/// (same sentence first, then the closest before, then after); in an article where no
/// seed names a victim, they join each other.
fn link_within_articles(corpus: &Corpus<'_>, seeds: &[Seed], forest: &mut Forest) {
    let mut by_doc: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, s) in seeds.iter().enumerate() {
        by_doc.entry(s.at.doc).or_default().push(i);
    }
    for members in by_doc.values() {
        let (named, unnamed): (Vec<usize>, Vec<usize>) = members
            .iter()
            .partition(|&&i| !seeds[i].victim_keys.is_empty());
        for &i in &unnamed {
            let candidates = if named.is_empty() {
                unnamed.iter().copied().filter(|&j| j != i).collect()
            } else {
                nearest_first(corpus, seeds, i, &named)
            };
            for j in candidates {
                if forest.join(j, i, Link::Neighbour) {
                    break;
                }
            }
        }
    }
}

/// `others` ordered by closeness to seed `i`: same sentence, then preceding, then following.
fn nearest_first(corpus: &Corpus<'_>, seeds: &[Seed], i: usize, others: &[usize]) -> Vec<usize> {
    let doc = corpus.doc(seeds[i].at);
    let me = corpus.event(seeds[i].at);
    let sentence = sentence_of(doc, me);
    let pos = me.trigger.start;
    let mut ranked: Vec<(u8, usize, usize)> = others
        .iter()
        .map(|&j| {
            let ev = corpus.event(seeds[j].at);
            let tier = if sentence_of(doc, ev).overlaps(sentence) {
                0
            } else if ev.trigger.start < pos {
                1
            } else {
                2
            };
            (tier, ev.trigger.start.abs_diff(pos), j)
        })
        .collect();
    ranked.sort();
    ranked.into_iter().map(|(_, _, j)| j).collect()
}

/// Buckets of seeds that share a key, each with the link it stands for, in a fixed order.
fn shared_keys(seeds: &[Seed]) -> Vec<(Link, Vec<usize>)> {
    let mut victims: BTreeMap<&VictimKey, Vec<usize>> = BTreeMap::new();
    let mut malware: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, s) in seeds.iter().enumerate() {
        s.victim_keys
            .iter()
            .for_each(|k| victims.entry(k).or_default().push(i));
        s.malware_ids
            .iter()
            .for_each(|k| malware.entry(k).or_default().push(i));
        s.actor_groups
            .iter()
            .for_each(|k| groups.entry(k).or_default().push(i));
    }
    let victim_buckets = victims.into_iter().map(|(k, v)| {
        let named = matches!(k, VictimKey::Entity(_));
        (Link::Victim { named }, v)
    });
    victim_buckets
        .chain(malware.into_values().map(|v| (Link::Malware, v)))
        .chain(groups.into_values().map(|v| (Link::Group, v)))
        .filter(|(_, v)| v.len() > 1)
        .collect()
}
