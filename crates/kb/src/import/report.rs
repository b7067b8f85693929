//! What an import did, per source.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

/// The outcome of an import: per source, how many clusters were read, merged into existing
/// entries or added as new ones, how many aliases they brought, and which alias strings are
/// ambiguous. `Display` prints it as a table for the CLI.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    /// One line per source file (or part of one), in import order.
    pub sources: Vec<SourceReport>,
    /// Entries in the base KB.
    pub entries_before: usize,
    /// Entries after the import.
    pub entries_after: usize,
    /// Every alias key of the merged KB that names more than one entry.
    pub ambiguous: Vec<AmbiguousAlias>,
    /// Wall time of the import.
    #[serde(serialize_with = "seconds")]
    pub elapsed: Duration,
}

/// What one source contributed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SourceReport {
    /// Source name, as recorded on aliases (`misp-galaxy/threat-actor`, `mitre-attack`, ...).
    pub source: String,
    /// Clusters (records) read.
    pub clusters: usize,
    /// Clusters that became new entries.
    pub added: usize,
    /// Clusters merged into an existing entry.
    pub merged: usize,
    /// Aliases new to the entries they joined.
    pub aliases_added: usize,
    /// Records skipped (revoked, deprecated, unusable).
    pub skipped: usize,
    /// Alias strings that this source itself lists under more than one cluster; they are
    /// never used to join, and end up naming all those clusters' entries.
    pub ambiguous_within: Vec<String>,
}

/// An alias key of the merged KB that names several entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AmbiguousAlias {
    /// The alias as one of its entries writes it.
    pub alias: String,
    /// The entries it names, in KB order.
    pub ids: Vec<String>,
    /// True when all the entries are of the same family of kinds (e.g. all threat actors):
    /// two groups sharing a name, rather than a gang and its ransomware.
    pub same_kind: bool,
    /// The kind of the first entry (`threat-actor`, `malware`, ...).
    pub kind: String,
}

fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

impl ImportReport {
    /// Ambiguous aliases whose candidates are all of one family of kinds.
    pub fn same_kind_ambiguous(&self) -> impl Iterator<Item = &AmbiguousAlias> {
        self.ambiguous.iter().filter(|a| a.same_kind)
    }

    /// Aliases naming two or more threat actors in the merged KB.
    pub fn ambiguous_actor_aliases(&self) -> impl Iterator<Item = &AmbiguousAlias> {
        self.same_kind_ambiguous()
            .filter(|a| a.kind == "threat-actor")
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<38} {:>8} {:>7} {:>7} {:>8} {:>7} {:>9}",
            "source", "clusters", "added", "merged", "aliases", "skipped", "ambiguous"
        )?;
        for s in &self.sources {
            writeln!(
                f,
                "{:<38} {:>8} {:>7} {:>7} {:>8} {:>7} {:>9}",
                s.source,
                s.clusters,
                s.added,
                s.merged,
                s.aliases_added,
                s.skipped,
                s.ambiguous_within.len()
            )?;
        }
        writeln!(
            f,
            "entries: {} before, {} after; took {:.2} s",
            self.entries_before,
            self.entries_after,
            self.elapsed.as_secs_f64()
        )?;
        let same_kind = self.same_kind_ambiguous().count();
        let actors: Vec<&AmbiguousAlias> = self.ambiguous_actor_aliases().collect();
        writeln!(
            f,
            "ambiguous aliases in the merged KB: {} ({} between entries of one kind, {} between threat actors)",
            self.ambiguous.len(),
            same_kind,
            actors.len()
        )?;
        const SHOWN: usize = 40;
        for a in actors.iter().take(SHOWN) {
            writeln!(f, "  {:?}: {}", a.alias, a.ids.join(", "))?;
        }
        if actors.len() > SHOWN {
            writeln!(f, "  ... and {} more", actors.len() - SHOWN)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_prints_a_row_per_source_and_the_ambiguities() {
        let report = ImportReport {
            sources: vec![SourceReport {
                source: "misp-galaxy/threat-actor".into(),
                clusters: 3,
                added: 1,
                merged: 2,
                aliases_added: 7,
                skipped: 0,
                ambiguous_within: vec!["Nobelium".into()],
            }],
            entries_before: 10,
            entries_after: 11,
            ambiguous: vec![AmbiguousAlias {
                alias: "Nobelium".into(),
                ids: vec!["actor:apt29".into(), "actor:unc2452".into()],
                same_kind: true,
                kind: "threat-actor".into(),
            }],
            elapsed: Duration::from_millis(1500),
        };
        let text = report.to_string();
        assert!(text.contains("misp-galaxy/threat-actor"), "{text}");
        assert!(text.contains("10 before, 11 after"), "{text}");
        assert!(
            text.contains("\"Nobelium\": actor:apt29, actor:unc2452"),
            "{text}"
        );
        assert!(text.contains("1 between threat actors"), "{text}");
    }
}
