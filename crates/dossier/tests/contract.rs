//! Every record dossier prints validates against the JSON Schemas in spec/, which
//! encode the contract (shared/spec/records.md).

mod common;

use common::*;
use serde_json::Value;

fn validator(name: &str) -> jsonschema::Validator {
    let path = repo_root().join("spec").join(name);
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("schema file"))
        .expect("schema JSON");
    jsonschema::validator_for(&schema).expect("valid schema")
}

fn assert_valid(v: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} breaks the contract:\n{}",
        errors.join("\n")
    );
}

fn bundled_examples() -> Vec<std::path::PathBuf> {
    let dir = repo_root().join("examples").join("articles");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("examples/articles")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    files
}

#[test]
fn extract_records_match_the_schema() {
    let v = validator("record.schema.json");
    let home = tempfile::tempdir().expect("tempdir");
    let mut files = bundled_examples();
    files.extend(example_articles().unwrap_or_default());
    let out = run_ok(dossier(home.path()).arg("extract").args(&files));
    let recs = jsonl(&out);
    assert_eq!(recs.len(), files.len());
    for r in &recs {
        assert_valid(&v, r, r["source"].as_str().unwrap_or("record"));
    }
}

#[test]
fn plain_records_keep_the_input_exactly() {
    let home = tempfile::tempdir().expect("tempdir");
    let files = bundled_examples();
    let out = run_ok(
        dossier(home.path())
            .arg("extract")
            .arg("--plain")
            .args(&files),
    );
    for (rec, file) in jsonl(&out).iter().zip(&files) {
        let input = std::fs::read_to_string(file).expect("read");
        assert_eq!(rec["text"].as_str(), Some(input.as_str()));
    }
}

#[test]
fn incidents_and_stories_match_the_schema() {
    let home = tempfile::tempdir().expect("tempdir");
    run_ok(
        dossier(home.path())
            .arg("ingest")
            .arg("--quiet")
            .args(bundled_examples()),
    );
    let incidents: Value = serde_json::from_str(&run_ok(dossier(home.path()).args([
        "incidents",
        "--format",
        "json",
    ])))
    .expect("incidents JSON");
    assert!(
        incidents.as_array().is_some_and(|a| !a.is_empty()),
        "no incident"
    );
    assert_valid(&validator("incidents.schema.json"), &incidents, "incidents");
    let stories: Value = serde_json::from_str(&run_ok(
        dossier(home.path()).args(["stories", "--format", "json"]),
    ))
    .expect("stories JSON");
    assert_valid(&validator("stories.schema.json"), &stories, "stories");
}
