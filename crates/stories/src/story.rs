//! Stories: articles that report the same news event, and the near-duplicate copies
//! among them.
//!
//! Two articles are one story when any of these holds (the tests of [`StoryTest`]):
//! - they report one incident (both report its operations; a statement about it that
//!   another article quotes in passing does not count);
//! - they are near-duplicates (MinHash over word shingles, see [`crate::minhash`]);
//! - published within `window_days` of each other (undated agrees), they are alike both
//!   in wording and in what they name: the geometric mean of their TF-IDF cosine and of
//!   the cosine of their entities (entity ids weighted by rarity, so a shared state says
//!   little and a shared company, group or malware much) reaches `evidence_threshold`;
//! - within the window, their wording alone is very alike (`strong_text`);
//! - within the window, their wording is alike (`text_threshold`) and they share who or
//!   whom: a named party (not a state) of their events, or the same event type with the
//!   same parties' states.
//!
//! The joins are made copies first, then strongest first (a shared incident counts as
//! strongest), and one that would make a story's dated articles span more than the
//! window is refused: single links would otherwise chain a season of reports on one
//! vendor into one story, or bridge two stories through an article that mentions both
//! incidents. Two exceptions may span longer: copies, and two articles whose *lead*
//! operation (the first each reports) is the same incident — a follow-up weeks later
//! on the incident an article is about continues its story.
//!
//! The geometric mean asks for both kinds of evidence: two reports of one breach share
//! rare names *and* words, while two reports of different breaches by one state share
//! the state's name and the field's vocabulary but seldom both to a high degree.
//!
//! Candidate pairs come from an index of each article's most weighted terms and
//! entities and from the LSH bands, so the work grows with the corpus rather than with
//! its pairs. The pairs found to be one story also join the two articles' *lead*
//! operations (the first each reports) into one incident when the incident gates allow
//! ([`link_leads`]): a wire story rewritten by many outlets is one incident even when
//! extraction found no victim to merge on.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use dossier_model::incident::Story;
use dossier_model::{Document, EntityKind, EventType, PartialDate, Role};

use crate::cluster::{Decision, Forest};
use crate::correct::Correction;
use crate::explain::{ArticleId, Feature, Outcome, Score, Step, StoryExplanation, StoryTest};
use crate::minhash::{MinHashOptions, MinHasher, Signature, near_duplicate_pairs};
use crate::resolve::{Corpus, arg_entities, country_of, hash_id};
use crate::seeds::Seed;
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
    /// √(text cosine × entity cosine) from which two articles are one story.
    pub evidence_threshold: f64,
    /// Most days between publication dates of one story's articles.
    pub window_days: i64,
}

impl Default for StoryOptions {
    fn default() -> Self {
        StoryOptions {
            minhash: MinHashOptions::default(),
            text_threshold: 0.25,
            strong_text: 0.5,
            evidence_threshold: 0.22,
            window_days: 14,
        }
    }
}

/// Terms per article that go into the candidate index.
const TOP_TERMS: usize = 12;

/// Entities per article that go into the candidate index.
const TOP_ENTITIES: usize = 8;

/// Index buckets larger than this are too common a term to pair all their members.
const MAX_BUCKET: usize = 200;

/// Seeds at the top of an article that may stand for it when two stories' leads meet.
const LEDE_SEEDS: usize = 3;

/// Shared parties and entities named in an explanation, at most.
const DETAIL_ITEMS: usize = 4;

/// What the story test reads from each article of a corpus.
pub(crate) struct Articles {
    /// TF-IDF vectors of the texts.
    pub text: Vec<Vector>,
    /// Rarity-weighted vectors of the entities each article mentions.
    entities: Vec<Vector>,
    /// Entity id → name, for explanations.
    names: HashMap<String, String>,
    /// Who and whom each article's events name.
    parties: Vec<Parties>,
    /// MinHash signatures of the texts.
    signatures: Vec<Signature>,
    /// Near-duplicate candidates from the LSH bands.
    banded: BTreeSet<(usize, usize)>,
    /// Entity ids in the order of the entity vectors' term ids.
    entity_ids: Vec<String>,
}

