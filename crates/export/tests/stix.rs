//! STIX bundle: determinism, stable ids, confidence from hedges, denials as opinions,
//! references that resolve.

mod common;

use std::collections::BTreeSet;

use common::{FIXTURE, documents, fixture, render};
use dossier_export::{ExportOptions, Format, stix_id};
use serde_json::Value;

fn bundle_of(docs: &[dossier_model::Document]) -> Value {
    let incidents = dossier_stories::incidents(docs);
    let text = render(Format::Stix, docs, &incidents, &ExportOptions::default());
    serde_json::from_str(&text).expect("bundle is JSON")
}

fn objects<'a>(b: &'a Value, kind: &str) -> Vec<&'a Value> {
    b["objects"]
        .as_array()
        .expect("objects")
        .iter()
        .filter(|o| o["type"] == kind)
        .collect()
}

fn find<'a>(b: &'a Value, id: &str) -> &'a Value {
    b["objects"]
        .as_array()
        .and_then(|os| os.iter().find(|o| o["id"] == id))
        .unwrap_or_else(|| panic!("no object {id}"))
}

fn attributed_to(b: &Value) -> Vec<&Value> {
    objects(b, "relationship")
        .into_iter()
        .filter(|r| r["relationship_type"] == "attributed-to")
        .collect()
}

#[test]
fn same_input_gives_byte_identical_stix() {
    let (docs, incidents) = fixture();
    let first = render(Format::Stix, &docs, &incidents, &ExportOptions::default());
    // A fresh run of the whole pipeline, not just a second serialisation.
    let (docs2, incidents2) = fixture();
    let second = render(Format::Stix, &docs2, &incidents2, &ExportOptions::default());
    assert_eq!(first, second);
    assert!(first.contains("\"spec_version\": \"2.1\""));
}

#[test]
fn ids_stay_when_later_reporting_arrives() {
    let one = bundle_of(&documents(&FIXTURE[..1]));
    let both = bundle_of(&documents(&FIXTURE));
    let apt31 = stix_id("intrusion-set", "actor:apt31");
    let before = find(&one, &apt31);
    let after = find(&both, &apt31);
    assert_eq!(before["created"], after["created"]);
    assert_eq!(before["modified"], "2024-05-14T00:00:00.000Z");
    assert_eq!(after["modified"], "2024-05-16T00:00:00.000Z");
    let reports = |b: &Value| -> BTreeSet<String> {
        objects(b, "report")
            .iter()
            .filter_map(|r| r["id"].as_str().map(String::from))
            .collect()
    };
    assert!(reports(&one).is_subset(&reports(&both)));
    assert_eq!(reports(&both).len(), 2);
}

#[test]
fn hedges_set_the_confidence_of_attributions_by_their_speaker() {
    let b = bundle_of(&documents(&FIXTURE));
    let uk = stix_id("identity", "country:GB");
    let us = stix_id("identity", "country:US");
    let by = |speaker: &str| -> Vec<i64> {
        attributed_to(&b)
            .iter()
            .filter(|r| r["created_by_ref"] == speaker)
            .filter_map(|r| r["confidence"].as_i64())
            .collect()
    };
    assert_eq!(by(&uk), vec![90], "'almost certainly'");
    assert_eq!(by(&us), vec![65], "'likely'");
    for r in attributed_to(&b) {
        assert!(
            r["source_ref"]
                .as_str()
                .is_some_and(|s| s.starts_with("incident--"))
        );
    }
    let hedged: Vec<&Value> = objects(&b, "note")
        .into_iter()
        .filter(|n| {
            n["abstract"]
                .as_str()
                .is_some_and(|a| a.starts_with("Hedged"))
        })
        .collect();
    assert_eq!(hedged.len(), 2);
}

#[test]
fn denials_are_strong_disagreement_with_the_attributions() {
    let b = bundle_of(&documents(&FIXTURE));
    let attributions: BTreeSet<&str> = attributed_to(&b)
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    let opinions = objects(&b, "opinion");
    assert!(!opinions.is_empty());
    for o in &opinions {
        assert_eq!(o["opinion"], "strongly-disagree");
        let refs: Vec<&str> = o["object_refs"]
            .as_array()
            .expect("refs")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(!refs.is_empty());
        assert!(refs.iter().all(|r| attributions.contains(r)), "{refs:?}");
    }
    let authors: BTreeSet<&str> = opinions
        .iter()
        .flat_map(|o| o["authors"].as_array().into_iter().flatten())
        .filter_map(Value::as_str)
        .collect();
    assert!(authors.contains("Chinese embassy"), "{authors:?}");
}

#[test]
fn named_groups_carry_aliases_and_attack_ids() {
    let b = bundle_of(&documents(&FIXTURE));
    let set = find(&b, &stix_id("intrusion-set", "actor:apt31"));
    let aliases = set["aliases"].as_array().expect("aliases");
    assert!(aliases.iter().any(|a| a == "Zirconium"));
    assert_eq!(set["external_references"][0]["source_name"], "mitre-attack");
    assert_eq!(set["external_references"][0]["external_id"], "G0128");
    let cve = find(&b, &stix_id("vulnerability", "CVE-2023-12345"));
    assert_eq!(cve["external_references"][0]["source_name"], "cve");
    let china = find(&b, &stix_id("location", "country:CN"));
    assert_eq!(china["country"], "CN");
}

#[test]
fn every_reference_resolves_and_times_are_ordered() {
    let b = bundle_of(&documents(&FIXTURE));
    let objects = b["objects"].as_array().expect("objects");
    let ids: BTreeSet<&str> = objects.iter().filter_map(|o| o["id"].as_str()).collect();
    assert_eq!(ids.len(), objects.len(), "ids are unique");
    for o in objects {
        assert_eq!(o["spec_version"], "2.1");
        assert!(o["created"].as_str() <= o["modified"].as_str());
        for (key, value) in o.as_object().expect("object") {
            let refs: Vec<&str> = if key.ends_with("_ref") {
                value.as_str().into_iter().collect()
            } else if key.ends_with("_refs") {
                value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect()
            } else {
                continue;
            };
            for r in refs {
                assert!(
                    ids.contains(r),
                    "{key} of {} points to missing {r}",
                    o["id"]
                );
            }
        }
    }
    for report in objects.iter().filter(|o| o["type"] == "report") {
        assert!(report["published"].is_string());
        assert!(!report["object_refs"].as_array().expect("refs").is_empty());
        let url = &report["external_references"][0]["url"];
        assert!(
            url.as_str()
                .is_some_and(|u| u.starts_with("https://news.example.org/"))
        );
    }
}
