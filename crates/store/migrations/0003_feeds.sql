-- Version 3: what `dossier watch` and `dossier ingest --feed` remember about feeds, so a
-- restarted watcher neither refetches unchanged feeds nor re-reads items it has seen.

-- One row per feed (URL or local path): the validators for conditional GET and when it
-- was last polled (Unix seconds), which schedules the next poll after a restart.
CREATE TABLE feeds (
    location       TEXT PRIMARY KEY,
    etag           TEXT,
    last_modified  TEXT,
    last_polled    INTEGER
);

-- Items of a feed that went into the store (or were found there already), by the
-- entry's stable key (id, guid or link). Failed items are not recorded, so they are
-- tried again on the next poll. article_id is not a foreign key: the article record
-- stays the source of truth and may be stored under its own id by other inputs.
CREATE TABLE feed_items (
    feed       TEXT NOT NULL REFERENCES feeds (location) ON DELETE CASCADE,
    item_key   TEXT NOT NULL,
    article_id TEXT,
    seen_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (feed, item_key)
) WITHOUT ROWID;
