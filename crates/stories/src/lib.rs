//! Incidents and stories: merging what many articles say into one record per incident.
//!
//! An article reports operations (events of an operation type), statements about them
//! (attribution, denial, warning) and responses (sanctions, indictments, ...). This crate
//! reads the annotated [`Document`]s of many articles and builds the contract's incident
//! and story records (`shared/spec/records.md`):
//!
//! 1. **Seeds.** Every reported operation is a seed, keyed by its victims (by id and by
//!    normalised name), its actor's state, named threat actor, malware, CVEs and year.
//!    An article that reports no operation lets its attributions and responses stand in.
//! 2. **Clusters.** Seeds sharing index keys are scored pair by pair (victim, malware,
//!    CVE, actor, type, TF-IDF cosine) and joined from [`LINK_THRESHOLD`] up, unless the
//!    clusters' actors' states, years or an analyst's split forbid it; vague seeds then
//!    join their neighbours in the article (see `cluster`). Two articles that report the
//!    same story (alike in wording and in the entities they name, see `story`) have
//!    their lead operations joined under the same gates.
//! 3. **Attachment.** Statements and responses join the incident of their sentence, of
//!    the victim or actor they name (preferring the one whose victim's state speaks), of
//!    the nearest operation before them, or an incident of another article.
//! 4. **Merges.** A vague incident joins the one specific incident that shares its
//!    attribution or response (see `merge`).
//!
//! Records list victims, actors, attributions, denials, responses (each with sources),
//! malware, products, CVEs, a timeline and the discrepancies between articles; ids are
//! hashes of member events. [`Correction`]s (merge/split) steer the clustering,
//! [`explain_incidents`] tells why each decision was made, [`incident_dossier`] and
//! [`incident_table`] print for people. [`stories`] groups articles by incident,
//! near-duplicates ([`minhash`]), wording and named entities, and [`explain_stories`]
//! tells why; [`dedup`] finds near-duplicates incrementally against the store.

mod attach;
mod cluster;
pub mod correct;
pub mod dedup;
mod discrepancy;
mod dossier;
pub mod explain;
mod merge;
pub mod minhash;
mod record;
mod resolve;
pub mod review;
mod seeds;
mod story;
mod table;
pub mod tfidf;
mod victim;

use std::collections::{BTreeMap, BTreeSet};

use dossier_model::Document;
use dossier_model::PartialDate;
use dossier_model::incident::{Incident, Story};
use serde::Serialize;

pub use cluster::LINK_THRESHOLD;
pub use correct::{Anchor, Correction, CorrectionError};
pub use dossier::incident_dossier;
pub use explain::Explanation;
pub use explain::StoryExplanation;
pub use story::{StoryOptions, explain_stories, stories_with};
pub use table::incident_table;

use cluster::{Decision, Forest};
use resolve::{Corpus, EventAt};
use seeds::Seed;

/// Seeds, their clusters, the events attached to each cluster, every decision, and the
/// article pairs the story test weighed.
struct Analysis {
    seeds: Vec<Seed>,
    groups: Vec<Vec<usize>>,
    attached: Vec<Vec<EventAt>>,
    log: Vec<Decision>,
    articles: story::Articles,
    pairs: Vec<story::Pair>,
}

impl Analysis {
    fn of(corpus: &Corpus<'_>, corrections: &[Correction], options: &StoryOptions) -> Self {
        let seeds = seeds::seeds(corpus);
        let articles = story::Articles::of(corpus, options);
        let pairs = articles.pairs(corpus, options);
        let (merges, sides) = resolve_corrections(corpus, &seeds, corrections);
        let mut forest = Forest::new(&seeds, &sides);
        let mut log = Vec::new();
        cluster::link(
            corpus,
            &seeds,
            &articles.text,
            &merges,
            &mut forest,
            &mut log,
        );
        story::link_leads(&seeds, corpus, &articles, &pairs, &mut forest, &mut log);
        let groups = forest.groups();
        let forbidden = forbidden_attachments(corpus, &seeds, &groups, corrections);
        let attached = attach::attach(corpus, &seeds, &groups, &forbidden, &mut log);
        let (groups, attached) =
            merge::by_signature(corpus, &seeds, groups, attached, &mut forest, &mut log);
        Analysis {
            seeds,
            groups,
            attached,
            log,
            articles,
            pairs,
        }
    }

    /// The incident (index into `groups`) of each article's lead seed.
    fn lead_incidents(&self, corpus: &Corpus<'_>) -> BTreeMap<usize, usize> {
        let mut lead: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        for (g, members) in self.groups.iter().enumerate() {
            for &i in members {
                let at = self.seeds[i].at;
                let start = corpus.event(at).trigger.start;
                let e = lead.entry(at.doc).or_insert((start, g));
                if start < e.0 {
                    *e = (start, g);
                }
            }
        }
        lead.into_iter().map(|(d, (_, g))| (d, g)).collect()
    }

    /// The id of each incident (in the order of `groups`).
    fn incident_ids(&self, corpus: &Corpus<'_>) -> Vec<String> {
        self.groups
            .iter()
            .zip(&self.attached)
            .map(|(m, a)| record::incident(corpus, &self.seeds, m, a).id)
            .collect()
    }

    /// The corpus indices of the articles that report each incident's operations. An
    /// article whose only part in an incident is a statement attached from afar (a
    /// passing "X was blamed for WannaCry") cites it; it does not report it.
    fn reporting_articles(&self) -> Vec<BTreeSet<usize>> {
        self.groups
            .iter()
            .map(|members| members.iter().map(|&i| self.seeds[i].at.doc).collect())
            .collect()
    }

    /// The incident records, ordered by first report (undated last) and id.
    fn incidents(&self, corpus: &Corpus<'_>) -> Vec<Incident> {
        let mut out: Vec<Incident> = self
            .groups
            .iter()
            .zip(&self.attached)
            .map(|(members, attached)| record::incident(corpus, &self.seeds, members, attached))
            .collect();
        out.sort_by(|a, b| {
            let key = |i: &Incident| {
                let d = i.first_reported.as_deref().and_then(PartialDate::parse_iso);
                (d.is_none(), d)
            };
            key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
        });
        out
    }

