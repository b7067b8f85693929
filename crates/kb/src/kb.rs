//! The KB: entries plus the indexes that answer lookups.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use dossier_model::EntityKind;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::KbError;
use crate::entry::{AliasForm, KbEntry};
use crate::explain::Explanation;
use crate::gazetteer::Gazetteer;
use crate::normalize::key;

/// The format tag written into saved KB files.
const FORMAT: &str = "dossier-kb/1";

/// The knowledge base: entries and the indexes over their ids and alias keys.
///
/// Build it with [`Kb::core`] (the shipped data), [`Kb::load`] (a saved, imported KB) or
/// [`crate::import_dir`]. It serialises as `{"format": "dossier-kb/1", "entries": [...]}`;
/// the indexes are rebuilt on load.
#[derive(Debug, Clone, Default)]
pub struct Kb {
    entries: Vec<KbEntry>,
    by_id: HashMap<String, usize>,
    by_key: HashMap<String, Vec<usize>>,
}

impl Kb {
    /// A KB of the given entries. Ids should be unique; for a repeated id [`Kb::get`]
    /// answers the first.
    pub fn from_entries(entries: Vec<KbEntry>) -> Kb {
        let mut kb = Kb {
            entries,
            ..Kb::default()
        };
        kb.reindex();
        kb
    }

    /// The KB shipped with dossier (`crates/kb/data/*.tsv`): all ISO 3166-1 states, about
    /// 150 agencies and governments, about 90 threat actors, 80 malware families and tools,
    /// 110 vendors and products, branded vulnerabilities, sectors and regions, about 500
    /// places inside states (subdivisions and large cities), people, well-known victims, news
    /// organisations and research groups.
    ///
    /// Never panics: the data is checked by this crate's tests, and should a line ever be
    /// malformed the KB is built from the lines that are not.
    pub fn core() -> Kb {
        Kb::from_entries(crate::core::entries_lenient())
    }

    /// Reads a KB saved by [`Kb::save`].
    pub fn load(path: &Path) -> Result<Kb, KbError> {
        let text = std::fs::read_to_string(path).map_err(|source| KbError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let file: KbFile = serde_json::from_str(&text).map_err(|source| KbError::Json {
            path: path.to_path_buf(),
            what: "KB",
            source,
        })?;
        if file.format != FORMAT {
            return Err(KbError::Format {
                path: path.to_path_buf(),
                found: file.format,
                expected: FORMAT,
            });
        }
        Ok(Kb::from_entries(file.entries))
    }

    /// Writes the KB as JSON, creating the parent directory if needed.
    pub fn save(&self, path: &Path) -> Result<(), KbError> {
        let io_err = |source| KbError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io_err)?;
        }
        let file = std::fs::File::create(path).map_err(io_err)?;
        let mut out = std::io::BufWriter::new(file);
        serde_json::to_writer(&mut out, self).map_err(|source| KbError::Json {
            path: path.to_path_buf(),
            what: "KB",
            source,
        })?;
        std::io::Write::flush(&mut out).map_err(io_err)
    }

    /// Where the imported KB lives: `$DOSSIER_KB` if set, else
    /// `$XDG_DATA_HOME/dossier/kb.json`, else `~/.local/share/dossier/kb.json`.
    pub fn default_path() -> PathBuf {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        if let Some(path) = var("DOSSIER_KB") {
            return PathBuf::from(path);
        }
        let data_home = var("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".local/share")))
            .unwrap_or_else(|| PathBuf::from("."));
        data_home.join("dossier").join("kb.json")
    }

    /// The KB at [`Kb::default_path`] if that file exists, else [`Kb::core`].
    pub fn load_default() -> Result<Kb, KbError> {
        let path = Kb::default_path();
        if path.exists() {
            Kb::load(&path)
        } else {
            Ok(Kb::core())
        }
    }

    /// Every entry, in KB order (core entries first).
    pub fn entries(&self) -> &[KbEntry] {
        &self.entries
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&KbEntry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// Every entry a surface form names, best candidate first (see [`Kb::explain`] for why
    /// there may be several). The form is normalised with [`key`]: "the Netherlands",
    /// "NETHERLANDS" and "Netherlands" find the same entry.
    pub fn lookup(&self, name: &str) -> Vec<&KbEntry> {
        self.ranked(&key(name))
            .into_iter()
            .map(|i| &self.entries[i])
            .collect()
    }

    /// Which entries a surface form names, through which alias and source, and why it is
    /// ambiguous when it names several.
    pub fn explain(&self, name: &str) -> Explanation {
        let k = key(name);
        let candidates = self
            .ranked(&k)
            .into_iter()
            .map(|i| &self.entries[i])
            .collect::<Vec<_>>();
        Explanation::new(name, &k, &candidates)
    }

    /// The ISO code of the state a demonym or adjective names ("Chinese" → "CN",
    /// "North Korean" → "KP", "Russians" → "RU"); None when the word is no demonym or names
    /// several states ("Congolese").
    pub fn country_of_demonym(&self, word: &str) -> Option<&str> {
        let k = key(word);
        let mut found: Option<&str> = None;
        for &i in self.by_key.get(&k)? {
            let entry = &self.entries[i];
            let is_demonym = entry
                .aliases
                .iter()
                .any(|a| a.form == AliasForm::Demonym && key(&a.text) == k);
            if entry.kind != EntityKind::Country || !is_demonym {
                continue;
            }
            let code = entry.country.as_deref()?;
            match found {
                Some(other) if other != code => return None,
                _ => found = Some(code),
            }
        }
        found
    }

    /// A gazetteer over every alias of the KB. Building it takes a moment on an imported KB:
    /// build it once and share it (it is `Send + Sync`).
    pub fn gazetteer(&self) -> Gazetteer {
        Gazetteer::new(self)
    }

    /// Entry indexes for a key, best candidate first: the entry whose canonical name it is,
    /// then entries whose matching alias more sources agree on, then KB order.
    pub(crate) fn ranked(&self, k: &str) -> Vec<usize> {
        let Some(found) = self.by_key.get(k) else {
            return Vec::new();
        };
        let mut ranked: Vec<(bool, usize, usize)> = found
            .iter()
            .map(|&i| {
                let entry = &self.entries[i];
                let canonical = key(&entry.name) == k;
                let support = entry
                    .aliases
                    .iter()
                    .filter(|a| key(&a.text) == k)
                    .map(|a| a.sources().count())
                    .max()
                    .unwrap_or(0);
                (canonical, support, i)
            })
            .collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        ranked.into_iter().map(|(_, _, i)| i).collect()
    }

    /// Gives the entries up, for the importer to extend.
    pub(crate) fn into_entries(self) -> Vec<KbEntry> {
        self.entries
    }

    fn reindex(&mut self) {
        self.by_id.clear();
        self.by_key.clear();
        for (i, entry) in self.entries.iter().enumerate() {
            self.by_id.entry(entry.id.clone()).or_insert(i);
            let names = std::iter::once(entry.name.as_str())
                .chain(entry.aliases.iter().map(|a| a.text.as_str()));
            for text in names {
                let k = key(text);
                if k.is_empty() {
                    continue;
                }
                let slot = self.by_key.entry(k).or_default();
                if slot.last() != Some(&i) {
                    slot.push(i);
                }
            }
        }
    }
}

/// The serialised form, borrowed for writing.
#[derive(Serialize)]
struct KbFileRef<'a> {
    format: &'static str,
    entries: &'a [KbEntry],
}

