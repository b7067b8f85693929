//! A text prepared for tagging: code points, tokens, token strings and sentences.

use std::ops::Range;

use dossier_model::{Arg, Event, EventType, Mention, Realis, Role, Span};

use crate::features::{
    ClusterLookup, Feat, FeatureConfig, Hasher, TokInfo, doc_topic, token_features, token_infos,
};
use crate::tokenize::{Token, sentences, tokenize_chars};

/// A tokenized, sentence-split text.
pub struct Prepared {
    /// The text as code points.
    pub chars: Vec<char>,
    /// Its tokens.
    pub tokens: Vec<Token>,
    /// Per-token strings for features.
    pub infos: Vec<TokInfo>,
    /// Sentences as token ranges.
    pub sents: Vec<Range<usize>>,
    /// The sentence index of each token.
    pub sent_of: Vec<usize>,
    /// The document's dominant topic (see [`doc_topic`]).
    pub topic: String,
    /// Whether each token's lemma occurred earlier in the document.
    pub seen_before: Vec<bool>,
    /// How often each token's lemma occurs in the document (binned: 1–2, 3–4, 5+).
    pub lemma_freq: Vec<u8>,
}

impl Prepared {
    /// Prepares `text`.
    pub fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let tokens = tokenize_chars(&chars);
        let infos = token_infos(&tokens);
        let sents = sentences(&chars, &tokens);
        let mut sent_of = vec![0; tokens.len()];
        for (k, s) in sents.iter().enumerate() {
            for t in s.clone() {
                sent_of[t] = k;
            }
        }
        let topic = doc_topic(&infos);
        let mut seen = std::collections::BTreeSet::new();
        let seen_before = infos
            .iter()
            .map(|t| !seen.insert(t.lemma.clone()))
            .collect();
        let mut freq: std::collections::BTreeMap<&str, usize> = Default::default();
        for t in &infos {
            *freq.entry(t.lemma.as_str()).or_default() += 1;
        }
        let lemma_freq = infos
            .iter()
            .map(|t| match freq.get(t.lemma.as_str()).copied().unwrap_or(1) {
                0..=2 => 1,
                3..=4 => 3,
                _ => 5,
            })
            .collect();
        Prepared {
            lemma_freq,
            seen_before,
            topic,
            chars,
            tokens,
            infos,
            sents,
            sent_of,
        }
    }

    /// The tokens overlapping the code-point span `start..end`, if any.
    pub fn token_range(&self, start: usize, end: usize) -> Option<Range<usize>> {
        let first = self.tokens.partition_point(|t| t.end <= start);
        let last = self.tokens.partition_point(|t| t.start < end);
        (first < last).then_some(first..last)
    }

    /// Whether `start..end` begins and ends on token boundaries.
    pub fn aligned(&self, start: usize, end: usize) -> bool {
        self.token_range(start, end).is_some_and(|r| {
            self.tokens[r.start].start == start && self.tokens[r.end - 1].end == end
        })
    }

    /// The code-point span of a token range.
    pub fn char_span(&self, toks: &Range<usize>) -> (usize, usize) {
        (self.tokens[toks.start].start, self.tokens[toks.end - 1].end)
    }

    /// The text of a code-point span.
    pub fn text_of(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }

    /// The argument of `role` (a role name as the model stores it) over tokens `toks`;
    /// `None` for a name that is no [`Role`].
    pub fn arg(&self, role: &str, toks: &Range<usize>) -> Option<Arg> {
        let (start, end) = self.char_span(toks);
        Some(Arg {
            role: role.parse::<Role>().ok()?,
            start,
            end,
            text: self.text_of(start, end),
            entity: None,
        })
    }

    /// A learned event whose trigger covers tokens `toks`, with its sentence's span.
    pub fn event(
        &self,
        kind: EventType,
        realis: Realis,
        toks: &Range<usize>,
        args: Vec<Arg>,
        confidence: f32,
        extractor: &str,
    ) -> Event {
        let (start, end) = self.char_span(toks);
        let sent = self.char_span(&self.sents[self.sent_of[toks.start]]);
        Event {
            kind,
            realis,
            trigger: Mention {
                start,
                end,
                text: self.text_of(start, end),
            },
            args,
            time: None,
            sentence: Span::new(sent.0, sent.1),
            confidence,
            hedge: None,
            extractor: Some(extractor.to_string()),
        }
    }

    /// Base features of every token of sentence `k`.
    pub fn sentence_features(
        &self,
        k: usize,
        cfg: &FeatureConfig,
        clusters: &dyn ClusterLookup,
    ) -> Vec<Vec<Feat>> {
        let sent = &self.sents[k];
        let context = cfg.context.then(|| self.sentence_context(k));
        // Lexicon classes present in the sentence: they tell what a vague word
        // ("said", "the attack") is about.
        let classes: std::collections::BTreeSet<&str> = if cfg.context {
            self.infos[sent.clone()]
                .iter()
                .flat_map(|t| t.lex.split('+'))
                .filter(|c| !c.is_empty())
                .collect()
        } else {
            Default::default()
        };
        sent.clone()
            .map(|i| {
                let mut out = Vec::with_capacity(80);
                token_features(&self.infos, sent, i, cfg, clusters, &self.topic, &mut out);
                if let Some(ctx) = &context {
                    let me = &self.infos[i];
                    let seen = u64::from(self.seen_before[i]);
                    out.push(Hasher::new(23).s(ctx).s(&me.lex).f());
                    out.push(Hasher::new(24).s(ctx).s(&me.lemma).f());
                    out.push(Hasher::new(25).n(seen).s(&me.lemma).f());
                    out.push(Hasher::new(26).n(seen).s(&me.lex).n(k.min(8) as u64).f());
                    out.push(Hasher::new(27).n(position_bin(k)).s(&me.lemma).f());
                    let tf = u64::from(self.lemma_freq[i]);
                    out.push(Hasher::new(29).n(tf).s(&me.lemma).f());
                    out.push(Hasher::new(30).n(tf).s(&me.lex).s(&self.topic).f());
                    for class in &classes {
                        out.push(Hasher::new(28).s(class).s(&me.lemma).f());
                    }
                }
                out
            })
            .collect()
    }

    /// A coarse description of what sentence `k` contains besides its words: names,
    /// numbers, money, CVE ids (e.g. "N2|#|$|").
    fn sentence_context(&self, k: usize) -> String {
        let sent = &self.sents[k];
        let toks = &self.tokens[sent.clone()];
        let names = toks
            .iter()
            .skip(1)
            .filter(|t| t.text.chars().next().is_some_and(char::is_uppercase))
            .count();
        let number = toks
            .iter()
            .any(|t| t.text.chars().any(|c| c.is_ascii_digit()));
        let money = toks.iter().any(|t| {
            matches!(t.text.as_str(), "$" | "€" | "£") || t.text.eq_ignore_ascii_case("bitcoin")
        });
        let cve = toks.iter().any(|t| t.text.starts_with("CVE-"));
        format!(
            "N{}|{}|{}|{}",
            names.min(3),
            if number { "#" } else { "" },
            if money { "$" } else { "" },
            if cve { "C" } else { "" }
        )
    }
}

/// Bins of a sentence's position in its document.
fn position_bin(k: usize) -> u64 {
    match k {
        0..=2 => k as u64,
        3..=5 => 3,
        6..=10 => 4,
        _ => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_range_and_alignment() {
        let p = Prepared::new("Hackers stole data. Acme paid.");
        assert_eq!(p.token_range(8, 18), Some(1..3));
        assert!(p.aligned(8, 18));
        assert!(!p.aligned(9, 18));
        assert_eq!(p.sents.len(), 2);
        assert_eq!(p.sent_of[4], 1);
    }
}
