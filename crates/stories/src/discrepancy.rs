//! Discrepancies: facts about one incident on which its articles disagree.
//!
//! Only disagreement *between* articles is reported; one article naming two years is
//! telling a longer story, not contradicting itself.

use std::collections::{BTreeMap, BTreeSet};

use dossier_model::Role;
use dossier_model::incident::{Discrepancy, DiscrepancyValue};

use crate::resolve::{Corpus, EventAt, event_ref, time_value, year_of};
use crate::seeds::Seed;

/// The discrepancies among the operations of one incident.
pub(crate) fn discrepancies(corpus: &Corpus<'_>, operations: &[&Seed]) -> Vec<Discrepancy> {
    let years = operations.iter().filter_map(|s| {
        let year = time_value(corpus.event(s.at)).and_then(year_of)?;
        Some((year.to_string(), year.to_string(), s.at))
    });
    let mut out: Vec<Discrepancy> = disagreement(corpus, "when", years).into_iter().collect();
    for role in [Role::NumberOfVictim, Role::NumberOfData] {
        let counts = operations.iter().flat_map(|s| {
            corpus.event(s.at).args_with(role).filter_map(move |a| {
                Some((
                    count_in(&a.text)?.to_string(),
                    a.text.trim().to_string(),
                    s.at,
                ))
            })
        });
        out.extend(disagreement(corpus, role.as_str(), counts));
    }
    out
}

/// A discrepancy on `field` when the values (normalised key, text as written, event) come
/// from more than one article and are not all the same.
fn disagreement(
    corpus: &Corpus<'_>,
    field: &str,
    values: impl Iterator<Item = (String, String, EventAt)>,
) -> Option<Discrepancy> {
    // Per normalised value: the text first seen for it and the first event of each article.
    let mut by_value: BTreeMap<String, (String, BTreeMap<usize, EventAt>)> = BTreeMap::new();
    for (key, text, at) in values {
        let entry = by_value
            .entry(key)
            .or_insert_with(|| (text, BTreeMap::new()));
        entry.1.entry(at.doc).or_insert(at);
    }
    let articles: BTreeSet<usize> = by_value
        .values()
        .flat_map(|(_, docs)| docs.keys().copied())
        .collect();
    if by_value.len() < 2 || articles.len() < 2 {
        return None;
    }
    let values = by_value
        .into_values()
        .map(|(value, docs)| DiscrepancyValue {
            value,
            sources: docs.into_values().map(|at| event_ref(corpus, at)).collect(),
        })
        .collect();
    Some(Discrepancy {
        field: field.to_string(),
        values,
    })
}

/// The number a count phrase gives: "78 million" → 78000000, "three" → 3, "1,200" → 1200.
pub(crate) fn count_in(text: &str) -> Option<u64> {
    const WORDS: &[(&str, u64)] = &[
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("dozen", 12),
        ("twenty", 20),
        ("hundred", 100),
    ];
    const SCALES: &[(&str, f64)] = &[
        ("thousand", 1e3),
        ("k", 1e3),
        ("million", 1e6),
        ("m", 1e6),
        ("mn", 1e6),
        ("billion", 1e9),
        ("bn", 1e9),
        ("b", 1e9),
    ];
    let lower = text.to_lowercase().replace(',', "");
    let tokens: Vec<&str> = lower
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .filter(|t| !t.is_empty())
        .collect();
    for (i, tok) in tokens.iter().enumerate() {
        // "78m" glues the scale to the number.
        let split = tok
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(tok.len());
        let (num, glued) = tok.split_at(split);
        let base = match num.trim_end_matches('.').parse::<f64>() {
            Ok(n) if !num.is_empty() => n,
            _ => match WORDS.iter().find(|(w, _)| *w == *tok) {
                Some((_, n)) => *n as f64,
                None => continue,
            },
        };
        let scale_word = if glued.is_empty() {
            tokens.get(i + 1).copied().unwrap_or("")
        } else {
            glued
        };
        let scale = SCALES
            .iter()
            .find(|(w, _)| *w == scale_word)
            .map_or(1.0, |(_, s)| *s);
        return Some((base * scale).round() as u64);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_phrases_normalise() {
        assert_eq!(count_in("78 million people"), Some(78_000_000));
        assert_eq!(count_in("78.8m records"), Some(78_800_000));
        assert_eq!(count_in("1,200 accounts"), Some(1200));
        assert_eq!(count_in("three companies"), Some(3));
        assert_eq!(count_in("many victims"), None);
    }
}