impl Articles {
    /// Read every article of the corpus.
    pub fn of(corpus: &Corpus<'_>, options: &StoryOptions) -> Self {
        let text = tfidf::vectors(corpus.docs.iter().map(|d| d.text.as_str()));
        let bags: Vec<Vec<String>> = corpus.docs.iter().map(|d| entity_bag(d)).collect();
        let entities = tfidf::weigh(&bags);
        // Term ids are given in order of first appearance: the same walk recovers them.
        let mut entity_ids: Vec<String> = Vec::new();
        let mut seen = BTreeSet::new();
        for id in bags.iter().flatten() {
            if seen.insert(id.as_str()) {
                entity_ids.push(id.clone());
            }
        }
        let names = corpus
            .docs
            .iter()
            .flat_map(|d| d.entities.iter())
            .map(|e| (e.id.clone(), e.name.clone()))
            .collect();
        let hasher = MinHasher::new(options.minhash);
        let signatures: Vec<Signature> = corpus
            .docs
            .iter()
            .map(|d| hasher.signature(&d.text))
            .collect();
        let banded = near_duplicate_pairs(&signatures, hasher.lsh(), options.minhash.threshold)
            .into_iter()
            .map(|(i, j, _)| (i as usize, j as usize))
            .map(|(i, j)| (i.min(j), i.max(j)))
            .collect();
        Articles {
            text,
            entities,
            names,
            parties: corpus.docs.iter().map(|d| Parties::of(d)).collect(),
            signatures,
            banded,
            entity_ids,
        }
    }

    /// Every candidate pair, tested, in (first, second) order; a pair that passes its
    /// test but would stretch its story over more than the window is refused (see
    /// [`settle`]).
    pub fn pairs(&self, corpus: &Corpus<'_>, options: &StoryOptions) -> Vec<Pair> {
        let mut candidates = top_candidates(&self.text, TOP_TERMS);
        candidates.extend(top_candidates(&self.entities, TOP_ENTITIES));
        candidates.extend(self.banded.iter().copied());
        let mut pairs: Vec<Pair> = candidates
            .into_iter()
            .map(|(a, b)| self.test(corpus, options, a, b))
            .collect();
        settle(corpus, &mut pairs, options.window_days);
        pairs
    }

    /// The story test of the module docs for articles `a` < `b`.
    fn test(&self, corpus: &Corpus<'_>, options: &StoryOptions, a: usize, b: usize) -> Pair {
        let text = tfidf::cosine(&self.text[a], &self.text[b]);
        let entities = tfidf::cosine(&self.entities[a], &self.entities[b]);
        let jaccard = self.signatures[a].similarity(&self.signatures[b]);
        let days = days_apart(corpus.docs[a].meta.published, corpus.docs[b].meta.published);
        let evidence = (text * entities).sqrt();
        let window = days.is_none_or(|d| d <= options.window_days);
        let (test, score, threshold, outcome) = if jaccard >= options.minhash.threshold {
            // Copies are one story whenever they were published.
            let t = options.minhash.threshold;
            (StoryTest::NearDuplicate, jaccard, t, Outcome::Joined)
        } else if !window {
            let why = format!(
                "published {} days apart, more than {}",
                days.unwrap_or_default(),
                options.window_days
            );
            let t = options.evidence_threshold;
            (
                StoryTest::TextAndEntities,
                evidence,
                t,
                Outcome::Refused(why),
            )
        } else if evidence >= options.evidence_threshold {
            let t = options.evidence_threshold;
            (StoryTest::TextAndEntities, evidence, t, Outcome::Joined)
        } else if text >= options.strong_text {
            (
                StoryTest::StrongText,
                text,
                options.strong_text,
                Outcome::Joined,
            )
        } else if text >= options.text_threshold && self.share_a_party(a, b) {
            let t = options.text_threshold;
            (StoryTest::TextAndParty, text, t, Outcome::Joined)
        } else {
            let t = options.evidence_threshold;
            (
                StoryTest::TextAndEntities,
                evidence,
                t,
                Outcome::BelowThreshold,
            )
        };
        Pair {
            a,
            b,
            text,
            entities,
            jaccard,
            days,
            window: options.window_days,
            test,
            score,
            threshold,
            outcome,
        }
    }

    /// True when the two articles' events share a named party or an event type against
    /// the same state.
    fn share_a_party(&self, a: usize, b: usize) -> bool {
        let (pa, pb) = (&self.parties[a], &self.parties[b]);
        pa.named.keys().any(|id| pb.named.contains_key(id)) || !pa.typed.is_disjoint(&pb.typed)
    }

    /// (roles, name) of the named parties both articles' events give.
    fn shared_parties(&self, a: usize, b: usize) -> Vec<(String, String)> {
        let (pa, pb) = (&self.parties[a], &self.parties[b]);
        pa.named
            .iter()
            .filter_map(|(id, (roles, name))| {
                let (other, _) = pb.named.get(id)?;
                let roles: BTreeSet<&str> = roles.union(other).map(|r| r.as_str()).collect();
                Some((
                    roles.into_iter().collect::<Vec<_>>().join("/"),
                    name.clone(),
                ))
            })
            .collect()
    }

