//! Joining imported clusters to KB entries.
//!
//! Every source file is merged as one batch of clusters. A cluster joins an existing
//! entry of the same family of kinds when they share
//!
//! * an external id (ATT&CK id, CVE, ISO code, MISP uuid from an earlier import),
//! * a canonical name (the cluster's name is the entry's name or one of its aliases, or the
//!   entry's name is one of the cluster's), or
//! * an **unambiguous** alias: one that this source lists under this cluster only and that
//!   names exactly one entry of the family in the KB.
//!
//! Candidates are scored (external id 100, equal names 50, name among the other's aliases 30,
//! each unambiguous shared alias 2; a conflicting ATT&CK id subtracts 60; different states or
//! vendors rule the pair out) and pairs are assigned best score first. An entry takes at most
//! one cluster per batch: two clusters the same source keeps apart stay apart, even when they
//! share aliases. Clusters left without a partner become new entries. An alias shared by
//! several clusters never joins anything; after the merge it simply names every entry that
//! lists it, which is how the KB records ambiguity.

use std::collections::{BTreeMap, HashMap, HashSet};

use dossier_model::EntityKind;

use super::clean;
use super::report::{AmbiguousAlias, ImportReport, SourceReport};
use crate::Kb;
use crate::entry::{Alias, AliasForm, KbEntry, id_prefix};
use crate::normalize::key;

/// External id schemes that identify the same thing across sources.
const JOIN_KEYS: [&str; 3] = ["mitre-attack", "cve", "iso3166-alpha2"];

/// One imported record, before merging.
#[derive(Debug, Clone)]
pub(crate) struct Cluster {
    pub name: String,
    pub kind: EntityKind,
    pub country: Option<String>,
    pub aliases: Vec<(String, AliasForm)>,
    pub ext: Vec<(String, String)>,
    pub description: Option<String>,
}

impl Cluster {
    pub(crate) fn new(name: &str, kind: EntityKind) -> Cluster {
        Cluster {
            name: name.to_string(),
            kind,
            country: None,
            aliases: Vec::new(),
            ext: Vec::new(),
            description: None,
        }
    }

    /// Adds an alias after cleaning; ATT&CK ids go to the external ids instead.
    pub(crate) fn alias(&mut self, raw: &str, form: AliasForm) {
        let raw = raw.trim();
        if clean::is_attack_id(raw) {
            self.ext_id("mitre-attack", raw);
        } else if let Some(text) = clean::alias(raw)
            && text != self.name
            && !self.aliases.iter().any(|(t, _)| *t == text)
        {
            self.aliases.push((text, form));
        }
    }

    /// Adds an alias whose form follows from its shape.
    pub(crate) fn name_alias(&mut self, raw: &str) {
        let form = AliasForm::of_name(raw.trim());
        self.alias(raw, form);
    }

    pub(crate) fn ext_id(&mut self, scheme: &str, value: &str) {
        let pair = (scheme.to_string(), value.trim().to_string());
        if !pair.1.is_empty() && !self.ext.contains(&pair) {
            self.ext.push(pair);
        }
    }

    /// The distinct lookup keys of the name and aliases.
    fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(|(t, _)| t.as_str()))
            .map(key)
            .filter(|k| !k.is_empty())
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }
}

/// Families of kinds that may be merged with each other.
fn family(kind: EntityKind) -> u8 {
    match kind {
        EntityKind::Country => 0,
        EntityKind::Agency
        | EntityKind::Military
        | EntityKind::Government
        | EntityKind::Organization => 1,
        EntityKind::ThreatActor => 2,
        EntityKind::Malware | EntityKind::Tool => 3,
        EntityKind::Company => 4,
        EntityKind::Product => 5,
        EntityKind::Vulnerability => 6,
        EntityKind::Sector => 7,
        EntityKind::Location => 8,
        EntityKind::Person => 9,
    }
}

/// The KB under construction plus its indexes.
pub(crate) struct Merger {
    entries: Vec<KbEntry>,
    by_key: HashMap<String, Vec<usize>>,
    by_ext: HashMap<String, Vec<usize>>,
    ids: HashSet<String>,
    revoked: HashMap<String, String>,
    pub(crate) report: ImportReport,
}

