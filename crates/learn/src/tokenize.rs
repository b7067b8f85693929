//! A small, fast tokenizer and sentence splitter for English news text.
//!
//! Tokens carry code-point offsets (the model's unit). Words keep their internal hyphens,
//! dots, apostrophes and digit groups ("proof-of-concept", "CVE-2017-0144", "U.S.",
//! "example.com", "1,000", "don't"), because CASIE annotates such strings as one unit; a
//! possessive "'s" is split off so that "Microsoft's" yields the argument "Microsoft".

/// One token: its code-point span and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The text as written.
    pub text: String,
}

/// Abbreviations whose trailing dot belongs to the word (lower-case, without the dot).
const ABBREVIATIONS: &[&str] = &[
    "apr", "aug", "co", "corp", "dec", "dr", "e.g", "etc", "feb", "gen", "gov", "i.e", "inc",
    "jan", "jr", "jul", "jun", "ltd", "mar", "mr", "mrs", "ms", "no", "nov", "oct", "prof", "rep",
    "sen", "sep", "sept", "sr", "st", "vs",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Whether `chars[i]` (a connector inside a word) joins the characters around it.
fn joins(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    let next = chars.get(i + 1).copied();
    let prev = if i > 0 { Some(chars[i - 1]) } else { None };
    let (Some(p), Some(n)) = (prev, next) else {
        return false;
    };
    if !is_word_char(n) || !is_word_char(p) {
        return false;
    }
    match c {
        '-' | '_' | '@' | '.' => true,
        // "1,000" but not "x,y".
        ',' => {
            p.is_ascii_digit()
                && chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count()
                    == 3
        }
        // A possessive "'s" and clitics ("'re", "'ll") are tokens of their own;
        // "don't", "o'clock" stay whole.
        c if is_apostrophe(c) => clitic_len(chars, i) == 0,
        _ => false,
    }
}

/// Length of a clitic ("'s", "'re", "'ve", "'ll", "'d", "'m") starting at the apostrophe
/// `chars[i]`, or 0.
fn clitic_len(chars: &[char], i: usize) -> usize {
    const CLITICS: [&str; 6] = ["s", "re", "ve", "ll", "d", "m"];
    for c in CLITICS {
        let n = c.len();
        let Some(word) = chars.get(i + 1..i + 1 + n) else {
            continue;
        };
        let same = word
            .iter()
            .zip(c.chars())
            .all(|(a, b)| a.to_ascii_lowercase() == b);
        if same && !chars.get(i + 1 + n).is_some_and(|c| is_word_char(*c)) {
            return n + 1;
        }
    }
    0
}

/// Whether a word followed by '.' keeps the dot ("U.S.", "Inc.").
fn keeps_dot(word: &[char]) -> bool {
    let lower: String = word.iter().flat_map(|c| c.to_lowercase()).collect();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // Initialisms: single letters separated by dots ("U.S", "U.K").
    word.len() >= 3
        && word.iter().enumerate().all(|(i, c)| {
            if i % 2 == 0 {
                c.is_alphabetic()
            } else {
                *c == '.'
            }
        })
}

/// The tokens of `text`, with code-point offsets.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    tokenize_chars(&chars)
}

/// The tokens of a text given as code points.
pub fn tokenize_chars(chars: &[char]) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(chars.len() / 5);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() || c.is_control() {
            i += 1;
            continue;
        }
        let start = i;
        if is_word_char(c) {
            i += 1;
            while i < chars.len() && (is_word_char(chars[i]) || joins(chars, i)) {
                i += 1;
            }
            if i < chars.len() && chars[i] == '.' && keeps_dot(&chars[start..i]) {
                i += 1;
            }
        } else if is_apostrophe(c)
            && i > 0
            && is_word_char(chars[i - 1])
            && clitic_len(chars, i) > 0
        {
            i += clitic_len(chars, i);
        } else {
            i += 1;
        }
        tokens.push(Token {
            start,
            end: i,
            text: chars[start..i].iter().collect(),
        });
    }
    tokens
}

fn is_sentence_final(tok: &str) -> bool {
    matches!(tok, "." | "!" | "?")
}

fn is_closing(tok: &str) -> bool {
    matches!(tok, "\"" | "'" | "\u{201d}" | "\u{2019}" | ")" | "]")
}

fn starts_sentence(tok: &str) -> bool {
    tok.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"\u{201c}'(‘[".contains(c))
}

/// Sentences as half-open token-index ranges covering every token.
///
/// A sentence ends at '.', '!' or '?' (plus closing quotes or brackets) when the next token
/// looks like a sentence start, or where the text has a line break.
pub fn sentences(chars: &[char], tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut begin = 0;
    let mut i = 0;
    while i < tokens.len() {
        let mut end_here = false;
        let mut last = i;
        if is_sentence_final(&tokens[i].text) {
            // A closing quote or bracket hugs the period; a straight quote after a space
            // opens the next sentence.
            while last + 1 < tokens.len()
                && is_closing(&tokens[last + 1].text)
                && tokens[last].end == tokens[last + 1].start
            {
                last += 1;
            }
            end_here = tokens
                .get(last + 1)
                .is_none_or(|next| starts_sentence(&next.text));
        } else if let Some(next) = tokens.get(i + 1) {
            end_here = chars[tokens[i].end..next.start].contains(&'\n');
        }
        if end_here {
            out.push(begin..last + 1);
            begin = last + 1;
            i = last + 1;
        } else {
            i += 1;
        }
    }
    if begin < tokens.len() {
        out.push(begin..tokens.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn keeps_hyphens_cves_and_numbers_whole() {
        assert_eq!(
            texts("A proof-of-concept for CVE-2021-44228 hit 1,200 hosts (3.5%)."),
            [
                "A",
                "proof-of-concept",
                "for",
                "CVE-2021-44228",
                "hit",
                "1,200",
                "hosts",
                "(",
                "3.5",
                "%",
                ")",
                "."
            ]
        );
    }

    #[test]
    fn splits_possessive_but_not_contractions() {
        assert_eq!(
            texts("Acme's server didn't respond; they're ‘sure’."),
            [
                "Acme", "'s", "server", "didn't", "respond", ";", "they", "'re", "‘", "sure", "’",
                "."
            ]
        );
    }

    #[test]
    fn abbreviations_keep_their_dot() {
        assert_eq!(
            texts("U.S. firm Acme Inc. said"),
            ["U.S.", "firm", "Acme", "Inc.", "said"]
        );
        assert_eq!(texts("It ended."), ["It", "ended", "."]);
    }

    #[test]
    fn offsets_are_code_points() {
        let toks = tokenize("Café “hack” ok");
        assert_eq!((toks[0].start, toks[0].end), (0, 4));
        assert_eq!(toks[2].text, "hack");
        assert_eq!((toks[2].start, toks[2].end), (6, 10));
    }

    #[test]
    fn splits_sentences_at_final_punctuation() {
        let text =
            "Hackers struck Acme Inc. on Monday. \"We paid,\" it said. The U.S. firm fixed it.";
        let chars: Vec<char> = text.chars().collect();
        let toks = tokenize_chars(&chars);
        let sents = sentences(&chars, &toks);
        let firsts: Vec<&str> = sents.iter().map(|r| toks[r.start].text.as_str()).collect();
        assert_eq!(firsts, ["Hackers", "\"", "The"]);
        assert_eq!(sents.last().map(|r| r.end), Some(toks.len()));
    }
}
