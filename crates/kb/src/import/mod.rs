//! Importing the open KB files at run time.
//!
//! [`import_dir`] reads whatever it finds of this layout (the one of `shared/kb`):
//!
//! ```text
//! DIR/mledoze-countries/countries.json
//! DIR/misp-galaxy/{threat-actor,mitre-intrusion-set,microsoft-activity-group,malpedia,tool,
//!                  ransomware,rat,botnet,intelligence-agencies,country,sector,region,
//!                  producer,surveillance-vendor,branded_vulnerability}.json
//! DIR/mitre-attack/attack-groups-software-extract.json
//! DIR/cisa-kev/known_exploited_vulnerabilities.json
//! ```
//!
//! and merges it into a base KB (normally [`Kb::core`]) with the rules of [`merge`]: a
//! cluster joins an entry when they share an external id, a canonical name or an unambiguous
//! alias, an entry takes at most one cluster per source, and aliases that several clusters
//! share are kept pointing at all of them. Aliases keep the sources that list them. The files
//! themselves are never copied into the repository; the caller saves the merged KB with
//! [`Kb::save`].
//!
//! [`Importer`] does the same one file at a time.

mod clean;
mod countries;
mod kev;
pub mod merge;
mod misp;
mod mitre;
mod report;

use std::path::Path;
use std::time::Instant;

use serde::de::DeserializeOwned;

pub use report::{AmbiguousAlias, ImportReport, SourceReport};

use crate::{Kb, KbError};
use merge::Merger;

/// MISP galaxies in the order they are merged: the ones that fix names and states first,
/// then actors from the most to the least curated, then malware, vendors and the rest.
const GALAXIES: [&str; 15] = [
    "country",
    "intelligence-agencies",
    "sector",
    "region",
    "mitre-intrusion-set",
    "threat-actor",
    "microsoft-activity-group",
    "malpedia",
    "tool",
    "rat",
    "ransomware",
    "botnet",
    "producer",
    "surveillance-vendor",
    "branded_vulnerability",
];

/// Imports every known KB file found under `dir` (see the module documentation) on top of
/// `base` and returns the merged KB with a report of what each source contributed.
///
/// `base` is normally [`Kb::core`]. Importing the same files again onto a KB that already
/// holds them is not guaranteed to be a no-op: names the first import made ambiguous no
/// longer join, so a few second names of a group may become entries of their own. Rebuild
/// from the core instead.
pub fn import_dir(dir: &Path, base: Kb) -> Result<(Kb, ImportReport), KbError> {
    let mut importer = Importer::new(base);
    let mut found = false;
    let countries = dir.join("mledoze-countries/countries.json");
    if countries.is_file() {
        importer.mledoze_countries(&countries)?;
        found = true;
    }
    let mitre = dir.join("mitre-attack/attack-groups-software-extract.json");
    if mitre.is_file() {
        importer.mitre_attack(&mitre)?;
        found = true;
    }
    for galaxy in GALAXIES {
        let path = dir.join("misp-galaxy").join(format!("{galaxy}.json"));
        if path.is_file() {
            importer.misp_galaxy(&path)?;
            found = true;
        }
    }
    let kev = dir.join("cisa-kev/known_exploited_vulnerabilities.json");
    if kev.is_file() {
        importer.cisa_kev(&kev)?;
        found = true;
    }
    if !found {
        return Err(KbError::NothingToImport {
            path: dir.to_path_buf(),
        });
    }
    Ok(importer.finish())
}

/// Merges KB files into a base KB one at a time.
pub struct Importer {
    merger: Merger,
    started: Instant,
}

impl Importer {
    /// An importer that extends `base`.
    pub fn new(base: Kb) -> Importer {
        Importer {
            merger: Merger::new(base),
            started: Instant::now(),
        }
    }

    /// Merges the mledoze `countries.json`.
    pub fn mledoze_countries(&mut self, path: &Path) -> Result<(), KbError> {
        let countries = read_json(path, "mledoze countries")?;
        self.merger.merge_batch(
            "mledoze-countries",
            "mledoze-countries",
            countries::clusters(countries),
            0,
        );
        Ok(())
    }

