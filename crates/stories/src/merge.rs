//! Merging a vague incident into a specific one through what was said and done about it.
//!
//! An operation reported without victim, malware, CVE or threat actor ("Beijing's cyber
//! espionage") makes a *weak* incident. When the attributions or responses attached to
//! it are the same as those of exactly one specific incident (same speaker's and accused
//! states, or same response type, responders and target, on compatible dates), the two
//! are one: first looked for in the same article, then across the corpus. Ambiguity
//! (two candidates) leaves the weak incident alone.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use dossier_model::event::EventFamily;
use dossier_model::{EntityKind, EventType, PartialDate, Role};

use crate::cluster::{Decision, Forest};
use crate::explain::{Feature, Outcome, Score, Step};
use crate::resolve::{Corpus, EventAt, country_of, time_value};
use crate::seeds::{Seed, role_entities};

/// A statement or response reduced to who did what to whom, and when.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Signature {
    kind: EventType,
    by: BTreeSet<String>,
    against: BTreeSet<String>,
    date: Option<PartialDate>,
    at: EventAt,
}

/// The parts of a signature that must be equal for two to match.
type SigKey<'a> = (EventType, &'a BTreeSet<String>, &'a BTreeSet<String>);

impl Signature {
    fn key(&self) -> SigKey<'_> {
        (self.kind, &self.by, &self.against)
    }

    /// Same act by the same parties at compatible dates.
    fn matches(&self, other: &Signature) -> bool {
        self.kind == other.kind
            && self.by == other.by
            && self.against == other.against
            && dates_compatible(self.date, other.date)
    }
}

/// Unknown dates agree; known ones must fall within about two months.
fn dates_compatible(a: Option<PartialDate>, b: Option<PartialDate>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return true;
    };
    match (a.month, b.month) {
        (Some(ma), Some(mb)) => {
            let months = |y: i32, m: u32| i64::from(y) * 12 + i64::from(m);
            (months(a.year, ma) - months(b.year, mb)).abs() <= 2
        }
        _ => a.year == b.year,
    }
}

/// The state (or, failing that, the id) of each entity in the event's roles.
fn party_keys(corpus: &Corpus<'_>, at: EventAt, roles: &[Role]) -> BTreeSet<String> {
    role_entities(
        corpus.doc(at),
        corpus.event(at),
        roles,
        EntityKind::Organization,
    )
    .iter()
    .map(|e| country_of(e).unwrap_or_else(|| e.id.clone()))
    .collect()
}

fn signature(corpus: &Corpus<'_>, at: EventAt) -> Option<Signature> {
    let ev = corpus.event(at);
    let (by, against): (&[Role], &[Role]) = match ev.kind {
        EventType::Attribution => (&[Role::Speaker], &[Role::Accused]),
        k if k.family() == EventFamily::Response => (&[Role::By], &[Role::Against]),
        _ => return None,
    };
    let sig = Signature {
        kind: ev.kind,
        by: party_keys(corpus, at, by),
        against: party_keys(corpus, at, against),
        date: time_value(ev)
            .and_then(PartialDate::parse_iso)
            .or(corpus.doc(at).meta.published),
        at,
    };
    (!sig.by.is_empty() && !sig.against.is_empty()).then_some(sig)
}

