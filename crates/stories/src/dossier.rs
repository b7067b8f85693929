//! A readable dossier of one incident for the terminal.

use std::fmt::Write;

use dossier_model::Entity;
use dossier_model::incident::{ArticleRef, Incident};

/// Longest quote shown, in code points.
const QUOTE: usize = 160;

/// The incident as a page of text: title, facts, actors with who attributed them and how
/// surely, denials, responses, timeline, discrepancies, and the articles with quotes.
pub fn incident_dossier(inc: &Incident) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_dossier(&mut out, inc);
    out
}

fn write_dossier(out: &mut String, inc: &Incident) -> std::fmt::Result {
    writeln!(out, "{}", inc.title)?;
    writeln!(out, "{}", "=".repeat(inc.title.chars().count().min(78)))?;
    writeln!(out, "id              {}", inc.id)?;
    writeln!(out, "type            {}", inc.kind)?;
    writeln!(out, "victims         {}", names(&inc.victims))?;
    writeln!(out, "actors          {}", names(&inc.actors))?;
    writeln!(
        out,
        "when            {}",
        inc.when.as_deref().unwrap_or("unknown")
    )?;
    writeln!(
        out,
        "first reported  {}",
        inc.first_reported.as_deref().unwrap_or("unknown")
    )?;
    if let Some(days) = crate::time_to_attribution(inc) {
        writeln!(out, "attributed in   {days} days")?;
    }
    for (label, list) in [("malware", &inc.malware), ("products", &inc.products)] {
        if !list.is_empty() {
            writeln!(out, "{label:<16}{}", names(list))?;
        }
    }
    if !inc.cves.is_empty() {
        writeln!(out, "cves            {}", inc.cves.join(", "))?;
    }
    if !inc.attributions.is_empty() {
        writeln!(out, "\nAttributions")?;
        for a in &inc.attributions {
            let hedge = a
                .hedge
                .as_deref()
                .map(|h| format!(" [{h}]"))
                .unwrap_or_default();
            writeln!(
                out,
                "  {} → {}{hedge}  {}  {}",
                name(&a.speaker),
                name(&a.accused),
                a.date.as_deref().unwrap_or("-"),
                cites(&a.sources)
            )?;
        }
    }
    if !inc.denials.is_empty() {
        writeln!(out, "\nDenials")?;
        for d in &inc.denials {
            writeln!(
                out,
                "  {}  {}  {}",
                name(&d.speaker),
                d.date.as_deref().unwrap_or("-"),
                cites(&d.sources)
            )?;
        }
    }
    if !inc.responses.is_empty() {
        writeln!(out, "\nResponses")?;
        for r in &inc.responses {
            writeln!(
                out,
                "  {} by {} against {}  {}  {}",
                r.kind,
                name(&r.by),
                name(&r.against),
                r.date.as_deref().unwrap_or("-"),
                cites(&r.sources)
            )?;
        }
    }
    if !inc.timeline.is_empty() {
        writeln!(out, "\nTimeline")?;
        for t in &inc.timeline {
            writeln!(
                out,
                "  {:<10}  {:<16}  {}",
                t.date.as_deref().unwrap_or("?"),
                t.kind,
                t.summary
            )?;
        }
    }
    if !inc.discrepancies.is_empty() {
        writeln!(out, "\nDiscrepancies")?;
        for d in &inc.discrepancies {
            let values: Vec<String> = d
                .values
                .iter()
                .map(|v| format!("{} ({})", v.value, cites(&v.sources)))
                .collect();
            writeln!(out, "  {}: {}", d.field, values.join(" vs "))?;
        }
    }
    writeln!(out, "\nArticles")?;
    for (n, a) in inc.articles.iter().enumerate() {
        let title = a.title.as_deref().unwrap_or(&a.source);
        let meta: Vec<&str> = [a.outlet.as_deref(), a.published.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        writeln!(
            out,
            "  [{}] {title}{}",
            n + 1,
            if meta.is_empty() {
                String::new()
            } else {
                format!(" ({})", meta.join(", "))
            }
        )?;
        if let Some(e) = &a.evidence {
            writeln!(out, "      \"{}\"", quote(&e.text))?;
        }
    }
    Ok(())
}

fn name(e: &Option<Entity>) -> String {
    e.as_ref()
        .map_or_else(|| "-".to_string(), |e| e.name.clone())
}

fn names(list: &[Entity]) -> String {
    if list.is_empty() {
        return "-".into();
    }
    list.iter()
        .map(|e| e.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "[a.txt, b.txt]": the file names (or ids) of the sources.
fn cites(sources: &[ArticleRef]) -> String {
    let files: Vec<&str> = sources
        .iter()
        .map(|s| {
            s.source
                .rsplit('/')
                .next()
                .filter(|f| !f.is_empty())
                .unwrap_or(&s.id)
        })
        .collect();
    format!("[{}]", files.join(", "))
}

/// The text on one line, cut to [`QUOTE`] code points.
fn quote(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > QUOTE {
        let cut: String = flat.chars().take(QUOTE - 1).collect();
        format!("{cut}…")
    } else {
        flat
    }
}