    /// Incident index (into `groups`) of every seed and attached event.
    fn incident_of_events(&self) -> BTreeMap<EventAt, usize> {
        let mut out = BTreeMap::new();
        for (g, (members, attached)) in self.groups.iter().zip(&self.attached).enumerate() {
            members.iter().for_each(|&i| {
                out.insert(self.seeds[i].at, g);
            });
            attached.iter().for_each(|&at| {
                out.insert(at, g);
            });
        }
        out
    }
}

/// Anchors resolved to seeds: the seed groups of each merge, and per seed the sides of
/// the splits it takes part in.
type Resolved = (Vec<Vec<usize>>, Vec<BTreeSet<(usize, bool)>>);

fn resolve_corrections(
    corpus: &Corpus<'_>,
    seeds: &[Seed],
    corrections: &[Correction],
) -> Resolved {
    let mut merges = Vec::new();
    let mut sides = vec![BTreeSet::new(); seeds.len()];
    for (c, correction) in corrections.iter().enumerate() {
        match correction {
            Correction::Merge { anchors } => {
                let mut members: Vec<usize> = anchors
                    .iter()
                    .filter_map(|a| anchor_seed(corpus, seeds, a))
                    .collect();
                members.sort_unstable();
                members.dedup();
                merges.push(members);
            }
            Correction::Split { article, from } => {
                for (i, s) in seeds.iter().enumerate() {
                    if corpus.doc(s.at).id == *article {
                        sides[i].insert((c, true));
                    }
                }
                for i in from.iter().filter_map(|a| anchor_seed(corpus, seeds, a)) {
                    if corpus.doc(seeds[i].at).id != *article {
                        sides[i].insert((c, false));
                    }
                }
            }
            // Verdicts on facts do not steer grouping.
            Correction::Fact { .. } => {}
        }
    }
    (merges, sides)
}

/// The seed an anchor names: the operation of that article whose trigger starts nearest
/// the anchored offset.
fn anchor_seed(corpus: &Corpus<'_>, seeds: &[Seed], anchor: &Anchor) -> Option<usize> {
    seeds
        .iter()
        .enumerate()
        .filter(|(_, s)| corpus.doc(s.at).id == anchor.article)
        .min_by_key(|(_, s)| corpus.event(s.at).trigger.start.abs_diff(anchor.at))
        .map(|(i, _)| i)
}

/// (document, group) pairs a split forbids: the split article's events may not attach
/// to a group holding the operations it was split from.
fn forbidden_attachments(
    corpus: &Corpus<'_>,
    seeds: &[Seed],
    groups: &[Vec<usize>],
    corrections: &[Correction],
) -> BTreeSet<(usize, usize)> {
    let mut out = BTreeSet::new();
    for c in corrections {
        let Correction::Split { article, from } = c else {
            continue;
        };
        let Some(doc) = corpus.docs.iter().position(|d| d.id == *article) else {
            continue;
        };
        let from: BTreeSet<usize> = from
            .iter()
            .filter_map(|a| anchor_seed(corpus, seeds, a))
            .filter(|&i| seeds[i].at.doc != doc)
            .collect();
        for (g, members) in groups.iter().enumerate() {
            if members.iter().any(|i| from.contains(i)) {
                out.insert((doc, g));
            }
        }
    }
    out
}

/// The incidents the documents report, merged across articles, ordered by first report
/// (undated last) and id. Documents with a repeated id count once.
pub fn incidents(docs: &[Document]) -> Vec<Incident> {
    incidents_with(docs, &[])
}

/// [`incidents`], respecting analysts' corrections (in the order they were made):
/// merges and splits regroup, and facts an analyst rejected leave the records.
pub fn incidents_with(docs: &[Document], corrections: &[Correction]) -> Vec<Incident> {
    let numbered: Vec<(i64, Correction)> = (1..).zip(corrections.iter().cloned()).collect();
    reviewed_incidents(docs, &numbered)
        .into_iter()
        .map(|(incident, _)| incident)
        .collect()
}

/// [`incidents_with`] for corrections numbered as stored, each incident with every
/// fact an analyst can judge and its review status (see [`review`]).
pub fn reviewed_incidents(
    docs: &[Document],
    corrections: &[(i64, Correction)],
) -> Vec<(Incident, Vec<review::FactView>)> {
    let corpus = Corpus::new(docs);
    let grouping: Vec<Correction> = corrections.iter().map(|(_, c)| c.clone()).collect();
    let verdicts = review::Verdicts::new(
        corrections
            .iter()
            .filter_map(|(id, c)| review::StoredVerdict::of(*id, c)),
    );
    Analysis::of(&corpus, &grouping, &StoryOptions::default())
        .incidents(&corpus)
        .into_iter()
        .map(|incident| review::apply(incident, &verdicts))
        .collect()
}

/// An incident with the fields computed beyond the model's record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentRecord {
    /// The record of the contract.
    #[serde(flatten)]
    pub incident: Incident,
    /// Days from the operation (`when`, else the first report) to its first public
    /// attribution; see [`time_to_attribution`].
    pub time_to_attribution_days: Option<i64>,
}

/// [`incidents_with`] as records that carry `time_to_attribution_days` too.
pub fn incident_records(docs: &[Document], corrections: &[Correction]) -> Vec<IncidentRecord> {
    incidents_with(docs, corrections)
        .into_iter()
        .map(|incident| IncidentRecord {
            time_to_attribution_days: time_to_attribution(&incident),
            incident,
        })
        .collect()
}

/// Days between the operation and its first public attribution.
///
/// The start is `when` when it is known to the day, else the first report (the
/// disclosure) — a year alone says too little to count days from. The end is the
/// earliest attribution date, read as its first day when only a month or year is known.
/// An attribution dated before the start counts as 0 (attributed on disclosure). `None`
/// without an attribution or a start.
pub fn time_to_attribution(incident: &Incident) -> Option<i64> {
    let day = |s: &str| {
        let d = PartialDate::parse_iso(s)?;
        chrono::NaiveDate::from_ymd_opt(d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))
    };
    let start = incident
        .when
        .as_deref()
        .and_then(PartialDate::parse_iso)
        .and_then(|d| d.to_naive())
        .or_else(|| incident.first_reported.as_deref().and_then(day))?;
    let first = incident
        .attributions
        .iter()
        .filter_map(|a| a.date.as_deref().and_then(day))
        .min()?;
    Some((first - start).num_days().max(0))
}