    /// Merges one MISP galaxy file; the galaxy is named by the file stem
    /// (`threat-actor.json` → `threat-actor`). Unknown galaxies are skipped.
    pub fn misp_galaxy(&mut self, path: &Path) -> Result<(), KbError> {
        let galaxy = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let Some(kind) = misp::galaxy_kind(galaxy) else {
            return Ok(());
        };
        let file = read_json(path, "MISP galaxy")?;
        let (clusters, skipped) = misp::clusters(galaxy, kind, file, &self.merger);
        let source = format!("misp-galaxy/{galaxy}");
        self.merger.merge_batch(&source, &source, clusters, skipped);
        Ok(())
    }

    /// Merges the MITRE ATT&CK STIX extract.
    pub fn mitre_attack(&mut self, path: &Path) -> Result<(), KbError> {
        let bundle = read_json(path, "STIX bundle")?;
        let extract = mitre::clusters(bundle);
        self.merger.revoked_attack_ids(extract.revoked);
        self.merger.merge_batch(
            "mitre-attack",
            "mitre-attack",
            extract.clusters,
            extract.skipped,
        );
        Ok(())
    }

    /// Merges the CISA KEV catalogue.
    pub fn cisa_kev(&mut self, path: &Path) -> Result<(), KbError> {
        let catalogue = read_json(path, "CISA KEV")?;
        kev::merge(catalogue, &mut self.merger);
        Ok(())
    }

    /// The merged KB and the report.
    pub fn finish(self) -> (Kb, ImportReport) {
        let elapsed = self.started.elapsed();
        let (kb, mut report) = self.merger.into_kb();
        report.elapsed = elapsed;
        (kb, report)
    }
}

