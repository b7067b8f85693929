//! Shared helpers: run the real pipeline over short articles and export them.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use dossier_export::{ExportOptions, Format, export};
use dossier_kb::Kb;
use dossier_model::Document;
use dossier_model::incident::Incident;

/// Two short articles written for these tests: an attribution with a hedge, a denial,
/// sanctions and a summons, an indicator and a CVE.
pub const FIXTURE: [(&str, &str); 2] = [
    (
        "https://news.example.org/2024/05/apt31-parliament",
        "Britain blames APT31 for breach of parliament email\n\n\
         By Example Wire\n\
         Published: May 14, 2024\n\n\
         The UK government said on Tuesday that APT31 had almost certainly breached email \
         accounts of the Parliament of the United Kingdom last year.\n\n\
         The group exploited CVE-2023-12345 and used the server 203.0.113.7 for command and control.\n\n\
         The UK imposed sanctions on two officers linked to APT31. The Foreign Office summoned \
         the Chinese ambassador.\n\n\
         The Chinese embassy in London rejected the accusations as groundless.",
    ),
    (
        "https://news.example.org/2024/05/apt31-followup",
        "Allies echo British claims about APT31\n\n\
         By Example Wire\n\
         Published: May 16, 2024\n\n\
         The United States said on Thursday that APT31 was likely behind the breach of the \
         Parliament of the United Kingdom.\n\n\
         Beijing denied the allegations.",
    ),
];

/// Documents from `(source, text)` pairs, through the default pipeline over the core KB.
pub fn documents(articles: &[(&str, &str)]) -> Vec<Document> {
    let pipeline = dossier_extract::pipeline(Arc::new(Kb::core()), &Default::default());
    articles
        .iter()
        .map(|(source, text)| {
            let mut doc = dossier_clean::into_document(dossier_clean::clean_plain(text, source));
            pipeline.run(&mut doc).expect("pipeline runs");
            doc
        })
        .collect()
}

/// The fixture's documents and incidents.
pub fn fixture() -> (Vec<Document>, Vec<Incident>) {
    let docs = documents(&FIXTURE);
    let incidents = dossier_stories::incidents(&docs);
    (docs, incidents)
}

/// The export as a string.
pub fn render(
    format: Format,
    docs: &[Document],
    incidents: &[Incident],
    opts: &ExportOptions,
) -> String {
    let mut out = Vec::new();
    export(format, docs, incidents, &Kb::core(), opts, &mut out).expect("export");
    String::from_utf8(out).expect("utf-8")
}

/// `shared/examples/articles` beside the repository, when present.
pub fn shared_examples() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/examples/articles");
    dir.canonicalize().ok().filter(|d| d.is_dir())
}

/// Documents and incidents of the shared example articles (sorted by file name).
pub fn shared_fixture() -> Option<(Vec<Document>, Vec<Incident>)> {
    let dir = shared_examples()?;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let texts: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("readable article");
            (p.display().to_string(), text)
        })
        .collect();
    let pairs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(s, t)| (s.as_str(), t.as_str()))
        .collect();
    let docs = documents(&pairs);
    let incidents = dossier_stories::incidents(&docs);
    Some((docs, incidents))
}
