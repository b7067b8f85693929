//! Analysts' verdicts on single facts of an incident: the keys that name facts, and
//! applying stored verdicts to freshly merged incidents.
//!
//! Incidents are recomputed from the articles, and their ids change with their members,
//! so a verdict cannot point into one incident record. It names the fact by what it says
//! — its kind and the entity ids and types in it (`attribution|country:NL|country:CN`) —
//! and by the articles it was read from. It holds for every fact with the same key that
//! rests on at least one of those articles, whichever incident that fact lands in after
//! re-ingestion or regrouping. The latest verdict on a fact wins; undoing it (the
//! corrections list) restores the one before.
//!
//! A rejected fact leaves the incident record (and its timeline entry); a confirmed one
//! stays. Either way the incident's `facts` list says so.

use std::collections::{BTreeSet, HashMap};

use dossier_model::Entity;
use dossier_model::incident::{ArticleRef, Incident, TimelineEntry};
use serde::Serialize;

use crate::correct::{Correction, Verdict};

/// One fact of an incident that an analyst can confirm or reject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FactView {
    /// Names the fact across recomputation; send it back to judge the fact.
    pub key: String,
    /// `attribution`, `denial`, `response`, `actor`, `victim`, `malware`, `product` or `cve`.
    pub kind: &'static str,
    /// The fact in words.
    pub label: String,
    /// The articles it rests on; empty for actors, victims, malware, products and CVEs,
    /// which rest on every article of the incident (listing them again for each would
    /// repeat the incident's `articles` dozens of times).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<String>,
    /// `confirmed`, `rejected` (then it is left out of the record) or `unreviewed`.
    pub status: &'static str,
    /// The correction that decided the status; undo it with `DELETE /api/corrections/{n}`.
    pub correction: Option<i64>,
}

/// A verdict as stored, with the row id of its correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVerdict {
    pub correction: i64,
    pub fact: String,
    pub articles: BTreeSet<String>,
    pub verdict: Verdict,
}

impl StoredVerdict {
    /// The verdict a correction row carries, if it is one.
    pub fn of(correction: i64, c: &Correction) -> Option<Self> {
        match c {
            Correction::Fact {
                fact,
                articles,
                verdict,
            } => Some(StoredVerdict {
                correction,
                fact: fact.clone(),
                articles: articles.iter().cloned().collect(),
                verdict: *verdict,
            }),
            _ => None,
        }
    }
}

/// The verdicts in force, by fact key, oldest first.
#[derive(Debug, Default)]
pub struct Verdicts {
    by_key: HashMap<String, Vec<StoredVerdict>>,
}

impl Verdicts {
    /// Index verdicts given oldest first.
    pub fn new(verdicts: impl IntoIterator<Item = StoredVerdict>) -> Self {
        let mut by_key: HashMap<String, Vec<StoredVerdict>> = HashMap::new();
        for v in verdicts {
            by_key.entry(v.fact.clone()).or_default().push(v);
        }
        Verdicts { by_key }
    }

    /// The latest verdict on fact `key` resting on any of `articles`.
    fn on(&self, key: &str, articles: &[String]) -> Option<&StoredVerdict> {
        self.by_key
            .get(key)?
            .iter()
            .rev()
            .find(|v| articles.iter().any(|a| v.articles.contains(a)))
    }
}

/// A fact of an incident before verdicts are applied.
struct Fact {
    key: String,
    kind: &'static str,
    label: String,
    /// Empty: every article of the incident.
    articles: Vec<String>,
}

fn id_or_blank(e: &Option<Entity>) -> &str {
    e.as_ref().map_or("", |e| e.id.as_str())
}

fn name_or<'a>(e: &'a Option<Entity>, fallback: &'a str) -> &'a str {
    e.as_ref().map_or(fallback, |e| e.name.as_str())
}

fn ids(refs: &[ArticleRef]) -> Vec<String> {
    let mut out: Vec<String> = refs.iter().map(|r| r.id.clone()).collect();
    out.dedup();
    out
}

/// The key of an attribution by `speaker` of `accused` (either may be unnamed).
pub fn attribution_key(speaker: &Option<Entity>, accused: &Option<Entity>) -> String {
    format!(
        "attribution|{}|{}",
        id_or_blank(speaker),
        id_or_blank(accused)
    )
}

/// The key of a denial by `speaker`.
pub fn denial_key(speaker: &Option<Entity>) -> String {
    format!("denial|{}", id_or_blank(speaker))
}

/// The key of a response record.
pub fn response_key(r: &dossier_model::incident::ResponseRecord) -> String {
    format!(
        "response|{}|{}|{}",
        r.kind.as_str(),
        id_or_blank(&r.by),
        id_or_blank(&r.against)
    )
}

