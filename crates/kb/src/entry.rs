//! One KB entry and its aliases.

use std::collections::BTreeMap;

use dossier_model::EntityKind;
use serde::{Deserialize, Serialize};

/// How an alias refers to its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AliasForm {
    /// A name ("Fancy Bear", "the Netherlands").
    Name,
    /// An acronym or code ("MIVD", "NCSC", "APT31", "U.S.").
    Acronym,
    /// A demonym or adjective of a state ("Chinese", "Dutch").
    Demonym,
    /// A capital or seat of government used for the state ("Beijing", "the Kremlin").
    Capital,
}

impl AliasForm {
    /// The serialised name of the form.
    pub fn as_str(&self) -> &'static str {
        match self {
            AliasForm::Name => "name",
            AliasForm::Acronym => "acronym",
            AliasForm::Demonym => "demonym",
            AliasForm::Capital => "capital",
        }
    }

    /// The form a bare name takes from its shape: an acronym when it is one word with no
    /// lower-case letter and at most five letters ("NCSC", "APT31", "U.S."), else a name.
    pub fn of_name(text: &str) -> AliasForm {
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        let lower = text.chars().any(char::is_lowercase);
        let spaced = text.chars().any(char::is_whitespace);
        if !lower && !spaced && (2..=5).contains(&letters) {
            AliasForm::Acronym
        } else {
            AliasForm::Name
        }
    }
}

/// One surface form of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    /// The form as written ("Fancy Bear").
    pub text: String,
    /// How it refers to the entry.
    pub form: AliasForm,
    /// The sources that list it, comma-separated, first one first (`core`,
    /// `misp-galaxy/threat-actor`, `mitre-attack`, ...).
    pub source: String,
}

impl Alias {
    /// The sources that list this alias.
    pub fn sources(&self) -> impl Iterator<Item = &str> {
        self.source
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// Records one more source for this alias; false when it was already listed.
    pub(crate) fn add_source(&mut self, source: &str) -> bool {
        if self.sources().any(|s| s == source) {
            return false;
        }
        if self.source.is_empty() {
            self.source = source.to_string();
        } else {
            self.source.push_str(", ");
            self.source.push_str(source);
        }
        true
    }
}

/// One thing the KB knows: a state, agency, actor, malware family, company, product, ...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KbEntry {
    /// Stable id: `country:CN`, `agency:nl-mivd`, `actor:apt31`, `malware:coathanger`, ...
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// ISO 3166-1 alpha-2 of the state it belongs to or acts for (a threat actor's sponsor,
    /// a product's vendor's state), or null (international bodies, criminal groups of no
    /// known base).
    pub country: Option<String>,
    /// Every surface form, the canonical name included.
    pub aliases: Vec<Alias>,
    /// The sources that contributed to the entry (`core`, `mitre-attack`, ...).
    pub sources: Vec<String>,
    /// Ids in other schemes and links: `mitre-attack` (G0128, S0154), `cve`,
    /// `iso3166-alpha3`, `misp-galaxy:<galaxy>` (cluster uuid), `vendor` (a product's
    /// `company:` id), `actor` (a malware family's best-known actor), `bloc` (EU, NATO).
    #[serde(default)]
    pub external_ids: BTreeMap<String, String>,
    /// A one-sentence description.
    pub description: Option<String>,
}

impl KbEntry {
    /// Adds an alias unless one with the same text is already there, in which case the
    /// source is recorded on it. Returns true when a new alias was added.
    pub(crate) fn add_alias(&mut self, text: &str, form: AliasForm, source: &str) -> bool {
        if let Some(existing) = self.aliases.iter_mut().find(|a| a.text == text) {
            existing.add_source(source);
            return false;
        }
        self.aliases.push(Alias {
            text: text.to_string(),
            form,
            source: source.to_string(),
        });
        true
    }

    /// Records a contributing source.
    pub(crate) fn add_source(&mut self, source: &str) {
        if !self.sources.iter().any(|s| s == source) {
            self.sources.push(source.to_string());
        }
    }
}

/// The id prefix the KB uses for a kind (`actor` for threat actors, `gov` for governments).
pub(crate) fn id_prefix(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Country => "country",
        EntityKind::Government => "gov",
        EntityKind::Agency => "agency",
        EntityKind::Military => "military",
        EntityKind::ThreatActor => "actor",
        EntityKind::Malware => "malware",
        EntityKind::Tool => "tool",
        EntityKind::Company => "company",
        EntityKind::Organization => "org",
        EntityKind::Person => "person",
        EntityKind::Product => "product",
        EntityKind::Vulnerability => "vuln",
        EntityKind::Sector => "sector",
        EntityKind::Location => "location",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronym_form_comes_from_shape() {
        assert_eq!(AliasForm::of_name("NCSC"), AliasForm::Acronym);
        assert_eq!(AliasForm::of_name("U.S."), AliasForm::Acronym);
        assert_eq!(AliasForm::of_name("APT31"), AliasForm::Acronym);
        assert_eq!(AliasForm::of_name("Fancy Bear"), AliasForm::Name);
        assert_eq!(AliasForm::of_name("STRONTIUM"), AliasForm::Name);
        assert_eq!(AliasForm::of_name("BfV"), AliasForm::Name);
    }

    #[test]
    fn alias_sources_are_unioned_once() {
        let mut a = Alias {
            text: "Zirconium".into(),
            form: AliasForm::Name,
            source: "core".into(),
        };
        assert!(a.add_source("mitre-attack"));
        assert!(!a.add_source("core"));
        assert_eq!(a.sources().collect::<Vec<_>>(), ["core", "mitre-attack"]);
    }
}