    /// (event type, state) both articles' events give.
    fn shared_events(&self, a: usize, b: usize) -> Vec<(EventType, String)> {
        let (pa, pb) = (&self.parties[a], &self.parties[b]);
        pa.typed.intersection(&pb.typed).cloned().collect()
    }

    /// Names of the entities both articles mention, weightiest first.
    fn shared_entities(&self, a: usize, b: usize) -> Vec<String> {
        let weights: HashMap<u32, f32> = self.entities[b].iter().copied().collect();
        let mut both: Vec<(f32, u32)> = self.entities[a]
            .iter()
            .filter_map(|&(t, w)| weights.get(&t).map(|v| (w * v, t)))
            .collect();
        both.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        both.into_iter()
            .filter_map(|(_, t)| self.entity_ids.get(t as usize))
            .map(|id| self.names.get(id).cloned().unwrap_or_else(|| id.clone()))
            .collect()
    }
}

/// The entity ids an article mentions, once per mention (states and sectors too: their
/// weight falls with how many articles name them). Sectors are left out: "health" or
/// "energy" is a topic, not a party.
fn entity_bag(doc: &Document) -> Vec<String> {
    doc.entities
        .iter()
        .filter(|e| e.kind != EntityKind::Sector)
        .flat_map(|e| std::iter::repeat_n(e.id.clone(), e.mentions.len().max(1)))
        .collect()
}

/// An article pair the story test weighed.
#[derive(Debug, Clone)]
pub(crate) struct Pair {
    /// The first article (corpus index).
    pub a: usize,
    /// The second article.
    pub b: usize,
    text: f64,
    entities: f64,
    jaccard: f64,
    days: Option<i64>,
    window: i64,
    /// The deciding test, its score and threshold, and the verdict.
    pub test: StoryTest,
    pub score: f64,
    pub threshold: f64,
    pub outcome: Outcome,
}

impl Pair {
    /// True when the test made the two one story.
    pub fn joined(&self) -> bool {
        self.outcome == Outcome::Joined
    }

    /// The deciding test and the main measures, in a few words.
    fn summary(&self, articles: &Articles) -> String {
        let mut s = format!(
            "{} ≥ {:.2}: text-cosine {:.2}, entity-cosine {:.2}",
            self.test.as_str(),
            self.threshold,
            self.text,
            self.entities
        );
        if let Some(first) = articles.shared_entities(self.a, self.b).first() {
            s.push_str(&format!(" ({first}…)"));
        }
        if self.test == StoryTest::NearDuplicate {
            s.push_str(&format!(", minhash-jaccard {:.2}", self.jaccard));
        }
        s
    }

    /// Everything measured, as explanation features.
    pub fn features(&self, articles: &Articles) -> Vec<Score> {
        let score = |feature, value, detail: String| Score {
            feature,
            value,
            detail,
        };
        let list = |items: &[String]| {
            let mut s = items
                .iter()
                .take(DETAIL_ITEMS)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if items.len() > DETAIL_ITEMS {
                s.push_str(&format!(", +{}", items.len() - DETAIL_ITEMS));
            }
            s
        };
        let mut out = vec![
            score(Feature::TextCosine, self.text, String::new()),
            score(
                Feature::EntityCosine,
                self.entities,
                list(&articles.shared_entities(self.a, self.b)),
            ),
        ];
        let parties: Vec<String> = articles
            .shared_parties(self.a, self.b)
            .into_iter()
            .map(|(role, name)| format!("{role} {name}"))
            .collect();
        if !parties.is_empty() {
            out.push(score(
                Feature::SharedParty,
                parties.len() as f64,
                list(&parties),
            ));
        }
        let events: Vec<String> = articles
            .shared_events(self.a, self.b)
            .into_iter()
            .map(|(kind, state)| format!("{kind} {state}"))
            .collect();
        if !events.is_empty() {
            out.push(score(
                Feature::SameEvents,
                events.len() as f64,
                list(&events),
            ));
        }
        if let Some(days) = self.days {
            out.push(score(
                Feature::DateDistance,
                days as f64,
                format!("window {}", self.window),
            ));
        }
        out.push(score(Feature::MinhashJaccard, self.jaccard, String::new()));
        out
    }
}

