//! Deterministic identifiers: UUIDv5 of stable keys under dossier's namespace.

use uuid::Uuid;

/// The UUIDv5 namespace of every identifier dossier exports. Fixed forever: changing it
/// would make every re-export look like new objects to the tools that imported the last.
pub const NAMESPACE: Uuid = Uuid::from_u128(0x6d1f_3c2a_8b4e_4f0a_9c57_2e8d_41b6_a903);

/// The UUIDv5 of a stable key (e.g. `incident|<incident id>`).
pub fn uuid_of(key: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, key.as_bytes())
}

/// A STIX identifier `<type>--<uuid>` whose UUID is the UUIDv5 of `type|key`, so the same
/// thing exported twice keeps its id.
pub fn stix_id(stix_type: &str, key: &str) -> String {
    format!("{stix_type}--{}", uuid_of(&format!("{stix_type}|{key}")))
}

/// A file name made of the id's letters, digits, `-` and `_` only.
pub(crate) fn file_safe(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.is_empty() {
        "incident".into()
    } else {
        safe
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stix_ids_are_stable_version_5_uuids() {
        let a = stix_id("intrusion-set", "actor:apt31");
        assert_eq!(a, stix_id("intrusion-set", "actor:apt31"));
        assert_ne!(a, stix_id("threat-actor", "actor:apt31"));
        let uuid = a
            .strip_prefix("intrusion-set--")
            .and_then(|u| Uuid::parse_str(u).ok());
        assert_eq!(uuid.map(|u| u.get_version_num()), Some(5));
    }

    #[test]
    fn file_names_keep_only_safe_characters() {
        assert_eq!(file_safe("ab/../c d"), "ab____c_d");
        assert_eq!(file_safe(""), "incident");
    }
}
