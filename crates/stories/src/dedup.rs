//! Incremental near-duplicate detection against the store: a newly ingested article is
//! signed and compared only with the stored articles that share an LSH band with it.

use dossier_model::Document;
use dossier_store::{SqliteStore, StoreError};

use crate::minhash::{MinHashOptions, MinHasher, Signature};

/// Sign `doc`, find the stored articles it nearly duplicates, record the pairs and the
/// signature (so later articles are checked against it), and return the pairs found
/// (other article id, estimated Jaccard), most alike first. Re-indexing an article
/// already signed changes nothing.
pub fn index_document(
    store: &mut SqliteStore,
    doc: &Document,
    options: &MinHashOptions,
) -> Result<Vec<(String, f64)>, StoreError> {
    let scheme = options.scheme();
    let hasher = MinHasher::new(*options);
    let sig = hasher.signature(&doc.text);
    let bands = sig.bands(hasher.lsh());
    let mut found: Vec<(String, f64)> = store
        .band_candidates(&scheme, &bands)?
        .into_iter()
        .filter(|(id, _)| *id != doc.id)
        .map(|(id, bytes)| {
            let s = sig.similarity(&Signature::from_bytes(&bytes));
            (id, s)
        })
        .filter(|&(_, s)| s >= options.threshold)
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (other, s) in &found {
        store.put_near_duplicate(&doc.id, other, &scheme, *s)?;
    }
    store.put_signature(&doc.id, &scheme, &sig.to_bytes(), &bands)?;
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::Metadata;
    use dossier_store::Store;

    #[test]
    fn new_copy_is_found_among_stored_articles() {
        let mut store = SqliteStore::open_in_memory().expect("store");
        let wire = "Officials said on Tuesday that a state-backed group broke into the port \
                    authority network in March and stayed for weeks, copying shipping \
                    schedules and staff records before defenders noticed the intrusion.";
        let docs: Vec<Document> = [
            wire.to_string(),
            "Hospital staff received phishing mails that imitated the payroll office.".into(),
            format!("{wire} Reporting by a wire desk."),
        ]
        .into_iter()
        .map(|t| Document::new(t, Metadata::default()))
        .collect();
        let options = MinHashOptions::default();
        let mut found = Vec::new();
        for d in &docs {
            store.put_document(d).expect("put");
            found.push(index_document(&mut store, d, &options).expect("index"));
        }
        assert!(found[0].is_empty() && found[1].is_empty());
        assert_eq!(found[2].len(), 1);
        assert_eq!(found[2][0].0, docs[0].id);
        let stored = store.near_duplicates(&options.scheme()).expect("pairs");
        assert_eq!(stored.len(), 1);
        // Indexing again finds the same pair and adds nothing.
        index_document(&mut store, &docs[2], &options).expect("again");
        assert_eq!(
            store
                .near_duplicates(&options.scheme())
                .expect("pairs")
                .len(),
            1
        );
    }
}
