//! Issue 2's acceptance on the three real example articles in ../shared: the Dutch
//! MIVD attribution of the Ministry of Defence intrusion to China, the denial, the
//! Rutte–Xi talks and the US/UK sanctions.

mod common;

use common::*;
use serde_json::Value;

fn records() -> Option<Vec<Value>> {
    let files = example_articles()?;
    let home = tempfile::tempdir().expect("tempdir");
    let out = run_ok(
        dossier(home.path())
            .arg("extract")
            .arg("--format")
            .arg("jsonl")
            .args(&files),
    );
    let recs = jsonl(&out);
    assert_eq!(recs.len(), 3, "one record per article");
    Some(recs)
}

fn by_prefix<'r>(recs: &'r [Value], prefix: &str) -> &'r Value {
    recs.iter()
        .find(|r| {
            r["source"]
                .as_str()
                .and_then(|s| s.rsplit('/').next())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no record for {prefix}"))
}

fn entity<'r>(rec: &'r Value, id: &str) -> Option<&'r Value> {
    rec["entities"].as_array()?.iter().find(|e| e["id"] == id)
}

/// Countries of the entities in the args of `event` with `role`.
fn arg_countries(rec: &Value, event: &Value, role: &str) -> Vec<String> {
    event["args"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|a| a["role"] == role)
        .filter_map(|a| a["entity"].as_str())
        .filter_map(|id| entity(rec, id))
        .filter_map(|e| e["country"].as_str().map(str::to_string))
        .collect()
}

fn events_of<'r>(rec: &'r Value, kind: &str) -> Vec<&'r Value> {
    rec["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["type"] == kind)
        .collect()
}

fn has_event(rec: &Value, kind: &str, role: &str, country: &str) -> bool {
    events_of(rec, kind)
        .iter()
        .any(|e| arg_countries(rec, e, role).iter().any(|c| c == country))
}

#[test]
fn mivd_is_a_dutch_agency() {
    let Some(recs) = records() else { return };
    let mivd = recs
        .iter()
        .flat_map(|r| r["entities"].as_array().into_iter().flatten())
        .find(|e| {
            e["aliases_matched"]
                .as_array()
                .is_some_and(|a| a.iter().any(|s| s == "MIVD"))
        })
        .expect("MIVD found");
    assert_eq!(mivd["kind"], "agency");
    assert_eq!(mivd["country"], "NL");
}

#[test]
fn each_article_attributes_to_china_by_a_dutch_speaker() {
    let Some(recs) = records() else { return };
    for rec in &recs {
        let ok = events_of(rec, "attribution").iter().any(|e| {
            arg_countries(rec, e, "speaker").contains(&"NL".to_string())
                && arg_countries(rec, e, "accused").contains(&"CN".to_string())
        });
        assert!(ok, "no NL→CN attribution in {}", rec["source"]);
    }
}

#[test]
fn china_denies_in_000_and_004() {
    let Some(recs) = records() else { return };
    for prefix in ["000", "004"] {
        let rec = by_prefix(&recs, prefix);
        assert!(
            has_event(rec, "denial", "speaker", "CN"),
            "no Chinese denial in {prefix}"
        );
    }
}

#[test]
fn the_netherlands_raises_it_with_china_in_000() {
    let Some(recs) = records() else { return };
    let rec = by_prefix(&recs, "000");
    assert!(has_event(rec, "diplomatic-talks", "by", "NL"));
    assert!(has_event(rec, "diplomatic-talks", "against", "CN"));
}

#[test]
fn the_uk_sanctions_in_001() {
    let Some(recs) = records() else { return };
    assert!(has_event(by_prefix(&recs, "001"), "sanction", "by", "GB"));
}

#[test]
fn a_dutch_victim_of_an_intrusion_or_espionage() {
    let Some(recs) = records() else { return };
    let found = recs.iter().any(|r| {
        has_event(r, "intrusion", "victim", "NL") || has_event(r, "espionage", "victim", "NL")
    });
    assert!(found, "no intrusion/espionage with a Dutch victim");
}

#[test]
fn fortinet_is_an_entity_in_004() {
    let Some(recs) = records() else { return };
    let rec = by_prefix(&recs, "004");
    let names: Vec<&str> = rec["entities"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert!(names.contains(&"Fortinet"), "entities: {names:?}");
}

#[test]
fn publication_dates_are_read() {
    let Some(recs) = records() else { return };
    assert_eq!(by_prefix(&recs, "000")["published"], "2024-03-29");
    assert_eq!(by_prefix(&recs, "004")["published"], "2024-02-07");
}

#[test]
fn boilerplate_is_gone_from_text() {
    let Some(recs) = records() else { return };
    let banned = [
        "Subscribe to our Newsletter",
        "Share with friends",
        "Be the first to comment",
        "Leave a Reply",
        "Your email address will not be published",
        "Free $30",
        "You can publish this article on your website",
        "via REUTERS",
        "Google Cloud signs up Spotify",
    ];
    for rec in &recs {
        let text = rec["text"].as_str().expect("text");
        for b in banned {
            assert!(!text.contains(b), "{b:?} left in {}", rec["source"]);
        }
    }
    // The article itself survives.
    let text = by_prefix(&recs, "001")["text"].as_str().expect("text");
    assert!(text.contains("MIVD"));
    assert!(text.lines().count() > 10);
}

#[test]
fn every_offset_points_at_its_quote() {
    let Some(recs) = records() else { return };
    for rec in &recs {
        let text = rec["text"].as_str().expect("text");
        let check = |v: &Value, what: &str| {
            let (s, e) = (
                v["start"].as_u64().expect("start"),
                v["end"].as_u64().expect("end"),
            );
            assert_eq!(
                slice(text, s, e),
                v["text"].as_str().expect("text"),
                "{what} in {}",
                rec["source"]
            );
        };
        for e in rec["entities"].as_array().into_iter().flatten() {
            for m in e["mentions"].as_array().into_iter().flatten() {
                check(m, "mention");
            }
        }
        for ev in rec["events"].as_array().into_iter().flatten() {
            check(&ev["trigger"], "trigger");
            for a in ev["args"].as_array().into_iter().flatten() {
                check(a, "arg");
            }
            if !ev["time"].is_null() {
                check(&ev["time"], "time");
            }
        }
        for i in rec["indicators"].as_array().into_iter().flatten() {
            let (s, e) = (
                i["start"].as_u64().expect("start"),
                i["end"].as_u64().expect("end"),
            );
            assert!(e > s && e as usize <= text.chars().count());
        }
    }
}