impl Merger {
    pub(crate) fn new(base: Kb) -> Merger {
        let entries = base.into_entries();
        let mut merger = Merger {
            entries: Vec::with_capacity(entries.len()),
            by_key: HashMap::new(),
            by_ext: HashMap::new(),
            ids: HashSet::new(),
            revoked: HashMap::new(),
            report: ImportReport::default(),
        };
        merger.report.entries_before = entries.len();
        for entry in entries {
            merger.push(entry);
        }
        merger
    }

    pub(crate) fn into_kb(self) -> (Kb, ImportReport) {
        let mut report = self.report;
        report.entries_after = self.entries.len();
        report.ambiguous = ambiguous_aliases(&self.entries, &self.by_key);
        (Kb::from_entries(self.entries), report)
    }

    /// The entry at an index.
    pub(crate) fn entry(&self, i: usize) -> &KbEntry {
        &self.entries[i]
    }

    /// The ISO code of a state named in any way the KB knows ("Russian Federation", "UK",
    /// "China"); None when unknown or ambiguous.
    pub(crate) fn country_code(&self, name: &str) -> Option<String> {
        let name = name.trim();
        let name = if name == "UK" { "GB" } else { name };
        if name.len() == 2 && name.bytes().all(|b| b.is_ascii_uppercase()) {
            let id = format!("country:{name}");
            return self.ids.contains(&id).then(|| name.to_string());
        }
        let mut codes = self
            .by_key
            .get(&key(name))?
            .iter()
            .map(|&i| &self.entries[i])
            .filter(|e| e.kind == EntityKind::Country)
            .filter_map(|e| e.country.clone());
        let first = codes.next()?;
        codes.all(|c| c == first).then_some(first)
    }

    /// Records ATT&CK ids that were revoked in favour of others; clusters of later batches
    /// that still carry an old id are read with the new one (MISP files lag behind ATT&CK).
    pub(crate) fn revoked_attack_ids(&mut self, revoked: HashMap<String, String>) {
        self.revoked.extend(revoked);
    }

    /// Merges one source's clusters; returns, per cluster, the index of the entry it became
    /// part of. `source` is recorded on entries and aliases; the report row is `label`.
    pub(crate) fn merge_batch(
        &mut self,
        source: &str,
        label: &str,
        mut clusters: Vec<Cluster>,
        skipped: usize,
    ) -> Vec<usize> {
        let before = clusters.len();
        clusters.retain(|c| !self.names_a_state_instead(c));
        let skipped = skipped + before - clusters.len();
        for cluster in &mut clusters {
            self.current_attack_ids(cluster);
            self.drop_state_names(cluster);
        }
        let mut report = SourceReport {
            source: label.to_string(),
            clusters: clusters.len(),
            skipped,
            ..SourceReport::default()
        };
        let keys: Vec<Vec<String>> = clusters.iter().map(Cluster::keys).collect();
        let shared = keys_shared_within(&clusters, &keys);
        report.ambiguous_within = shared.values().cloned().collect();
        report.ambiguous_within.sort();
        let assignment = self.assign(&clusters, &keys, &shared);
        // Clusters that won their entry are applied first, so the entry takes their external
        // ids rather than those of a second name filed by the same source.
        let mut order: Vec<usize> = (0..clusters.len()).collect();
        order.sort_by_key(|&ci| !matches!(assignment[ci], Some((_, true))));
        let mut slots: Vec<Option<Cluster>> = clusters.into_iter().map(Some).collect();
        let mut placed = vec![0; slots.len()];
        for ci in order {
            let Some(cluster) = slots[ci].take() else {
                continue;
            };
            placed[ci] = match assignment[ci] {
                Some((i, _)) => {
                    report.merged += 1;
                    report.aliases_added += self.merge_into(i, cluster, source);
                    i
                }
                None => {
                    report.added += 1;
                    self.add_new(cluster, source)
                }
            };
        }
        self.report.sources.push(report);
        placed
    }

