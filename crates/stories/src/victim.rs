//! Recognising one victim under different names.
//!
//! Articles name the same organisation in many ways ("the Dutch Ministry of Defence",
//! "Dutch Defense Ministry", "a Dutch military network"), and the entity layer may link
//! them to different local ids. A victim is therefore also compared by its *name*: the
//! content words of its name and surface forms, with spelling variants folded, state
//! names and demonyms dropped (they are the entity's `country`), and generic words kept
//! apart because sharing only "ministry" says little.

use std::collections::BTreeSet;

use dossier_model::{Document, Entity, EntityKind};

/// Words that carry no identity: articles, prepositions, possessives.
const STOP: &[&str] = &[
    "the", "of", "and", "for", "a", "an", "s", "its", "their", "in", "on", "at", "to", "by",
];

/// Words that name a kind of organisation rather than a particular one: shared alone,
/// they do not identify a victim.
const GENERIC: &[&str] = &[
    "ministry",
    "government",
    "department",
    "agency",
    "office",
    "network",
    "networks",
    "system",
    "systems",
    "company",
    "group",
    "national",
    "state",
    "federal",
    "service",
    "services",
    "computer",
    "computers",
    "officials",
    "staff",
    "organisation",
    "organization",
];

/// Spelling variants and near-synonyms folded to one form.
const FOLD: &[(&str, &str)] = &[
    ("defense", "defence"),
    ("military", "defence"),
    ("armed", "defence"),
    ("forces", "defence"),
    ("mod", "defence"),
    ("dod", "defence"),
    ("organisation", "organization"),
    ("centre", "center"),
    ("programme", "program"),
    ("labour", "labor"),
    ("dept", "department"),
    ("ministries", "ministry"),
    ("parliamentary", "parliament"),
    ("mps", "parliament"),
    ("lawmakers", "parliament"),
];

/// Demonyms and state names common in the reporting; the document's own country
/// entities add theirs.
const STATE_WORDS: &[&str] = &[
    "us",
    "u",
    "uk",
    "american",
    "british",
    "dutch",
    "netherlands",
    "chinese",
    "china",
    "russian",
    "russia",
    "iranian",
    "iran",
    "korean",
    "korea",
    "north",
    "german",
    "germany",
    "french",
    "france",
    "ukrainian",
    "ukraine",
    "israeli",
    "israel",
    "european",
    "eu",
    "australian",
    "australia",
    "canadian",
    "canada",
    "japanese",
    "japan",
    "indian",
    "india",
    "taiwanese",
    "taiwan",
    "belgian",
    "belgium",
    "polish",
    "poland",
    "czech",
    "swedish",
    "norwegian",
    "finnish",
    "danish",
    "italian",
    "spanish",
    "swiss",
    "austrian",
    "estonian",
    "latvian",
    "lithuanian",
    "georgian",
    "albanian",
    "united",
    "states",
    "kingdom",
];

/// What identifies a victim by name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct VictimName {
    /// The state it belongs to, when known.
    pub country: Option<String>,
    /// Distinctive content words (folded).
    pub core: BTreeSet<String>,
    /// Generic words (folded): "ministry", "agency".
    pub generic: BTreeSet<String>,
    /// True for a product ("Microsoft Exchange"), which is never its maker ("Microsoft").
    pub product: bool,
}

impl VictimName {
    /// The name form of a victim entity as one document names it; `None` for a state or
    /// for a name with no content word.
    pub fn of(doc: &Document, e: &Entity) -> Option<Self> {
        if e.kind == EntityKind::Country {
            return None;
        }
        let state_words = state_words_of(doc);
        let mut name = VictimName {
            country: crate::resolve::country_of(e),
            product: e.kind == EntityKind::Product,
            ..VictimName::default()
        };
        let surfaces = std::iter::once(e.name.as_str())
            .chain(e.aliases_matched.iter().map(String::as_str))
            .chain(e.mentions.iter().map(|m| m.text.as_str()));
        for word in surfaces.flat_map(words) {
            if STOP.contains(&word.as_str())
                || STATE_WORDS.contains(&word.as_str())
                || state_words.contains(&word)
            {
                continue;
            }
            let folded = FOLD
                .iter()
                .find(|(from, _)| *from == word)
                .map_or(word, |(_, to)| (*to).to_string());
            if GENERIC.contains(&folded.as_str()) {
                name.generic.insert(folded);
            } else {
                name.core.insert(folded);
            }
        }
        (!name.core.is_empty()).then_some(name)
    }

