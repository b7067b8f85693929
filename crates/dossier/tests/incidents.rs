//! End-to-end: incidents merged across the example articles, and a discrepancy between
//! two short reports of our own, through the built binary and a temporary store.

mod common;

use std::path::{Path, PathBuf};

use common::{dossier, example_articles, repo_root, run_ok};
use serde_json::Value;

/// Ingest `files` into a fresh store in `home` and return `incidents --format json`.
fn incidents_of(home: &Path, files: &[PathBuf]) -> Vec<Value> {
    run_ok(dossier(home).args(["--quiet", "ingest"]).args(files));
    let out = run_ok(dossier(home).args(["incidents", "--format", "json"]));
    serde_json::from_str::<Value>(&out)
        .expect("incidents JSON")
        .as_array()
        .cloned()
        .expect("an array of incidents")
}

fn country(entity: &Value) -> &str {
    entity["country"].as_str().unwrap_or("")
}

fn name(entity: &Value) -> String {
    entity["name"].as_str().unwrap_or("").to_lowercase()
}

fn list<'a>(inc: &'a Value, field: &str) -> &'a [Value] {
    inc[field].as_array().map_or(&[], Vec::as_slice)
}

/// File names of the incident's articles, sorted.
fn article_files(inc: &Value) -> Vec<String> {
    let mut files: Vec<String> = list(inc, "articles")
        .iter()
        .filter_map(|a| a["source"].as_str())
        .filter_map(|s| Path::new(s).file_name()?.to_str().map(str::to_string))
        .collect();
    files.sort();
    files
}

/// Incidents with a victim for which `is_victim` holds.
fn with_victim(incidents: &[Value], is_victim: impl Fn(&Value) -> bool) -> Vec<&Value> {
    incidents
        .iter()
        .filter(|i| list(i, "victims").iter().any(&is_victim))
        .collect()
}

fn responses_of<'a>(inc: &'a Value, kind: &str) -> Vec<&'a Value> {
    list(inc, "responses")
        .iter()
        .filter(|r| r["type"] == kind)
        .collect()
}

#[test]
fn dutch_defence_intrusion_is_one_incident_and_the_electoral_commission_another() {
    let Some(files) = example_articles() else {
        return;
    };
    let home = tempfile::tempdir().expect("temp dir");
    let incidents = incidents_of(home.path(), &files);

    let defence = with_victim(&incidents, |v| {
        let n = name(v);
        country(v) == "NL" && (n.contains("defen") || n.contains("military"))
    });
    assert_eq!(
        defence.len(),
        1,
        "one Dutch defence incident: {incidents:#?}"
    );
    let mod_incident = defence[0];
    let expected: Vec<String> = files
        .iter()
        .filter_map(|f| f.file_name()?.to_str().map(str::to_string))
        .collect();
    assert_eq!(article_files(mod_incident), expected, "all three articles");
    let attributed_by_nl = list(mod_incident, "attributions")
        .iter()
        .any(|a| country(&a["speaker"]) == "NL" && country(&a["accused"]) == "CN");
    assert!(
        attributed_by_nl,
        "the Netherlands (MIVD) attributes it to China"
    );
    let mivd = list(mod_incident, "attributions").iter().any(|a| {
        a["speaker"]["id"]
            .as_str()
            .is_some_and(|id| id.contains("mivd"))
    });
    assert!(mivd, "MIVD among the speakers");
    assert!(
        list(mod_incident, "denials")
            .iter()
            .any(|d| country(&d["speaker"]) == "CN"),
        "the Chinese denial"
    );
    assert!(
        responses_of(mod_incident, "diplomatic-talks")
            .iter()
            .any(|r| country(&r["by"]) == "NL" && country(&r["against"]) == "CN"),
        "the Rutte–Xi talks"
    );
    assert!(
        responses_of(mod_incident, "sanction").is_empty(),
        "the sanctions are about another matter"
    );

    let electoral = with_victim(&incidents, |v| name(v).contains("electoral commission"));
    assert_eq!(electoral.len(), 1, "one Electoral Commission incident");
    let ec = electoral[0];
    assert_ne!(ec["id"], mod_incident["id"]);
    let sanctioning: Vec<&str> = responses_of(ec, "sanction")
        .iter()
        .map(|r| country(&r["by"]))
        .collect();
    assert!(
        sanctioning.contains(&"US") && sanctioning.contains(&"GB"),
        "US and UK sanctions: {sanctioning:?}"
    );
}

