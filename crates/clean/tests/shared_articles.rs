//! Cleaning checks on the real articles in `../shared` (skipped when it is absent).
//!
//! The texts are read from the shared folder at run time; nothing from them is copied
//! here. Run with `--nocapture` to see every dropped line.

use std::path::{Path, PathBuf};

use dossier_clean::{Cleaned, DropReason, clean_plain};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: {} not found", dir.display());
        None
    }
}

/// The example article whose file name starts with `prefix`, raw and cleaned.
fn example(prefix: &str) -> Option<(String, Cleaned)> {
    let dir = shared()?.join("examples/articles");
    let path = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })?;
    let raw = std::fs::read_to_string(&path).expect("readable example");
    let cleaned = clean_plain(&raw, &path.display().to_string());
    Some((raw, cleaned))
}

fn published(c: &Cleaned) -> Option<String> {
    c.meta.published.map(|d| d.to_string())
}

#[test]
fn glued_dateline_article_gets_year_title_and_loses_caption() {
    let Some((raw, c)) = example("000_") else {
        return;
    };
    assert_eq!(published(&c).as_deref(), Some("2024-03-29"));
    assert_eq!(c.meta.title.as_deref(), raw.lines().next().map(str::trim));
    assert!(!c.text.contains("Subscribe"));
    // The caption lines (one repeating the other, one ending in an agency credit) are gone.
    assert!(!c.text.contains("via REUTERS"));
    let captions = c
        .dropped
        .iter()
        .filter(|d| d.reason == DropReason::Caption)
        .count();
    assert_eq!(captions, 2, "{:#?}", c.dropped);
    for para in c.text.split("\n\n") {
        assert!(para.ends_with('.'), "non-sentence kept: {para}");
    }
}

#[test]
fn updated_line_article_loses_ads_share_and_comment_forms() {
    let Some((_, c)) = example("004_") else {
        return;
    };
    assert_eq!(published(&c).as_deref(), Some("2024-02-07"));
    for furniture in [
        "Free $30",
        "Share with friends",
        "Be the first to comment",
        "Leave a Reply",
        "Your email address will not be published.",
        "You can publish this article",
    ] {
        assert!(!c.text.contains(furniture), "kept {furniture:?}");
    }
}

#[test]
fn trailing_headline_list_goes_and_article_lines_stay() {
    let Some((raw, c)) = example("001_") else {
        return;
    };
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let teaser = line.ends_with('…') || line.ends_with("...");
        assert_eq!(c.text.contains(line), !teaser, "{line}");
    }
}

#[test]
fn news_dev_keeps_every_gold_evidence_sentence() {
    let Some(dir) = shared().map(|d| d.join("bench/news-dev")) else {
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    let (mut lost, mut total, mut prefix_dates) = (Vec::new(), 0, 0);
    for path in &files {
        let raw = std::fs::read_to_string(path).expect("readable");
        let c = clean_plain(&raw, &path.display().to_string());
        println!(
            "=== {} title={:?} published={:?}",
            path.display(),
            c.meta.title,
            published(&c)
        );
        for d in &c.dropped {
            println!("  - {:?}: {}", d.reason, d.line);
        }
        let gold: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("json")).expect("gold"),
        )
        .expect("gold json");
        let text = squash(&c.text);
        for key in ["incidents", "claims", "responses"] {
            for rec in gold[key].as_array().into_iter().flatten() {
                let Some(ev) = rec["evidence"].as_str() else {
                    continue;
                };
                total += 1;
                if !text.contains(&squash(ev)) {
                    lost.push(format!("{}: {ev}", path.display()));
                }
            }
        }
        if c.meta.published_from.as_deref() == Some("prefix-line") {
            prefix_dates += 1;
            assert_eq!(
                published(&c).as_deref(),
                gold["published"].as_str(),
                "{}",
                path.display()
            );
        }
    }
    println!(
        "evidence kept {}/{total}; prefix dates {prefix_dates}",
        total - lost.len()
    );
    assert_eq!(files.len(), 45);
    assert!(lost.is_empty(), "evidence dropped:\n{}", lost.join("\n"));
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
