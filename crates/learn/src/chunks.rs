//! Shallow structure for argument features: rule-based noun-phrase chunks and the kind of
//! value a token looks like (CVE id, version, money, patch number, platform, count).
//!
//! CASIE arguments are mostly noun phrases, so where a phrase starts and ends, and which
//! phrase a token belongs to, tell the argument tagger more about span boundaries than a
//! fixed word window can.

use std::ops::Range;

use crate::features::TokInfo;
use crate::tokenize::Token;

/// Words that end a noun phrase before them (prepositions, conjunctions, auxiliaries,
/// relative pronouns and common reporting verbs).
const BREAKS: &[&str] = &[
    "of",
    "in",
    "on",
    "at",
    "for",
    "from",
    "by",
    "with",
    "to",
    "into",
    "about",
    "as",
    "and",
    "or",
    "but",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "after",
    "before",
    "since",
    "while",
    "when",
    "than",
    "via",
    "through",
    "against",
    "under",
    "during",
    "because",
    "if",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "may",
    "might",
    "should",
    "must",
    "said",
    "says",
    "say",
    "told",
    "not",
    "n't",
    "also",
    "where",
    "how",
    "what",
    "why",
    "it",
    "they",
    "he",
    "she",
    "we",
    "you",
    "i",
    "there",
    "then",
    "so",
    "such",
    "without",
    "within",
    "between",
    "across",
    "including",
    "like",
    "upon",
    "per",
    "among",
];

/// Words that open a noun phrase (determiners, possessives, quantifiers).
const OPENERS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our", "your", "my",
    "some", "any", "all", "several", "many", "more", "each", "every", "another", "other", "both",
    "no",
];

/// Whether a token is punctuation that separates phrases.
fn is_break_punct(text: &str) -> bool {
    text.chars()
        .all(|c| !c.is_alphanumeric() && c != '$' && c != '€' && c != '£')
}

/// Noun-phrase chunks of a token range: each token's chunk index, or `None` for tokens
/// outside any chunk (break words, punctuation). A chunk is a maximal run of non-break
/// tokens; a determiner starts a new chunk.
pub fn chunk_ids(tokens: &[Token], infos: &[TokInfo], range: &Range<usize>) -> Vec<Option<u32>> {
    let mut out = Vec::with_capacity(range.len());
    let mut current: Option<u32> = None;
    let mut next_id = 0u32;
    for i in range.clone() {
        let lower = infos[i].lower.as_str();
        if is_break_punct(&tokens[i].text) || BREAKS.contains(&lower) {
            current = None;
            out.push(None);
            continue;
        }
        if current.is_none() || OPENERS.contains(&lower) {
            current = Some(next_id);
            next_id += 1;
        }
        out.push(current);
    }
    out
}

/// A token's place in its chunk: 0 outside, 1 single, 2 first, 3 inside, 4 last.
pub fn chunk_position(ids: &[Option<u32>], j: usize) -> u64 {
    let Some(id) = ids[j] else {
        return 0;
    };
    let same = |k: Option<usize>| k.and_then(|k| ids.get(k)).is_some_and(|x| *x == Some(id));
    match (same(j.checked_sub(1)), same(Some(j + 1))) {
        (false, false) => 1,
        (false, true) => 2,
        (true, true) => 3,
        (true, false) => 4,
    }
}

/// The kind of value a token looks like, or `None` for ordinary words.
pub fn value_kind(text: &str, lower: &str, prev: Option<&str>) -> Option<&'static str> {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if lower.starts_with("cve-") {
        return Some("cve");
    }
    if (lower.starts_with("kb") || lower.starts_with("ms")) && digits >= 4 {
        return Some("patchno");
    }
    if matches!(text, "$" | "€" | "£") || prev.is_some_and(|p| matches!(p, "$" | "€" | "£")) {
        return Some("money");
    }
    if matches!(
        lower,
        "bitcoin" | "bitcoins" | "btc" | "monero" | "xmr" | "ether"
    ) {
        return Some("coin");
    }
    if matches!(
        lower,
        "million" | "billion" | "thousand" | "hundreds" | "thousands" | "millions"
    ) {
        return Some("count");
    }
    if matches!(
        lower,
        "windows" | "android" | "ios" | "macos" | "linux" | "os" | "chrome" | "firefox" | "mac"
    ) {
        return Some("platform");
    }
    let dotted = text.contains('.') && digits > 0;
    if dotted || (lower.starts_with('v') && digits > 0 && lower.len() <= 8) {
        return Some("version");
    }
    if digits == 4 && text.len() == 4 && (text.starts_with("19") || text.starts_with("20")) {
        return Some("year");
    }
    if digits > 0 {
        return Some("number");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::token_infos;
    use crate::tokenize::tokenize_chars;

    fn chunks_of(text: &str) -> Vec<Option<u32>> {
        let chars: Vec<char> = text.chars().collect();
        let tokens = tokenize_chars(&chars);
        let infos = token_infos(&tokens);
        chunk_ids(&tokens, &infos, &(0..tokens.len()))
    }

    #[test]
    fn chunks_split_at_prepositions_and_determiners() {
        // the hackers | stole | the credit card numbers | of | 40 customers
        let ids = chunks_of("The hackers stole the credit card numbers of 40 customers.");
        assert_eq!(ids[0], ids[1]);
        assert_ne!(ids[1], ids[3]);
        assert_eq!(ids[3], ids[6]);
        assert_eq!(ids[7], None);
        assert_eq!(ids[8], ids[9]);
        assert_eq!(ids[10], None);
        assert_eq!(chunk_position(&ids, 3), 2);
        assert_eq!(chunk_position(&ids, 5), 3);
        assert_eq!(chunk_position(&ids, 6), 4);
    }

    #[test]
    fn value_kinds_recognise_identifiers_and_amounts() {
        assert_eq!(
            value_kind("CVE-2017-0144", "cve-2017-0144", None),
            Some("cve")
        );
        assert_eq!(value_kind("KB4012598", "kb4012598", None), Some("patchno"));
        assert_eq!(value_kind("300", "300", Some("$")), Some("money"));
        assert_eq!(value_kind("2.3.1", "2.3.1", None), Some("version"));
        assert_eq!(value_kind("2017", "2017", None), Some("year"));
        assert_eq!(value_kind("Android", "android", None), Some("platform"));
        assert_eq!(value_kind("data", "data", None), None);
    }
}