#[test]
fn sources_disagreeing_on_the_year_are_a_discrepancy() {
    let dir = repo_root().join("tests/data/grouping/discrepancy");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("discrepancy data")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let home = tempfile::tempdir().expect("temp dir");
    let incidents = incidents_of(home.path(), &files);
    let both: Vec<&Value> = incidents
        .iter()
        .filter(|i| article_files(i).len() == 2)
        .collect();
    assert_eq!(
        both.len(),
        1,
        "the two reports are one incident: {incidents:#?}"
    );
    let inc = both[0];
    assert_eq!(inc["when"], "2021", "the earliest date given");
    let when = list(inc, "discrepancies")
        .iter()
        .find(|d| d["field"] == "when")
        .expect("a discrepancy on when");
    let values: Vec<(&str, String, String)> = list(when, "values")
        .iter()
        .map(|v| {
            let source = &list(v, "sources")[0];
            let file = source["source"].as_str().unwrap_or("");
            let file = Path::new(file)
                .file_name()
                .and_then(|f| f.to_str())
                .unwrap_or("");
            let quote = source["evidence"]["text"]
                .as_str()
                .unwrap_or("")
                .to_string();
            (v["value"].as_str().unwrap_or(""), file.to_string(), quote)
        })
        .collect();
    assert_eq!(values.len(), 2, "{values:?}");
    assert_eq!(
        (values[0].0, values[0].1.as_str()),
        ("2021", "early-report.txt")
    );
    assert!(values[0].2.contains("in 2021"), "{values:?}");
    assert_eq!(
        (values[1].0, values[1].1.as_str()),
        ("2023", "late-report.txt")
    );
    assert!(values[1].2.contains("last year"), "{values:?}");
}

#[test]
fn a_fact_rejected_by_an_analyst_leaves_the_cli_records() {
    let Some(files) = example_articles() else {
        return;
    };
    let home = tempfile::tempdir().expect("temp dir");
    let incidents = incidents_of(home.path(), &files);
    let (incident, attribution) = incidents
        .iter()
        .find_map(|i| Some((i, list(i, "attributions").first()?)))
        .expect("an attribution");
    let id = |e: &Value| e["id"].as_str().unwrap_or("").to_string();
    let key = format!(
        "attribution|{}|{}",
        id(&attribution["speaker"]),
        id(&attribution["accused"])
    );
    let sources: Vec<String> = list(attribution, "sources")
        .iter()
        .filter_map(|s| s["id"].as_str().map(str::to_string))
        .collect();
    // What the server's reject button records.
    let reject = dossier_stories::Correction::Fact {
        fact: key.clone(),
        articles: sources,
        verdict: dossier_stories::correct::Verdict::Reject,
    };
    let mut store =
        dossier_store::SqliteStore::open(&home.path().join("dossier.db")).expect("store");
    store
        .add_correction(
            reject.kind(),
            &dossier_stories::correct::to_payload(&reject),
        )
        .expect("add the verdict");
    drop(store);

    let out = run_ok(dossier(home.path()).args(["incidents", "--format", "json"]));
    let after: Vec<Value> = serde_json::from_str(&out).expect("incidents JSON");
    let same = after
        .iter()
        .find(|i| i["id"] == incident["id"])
        .expect("a verdict does not regroup");
    assert!(
        list(same, "attributions").iter().all(|a| format!(
            "attribution|{}|{}",
            id(&a["speaker"]),
            id(&a["accused"])
        ) != key),
        "{key} is still there"
    );
    assert!(list(same, "attributions").len() < list(incident, "attributions").len());
}
