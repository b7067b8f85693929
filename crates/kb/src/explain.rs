//! Why a surface form names what it names: [`Kb::explain`](crate::Kb::explain).

use std::fmt;

use dossier_model::EntityKind;

use crate::entry::{Alias, KbEntry};
use crate::normalize::key;

/// The answer of [`Kb::explain`](crate::Kb::explain): the candidates a surface form names,
/// the aliases that lead to each, and why the form is ambiguous when it names several.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The surface form asked about.
    pub query: String,
    /// Its normalised lookup key.
    pub key: String,
    /// The entries it names, best candidate first.
    pub candidates: Vec<Candidate>,
    /// Why it names several entries; None when it names at most one.
    pub ambiguity: Option<Ambiguity>,
}

/// One entry a surface form names.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Entry id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Kind of entry.
    pub kind: EntityKind,
    /// Its state.
    pub country: Option<String>,
    /// True when the form is the entry's canonical name.
    pub canonical: bool,
    /// The aliases of the entry the form matched, with their sources.
    pub via: Vec<Alias>,
}

/// Why one surface form names several entries. The KB keeps such a form pointing at every
/// candidate instead of joining the entries or picking one: a shared alias is no proof that
/// two sources mean the same thing.
#[derive(Debug, Clone, PartialEq)]
pub enum Ambiguity {
    /// The candidates are different kinds of thing (a gang and its ransomware).
    DifferentKinds(Vec<EntityKind>),
    /// Same kind, different states (the British and the Dutch NCSC).
    DifferentCountries(Vec<String>),
    /// Same kind, which the sources keep as separate entries (a group and the wider
    /// cluster one vendor files it under).
    SeparateEntries,
}

impl Explanation {
    pub(crate) fn new(query: &str, k: &str, entries: &[&KbEntry]) -> Explanation {
        let candidates: Vec<Candidate> = entries.iter().map(|e| candidate(e, k)).collect();
        let ambiguity = (candidates.len() > 1).then(|| ambiguity_of(&candidates));
        Explanation {
            query: query.to_string(),
            key: k.to_string(),
            candidates,
            ambiguity,
        }
    }

    /// True when the form names more than one entry.
    pub fn is_ambiguous(&self) -> bool {
        self.candidates.len() > 1
    }
}

fn candidate(entry: &KbEntry, k: &str) -> Candidate {
    Candidate {
        id: entry.id.clone(),
        name: entry.name.clone(),
        kind: entry.kind,
        country: entry.country.clone(),
        canonical: key(&entry.name) == k,
        via: entry
            .aliases
            .iter()
            .filter(|a| key(&a.text) == k)
            .cloned()
            .collect(),
    }
}

fn ambiguity_of(candidates: &[Candidate]) -> Ambiguity {
    let mut kinds: Vec<EntityKind> = candidates.iter().map(|c| c.kind).collect();
    kinds.sort();
    kinds.dedup();
    if kinds.len() > 1 {
        return Ambiguity::DifferentKinds(kinds);
    }
    let mut countries: Vec<String> = candidates
        .iter()
        .filter_map(|c| c.country.clone())
        .collect();
    countries.sort();
    countries.dedup();
    if countries.len() > 1 {
        return Ambiguity::DifferentCountries(countries);
    }
    Ambiguity::SeparateEntries
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.candidates.len() {
            0 => {
                return writeln!(
                    f,
                    "{:?} (key {:?}) names nothing in the KB",
                    self.query, self.key
                );
            }
            1 => writeln!(f, "{:?} names 1 entry:", self.query)?,
            n => writeln!(f, "{:?} is ambiguous: it names {n} entries:", self.query)?,
        }
        for c in &self.candidates {
            let country = c.country.as_deref().unwrap_or("no country");
            writeln!(
                f,
                "  {} \"{}\" ({}, {country})",
                c.id,
                c.name,
                c.kind.as_str()
            )?;
            for a in &c.via {
                let role = if c.canonical && a.text == c.name {
                    "canonical name"
                } else {
                    a.form.as_str()
                };
                writeln!(f, "    via {:?} ({role}) from {}", a.text, a.source)?;
            }
        }
        if let Some(why) = &self.ambiguity {
            let kept =
                "The alias is kept pointing at every candidate; none was merged because of it.";
            match why {
                Ambiguity::DifferentKinds(kinds) => {
                    let kinds: Vec<&str> = kinds.iter().map(EntityKind::as_str).collect();
                    writeln!(
                        f,
                        "  Why: the candidates are different kinds of thing ({}). {kept}",
                        kinds.join(", ")
                    )?;
                }
                Ambiguity::DifferentCountries(cs) => {
                    writeln!(
                        f,
                        "  Why: same kind of body in different states ({}). {kept}",
                        cs.join(", ")
                    )?;
                }
                Ambiguity::SeparateEntries => {
                    writeln!(
                        f,
                        "  Why: the sources list this alias under entries they keep apart. {kept}"
                    )?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Kb;

    #[test]
    fn ncsc_explanation_names_both_centres_and_why() {
        let kb = Kb::core();
        let e = kb.explain("NCSC");
        assert!(e.is_ambiguous());
        assert_eq!(
            e.ambiguity,
            Some(Ambiguity::DifferentCountries(vec![
                "GB".into(),
                "NL".into()
            ]))
        );
        let text = e.to_string();
        assert!(text.contains("agency:gb-ncsc"), "{text}");
        assert!(text.contains("agency:nl-ncsc"), "{text}");
        assert!(text.contains("different states (GB, NL)"), "{text}");
        assert!(text.contains("from core"), "{text}");
    }

    #[test]
    fn plain_name_explains_its_alias() {
        let kb = Kb::core();
        let e = kb.explain("Fancy Bear");
        assert!(!e.is_ambiguous());
        assert_eq!(e.candidates[0].id, "actor:apt28");
        assert!(
            e.to_string()
                .contains("via \"Fancy Bear\" (name) from core")
        );
    }

    #[test]
    fn unknown_name_says_so() {
        let kb = Kb::core();
        assert!(
            kb.explain("Nowhere Land")
                .to_string()
                .contains("names nothing")
        );
    }
}
