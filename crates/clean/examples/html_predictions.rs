//! Run `clean_html` over a directory of saved pages (`.html` or `.html.gz`) and print
//! benchmark predictions: a JSON object mapping each page id (file name without
//! `.html`/`.html.gz`) to `{"articleBody": text}`. Timing of the cleaning alone (reading
//! and decoding excluded) goes to standard error as `pages=N seconds=S`.
//!
//! ```text
//! cargo run --release -p dossier-clean --example html_predictions -- DIR > predictions.json
//! ```
//!
//! With `--dropped`, every dropped line is printed to standard error with its reason;
//! with `--meta`, each page's metadata is.

use std::time::{Duration, Instant};

use dossier_ingest::{FileSource, Source};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let show_dropped = args.iter().any(|a| a == "--dropped");
    let show_meta = args.iter().any(|a| a == "--meta");
    args.retain(|a| a != "--dropped" && a != "--meta");
    let Some(dir) = args.first().cloned() else {
        eprintln!("usage: html_predictions DIR > predictions.json");
        std::process::exit(2);
    };
    let mut pages = Vec::new();
    for item in FileSource::new(vec![dir.into()]).items() {
        let decoded = item.and_then(|it| it.text().map(|t| (it.source, t)));
        match decoded {
            Ok(page) => pages.push(page),
            Err(e) => eprintln!("skipped: {e}"),
        }
    }
    let mut out = serde_json::Map::new();
    let mut spent = Duration::ZERO;
    for (source, html) in &pages {
        let start = Instant::now();
        let cleaned = dossier_clean::clean_html(html, source);
        spent += start.elapsed();
        if show_meta {
            let m = &cleaned.meta;
            eprintln!(
                "{source}\t{}\t{:?}\t{:?}\t{:?}\t{}\t{:?}\t{:?}",
                m.language,
                m.published.map(|d| d.to_string()),
                m.published_from,
                m.outlet,
                m.authors.join("; "),
                m.title,
                m.url
            );
        }
        if show_dropped {
            for d in &cleaned.dropped {
                eprintln!("{source}\t{:?}\t{}", d.reason, d.line);
            }
        }
        let name = std::path::Path::new(source)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id = name
            .trim_end_matches(".gz")
            .trim_end_matches(".html")
            .trim_end_matches(".htm");
        out.insert(
            id.to_string(),
            serde_json::json!({ "articleBody": cleaned.text }),
        );
    }
    eprintln!("pages={} seconds={:.3}", pages.len(), spent.as_secs_f64());
    println!("{}", serde_json::Value::Object(out));
}
