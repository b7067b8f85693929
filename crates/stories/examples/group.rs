//! Group article records (`dossier extract --format jsonl` output) without a store:
//! `group incidents|stories|explain|explain-stories|dossier|similarity FILE...` prints
//! JSON (or text for the explanations, `dossier`, and the pairwise MinHash `similarity`).
//! A FILE ending in `.db` is a store (which keeps the sentence layer), any other one
//! JSONL records. Handy for tuning and for the grouping yardsticks.

use std::error::Error;

use dossier_model::Document;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_default();
    let mut docs = Vec::new();
    for path in args {
        if path.ends_with(".db") {
            // A store keeps the sentence layer that JSONL records leave out.
            use dossier_store::Store;
            let store = dossier_store::SqliteStore::open(std::path::Path::new(&path))?;
            docs.extend(store.documents()?);
            continue;
        }
        for line in std::fs::read_to_string(&path)?
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            docs.push(Document::from_record(line)?);
        }
    }
    match what.as_str() {
        "incidents" => println!(
            "{}",
            serde_json::to_string_pretty(&dossier_stories::incident_records(&docs, &[]))?
        ),
        "stories" => println!(
            "{}",
            serde_json::to_string_pretty(&dossier_stories::stories(&docs))?
        ),
        "explain" => dossier_stories::explain_incidents(&docs, &[])
            .iter()
            .for_each(|e| println!("{e}")),
        "explain-stories" => {
            let options = dossier_stories::StoryOptions::default();
            dossier_stories::explain_stories(&docs, &[], &options)
                .iter()
                .for_each(|e| println!("{e}"))
        }
        "similarity" => {
            let options = dossier_stories::minhash::MinHashOptions::default();
            let hasher = dossier_stories::minhash::MinHasher::new(options);
            let sigs: Vec<_> = docs.iter().map(|d| hasher.signature(&d.text)).collect();
            println!("{} {:?}", options.scheme(), hasher.lsh());
            for i in 0..docs.len() {
                for j in i + 1..docs.len() {
                    println!(
                        "{:.2} {} {}",
                        sigs[i].similarity(&sigs[j]),
                        docs[i].meta.source,
                        docs[j].meta.source
                    );
                }
            }
        }
        "dossier" => dossier_stories::incidents(&docs)
            .iter()
            .for_each(|i| println!("{}", dossier_stories::incident_dossier(i))),
        _ => {
            return Err(
                "usage: group incidents|stories|explain|explain-stories|dossier|similarity FILE..."
                    .into(),
            );
        }
    }
    Ok(())
}
