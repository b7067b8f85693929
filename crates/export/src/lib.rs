//! Exports of the dossier record in formats that other tools already consume.
//!
//! [`export`] writes the selected incidents and the articles behind them as one of:
//!
//! - [`Format::Stix`]: a STIX 2.1 bundle (reports, identities, locations, intrusion sets and
//!   threat actors, malware, vulnerabilities, indicators, incidents, relationships, opinions
//!   for denials and notes for responses and hedges) for OpenCTI and other TAXII/STIX tools;
//! - [`Format::Misp`]: MISP event JSON, one event per incident, for MISP and PyMISP;
//! - [`Format::Csv`]: one row per incident shaped like EuRepoC-style incident datasets;
//! - [`Format::Plover`]: one CSV row per event, coded in the PLOVER/POLECAT style.
//!
//! Every export is a pure function of its input: identifiers are UUIDv5 of stable keys and
//! timestamps come from article dates, never from the clock, so exporting the same record
//! twice gives byte-identical output and re-importing a later export updates objects
//! rather than duplicating them. `docs/interop.md` documents the field mappings.

mod confidence;
mod ids;
mod misp;
mod plover;
mod select;
mod stix;
mod table;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use dossier_kb::Kb;
use dossier_model::incident::Incident;
use dossier_model::{Document, PartialDate};

pub use confidence::confidence_of_hedge;
pub use ids::{NAMESPACE, stix_id};
pub use plover::{PloverCode, plover_code};
pub use table::INCIDENT_COLUMNS;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A STIX 2.1 bundle (JSON).
    Stix,
    /// MISP event JSON in the shape of MISP's REST responses (`{"response": [{"Event": ..}]}`).
    Misp,
    /// One CSV row per incident (EuRepoC-like columns).
    Csv,
    /// One CSV row per event, PLOVER/POLECAT-style.
    Plover,
}

impl Format {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [Format; 4] = [Format::Stix, Format::Misp, Format::Csv, Format::Plover];

    /// The name used on the command line.
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Stix => "stix",
            Format::Misp => "misp",
            Format::Csv => "csv",
            Format::Plover => "plover",
        }
    }

    /// The usual file extension of the format.
    pub fn extension(&self) -> &'static str {
        match self {
            Format::Stix | Format::Misp => "json",
            Format::Csv | Format::Plover => "csv",
        }
    }
}

impl FromStr for Format {
    type Err = ExportError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| ExportError::UnknownFormat(s.to_string()))
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What to export.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportOptions {
    /// Only this incident (and the articles that report it).
    pub incident: Option<String>,
    /// Only incidents first reported on or after this date, and articles published on or
    /// after it (plus the articles those incidents cite). Undated incidents are left out.
    pub since: Option<PartialDate>,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The format name is not one of `stix`, `misp`, `csv`, `plover`.
    #[error("unknown export format {0:?} (expected stix, misp, csv or plover)")]
    UnknownFormat(String),
    /// `--incident` names no incident of the record.
    #[error("no incident with id {0:?}")]
    UnknownIncident(String),
    /// Writing the output failed.
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
    /// Serialising JSON failed.
    #[error("serialising JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing CSV failed.
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// Write `docs` and `incidents`, narrowed by `opts`, to `out` in `format`.
///
/// `incidents` are the records `dossier_stories::incidents(docs)` builds; `kb` supplies
/// aliases and external ids (ATT&CK ids, CVE ids) of linked entities.
pub fn export(
    format: Format,
    docs: &[Document],
    incidents: &[Incident],
    kb: &Kb,
    opts: &ExportOptions,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let sel = select::Selection::new(docs, incidents, opts)?;
    match format {
        Format::Stix => {
            let bundle = stix::bundle(&sel, kb);
            write_json(&bundle, out)
        }
        Format::Misp => {
            let events: Vec<_> = sel
                .incidents
                .iter()
                .map(|i| misp::event(i, &sel, kb))
                .collect();
            write_json(&misp::response(events), out)
        }
        Format::Csv => table::write_incidents(&sel, out),
        Format::Plover => plover::write_events(&sel, out),
    }
}

/// Write one MISP event file per selected incident into `dir` (created if missing), named
/// `<incident id>.json`, each `{"Event": {...}}` as MISP's "Add event from JSON" and
/// PyMISP's `MISPEvent.load_file` take it. Returns the paths written, in incident order.
pub fn export_misp_dir(
    docs: &[Document],
    incidents: &[Incident],
    kb: &Kb,
    opts: &ExportOptions,
    dir: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    let sel = select::Selection::new(docs, incidents, opts)?;
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for incident in &sel.incidents {
        let path = dir.join(format!("{}.json", ids::file_safe(&incident.id)));
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
        write_json(&misp::event(incident, &sel, kb), &mut file)?;
        file.flush()?;
        written.push(path);
    }
    Ok(written)
}

/// Pretty JSON with a final newline.
fn write_json(value: &serde_json::Value, out: &mut dyn Write) -> Result<(), ExportError> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_parse_case_insensitively() {
        assert_eq!("STIX".parse::<Format>().ok(), Some(Format::Stix));
        assert_eq!(" plover ".parse::<Format>().ok(), Some(Format::Plover));
        assert!(matches!(
            "taxii".parse::<Format>(),
            Err(ExportError::UnknownFormat(_))
        ));
        for f in Format::ALL {
            assert_eq!(f.to_string().parse::<Format>().ok(), Some(f));
        }
    }
}
