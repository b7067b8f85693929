//! Run `clean_plain` over article files and show what it did.
//!
//! ```text
//! cargo run -p dossier-clean --example clean_eval -- ../shared/bench/news-dev [more files or dirs]
//! ```
//!
//! With `--text`, the clean text is printed too. For every `.txt` it prints the metadata read and each dropped line with its reason.
//! When an annotation file `NNN.json` sits beside `NNN.txt` (the news-dev layout), it
//! also checks that every gold `evidence` sentence survives in the clean text and that
//! `published` matches the gold date when the gold date is visible in the text, and
//! ends with a summary line.

use std::path::{Path, PathBuf};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let show_text = args.iter().any(|a| a == "--text");
    args.retain(|a| a != "--text");
    let args: Vec<PathBuf> = args.into_iter().map(PathBuf::from).collect();
    let mut files: Vec<PathBuf> = Vec::new();
    for arg in &args {
        if arg.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(arg)
                .map(|rd| rd.flatten().map(|e| e.path()).collect())
                .unwrap_or_default();
            found.retain(|p| p.extension().is_some_and(|e| e == "txt"));
            found.sort();
            files.extend(found);
        } else {
            files.push(arg.clone());
        }
    }
    let (mut evidence_total, mut evidence_lost) = (0, 0);
    let (mut dates_checked, mut dates_wrong) = (0, 0);
    let mut dropped_total = 0;
    for file in &files {
        let Ok(raw) = std::fs::read_to_string(file) else {
            eprintln!("{}: unreadable", file.display());
            continue;
        };
        let c = dossier_clean::clean_plain(&raw, &file.display().to_string());
        println!("=== {}", file.display());
        println!(
            "  title={:?} outlet={:?} authors={:?} published={} ({})",
            c.meta.title,
            c.meta.outlet,
            c.meta.authors,
            c.meta.published.map_or("-".into(), |d| d.to_string()),
            c.meta.published_from.as_deref().unwrap_or("-"),
        );
        for d in &c.dropped {
            println!("  - {:?}: {}", d.reason, shorten(&d.line, 110));
        }
        dropped_total += c.dropped.len();
        if show_text {
            println!("  --- text ---\n{}\n  ------------", c.text);
        }
        if let Some(gold) = gold_for(file) {
            let text = squash(&c.text);
            for ev in evidence(&gold) {
                evidence_total += 1;
                if !text.contains(&squash(&ev)) {
                    evidence_lost += 1;
                    println!("  !! evidence lost: {}", shorten(&ev, 110));
                }
            }
            if let Some(want) = gold.get("published").and_then(|v| v.as_str()) {
                let got = c.meta.published.map(|d| d.to_string());
                if got.is_some() || raw.contains(&want[..4]) {
                    dates_checked += 1;
                    if got.as_deref() != Some(want) {
                        dates_wrong += 1;
                        println!("  !! published {got:?}, gold {want}");
                    }
                }
            } else if let Some(got) = c.meta.published {
                println!("  ?? published {got} but gold has none");
            }
        }
    }
    println!(
        "files={} dropped_lines={} evidence_lost={}/{} published_wrong={}/{}",
        files.len(),
        dropped_total,
        evidence_lost,
        evidence_total,
        dates_wrong,
        dates_checked
    );
}

fn gold_for(txt: &Path) -> Option<serde_json::Value> {
    let json = std::fs::read_to_string(txt.with_extension("json")).ok()?;
    serde_json::from_str(&json).ok()
}

fn evidence(gold: &serde_json::Value) -> Vec<String> {
    ["incidents", "claims", "responses"]
        .iter()
        .filter_map(|k| gold.get(*k).and_then(|v| v.as_array()))
        .flatten()
        .filter_map(|r| r.get("evidence").and_then(|e| e.as_str()))
        .map(str::to_string)
        .collect()
}

/// Whitespace-insensitive form, since cleaning rejoins wrapped lines.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn shorten(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((b, _)) => format!("{}…", &s[..b]),
        None => s.to_string(),
    }
}