/// Join the pairs that passed their test, refusing those that would stretch a story
/// over more than `window` days (see [`Stories::settle`]).
fn settle(corpus: &Corpus<'_>, pairs: &mut [Pair], window: i64) {
    let edges: Vec<Edge> = pairs.iter().filter(|p| p.joined()).map(Edge::of).collect();
    let mut stories = Stories::new(corpus);
    let verdicts = stories.settle(&edges, window);
    let mut verdict = edges.iter().zip(verdicts);
    for p in pairs.iter_mut().filter(|p| p.joined()) {
        if let Some((_, Err(why))) = verdict.next() {
            p.outcome = Outcome::Refused(why);
        }
    }
}

/// A join proposed between two articles: exempt ones go first, then by score.
#[derive(Debug, Clone, Copy)]
struct Edge {
    a: usize,
    b: usize,
    /// Copies and articles led by one incident: joined first, and free of the span.
    exempt: bool,
    score: f64,
}

impl Edge {
    fn of(p: &Pair) -> Self {
        Edge {
            a: p.a,
            b: p.b,
            exempt: p.test == StoryTest::NearDuplicate,
            score: p.score,
        }
    }
}

/// Union-find over articles; each story root holds the span of its dated articles.
struct Stories {
    parent: Vec<usize>,
    span: Vec<Option<(NaiveDate, NaiveDate)>>,
}

impl Stories {
    fn new(corpus: &Corpus<'_>) -> Self {
        Stories {
            parent: (0..corpus.docs.len()).collect(),
            span: corpus
                .docs
                .iter()
                .map(|d| d.meta.published.and_then(|p| p.to_naive()).map(|x| (x, x)))
                .collect(),
        }
    }

    fn root(&mut self, i: usize) -> usize {
        root(&mut self.parent, i)
    }

    /// Join the edges, exempt ones first and then strongest first, refusing an edge whose
    /// join would make a story's dated articles span more than `window` days (exempt
    /// ones excepted). Each pair is within the window by itself, but one pair after another
    /// could chain a season of reports on one vendor's patches into one "story". Returns
    /// one verdict per edge, in the order given.
    fn settle(&mut self, edges: &[Edge], window: i64) -> Vec<Result<(), String>> {
        let mut order: Vec<usize> = (0..edges.len()).collect();
        order.sort_by(|&x, &y| {
            let (p, q) = (&edges[x], &edges[y]);
            q.exempt
                .cmp(&p.exempt)
                .then(q.score.total_cmp(&p.score))
                .then((p.a, p.b).cmp(&(q.a, q.b)))
        });
        let mut verdicts = vec![Ok(()); edges.len()];
        for i in order {
            let (ra, rb) = (self.root(edges[i].a), self.root(edges[i].b));
            if ra == rb {
                continue;
            }
            let merged = match (self.span[ra], self.span[rb]) {
                (Some((a0, a1)), Some((b0, b1))) => Some((a0.min(b0), a1.max(b1))),
                (x, y) => x.or(y),
            };
            let days = merged.map_or(0, |(lo, hi)| (hi - lo).num_days());
            if days > window && !edges[i].exempt {
                verdicts[i] = Err(format!(
                    "the story would span {days} days, more than {window}"
                ));
                continue;
            }
            let (keep, gone) = (ra.min(rb), ra.max(rb));
            self.parent[gone] = keep;
            self.span[keep] = merged;
        }
        verdicts
    }
}

/// Pairs of articles that share one of their `top` most weighted terms.
fn top_candidates(vectors: &[Vector], top: usize) -> BTreeSet<(usize, usize)> {
    let mut index: HashMap<u32, Vec<usize>> = HashMap::new();
    for (d, v) in vectors.iter().enumerate() {
        let mut best: Vec<&(u32, f32)> = v.iter().collect();
        best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for (t, _) in best.into_iter().take(top) {
            index.entry(*t).or_default().push(d);
        }
    }
    crate::cluster::bucket_pairs(index.values(), MAX_BUCKET)
}

/// Days between two publication dates known to the day.
fn days_apart(a: Option<PartialDate>, b: Option<PartialDate>) -> Option<i64> {
    let (x, y) = (a?.to_naive()?, b?.to_naive()?);
    Some((x - y).num_days().abs())
}

/// Who and whom an article's events name.
#[derive(Debug, Default)]
struct Parties {
    /// Named parties that are not states: entity id → (roles, name).
    named: BTreeMap<String, (BTreeSet<Role>, String)>,
    /// (event type, states of its parties).
    typed: BTreeSet<(EventType, String)>,
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
                        if let Some(c) = country_of(&e) {
                            p.typed.insert((ev.kind, c));
                        }
                    } else {
                        p.named
                            .entry(e.id)
                            .or_insert_with(|| (BTreeSet::new(), e.name))
                            .0
                            .insert(arg.role);
                    }
                }
            }
        }
        p
    }
}

