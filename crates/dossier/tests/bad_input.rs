//! Bad input in one `dossier ingest` run: invalid UTF-8, a binary file, empty pages, a
//! truncated gzip file, a 2 GB file and a page that is all navigation. Each is one clear
//! error or an empty-text warning, the good articles still go in, the summary counts
//! them by kind, and nothing half-written stays in the store. The articles are invented
//! for this test.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use common::*;
use dossier_store::{SqliteStore, Store};

const GOOD_TEXT: &str = "Telecom Operator Confirms Breach\n\n\
    The telecom operator Northlink said on Thursday that intruders had copied call records of about two thousand customers from a billing server.\n\n\
    The company said it had found the intrusion during a routine audit and had reported it to the national regulator the same day.\n";

const GOOD_HTML: &str = "<!DOCTYPE html><html lang=\"en\"><head><title>Water utility pays no ransom</title></head><body>\
    <nav><a href=\"/\">Home</a> <a href=\"/local\">Local</a></nav><article><h1>Water utility pays no ransom</h1>\
    <p>The municipal water utility of Arkenfeld said it would not pay the ransom demanded by a criminal group that encrypted its office computers last week.</p>\
    <p>Drinking water supply was not affected, the utility said, because the treatment plants run on a separate network that the attackers did not reach.</p>\
    </article></body></html>";

const SECOND_TEXT: &str = "Ministry Restores Portal\n\n\
    The transport ministry said its online permit portal was back in service after a denial-of-service attack had kept it offline for six hours on Sunday.\n\n\
    Officials said no data had been taken and that the traffic came from a network of hijacked home routers.\n";

/// A page with menus, footer links and a cookie banner but no article.
const NAV_ONLY: &str = "<!DOCTYPE html><html><head><title>Example News</title></head><body>\
    <header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li>\
    <li><a href=\"/business\">Business</a></li><li><a href=\"/tech\">Technology</a></li></ul></nav></header>\
    <div class=\"cookie-banner\">We use cookies. <a href=\"/privacy\">Privacy policy</a> <button>Accept</button></div>\
    <footer><ul><li><a href=\"/about\">About us</a></li><li><a href=\"/contact\">Contact</a></li>\
    <li><a href=\"/terms\">Terms of use</a></li></ul></footer></body></html>";

fn gz(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).expect("write");
    enc.finish().expect("finish")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn bad_inputs_are_counted_by_kind_and_the_good_ones_go_in() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path().join("in");
    std::fs::create_dir(&dir).expect("mkdir");
    let packed = gz(GOOD_HTML.as_bytes());
    let huge = dir.join("huge.txt");
    // Sparse: 2 GB that cost no disk and must be refused by size without being read.
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(2 << 30))
        .expect("sparse file");
    let inputs = [
        write(&dir, "a-good.txt", GOOD_TEXT.as_bytes()),
        write(
            &dir,
            "b-good.html",
            GOOD_HTML.replace("Arkenfeld", "Ostheim").as_bytes(),
        ),
        write(
            &dir,
            "c-latin1.txt",
            b"Caf\xe9 owners say their payment terminals were hacked.",
        ),
        write(
            &dir,
            "d-photo.dat",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
        ),
        write(&dir, "e-empty.txt", b""),
        write(
            &dir,
            "f-empty.html",
            b"<html><head></head><body>  </body></html>",
        ),
        write(&dir, "g-cut.html.gz", &packed[..packed.len() / 2]),
        huge,
        write(&dir, "h-nav.html", NAV_ONLY.as_bytes()),
        write(&dir, "i-good.txt", SECOND_TEXT.as_bytes()),
    ];
    let started = Instant::now();
    let out = dossier(home.path())
        .args(["ingest", "--no-model"])
        .args(&inputs)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "failures fail the run: {err}");
    assert!(
        err.contains(
            "ingested 3 new, 0 already stored, 3 empty (warned, not stored), \
             4 failed: 1 binary, 1 corrupt gzip, 1 not UTF-8, 1 too large"
        ),
        "{err}"
    );
    // One clear line per bad input, naming it and saying what to do.
    let expect = [
        (
            "c-latin1.txt",
            "invalid UTF-8 at byte offset 3; convert the file to UTF-8",
        ),
        ("d-photo.dat", "binary file (NUL byte at offset 8)"),
        ("g-cut.html.gz", "corrupt or truncated gzip data"),
        (
            "huge.txt",
            "2147483648 bytes is over the 52428800-byte limit",
        ),
        ("e-empty.txt", "no article text left after cleaning"),
        ("f-empty.html", "no article text left after cleaning"),
        ("h-nav.html", "no article text left after cleaning"),
    ];
    for (name, says) in expect {
        let line = err
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no message about {name}: {err}"));
        assert!(line.contains(says), "{name}: {line}");
    }
    assert!(
        started.elapsed().as_secs() < 60,
        "the 2 GB file must not be read"
    );

    let store = SqliteStore::open(&home.path().join("dossier.db")).expect("store");
    let docs = store.documents().expect("documents");
    let mut sources: Vec<String> = docs
        .iter()
        .map(|d| {
            Path::new(&d.meta.source)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    sources.sort();
    assert_eq!(sources, ["a-good.txt", "b-good.html", "i-good.txt"]);
    assert!(docs.iter().all(|d| !d.text.trim().is_empty()));
}

#[test]
fn extract_counts_bad_inputs_too() {
    let home = tempfile::tempdir().expect("tempdir");
    let inputs = [
        write(home.path(), "good.txt", GOOD_TEXT.as_bytes()),
        write(home.path(), "nav.html", NAV_ONLY.as_bytes()),
        write(home.path(), "latin.txt", b"na\xefve"),
    ];
    let out = dossier(home.path())
        .args(["extract", "--no-model"])
        .args(&inputs)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains(
            "1 extracted, 1 empty (warned, records with empty text), 1 failed: 1 not UTF-8"
        ),
        "{err}"
    );
    // The empty page still has its record (with its metadata), so two records.
    assert_eq!(jsonl(&String::from_utf8_lossy(&out.stdout)).len(), 2);
}

#[test]
fn a_failure_indexing_an_article_leaves_no_article_behind() {
    let home = tempfile::tempdir().expect("tempdir");
    let first = write(home.path(), "first.txt", GOOD_TEXT.as_bytes());
    run_ok(
        dossier(home.path())
            .args(["ingest", "--no-model"])
            .arg(&first),
    );
    let db = home.path().join("dossier.db");
    // Make the second step (the near-duplicate signature) fail for every new article.
    rusqlite::Connection::open(&db)
        .and_then(|c| {
            c.execute_batch(
                "CREATE TRIGGER refuse_signatures BEFORE INSERT ON signatures
                 BEGIN SELECT RAISE(ABORT, 'signature refused by the test'); END;",
            )
        })
        .expect("trigger");
    let second = write(home.path(), "second.txt", SECOND_TEXT.as_bytes());
    let out = dossier(home.path())
        .args(["ingest", "--no-model"])
        .arg(&second)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("cannot index near-duplicates") && err.contains("signature refused"),
        "{err}"
    );
    assert!(
        err.contains("ingested 0 new, 0 already stored, 1 failed: 1 store error"),
        "{err}"
    );
    let store = SqliteStore::open(&db).expect("store");
    assert_eq!(store.count().expect("count").articles, 1);
    assert!(store.search("permit portal", 5).expect("search").is_empty());
}
