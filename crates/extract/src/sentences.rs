//! Sentence boundaries.
//!
//! News text is messy (glued headlines, quotes, "U.S.", "Chargé d’Affaires"), so the
//! splitter is deliberately conservative: a line break always ends a sentence, and a
//! `.`, `!` or `?` ends one only when what follows looks like the start of another and
//! what precedes is not a known abbreviation or an initial.

use dossier_model::{Document, Stage, StageError};

/// Abbreviations after which a period does not end a sentence (lower case, no dot).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt", "st",
    "jr", "sr", "inc", "ltd", "co", "corp", "no", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "u.n",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx",
    "dept", "est", "fig", "min", "max", "ca", "cf", "al", "mt", "ft", "hon", "rev", "pres",
];

/// The stage that fills [`Document::sentences`].
#[derive(Debug, Default, Clone, Copy)]
pub struct Sentences;

impl Stage for Sentences {
    fn name(&self) -> &'static str {
        "sentences"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let spans = sentence_byte_spans(&doc.text)
            .into_iter()
            .map(|(a, b)| doc.span_of_bytes(a, b))
            .collect();
        doc.sentences = spans;
        Ok(())
    }
}

/// Byte ranges of the sentences of `text`, trimmed of surrounding white space.
pub fn sentence_byte_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let end = match c {
            '\n' => Some(i),
            '.' | '!' | '?' => {
                // Swallow closing quotes and brackets that belong to this sentence.
                let mut j = i + c.len_utf8();
                while let Some(&(k, q)) = iter.peek() {
                    if matches!(q, '"' | '\'' | '”' | '’' | ')' | ']' | '»') {
                        j = k + q.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
                is_boundary(text, i, j, c).then_some(j)
            }
            _ => None,
        };
        if let Some(end) = end {
            push_trimmed(text, start, end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start, bytes.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push((start + lead, end - trail));
    }
}

/// Whether the terminator `c` at byte `at` (sentence text running to `after`) ends a sentence.
fn is_boundary(text: &str, at: usize, after: usize, c: char) -> bool {
    let rest = &text[after..];
    let next_visible = rest.trim_start_matches([' ', '\t', '\u{a0}']);
    let Some(next) = next_visible.chars().next() else {
        return true;
    };
    if next == '\n' || next == '\r' {
        return true;
    }
    // Something must separate the sentences, except after a closing quote.
    if next_visible.len() == rest.len() && after == at + c.len_utf8() {
        return false;
    }
    let starts_sentence = next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(next, '"' | '“' | '‘' | '\'' | '(' | '[' | '«');
    if !starts_sentence {
        return false;
    }
    if c != '.' {
        return true;
    }
    let word = last_word(&text[..at]);
    if word.chars().count() == 1 && word.chars().all(|ch| ch.is_uppercase()) {
        return false; // an initial: "J. Smith"
    }
    !ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// The token just before a period, keeping inner dots ("U.S").
fn last_word(before: &str) -> &str {
    let start = before
        .rfind(|ch: char| !(ch.is_alphanumeric() || ch == '.'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    &before[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentence_byte_spans(text)
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect()
    }

    #[test]
    fn splits_on_terminators_and_lines() {
        assert_eq!(
            split("The agency said so. Beijing denied it!\nNew line here"),
            vec!["The agency said so.", "Beijing denied it!", "New line here"]
        );
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        assert_eq!(
            split("The U.S. Treasury acted. Mr. Smith and J. Doe agreed."),
            vec!["The U.S. Treasury acted.", "Mr. Smith and J. Doe agreed."]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        assert_eq!(
            split("He said “we deny it.” Then he left."),
            vec!["He said “we deny it.”", "Then he left."]
        );
    }

    #[test]
    fn decimals_and_versions_do_not_split() {
        assert_eq!(
            split("Version 2.5 was patched in v3.1 today."),
            vec!["Version 2.5 was patched in v3.1 today."]
        );
    }
}
