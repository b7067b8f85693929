//! Incident and story records: what merging articles produces.
//!
//! Field names follow the contract (`shared/spec/records.md`); fields beyond it are
//! additions the contract allows.

use serde::{Deserialize, Serialize};

use crate::entity::Entity;
use crate::event::EventType;

/// A quote that supports a fact: a span of one article's clean text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The quoted text.
    pub text: String,
}

/// A reference to an article, with the evidence it gives for one fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRef {
    /// Article id.
    pub id: String,
    /// The path or URL it was read from.
    pub source: String,
    /// Headline.
    pub title: Option<String>,
    /// Publisher.
    pub outlet: Option<String>,
    /// Publication date (`YYYY-MM-DD` or coarser).
    pub published: Option<String>,
    /// The quote that supports the fact.
    pub evidence: Option<Evidence>,
}

/// Someone blaming an actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributionRecord {
    /// Who blames.
    pub speaker: Option<Entity>,
    /// Who is blamed.
    pub accused: Option<Entity>,
    /// When the attribution was made.
    pub date: Option<String>,
    /// How surely ("alleged", "with high confidence"), if qualified.
    pub hedge: Option<String>,
    /// Where it is reported.
    pub sources: Vec<ArticleRef>,
}

/// The accused rejecting blame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DenialRecord {
    /// Who denies.
    pub speaker: Option<Entity>,
    /// When.
    pub date: Option<String>,
    /// Where it is reported.
    pub sources: Vec<ArticleRef>,
}

/// A response: sanction, indictment, summons, talks, ...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseRecord {
    /// Which response.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// Who acts.
    pub by: Option<Entity>,
    /// Whom it targets.
    pub against: Option<Entity>,
    /// When.
    pub date: Option<String>,
    /// Where it is reported.
    pub sources: Vec<ArticleRef>,
}

/// One value of a field as one group of sources gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscrepancyValue {
    /// The value.
    pub value: String,
    /// The articles that give it.
    pub sources: Vec<ArticleRef>,
}

/// A field on which sources disagree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Discrepancy {
    /// Which field (`when`, `number-of-victim`, ...).
    pub field: String,
    /// The competing values.
    pub values: Vec<DiscrepancyValue>,
}

/// One entry of an incident's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// When (`YYYY[-MM[-DD]]`), if known.
    pub date: Option<String>,
    /// `operation`, `disclosure`, `attribution`, `denial`, or a response type.
    pub kind: String,
    /// One-line description.
    pub summary: String,
    /// Where it is reported.
    pub sources: Vec<ArticleRef>,
}

/// An incident merged across articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// Stable id.
    pub id: String,
    /// Generated one-line summary.
    pub title: String,
    /// Operation type.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// Victims.
    pub victims: Vec<Entity>,
    /// Actors held responsible.
    pub actors: Vec<Entity>,
    /// Earliest publication date among the articles.
    pub first_reported: Option<String>,
    /// Normalised time of the operation.
    pub when: Option<String>,
    /// Attributions.
    pub attributions: Vec<AttributionRecord>,
    /// Denials.
    pub denials: Vec<DenialRecord>,
    /// Responses.
    pub responses: Vec<ResponseRecord>,
    /// Malware named.
    pub malware: Vec<Entity>,
    /// Products named.
    pub products: Vec<Entity>,
    /// CVE ids.
    pub cves: Vec<String>,
    /// Every article that reports it.
    pub articles: Vec<ArticleRef>,
    /// Fields on which sources disagree.
    pub discrepancies: Vec<Discrepancy>,
    /// Operation, disclosure, attribution, denial and responses in date order.
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
}

/// Articles reporting the same story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Stable id.
    pub id: String,
    /// Article ids.
    pub articles: Vec<String>,
    /// Pairs of near-duplicate copies among them.
    pub duplicates: Vec<(String, String)>,
}
