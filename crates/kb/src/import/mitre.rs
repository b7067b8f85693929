//! The MITRE ATT&CK STIX extract (`mitre-attack/attack-groups-software-extract.json`):
//! intrusion sets become threat actors, malware and tool objects become malware and tools,
//! each with its ATT&CK id (G0128, S0154). Revoked and deprecated objects are skipped.

use std::collections::HashMap;

use dossier_model::EntityKind;
use serde::Deserialize;

use super::merge::Cluster;

/// The parts of a STIX bundle the importer reads.
#[derive(Deserialize)]
pub(crate) struct Bundle {
    #[serde(default)]
    objects: Vec<StixObject>,
}

#[derive(Deserialize)]
struct StixObject {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    relationship_type: Option<String>,
    #[serde(default)]
    source_ref: Option<String>,
    #[serde(default)]
    target_ref: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    x_mitre_aliases: Vec<String>,
    #[serde(default)]
    external_references: Vec<ExternalReference>,
    #[serde(default)]
    revoked: Option<bool>,
    #[serde(default)]
    x_mitre_deprecated: Option<bool>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Deserialize)]
struct ExternalReference {
    #[serde(default)]
    source_name: String,
    #[serde(default)]
    external_id: Option<String>,
}

/// What the bundle yields: clusters (groups first), the number of skipped objects, and the
/// ATT&CK ids that were revoked in favour of others (G0118 → G0016).
pub(crate) struct Extract {
    pub clusters: Vec<Cluster>,
    pub skipped: usize,
    pub revoked: HashMap<String, String>,
}

/// The ATT&CK id of an object.
fn attack_id(object: &StixObject) -> Option<&str> {
    object
        .external_references
        .iter()
        .find(|r| r.source_name == "mitre-attack")
        .and_then(|r| r.external_id.as_deref())
}

/// Revoked ATT&CK ids and the ids that replace them, from `revoked-by` relationships.
fn revoked_ids(objects: &[StixObject]) -> HashMap<String, String> {
    let by_stix: HashMap<&str, &str> = objects
        .iter()
        .filter_map(|o| attack_id(o).map(|a| (o.id.as_str(), a)))
        .collect();
    objects
        .iter()
        .filter(|o| {
            o.kind == "relationship" && o.relationship_type.as_deref() == Some("revoked-by")
        })
        .filter_map(|o| {
            let old = by_stix.get(o.source_ref.as_deref()?)?;
            let new = by_stix.get(o.target_ref.as_deref()?)?;
            Some((old.to_string(), new.to_string()))
        })
        .collect()
}

/// The clusters of the bundle (see [`Extract`]).
pub(crate) fn clusters(bundle: Bundle) -> Extract {
    let revoked = revoked_ids(&bundle.objects);
    let mut groups = Vec::new();
    let mut software = Vec::new();
    let mut skipped = 0;
    for object in bundle.objects {
        let kind = match object.kind.as_str() {
            "intrusion-set" => EntityKind::ThreatActor,
            "malware" => EntityKind::Malware,
            "tool" => EntityKind::Tool,
            _ => continue,
        };
        if object.revoked == Some(true)
            || object.x_mitre_deprecated == Some(true)
            || object.name.trim().is_empty()
        {
            skipped += 1;
            continue;
        }
        let mut c = Cluster::new(object.name.trim(), kind);
        for alias in object.aliases.iter().chain(&object.x_mitre_aliases) {
            c.name_alias(alias);
        }
        if let Some(id) = attack_id(&object) {
            c.ext_id("mitre-attack", id);
        }
        c.description = object
            .description
            .as_deref()
            .and_then(super::clean::description);
        if kind == EntityKind::ThreatActor {
            groups.push(c);
        } else {
            software.push(c);
        }
    }
    groups.extend(software);
    Extract {
        clusters: groups,
        skipped,
        revoked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intrusion_sets_keep_aliases_and_attack_id() {
        let json = r#"{"objects":[
          {"type":"intrusion-set","name":"ZIRCONIUM","aliases":["ZIRCONIUM","APT31"],
           "external_references":[{"source_name":"mitre-attack","external_id":"G0128"}]},
          {"type":"malware","id":"m-1","name":"Old","revoked":true,
           "external_references":[{"source_name":"mitre-attack","external_id":"S9000"}]},
          {"type":"malware","id":"m-2","name":"New",
           "external_references":[{"source_name":"mitre-attack","external_id":"S0508"}]},
          {"type":"relationship","relationship_type":"revoked-by","source_ref":"m-1","target_ref":"m-2"}]}"#;
        let Extract {
            clusters: cs,
            skipped,
            revoked,
        } = clusters(serde_json::from_str(json).unwrap());
        assert_eq!(skipped, 1);
        assert_eq!(revoked["S9000"], "S0508");
        assert_eq!(cs.len(), 2);
        assert_eq!(
            cs[0].aliases,
            [("APT31".to_string(), crate::AliasForm::Acronym)]
        );
        assert_eq!(
            cs[0].ext,
            [("mitre-attack".to_string(), "G0128".to_string())]
        );
    }
}
