//! Write a synthetic CC-NEWS-like WARC.gz of a given compressed size, for measuring
//! how `dossier` streams archives (see `scripts/bench_warc.sh`).
//!
//! ```text
//! cargo run --release -p dossier-ingest --example gen_warc -- OUT.warc.gz SIZE_MB [SEED]
//! ```
//!
//! Every page is a `request`, a `response` and a `metadata` record, each its own gzip
//! member, as Common Crawl writes them. Pages are about 25 KB of HTML: an inline script
//! blob (random base64, so that the archive compresses like real pages do), a menu,
//! an article of four to nine paragraphs drawn from a made-up vocabulary, and a footer.
//! Every 20th response is a PNG (skipped by the reader), every 50th page is sent
//! chunked and gzip-encoded, every 100th in windows-1252 declared only in the HTTP
//! header. Prints the number of pages written.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use flate2::Compression;
use flate2::write::GzEncoder;

/// xorshift64*: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SYLLABLES: [&str; 24] = [
    "ka", "lo", "mer", "tan", "vi", "sol", "ra", "den", "po", "lis", "tor", "ne", "fa", "gri",
    "um", "sel", "ba", "kor", "ith", "ven", "da", "mo", "rus", "te",
];

fn vocabulary(rng: &mut Rng) -> Vec<String> {
    (0..5000)
        .map(|_| {
            let n = 1 + rng.below(3);
            (0..n)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect()
        })
        .collect()
}

fn sentence(rng: &mut Rng, words: &[String]) -> String {
    let n = 8 + rng.below(18);
    let mut s: Vec<&str> = (0..n)
        .map(|_| words[rng.below(words.len())].as_str())
        .collect();
    let first = s[0].to_string();
    let mut out = String::new();
    let mut chars = first.chars();
    if let Some(c) = chars.next() {
        out.extend(c.to_uppercase());
        out.push_str(chars.as_str());
    }
    s.remove(0);
    for w in s {
        out.push(' ');
        out.push_str(w);
    }
    out.push('.');
    out
}

fn page(rng: &mut Rng, words: &[String], n: u64) -> String {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let blob: String = (0..20_000).map(|_| B64[rng.below(64)] as char).collect();
    let title = sentence(rng, words);
    let menu: String = (0..40)
        .map(|i| {
            format!(
                "<li><a href=\"/section/{i}\">{}</a></li>",
                words[rng.below(words.len())]
            )
        })
        .collect();
    let paras: String = (0..4 + rng.below(6))
        .map(|_| {
            let p: Vec<String> = (0..3 + rng.below(4))
                .map(|_| sentence(rng, words))
                .collect();
            format!("<p>{}</p>\n", p.join(" "))
        })
        .collect();
    let related: String = (0..12)
        .map(|i| {
            format!(
                "<li><a href=\"/story/{n}-{i}\">{}</a></li>",
                sentence(rng, words)
            )
        })
        .collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <script>var state=\"{blob}\";</script></head><body><header><nav><ul>{menu}</ul></nav></header>\
         <main><article><h1>{title}</h1>\n{paras}</article><aside><h2>Related</h2><ul>{related}</ul></aside></main>\
         <footer><p>Synthetic page {n} written by gen_warc.</p></footer></body></html>"
    )
}

fn record(kind: &str, uri: &str, n: u64, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: 2024-01-{:02}T{:02}:{:02}:00Z\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{n:012}>\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        1 + n % 28,
        n % 24,
        n % 60,
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn gz(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(data)?;
    enc.finish()
}

fn http_response(rng: &mut Rng, words: &[String], n: u64) -> std::io::Result<Vec<u8>> {
    if n % 20 == 7 {
        let png: Vec<u8> = (0..8000).map(|_| rng.next() as u8).collect();
        let head = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n";
        return Ok([&head[..], &png].concat());
    }
    let html = page(rng, words, n);
    if n % 50 == 3 {
        let body = gz(html.as_bytes())?;
        let mut chunked = Vec::new();
        for piece in body.chunks(4096) {
            chunked.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
            chunked.extend_from_slice(piece);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                    Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n";
        return Ok([head.as_bytes(), &chunked].concat());
    }
    let (charset, body) = if n % 100 == 5 {
        let latin: Vec<u8> = html
            .replace("<meta charset=\"utf-8\">", "")
            .replace(" ka", " caf\u{e9}")
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect();
        ("windows-1252", latin)
    } else {
        ("utf-8", html.into_bytes())
    };
    let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset={charset}\r\n\r\n");
    Ok([head.as_bytes(), &body].concat())
}

fn run(out: &str, size_mb: u64, seed: u64) -> std::io::Result<u64> {
    let mut rng = Rng(seed | 1);
    let words = vocabulary(&mut rng);
    let mut file = BufWriter::new(File::create(out)?);
    let target = size_mb * 1_000_000;
    let info = record(
        "warcinfo",
        "urn:gen_warc",
        0,
        "application/warc-fields",
        b"software: dossier gen_warc\r\nformat: WARC File Format 1.0\r\n",
    );
    let mut written = file.write(&gz(&info)?)? as u64;
    let mut pages = 0u64;
    while written < target {
        pages += 1;
        let uri = format!("https://site{}.example/news/{pages}", pages % 97);
        let request = format!(
            "GET /news/{pages} HTTP/1.1\r\nHost: site{}.example\r\n\r\n",
            pages % 97
        );
        let members = [
            record(
                "request",
                &uri,
                pages,
                "application/http; msgtype=request",
                request.as_bytes(),
            ),
            record(
                "response",
                &uri,
                pages,
                "application/http; msgtype=response",
                &http_response(&mut rng, &words, pages)?,
            ),
            record(
                "metadata",
                &uri,
                pages,
                "application/warc-fields",
                b"fetchTimeMs: 120\r\n",
            ),
        ];
        for m in members {
            let packed = gz(&m)?;
            file.write_all(&packed)?;
            written += packed.len() as u64;
        }
    }
    file.flush()?;
    Ok(pages)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(out), Some(size)) = (args.first(), args.get(1).and_then(|s| s.parse().ok())) else {
        eprintln!("usage: gen_warc OUT.warc.gz SIZE_MB [SEED]");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42);
    match run(out, size, seed) {
        Ok(pages) => {
            println!("{pages}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_warc: cannot write {out}: {e}");
            ExitCode::FAILURE
        }
    }
}
