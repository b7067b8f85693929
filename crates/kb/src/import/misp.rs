//! MISP galaxy cluster files (`misp-galaxy/<galaxy>.json`).
//!
//! A galaxy file holds `values[]`, each with `value` (the name), `uuid`, `description` and a
//! free-form `meta`: `synonyms`, `country` (ISO code), `cfr-suspected-state-sponsor` or
//! `microsoft-origin-threat` (a state's name), `name-attribution` ("Name:vendor-uuid"),
//! `external_id` (ATT&CK), `type`, `ISO`/`ISO3` (countries), `aliases`.

use dossier_model::EntityKind;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::merge::{Cluster, Merger};

/// The parts of a galaxy file the importer reads.
#[derive(Deserialize)]
pub(crate) struct Galaxy {
    #[serde(default)]
    values: Vec<ClusterJson>,
}

#[derive(Deserialize)]
struct ClusterJson {
    value: String,
    #[serde(default)]
    uuid: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    meta: Map<String, Value>,
}

/// The kind a galaxy's clusters have by default, or None for galaxies the importer skips.
pub(crate) fn galaxy_kind(galaxy: &str) -> Option<EntityKind> {
    Some(match galaxy {
        "threat-actor" | "mitre-intrusion-set" | "microsoft-activity-group" => {
            EntityKind::ThreatActor
        }
        "malpedia" | "ransomware" | "rat" | "botnet" | "tool" | "backdoor" | "banker"
        | "stealer" | "android" | "exploit-kit" => EntityKind::Malware,
        "intelligence-agencies" => EntityKind::Agency,
        "country" => EntityKind::Country,
        "sector" => EntityKind::Sector,
        "producer" | "surveillance-vendor" => EntityKind::Company,
        "branded_vulnerability" => EntityKind::Vulnerability,
        "region" => EntityKind::Location,
        _ => return None,
    })
}

/// The clusters of one galaxy file, ready to merge, and the number of values skipped.
pub(crate) fn clusters(
    galaxy: &str,
    kind: EntityKind,
    file: Galaxy,
    merger: &Merger,
) -> (Vec<Cluster>, usize) {
    let mut out = Vec::with_capacity(file.values.len());
    let mut skipped = 0;
    for value in file.values {
        match cluster(galaxy, kind, value, merger) {
            Some(c) => out.push(c),
            None => skipped += 1,
        }
    }
    (out, skipped)
}

fn cluster(galaxy: &str, kind: EntityKind, value: ClusterJson, merger: &Merger) -> Option<Cluster> {
    let meta = &value.meta;
    let (name, attack_id) = split_attack_suffix(&value.value);
    let name = match galaxy {
        "country" if !name.contains(',') => title_case(name),
        _ => name.to_string(),
    };
    if matches!(name.as_str(), "Unknown" | "Other") {
        return None;
    }
    let name = super::clean::alias(&name)?;
    let mut c = Cluster::new(&name, kind_of(galaxy, kind, meta));
    if let Some(id) = attack_id.or_else(|| string(meta, "external_id")) {
        c.ext_id("mitre-attack", id);
    }
    if !value.uuid.is_empty() {
        c.ext_id(&format!("misp-galaxy:{galaxy}"), &value.uuid);
    }
    for synonym in strings(meta, "synonyms")
        .into_iter()
        .chain(strings(meta, "aliases"))
    {
        c.name_alias(synonym);
    }
    for attribution in strings(meta, "name-attribution") {
        let vendor_name = attribution.rsplit_once(':').map_or(attribution, |(n, _)| n);
        c.name_alias(vendor_name);
    }
    if let Some(base) = c
        .name
        .strip_suffix(')')
        .and_then(|n| n.rsplit_once(" ("))
        .map(|(b, _)| b.trim().to_string())
    {
        // "Ministry of State Security (China)": the qualifier is for readers, not in text.
        c.name_alias(&base);
    }
    if galaxy == "ransomware" {
        add_trimmed_names(&mut c);
    }
    if galaxy == "country" {
        country_codes(&mut c, meta);
    } else {
        c.country = sponsor(meta, merger);
    }
    c.description = value
        .description
        .as_deref()
        .and_then(super::clean::description);
    Some(c)
}

/// Tools that are offensive frameworks or hacking tools are kind `tool`; the rest of the
/// `tool` galaxy is malware (backdoors, RATs, loaders).
fn kind_of(galaxy: &str, kind: EntityKind, meta: &Map<String, Value>) -> EntityKind {
    let tool_like = |t: &str| {
        let t = t.to_ascii_lowercase();
        t.contains("hacktool") || t.contains("framework") || t == "pua"
    };
    if galaxy == "tool" && strings(meta, "type").into_iter().any(tool_like) {
        EntityKind::Tool
    } else {
        kind
    }
}

