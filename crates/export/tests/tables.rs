//! CSV, PLOVER and MISP exports, and the selection options.

mod common;

use common::{fixture, render};
use dossier_export::{
    ExportError, ExportOptions, Format, INCIDENT_COLUMNS, export, export_misp_dir,
};
use dossier_kb::Kb;
use dossier_model::PartialDate;
use serde_json::Value;

fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("row").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn cell<'a>(header: &[String], row: &'a [String], column: &str) -> &'a str {
    let i = header.iter().position(|h| h == column).expect("column");
    &row[i]
}

#[test]
fn csv_header_and_one_row_per_incident() {
    let (docs, incidents) = fixture();
    let text = render(Format::Csv, &docs, &incidents, &ExportOptions::default());
    let (header, rows) = csv_rows(&text);
    assert_eq!(header, INCIDENT_COLUMNS.map(String::from).to_vec());
    assert_eq!(rows.len(), incidents.len());
    let row = rows
        .iter()
        .find(|r| cell(&header, r, "attributing_actor").contains("United Kingdom"))
        .expect("the UK attribution");
    assert_eq!(cell(&header, row, "initiator_name"), "APT31");
    assert_eq!(cell(&header, row, "initiator_country"), "CN");
    assert!(cell(&header, row, "attribution_hedge").contains("almost certainly"));
    assert!(cell(&header, row, "response_sanction").contains("United Kingdom against APT31"));
    assert!(
        cell(&header, row, "sources").contains("https://news.example.org/2024/05/apt31-parliament")
    );
}

#[test]
fn plover_rows_code_accusations_and_rejections() {
    let (docs, incidents) = fixture();
    let text = render(Format::Plover, &docs, &incidents, &ExportOptions::default());
    let (header, rows) = csv_rows(&text);
    let accuse = rows
        .iter()
        .find(|r| {
            cell(&header, r, "event_type") == "ACCUSE"
                && cell(&header, r, "event_mode") == "attribute"
        })
        .expect("an ACCUSE row");
    assert_eq!(cell(&header, accuse, "recipient_name"), "APT31");
    assert_eq!(cell(&header, accuse, "recipient_country"), "CN");
    assert!(!cell(&header, accuse, "quote").is_empty());
    let reject = rows
        .iter()
        .find(|r| cell(&header, r, "event_type") == "REJECT")
        .expect("a REJECT row");
    assert_eq!(cell(&header, reject, "actor_country"), "CN");
    assert!(
        rows.iter()
            .any(|r| cell(&header, r, "event_type") == "SANCTION")
    );
}

#[test]
fn misp_event_per_incident_with_tags_and_attributes() {
    let (docs, incidents) = fixture();
    let text = render(Format::Misp, &docs, &incidents, &ExportOptions::default());
    let v: Value = serde_json::from_str(&text).expect("json");
    let events = v["response"].as_array().expect("response list");
    assert_eq!(events.len(), incidents.len());
    let event = events
        .iter()
        .map(|e| &e["Event"])
        .find(|e| e["info"].as_str().is_some_and(|i| i.contains("APT31")))
        .expect("the APT31 event");
    let tags: Vec<&str> = event["Tag"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert!(
        tags.contains(&"misp-galaxy:threat-actor=\"APT31\""),
        "{tags:?}"
    );
    assert!(tags.contains(&"misp-galaxy:country=\"china\""), "{tags:?}");
    let has = |kind: &str, value: &str| {
        event["Attribute"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["type"] == kind && x["value"] == value))
    };
    assert!(has("ip-dst", "203.0.113.7"));
    assert!(has("vulnerability", "CVE-2023-12345"));
    assert!(has(
        "link",
        "https://news.example.org/2024/05/apt31-followup"
    ));
    assert_eq!(event["distribution"], "0");
    let report = event["EventReport"][0]["content"].as_str().expect("report");
    assert!(report.contains("rejected the accusations"));
}

#[test]
fn misp_directory_gets_one_file_per_incident() {
    let (docs, incidents) = fixture();
    let dir = std::env::temp_dir().join(format!("dossier-export-misp-{}", std::process::id()));
    let written = export_misp_dir(
        &docs,
        &incidents,
        &Kb::core(),
        &ExportOptions::default(),
        &dir,
    )
    .expect("written");
    assert_eq!(written.len(), incidents.len());
    for path in &written {
        let v: Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("file")).expect("json");
        assert!(v["Event"]["info"].is_string());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn options_select_one_incident_or_recent_ones() {
    let (docs, incidents) = fixture();
    let first = &incidents[0];
    let one = ExportOptions {
        incident: Some(first.id.clone()),
        since: None,
    };
    let (_, rows) = csv_rows(&render(Format::Csv, &docs, &incidents, &one));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], first.id);

    let later = ExportOptions {
        incident: None,
        since: PartialDate::parse_iso("2025-01"),
    };
    let (_, rows) = csv_rows(&render(Format::Csv, &docs, &incidents, &later));
    assert!(rows.is_empty());

    let missing = ExportOptions {
        incident: Some("no-such-incident".into()),
        since: None,
    };
    let err = export(
        Format::Stix,
        &docs,
        &incidents,
        &Kb::core(),
        &missing,
        &mut Vec::new(),
    );
    assert!(matches!(err, Err(ExportError::UnknownIncident(_))));
}