    /// True for a cluster that is no state or place but is named like one (a ransomware
    /// family called "Turkish"): such a name would compete with the state's.
    fn names_a_state_instead(&self, cluster: &Cluster) -> bool {
        !matches!(cluster.kind, EntityKind::Country | EntityKind::Location)
            && self.by_key.get(&key(&cluster.name)).is_some_and(|found| {
                found
                    .iter()
                    .any(|&i| self.entries[i].kind == EntityKind::Country)
            })
    }

    /// Removes aliases that name a state from clusters that are no state or place: a malware
    /// family listed as "Russian" would make the demonym ambiguous.
    fn drop_state_names(&self, cluster: &mut Cluster) {
        if matches!(cluster.kind, EntityKind::Country | EntityKind::Location) {
            return;
        }
        let names_state = |text: &str| {
            self.by_key.get(&key(text)).is_some_and(|found| {
                found
                    .iter()
                    .any(|&i| self.entries[i].kind == EntityKind::Country)
            })
        };
        cluster.aliases.retain(|(text, _)| !names_state(text));
    }

    /// Replaces revoked ATT&CK ids by their successors.
    fn current_attack_ids(&self, cluster: &mut Cluster) {
        for (scheme, value) in &mut cluster.ext {
            if scheme == "mitre-attack"
                && let Some(new) = self.revoked.get(value.as_str())
            {
                *value = new.clone();
            }
        }
        let mut seen = HashSet::new();
        cluster.ext.retain(|pair| seen.insert(pair.clone()));
    }

