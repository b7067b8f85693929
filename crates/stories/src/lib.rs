//! Incidents and stories: merging what many articles say into one record per incident.
//!
//! An article reports operations (events of an operation type), statements about them
//! (attribution, denial, warning) and responses (sanctions, indictments, ...). This crate
//! reads the annotated [`Document`]s of many articles and builds the contract's incident
//! records (`shared/spec/records.md`), in three steps:
//!
//! 1. **Seeds.** Every reported operation is a seed, keyed by its victim, its actor's state,
//!    its named threat actor and malware, and its year. An article that reports no
//!    operation lets its attributions and responses stand in as seeds.
//! 2. **Clusters.** Seeds that share a victim (or malware, or a threat actor with no other
//!    victim), whose actors' states agree and whose years lie within a year of each other,
//!    form one incident (union-find; see `cluster`).
//! 3. **Attachment.** Statements and responses join the incident of the nearest seed in
//!    their article (same sentence, then matching arguments, then the same paragraph), or
//!    an incident of another article whose actor they accuse and whose victim they name.
//!
//! The record then lists victims, actors, attributions, denials and responses (merged
//! across articles, each with its sources), malware, products, CVEs, a timeline, and the
//! discrepancies between articles (different years, different victim counts). Ids are
//! hashes of the member events, so the same input always gives the same ids.
//!
//! [`stories`] groups articles that share an incident and marks near-duplicate copies;
//! [`incident_table`] prints incidents for a terminal.

mod attach;
mod cluster;
mod discrepancy;
mod record;
mod resolve;
mod seeds;
mod story;
mod table;

use std::collections::BTreeSet;

use dossier_model::Document;
use dossier_model::PartialDate;
use dossier_model::incident::{Incident, Story};

pub use story::{DUPLICATE_JACCARD, SHINGLE_WORDS};
pub use table::incident_table;

use resolve::{Corpus, EventAt};
use seeds::Seed;

/// Seeds, their clusters, and the events attached to each cluster.
struct Analysis {
    seeds: Vec<Seed>,
    groups: Vec<Vec<usize>>,
    attached: Vec<Vec<EventAt>>,
}

impl Analysis {
    fn of(corpus: &Corpus<'_>) -> Self {
        let seeds = seeds::seeds(corpus);
        let groups = cluster::cluster(corpus, &seeds);
        let attached = attach::attach(corpus, &seeds, &groups);
        Analysis {
            seeds,
            groups,
            attached,
        }
    }

    /// The corpus indices of the articles each incident draws on.
    fn articles(&self) -> Vec<BTreeSet<usize>> {
        self.groups
            .iter()
            .zip(&self.attached)
            .map(|(members, attached)| {
                let seeds = members.iter().map(|&i| self.seeds[i].at.doc);
                seeds.chain(attached.iter().map(|at| at.doc)).collect()
            })
            .collect()
    }
}

/// The incidents the documents report, merged across articles, ordered by first report
/// (undated last) and id. Documents with a repeated id count once.
pub fn incidents(docs: &[Document]) -> Vec<Incident> {
    let corpus = Corpus::new(docs);
    let analysis = Analysis::of(&corpus);
    let mut out: Vec<Incident> = analysis
        .groups
        .iter()
        .zip(&analysis.attached)
        .map(|(members, attached)| record::incident(&corpus, &analysis.seeds, members, attached))
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

/// The stories of the documents: articles that share an incident, or are near-duplicate
/// copies of each other, form one story (every article is in exactly one; an article
/// alone is a story of one). Within a story, `duplicates` lists the pairs whose word
/// shingles are at least [`DUPLICATE_JACCARD`] alike. Ordered by the earliest article.
pub fn stories(docs: &[Document]) -> Vec<Story> {
    let corpus = Corpus::new(docs);
    let analysis = Analysis::of(&corpus);
    story::stories(&corpus, &analysis.articles())
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
        assert_eq!(
            incidents(&[report("x.txt", "2015"), report("y.txt", "2016")]).len(),
            1
        );
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
}