/// Join the lead operations of every two articles found to be one story, strongest
/// evidence first, unless the incident gates refuse ([`Forest::story_refusal`]: also
/// operations of different years). An article's lead is the seed it
/// reports first: news puts the main event in the headline and the lede. When the gates
/// refuse the two leads, the next seeds of the lede ([`LEDE_SEEDS`] of each, nearest
/// the top first) are tried: extraction may have given the lead a wrong victim.
pub(crate) fn link_leads(
    seeds: &[Seed],
    corpus: &Corpus<'_>,
    articles: &Articles,
    pairs: &[Pair],
    forest: &mut Forest,
    log: &mut Vec<Decision>,
) {
    let mut lede: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, s) in seeds.iter().enumerate() {
        lede.entry(s.at.doc).or_default().push(i);
    }
    for members in lede.values_mut() {
        members.sort_by_key(|&i| (corpus.event(seeds[i].at).trigger.start, i));
        members.truncate(LEDE_SEEDS);
    }
    let mut joined: Vec<&Pair> = pairs.iter().filter(|p| p.joined()).collect();
    joined.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    for p in joined {
        let (Some(a), Some(b)) = (lede.get(&p.a), lede.get(&p.b)) else {
            continue;
        };
        // Seed pairs nearest the top of both articles first.
        let mut tries: Vec<(usize, usize, usize)> = (0..a.len())
            .flat_map(|x| (0..b.len()).map(move |y| (x + y, x, y)))
            .collect();
        tries.sort_unstable();
        let mut decision = None;
        for (_, x, y) in tries {
            let (i, j) = (a[x], b[y]);
            match forest.story_refusal(i, j) {
                Some(why) => {
                    decision.get_or_insert((i, j, Outcome::Refused(why)));
                }
                None => {
                    forest.union(i, j);
                    decision = Some((i, j, Outcome::Joined));
                    break;
                }
            }
        }
        let Some((i, j, outcome)) = decision else {
            continue;
        };
        log.push(Decision {
            step: Step::Story,
            left: seeds[j].at,
            right: seeds[i].at,
            features: vec![Score {
                feature: Feature::SameStory,
                value: p.score,
                detail: p.summary(articles),
            }],
            score: p.score,
            outcome,
        });
    }
}

/// The stories of the documents (every article is in exactly one; an article alone is
/// a story of one), ordered by their earliest article. Within a story, `duplicates`
/// lists its near-duplicate pairs.
pub fn stories_with(
    docs: &[Document],
    corrections: &[Correction],
    options: &StoryOptions,
) -> Vec<Story> {
    let corpus = Corpus::new(docs);
    let analysis = crate::Analysis::of(&corpus, corrections, options);
    Grouping::of(&corpus, &analysis, options).stories
}

/// Every story grouping decision behind [`stories_with`]: each pair of articles the
/// story test compared (same story, below threshold, or kept apart by the date window),
/// with what it measured, and the pairs joined because they report one incident. Each
/// names the story its first article ended in; ordered by story, then strongest first.
pub fn explain_stories(
    docs: &[Document],
    corrections: &[Correction],
    options: &StoryOptions,
) -> Vec<StoryExplanation> {
    let corpus = Corpus::new(docs);
    let analysis = crate::Analysis::of(&corpus, corrections, options);
    let grouping = Grouping::of(&corpus, &analysis, options);
    let article = |d: usize| ArticleId {
        article: corpus.docs[d].id.clone(),
        source: corpus.docs[d].meta.source.clone(),
    };
    let story = |d: usize| grouping.story_of[d];
    let mut out: Vec<(usize, StoryExplanation)> = Vec::new();
    for (p, outcome) in analysis.pairs.iter().zip(&grouping.pair_outcomes) {
        out.push((
            story(p.a),
            StoryExplanation {
                test: p.test,
                left: article(p.a),
                right: article(p.b),
                features: p.features(&analysis.articles),
                score: p.score,
                threshold: p.threshold,
                outcome: outcome.clone(),
                story: Some(grouping.stories[story(p.a)].id.clone()),
            },
        ));
    }
    for ((a, b, incident), outcome) in grouping
        .incident_pairs
        .iter()
        .zip(&grouping.incident_outcomes)
    {
        out.push((
            story(*a),
            StoryExplanation {
                test: StoryTest::SharedIncident,
                left: article(*a),
                right: article(*b),
                features: vec![Score {
                    feature: Feature::SharedIncident,
                    value: 1.0,
                    detail: incident.get(..8).unwrap_or(incident).to_string(),
                }],
                score: 1.0,
                threshold: 1.0,
                outcome: outcome.clone(),
                story: Some(grouping.stories[story(*a)].id.clone()),
            },
        ));
    }
    out.sort_by(|(sa, a), (sb, b)| {
        let joined = |e: &StoryExplanation| e.outcome != Outcome::Joined;
        sa.cmp(sb)
            .then(joined(a).cmp(&joined(b)))
            .then(b.score.total_cmp(&a.score))
            .then_with(|| (&a.left.source, &a.right.source).cmp(&(&b.left.source, &b.right.source)))
    });
    out.into_iter().map(|(_, e)| e).collect()
}