    /// The entry each cluster joins (None: a new entry) and whether it won the entry (true)
    /// or joins one already won as a second name (false). Pairs are assigned best score first.
    fn assign(
        &self,
        clusters: &[Cluster],
        keys: &[Vec<String>],
        shared: &BTreeMap<String, String>,
    ) -> Vec<Option<(usize, bool)>> {
        let mut pairs: Vec<(i32, usize, usize)> = Vec::new();
        for (ci, cluster) in clusters.iter().enumerate() {
            for ei in self.candidates(cluster, &keys[ci]) {
                let score = self.score(cluster, &keys[ci], shared, ei);
                if score >= 2 {
                    pairs.push((score, ci, ei));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut assignment = vec![None; clusters.len()];
        let mut winner: HashMap<usize, usize> = HashMap::new();
        for &(_, ci, ei) in &pairs {
            if assignment[ci].is_none() && !winner.contains_key(&ei) {
                assignment[ci] = Some((ei, true));
                winner.insert(ei, ci);
            }
        }
        // A source may file one group twice (an old and a new name). A cluster still without
        // a partner joins an entry already taken when its canonical name is a name the KB
        // already gives that entry, and that entry alone in the family, unless the two
        // clusters carry different ATT&CK ids (then the source means two things).
        for (ci, cluster) in clusters.iter().enumerate() {
            if assignment[ci].is_some() {
                continue;
            }
            let Some(ei) = self.entry_known_by_name(cluster) else {
                continue;
            };
            let clash = winner
                .get(&ei)
                .is_some_and(|&w| attack_ids_differ(cluster, &clusters[w]));
            if !clash {
                assignment[ci] = Some((ei, false));
            }
        }
        assignment
    }

    /// The one entry of the cluster's family that the KB already knows by one of the
    /// cluster's external ids or by its canonical name, when nothing rules the pair out.
    fn entry_known_by_name(&self, cluster: &Cluster) -> Option<usize> {
        let fam = family(cluster.kind);
        let only_one = |found: Option<&Vec<usize>>| {
            let mut named = found?
                .iter()
                .copied()
                .filter(|&i| family(self.entries[i].kind) == fam);
            let only = named.next()?;
            named.next().is_none().then_some(only)
        };
        let by_id = cluster
            .ext
            .iter()
            .filter(|(s, _)| joinable(s))
            .find_map(|(s, v)| only_one(self.by_ext.get(&ext_key(s, v))));
        let only = by_id.or_else(|| only_one(self.by_key.get(&key(&cluster.name))))?;
        (self.compatible(cluster, only) && !self.attack_ids_conflict(cluster, only)).then_some(only)
    }

    /// Entries sharing a key or an external id with the cluster.
    fn candidates(&self, cluster: &Cluster, keys: &[String]) -> Vec<usize> {
        let mut found: Vec<usize> = keys
            .iter()
            .filter_map(|k| self.by_key.get(k))
            .chain(
                cluster
                    .ext
                    .iter()
                    .filter_map(|(s, v)| self.by_ext.get(&ext_key(s, v))),
            )
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// False when the pair can never be one thing: different families of kinds, states or
    /// vendors.
    fn compatible(&self, cluster: &Cluster, ei: usize) -> bool {
        let entry = &self.entries[ei];
        let vendor_differs = entry
            .external_ids
            .get("vendor")
            .is_some_and(|mine| cluster.ext.iter().any(|(s, v)| s == "vendor" && v != mine));
        // The same ISO code is the same place even when the KB files a territory under its
        // state (core: Guam → US; the country lists: GU).
        let same_iso = entry
            .external_ids
            .get("iso3166-alpha2")
            .is_some_and(|mine| {
                cluster
                    .ext
                    .iter()
                    .any(|(s, v)| s == "iso3166-alpha2" && v == mine)
            });
        family(entry.kind) == family(cluster.kind)
            && (same_iso || !conflicting(&cluster.country, &entry.country))
            && !vendor_differs
    }

    /// True when both carry ATT&CK ids and none is shared.
    fn attack_ids_conflict(&self, cluster: &Cluster, ei: usize) -> bool {
        let Some(mine) = self.entries[ei].external_ids.get("mitre-attack") else {
            return false;
        };
        let mut theirs = cluster
            .ext
            .iter()
            .filter(|(s, _)| s == "mitre-attack")
            .peekable();
        theirs.peek().is_some() && !theirs.any(|(_, v)| v == mine)
    }

    /// How strongly a cluster and an entry are the same thing (see the module docs).
    fn score(
        &self,
        cluster: &Cluster,
        keys: &[String],
        shared: &BTreeMap<String, String>,
        ei: usize,
    ) -> i32 {
        if !self.compatible(cluster, ei) {
            return 0;
        }
        let entry = &self.entries[ei];
        let fam = family(cluster.kind);
        let mut score = 0;
        if cluster
            .ext
            .iter()
            .any(|(s, v)| joinable(s) && entry.external_ids.get(s) == Some(v))
        {
            score += 100;
        }
        if self.attack_ids_conflict(cluster, ei) {
            score -= 60;
        }
        let has_key = |k: &str| self.by_key.get(k).is_some_and(|v| v.contains(&ei));
        let cluster_name = key(&cluster.name);
        let entry_name = key(&entry.name);
        // A name the entry has as written beats one equal only once punctuation is ignored
        // ("Foxit" is not "Fox-IT").
        let lower_name = cluster.name.to_lowercase();
        if entry
            .aliases
            .iter()
            .any(|a| a.text.to_lowercase() == lower_name)
        {
            score += 5;
        }
        if cluster_name == entry_name {
            score += 50;
        } else {
            if !shared.contains_key(&cluster_name) && has_key(&cluster_name) {
                score += 30;
            }
            if !shared.contains_key(&entry_name) && keys.contains(&entry_name) {
                score += 30;
            }
        }
        for k in keys {
            if *k == cluster_name
                || *k == entry_name
                || k.len() < 3
                || shared.contains_key(k)
                || !has_key(k)
            {
                continue;
            }
            let in_family = self.by_key[k]
                .iter()
                .filter(|&&i| family(self.entries[i].kind) == fam)
                .count();
            if in_family == 1 {
                score += 2;
            }
        }
        score
    }

    /// Folds a cluster into an entry; returns the number of new aliases.
    fn merge_into(&mut self, ei: usize, cluster: Cluster, source: &str) -> usize {
        let mut added = 0;
        let name_form = AliasForm::of_name(&cluster.name);
        let texts = std::iter::once((cluster.name, name_form)).chain(cluster.aliases);
        let mut new_keys = Vec::new();
        {
            let entry = &mut self.entries[ei];
            entry.add_source(source);
            for (text, form) in texts {
                if entry.add_alias(&text, form, source) {
                    added += 1;
                    new_keys.push(key(&text));
                }
            }
            if entry.country.is_none() {
                entry.country = cluster.country;
            }
            if entry.description.is_none() {
                entry.description = cluster.description;
            }
        }
        for k in new_keys {
            self.index_key(k, ei);
        }
        for (scheme, value) in cluster.ext {
            let entry = &mut self.entries[ei];
            if entry.external_ids.contains_key(&scheme) {
                continue;
            }
            entry.external_ids.insert(scheme.clone(), value.clone());
            if joinable(&scheme) {
                self.by_ext
                    .entry(ext_key(&scheme, &value))
                    .or_default()
                    .push(ei);
            }
        }
        added
    }

    /// Makes a new entry of a cluster; returns its index.
    fn add_new(&mut self, cluster: Cluster, source: &str) -> usize {
        let id = self.fresh_id(&cluster);
        let mut entry = KbEntry {
            id,
            name: cluster.name.clone(),
            kind: cluster.kind,
            country: cluster.country,
            aliases: vec![Alias {
                text: cluster.name.clone(),
                form: AliasForm::of_name(&cluster.name),
                source: source.to_string(),
            }],
            sources: vec![source.to_string()],
            external_ids: BTreeMap::new(),
            description: cluster.description,
        };
        for (text, form) in cluster.aliases {
            entry.add_alias(&text, form, source);
        }
        for (scheme, value) in cluster.ext {
            entry.external_ids.entry(scheme).or_insert(value);
        }
        self.push(entry)
    }

    /// A unique id for a new entry: `prefix:slug`, with `-2`, `-3`, ... when taken.
    fn fresh_id(&self, cluster: &Cluster) -> String {
        let iso = cluster
            .ext
            .iter()
            .find(|(s, _)| s == "iso3166-alpha2")
            .map(|(_, v)| v.clone());
        let base = match (cluster.kind, iso) {
            (EntityKind::Country, Some(code)) => format!("country:{code}"),
            (kind, _) => format!("{}:{}", id_prefix(kind), clean::slug(&cluster.name)),
        };
        if !self.ids.contains(&base) {
            return base;
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| !self.ids.contains(id))
            .unwrap_or(base)
    }

    /// Appends an entry and indexes it; returns its index.
    fn push(&mut self, entry: KbEntry) -> usize {
        let i = self.entries.len();
        self.ids.insert(entry.id.clone());
        let keys: Vec<String> = std::iter::once(&entry.name)
            .chain(entry.aliases.iter().map(|a| &a.text))
            .map(|t| key(t))
            .collect();
        for (scheme, value) in &entry.external_ids {
            if joinable(scheme) {
                self.by_ext
                    .entry(ext_key(scheme, value))
                    .or_default()
                    .push(i);
            }
        }
        self.entries.push(entry);
        for k in keys {
            self.index_key(k, i);
        }
        i
    }

    fn index_key(&mut self, k: String, i: usize) {
        if k.is_empty() {
            return;
        }
        let slot = self.by_key.entry(k).or_default();
        if !slot.contains(&i) {
            slot.push(i);
        }
    }
}

/// True when both clusters carry ATT&CK ids and share none.
fn attack_ids_differ(a: &Cluster, b: &Cluster) -> bool {
    let ids = |c: &Cluster| -> Vec<String> {
        c.ext
            .iter()
            .filter(|(s, _)| s == "mitre-attack")
            .map(|(_, v)| v.clone())
            .collect()
    };
    let (x, y) = (ids(a), ids(b));
    !x.is_empty() && !y.is_empty() && !x.iter().any(|i| y.contains(i))
}

fn joinable(scheme: &str) -> bool {
    JOIN_KEYS.contains(&scheme) || scheme.starts_with("misp-galaxy:")
}

fn ext_key(scheme: &str, value: &str) -> String {
    format!("{scheme}={value}")
}

fn conflicting(a: &Option<String>, b: &Option<String>) -> bool {
    matches!((a, b), (Some(x), Some(y)) if x != y)
}

/// Keys that more than one cluster of one family in the batch lists, each with a display
/// form. A group and its malware of the same name do not make the name ambiguous here, nor
/// do two vendors' products of one name (Apple's iOS and Cisco's IOS).
fn keys_shared_within(clusters: &[Cluster], keys: &[Vec<String>]) -> BTreeMap<String, String> {
    let scope = |c: &Cluster| {
        let vendor = c
            .ext
            .iter()
            .find(|(s, _)| s == "vendor")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        (family(c.kind), vendor)
    };
    let mut count: HashMap<((u8, String), &str), usize> = HashMap::new();
    for (cluster, ks) in clusters.iter().zip(keys) {
        for k in ks {
            *count.entry((scope(cluster), k.as_str())).or_default() += 1;
        }
    }
    let mut shared = BTreeMap::new();
    for cluster in clusters {
        let texts = std::iter::once(cluster.name.as_str())
            .chain(cluster.aliases.iter().map(|(t, _)| t.as_str()));
        for text in texts {
            let k = key(text);
            if count
                .get(&(scope(cluster), k.as_str()))
                .copied()
                .unwrap_or(0)
                > 1
            {
                shared.entry(k).or_insert_with(|| text.to_string());
            }
        }
    }
    shared
}

/// Every key of the merged KB that names more than one entry.
fn ambiguous_aliases(
    entries: &[KbEntry],
    by_key: &HashMap<String, Vec<usize>>,
) -> Vec<AmbiguousAlias> {
    let mut out: Vec<AmbiguousAlias> = by_key
        .iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|(k, v)| {
            let first = &entries[v[0]];
            let alias = first
                .aliases
                .iter()
                .find(|a| key(&a.text) == *k)
                .map_or_else(|| first.name.clone(), |a| a.text.clone());
            AmbiguousAlias {
                alias,
                ids: v.iter().map(|&i| entries[i].id.clone()).collect(),
                same_kind: v
                    .iter()
                    .all(|&i| family(entries[i].kind) == family(first.kind)),
                kind: first.kind.as_str().to_string(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        a.alias
            .to_lowercase()
            .cmp(&b.alias.to_lowercase())
            .then(a.ids.cmp(&b.ids))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(name: &str, aliases: &[&str]) -> Cluster {
        let mut c = Cluster::new(name, EntityKind::ThreatActor);
        for a in aliases {
            c.name_alias(a);
        }
        c
    }

    fn core_merger() -> Merger {
        Merger::new(Kb::core())
    }

    #[test]
    fn cluster_joins_core_entry_by_canonical_name() {
        let mut m = core_merger();
        let placed = m.merge_batch(
            "test",
            "test",
            vec![actor("APT31", &["Bronze Vinewood", "New Alias"])],
            0,
        );
        let entry = m.entry(placed[0]);
        assert_eq!(entry.id, "actor:apt31");
        assert!(
            entry
                .aliases
                .iter()
                .any(|a| a.text == "New Alias" && a.source == "test")
        );
        let zirconium = entry
            .aliases
            .iter()
            .find(|a| a.text == "Bronze Vinewood")
            .unwrap();
        assert_eq!(zirconium.source, "core, test");
    }

    #[test]
    fn cluster_joins_by_one_unambiguous_alias() {
        let mut m = core_merger();
        let placed = m.merge_batch(
            "test",
            "test",
            vec![actor("Some Vendor Name", &["Judgment Panda"])],
            0,
        );
        assert_eq!(m.entry(placed[0]).id, "actor:apt31");
    }

    #[test]
    fn alias_shared_by_two_clusters_joins_neither_and_stays_ambiguous() {
        let mut m = core_merger();
        let batch = vec![
            actor("Group One", &["Shared Name"]),
            actor("Group Two", &["Shared Name"]),
        ];
        let placed = m.merge_batch("test", "test", batch, 0);
        assert_ne!(placed[0], placed[1]);
        assert_eq!(m.report.sources[0].ambiguous_within, ["Shared Name"]);
        let (kb, report) = m.into_kb();
        assert_eq!(kb.lookup("Shared Name").len(), 2);
        assert!(
            report
                .ambiguous_actor_aliases()
                .any(|a| a.alias == "Shared Name")
        );
    }

    #[test]
    fn one_entry_takes_one_cluster_per_source() {
        let mut m = core_merger();
        // Both clusters share APT29's aliases; the better one wins, the other stays apart.
        let batch = vec![
            actor("Solar Phoenix", &["Dark Halo", "The Dukes"]),
            actor("APT29", &["Cozy Bear"]),
        ];
        let placed = m.merge_batch("test", "test", batch, 0);
        assert_eq!(m.entry(placed[1]).id, "actor:apt29");
        assert_eq!(m.entry(placed[0]).id, "actor:solar-phoenix");
    }

    #[test]
    fn a_group_filed_twice_under_known_names_joins_once() {
        let mut m = core_merger();
        // A source with an old and a new name for one group, both names the KB already has.
        let batch = vec![
            actor("Forest Blizzard", &["APT28", "Fancy Bear"]),
            actor("STRONTIUM", &["APT28", "Fancy Bear"]),
        ];
        let placed = m.merge_batch("test", "test", batch, 0);
        assert_eq!(m.entry(placed[0]).id, "actor:apt28");
        assert_eq!(m.entry(placed[1]).id, "actor:apt28");
    }

    #[test]
    fn umbrella_and_subgroup_stay_apart() {
        let mut m = core_merger();
        let batch = vec![
            actor("Lazarus Group", &["Andariel", "Hidden Cobra"]),
            actor("Silent Chollima", &["Andariel"]),
        ];
        let placed = m.merge_batch("test", "test", batch, 0);
        assert_eq!(m.entry(placed[0]).id, "actor:lazarus");
        assert_eq!(m.entry(placed[1]).id, "actor:andariel");
        let (kb, _) = m.into_kb();
        let explained = kb.explain("Andariel");
        assert_eq!(
            explained.candidates[0].id, "actor:andariel",
            "canonical name first"
        );
        assert_eq!(explained.candidates.len(), 2);
    }

    #[test]
    fn different_kinds_never_merge() {
        let mut m = core_merger();
        let placed = m.merge_batch(
            "test",
            "test",
            vec![Cluster::new("LockBit", EntityKind::Malware)],
            0,
        );
        assert_eq!(m.entry(placed[0]).id, "malware:lockbit");
        let (kb, _) = m.into_kb();
        assert_eq!(kb.explain("LockBit").candidates.len(), 2);
    }

    #[test]
    fn different_countries_never_merge() {
        let mut m = core_merger();
        let mut c = Cluster::new("National Cyber Security Centre", EntityKind::Agency);
        c.country = Some("FI".into());
        let placed = m.merge_batch("test", "test", vec![c], 0);
        assert_eq!(m.entry(placed[0]).country.as_deref(), Some("FI"));
        assert!(
            m.entry(placed[0])
                .id
                .starts_with("agency:national-cyber-security-centre")
        );
    }

    #[test]
    fn attack_id_joins_and_is_not_an_alias() {
        let mut m = core_merger();
        let mut c = actor("ZIRCONIUM", &["G0128"]);
        c.ext_id("mitre-attack", "G0128");
        let placed = m.merge_batch("mitre-attack", "mitre-attack", vec![c], 0);
        let entry = m.entry(placed[0]);
        assert_eq!(entry.id, "actor:apt31");
        assert!(!entry.aliases.iter().any(|a| a.text == "G0128"));
    }

    #[test]
    fn country_names_resolve_to_codes() {
        let m = core_merger();
        assert_eq!(m.country_code("Russian Federation").as_deref(), Some("RU"));
        assert_eq!(m.country_code("UK").as_deref(), Some("GB"));
        assert_eq!(m.country_code("CN").as_deref(), Some("CN"));
        assert_eq!(m.country_code("Atlantis"), None);
    }
}
