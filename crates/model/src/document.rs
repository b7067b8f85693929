//! The article as it travels through the pipeline, and its record form.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::date::PartialDate;
use crate::entity::Entity;
use crate::event::Event;

/// A half-open range of Unicode code points into [`Document::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First code point of the span.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (code points, end exclusive).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Number of code points covered.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True when `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one code point.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// What was read about an article besides its text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// The path or URL the article was read from.
    pub source: String,
    /// Canonical URL, when known.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Publisher or site name.
    pub outlet: Option<String>,
    /// Authors named in a byline.
    pub authors: Vec<String>,
    /// Publication date, at the precision the source gives.
    pub published: Option<PartialDate>,
    /// Where the publication date came from (e.g. `header-line`, `meta`, `url`).
    pub published_from: Option<String>,
    /// ISO 639-1 code of the text's language.
    pub language: String,
}

/// The kinds of technical indicator the contract knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndicatorKind {
    /// Dotted-quad IPv4 address.
    Ipv4,
    /// IPv6 address.
    Ipv6,
    /// Domain name.
    Domain,
    /// URL.
    Url,
    /// MD5 hash (32 hex digits).
    Md5,
    /// SHA-1 hash (40 hex digits).
    Sha1,
    /// SHA-256 hash (64 hex digits).
    Sha256,
    /// CVE identifier.
    Cve,
    /// E-mail address.
    Email,
}

impl IndicatorKind {
    /// The contract's name for the kind (as serialised).
    pub fn as_str(&self) -> &'static str {
        match self {
            IndicatorKind::Ipv4 => "ipv4",
            IndicatorKind::Ipv6 => "ipv6",
            IndicatorKind::Domain => "domain",
            IndicatorKind::Url => "url",
            IndicatorKind::Md5 => "md5",
            IndicatorKind::Sha1 => "sha1",
            IndicatorKind::Sha256 => "sha256",
            IndicatorKind::Cve => "cve",
            IndicatorKind::Email => "email",
        }
    }
}

/// A technical indicator found in the text, refanged (`hxxp` → `http`, `[.]` → `.`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Indicator {
    /// What kind of indicator it is.
    pub kind: IndicatorKind,
    /// The refanged value.
    pub value: String,
    /// First code point of the surface form in the text.
    pub start: usize,
    /// One past its last code point.
    pub end: usize,
}

/// One article: clean text plus every annotation layer.
///
/// Serialised with serde, a `Document` is exactly the article record of the contract
/// (metadata flattened to top-level fields, internal layers skipped).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: hex of SHA-256 over the clean text (first 16 bytes).
    pub id: String,
    /// Everything known about the article besides its text.
    #[serde(flatten)]
    pub meta: Metadata,
    /// The clean text every offset points into.
    pub text: String,
    /// Linked and unlinked entities with their mentions.
    pub entities: Vec<Entity>,
    /// Events with their arguments.
    pub events: Vec<Event>,
    /// Technical indicators.
    pub indicators: Vec<Indicator>,
    /// Sentence boundaries (internal layer, not part of the record).
    #[serde(skip)]
    pub sentences: Vec<Span>,
    /// Byte offset of every code point, plus one entry for the end of the text.
    #[serde(skip)]
    char_bytes: Vec<usize>,
}

impl Document {
    /// A document over `text` with the given metadata; the id is derived from the text.
    pub fn new(text: String, meta: Metadata) -> Self {
        let mut doc = Document {
            id: content_id(&text),
            meta,
            text,
            ..Document::default()
        };
        doc.index_chars();
        doc
    }

    /// Rebuild the code-point index; needed after deserialising a record.
    pub fn index_chars(&mut self) {
        self.char_bytes = self
            .text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(self.text.len()))
            .collect();
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.char_bytes.len().saturating_sub(1)
    }

    /// Code-point offset of a byte offset that lies on a char boundary (or the
    /// next boundary after it).
    pub fn char_of_byte(&self, byte: usize) -> usize {
        match self.char_bytes.binary_search(&byte) {
            Ok(i) | Err(i) => i,
        }
    }

    /// Byte offset of a code-point offset (clamped to the end of the text).
    pub fn byte_of_char(&self, ch: usize) -> usize {
        self.char_bytes.get(ch).copied().unwrap_or(self.text.len())
    }

    /// Code-point span of a byte range.
    pub fn span_of_bytes(&self, start: usize, end: usize) -> Span {
        Span::new(self.char_of_byte(start), self.char_of_byte(end))
    }

    /// The text of a code-point span.
    pub fn slice(&self, span: Span) -> &str {
        let (a, b) = (self.byte_of_char(span.start), self.byte_of_char(span.end));
        self.text.get(a..b.max(a)).unwrap_or("")
    }

    /// Index of the sentence that contains the code point `at`, if sentences are set.
    pub fn sentence_at(&self, at: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= at);
        (i < self.sentences.len() && self.sentences[i].start <= at).then_some(i)
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// Parse one article record (a line of `dossier extract --format jsonl`).
    pub fn from_record(json: &str) -> Result<Self, serde_json::Error> {
        let mut doc: Document = serde_json::from_str(json)?;
        doc.index_chars();
        Ok(doc)
    }
}

/// The stable id of a clean text: the first 16 bytes of its SHA-256, in hex.
pub fn content_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_code_points_not_bytes() {
        let doc = Document::new("Beijing’s “denial” came".into(), Metadata::default());
        let start = doc.text.find("denial").map(|b| doc.char_of_byte(b));
        assert_eq!(start, Some(11));
        assert_eq!(doc.slice(Span::new(11, 17)), "denial");
        assert_eq!(doc.char_len(), 23);
    }

    #[test]
    fn record_round_trip_keeps_contract_fields() {
        let meta = Metadata {
            source: "a.txt".into(),
            language: "en".into(),
            published: PartialDate::parse_iso("2024-03-29"),
            ..Metadata::default()
        };
        let doc = Document::new("Text.".into(), meta);
        let json = serde_json::to_value(&doc).expect("serialise");
        for field in [
            "id",
            "source",
            "url",
            "title",
            "outlet",
            "published",
            "language",
            "text",
            "entities",
            "events",
            "indicators",
        ] {
            assert!(json.get(field).is_some(), "missing {field}");
        }
        assert_eq!(json["published"], "2024-03-29");
        let back = Document::from_record(&json.to_string()).expect("parse");
        assert_eq!(back.slice(Span::new(0, 4)), "Text");
    }

    #[test]
    fn indicator_kind_names_are_their_serialised_names() {
        for kind in [
            IndicatorKind::Ipv4,
            IndicatorKind::Sha256,
            IndicatorKind::Email,
        ] {
            let json = serde_json::to_string(&kind).expect("serialise");
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }

    #[test]
    fn sentence_lookup() {
        let mut doc = Document::new("A b. C d.".into(), Metadata::default());
        doc.sentences = vec![Span::new(0, 4), Span::new(5, 9)];
        assert_eq!(doc.sentence_at(6), Some(1));
        assert_eq!(doc.sentence_at(4), None);
    }
}
