//! The shipped KB: parsing `data/*.tsv`.
//!
//! `countries.tsv` has its own columns (codes, names, demonyms, capitals, seats); every other
//! file shares `id, kind, country, name, aliases, external ids, description`. Values inside a
//! column are separated by `|` (aliases) or `;` (`key=value` external ids). Lines starting with
//! `#` are comments.

use std::collections::BTreeMap;
use std::str::FromStr;

use dossier_model::EntityKind;

use crate::KbError;
use crate::entry::{Alias, AliasForm, KbEntry, id_prefix};

/// The source name of everything shipped.
pub(crate) const CORE: &str = "core";

const COUNTRIES: (&str, &str) = ("countries.tsv", include_str!("../data/countries.tsv"));

const TERRITORIES: (&str, &str) = ("territories.tsv", include_str!("../data/territories.tsv"));

const ENTITY_FILES: [(&str, &str); 12] = [
    ("agencies.tsv", include_str!("../data/agencies.tsv")),
    ("actors.tsv", include_str!("../data/actors.tsv")),
    ("malware.tsv", include_str!("../data/malware.tsv")),
    ("vendors.tsv", include_str!("../data/vendors.tsv")),
    ("vulns.tsv", include_str!("../data/vulns.tsv")),
    ("sectors.tsv", include_str!("../data/sectors.tsv")),
    ("regions.tsv", include_str!("../data/regions.tsv")),
    ("places.tsv", include_str!("../data/places.tsv")),
    ("people.tsv", include_str!("../data/people.tsv")),
    ("victims.tsv", include_str!("../data/victims.tsv")),
    ("media.tsv", include_str!("../data/media.tsv")),
    ("research.tsv", include_str!("../data/research.tsv")),
];

/// Every core entry, or the first malformed line.
#[cfg(test)]
pub(crate) fn entries() -> Result<Vec<KbEntry>, KbError> {
    let (entries, errors) = parse_all();
    match errors.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(entries),
    }
}

/// Every core entry that parses; malformed lines (which the tests rule out) are skipped.
pub(crate) fn entries_lenient() -> Vec<KbEntry> {
    parse_all().0
}

/// The parsed entries and the errors of the lines that did not parse.
fn parse_all() -> (Vec<KbEntry>, Vec<KbError>) {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let (file, text) = COUNTRIES;
    for (line, cols) in data_lines(text) {
        match country_entry(&cols) {
            Ok(e) => entries.push(e),
            Err(message) => errors.push(KbError::Data {
                file,
                line,
                message,
            }),
        }
    }
    let (file, text) = TERRITORIES;
    for (line, cols) in data_lines(text) {
        let placed = match cols.as_slice() {
            [territory, state] if is_country_code(territory) && is_country_code(state) => entries
                .iter_mut()
                .find(|e| e.id == format!("country:{territory}"))
                .map(|e| e.country = Some(state.to_string())),
            _ => None,
        };
        if placed.is_none() {
            errors.push(KbError::Data {
                file,
                line,
                message: "expected a listed territory's alpha-2 code and its state's".into(),
            });
        }
    }
    for (file, text) in ENTITY_FILES {
        for (line, cols) in data_lines(text) {
            match entity_entry(&cols) {
                Ok(e) => entries.push(e),
                Err(message) => errors.push(KbError::Data {
                    file,
                    line,
                    message,
                }),
            }
        }
    }
    (entries, errors)
}

/// The non-comment, non-blank lines of a file with their 1-based numbers, split on tabs.
fn data_lines(text: &'static str) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').map(str::trim).collect()))
}

/// The `|`-separated values of a column.
fn values(col: &str) -> impl Iterator<Item = &str> {
    col.split('|').map(str::trim).filter(|v| !v.is_empty())
}

fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// A country line: alpha-2, alpha-3, name, other names, demonyms, capitals, seats.
fn country_entry(cols: &[&str]) -> Result<KbEntry, String> {
    let [code, alpha3, name, names, demonyms, capitals, seats] = cols else {
        return Err(format!(
            "expected 7 tab-separated columns, found {}",
            cols.len()
        ));
    };
    if !is_country_code(code) {
        return Err(format!("{code:?} is not an ISO 3166-1 alpha-2 code"));
    }
    if name.is_empty() {
        return Err(format!("{code} has no name"));
    }
    let mut entry = new_entry(format!("country:{code}"), name, EntityKind::Country);
    entry.country = Some(code.to_string());
    entry
        .external_ids
        .insert("iso3166-alpha2".into(), code.to_string());
    if !alpha3.is_empty() {
        entry
            .external_ids
            .insert("iso3166-alpha3".into(), alpha3.to_string());
    }
    for n in values(names) {
        entry.add_alias(n, AliasForm::of_name(n), CORE);
    }
    for d in values(demonyms) {
        entry.add_alias(d, AliasForm::Demonym, CORE);
        if let Some(plural) = demonym_plural(d) {
            entry.add_alias(&plural, AliasForm::Demonym, CORE);
        }
    }
    for c in values(capitals).chain(values(seats)) {
        entry.add_alias(c, AliasForm::Capital, CORE);
    }
    Ok(entry)
}