/// Merge weak incidents into the one specific incident whose statements or responses
/// they share. `groups` and `attached` are the clusters and their attached events;
/// returns them regrouped.
pub(crate) fn by_signature(
    corpus: &Corpus<'_>,
    seeds: &[Seed],
    groups: Vec<Vec<usize>>,
    attached: Vec<Vec<EventAt>>,
    forest: &mut Forest,
    log: &mut Vec<Decision>,
) -> (Vec<Vec<usize>>, Vec<Vec<EventAt>>) {
    let sigs: Vec<Vec<Signature>> = groups
        .iter()
        .zip(&attached)
        .map(|(members, events)| {
            members
                .iter()
                .map(|&i| seeds[i].at)
                .chain(events.iter().copied())
                .filter_map(|at| signature(corpus, at))
                .collect()
        })
        .collect();
    let docs: Vec<BTreeSet<usize>> = groups
        .iter()
        .map(|m| m.iter().map(|&i| seeds[i].at.doc).collect())
        .collect();
    let weak: Vec<bool> = groups
        .iter()
        .map(|m| m.iter().all(|&i| seeds[i].is_weak()))
        .collect();
    // Specific incidents' signatures by (act, by, against), so that each weak incident
    // looks only at the incidents that share one of its acts and parties: a scan of
    // every incident for every weak one took minutes at 50,000 incidents.
    let mut index: HashMap<SigKey<'_>, Vec<(usize, &Signature)>> = HashMap::new();
    for (g, list) in sigs.iter().enumerate().filter(|&(g, _)| !weak[g]) {
        for b in list {
            index.entry(b.key()).or_default().push((g, b));
        }
    }
    for w in (0..groups.len()).filter(|&w| weak[w] && !sigs[w].is_empty()) {
        // Per candidate incident (ascending), the first of our signatures that it shares
        // and its first signature matching that one.
        let mut shared: BTreeMap<usize, (Signature, Signature)> = BTreeMap::new();
        for a in &sigs[w] {
            for &(g, b) in index.get(&a.key()).into_iter().flatten() {
                if g != w && !shared.contains_key(&g) && a.matches(b) {
                    shared.insert(g, (a.clone(), b.clone()));
                }
            }
        }
        let candidates: Vec<(usize, Signature, Signature)> =
            shared.into_iter().map(|(g, (a, b))| (g, a, b)).collect();
        let local: Vec<&(usize, Signature, Signature)> = candidates
            .iter()
            .filter(|(g, _, _)| !docs[*g].is_disjoint(&docs[w]))
            .collect();
        let pool: Vec<&(usize, Signature, Signature)> = if local.is_empty() {
            candidates.iter().collect()
        } else {
            local
        };
        let roots: BTreeSet<usize> = pool
            .iter()
            .map(|(g, _, _)| forest.root(groups[*g][0]))
            .collect();
        let Some((g, mine, theirs)) = pool.first().map(|c| (c.0, c.1.clone(), c.2.clone())) else {
            continue;
        };
        let feature = if mine.kind == EventType::Attribution {
            Feature::SameAttribution
        } else {
            Feature::SameResponse
        };
        let detail = format!(
            "{} {} → {}",
            mine.kind,
            mine.by.iter().cloned().collect::<Vec<_>>().join("+"),
            mine.against.iter().cloned().collect::<Vec<_>>().join("+")
        );
        let outcome = if roots.len() > 1 {
            Outcome::Refused(format!("{} specific incidents share it", roots.len()))
        } else {
            match forest.refusal(groups[w][0], groups[g][0], false, false) {
                Some(why) => Outcome::Refused(why),
                None => {
                    forest.union(groups[w][0], groups[g][0]);
                    Outcome::Joined
                }
            }
        };
        log.push(Decision {
            step: Step::Merge,
            left: mine.at,
            right: theirs.at,
            features: vec![Score {
                feature,
                value: 1.0,
                detail,
            }],
            score: 1.0,
            outcome,
        });
    }
    regroup(groups, attached, forest)
}

/// The clusters after merging, each with the union of its parts' attached events.
fn regroup(
    groups: Vec<Vec<usize>>,
    attached: Vec<Vec<EventAt>>,
    forest: &mut Forest,
) -> (Vec<Vec<usize>>, Vec<Vec<EventAt>>) {
    let merged = forest.groups();
    let position: HashMap<usize, usize> = merged
        .iter()
        .enumerate()
        .filter_map(|(p, m)| m.first().map(|&f| (forest.root(f), p)))
        .collect();
    let mut out_attached = vec![Vec::new(); merged.len()];
    for (members, events) in groups.iter().zip(attached) {
        if let Some(&p) = members.first().and_then(|&s| position.get(&forest.root(s))) {
            out_attached[p].extend(events);
        }
    }
    out_attached.iter_mut().for_each(|a| {
        a.sort();
        a.dedup();
    });
    (merged, out_attached)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_within_two_months_or_unknown_agree() {
        let d = |s: &str| PartialDate::parse_iso(s);
        assert!(dates_compatible(d("2024-03-25"), d("2024-02")));
        assert!(!dates_compatible(d("2024-03-25"), d("2023-11")));
        assert!(dates_compatible(None, d("2020")));
        assert!(dates_compatible(d("2024"), d("2024-06-01")));
        assert!(!dates_compatible(d("2023"), d("2024-06-01")));
    }
}