fn read_json<T: DeserializeOwned>(path: &Path, what: &'static str) -> Result<T, KbError> {
    let bytes = std::fs::read(path).map_err(|source| KbError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|source| KbError::Json {
        path: path.to_path_buf(),
        what,
        source,
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::OnceLock;

    use super::*;
    use crate::AliasForm;

    /// The open KB files beside the repository (`../shared/kb`).
    fn shared_kb_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/kb")
    }

    /// Core + the shared files, imported once for all tests; None (with a message) when the
    /// files are absent.
    fn imported() -> Option<&'static (Kb, ImportReport)> {
        static IMPORTED: OnceLock<Option<(Kb, ImportReport)>> = OnceLock::new();
        let result = IMPORTED.get_or_init(|| {
            let dir = shared_kb_dir();
            if !dir.is_dir() {
                return None;
            }
            Some(import_dir(&dir, Kb::core()).expect("shared KB imports"))
        });
        if result.is_none() {
            eprintln!("skipped: {} is absent", shared_kb_dir().display());
        }
        result.as_ref()
    }

    #[test]
    fn apt31_gets_zirconium_attack_id_and_sponsor() {
        let Some((kb, _)) = imported() else { return };
        let apt31 = kb.get("actor:apt31").unwrap();
        assert_eq!(apt31.external_ids["mitre-attack"], "G0128");
        assert_eq!(apt31.country.as_deref(), Some("CN"));
        let zirconium = apt31
            .aliases
            .iter()
            .find(|a| a.text == "ZIRCONIUM")
            .unwrap();
        assert!(
            zirconium.sources().any(|s| s == "mitre-attack"),
            "{}",
            zirconium.source
        );
        assert!(
            apt31
                .sources
                .iter()
                .any(|s| s == "misp-galaxy/threat-actor")
        );
        assert_eq!(kb.lookup("Violet Typhoon")[0].id, "actor:apt31");
    }

    #[test]
    fn alias_shared_by_two_groups_keeps_both_candidates() {
        let Some((kb, report)) = imported() else {
            return;
        };
        let explained = kb.explain("Andariel");
        let ids: Vec<&str> = explained.candidates.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["actor:andariel", "actor:lazarus"]);
        assert!(explained.to_string().contains("keep apart"), "{explained}");
        let gaz = kb.gazetteer();
        let found = gaz.find("Analysts linked Andariel to the intrusion.");
        assert_eq!(found[0].ids, ["actor:andariel", "actor:lazarus"]);
        assert!(
            report
                .ambiguous_actor_aliases()
                .any(|a| a.alias == "Andariel")
        );
    }

    #[test]
    fn threat_actor_galaxy_lists_some_aliases_under_two_groups() {
        let Some((_, report)) = imported() else {
            return;
        };
        let source = report
            .sources
            .iter()
            .find(|s| s.source == "misp-galaxy/threat-actor")
            .unwrap();
        let n = source.ambiguous_within.len();
        eprintln!(
            "misp-galaxy/threat-actor: {n} alias keys under two or more clusters: {:?}",
            source.ambiguous_within
        );
        assert!((20..=40).contains(&n), "{n}");
        assert!(
            source
                .ambiguous_within
                .iter()
                .any(|a| a.eq_ignore_ascii_case("nobelium"))
        );
    }

    #[test]
    fn import_keeps_core_decisions() {
        let Some((kb, _)) = imported() else { return };
        let mut ncsc: Vec<&str> = kb.lookup("NCSC").iter().map(|e| e.id.as_str()).collect();
        ncsc.sort();
        assert!(
            ncsc.contains(&"agency:gb-ncsc") && ncsc.contains(&"agency:nl-ncsc"),
            "{ncsc:?}"
        );
        assert_eq!(kb.country_of_demonym("American"), Some("US"));
        assert_eq!(kb.country_of_demonym("Chinese"), Some("CN"));
        assert_eq!(kb.lookup("Fancy Bear")[0].id, "actor:apt28");
        assert_eq!(kb.lookup("Coathanger")[0].id, "malware:coathanger");
        let gaz = kb.gazetteer();
        assert!(gaz.find("Fancy dress is fancy.").is_empty());
    }

    #[test]
    fn shared_iso_codes_are_the_core_codes() {
        let Some((kb, _)) = imported() else { return };
        let core: Vec<String> = Kb::core()
            .entries()
            .iter()
            .filter(|e| e.kind == crate::EntityKind::Country)
            .map(|e| e.id.clone())
            .collect();
        for id in &core {
            let entry = kb.get(id).unwrap();
            assert!(
                entry.sources.iter().any(|s| s == "mledoze-countries"),
                "{id} not in mledoze"
            );
        }
        let nl = kb.get("country:NL").unwrap();
        assert!(
            nl.aliases
                .iter()
                .any(|a| a.text == "Dutch" && a.form == AliasForm::Demonym)
        );
        // A territory stays filed under its state after the country list is merged in.
        assert_eq!(kb.get("country:GU").unwrap().country.as_deref(), Some("US"));
    }

    #[test]
    fn kev_products_link_vendors_and_cves() {
        let Some((kb, _)) = imported() else { return };
        let log4shell = kb.lookup("Log4Shell")[0];
        assert_eq!(log4shell.id, "vuln:cve-2021-44228");
        assert!(log4shell.sources.iter().any(|s| s == "cisa-kev"));
        let fortios = kb.get("product:fortios").unwrap();
        assert_eq!(fortios.external_ids["vendor"], "company:fortinet");
    }

    #[test]
    fn imported_kb_round_trips_and_ids_are_unique() {
        let Some((kb, _)) = imported() else { return };
        let mut ids = std::collections::HashSet::new();
        for e in kb.entries() {
            assert!(ids.insert(&e.id), "duplicate id {}", e.id);
            let mut texts = std::collections::HashSet::new();
            assert!(
                e.aliases.iter().all(|a| texts.insert(&a.text)),
                "{} repeats an alias",
                e.id
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.json");
        kb.save(&path).unwrap();
        assert_eq!(Kb::load(&path).unwrap().entries().len(), kb.entries().len());
    }

    #[test]
    fn reimporting_attack_adds_nothing() {
        let Some((kb, _)) = imported() else { return };
        let path = shared_kb_dir().join("mitre-attack/attack-groups-software-extract.json");
        let mut importer = Importer::new(kb.clone());
        importer.mitre_attack(&path).unwrap();
        let (again, report) = importer.finish();
        assert_eq!(again.entries().len(), kb.entries().len());
        assert_eq!(report.sources[0].added, 0);
        assert_eq!(report.sources[0].aliases_added, 0);
    }
}