/// The plural of a demonym that names people ("Russian" → "Russians", "Israeli" →
/// "Israelis"); None for adjectives that take none ("Chinese", "Dutch", "British", "Swiss").
fn demonym_plural(demonym: &str) -> Option<String> {
    const NO_PLURAL: [&str; 8] = ["ese", "ish", "sh", "ss", "tch", "men", "ic", "x"];
    if NO_PLURAL.iter().any(|s| demonym.ends_with(s)) || demonym.ends_with('s') {
        return None;
    }
    Some(format!("{demonym}s"))
}

/// A line of the shared format: id, kind, country, name, aliases, external ids, description.
fn entity_entry(cols: &[&str]) -> Result<KbEntry, String> {
    let [id, kind, country, name, aliases, ext, description] = cols else {
        return Err(format!(
            "expected 7 tab-separated columns, found {}",
            cols.len()
        ));
    };
    let kind = EntityKind::from_str(kind)?;
    let (prefix, slug) = id
        .split_once(':')
        .ok_or_else(|| format!("id {id:?} has no prefix"))?;
    if prefix != id_prefix(kind) {
        return Err(format!("id {id:?} should start with {:?}", id_prefix(kind)));
    }
    if slug.is_empty()
        || slug
            .chars()
            .any(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
    {
        return Err(format!(
            "id {id:?} should be a lower-case slug after the colon"
        ));
    }
    if name.is_empty() {
        return Err(format!("{id} has no name"));
    }
    let mut entry = new_entry(id.to_string(), name, kind);
    if !country.is_empty() {
        if !is_country_code(country) {
            return Err(format!(
                "{id}: {country:?} is not an ISO 3166-1 alpha-2 code"
            ));
        }
        entry.country = Some(country.to_string());
    }
    for a in values(aliases) {
        let (text, form) = alias_with_form(a)?;
        entry.add_alias(text, form, CORE);
    }
    entry.external_ids = external_ids(ext)?;
    if kind == EntityKind::Vulnerability && name.starts_with("CVE-") {
        entry
            .external_ids
            .entry("cve".into())
            .or_insert_with(|| name.to_string());
    }
    entry.description = Some(description.to_string()).filter(|d| !d.is_empty());
    Ok(entry)
}

/// An alias and its form: the form follows from the shape ([`AliasForm::of_name`]) unless the
/// alias ends with `@name`, `@acronym`, `@demonym` or `@capital` ("Brussels@capital").
fn alias_with_form(raw: &str) -> Result<(&str, AliasForm), String> {
    let Some((text, form)) = raw.rsplit_once('@') else {
        return Ok((raw, AliasForm::of_name(raw)));
    };
    let form = match form {
        "name" => AliasForm::Name,
        "acronym" => AliasForm::Acronym,
        "demonym" => AliasForm::Demonym,
        "capital" => AliasForm::Capital,
        other => return Err(format!("unknown alias form {other:?} in {raw:?}")),
    };
    Ok((text.trim(), form))
}

/// The `key=value;key=value` column.
fn external_ids(col: &str) -> Result<BTreeMap<String, String>, String> {
    col.split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|pair| {
            pair.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .ok_or_else(|| format!("external id {pair:?} is not key=value"))
        })
        .collect()
}

