//! Tables the grouping layer keeps: near-duplicate signatures with their LSH bands, the
//! near-duplicate pairs found, and analysts' corrections (merge/split), which can be
//! undone and survive re-ingestion because they name articles by content id.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::{SqliteStore, StoreError};

/// A correction as stored: its payload is the grouping layer's JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredCorrection {
    /// Row id, used to undo it.
    pub id: i64,
    /// `merge` or `split`.
    pub kind: String,
    /// The correction (JSON).
    pub payload: String,
    /// When it was made (UTC, ISO 8601).
    pub created_at: String,
}

/// A near-duplicate pair as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NearDuplicate {
    /// Article id (the lesser).
    pub a: String,
    /// Article id (the greater).
    pub b: String,
    /// Estimated Jaccard similarity of their shingles.
    pub similarity: f64,
}

impl SqliteStore {
    /// Record a correction; returns its id.
    pub fn add_correction(&mut self, kind: &str, payload: &str) -> Result<i64, StoreError> {
        self.conn().execute(
            "INSERT INTO corrections (kind, payload) VALUES (?1, ?2)",
            params![kind, payload],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// The corrections in force (not undone), oldest first.
    pub fn corrections(&self) -> Result<Vec<StoredCorrection>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT id, kind, payload, created_at FROM corrections
             WHERE undone_at IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StoredCorrection {
                id: r.get(0)?,
                kind: r.get(1)?,
                payload: r.get(2)?,
                created_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Mark a correction undone; false when no correction in force has this id.
    pub fn undo_correction(&mut self, id: i64) -> Result<bool, StoreError> {
        let changed = self.conn().execute(
            "UPDATE corrections SET undone_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
             WHERE id = ?1 AND undone_at IS NULL",
            params![id],
        )?;
        Ok(changed == 1)
    }

    /// Store an article's signature and its band hashes under `scheme` (replacing any).
    pub fn put_signature(
        &mut self,
        article_id: &str,
        scheme: &str,
        minhash: &[u8],
        bands: &[(u32, u64)],
    ) -> Result<(), StoreError> {
        // A savepoint, so that it can nest inside `SqliteStore::atomically`.
        let tx = self.conn_mut().savepoint()?;
        tx.execute(
            "INSERT OR REPLACE INTO signatures (article_id, scheme, minhash) VALUES (?1, ?2, ?3)",
            params![article_id, scheme, minhash],
        )?;
        {
            let mut insert = tx.prepare(
                "INSERT OR IGNORE INTO lsh_bands (scheme, band, hash, article_id)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for &(band, hash) in bands {
                insert.execute(params![scheme, band, hash as i64, article_id])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The stored signature of an article under `scheme`.
    pub fn signature(&self, article_id: &str, scheme: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT minhash FROM signatures WHERE article_id = ?1 AND scheme = ?2",
                params![article_id, scheme],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Articles sharing at least one band hash with `bands` under `scheme`, with their
    /// signatures; the candidates for near-duplicates of a new article.
    pub fn band_candidates(
        &self,
        scheme: &str,
        bands: &[(u32, u64)],
    ) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let mut ids = std::collections::BTreeSet::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT article_id FROM lsh_bands WHERE scheme = ?1 AND band = ?2 AND hash = ?3",
        )?;
        for &(band, hash) in bands {
            let rows = stmt.query_map(params![scheme, band, hash as i64], |r| {
                r.get::<_, String>(0)
            })?;
            for id in rows {
                ids.insert(id?);
            }
        }
        let mut out = Vec::new();
        for id in ids {
            if let Some(sig) = self.signature(&id, scheme)? {
                out.push((id, sig));
            }
        }
        Ok(out)
    }

    /// Record a near-duplicate pair (stored with the lesser id first).
    pub fn put_near_duplicate(
        &mut self,
        a: &str,
        b: &str,
        scheme: &str,
        similarity: f64,
    ) -> Result<(), StoreError> {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        self.conn().execute(
            "INSERT OR REPLACE INTO near_duplicates (a, b, scheme, similarity) VALUES (?1, ?2, ?3, ?4)",
            params![a, b, scheme, similarity],
        )?;
        Ok(())
    }

    /// Every recorded near-duplicate pair under `scheme`, ordered by ids.
    pub fn near_duplicates(&self, scheme: &str) -> Result<Vec<NearDuplicate>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT a, b, similarity FROM near_duplicates WHERE scheme = ?1 ORDER BY a, b",
        )?;
        let rows = stmt.query_map(params![scheme], |r| {
            Ok(NearDuplicate {
                a: r.get(0)?,
                b: r.get(1)?,
                similarity: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;
    use dossier_model::{Document, Metadata};

    fn stored(store: &mut SqliteStore, text: &str) -> String {
        let doc = Document::new(text.into(), Metadata::default());
        store.put_document(&doc).expect("put");
        doc.id
    }

    #[test]
    fn corrections_can_be_listed_and_undone() {
        let mut store = SqliteStore::open_in_memory().expect("open");
        let a = store.add_correction("merge", "{\"x\":1}").expect("add");
        let b = store.add_correction("split", "{\"y\":2}").expect("add");
        assert_eq!(store.corrections().expect("list").len(), 2);
        assert!(store.undo_correction(a).expect("undo"));
        assert!(!store.undo_correction(a).expect("undo twice"));
        let left = store.corrections().expect("list");
        assert_eq!(left.len(), 1);
        assert_eq!((left[0].id, left[0].kind.as_str()), (b, "split"));
    }

    #[test]
    fn band_candidates_find_articles_sharing_a_band() {
        let mut store = SqliteStore::open_in_memory().expect("open");
        let x = stored(&mut store, "first article");
        let y = stored(&mut store, "second article");
        store
            .put_signature(&x, "s", &[1, 0, 0, 0], &[(0, u64::MAX), (1, 7)])
            .expect("sig");
        store
            .put_signature(&y, "s", &[2, 0, 0, 0], &[(0, 5), (1, 8)])
            .expect("sig");
        let found = store
            .band_candidates("s", &[(0, u64::MAX), (1, 8)])
            .expect("find");
        let ids: Vec<&str> = found.iter().map(|(id, _)| id.as_str()).collect();
        let mut want = vec![x.as_str(), y.as_str()];
        want.sort();
        assert_eq!(ids, want);
        assert!(
            store
                .band_candidates("other", &[(0, 5)])
                .expect("find")
                .is_empty()
        );
        store.put_near_duplicate(&y, &x, "s", 0.9).expect("pair");
        let pairs = store.near_duplicates("s").expect("pairs");
        assert_eq!(pairs.len(), 1);
        assert!(pairs[0].a < pairs[0].b);
    }
}