/// Every grouping decision behind [`incidents_with`], each naming the incident its
/// event ended in: links considered between operations (joined, below threshold or
/// refused, with the reason), attachments of statements and responses, and merges.
pub fn explain_incidents(docs: &[Document], corrections: &[Correction]) -> Vec<Explanation> {
    let corpus = Corpus::new(docs);
    let analysis = Analysis::of(&corpus, corrections, &StoryOptions::default());
    let ids = analysis.incident_ids(&corpus);
    let home = analysis.incident_of_events();
    analysis
        .log
        .iter()
        .map(|d| Explanation {
            step: d.step,
            left: event_ref(&corpus, d.left),
            right: event_ref(&corpus, d.right),
            features: d.features.clone(),
            score: d.score,
            outcome: d.outcome.clone(),
            incident: home.get(&d.left).map(|&g| ids[g].clone()),
        })
        .collect()
}

fn event_ref(corpus: &Corpus<'_>, at: EventAt) -> explain::EventRef {
    let doc = corpus.doc(at);
    let ev = corpus.event(at);
    explain::EventRef {
        article: doc.id.clone(),
        source: doc.meta.source.clone(),
        kind: ev.kind,
        trigger: ev.trigger.text.clone(),
        start: ev.trigger.start,
    }
}

/// The incident whose id is `id` or starts with it.
fn find_incident<'a>(incidents: &'a [Incident], id: &str) -> Result<&'a Incident, CorrectionError> {
    let found: Vec<&Incident> = incidents.iter().filter(|i| i.id.starts_with(id)).collect();
    match found.as_slice() {
        [] => Err(CorrectionError::UnknownIncident(id.into())),
        [one] => Ok(one),
        _ => Err(CorrectionError::AmbiguousIncident(id.into())),
    }
}

/// The anchors of an incident's operations, found by re-running the analysis.
fn incident_anchors(
    docs: &[Document],
    corrections: &[Correction],
    id: &str,
) -> Result<(String, Vec<Anchor>), CorrectionError> {
    let corpus = Corpus::new(docs);
    let analysis = Analysis::of(&corpus, corrections, &StoryOptions::default());
    let incidents: Vec<Incident> = analysis
        .groups
        .iter()
        .zip(&analysis.attached)
        .map(|(m, a)| record::incident(&corpus, &analysis.seeds, m, a))
        .collect();
    let found = find_incident(&incidents, id)?;
    let g = incidents
        .iter()
        .position(|i| i.id == found.id)
        .ok_or_else(|| CorrectionError::UnknownIncident(id.into()))?;
    let anchors = analysis.groups[g]
        .iter()
        .map(|&i| {
            let at = analysis.seeds[i].at;
            Anchor {
                article: corpus.doc(at).id.clone(),
                at: corpus.event(at).trigger.start,
            }
        })
        .collect();
    Ok((found.id.clone(), anchors))
}

/// The correction that merges incidents `a` and `b` (ids or unique id prefixes, as the
/// incidents are with `corrections` applied). Store it and pass it to [`incidents_with`].
pub fn merge_correction(
    docs: &[Document],
    corrections: &[Correction],
    a: &str,
    b: &str,
) -> Result<Correction, CorrectionError> {
    let (ida, mut anchors) = incident_anchors(docs, corrections, a)?;
    let (idb, more) = incident_anchors(docs, corrections, b)?;
    if ida == idb {
        return Err(CorrectionError::SameIncident);
    }
    anchors.extend(more);
    Ok(Correction::Merge { anchors })
}

/// The correction that takes article `article` (id or unique prefix) out of incident
/// `incident`.
pub fn split_correction(
    docs: &[Document],
    corrections: &[Correction],
    incident: &str,
    article: &str,
) -> Result<Correction, CorrectionError> {
    let found = incidents_with(docs, corrections);
    let inc = find_incident(&found, incident)?;
    let not_in = || CorrectionError::ArticleNotInIncident {
        article: article.into(),
        incident: inc.id.clone(),
    };
    let ids: BTreeSet<&str> = inc
        .articles
        .iter()
        .map(|a| a.id.as_str())
        .filter(|id| id.starts_with(article))
        .collect();
    let [article_id] = ids.into_iter().collect::<Vec<_>>()[..] else {
        return Err(not_in());
    };
    let (_, anchors) = incident_anchors(docs, corrections, &inc.id)?;
    let from = anchors
        .into_iter()
        .filter(|a| a.article != article_id)
        .collect();
    Ok(Correction::Split {
        article: article_id.to_string(),
        from,
    })
}

/// The stories of the documents with the default options: see [`stories_with`].
pub fn stories(docs: &[Document]) -> Vec<Story> {
    stories_with(docs, &[], &StoryOptions::default())
}

