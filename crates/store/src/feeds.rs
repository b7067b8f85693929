//! What the feed reader remembers between runs: each feed's conditional-GET validators
//! and last poll, and the items already taken from it. Kept in the store itself (not a
//! state file beside it) so that it moves, is backed up and is locked together with the
//! articles it describes, and a crash can never leave the two out of step by more than
//! the one item being written (which is then simply read again).

use rusqlite::{OptionalExtension, params};

use crate::{SqliteStore, StoreError};

/// What is remembered about one feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedState {
    /// The `ETag` the server last sent.
    pub etag: Option<String>,
    /// The `Last-Modified` the server last sent.
    pub last_modified: Option<String>,
    /// When the feed was last polled (Unix seconds).
    pub last_polled: Option<i64>,
}

impl SqliteStore {
    /// The remembered state of the feed at `location`, if it was ever polled.
    pub fn feed_state(&self, location: &str) -> Result<Option<FeedState>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT etag, last_modified, last_polled FROM feeds WHERE location = ?1",
                params![location],
                |r| {
                    Ok(FeedState {
                        etag: r.get(0)?,
                        last_modified: r.get(1)?,
                        last_polled: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Record a poll of the feed at `location` at `polled` (Unix seconds) with the
    /// validators to send next time.
    pub fn record_feed_poll(
        &mut self,
        location: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
        polled: i64,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO feeds (location, etag, last_modified, last_polled)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (location) DO UPDATE SET etag = excluded.etag,
                 last_modified = excluded.last_modified, last_polled = excluded.last_polled",
            params![location, etag, last_modified, polled],
        )?;
        Ok(())
    }

    /// True when the item `key` of the feed at `location` was recorded as taken.
    pub fn feed_item_seen(&self, location: &str, key: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT 1 FROM feed_items WHERE feed = ?1 AND item_key = ?2",
                params![location, key],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Record that the item `key` of the feed at `location` was taken (stored as
    /// `article_id`, when it gave an article).
    pub fn mark_feed_item_seen(
        &mut self,
        location: &str,
        key: &str,
        article_id: Option<&str>,
    ) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT OR IGNORE INTO feeds (location) VALUES (?1)",
            params![location],
        )?;
        tx.execute(
            "INSERT OR REPLACE INTO feed_items (feed, item_key, article_id) VALUES (?1, ?2, ?3)",
            params![location, key, article_id],
        )?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_state_survives_reopening() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("feeds.db");
        let feed = "https://wire.example/rss.xml";
        {
            let mut store = SqliteStore::open(&path).expect("open");
            assert_eq!(store.feed_state(feed).expect("state"), None);
            assert!(!store.feed_item_seen(feed, "item-1").expect("seen"));
            store
                .mark_feed_item_seen(feed, "item-1", Some("abc"))
                .expect("mark");
            store
                .record_feed_poll(feed, Some("\"v1\""), None, 1_700_000_000)
                .expect("poll");
            store
                .record_feed_poll(
                    feed,
                    Some("\"v2\""),
                    Some("Tue, 02 Jan 2024 10:00:00 GMT"),
                    1_700_000_600,
                )
                .expect("poll again");
        }
        let store = SqliteStore::open(&path).expect("reopen");
        assert_eq!(
            store.feed_state(feed).expect("state"),
            Some(FeedState {
                etag: Some("\"v2\"".into()),
                last_modified: Some("Tue, 02 Jan 2024 10:00:00 GMT".into()),
                last_polled: Some(1_700_000_600),
            })
        );
        assert!(store.feed_item_seen(feed, "item-1").expect("seen"));
        assert!(!store.feed_item_seen(feed, "item-2").expect("seen"));
        assert!(!store.feed_item_seen("other", "item-1").expect("seen"));
    }
}