/// An entry with its canonical name as its first alias.
fn new_entry(id: String, name: &str, kind: EntityKind) -> KbEntry {
    KbEntry {
        id,
        name: name.to_string(),
        kind,
        country: None,
        aliases: vec![Alias {
            text: name.to_string(),
            form: AliasForm::of_name(name),
            source: CORE.to_string(),
        }],
        sources: vec![CORE.to_string()],
        external_ids: BTreeMap::new(),
        description: None,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::normalize::key;

    fn core() -> Vec<KbEntry> {
        entries().unwrap_or_else(|e| panic!("core data: {e}"))
    }

    #[test]
    fn core_data_parses() {
        let (_, errors) = parse_all();
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(messages.is_empty(), "{messages:#?}");
    }

    #[test]
    fn ids_are_unique() {
        let entries = core();
        let mut seen = HashSet::new();
        for e in &entries {
            assert!(seen.insert(e.id.as_str()), "duplicate id {}", e.id);
        }
    }

    #[test]
    fn every_iso_country_is_there_with_a_name() {
        let entries = core();
        let countries: Vec<&KbEntry> = entries
            .iter()
            .filter(|e| e.kind == EntityKind::Country)
            .collect();
        assert!(countries.len() >= 249, "{} countries", countries.len());
        let mut codes = HashSet::new();
        let mut alpha3 = HashSet::new();
        for c in &countries {
            assert!(!c.name.is_empty());
            let code = c.external_ids["iso3166-alpha2"].as_str();
            assert!(is_country_code(code), "{code}");
            assert_eq!(c.id, format!("country:{code}"));
            let state = c.country.as_deref().unwrap();
            assert!(is_country_code(state), "{state}");
            assert!(codes.insert(code), "duplicate code {code}");
            let a3 = &c.external_ids["iso3166-alpha3"];
            assert!(
                a3.len() == 3 && a3.bytes().all(|b| b.is_ascii_uppercase()),
                "{a3}"
            );
            assert!(alpha3.insert(a3.clone()), "duplicate alpha-3 {a3}");
        }
    }

    #[test]
    fn a_dependent_territory_carries_its_state() {
        let entries = core();
        let country = |id: &str| {
            entries
                .iter()
                .find(|e| e.id == id)
                .and_then(|e| e.country.clone())
        };
        assert_eq!(country("country:GU").as_deref(), Some("US"));
        assert_eq!(country("country:GL").as_deref(), Some("DK"));
        assert_eq!(country("country:NL").as_deref(), Some("NL"));
        // Left with their own code on purpose.
        assert_eq!(country("country:HK").as_deref(), Some("HK"));
        assert_eq!(country("country:TW").as_deref(), Some("TW"));
    }

    #[test]
    fn every_country_field_names_a_known_state() {
        let entries = core();
        let codes: HashSet<&str> = entries
            .iter()
            .filter(|e| e.kind == EntityKind::Country)
            .filter_map(|e| e.country.as_deref())
            .collect();
        for e in &entries {
            if let Some(c) = &e.country {
                assert!(codes.contains(c.as_str()), "{}: unknown country {c}", e.id);
            }
        }
    }

    #[test]
    fn every_agency_has_a_country_or_is_international() {
        for e in core() {
            if !e.kind.is_state_organ() || e.kind == EntityKind::Country {
                continue;
            }
            let international = e.external_ids.contains_key("bloc");
            assert!(
                e.country.is_some() != international,
                "{} must have a country or a bloc (not both)",
                e.id
            );
        }
    }

    #[test]
    fn no_alias_is_repeated_within_an_entry() {
        for e in core() {
            let mut seen = HashSet::new();
            for a in &e.aliases {
                assert!(
                    seen.insert(a.text.as_str()),
                    "{} repeats alias {:?}",
                    e.id,
                    a.text
                );
            }
            assert!(
                e.aliases.iter().any(|a| a.text == e.name),
                "{} lacks its name",
                e.id
            );
        }
    }

    #[test]
    fn products_take_their_vendors_country() {
        let entries = core();
        let by_id: std::collections::HashMap<&str, &KbEntry> =
            entries.iter().map(|e| (e.id.as_str(), e)).collect();
        for e in entries.iter().filter(|e| e.kind == EntityKind::Product) {
            let Some(vendor) = e.external_ids.get("vendor") else {
                continue;
            };
            let vendor = by_id
                .get(vendor.as_str())
                .unwrap_or_else(|| panic!("{}: no {vendor}", e.id));
            assert_eq!(vendor.kind, EntityKind::Company);
            assert_eq!(e.country, vendor.country, "{}", e.id);
        }
    }

    #[test]
    fn links_point_at_existing_entries() {
        let entries = core();
        let ids: HashSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
        for e in &entries {
            for k in ["vendor", "actor", "product"] {
                if let Some(target) = e.external_ids.get(k) {
                    assert!(
                        ids.contains(target.as_str()),
                        "{}: {k}={target} missing",
                        e.id
                    );
                }
            }
        }
    }

    #[test]
    fn core_has_the_promised_coverage() {
        let entries = core();
        let count = |k: EntityKind| entries.iter().filter(|e| e.kind == k).count();
        let organs = count(EntityKind::Agency)
            + count(EntityKind::Military)
            + count(EntityKind::Government)
            + count(EntityKind::Organization);
        assert!(organs >= 100, "{organs} agencies");
        assert!(count(EntityKind::ThreatActor) >= 80);
        assert!(count(EntityKind::Malware) + count(EntityKind::Tool) >= 60);
        assert!(count(EntityKind::Product) >= 40);
        assert!(count(EntityKind::Sector) >= 7);
    }

    #[test]
    fn mitre_ids_are_well_formed_and_unique() {
        let mut seen = HashSet::new();
        for e in core() {
            if let Some(id) = e.external_ids.get("mitre-attack") {
                assert!(
                    id.len() == 5 && (id.starts_with('G') || id.starts_with('S')),
                    "{id}"
                );
                assert!(seen.insert(id.clone()), "{id} twice");
            }
        }
    }

    #[test]
    fn alias_form_can_be_given() {
        assert_eq!(
            alias_with_form("Brussels@capital"),
            Ok(("Brussels", AliasForm::Capital))
        );
        assert_eq!(alias_with_form("NCSC"), Ok(("NCSC", AliasForm::Acronym)));
        assert!(alias_with_form("X@nonsense").is_err());
    }

    #[test]
    fn demonym_plurals_only_for_people() {
        assert_eq!(demonym_plural("Russian").as_deref(), Some("Russians"));
        assert_eq!(demonym_plural("Israeli").as_deref(), Some("Israelis"));
        assert_eq!(demonym_plural("Chinese"), None);
        assert_eq!(demonym_plural("Dutch"), None);
        assert_eq!(demonym_plural("British"), None);
    }

    /// The entries of `places.tsv`.
    fn places() -> Vec<KbEntry> {
        let (_, text) = ENTITY_FILES
            .into_iter()
            .find(|(file, _)| *file == "places.tsv")
            .expect("places.tsv is listed");
        data_lines(text)
            .map(|(line, cols)| {
                entity_entry(&cols).unwrap_or_else(|e| panic!("places.tsv line {line}: {e}"))
            })
            .collect()
    }

    #[test]
    fn places_resolve_to_locations_in_their_state() {
        let kb = crate::Kb::core();
        for (name, id, state) in [
            ("Bavaria", "location:bavaria", "DE"),
            ("Bayern", "location:bavaria", "DE"),
            ("Kharkiv", "location:kharkiv", "UA"),
            ("Kharkov", "location:kharkiv", "UA"),
            ("Odessa", "location:odesa", "UA"),
            ("Bangalore", "location:bengaluru", "IN"),
            ("St. Petersburg", "location:saint-petersburg", "RU"),
            ("Sao Paulo", "location:sao-paulo", "BR"),
            ("Shenzhen", "location:shenzhen", "CN"),
            ("Texas", "location:texas", "US"),
            ("Catalonia", "location:catalonia", "ES"),
        ] {
            let found = kb.lookup(name);
            let ids: Vec<&str> = found.iter().map(|e| e.id.as_str()).collect();
            assert_eq!(ids, [id], "{name}");
            assert_eq!(found[0].kind, EntityKind::Location, "{name}");
            assert_eq!(found[0].country.as_deref(), Some(state), "{name}");
        }
    }

    #[test]
    fn every_place_is_a_location_inside_a_state() {
        let places = places();
        assert!(
            (350..=600).contains(&places.len()),
            "{} places",
            places.len()
        );
        for p in &places {
            assert_eq!(p.kind, EntityKind::Location, "{}", p.id);
            assert!(p.country.is_some(), "{} has no state", p.id);
            assert!(p.description.is_some(), "{} has no description", p.id);
        }
    }

    #[test]
    fn no_place_name_names_another_entry_or_an_ordinary_word() {
        let kb = crate::Kb::core();
        for place in places() {
            for alias in &place.aliases {
                let ids: Vec<&str> = kb
                    .lookup(&alias.text)
                    .iter()
                    .map(|e| e.id.as_str())
                    .collect();
                assert_eq!(
                    ids,
                    [place.id.as_str()],
                    "{:?} of {} names another entry too",
                    alias.text,
                    place.id
                );
                let single = !alias.text.contains(char::is_whitespace);
                assert!(
                    !(single && crate::words::is_ordinary(&alias.text.to_lowercase())),
                    "{:?} of {} is an ordinary word",
                    alias.text,
                    place.id
                );
            }
        }
    }

    #[test]
    fn ncsc_names_exactly_the_british_and_dutch_centres() {
        let mut ids: Vec<String> = core()
            .into_iter()
            .filter(|e| e.aliases.iter().any(|a| key(&a.text) == "ncsc"))
            .map(|e| e.id)
            .collect();
        ids.sort();
        assert_eq!(ids, ["agency:gb-ncsc", "agency:nl-ncsc"]);
    }
}