#[cfg(test)]
mod testkit;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::Article;
    use dossier_model::{EntityKind as K, EventType as T, Role as R};

    const CN: Option<&str> = Some("CN");

    /// Two reports of a Chinese intrusion at the Dutch defence ministry.
    fn ministry_report() -> Document {
        Article::new(
            "a.txt",
            Some("2024-02-06"),
            "Chinese state hackers broke into a network of the Dutch Ministry of Defence in 2023. \
             The Netherlands publicly blamed China for the espionage.",
        )
        .entity("country:CN", "China", K::Country, CN, &["Chinese", "China"])
        .entity(
            "gov:nl-mod",
            "Dutch Ministry of Defence",
            K::Government,
            Some("NL"),
            &["Dutch Ministry of Defence"],
        )
        .entity(
            "country:NL",
            "Netherlands",
            K::Country,
            Some("NL"),
            &["The Netherlands"],
        )
        .event(
            T::Espionage,
            "broke into",
            &[
                (R::Attacker, "Chinese state hackers", Some("country:CN")),
                (R::Victim, "Dutch Ministry of Defence", Some("gov:nl-mod")),
            ],
            Some(("2023", "2023")),
        )
        .event(
            T::Attribution,
            "blamed",
            &[
                (R::Speaker, "The Netherlands", Some("country:NL")),
                (R::Accused, "China", Some("country:CN")),
                (R::Operation, "the espionage", None),
            ],
            None,
        )
        .hedged("publicly")
        .doc
    }

    fn ministry_follow_up() -> Document {
        Article::new(
            "b.txt",
            Some("2024-02-07"),
            "Investigators found that a Chinese espionage group planted malware on a Dutch \
             Ministry of Defence network.",
        )
        .entity("country:CN", "China", K::Country, CN, &["Chinese"])
        .entity(
            "gov:nl-mod",
            "Dutch Ministry of Defence",
            K::Government,
            Some("NL"),
            &["Ministry of Defence"],
        )
        .event(
            T::Espionage,
            "planted",
            &[
                (R::Attacker, "a Chinese espionage group", None),
                (R::Victim, "Ministry of Defence", Some("gov:nl-mod")),
            ],
            None,
        )
        .doc
    }

    /// Beijing's denial, in an article that reports no operation.
    fn beijing_denial() -> Document {
        Article::new(
            "c.txt",
            Some("2024-02-08"),
            "Beijing dismissed the accusations over the Dutch Ministry of Defence as groundless.",
        )
        .entity("country:CN", "China", K::Country, CN, &["Beijing"])
        .entity(
            "gov:nl-mod",
            "Dutch Ministry of Defence",
            K::Government,
            Some("NL"),
            &["Dutch Ministry of Defence"],
        )
        .event(
            T::Denial,
            "dismissed",
            &[(R::Speaker, "Beijing", Some("country:CN"))],
            None,
        )
        .doc
    }

    /// Another Chinese operation, against another victim, with a sanction in response.
    fn telecom_breach() -> Document {
        Article::new(
            "d.txt",
            Some("2024-02-09"),
            "Chinese hackers breached Acme Telecom in 2023 and took customer records.\n\n\
             The United States sanctioned two Chinese firms over the breach.",
        )
        .entity("country:CN", "China", K::Country, CN, &["Chinese"])
        .entity(
            "org:acme",
            "Acme Telecom",
            K::Company,
            Some("US"),
            &["Acme Telecom"],
        )
        .entity(
            "country:US",
            "United States",
            K::Country,
            Some("US"),
            &["The United States"],
        )
        .event(
            T::DataBreach,
            "breached",
            &[
                (R::Attacker, "Chinese hackers", Some("country:CN")),
                (R::Victim, "Acme Telecom", Some("org:acme")),
            ],
            Some(("2023", "2023")),
        )
        .event(
            T::Sanction,
            "sanctioned",
            &[
                (R::By, "The United States", Some("country:US")),
                (R::Against, "two Chinese firms", None),
            ],
            None,
        )
        .doc
    }

    fn corpus() -> Vec<Document> {
        vec![
            ministry_report(),
            ministry_follow_up(),
            beijing_denial(),
            telecom_breach(),
        ]
    }

    fn article_ids(inc: &Incident) -> Vec<&str> {
        inc.articles.iter().map(|a| a.source.as_str()).collect()
    }

    fn incident_of<'a>(incidents: &'a [Incident], victim: &str) -> &'a Incident {
        incidents
            .iter()
            .find(|i| i.victims.iter().any(|v| v.id == victim))
            .unwrap_or_else(|| panic!("no incident against {victim}"))
    }

    #[test]
    fn two_reports_of_the_same_victim_merge() {
        let incidents = incidents(&corpus()[..2]);
        assert_eq!(incidents.len(), 1);
        let inc = &incidents[0];
        assert_eq!(article_ids(inc), vec!["a.txt", "b.txt"]);
        assert_eq!(inc.kind, T::Espionage);
        assert_eq!(
            inc.title,
            "Espionage against Dutch Ministry of Defence attributed to China"
        );
        assert_eq!(inc.first_reported.as_deref(), Some("2024-02-06"));
        assert_eq!(inc.when.as_deref(), Some("2023"));
        assert_eq!(
            inc.actors.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            vec!["country:CN"]
        );
        let attribution = &inc.attributions[0];
        assert_eq!(
            attribution.speaker.as_ref().map(|s| s.id.as_str()),
            Some("country:NL")
        );
        assert_eq!(attribution.hedge.as_deref(), Some("publicly"));
        assert_eq!(attribution.date.as_deref(), Some("2024-02-06"));
        // Evidence quotes the article's sentence, by code-point offsets.
        let evidence = inc.articles[1].evidence.as_ref().expect("evidence");
        assert!(
            evidence.text.starts_with("Investigators found"),
            "{}",
            evidence.text
        );
        assert!(inc.discrepancies.is_empty());
    }

    #[test]
    fn different_victims_stay_apart() {
        let incidents = incidents(&corpus());
        assert_eq!(incidents.len(), 2);
        let ministry = incident_of(&incidents, "gov:nl-mod");
        let telecom = incident_of(&incidents, "org:acme");
        assert_ne!(ministry.id, telecom.id);
        assert_eq!(article_ids(telecom), vec!["d.txt"]);
        assert_eq!(telecom.kind, T::DataBreach);
    }

    /// A ransomware report on Acme Shipping naming the family `malware`.
    fn shipping_hit_by(source: &str, family: &str) -> Document {
        let text = format!("{family} ransomware hit Acme Shipping in 2017 and stopped its ports.");
        Article::new(source, Some("2017-07-01"), &text)
            .entity(
                "org:acme-shipping",
                "Acme Shipping",
                K::Company,
                Some("DK"),
                &["Acme Shipping"],
            )
            .entity(
                &format!("malware:{}", family.to_lowercase()),
                family,
                K::Malware,
                None,
                &[family],
            )
            .event(
                T::Ransom,
                "hit",
                &[
                    (R::Victim, "Acme Shipping", Some("org:acme-shipping")),
                    (
                        R::Tool,
                        family,
                        Some(&format!("malware:{}", family.to_lowercase())),
                    ),
                ],
                Some(("2017", "2017")),
            )
            .doc
    }

    #[test]
    fn one_victim_hit_by_different_malware_is_two_incidents() {
        let docs = [
            shipping_hit_by("w.txt", "WannaCry"),
            shipping_hit_by("n.txt", "NotPetya"),
        ];
        assert_eq!(incidents(&docs).len(), 2);
        let docs = [
            shipping_hit_by("w.txt", "WannaCry"),
            shipping_hit_by("w2.txt", "WannaCry"),
        ];
        assert_eq!(incidents(&docs).len(), 1);
    }

    #[test]
    fn an_operation_that_names_nothing_forms_no_incident_beside_others() {
        let text = "The Acme Health Service was hacked in 2017. In 2015, data was stolen.";
        let doc = health_service_article("a.txt", text, "hacked")
            .event(T::DataBreach, "stolen", &[], Some(("2015", "2015")))
            .doc;
        let found = incidents(std::slice::from_ref(&doc));
        assert_eq!(found.len(), 1, "{found:?}");
        // Alone in its article, it still forms one: the article is not lost.
        let lone = Article::new("b.txt", Some("2017-06-01"), "Data was stolen.")
            .event(T::DataBreach, "stolen", &[], None)
            .doc;
        assert_eq!(incidents(&[lone]).len(), 1);
    }

    /// A report of an attack on the Acme Health Service, in words of its own.
    fn health_service_hit(source: &str, text: &str, trigger: &str) -> Document {
        health_service_article(source, text, trigger).doc
    }

    /// [`health_service_hit`] before it is built, for more events.
    fn health_service_article(source: &str, text: &str, trigger: &str) -> Article {
        Article::new(source, Some("2017-06-01"), text)
            .entity(
                "org:acme-health",
                "Acme Health Service",
                K::Government,
                Some("GB"),
                &["Acme Health Service"],
            )
            .event(
                T::Intrusion,
                trigger,
                &[(R::Victim, "Acme Health Service", Some("org:acme-health"))],
                Some(("2017", "2017")),
            )
    }

    /// Unrelated articles, so that the corpus is large enough for text weights to count.
    fn fillers() -> Vec<Document> {
        let topics = [
            "harvest",
            "election",
            "football",
            "weather",
            "opera",
            "railway",
            "budget",
            "museum",
            "tennis",
            "festival",
            "airport",
            "bridge",
            "library",
            "orchestra",
            "marathon",
            "vineyard",
            "glacier",
            "harbour",
        ];
        topics
            .iter()
            .map(|t| {
                Article::new(
                    &format!("{t}.txt"),
                    Some("2017-06-01"),
                    &format!(
                        "The {t} drew a large crowd on Sunday, and the {t} will return next year."
                    ),
                )
                .doc
            })
            .collect()
    }

    #[test]
    fn a_shared_victim_alone_does_not_join_unlike_articles() {
        let january = "Acme Health Service was hit in January 2017: a virus locked the \
                       radiology computers of two London hospitals for a week. Surgeons \
                       postponed knee replacements, porters carried paper scans between \
                       wards, and the trust hired outside engineers to rebuild its imaging \
                       archive from tape backups kept in a basement vault. Detectives \
                       traced the infection to a contractor's laptop plugged into a ward \
                       printer, and auditors later faulted outdated scanners, unpatched \
                       kiosks and missing network segmentation across several buildings.";
        let may = "Acme Health Service clinics cancelled operations in May 2017 after \
                   ransomware spread worldwide through an old Windows flaw. Factories in \
                   Spain, railways in Germany and a Russian bank were struck the same \
                   weekend; a researcher slowed the worm by registering a nonsense domain \
                   name, and Microsoft shipped emergency patches for retired systems. \
                   Analysts linked the code to Lazarus, bitcoin wallets collected small \
                   payments, and governments argued for weeks about stockpiled exploits \
                   leaked from an intelligence agency the previous spring.";
        let mut docs = fillers();
        docs.push(health_service_hit("jan.txt", january, "hit"));
        docs.push(health_service_hit("may.txt", may, "spread"));
        let found = incidents(&docs);
        let acme: Vec<_> = found.iter().filter(|i| !i.articles.is_empty()).collect();
        assert_eq!(
            acme.len(),
            2,
            "{:?}",
            acme.iter().map(|i| article_ids(i)).collect::<Vec<_>>()
        );
        // The same attack told twice in like words is one incident.
        let mut docs = fillers();
        docs.push(health_service_hit("jan.txt", january, "hit"));
        docs.push(health_service_hit(
            "jan2.txt",
            "Acme Health Service was hit in January 2017, when a virus locked the radiology \
             computers of two London hospitals.",
            "hit",
        ));
        assert_eq!(incidents(&docs).len(), 1);
    }

    #[test]
    fn denial_in_a_third_article_attaches() {
        let incidents = incidents(&corpus());
        let ministry = incident_of(&incidents, "gov:nl-mod");
        assert_eq!(article_ids(ministry), vec!["a.txt", "b.txt", "c.txt"]);
        assert_eq!(ministry.denials.len(), 1);
        let denial = &ministry.denials[0];
        assert_eq!(
            denial.speaker.as_ref().map(|s| s.name.as_str()),
            Some("China")
        );
        assert_eq!(denial.date.as_deref(), Some("2024-02-08"));
        assert_eq!(denial.sources[0].source, "c.txt");
        // A denial alone makes no incident.
        assert!(super::incidents(&[beijing_denial()]).is_empty());
    }

    #[test]
    fn response_attaches_to_the_operation_of_its_article() {
        let incidents = incidents(&corpus());
        let telecom = incident_of(&incidents, "org:acme");
        assert_eq!(telecom.responses.len(), 1);
        let sanction = &telecom.responses[0];
        assert_eq!(sanction.kind, T::Sanction);
        assert_eq!(
            sanction.by.as_ref().map(|e| e.id.as_str()),
            Some("country:US")
        );
        assert_eq!(
            sanction.against.as_ref().map(|e| e.id.as_str()),
            Some("country:CN")
        );
        assert!(incident_of(&incidents, "gov:nl-mod").responses.is_empty());
        let kinds: Vec<&str> = telecom.timeline.iter().map(|t| t.kind.as_str()).collect();
        assert_eq!(kinds, vec!["operation", "disclosure", "sanction"]);
    }

    #[test]
    fn year_discrepancy_between_articles_is_reported_with_sources() {
        let early = Article::new(
            "early.txt",
            Some("2022-05-01"),
            "The Dutch Ministry of Defence was breached by Chinese spies in 2021.",
        )
        .entity("country:CN", "China", K::Country, CN, &["Chinese"])
        .entity(
            "gov:nl-mod",
            "Dutch Ministry of Defence",
            K::Government,
            Some("NL"),
            &["Dutch Ministry of Defence"],
        )
        .event(
            T::Espionage,
            "breached",
            &[
                (R::Victim, "Dutch Ministry of Defence", Some("gov:nl-mod")),
                (R::Attacker, "Chinese spies", Some("country:CN")),
            ],
            Some(("2021", "2021")),
        )
        .doc;
        let late = Article::new(
            "late.txt",
            Some("2024-03-01"),
            "Chinese spies breached the Dutch Ministry of Defence last year, officials said.",
        )
        .entity("country:CN", "China", K::Country, CN, &["Chinese"])
        .entity(
            "gov:nl-mod",
            "Dutch Ministry of Defence",
            K::Government,
            Some("NL"),
            &["Dutch Ministry of Defence"],
        )
        .event(
            T::Espionage,
            "breached",
            &[
                (R::Attacker, "Chinese spies", Some("country:CN")),
                (R::Victim, "Dutch Ministry of Defence", Some("gov:nl-mod")),
            ],
            Some(("last year", "2023")),
        )
        .doc;
        let incidents = incidents(&[late, early]);
        assert_eq!(incidents.len(), 1);
        let inc = &incidents[0];
        assert_eq!(inc.when.as_deref(), Some("2021"));
        assert_eq!(inc.discrepancies.len(), 1);
        let d = &inc.discrepancies[0];
        assert_eq!(d.field, "when");
        let values: Vec<(&str, Vec<&str>)> = d
            .values
            .iter()
            .map(|v| {
                (
                    v.value.as_str(),
                    v.sources.iter().map(|s| s.source.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            values,
            vec![("2021", vec!["early.txt"]), ("2023", vec!["late.txt"])]
        );
        let quote = d.values[1].sources[0].evidence.as_ref().expect("evidence");
        assert!(quote.text.contains("last year"));
    }

    #[test]
    fn country_victims_years_apart_stay_apart() {
        let report = |source: &str, year: &str| {
            Article::new(
                source,
                None,
                &format!("Russian hackers attacked Ukraine in {year}."),
            )
            .entity("country:RU", "Russia", K::Country, Some("RU"), &["Russian"])
            .entity(
                "country:UA",
                "Ukraine",
                K::Country,
                Some("UA"),
                &["Ukraine"],
            )
            .event(
                T::Disruption,
                "attacked",
                &[
                    (R::Attacker, "Russian hackers", Some("country:RU")),
                    (R::Victim, "Ukraine", Some("country:UA")),
                ],
                Some((year, year)),
            )
            .doc
        };
        assert_eq!(
            incidents(&[report("x.txt", "2015"), report("y.txt", "2022")]).len(),
            2
        );
        // A state as victim is too broad to join two reports on its own: it takes
        // alike wording too, and these two share only the stock phrase.
        assert_eq!(
            incidents(&[report("x.txt", "2015"), report("y.txt", "2016")]).len(),
            2
        );
    }

    #[test]
    fn generic_state_hackers_are_no_shared_threat_actor() {
        let report = |source: &str, text: &str, trigger: &str, hackers: &str| {
            Article::new(source, None, text)
                .entity(
                    "local:threat-actor:cn-state-actors",
                    hackers,
                    K::ThreatActor,
                    CN,
                    &[hackers],
                )
                .entity(
                    "country:US",
                    "United States",
                    K::Country,
                    Some("US"),
                    &["United States"],
                )
                .event(
                    T::Espionage,
                    trigger,
                    &[
                        (
                            R::Attacker,
                            hackers,
                            Some("local:threat-actor:cn-state-actors"),
                        ),
                        (R::Victim, "United States", Some("country:US")),
                    ],
                    Some(("2024", "2024")),
                )
                .doc
        };
        let a = report(
            "x.txt",
            "Chinese state hackers spied on water utilities across the United States in 2024.",
            "spied on",
            "Chinese state hackers",
        );
        let b = report(
            "y.txt",
            "Chinese government hackers wiretapped phone carriers in the United States in 2024.",
            "wiretapped",
            "Chinese government hackers",
        );
        // Same attacker state and victim state only: no evidence of one operation. (The
        // two may still share a story; only the link evidence is asked here.)
        let explanations = explain_incidents(&[a, b], &[]);
        let link = explanations
            .iter()
            .find(|e| e.step == explain::Step::Link && e.left.source != e.right.source)
            .expect("the pair was scored");
        assert!(
            link.features
                .iter()
                .all(|f| f.feature != explain::Feature::ThreatActor),
            "{link}"
        );
        assert_ne!(link.outcome, explain::Outcome::Joined, "{link}");
    }

    /// A sanction over an operation the article itself does not report.
    fn bundestag_sanction() -> Document {
        Article::new(
            "eu.txt",
            Some("2020-10-22"),
            "The European Union sanctioned GRU officers over the Bundestag hack.",
        )
        .entity(
            "org:eu",
            "European Union",
            K::Organization,
            None,
            &["The European Union"],
        )
        .entity("agency:ru-gru", "GRU", K::Agency, Some("RU"), &["GRU"])
        .entity(
            "gov:de-bundestag",
            "Bundestag",
            K::Government,
            Some("DE"),
            &["Bundestag"],
        )
        .event(
            T::Sanction,
            "sanctioned",
            &[
                (R::By, "The European Union", Some("org:eu")),
                (R::Against, "GRU officers", None),
                (R::About, "the Bundestag hack", None),
            ],
            None,
        )
        .doc
    }

    #[test]
    fn article_with_only_a_response_forms_or_joins_an_incident() {
        let alone = incidents(&[bundestag_sanction()]);
        assert_eq!(alone.len(), 1);
        assert_eq!(alone[0].kind, T::Intrusion);
        assert_eq!(alone[0].title, "Intrusion against Bundestag by GRU");
        assert_eq!(alone[0].responses.len(), 1);

        let hack = Article::new(
            "hack.txt",
            Some("2015-06-01"),
            "Russian hackers infiltrated the Bundestag in 2015.",
        )
        .entity("country:RU", "Russia", K::Country, Some("RU"), &["Russian"])
        .entity(
            "gov:de-bundestag",
            "Bundestag",
            K::Government,
            Some("DE"),
            &["Bundestag"],
        )
        .event(
            T::Intrusion,
            "infiltrated",
            &[
                (R::Attacker, "Russian hackers", Some("country:RU")),
                (R::Victim, "Bundestag", Some("gov:de-bundestag")),
            ],
            Some(("2015", "2015")),
        )
        .doc;
        let joined = incidents(&[bundestag_sanction(), hack]);
        assert_eq!(joined.len(), 1);
        assert_eq!(article_ids(&joined[0]), vec!["hack.txt", "eu.txt"]);
        assert_eq!(joined[0].when.as_deref(), Some("2015"));
        assert_eq!(
            joined[0].responses[0].by.as_ref().map(|e| e.name.as_str()),
            Some("European Union")
        );
    }

    #[test]
    fn attribution_goes_to_the_incident_whose_actor_it_accuses() {
        let doc = Article::new(
            "two.txt",
            Some("2023-01-10"),
            "Russian hackers hit the Georgian parliament website in 2019. Iranian hackers \
             phished Albanian officials in 2022. Washington blamed Moscow for the earlier attack.",
        )
        .entity(
            "country:RU",
            "Russia",
            K::Country,
            Some("RU"),
            &["Russian", "Moscow"],
        )
        .entity("country:IR", "Iran", K::Country, Some("IR"), &["Iranian"])
        .entity(
            "gov:ge-parliament",
            "Parliament of Georgia",
            K::Government,
            Some("GE"),
            &["Georgian parliament"],
        )
        .entity(
            "gov:al",
            "Government of Albania",
            K::Government,
            Some("AL"),
            &["Albanian officials"],
        )
        .entity(
            "country:US",
            "United States",
            K::Country,
            Some("US"),
            &["Washington"],
        )
        .event(
            T::Disruption,
            "hit",
            &[
                (R::Attacker, "Russian hackers", Some("country:RU")),
                (R::Victim, "Georgian parliament", Some("gov:ge-parliament")),
            ],
            Some(("2019", "2019")),
        )
        .event(
            T::Phishing,
            "phished",
            &[
                (R::Attacker, "Iranian hackers", Some("country:IR")),
                (R::Victim, "Albanian officials", Some("gov:al")),
            ],
            Some(("2022", "2022")),
        )
        .event(
            T::Attribution,
            "blamed",
            &[
                (R::Speaker, "Washington", Some("country:US")),
                (R::Accused, "Moscow", Some("country:RU")),
            ],
            None,
        )
        .doc;
        let incidents = incidents(&[doc]);
        assert_eq!(incidents.len(), 2);
        assert_eq!(
            incident_of(&incidents, "gov:ge-parliament")
                .attributions
                .len(),
            1
        );
        assert!(incident_of(&incidents, "gov:al").attributions.is_empty());
    }

    #[test]
    fn ids_are_deterministic_whatever_the_input_order() {
        let forward = incidents(&corpus());
        let mut reversed_input = corpus();
        reversed_input.reverse();
        let backward = incidents(&reversed_input);
        let ids = |v: &[Incident]| v.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&forward), ids(&backward));
        assert!(
            forward
                .iter()
                .all(|i| i.id.len() == 32 && i.id.bytes().all(|b| b.is_ascii_hexdigit()))
        );
        assert_eq!(
            serde_json::to_string(&forward).expect("json"),
            serde_json::to_string(&backward).expect("json")
        );
        // A different set of member events gives a different id.
        let alone = incidents(&corpus()[..1]);
        assert_ne!(alone[0].id, incident_of(&forward, "gov:nl-mod").id);
    }

    #[test]
    fn stories_group_shared_incidents_and_mark_copies() {
        let mut docs = corpus();
        let mut copy = ministry_report();
        copy.text.push_str(" Reporting by a wire desk.");
        copy.id = dossier_model::document::content_id(&copy.text);
        copy.index_chars();
        copy.events.clear();
        copy.meta.source = "copy.txt".into();
        docs.push(copy.clone());
        let stories = stories(&docs);
        assert_eq!(stories.len(), 2);
        let ids = |s: &Story| s.articles.iter().cloned().collect::<BTreeSet<_>>();
        let ministry: BTreeSet<String> = [&docs[0], &docs[1], &docs[2], &copy]
            .iter()
            .map(|d| d.id.clone())
            .collect();
        assert_eq!(ids(&stories[0]), ministry);
        assert_eq!(stories[0].duplicates.len(), 1);
        let pair = &stories[0].duplicates[0];
        assert_eq!(
            BTreeSet::from([pair.0.clone(), pair.1.clone()]),
            BTreeSet::from([docs[0].id.clone(), copy.id.clone()])
        );
        assert_eq!(stories[1].articles, vec![docs[3].id.clone()]);
        assert!(stories[1].duplicates.is_empty());
    }

    #[test]
    fn table_lists_one_line_per_incident() {
        let incidents = incidents(&corpus());
        let table = incident_table(&incidents);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("ID"));
        assert!(lines[1].contains("Dutch Ministry of Defence"), "{table}");
        assert!(lines[1].starts_with(&incidents[0].id[..8]));
        assert!(lines[1].ends_with("3    1     0"), "{:?}", lines[1]);
    }

    #[test]
    fn a_rejected_fact_leaves_every_consumer_of_the_incidents() {
        let docs = corpus();
        let before = incident_of(&incidents(&docs), "gov:nl-mod").clone();
        let a = before.attributions.first().expect("an attribution").clone();
        let key = review::attribution_key(&a.speaker, &a.accused);
        let reject = Correction::Fact {
            fact: key.clone(),
            articles: a.sources.iter().map(|s| s.id.clone()).collect(),
            verdict: correct::Verdict::Reject,
        };
        let after = incidents_with(&docs, std::slice::from_ref(&reject));
        let ministry = incident_of(&after, "gov:nl-mod");
        assert_eq!(ministry.id, before.id, "a verdict does not regroup");
        assert!(
            ministry
                .attributions
                .iter()
                .all(|x| review::attribution_key(&x.speaker, &x.accused) != key)
        );
        assert!(ministry.timeline.len() < before.timeline.len());
        // The records (`dossier incidents --format json`, exports) drop it as well, and the
        // reviewed view says why, naming the correction.
        let records = incident_records(&docs, std::slice::from_ref(&reject));
        assert!(
            records
                .iter()
                .all(|r| r.incident.attributions.len() <= before.attributions.len())
        );
        let reviewed = reviewed_incidents(&docs, &[(7, reject)]);
        let (_, facts) = reviewed
            .iter()
            .find(|(i, _)| i.id == before.id)
            .expect("the incident");
        let fact = facts.iter().find(|f| f.key == key).expect("the fact");
        assert_eq!((fact.status, fact.correction), ("rejected", Some(7)));
    }

    #[test]
    fn split_then_merge_corrections_are_respected_and_undone_by_dropping_them() {
        let docs = corpus();
        let before = incidents(&docs);
        let ministry = incident_of(&before, "gov:nl-mod").clone();
        let b_id = docs[1].id.clone();
        let split = split_correction(&docs, &[], &ministry.id[..8], &b_id[..6]).expect("split");
        let after = incidents_with(&docs, std::slice::from_ref(&split));
        assert_eq!(after.len(), 3);
        assert!(after.iter().any(|i| article_ids(i) == vec!["b.txt"]));
        assert!(
            incident_of(&after, "gov:nl-mod")
                .articles
                .iter()
                .all(|a| a.source != "b.txt")
        );
        // Splitting survives re-ingestion: the anchors name article ids and offsets.
        let mut again = corpus();
        again.reverse();
        assert_eq!(
            incidents_with(&again, std::slice::from_ref(&split)).len(),
            3
        );
        // A merge of the two telecom and ministry incidents joins them; a later split of the
        // same events wins over the merge.
        let telecom = incident_of(&before, "org:acme").id.clone();
        let merge = merge_correction(&docs, &[], &ministry.id, &telecom).expect("merge");
        assert_eq!(incidents_with(&docs, std::slice::from_ref(&merge)).len(), 1);
        assert_eq!(incidents_with(&docs, &[merge, split]).len(), 2);
        // Undoing is dropping the correction from the list.
        assert_eq!(incidents_with(&docs, &[]), before);
        assert_eq!(
            merge_correction(&docs, &[], "zzz", &telecom),
            Err(CorrectionError::UnknownIncident("zzz".into()))
        );
    }

    #[test]
    fn every_link_is_explained_with_features_and_incident() {
        let docs = corpus();
        let explanations = explain_incidents(&docs, &[]);
        let joined = explanations
            .iter()
            .find(|e| e.step == explain::Step::Link && e.outcome == explain::Outcome::Joined)
            .expect("a joined link");
        assert!(
            joined
                .features
                .iter()
                .any(|f| f.feature == explain::Feature::VictimId),
            "{joined}"
        );
        let ministry = incident_of(&incidents(&docs), "gov:nl-mod").id.clone();
        assert_eq!(joined.incident.as_deref(), Some(ministry.as_str()));
        assert!(joined.to_string().contains("victim-id 1.00"), "{joined}");
        assert!(
            explanations
                .iter()
                .any(|e| e.step == explain::Step::Attach && e.left.source == "c.txt")
        );
    }

    #[test]
    fn time_to_attribution_counts_days_from_disclosure() {
        let mut inc = incident_of(&incidents(&corpus()[..1]), "gov:nl-mod").clone();
        assert_eq!(time_to_attribution(&inc), Some(0));
        inc.attributions[0].date = Some("2024-03-07".into());
        assert_eq!(time_to_attribution(&inc), Some(30));
        inc.when = Some("2024-01-01".into());
        assert_eq!(time_to_attribution(&inc), Some(66));
        inc.attributions.clear();
        assert_eq!(time_to_attribution(&inc), None);
    }

    #[test]
    fn dossier_page_shows_facts_statements_and_quotes() {
        let incidents = incidents(&corpus());
        let page = incident_dossier(incident_of(&incidents, "gov:nl-mod"));
        assert!(
            page.starts_with("Espionage against Dutch Ministry of Defence"),
            "{page}"
        );
        assert!(page.contains("Netherlands → China [publicly]"), "{page}");
        assert!(
            page.contains("Denials\n  China  2024-02-08  [c.txt]"),
            "{page}"
        );
        assert!(page.contains("\"Investigators found"), "{page}");
    }

    #[test]
    fn a_victimless_operation_of_the_same_actor_in_one_article_joins_its_incident() {
        // "The group exploited CVE-..." adds to the breach its article already reports; an
        // operation of that actor on another named victim stays apart.
        let article = |third: bool| {
            let text = if third {
                "APT31 breached the email of the UK Parliament in 2021. The group exploited \
                 CVE-2023-12345 to get into UK systems. APT31 also hacked Finland's parliament \
                 in 2021."
            } else {
                "APT31 breached the email of the UK Parliament in 2021. The group exploited \
                 CVE-2023-12345 to get into UK systems."
            };
            let mut a = Article::new("a.txt", Some("2024-05-14"), text)
                .entity(
                    "actor:apt31",
                    "APT31",
                    K::ThreatActor,
                    CN,
                    &["APT31", "The group"],
                )
                .entity(
                    "gov:gb-parliament",
                    "UK Parliament",
                    K::Government,
                    Some("GB"),
                    &["UK Parliament"],
                )
                .entity(
                    "country:GB",
                    "United Kingdom",
                    K::Country,
                    Some("GB"),
                    &["UK"],
                )
                .event(
                    T::Intrusion,
                    "breached",
                    &[
                        (R::Attacker, "APT31", Some("actor:apt31")),
                        (R::Victim, "UK Parliament", Some("gov:gb-parliament")),
                    ],
                    Some(("2021", "2021")),
                )
                .event(
                    T::Intrusion,
                    "exploited",
                    &[
                        (R::Attacker, "The group", Some("actor:apt31")),
                        (R::Victim, "UK", Some("country:GB")),
                    ],
                    None,
                );
            if third {
                a = a
                    .entity(
                        "gov:fi-parliament",
                        "Finland's parliament",
                        K::Government,
                        Some("FI"),
                        &["Finland's parliament"],
                    )
                    .event(
                        T::Intrusion,
                        "hacked",
                        &[
                            (R::Attacker, "APT31", Some("actor:apt31")),
                            (R::Victim, "Finland's parliament", Some("gov:fi-parliament")),
                        ],
                        Some(("2021", "2021")),
                    );
            }
            a.doc
        };
        assert_eq!(incidents(&[article(false)]).len(), 1);
        assert_eq!(incidents(&[article(true)]).len(), 2);
    }
}
