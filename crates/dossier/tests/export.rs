//! `dossier export` over a store: each format comes out, and a bad format is refused
//! with a message that lists the good ones.

mod common;

use common::*;

fn store_with_examples() -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("tempdir");
    let examples = repo_root().join("examples").join("articles");
    run_ok(
        dossier(home.path())
            .args(["ingest", "--quiet"])
            .arg(examples),
    );
    home
}

#[test]
fn stix_export_is_a_bundle_of_incidents_and_reports() {
    let home = store_with_examples();
    let out = run_ok(dossier(home.path()).args(["export", "--format", "stix"]));
    let bundle: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(bundle["type"], "bundle");
    let types: Vec<&str> = bundle["objects"]
        .as_array()
        .expect("objects")
        .iter()
        .filter_map(|o| o["type"].as_str())
        .collect();
    for t in ["report", "incident", "relationship", "location"] {
        assert!(types.contains(&t), "no {t} in {types:?}");
    }
    // Deterministic: the same store exports the same bytes.
    assert_eq!(
        out,
        run_ok(dossier(home.path()).args(["export", "--format", "stix"]))
    );
}

#[test]
fn csv_and_misp_exports_write_files() {
    let home = store_with_examples();
    run_ok(dossier(home.path()).args(["export", "--format", "csv", "--out", "incidents.csv"]));
    let csv = std::fs::read_to_string(home.path().join("incidents.csv")).expect("csv file");
    assert!(
        csv.starts_with("incident_id,"),
        "{}",
        &csv[..csv.len().min(80)]
    );
    assert!(csv.lines().count() > 1);
    run_ok(dossier(home.path()).args(["export", "--format", "misp", "--out", "misp/"]));
    let events = std::fs::read_dir(home.path().join("misp"))
        .expect("misp dir")
        .count();
    assert!(events > 0);
}

#[test]
fn unknown_format_lists_the_known_ones() {
    let home = store_with_examples();
    let out = dossier(home.path())
        .args(["export", "--format", "xml"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("stix, misp, csv or plover"));
}