    /// How alike two victim names are, 0–1: 0 when their states differ, when one is a
    /// product and the other not, or when they share no distinctive word; else the share
    /// of the smaller name's words found in the larger, lowered when one side's state is
    /// unknown.
    pub fn likeness(&self, other: &VictimName) -> f64 {
        if self.product != other.product {
            return 0.0;
        }
        let countries_known = match (&self.country, &other.country) {
            (Some(a), Some(b)) if a != b => return 0.0,
            (Some(_), Some(_)) => true,
            _ => false,
        };
        let shared_core = self.core.intersection(&other.core).count();
        if shared_core == 0 {
            return 0.0;
        }
        let core = shared_core as f64 / self.core.len().min(other.core.len()) as f64;
        // Generic words only count when both sides name one ("ministry" vs "agency").
        let generic = if self.generic.is_empty() || other.generic.is_empty() {
            1.0
        } else if self.generic.is_disjoint(&other.generic) {
            0.5
        } else {
            1.0
        };
        let certainty = if countries_known { 1.0 } else { 0.7 };
        core * generic * certainty
    }
}

/// Lower-case words of letters and digits.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Words that the document's country entities are named by ("dutch", "netherlands").
fn state_words_of(doc: &Document) -> BTreeSet<String> {
    doc.entities
        .iter()
        .filter(|e| e.kind == EntityKind::Country)
        .flat_map(|e| {
            std::iter::once(e.name.as_str()).chain(e.aliases_matched.iter().map(String::as_str))
        })
        .flat_map(words)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::{Mention, Metadata};

    fn entity(name: &str, kind: EntityKind, country: Option<&str>) -> Entity {
        Entity {
            id: format!("local:{name}"),
            name: name.into(),
            kind,
            country: country.map(str::to_string),
            aliases_matched: vec![],
            mentions: vec![Mention {
                start: 0,
                end: 1,
                text: name.into(),
            }],
        }
    }

    fn name(n: &str, kind: EntityKind, country: Option<&str>) -> VictimName {
        let doc = Document::new(String::new(), Metadata::default());
        VictimName::of(&doc, &entity(n, kind, country)).expect("a name")
    }

    #[test]
    fn defence_ministry_spellings_are_one_victim() {
        let a = name(
            "Dutch Ministry of Defence",
            EntityKind::Government,
            Some("NL"),
        );
        let b = name("Dutch Defense Ministry", EntityKind::Government, Some("NL"));
        let c = name("Dutch military", EntityKind::Military, Some("NL"));
        assert_eq!(a.likeness(&b), 1.0);
        assert_eq!(a.likeness(&c), 1.0);
        let unknown_state = name("Defense Ministry", EntityKind::Government, None);
        assert!((a.likeness(&unknown_state) - 0.7).abs() < 1e-9);
    }

    #[test]
    fn different_states_or_words_are_different_victims() {
        let nl = name("Ministry of Defence", EntityKind::Government, Some("NL"));
        let gb = name("Ministry of Defence", EntityKind::Government, Some("GB"));
        assert_eq!(nl.likeness(&gb), 0.0);
        let ec = name("Electoral Commission", EntityKind::Government, Some("GB"));
        let mps = name("British MPs", EntityKind::Government, Some("GB"));
        assert_eq!(ec.likeness(&mps), 0.0);
        // A product is not the company that makes it.
        let exchange = name("Microsoft Exchange", EntityKind::Product, Some("US"));
        let microsoft = name("Microsoft", EntityKind::Company, Some("US"));
        assert_eq!(exchange.likeness(&microsoft), 0.0);
        let server = name("Microsoft Exchange Server", EntityKind::Product, Some("US"));
        assert!(exchange.likeness(&server) > 0.9);
        // Only generic words: no name at all.
        let doc = Document::new(String::new(), Metadata::default());
        let generic = entity("the ministry", EntityKind::Government, Some("NL"));
        assert!(VictimName::of(&doc, &generic).is_none());
    }
}
