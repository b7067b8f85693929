//! The shipped word lists the gazetteer's case rules consult.

use std::collections::HashSet;
use std::sync::OnceLock;

const STOPWORDS: &str = include_str!("../data/stopwords.txt");
const ORDINARY: &str = include_str!("../data/ordinary_words.txt");

/// The words of a list file: whitespace-separated, `#` starts a comment line.
fn word_set(text: &'static str) -> HashSet<&'static str> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect()
}

/// True when the lower-cased word is one of the very common words that never name anything
/// on their own (`data/stopwords.txt`).
pub(crate) fn is_stopword(lower: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| word_set(STOPWORDS)).contains(lower)
}

/// True when the lower-cased word is an ordinary English word that is also used as a name
/// (`data/ordinary_words.txt`), or a stopword.
pub(crate) fn is_ordinary(lower: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    is_stopword(lower) || SET.get_or_init(|| word_set(ORDINARY)).contains(lower)
}

/// True for the names of weekdays and months, which follow names in news style ("said in
/// Washington Thursday") without making a longer name.
pub(crate) fn is_calendar_word(word: &str) -> bool {
    use dossier_model::date::{MONTH_NAMES, WEEKDAY_NAMES};
    WEEKDAY_NAMES.contains(&word) || MONTH_NAMES.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_hold_what_the_rules_need() {
        assert!(is_stopword("will"));
        assert!(is_stopword("patch"));
        assert!(!is_stopword("turla"));
        assert!(is_ordinary("winter"));
        assert!(is_ordinary("exchange"));
        assert!(is_ordinary("will"));
        assert!(!is_ordinary("sandworm"));
        assert!(!is_ordinary("lazarus"));
    }

    #[test]
    fn stop_list_has_a_few_hundred_words() {
        let n = word_set(STOPWORDS).len();
        assert!((200..800).contains(&n), "{n} stopwords");
    }
}
