//! WARC archives end to end through the ingest crate: a small CC-NEWS-like archive built
//! here (one gzip member per record) with HTML pages in two charsets, non-HTML
//! responses, a chunked gzip-encoded page and damaged records, read via `FileSource`.

use std::io::Write;
use std::path::Path;

use dossier_ingest::{FileSource, IngestError, RawItem, Source, WarcReader};
use flate2::Compression;
use flate2::write::GzEncoder;

fn record(version: &str, headers: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut out = format!("{version}\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
    let mut out = out.into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

fn response(n: u32, uri: &str, date: &str, block: &[u8]) -> Vec<u8> {
    let id = format!("<urn:uuid:00000000-0000-4000-8000-{n:012}>");
    record(
        "WARC/1.1",
        &[
            ("WARC-Type", "response"),
            ("WARC-Date", date),
            ("WARC-Record-ID", &id),
            ("WARC-Target-URI", uri),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        block,
    )
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(data).expect("write");
    enc.finish().expect("finish")
}

fn chunked(body: &[u8], size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for piece in body.chunks(size) {
        out.extend_from_slice(format!("{:x};note=x\r\n", piece.len()).as_bytes());
        out.extend_from_slice(piece);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\nX-Trailer: t\r\n\r\n");
    out
}

const UTF8_PAGE: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Grid operator in Zürich reports intrusion</title></head>\
    <body><article><p>The grid operator in Zürich said on Monday that intruders had reached its billing servers.</p></article></body></html>";

/// A windows-1252 page that declares its charset only in the HTTP header.
const LATIN_PAGE: &[u8] = b"<html><head><title>Caf\xe9 chain breach</title></head><body><p>The caf\xe9 chain said the \x93incident\x94 was contained.</p></body></html>";

const CHUNKED_PAGE: &str = "<html><head><title>Port hit</title></head><body><p>The port authority said a ransomware attack had stopped its cranes for two days last week.</p></body></html>";

/// The archive under test, as (member bytes, what the reader must make of it).
fn archive() -> Vec<Vec<u8>> {
    let warcinfo = record(
        "WARC/1.0",
        &[
            ("WARC-Type", "warcinfo"),
            ("WARC-Date", "2024-03-01T00:00:00Z"),
            ("Content-Type", "application/warc-fields"),
        ],
        b"software: dossier-test\r\nformat: WARC File Format 1.0\r\n",
    );
    let request = record(
        "WARC/1.0",
        &[
            ("WARC-Type", "request"),
            ("WARC-Target-URI", "https://news.example/zurich"),
            ("WARC-Date", "2024-03-01T10:00:00Z"),
            ("Content-Type", "application/http; msgtype=request"),
        ],
        b"GET /zurich HTTP/1.1\r\nHost: news.example\r\n\r\n",
    );
    let utf8 = response(
        1,
        "https://news.example/zurich",
        "2024-03-01T10:00:01Z",
        &http(
            "200 OK",
            &[("Content-Type", "text/html; charset=UTF-8")],
            UTF8_PAGE.as_bytes(),
        ),
    );
    let latin = response(
        2,
        "http://cafe.example/breach",
        "2024-03-02T11:30:00.123Z",
        &http(
            "200 OK",
            &[("Content-Type", "text/html; charset=windows-1252")],
            LATIN_PAGE,
        ),
    );
    let png = response(
        3,
        "https://news.example/logo.png",
        "2024-03-01T10:00:02Z",
        &http(
            "200 OK",
            &[("Content-Type", "image/png")],
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        ),
    );
    let json = response(
        4,
        "https://news.example/api/latest",
        "2024-03-01T10:00:03Z",
        &http(
            "200 OK",
            &[("Content-Type", "application/json")],
            b"{\"html\": \"<p>not a page</p>\"}",
        ),
    );
    let chunked_gzip = response(
        5,
        "https://port.example/news/cranes",
        "2024-03-03T08:00:00Z",
        &http(
            "200 OK",
            &[
                ("Content-Type", "text/html"),
                ("Transfer-Encoding", "chunked"),
                ("Content-Encoding", "gzip"),
            ],
            &chunked(&gz(CHUNKED_PAGE.as_bytes()), 17),
        ),
    );
    let mut broken = gz(&response(
        6,
        "https://broken.example/",
        "2024-03-03T09:00:00Z",
        &http(
            "200 OK",
            &[("Content-Type", "text/html")],
            UTF8_PAGE.as_bytes(),
        ),
    ));
    let half = broken.len() / 2;
    broken.truncate(half);
    let bad_header =
        b"WARC/1.0\r\nWARC-Type: response\r\nthis line has no colon\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n";
    let redirect = response(
        7,
        "https://news.example/old",
        "2024-03-03T09:00:01Z",
        &http(
            "301 Moved Permanently",
            &[("Location", "/new"), ("Content-Type", "text/html")],
            b"<html><body><a href=/new>moved</a></body></html>",
        ),
    );
    let unlabelled = response(
        8,
        "https://blog.example/post",
        "2024-03-04T12:00:00Z",
        &http(
            "200 OK",
            &[],
            b"<!doctype html><html><body><p>Unlabelled but HTML.</p></body></html>",
        ),
    );
    let metadata = record(
        "WARC/1.1",
        &[
            ("WARC-Type", "metadata"),
            ("WARC-Target-URI", "https://blog.example/post"),
            ("Content-Type", "application/warc-fields"),
        ],
        b"fetchTimeMs: 12\r\n",
    );
    // The last record claims more bytes than the file holds.
    let mut cut = response(
        9,
        "https://cut.example/",
        "2024-03-05T00:00:00Z",
        &http(
            "200 OK",
            &[("Content-Type", "text/html")],
            UTF8_PAGE.as_bytes(),
        ),
    );
    cut.truncate(cut.len() - 40);
    let bad_header = gz(bad_header);
    vec![
        gz(&warcinfo),
        gz(&request),
        gz(&utf8),
        gz(&latin),
        gz(&png),
        gz(&json),
        gz(&chunked_gzip),
        broken,
        bad_header,
        gz(&redirect),
        gz(&unlabelled),
        gz(&metadata),
        gz(&cut),
    ]
}

fn describe(items: &[Result<RawItem, IngestError>]) -> Vec<String> {
    items
        .iter()
        .map(|r| match r {
            Ok(item) => item.source.clone(),
            Err(e) => format!("ERR {}", e.kind()),
        })
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn cc_news_like_archive_gives_its_html_pages_and_reports_damage() {
    let tmp = tempfile::tempdir().expect("tmp");
    let path = write(tmp.path(), "crawl.warc.gz", &archive().concat());
    let mut source = FileSource::new(vec![path]);
    let skips = source.warc_skips();
    let items: Vec<_> = source.items().collect();
    assert_eq!(
        describe(&items),
        [
            "https://news.example/zurich",
            "http://cafe.example/breach",
            "https://port.example/news/cranes",
            "ERR corrupt gzip",
            "ERR bad WARC record",
            "https://blog.example/post",
            "ERR bad WARC record",
        ]
    );
    assert_eq!(
        skips.counts(),
        [
            ("metadata", 1),
            ("not 2xx", 1),
            ("not HTML", 2),
            ("request", 1),
            ("warcinfo", 1)
        ]
    );

    let pages: Vec<&RawItem> = items.iter().flatten().collect();
    let zurich = pages[0];
    assert_eq!(zurich.date.as_deref(), Some("2024-03-01T10:00:01Z"));
    assert_eq!(zurich.charset.as_deref(), Some("UTF-8"));
    assert_eq!(zurich.text().expect("utf-8"), UTF8_PAGE);

    let cafe = pages[1];
    assert_eq!(cafe.charset.as_deref(), Some("windows-1252"));
    assert_eq!(cafe.date.as_deref(), Some("2024-03-02T11:30:00.123Z"));
    let text = cafe.text().expect("decodes");
    assert!(
        text.contains("The café chain said the “incident” was contained."),
        "{text}"
    );

    // Chunking and gzip content-encoding undone.
    assert_eq!(pages[2].bytes, CHUNKED_PAGE.as_bytes());
    assert_eq!(pages[3].charset, None);
    assert!(
        pages[3]
            .text()
            .expect("utf-8")
            .contains("Unlabelled but HTML.")
    );

    let errors: Vec<String> = items
        .iter()
        .filter_map(|r| r.as_ref().err().map(ToString::to_string))
        .collect();
    assert!(
        errors[0].contains("crawl.warc.gz (record 8")
            && errors[0].contains("resumed at the next record"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].contains("header line without a colon")
            && errors[1].contains("skipped to the next record"),
        "{}",
        errors[1]
    );
    assert!(
        errors[2].contains("the file ends inside this record") && errors[2].contains("cut short"),
        "{}",
        errors[2]
    );
}

#[test]
fn plain_warc_streams_past_the_whole_file_size_cap() {
    let tmp = tempfile::tempdir().expect("tmp");
    let page = |n: u32| {
        let body = format!("<html><body><p>Page {n} of a plain archive.</p></body></html>");
        response(
            n,
            &format!("https://plain.example/{n}"),
            "2023-12-31T23:59:59Z",
            &http("200 OK", &[("Content-Type", "text/html")], body.as_bytes()),
        )
    };
    let archive: Vec<u8> = (1..=40).flat_map(page).collect();
    // Extensionless inside a directory: found by its content, not its name.
    std::fs::create_dir(tmp.path().join("dir")).expect("mkdir");
    write(&tmp.path().join("dir"), "crawl", &archive);
    let named = write(tmp.path(), "crawl.warc", &archive);
    // The cap is far below the archive's size but above each page's.
    assert!(archive.len() > 4000);
    let mut source = FileSource::new(vec![tmp.path().join("dir"), named.clone()]).max_bytes(1000);
    let items: Vec<_> = source.items().collect();
    assert_eq!(items.len(), 80);
    assert!(items.iter().all(Result::is_ok), "{:?}", describe(&items));
    assert_eq!(
        items[79].as_ref().expect("page").source,
        "https://plain.example/40"
    );
    // The same archive through the reader directly gives the same pages.
    let direct: Vec<_> = WarcReader::open(&named).expect("open").collect();
    assert_eq!(describe(&direct), describe(&items[40..]));
}

#[test]
fn archive_without_records_is_empty_and_garbage_is_one_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    let empty = write(tmp.path(), "empty.warc", b"");
    let garbage = write(
        tmp.path(),
        "garbage.warc.gz",
        b"\x1f\x8b\x08\0garbage that is not deflate",
    );
    let mut source = FileSource::new(vec![empty, garbage]);
    let items: Vec<_> = source.items().collect();
    assert_eq!(describe(&items), ["ERR corrupt gzip"]);
}