/// "Ajax Security Team - G0130" → ("Ajax Security Team", Some("G0130")).
fn split_attack_suffix(value: &str) -> (&str, Option<&str>) {
    match value.rsplit_once(" - ") {
        Some((name, id)) if super::clean::is_attack_id(id.trim()) => (name.trim(), Some(id.trim())),
        _ => (value.trim(), None),
    }
}

/// Adds "X Ransomware" for "X Ransomware (Fake)", and "X" when X is one word: a
/// several-word X is too often a phrase or a person's name ("Angela Merkel Ransomware").
fn add_trimmed_names(c: &mut Cluster) {
    let base = c
        .name
        .split(" (")
        .next()
        .unwrap_or(&c.name)
        .trim()
        .to_string();
    let short = base
        .strip_suffix(" Ransomware")
        .unwrap_or(&base)
        .trim()
        .to_string();
    if base != c.name {
        c.name_alias(&base);
    }
    if short != base && !short.contains(' ') {
        c.name_alias(&short);
    }
}

/// The ISO codes of a `country` galaxy value.
fn country_codes(c: &mut Cluster, meta: &Map<String, Value>) {
    if let Some(code) = string(meta, "ISO") {
        c.ext_id("iso3166-alpha2", code);
        c.country = Some(code.to_string());
    }
    if let Some(code) = string(meta, "ISO3") {
        c.ext_id("iso3166-alpha3", code);
    }
}

/// The state a cluster belongs to or is sponsored by, as an ISO code.
fn sponsor(meta: &Map<String, Value>, merger: &Merger) -> Option<String> {
    [
        "country",
        "cfr-suspected-state-sponsor",
        "microsoft-origin-threat",
        "country_name",
    ]
    .iter()
    .filter_map(|k| string(meta, k))
    .find_map(|name| merger.country_code(name))
}

fn string<'a>(meta: &'a Map<String, Value>, field: &str) -> Option<&'a str> {
    match meta.get(field)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim()),
        Value::Array(a) if a.len() == 1 => a[0].as_str(),
        _ => None,
    }
}

fn strings<'a>(meta: &'a Map<String, Value>, field: &str) -> Vec<&'a str> {
    match meta.get(field) {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// "united arab emirates" → "United Arab Emirates" (short function words stay lower case).
fn title_case(name: &str) -> String {
    name.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && matches!(w, "and" | "of" | "the" | "da" | "de") {
                return w.to_string();
            }
            let mut cs = w.chars();
            cs.next()
                .map_or_else(String::new, |f| f.to_uppercase().chain(cs).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attack_suffix_is_split_off() {
        assert_eq!(
            split_attack_suffix("Ajax Security Team - G0130"),
            ("Ajax Security Team", Some("G0130"))
        );
        assert_eq!(split_attack_suffix("Sea - Turtle"), ("Sea - Turtle", None));
    }

    #[test]
    fn cluster_reads_synonyms_sponsor_and_ids() {
        let merger = Merger::new(crate::Kb::core());
        let json = r#"{"values":[{"value":"Test Group","uuid":"u-1","description":"A group. More.",
            "meta":{"synonyms":["Alias One","G0999","Trojan.Foo.Bar"],"cfr-suspected-state-sponsor":"Russian Federation",
            "name-attribution":["Vendor Name:abc-uuid"]}}]}"#;
        let galaxy: Galaxy = serde_json::from_str(json).unwrap();
        let (cs, skipped) = clusters("threat-actor", EntityKind::ThreatActor, galaxy, &merger);
        assert_eq!(skipped, 0);
        let c = &cs[0];
        assert_eq!(c.country.as_deref(), Some("RU"));
        let aliases: Vec<&str> = c.aliases.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(aliases, ["Alias One", "Vendor Name"]);
        assert!(c.ext.contains(&("mitre-attack".into(), "G0999".into())));
        assert!(
            c.ext
                .contains(&("misp-galaxy:threat-actor".into(), "u-1".into()))
        );
        assert_eq!(c.description.as_deref(), Some("A group."));
    }

    #[test]
    fn country_values_are_title_cased() {
        assert_eq!(title_case("united arab emirates"), "United Arab Emirates");
        assert_eq!(
            title_case("bosnia and herzegovina"),
            "Bosnia and Herzegovina"
        );
    }
}
