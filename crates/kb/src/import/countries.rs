//! The mledoze country list (`mledoze-countries/countries.json`): common and official
//! names, alternative spellings, English demonyms and, for independent states, capitals.

use dossier_model::EntityKind;
use serde::Deserialize;

use super::merge::Cluster;
use crate::entry::AliasForm;

#[derive(Deserialize)]
pub(crate) struct Country {
    name: Names,
    cca2: String,
    #[serde(default)]
    cca3: String,
    #[serde(default)]
    independent: Option<bool>,
    #[serde(default)]
    capital: Vec<String>,
    #[serde(default, rename = "altSpellings")]
    alt_spellings: Vec<String>,
    #[serde(default)]
    demonyms: Option<Demonyms>,
}

#[derive(Deserialize)]
struct Names {
    common: String,
    #[serde(default)]
    official: String,
}

#[derive(Deserialize)]
struct Demonyms {
    #[serde(default)]
    eng: Option<Gendered>,
}

#[derive(Deserialize)]
struct Gendered {
    #[serde(default)]
    m: String,
    #[serde(default)]
    f: String,
}

/// One cluster per country.
pub(crate) fn clusters(countries: Vec<Country>) -> Vec<Cluster> {
    countries.into_iter().map(cluster).collect()
}

fn cluster(country: Country) -> Cluster {
    let mut c = Cluster::new(&country.name.common, EntityKind::Country);
    c.country = Some(country.cca2.clone());
    c.ext_id("iso3166-alpha2", &country.cca2);
    c.ext_id("iso3166-alpha3", &country.cca3);
    c.name_alias(&country.name.official);
    for spelling in &country.alt_spellings {
        // Two- and three-letter codes ("IT", "AND", "CAN") are words too often to be names.
        if is_code(spelling) {
            continue;
        }
        c.name_alias(spelling);
    }
    // Territories often share their sovereign's demonym ("American" for the Northern
    // Mariana Islands), which would make the sovereign's demonym ambiguous.
    if country.independent == Some(true) {
        if let Some(eng) = country.demonyms.and_then(|d| d.eng) {
            c.alias(&eng.m, AliasForm::Demonym);
            c.alias(&eng.f, AliasForm::Demonym);
        }
        for capital in &country.capital {
            if *capital != country.name.common {
                c.alias(capital, AliasForm::Capital);
            }
        }
    }
    c
}

fn is_code(s: &str) -> bool {
    s.len() <= 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_are_not_aliases() {
        let json = r#"[{"name":{"common":"Netherlands","official":"Kingdom of the Netherlands"},"cca2":"NL","cca3":"NLD",
            "independent":true,"capital":["Amsterdam"],"altSpellings":["NL","Holland"],
            "demonyms":{"eng":{"m":"Dutch","f":"Dutch"}}}]"#;
        let cs = clusters(serde_json::from_str(json).unwrap());
        let texts: Vec<(&str, AliasForm)> = cs[0]
            .aliases
            .iter()
            .map(|(t, f)| (t.as_str(), *f))
            .collect();
        assert_eq!(
            texts,
            [
                ("Kingdom of the Netherlands", AliasForm::Name),
                ("Holland", AliasForm::Name),
                ("Dutch", AliasForm::Demonym),
                ("Amsterdam", AliasForm::Capital)
            ]
        );
        assert_eq!(cs[0].country.as_deref(), Some("NL"));
    }
}
