//! End-to-end: `dossier stories` groups a rewrite and a copy of one report and leaves an
//! unrelated report alone, and `--explain` says why, on short articles of our own
//! (`tests/data/grouping/stories`), through the built binary and a temporary store.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{dossier, jsonl, repo_root, run_ok};
use serde_json::Value;

fn articles() -> Vec<PathBuf> {
    let dir = repo_root().join("tests/data/grouping/stories");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("story test data")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|f| f.to_str())
        .unwrap_or_default()
        .to_string()
}

/// Article id → file name, as `extract` derives the ids.
fn ids(home: &Path, files: &[PathBuf]) -> BTreeMap<String, String> {
    let out = run_ok(
        dossier(home)
            .args(["extract", "--format", "jsonl"])
            .args(files),
    );
    jsonl(&out)
        .iter()
        .map(|r| {
            let id = r["id"].as_str().expect("an id").to_string();
            let source = r["source"].as_str().expect("a source");
            (id, file_name(Path::new(source)))
        })
        .collect()
}

/// The stories as sorted lists of file names, and the near-duplicate pairs likewise.
fn stories(home: &Path, names: &BTreeMap<String, String>, extra: &[&str]) -> Stories {
    let out = run_ok(
        dossier(home)
            .args(["stories", "--format", "json"])
            .args(extra),
    );
    let json: Value = serde_json::from_str(&out).expect("stories JSON");
    let name = |v: &Value| names[v.as_str().expect("an article id")].clone();
    let mut groups = Vec::new();
    let mut copies = Vec::new();
    for story in json.as_array().expect("an array of stories") {
        let mut members: Vec<String> = story["articles"]
            .as_array()
            .expect("articles")
            .iter()
            .map(name)
            .collect();
        members.sort();
        groups.push(members);
        for pair in story["duplicates"].as_array().expect("duplicates") {
            let mut pair: Vec<String> = pair.as_array().expect("a pair").iter().map(name).collect();
            pair.sort();
            copies.push(pair);
        }
    }
    groups.sort();
    Stories { groups, copies }
}

struct Stories {
    groups: Vec<Vec<String>>,
    copies: Vec<Vec<String>>,
}

/// The explanation line about two files, in either order.
fn line_about<'a>(explained: &'a str, a: &str, b: &str) -> &'a str {
    explained
        .lines()
        .find(|l| {
            !l.contains("shared-incident 1.00 (")
                && (l.starts_with(&format!("[story] {a} ~ {b}:"))
                    || l.starts_with(&format!("[story] {b} ~ {a}:")))
        })
        .unwrap_or_else(|| panic!("no decision on {a} ~ {b} in:\n{explained}"))
}

#[test]
fn stories_group_a_rewrite_and_a_copy_and_explain_why() {
    let files = articles();
    let home = tempfile::tempdir().expect("temp dir");
    let names = ids(home.path(), &files);
    run_ok(
        dossier(home.path())
            .args(["--quiet", "ingest"])
            .args(&files),
    );

    let found = stories(home.path(), &names, &[]);
    let harbour = vec![
        "harbour-copy.txt".to_string(),
        "harbour-rewrite.txt".to_string(),
        "harbour-wire.txt".to_string(),
    ];
    assert_eq!(
        found.groups,
        vec![vec!["clinic-ransom.txt".to_string()], harbour.clone()],
        "one story for the three Harbourline reports, one for the clinic"
    );
    assert_eq!(
        found.copies,
        vec![vec![
            "harbour-copy.txt".to_string(),
            "harbour-wire.txt".to_string()
        ]]
    );

    let explained = run_ok(dossier(home.path()).args(["stories", "--explain"]));
    let copy = line_about(&explained, "harbour-wire.txt", "harbour-copy.txt");
    assert!(copy.contains("minhash-jaccard"), "{copy}");
    assert!(copy.contains("; near-duplicate "), "{copy}");
    assert!(copy.contains("≥ 0.50 → same story"), "{copy}");
    let rewrite = line_about(&explained, "harbour-wire.txt", "harbour-rewrite.txt");
    for feature in [
        "text-cosine",
        "entity-cosine",
        "date-distance 1 (window 14)",
    ] {
        assert!(rewrite.contains(feature), "{feature} in {rewrite}");
    }
    assert!(rewrite.contains("→ same story [story "), "{rewrite}");
    assert!(
        explained
            .lines()
            .filter(|l| l.contains("clinic-ransom.txt"))
            .all(|l| !l.contains("→ same story")),
        "the clinic report joins nothing:\n{explained}"
    );

    // A stricter near-duplicate threshold: no copies, and the explanation says so.
    let strict = stories(home.path(), &names, &["--threshold", "0.99"]);
    assert!(strict.copies.is_empty());
    assert!(
        strict.groups.contains(&harbour),
        "still one story by wording"
    );
    let explained =
        run_ok(dossier(home.path()).args(["stories", "--explain", "--threshold", "0.99"]));
    let copy = line_about(&explained, "harbour-wire.txt", "harbour-copy.txt");
    assert!(!copy.contains("; near-duplicate "), "{copy}");
}
