//! `dossier ingest` and `dossier extract` over a WARC.gz archive (one gzip member per
//! record, as CC-NEWS): the HTML pages are stored with their target URI, a date (the
//! page's own, else the record's WARC-Date) and their text in the right charset;
//! requests, warcinfo and images are skipped and counted; a damaged member is one
//! failure and the run goes on. The pages are invented for this test.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::*;
use dossier_store::{SqliteStore, Store};
use flate2::Compression;
use flate2::write::GzEncoder;

fn record(headers: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut head = String::from("WARC/1.0\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
    [head.as_bytes(), block, b"\r\n\r\n"].concat()
}

fn response(uri: &str, date: &str, http_headers: &str, body: &[u8]) -> Vec<u8> {
    let block = [
        format!("HTTP/1.1 200 OK\r\n{http_headers}\r\n").as_bytes(),
        body,
    ]
    .concat();
    record(
        &[
            ("WARC-Type", "response"),
            ("WARC-Target-URI", uri),
            ("WARC-Date", date),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        &block,
    )
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(data).expect("write");
    enc.finish().expect("finish")
}

fn page(title: &str, head: &str, paras: &[&str]) -> String {
    let body: String = paras.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>{title}</title>{head}</head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/tech\">Tech</a></nav>\
         <article><h1>{title}</h1>\n{body}</article>\
         <footer>Copyright Example Media. All rights reserved.</footer></body></html>"
    )
}

const PORT: [&str; 3] = [
    "The harbour authority of Velmar said on Tuesday that an intrusion into its cargo scheduling system had halted container traffic for most of the weekend.",
    "Investigators found that the attackers had entered through a contractor's remote access account and had spent at least three weeks inside the network.",
    "The authority said that shipping had resumed on Monday evening and that it had informed the national cyber security centre and the data protection office.",
];

const CAFE: [&str; 3] = [
    "The café chain Brasserie Lumière said its loyalty programme had been breached and that the “incident” exposed the e-mail addresses of some customers.",
    "According to the company, payment card numbers were not stored in the affected system, which was run by an outside supplier until last spring.",
    "Customers were asked to change their passwords, and the chain said it had reported the breach to the regulator within the required seventy-two hours.",
];

const GRID: [&str; 3] = [
    "A regional grid operator disclosed that phishing e-mails sent to its engineers in January had led to the theft of credentials for an internal wiki.",
    "The operator said that no control systems were reached and that the stolen accounts had been disabled within hours of the first suspicious login.",
    "Security researchers who studied the lures said they resembled messages used last year against energy firms in two neighbouring countries.",
];

/// The intact records, in archive order: warcinfo, request, the port page (UTF-8), a
/// PNG, the café page (windows-1252) and the grid page (chunked, gzip-encoded).
fn records() -> Vec<Vec<u8>> {
    let warcinfo = record(
        &[
            ("WARC-Type", "warcinfo"),
            ("Content-Type", "application/warc-fields"),
        ],
        b"software: dossier-test\r\n",
    );
    let request = record(
        &[
            ("WARC-Type", "request"),
            (
                "WARC-Target-URI",
                "https://harbour.example/news/port-systems",
            ),
            ("Content-Type", "application/http; msgtype=request"),
        ],
        b"GET /news/port-systems HTTP/1.1\r\nHost: harbour.example\r\n\r\n",
    );
    // No date in the page or its URL: the WARC-Date is the hint.
    let port = response(
        "https://harbour.example/news/port-systems",
        "2024-03-05T07:08:09Z",
        "Content-Type: text/html; charset=utf-8\r\n",
        page("Port systems halted by intrusion", "", &PORT).as_bytes(),
    );
    // windows-1252, declared only by the HTTP header; the page has its own date.
    let cafe_html = page(
        "Café chain reports breach",
        "<meta property=\"article:published_time\" content=\"2023-11-20T09:00:00Z\">",
        &CAFE,
    );
    let cafe_bytes = windows_1252(&cafe_html);
    let cafe = response(
        "http://cafe.example/press/breach",
        "2024-03-06T10:00:00Z",
        "Content-Type: text/html; charset=windows-1252\r\n",
        &cafe_bytes,
    );
    // Chunked and gzip-encoded.
    let grid_body = gz(page("Grid operator phished", "", &GRID).as_bytes());
    let mut chunked = Vec::new();
    for piece in grid_body.chunks(100) {
        chunked.extend_from_slice(format!("{:X}\r\n", piece.len()).as_bytes());
        chunked.extend_from_slice(piece);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let grid = response(
        "https://grid.example/2024/02/phishing",
        "2024-03-07T00:00:00Z",
        "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
        &chunked,
    );
    let png = response(
        "https://harbour.example/logo.png",
        "2024-03-05T07:08:10Z",
        "Content-Type: image/png\r\n",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    );
    vec![warcinfo, request, port, png, cafe, grid]
}

/// A CC-NEWS-like archive (one gzip member per record) with a gzip member cut in half
/// after the PNG; returns its path.
fn write_archive(dir: &Path) -> PathBuf {
    let mut broken = gz(&response(
        "https://broken.example/",
        "2024-03-05T07:08:11Z",
        "Content-Type: text/html\r\n",
        page("Broken", "", &PORT).as_bytes(),
    ));
    broken.truncate(broken.len() / 2);
    let mut members: Vec<Vec<u8>> = records().iter().map(|r| gz(r)).collect();
    members.insert(4, broken);
    let path = dir.join("crawl.warc.gz");
    std::fs::write(&path, members.concat()).expect("write archive");
    path
}

/// `text` in windows-1252, by hand for the few characters the test uses.
fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '“' => 0x93,
            '”' => 0x94,
            c => u8::try_from(u32::from(c)).expect("a Latin-1 character"),
        })
        .collect()
}