/// Every fact of an incident, in the order the dossier shows them.
fn facts(i: &Incident) -> Vec<Fact> {
    let mut out = Vec::new();
    for a in &i.attributions {
        let mut label = format!(
            "{} blames {}",
            name_or(&a.speaker, "A source"),
            name_or(&a.accused, "an unnamed actor")
        );
        if let Some(h) = &a.hedge {
            label = format!("{label} ({h})");
        }
        out.push(Fact {
            key: attribution_key(&a.speaker, &a.accused),
            kind: "attribution",
            label,
            articles: ids(&a.sources),
        });
    }
    for d in &i.denials {
        out.push(Fact {
            key: denial_key(&d.speaker),
            kind: "denial",
            label: format!("{} denies it", name_or(&d.speaker, "The accused")),
            articles: ids(&d.sources),
        });
    }
    for r in &i.responses {
        let mut label = format!(
            "{} by {}",
            r.kind.as_str(),
            name_or(&r.by, "an unnamed party")
        );
        if let Some(against) = &r.against {
            label = format!("{label} against {}", against.name);
        }
        out.push(Fact {
            key: response_key(r),
            kind: "response",
            label,
            articles: ids(&r.sources),
        });
    }
    let entities: [(&'static str, &str, &[Entity]); 4] = [
        ("actor", "Actor", &i.actors),
        ("victim", "Victim", &i.victims),
        ("malware", "Malware", &i.malware),
        ("product", "Product", &i.products),
    ];
    for (kind, word, list) in entities {
        for e in list {
            out.push(Fact {
                key: format!("{kind}|{}", e.id),
                kind,
                label: format!("{word}: {}", e.name),
                articles: Vec::new(),
            });
        }
    }
    for cve in &i.cves {
        out.push(Fact {
            key: format!("cve|{cve}"),
            kind: "cve",
            label: format!("Exploits {cve}"),
            articles: Vec::new(),
        });
    }
    out
}

/// The articles a fact of `incident` rests on, as a verdict on it records them.
pub fn rests_on(incident: &Incident, fact: &FactView) -> Vec<String> {
    if fact.articles.is_empty() {
        ids(&incident.articles)
    } else {
        fact.articles.clone()
    }
}

/// Apply the verdicts to one incident: rejected facts leave the record, and every fact
/// is listed with its status.
pub fn apply(mut incident: Incident, verdicts: &Verdicts) -> (Incident, Vec<FactView>) {
    let all = ids(&incident.articles);
    let views: Vec<FactView> = facts(&incident)
        .into_iter()
        .map(|f| {
            let rests_on = if f.articles.is_empty() {
                &all
            } else {
                &f.articles
            };
            let found = verdicts.on(&f.key, rests_on);
            FactView {
                status: match found.map(|v| v.verdict) {
                    Some(Verdict::Confirm) => "confirmed",
                    Some(Verdict::Reject) => "rejected",
                    None => "unreviewed",
                },
                correction: found.map(|v| v.correction),
                key: f.key,
                kind: f.kind,
                label: f.label,
                articles: f.articles,
            }
        })
        .collect();
    let rejected: BTreeSet<&str> = views
        .iter()
        .filter(|v| v.status == "rejected")
        .map(|v| v.key.as_str())
        .collect();
    if rejected.is_empty() {
        return (incident, views);
    }
    let gone = |key: String| rejected.contains(key.as_str());
    // Timeline entries repeat the records they came from: drop those of rejected ones.
    let mut dropped: Vec<(String, Option<String>, Vec<String>)> = Vec::new();
    incident.attributions.retain(|a| {
        let keep = !gone(attribution_key(&a.speaker, &a.accused));
        if !keep {
            dropped.push(("attribution".into(), a.date.clone(), ids(&a.sources)));
        }
        keep
    });
    incident.denials.retain(|d| {
        let keep = !gone(denial_key(&d.speaker));
        if !keep {
            dropped.push(("denial".into(), d.date.clone(), ids(&d.sources)));
        }
        keep
    });
    incident.responses.retain(|r| {
        let keep = !gone(response_key(r));
        if !keep {
            dropped.push((r.kind.as_str().into(), r.date.clone(), ids(&r.sources)));
        }
        keep
    });
    let is_dropped = |t: &TimelineEntry| {
        dropped.iter().any(|(kind, date, sources)| {
            *kind == t.kind && *date == t.date && *sources == ids(&t.sources)
        })
    };
    incident.timeline.retain(|t| !is_dropped(t));
    incident.actors.retain(|e| !gone(format!("actor|{}", e.id)));
    incident
        .victims
        .retain(|e| !gone(format!("victim|{}", e.id)));
    incident
        .malware
        .retain(|e| !gone(format!("malware|{}", e.id)));
    incident
        .products
        .retain(|e| !gone(format!("product|{}", e.id)));
    incident.cves.retain(|c| !gone(format!("cve|{c}")));
    (incident, views)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::incident::AttributionRecord;
    use dossier_model::{EntityKind, EventType};

    fn entity(id: &str, name: &str) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind: EntityKind::Country,
            country: None,
            aliases_matched: Vec::new(),
            mentions: Vec::new(),
        }
    }

    fn source(id: &str) -> ArticleRef {
        ArticleRef {
            id: id.into(),
            source: format!("{id}.txt"),
            title: None,
            outlet: None,
            published: None,
            evidence: None,
        }
    }

    fn incident() -> Incident {
        let blame = |speaker: &str, accused: &str, article: &str| AttributionRecord {
            speaker: Some(entity(speaker, speaker)),
            accused: Some(entity(accused, accused)),
            date: Some("2024-02".into()),
            hedge: None,
            sources: vec![source(article)],
        };
        Incident {
            id: "inc".into(),
            title: "t".into(),
            kind: EventType::Espionage,
            victims: vec![entity("country:NL", "Netherlands")],
            actors: vec![entity("country:CN", "China")],
            first_reported: None,
            when: None,
            attributions: vec![
                blame("country:NL", "country:CN", "a1"),
                blame("country:US", "country:CN", "a2"),
            ],
            denials: Vec::new(),
            responses: Vec::new(),
            malware: Vec::new(),
            products: Vec::new(),
            cves: vec!["CVE-2022-42475".into()],
            articles: vec![source("a1"), source("a2")],
            discrepancies: Vec::new(),
            timeline: vec![TimelineEntry {
                date: Some("2024-02".into()),
                kind: "attribution".into(),
                summary: "NL attributes it to CN".into(),
                sources: vec![source("a1")],
            }],
        }
    }

    fn verdict(n: i64, fact: &str, articles: &[&str], verdict: Verdict) -> StoredVerdict {
        StoredVerdict {
            correction: n,
            fact: fact.into(),
            articles: articles.iter().map(|a| a.to_string()).collect(),
            verdict,
        }
    }

    #[test]
    fn facts_have_keys_made_of_entity_ids() {
        let keys: Vec<String> = facts(&incident()).into_iter().map(|f| f.key).collect();
        assert_eq!(
            keys,
            [
                "attribution|country:NL|country:CN",
                "attribution|country:US|country:CN",
                "actor|country:CN",
                "victim|country:NL",
                "cve|CVE-2022-42475"
            ]
        );
    }

    #[test]
    fn a_rejected_attribution_leaves_the_record_and_its_timeline_entry() {
        let v = Verdicts::new([verdict(
            7,
            "attribution|country:NL|country:CN",
            &["a1"],
            Verdict::Reject,
        )]);
        let (i, views) = apply(incident(), &v);
        assert_eq!(i.attributions.len(), 1);
        assert_eq!(
            i.attributions[0].speaker.as_ref().map(|e| e.id.as_str()),
            Some("country:US")
        );
        assert!(i.timeline.is_empty(), "{:?}", i.timeline);
        let nl = views
            .iter()
            .find(|f| f.key.starts_with("attribution|country:NL"))
            .expect("listed");
        assert_eq!((nl.status, nl.correction), ("rejected", Some(7)));
        assert_eq!(views[1].status, "unreviewed");
    }

    #[test]
    fn the_latest_verdict_wins_and_only_on_its_articles() {
        let key = "attribution|country:US|country:CN";
        let v = Verdicts::new([
            verdict(1, key, &["a2"], Verdict::Reject),
            verdict(2, key, &["a2"], Verdict::Confirm),
            // The same fact judged on another article says nothing about this one.
            verdict(3, "cve|CVE-2022-42475", &["elsewhere"], Verdict::Reject),
        ]);
        let (i, views) = apply(incident(), &v);
        assert_eq!(i.attributions.len(), 2);
        assert_eq!(i.cves.len(), 1);
        let us = views.iter().find(|f| f.key == key).expect("listed");
        assert_eq!((us.status, us.correction), ("confirmed", Some(2)));
    }

    #[test]
    fn rejected_entities_and_cves_are_dropped() {
        let v = Verdicts::new([
            verdict(1, "actor|country:CN", &["a1"], Verdict::Reject),
            verdict(2, "cve|CVE-2022-42475", &["a2"], Verdict::Reject),
        ]);
        let (i, _) = apply(incident(), &v);
        assert!(i.actors.is_empty());
        assert!(i.cves.is_empty());
        assert_eq!(i.victims.len(), 1);
    }

    #[test]
    fn fact_corrections_round_trip_through_the_stories_payload() {
        let c = Correction::Fact {
            fact: "denial|country:CN".into(),
            articles: vec!["a1".into()],
            verdict: Verdict::Confirm,
        };
        let payload = crate::correct::to_payload(&c);
        assert!(payload.contains("\"kind\":\"fact\""), "{payload}");
        assert!(payload.contains("\"verdict\":\"confirm\""), "{payload}");
        let back = crate::correct::from_payload(4, &payload).expect("parses");
        let stored = StoredVerdict::of(4, &back).expect("a verdict");
        assert_eq!(stored.fact, "denial|country:CN");
        assert_eq!(stored.verdict, Verdict::Confirm);
    }
}