/// The serialised form, owned for reading.
#[derive(Deserialize)]
struct KbFile {
    format: String,
    entries: Vec<KbEntry>,
}

impl Serialize for Kb {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        KbFileRef {
            format: FORMAT,
            entries: &self.entries,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Kb {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let file = KbFile::deserialize(deserializer)?;
        if file.format != FORMAT {
            return Err(serde::de::Error::custom(format!(
                "KB format {:?}, expected {FORMAT:?}",
                file.format
            )));
        }
        Ok(Kb::from_entries(file.entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_forgives_case_and_article() {
        let kb = Kb::core();
        let ids = |q: &str| {
            kb.lookup(q)
                .iter()
                .map(|e| e.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("the Netherlands"), ["country:NL"]);
        assert_eq!(ids("HOLLAND"), ["country:NL"]);
        assert_eq!(ids("apt 31"), ["actor:apt31"]);
        assert_eq!(ids("Zirconium"), ["actor:apt31"]);
        assert!(ids("no such thing").is_empty());
    }

    #[test]
    fn demonyms_give_their_state() {
        let kb = Kb::core();
        assert_eq!(kb.country_of_demonym("Chinese"), Some("CN"));
        assert_eq!(kb.country_of_demonym("Dutch"), Some("NL"));
        assert_eq!(kb.country_of_demonym("North Korean"), Some("KP"));
        assert_eq!(kb.country_of_demonym("Russians"), Some("RU"));
        assert_eq!(kb.country_of_demonym("China"), None);
        assert_eq!(kb.country_of_demonym("Congolese"), None, "two states");
    }

    #[test]
    fn save_and_load_round_trip() {
        let kb = Kb::core();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/kb.json");
        kb.save(&path).unwrap();
        let back = Kb::load(&path).unwrap();
        assert_eq!(back.entries(), kb.entries());
        assert_eq!(
            back.get("agency:nl-mivd").unwrap().name,
            kb.get("agency:nl-mivd").unwrap().name
        );
        assert_eq!(back.lookup("MIVD").len(), 1);
    }

    #[test]
    fn load_rejects_another_format() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.json");
        std::fs::write(&path, r#"{"format":"dossier-kb/0","entries":[]}"#).unwrap();
        assert!(matches!(Kb::load(&path), Err(KbError::Format { .. })));
    }

    #[test]
    fn load_of_missing_file_names_the_path() {
        let err = Kb::load(Path::new("/nonexistent/kb.json")).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/kb.json"));
    }
}