const SKIPPED: &str = "3 WARC records skipped (1 not HTML, 1 request, 1 warcinfo)";

#[test]
fn ingest_stores_the_pages_of_a_warc_archive() {
    let home = tempfile::tempdir().expect("tempdir");
    let archive = write_archive(home.path());
    let out = dossier(home.path())
        .args(["ingest", "--no-model"])
        .arg(&archive)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "a damaged record fails the run: {err}"
    );
    assert!(
        err.contains(&format!(
            "ingested 3 new, 0 already stored, {SKIPPED}, 1 failed: 1 corrupt gzip"
        )),
        "{err}"
    );
    assert!(
        err.contains("crawl.warc.gz (record 5") && err.contains("resumed at the next record"),
        "{err}"
    );

    let store = SqliteStore::open(&home.path().join("dossier.db")).expect("store");
    let mut docs = store.documents().expect("documents");
    docs.sort_by(|a, b| a.meta.source.cmp(&b.meta.source));
    let summary: Vec<_> = docs
        .iter()
        .map(|d| {
            (
                d.meta.source.as_str(),
                d.meta.url.as_deref(),
                d.meta.published.map(|p| p.to_string()),
                d.meta.published_from.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "http://cafe.example/press/breach",
                Some("http://cafe.example/press/breach"),
                Some("2023-11-20".to_string()),
                Some("meta")
            ),
            (
                "https://grid.example/2024/02/phishing",
                Some("https://grid.example/2024/02/phishing"),
                Some("2024-02".to_string()),
                Some("url")
            ),
            (
                "https://harbour.example/news/port-systems",
                Some("https://harbour.example/news/port-systems"),
                Some("2024-03-05".to_string()),
                Some("container-date")
            ),
        ]
    );
    assert_eq!(docs[0].text, CAFE.join("\n\n"));
    assert_eq!(docs[1].text, GRID.join("\n\n"));
    assert_eq!(docs[2].text, PORT.join("\n\n"));
    assert_eq!(
        docs[0].meta.title.as_deref(),
        Some("Café chain reports breach")
    );

    // Ingesting again stores nothing new.
    let again = dossier(home.path())
        .args(["ingest", "--no-model"])
        .arg(&archive)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("ingested 0 new, 3 already stored"), "{err}");
}

#[test]
fn extract_streams_a_plain_warc_too() {
    let home = tempfile::tempdir().expect("tempdir");
    let path = home.path().join("crawl.warc");
    std::fs::write(&path, records().concat()).expect("write");
    let out = dossier(home.path())
        .args(["extract", "--no-model"])
        .arg(&path)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let records = jsonl(&String::from_utf8_lossy(&out.stdout));
    let sources: Vec<&str> = records
        .iter()
        .map(|r| r["source"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        sources,
        [
            "https://harbour.example/news/port-systems",
            "http://cafe.example/press/breach",
            "https://grid.example/2024/02/phishing"
        ]
    );
    assert_eq!(records[0]["text"], PORT.join("\n\n"));
    assert_eq!(records[1]["text"], CAFE.join("\n\n"));
    assert_eq!(records[2]["text"], GRID.join("\n\n"));
    assert!(
        err.contains(&format!("3 extracted, {SKIPPED}, 0 failed")),
        "{err}"
    );
}
