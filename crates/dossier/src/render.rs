//! Human-readable output: `extract --format text` and search results.

use std::io::{self, Write};

use dossier_model::{Document, Event};

/// A readable summary of one article: metadata, entities by kind, events with quotes.
pub fn document_text(out: &mut impl Write, doc: &Document) -> io::Result<()> {
    let m = &doc.meta;
    writeln!(out, "━━ {}", m.title.as_deref().unwrap_or("(untitled)"))?;
    writeln!(
        out,
        "   {} · {} · {}",
        m.outlet.as_deref().unwrap_or("unknown outlet"),
        m.published.map_or("undated".to_string(), |d| d.to_string()),
        m.source
    )?;
    writeln!(out, "   id {} · {} chars", doc.id, doc.char_len())?;
    if !doc.entities.is_empty() {
        writeln!(out, "\n  Entities")?;
        for e in &doc.entities {
            writeln!(
                out,
                "   {:<14} {:<34} {:<4} ×{}  {}",
                e.kind.as_str(),
                truncate(&e.name, 34),
                e.country.as_deref().unwrap_or("-"),
                e.mentions.len(),
                e.id
            )?;
        }
    }
    if !doc.events.is_empty() {
        writeln!(out, "\n  Events")?;
        for ev in &doc.events {
            event_text(out, doc, ev)?;
        }
    }
    if !doc.indicators.is_empty() {
        writeln!(out, "\n  Indicators")?;
        for i in &doc.indicators {
            writeln!(out, "   {:<7} {}", i.kind.as_str(), i.value)?;
        }
    }
    writeln!(out)
}

fn event_text(out: &mut impl Write, doc: &Document, ev: &Event) -> io::Result<()> {
    let time = ev
        .time
        .as_ref()
        .map(|t| format!(" @ {} ({})", t.value.as_deref().unwrap_or("?"), t.text))
        .unwrap_or_default();
    let hedge = ev
        .hedge
        .as_ref()
        .map(|h| format!(" [{h}]"))
        .unwrap_or_default();
    writeln!(
        out,
        "   ▸ {} ({}, {:.2}){}{} — “{}”",
        ev.kind, ev.realis, ev.confidence, time, hedge, ev.trigger.text
    )?;
    for a in &ev.args {
        let country = a
            .entity
            .as_deref()
            .and_then(|id| doc.entity(id))
            .and_then(|e| e.country.as_deref())
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        writeln!(out, "       {:<18} {}{}", a.role.as_str(), a.text, country)?;
    }
    writeln!(
        out,
        "       quote: “{}”",
        truncate(doc.slice(ev.sentence), 220)
    )
}

/// One search result on one line plus its snippet.
pub fn search_hit(hit: &dossier_store::SearchHit) -> String {
    format!(
        "{}  {}  {}\n    {}",
        &hit.id[..hit.id.len().min(12)],
        hit.published.as_deref().unwrap_or("undated"),
        hit.title.as_deref().unwrap_or(&hit.source),
        hit.snippet
    )
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    format!("{cut}…")
}
