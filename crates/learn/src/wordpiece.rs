//! BERT's uncased WordPiece tokenizer, applied to our own tokens.
//!
//! Each of our tokens ([`crate::tokenize`]) is normalised the way BERT's `BertNormalizer`
//! does it (control characters dropped, CJK ideographs isolated, lower-cased, accents
//! stripped), split at punctuation like `BertPreTokenizer`, and each piece is cut into the
//! longest vocabulary entries (`##` marks a continuation). Working token by token gives
//! the wordpiece → token alignment for free, so no character-offset mapping is needed.
//! Our tokens never span whitespace, so the concatenated pieces equal what BERT's own
//! tokenizer gives for the whole text (checked against the `tokenizers` Python package on
//! CASIE dev, see docs/extraction.md).

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words longer than this (in characters) become `[UNK]`, as in BERT.
const MAX_WORD_CHARS: usize = 100;

/// A WordPiece vocabulary.
#[derive(Debug, Clone)]
pub struct WordPiece {
    vocab: HashMap<String, u32>,
    unk: u32,
    /// Id of `[CLS]`.
    pub cls: u32,
    /// Id of `[SEP]`.
    pub sep: u32,
}

/// Why a vocabulary could not be read.
#[derive(Debug, thiserror::Error)]
pub enum VocabError {
    /// `tokenizer.json` is not JSON of the expected shape.
    #[error("tokenizer.json: {0}")]
    Json(String),
    /// A special token is missing from the vocabulary.
    #[error("the vocabulary lacks {0}")]
    Missing(&'static str),
}

impl WordPiece {
    /// A vocabulary from `(piece, id)` pairs.
    pub fn new(vocab: HashMap<String, u32>) -> Result<Self, VocabError> {
        let get = |s: &'static str| vocab.get(s).copied().ok_or(VocabError::Missing(s));
        Ok(WordPiece {
            unk: get("[UNK]")?,
            cls: get("[CLS]")?,
            sep: get("[SEP]")?,
            vocab,
        })
    }

    /// The vocabulary of a Hugging Face `tokenizer.json` (its `model.vocab` map).
    pub fn from_tokenizer_json(text: &str) -> Result<Self, VocabError> {
        let json: serde_json::Value =
            serde_json::from_str(text).map_err(|e| VocabError::Json(e.to_string()))?;
        let map = json
            .get("model")
            .and_then(|m| m.get("vocab"))
            .and_then(|v| v.as_object())
            .ok_or_else(|| VocabError::Json("no model.vocab object".into()))?;
        let mut vocab = HashMap::with_capacity(map.len());
        for (piece, id) in map {
            let id = id
                .as_u64()
                .and_then(|i| u32::try_from(i).ok())
                .ok_or_else(|| VocabError::Json(format!("bad id for {piece:?}")))?;
            vocab.insert(piece.clone(), id);
        }
        Self::new(vocab)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.vocab.len()
    }

    /// Whether the vocabulary is empty.
    pub fn is_empty(&self) -> bool {
        self.vocab.is_empty()
    }

    /// The wordpiece ids of one of our tokens (empty if it holds only ignorable characters).
    pub fn pieces(&self, token: &str, out: &mut Vec<u32>) {
        for word in pre_tokenize(&normalise(token)) {
            self.word_pieces(&word, out);
        }
    }

