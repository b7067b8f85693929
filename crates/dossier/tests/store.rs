//! `dossier ingest` writes to the embedded store: idempotent, and one bad file does not
//! stop the rest.

mod common;

use common::*;

fn examples_dir() -> std::path::PathBuf {
    repo_root().join("examples").join("articles")
}

#[test]
fn reingesting_changes_nothing() {
    let home = tempfile::tempdir().expect("tempdir");
    let first = dossier(home.path())
        .arg("ingest")
        .arg(examples_dir())
        .output()
        .expect("run");
    assert!(first.status.success());
    let summary = String::from_utf8_lossy(&first.stderr);
    assert!(
        summary.contains("ingested 5 new, 0 already stored, 0 failed"),
        "{summary}"
    );
    let db = home.path().join("dossier.db");
    let size = std::fs::metadata(&db).expect("db").len();
    let again = dossier(home.path())
        .arg("ingest")
        .arg(examples_dir())
        .output()
        .expect("run");
    assert!(again.status.success());
    let summary = String::from_utf8_lossy(&again.stderr);
    assert!(
        summary.contains("ingested 0 new, 5 already stored, 0 failed"),
        "{summary}"
    );
    assert_eq!(std::fs::metadata(&db).expect("db").len(), size);
}

#[test]
fn a_bad_file_is_reported_and_the_rest_go_in() {
    let home = tempfile::tempdir().expect("tempdir");
    let inputs = home.path().join("in");
    std::fs::create_dir(&inputs).expect("mkdir");
    std::fs::copy(examples_dir().join("04-notpetya.txt"), inputs.join("a.txt")).expect("copy");
    std::fs::write(inputs.join("b.txt"), b"\xff\xfe broken \x00 bytes").expect("write");
    let out = dossier(home.path())
        .arg("ingest")
        .arg(&inputs)
        .output()
        .expect("run");
    assert!(!out.status.success(), "a failed input must fail the run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("b.txt"), "the bad file is named: {err}");
    assert!(
        err.contains("ingested 1 new, 0 already stored, 1 failed"),
        "{err}"
    );
    let search = run_ok(dossier(home.path()).args(["search", "NotPetya"]));
    assert!(search.contains("NotPetya"), "{search}");
}

#[test]
fn incidents_without_a_store_explain_what_to_do() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = dossier(home.path()).arg("incidents").output().expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("dossier ingest"));
}
