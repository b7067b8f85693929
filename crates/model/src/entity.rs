//! Entities: things the text names, linked to the knowledge base where possible.

use serde::{Deserialize, Serialize};

use crate::document::Span;

/// What sort of thing an entity is (the contract's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    /// A state ("China", "the Netherlands", "Beijing" used for China).
    Country,
    /// A government, ministry or office ("the UK government", "Foreign Ministry").
    Government,
    /// An intelligence, security, police or cyber agency ("MIVD", "NCSC").
    Agency,
    /// Armed forces or a military unit.
    Military,
    /// A named threat actor ("APT31", "Volt Typhoon").
    ThreatActor,
    /// Malicious software ("Coathanger", "NotPetya").
    Malware,
    /// A dual-use or offensive tool ("Cobalt Strike").
    Tool,
    /// A company.
    Company,
    /// Any other organisation.
    Organization,
    /// A person.
    Person,
    /// A software or hardware product ("FortiGate").
    Product,
    /// A vulnerability (CVE or branded name).
    Vulnerability,
    /// An economic sector.
    Sector,
    /// A place that is not a state.
    Location,
}

impl EntityKind {
    /// The contract's name for the kind.
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityKind::Country => "country",
            EntityKind::Government => "government",
            EntityKind::Agency => "agency",
            EntityKind::Military => "military",
            EntityKind::ThreatActor => "threat-actor",
            EntityKind::Malware => "malware",
            EntityKind::Tool => "tool",
            EntityKind::Company => "company",
            EntityKind::Organization => "organization",
            EntityKind::Person => "person",
            EntityKind::Product => "product",
            EntityKind::Vulnerability => "vulnerability",
            EntityKind::Sector => "sector",
            EntityKind::Location => "location",
        }
    }

    /// Kinds that can act for a state: speakers, accusers, sanctioning bodies.
    pub fn is_state_organ(&self) -> bool {
        matches!(
            self,
            EntityKind::Country
                | EntityKind::Government
                | EntityKind::Agency
                | EntityKind::Military
        )
    }
}

impl std::str::FromStr for EntityKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        serde_json::from_value(serde_json::Value::String(s.to_string()))
            .map_err(|_| format!("unknown entity kind {s:?}"))
    }
}

/// One place in the text where an entity is named.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Mention {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The surface form as written.
    pub text: String,
}

impl Mention {
    /// The mention's span.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// An entity of one article with all its mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// KB id (`country:CN`, `agency:nl-mivd`, `actor:apt31`) or a local id (`local:org:...`).
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// ISO 3166-1 alpha-2 of the state it belongs to or acts for.
    pub country: Option<String>,
    /// The distinct surface forms seen in this article.
    pub aliases_matched: Vec<String>,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
}

impl Entity {
    /// True when the id comes from the knowledge base rather than from this article
    /// (local ids start with `local:`).
    pub fn is_linked(&self) -> bool {
        !self.id.starts_with("local:")
    }
}
