//! Analyst corrections: "these incidents are one", "this article is not part of that".
//!
//! Incident ids are hashes of their member events, so they change when membership does.
//! A correction therefore names *events* by anchors that survive re-ingestion: the
//! article id (a hash of its clean text) and the code point where the event's trigger
//! starts. When extraction changes and no event starts there any more, the anchor falls
//! to the article's operation nearest that offset. Clustering treats a merge as a
//! must-link and a split as a cannot-link that outranks every other evidence (merges
//! included), so a later split always wins over an earlier merge of the same events.

use serde::{Deserialize, Serialize};

/// An event named so that the name survives re-ingestion.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Anchor {
    /// Article id.
    pub article: String,
    /// Code point where the event's trigger starts.
    pub at: usize,
}

/// One analyst decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Correction {
    /// The events belong to one incident.
    Merge {
        /// Operations of every incident merged.
        anchors: Vec<Anchor>,
    },
    /// Article `article` does not belong with the events `from`.
    Split {
        /// The article taken out.
        article: String,
        /// Operations of the incident it is taken out of (in other articles).
        from: Vec<Anchor>,
    },
    /// An analyst's verdict on one fact of an incident. Grouping ignores it; whoever
    /// shows incidents applies it (the server drops rejected facts, marks confirmed ones).
    Fact {
        /// The fact's key, made of entity ids and types (`attribution|country:NL|actor:x`),
        /// so it survives re-ingestion and regrouping.
        fact: String,
        /// The articles the fact was read from when judged: the verdict holds wherever
        /// the same fact rests on any of them.
        articles: Vec<String>,
        /// Confirmed or rejected.
        verdict: Verdict,
    },
}

/// What an analyst says of one fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The sources do say this.
    Confirm,
    /// The machine misread the sources.
    Reject,
}

impl Correction {
    /// The name of the kind, as stored (`merge`, `split` or `fact`).
    pub fn kind(&self) -> &'static str {
        match self {
            Correction::Merge { .. } => "merge",
            Correction::Split { .. } => "split",
            Correction::Fact { .. } => "fact",
        }
    }
}

/// Why a correction could not be made.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CorrectionError {
    /// No incident has an id starting with this.
    #[error("no incident with id {0:?}; list them with `dossier incidents`")]
    UnknownIncident(String),
    /// Several incidents' ids start with this.
    #[error("incident id {0:?} is ambiguous; give more of it")]
    AmbiguousIncident(String),
    /// The article is not one of the incident's.
    #[error("article {article:?} is not part of incident {incident}")]
    ArticleNotInIncident {
        /// The article named.
        article: String,
        /// The incident named.
        incident: String,
    },
    /// A merge needs two different incidents.
    #[error("merge needs two different incidents")]
    SameIncident,
    /// A stored correction cannot be read.
    #[error("stored correction {id} cannot be read: {message}")]
    Corrupt {
        /// Row id in the store.
        id: i64,
        /// The decoding error.
        message: String,
    },
}

/// Parse a stored correction's payload.
pub fn from_payload(id: i64, payload: &str) -> Result<Correction, CorrectionError> {
    serde_json::from_str(payload).map_err(|e| CorrectionError::Corrupt {
        id,
        message: e.to_string(),
    })
}

/// The payload to store for a correction.
pub fn to_payload(c: &Correction) -> String {
    // A plain enum of strings and numbers always serialises.
    serde_json::to_string(c).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrections_round_trip_through_their_payload() {
        let c = Correction::Split {
            article: "abc".into(),
            from: vec![Anchor {
                article: "def".into(),
                at: 12,
            }],
        };
        let payload = to_payload(&c);
        assert!(payload.contains("\"kind\":\"split\""), "{payload}");
        assert_eq!(from_payload(1, &payload), Ok(c));
        assert!(matches!(
            from_payload(2, "{}"),
            Err(CorrectionError::Corrupt { id: 2, .. })
        ));
    }
}
