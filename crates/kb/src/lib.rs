//! The knowledge base of dossier: which names refer to which states, agencies, threat actors,
//! malware, tools, vendors, products, vulnerabilities and sectors, and a gazetteer that finds
//! those names in article text.
//!
//! A [`Kb`] is a list of [`KbEntry`]s, each with a stable id (`country:CN`, `agency:nl-mivd`,
//! `actor:apt31`, `malware:coathanger`), a canonical name, a [`EntityKind`], the ISO 3166-1
//! code of the state it belongs to or acts for, and [`Alias`]es that record their
//! [`AliasForm`] (name, acronym, demonym, capital) and the source that gave them.
//! [`Kb::core`] is the hand-written KB shipped in `data/*.tsv`; [`import`] merges the open
//! KB files (MISP galaxies, MITRE ATT&CK, mledoze countries, CISA KEV) on top of it at run time,
//! and [`Kb::save`]/[`Kb::load`] keep the result as JSON.
//!
//! Lookups are by a normalised surface form ([`normalize::key`]): case, diacritics,
//! punctuation, a leading "the" and a trailing possessive do not matter. An alias may name
//! several entries ("NCSC" is both the British and the Dutch centre); such aliases are kept
//! ambiguous rather than resolved, and [`Kb::explain`] says why.
//!
//! [`Kb::gazetteer`] builds a [`Gazetteer`] once: an Aho-Corasick automaton over every alias,
//! with word boundaries and case rules that keep common words ("Will", "Fancy", "Exchange")
//! from firing where they are not names. See [`gazetteer`] for the rules.
//!
//! ```
//! use dossier_kb::Kb;
//! let kb = Kb::core();
//! assert_eq!(kb.country_of_demonym("Chinese"), Some("CN"));
//! let gaz = kb.gazetteer();
//! let hits = gaz.find("Fancy Bear was blamed by the Kremlin's critics.");
//! assert_eq!(hits[0].ids, vec!["actor:apt28".to_string()]);
//! ```

mod core;
mod entry;
pub mod explain;
pub mod gazetteer;
pub mod import;
mod kb;
pub mod normalize;
mod words;

use std::path::PathBuf;

pub use dossier_model::EntityKind;
pub use entry::{Alias, AliasForm, KbEntry};
pub use explain::Explanation;
pub use gazetteer::{GazMatch, Gazetteer};
pub use import::{ImportReport, Importer, import_dir};
pub use kb::Kb;

/// What can go wrong reading, writing or importing a KB.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A file could not be read or written.
    #[error("cannot access {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file is not the JSON it should be.
    #[error("{path} is not valid {what} JSON: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// What the file was expected to hold (a KB, a MISP galaxy, ...).
        what: &'static str,
        /// The parser's error.
        source: serde_json::Error,
    },
    /// A KB file was written by an incompatible version.
    #[error(
        "{path} has KB format {found:?}, expected {expected:?}; re-run the import to rebuild it"
    )]
    Format {
        /// The file.
        path: PathBuf,
        /// The format tag found.
        found: String,
        /// The format tag this version reads.
        expected: &'static str,
    },
    /// A line of the shipped data is malformed (caught by the crate's tests).
    #[error("data/{file} line {line}: {message}")]
    Data {
        /// The data file.
        file: &'static str,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// An import directory holds none of the files the importer knows.
    #[error(
        "{path} holds no known KB source (expected misp-galaxy/, mitre-attack/, mledoze-countries/ or cisa-kev/)"
    )]
    NothingToImport {
        /// The directory.
        path: PathBuf,
    },
}
