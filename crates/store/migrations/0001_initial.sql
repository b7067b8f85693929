-- Version 1: articles with their annotation layers, full-text search, corrections.

-- `seq` is the rowid the FTS index points at: an explicit INTEGER PRIMARY KEY, because
-- VACUUM may renumber implicit rowids and that would detach the index from its rows.
CREATE TABLE articles (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    source      TEXT NOT NULL,
    url         TEXT,
    title       TEXT,
    outlet      TEXT,
    published   TEXT,            -- YYYY, YYYY-MM or YYYY-MM-DD: sorts as text
    language    TEXT NOT NULL,
    text        TEXT NOT NULL,
    record      TEXT NOT NULL,   -- the article record (contract JSON), the source of truth
    sentences   TEXT NOT NULL DEFAULT '[]', -- internal sentence layer the record omits
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX articles_by_published ON articles (published, id);

-- One row per entity of an article; `mentions` counts its mentions there.
CREATE TABLE entities (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id  TEXT NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    country    TEXT,
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX entities_by_entity ON entities (entity_id);
CREATE INDEX entities_by_country ON entities (country);

CREATE TABLE events (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL, -- position in the article's event list
    type       TEXT NOT NULL,
    realis     TEXT NOT NULL,
    trigger    TEXT NOT NULL,
    time_value TEXT,
    confidence REAL NOT NULL,
    record     TEXT NOT NULL,    -- the event as the contract serialises it
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX events_by_type ON events (type);

CREATE TABLE indicators (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    value      TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL
);
CREATE INDEX indicators_by_value ON indicators (kind, value);
CREATE INDEX indicators_by_article ON indicators (article_id);

-- External-content index over title and text, kept in step by the triggers below.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text,
    content = 'articles', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

-- Reserved for analyst corrections (merge/split decisions on incidents and stories).
CREATE TABLE corrections (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,    -- JSON
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    undone_at  TEXT
);