    /// Greedy longest-match-first segmentation of one word.
    fn word_pieces(&self, word: &str, out: &mut Vec<u32>) {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() > MAX_WORD_CHARS {
            out.push(self.unk);
            return;
        }
        let mark = out.len();
        let mut start = 0;
        let mut candidate = String::new();
        while start < chars.len() {
            let mut end = chars.len();
            let mut found = None;
            while end > start {
                candidate.clear();
                if start > 0 {
                    candidate.push_str("##");
                }
                let lo = chars[start].0;
                let hi = chars.get(end).map_or(word.len(), |c| c.0);
                candidate.push_str(&word[lo..hi]);
                if let Some(&id) = self.vocab.get(&candidate) {
                    found = Some(id);
                    break;
                }
                end -= 1;
            }
            let Some(id) = found else {
                out.truncate(mark);
                out.push(self.unk);
                return;
            };
            out.push(id);
            start = end;
        }
    }
}

/// Control and format characters that BERT's normaliser deletes.
fn is_ignorable(c: char) -> bool {
    if matches!(c, '\t' | '\n' | '\r') {
        return false;
    }
    c == '\0'
        || c == '\u{fffd}'
        || c.is_control()
        || matches!(c, '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

/// CJK ideographs, which BERT isolates as words of their own.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F | 0x2B920..=0x2CEAF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

/// Punctuation as BERT splits it: ASCII symbols and Unicode punctuation.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{00a1}' | '\u{00a7}' | '\u{00ab}' | '\u{00b6}' | '\u{00b7}' | '\u{00bb}'
            | '\u{00bf}' | '\u{037e}' | '\u{0387}' | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205e}' | '\u{2e00}'..='\u{2e4f}' | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301f}' | '\u{ff01}'..='\u{ff03}'
            | '\u{ff05}'..='\u{ff0a}' | '\u{ff0c}'..='\u{ff0f}' | '\u{ff1a}' | '\u{ff1b}'
            | '\u{ff1f}' | '\u{ff20}' | '\u{ff3b}'..='\u{ff3d}' | '\u{ff3f}' | '\u{ff5b}'
            | '\u{ff5d}')
}

/// `BertNormalizer` with lower-casing and accent stripping.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_ignorable(c) {
            continue;
        }
        if c.is_whitespace() {
            out.push(' ');
        } else if is_cjk(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out.to_lowercase()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect()
}

/// `BertPreTokenizer`: whitespace-separated words, each punctuation character apart.
fn pre_tokenize(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_whitespace() || is_punctuation(c) {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            if is_punctuation(c) {
                words.push(c.to_string());
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> WordPiece {
        let words = [
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "hack", "##ers", "stole", "cv", "##e", "-", "2017",
            "'", "s", "cafe", ".",
        ];
        let vocab = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.to_string(), i as u32))
            .collect();
        WordPiece::new(vocab).expect("specials present")
    }

    fn ids(wp: &WordPiece, token: &str) -> Vec<u32> {
        let mut out = Vec::new();
        wp.pieces(token, &mut out);
        out
    }

    #[test]
    fn splits_into_longest_pieces() {
        let wp = tiny();
        assert_eq!(ids(&wp, "Hackers"), vec![4, 5]);
        assert_eq!(ids(&wp, "stole"), vec![6]);
    }

    #[test]
    fn punctuation_is_split_and_unknown_words_are_unk() {
        let wp = tiny();
        assert_eq!(ids(&wp, "CVE-2017"), vec![7, 8, 9, 10]);
        assert_eq!(ids(&wp, "'s"), vec![11, 12]);
        // "hackz": "hack" matches but "##z" does not: the whole word is [UNK].
        assert_eq!(ids(&wp, "hackz"), vec![1]);
    }

    #[test]
    fn accents_and_format_characters_are_removed() {
        let wp = tiny();
        assert_eq!(ids(&wp, "Café"), vec![13]);
        assert_eq!(ids(&wp, "\u{200b}"), Vec::<u32>::new());
    }

    #[test]
    fn vocabulary_needs_special_tokens() {
        let vocab = [("a".to_string(), 0)].into_iter().collect();
        assert!(WordPiece::new(vocab).is_err());
        let json = r#"{"model": {"vocab": {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, "x": 3}}}"#;
        let wp = WordPiece::from_tokenizer_json(json).expect("valid");
        assert_eq!(wp.len(), 4);
        assert_eq!((wp.cls, wp.sep), (1, 2));
    }
}