/// The stories of a corpus and the final verdict on every proposed join.
struct Grouping {
    stories: Vec<Story>,
    /// Index (into `stories`) of each article's story.
    story_of: Vec<usize>,
    /// The outcome of each of the analysis's pairs once incidents joined stories too.
    pair_outcomes: Vec<Outcome>,
    /// (first article, other article, incident id) of the articles reporting one
    /// incident, and the outcome of each.
    incident_pairs: Vec<(usize, usize, String)>,
    incident_outcomes: Vec<Outcome>,
}

impl Grouping {
    /// Copies, articles that report one incident, and the pairs that passed the story
    /// test, joined under the window's span (see [`Stories::settle`]); copies and
    /// articles led by the same incident are exempt.
    fn of(corpus: &Corpus<'_>, analysis: &crate::Analysis, options: &StoryOptions) -> Self {
        let mut incident_pairs = Vec::new();
        let lead = analysis.lead_incidents(corpus);
        // Articles led by the incident may join its story whatever their dates.
        let mut exempt = Vec::new();
        for (g, (incident, docs)) in analysis
            .incident_ids(corpus)
            .into_iter()
            .zip(analysis.reporting_articles())
            .enumerate()
        {
            let mut docs = docs.into_iter();
            if let Some(first) = docs.next() {
                for d in docs {
                    exempt.push(lead.get(&first) == Some(&g) && lead.get(&d) == Some(&g));
                    incident_pairs.push((first, d, incident.clone()));
                }
            }
        }
        let joined: Vec<usize> = (0..analysis.pairs.len())
            .filter(|&i| analysis.pairs[i].joined())
            .collect();
        let mut edges: Vec<Edge> = joined
            .iter()
            .map(|&i| Edge::of(&analysis.pairs[i]))
            .collect();
        edges.extend(
            incident_pairs
                .iter()
                .zip(&exempt)
                .map(|(&(a, b, _), &x)| Edge {
                    a,
                    b,
                    exempt: x,
                    score: 1.0,
                }),
        );
        let mut union = Stories::new(corpus);
        let verdicts = union.settle(&edges, options.window_days);
        let refused = |v: &Result<(), String>| match v {
            Ok(()) => Outcome::Joined,
            Err(why) => Outcome::Refused(why.clone()),
        };
        let mut pair_outcomes: Vec<Outcome> =
            analysis.pairs.iter().map(|p| p.outcome.clone()).collect();
        for (&i, v) in joined.iter().zip(&verdicts) {
            pair_outcomes[i] = refused(v);
        }
        let incident_outcomes = verdicts[joined.len()..].iter().map(refused).collect();

        let n = corpus.docs.len();
        let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for d in 0..n {
            members.entry(union.root(d)).or_default().push(d);
        }
        let mut story_of = vec![0; n];
        let stories = members
            .into_values()
            .enumerate()
            .map(|(s, docs)| {
                docs.iter().for_each(|&d| story_of[d] = s);
                let ids: Vec<String> = docs.iter().map(|&d| corpus.docs[d].id.clone()).collect();
                let pairs = analysis
                    .pairs
                    .iter()
                    .zip(&pair_outcomes)
                    .filter(|(p, o)| p.test == StoryTest::NearDuplicate && **o == Outcome::Joined)
                    .filter(|(p, _)| docs.contains(&p.a))
                    .map(|(p, _)| (corpus.docs[p.a].id.clone(), corpus.docs[p.b].id.clone()))
                    .collect();
                let mut sorted = ids.clone();
                sorted.sort();
                Story {
                    id: hash_id(sorted),
                    articles: ids,
                    duplicates: pairs,
                }
            })
            .collect();
        Grouping {
            stories,
            story_of,
            pair_outcomes,
            incident_pairs,
            incident_outcomes,
        }
    }
}

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::Step;
    use crate::testkit::Article;
    use dossier_model::Metadata;
    use dossier_model::{EntityKind as K, EventType as T, Role as R};

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
        assert_eq!(days_apart(None, PartialDate::parse_iso("2020-01-01")), None);
        assert_eq!(
            days_apart(
                PartialDate::parse_iso("2024-04-02"),
                PartialDate::parse_iso("2024-03-30")
            ),
            Some(3)
        );
    }

    /// A report that state hackers hit a port operator, naming no victim the incident
    /// layer can key on; `state` is the actor's state.
    fn port_report(source: &str, published: &str, text: &str, state: (&str, &str)) -> Document {
        let (code, name) = state;
        let id = format!("country:{code}");
        Article::new(source, Some(published), text)
            .entity(&id, name, K::Country, Some(code), &[name])
            .entity(
                "actor:cobalt-lantern",
                "Cobalt Lantern",
                K::ThreatActor,
                None,
                &["Cobalt Lantern"],
            )
            .entity(
                "location:bergen",
                "Bergen",
                K::Location,
                Some("NO"),
                &["Bergen"],
            )
            .event(
                T::Intrusion,
                "broke into",
                &[(R::Attacker, name, Some(id.as_str()))],
                None,
            )
            .doc
    }

    /// Two rewrites of one story, an article of the same words about another state's
    /// hackers, a report from months later, and two unrelated reports.
    fn port_corpus() -> Vec<Document> {
        vec![
            port_report(
                "wire.txt",
                "2024-06-03",
                "Police in Bergen said hackers working for Iran broke into the port operator \
                 in May. Researchers call the group Cobalt Lantern. Crew lists and cargo \
                 schedules were copied.",
                ("IR", "Iran"),
            ),
            port_report(
                "rewrite.txt",
                "2024-06-04",
                "Hackers from Iran broke into the Bergen port operator and copied cargo \
                 schedules, police say. The group is known to researchers as Cobalt Lantern.",
                ("IR", "Iran"),
            ),
            port_report(
                "other-state.txt",
                "2024-06-05",
                "Police in Bergen said hackers working for Russia broke into the port operator \
                 in May. Researchers call the group Cobalt Lantern. Crew lists and cargo \
                 schedules were copied.",
                ("RU", "Russia"),
            ),
            port_report(
                "months-later.txt",
                "2024-11-20",
                "For the second time this year, Iran's Cobalt Lantern hackers broke into the \
                 Bergen port operator, police told reporters on Wednesday.",
                ("IR", "Iran"),
            ),
            Article::new(
                "clinic.txt",
                Some("2024-06-03"),
                "A ransomware gang encrypted the booking servers of a Lisbon clinic chain.",
            )
            .doc,
            Article::new(
                "bank.txt",
                Some("2024-06-04"),
                "A phishing wave imitated a payroll office to steal passwords at a Madrid bank.",
            )
            .doc,
        ]
    }

    fn decision<'a>(all: &'a [StoryExplanation], a: &str, b: &str) -> &'a StoryExplanation {
        all.iter()
            .find(|e| {
                e.test != StoryTest::SharedIncident
                    && ((e.left.source == a && e.right.source == b)
                        || (e.left.source == b && e.right.source == a))
            })
            .unwrap_or_else(|| panic!("no decision on {a} ~ {b}: {all:#?}"))
    }

    #[test]
    fn every_story_decision_is_explained_with_its_features_test_and_threshold() {
        let docs = port_corpus();
        let options = StoryOptions::default();
        let all = explain_stories(&docs, &[], &options);

        let same = decision(&all, "wire.txt", "rewrite.txt");
        assert_eq!(same.outcome, Outcome::Joined, "{same}");
        assert_eq!(same.test, StoryTest::TextAndEntities, "{same}");
        assert_eq!(same.threshold, options.evidence_threshold);
        let feature = |e: &StoryExplanation, f: Feature| {
            e.features
                .iter()
                .find(|s| s.feature == f)
                .cloned()
                .unwrap_or_else(|| panic!("no {} in {e}", f.as_str()))
        };
        let (text, entities) = (
            feature(same, Feature::TextCosine).value,
            feature(same, Feature::EntityCosine).value,
        );
        assert!(
            ((text * entities).sqrt() - same.score).abs() < 1e-9,
            "{same}"
        );
        assert!(same.score >= same.threshold);
        assert_eq!(feature(same, Feature::DateDistance).value, 1.0);
        assert!(
            feature(same, Feature::SameEvents)
                .detail
                .contains("intrusion IR")
        );
        assert!(
            feature(same, Feature::EntityCosine)
                .detail
                .contains("Cobalt Lantern"),
            "{same}"
        );
        assert!(feature(same, Feature::MinhashJaccard).value < 0.5);
        assert!(same.to_string().contains("≥ 0.22 → same story"), "{same}");

        let late = decision(&all, "wire.txt", "months-later.txt");
        assert_eq!(
            late.outcome,
            Outcome::Refused("published 170 days apart, more than 14".into()),
            "{late}"
        );
        assert!(
            all.iter()
                .filter(|e| e.left.source == "clinic.txt" || e.right.source == "clinic.txt")
                .all(|e| e.outcome != Outcome::Joined),
            "the clinic report joins nothing"
        );
        let stories = stories_with(&docs, &[], &options);
        let with_wire = stories
            .iter()
            .find(|s| s.articles.contains(&docs[0].id))
            .expect("a story");
        assert!(with_wire.articles.contains(&docs[1].id));
        assert_eq!(same.story.as_deref(), Some(with_wire.id.as_str()));
        assert!(
            !with_wire.articles.contains(&docs[3].id),
            "outside the window"
        );
    }

    #[test]
    fn one_story_joins_its_lead_operations_unless_the_actors_states_differ() {
        let docs = port_corpus();
        let incidents = crate::incidents(&docs);
        let sources = |i: &dossier_model::incident::Incident| {
            let mut s: Vec<String> = i.articles.iter().map(|a| a.source.clone()).collect();
            s.sort();
            s
        };
        let of = |source: &str| {
            incidents
                .iter()
                .find(|i| i.articles.iter().any(|a| a.source == source))
                .map(sources)
                .unwrap_or_default()
        };
        assert_eq!(of("wire.txt"), vec!["rewrite.txt", "wire.txt"]);
        assert_eq!(of("other-state.txt"), vec!["other-state.txt"]);
        let explained = crate::explain_incidents(&docs, &[]);
        let story_links: Vec<&crate::Explanation> =
            explained.iter().filter(|e| e.step == Step::Story).collect();
        assert!(
            story_links.iter().any(|e| e.outcome == Outcome::Joined
                && e.features[0].feature == Feature::SameStory
                && e.features[0].detail.starts_with("text-and-entities ≥ 0.22")),
            "{story_links:#?}"
        );
        assert!(
            story_links.iter().any(|e| matches!(
                &e.outcome,
                Outcome::Refused(why) if why.starts_with("actors of different states")
            )),
            "{story_links:#?}"
        );
    }

    #[test]
    fn a_story_does_not_chain_past_its_window() {
        let texts = [
            "Police in Bergen said hackers working for Iran broke into the port operator \
             in May. Researchers call the group Cobalt Lantern. Crew lists were copied.",
            "Hackers from Iran broke into the Bergen port operator and copied cargo \
             schedules, police say. The group is known to researchers as Cobalt Lantern.",
            "Cobalt Lantern, the Iranian group that broke into the Bergen port operator, \
             also took crew lists and cargo schedules, police in Bergen now say.",
        ];
        let dates = ["2024-06-01", "2024-06-11", "2024-06-21"];
        let mut docs: Vec<Document> = texts
            .iter()
            .zip(dates)
            .enumerate()
            .map(|(i, (text, date))| port_report(&format!("{i}.txt"), date, text, ("IR", "Iran")))
            .collect();
        docs.extend(port_corpus().into_iter().skip(4));
        let options = StoryOptions::default();
        let all = explain_stories(&docs, &[], &options);
        let first_last = decision(&all, "0.txt", "2.txt");
        assert!(
            matches!(&first_last.outcome, Outcome::Refused(why) if why.contains("20 days apart")),
            "{first_last}"
        );
        // 0~1 and 1~2 are ten days apart each, but both would make one twenty-day story.
        let links = [
            decision(&all, "0.txt", "1.txt"),
            decision(&all, "1.txt", "2.txt"),
        ];
        assert!(links.iter().all(|e| e.score >= e.threshold), "{links:#?}");
        assert_eq!(
            links
                .iter()
                .filter(|e| matches!(&e.outcome, Outcome::Refused(why)
                    if why == "the story would span 20 days, more than 14"))
                .count(),
            1,
            "{links:#?}"
        );
        let stories = stories_with(&docs, &[], &options);
        assert!(stories.iter().all(|s| s.articles.len() < 3), "{stories:#?}");
    }
}
