//! The CISA Known Exploited Vulnerabilities catalogue
//! (`cisa-kev/known_exploited_vulnerabilities.json`): vendors become companies, vendor and
//! product pairs become products (named "Vendor Product", with the bare product name as an
//! alias), and every CVE a `vuln:cve-...` entry linked to its vendor and product.

use std::collections::BTreeMap;

use dossier_model::EntityKind;
use serde::Deserialize;

use super::merge::{Cluster, Merger};

#[derive(Deserialize)]
pub(crate) struct Catalogue {
    #[serde(default)]
    vulnerabilities: Vec<Vulnerability>,
}

#[derive(Deserialize)]
struct Vulnerability {
    #[serde(rename = "cveID")]
    cve: String,
    #[serde(rename = "vendorProject", default)]
    vendor: String,
    #[serde(default)]
    product: String,
    #[serde(rename = "vulnerabilityName", default)]
    name: String,
}

/// The source name recorded on aliases.
const SOURCE: &str = "cisa-kev";

/// Merges vendors, then products, then vulnerabilities.
pub(crate) fn merge(catalogue: Catalogue, merger: &mut Merger) {
    let vulns = catalogue.vulnerabilities;
    let vendors: Vec<String> = distinct(vulns.iter().map(|v| v.vendor.trim().to_string()));
    let vendor_clusters = vendors
        .iter()
        .map(|v| Cluster::new(v, EntityKind::Company))
        .collect();
    let placed = merger.merge_batch(SOURCE, &format!("{SOURCE} (vendors)"), vendor_clusters, 0);
    let vendor_of: BTreeMap<&str, (String, Option<String>)> = vendors
        .iter()
        .zip(placed)
        .map(|(name, i)| {
            let e = merger.entry(i);
            (name.as_str(), (e.id.clone(), e.country.clone()))
        })
        .collect();

    let pairs: Vec<(String, String)> = distinct(
        vulns
            .iter()
            .filter(|v| is_specific_product(&v.product))
            .map(|v| (v.vendor.trim().to_string(), v.product.trim().to_string())),
    );
    let product_clusters = pairs
        .iter()
        .map(|(vendor, product)| product_cluster(vendor, product, &vendor_of))
        .collect();
    let placed = merger.merge_batch(SOURCE, &format!("{SOURCE} (products)"), product_clusters, 0);
    let product_of: BTreeMap<(&str, &str), String> = pairs
        .iter()
        .zip(placed)
        .map(|((v, p), i)| ((v.as_str(), p.as_str()), merger.entry(i).id.clone()))
        .collect();

    let total = vulns.len();
    let vuln_clusters: Vec<Cluster> = vulns
        .iter()
        .filter(|v| v.cve.starts_with("CVE-"))
        .map(|v| {
            let mut c = Cluster::new(v.cve.trim(), EntityKind::Vulnerability);
            c.ext_id("cve", v.cve.trim());
            if let Some((id, _)) = vendor_of.get(v.vendor.trim()) {
                c.ext_id("vendor", id);
            }
            if let Some(id) = product_of.get(&(v.vendor.trim(), v.product.trim())) {
                c.ext_id("product", id);
            }
            c.description = Some(v.name.trim().to_string()).filter(|n| !n.is_empty());
            c
        })
        .collect();
    let skipped = total - vuln_clusters.len();
    merger.merge_batch(SOURCE, SOURCE, vuln_clusters, skipped);
}

/// A product cluster: "Vendor Product" unless the product already starts with the vendor.
fn product_cluster(
    vendor: &str,
    product: &str,
    vendor_of: &BTreeMap<&str, (String, Option<String>)>,
) -> Cluster {
    let starts_with_vendor = product.to_lowercase().starts_with(&vendor.to_lowercase());
    let name = if starts_with_vendor {
        product.to_string()
    } else {
        format!("{vendor} {product}")
    };
    let mut c = Cluster::new(&name, EntityKind::Product);
    if !starts_with_vendor {
        c.name_alias(product);
    }
    if let Some((id, country)) = vendor_of.get(vendor) {
        c.ext_id("vendor", id);
        c.country = country.clone();
    }
    c
}

/// Products named "Multiple Products" and the like name nothing in particular.
fn is_specific_product(product: &str) -> bool {
    let p = product.trim();
    !p.is_empty() && !p.to_ascii_lowercase().starts_with("multiple")
}

fn distinct<T: Ord + Clone>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut seen = std::collections::BTreeSet::new();
    items.filter(|i| seen.insert(i.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Kb;

    #[test]
    fn kev_links_vulnerability_to_core_product_and_vendor() {
        let json = r#"{"vulnerabilities":[
          {"cveID":"CVE-2022-42475","vendorProject":"Fortinet","product":"FortiOS","vulnerabilityName":"FortiOS Heap Overflow"},
          {"cveID":"CVE-2099-0001","vendorProject":"Acme Widgets","product":"Multiple Products","vulnerabilityName":"Acme flaw"}]}"#;
        let mut merger = Merger::new(Kb::core());
        merge(serde_json::from_str(json).unwrap(), &mut merger);
        let (kb, _) = merger.into_kb();
        let v = kb.get("vuln:cve-2022-42475").unwrap();
        assert_eq!(v.external_ids["vendor"], "company:fortinet");
        assert_eq!(v.external_ids["product"], "product:fortios");
        assert!(v.sources.iter().any(|s| s == "cisa-kev"));
        let acme = kb.get("vuln:cve-2099-0001").unwrap();
        assert_eq!(acme.external_ids["vendor"], "company:acme-widgets");
        assert!(!acme.external_ids.contains_key("product"));
        assert_eq!(acme.description.as_deref(), Some("Acme flaw"));
    }
}
