//! The SQLite implementation of [`Store`].

use std::path::Path;
use std::time::Duration;

use dossier_model::{Document, Span};
use rusqlite::{Connection, OptionalExtension, params};

use crate::migrations;
use crate::query::fts_expression;
use crate::{
    PutOutcome, SEARCH_RANK_WINDOW, SearchHit, SearchResults, Store, StoreCounts, StoreError,
};

/// How long a writer waits for another process's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Weights of the indexed columns (title, text) in BM25: a match in the headline counts
/// more than one in the body.
const RANK: &str = "bm25(articles_fts, 4.0, 1.0)";

/// A store in one SQLite file (or in memory).
pub struct SqliteStore {
    conn: Connection,
    version: u32,
}

impl SqliteStore {
    /// Open or create the database at `path` and migrate it to the current schema.
    ///
    /// Fails with [`StoreError::NewerSchema`] when a newer dossier wrote the file.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let name = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: name.clone(),
            source,
        })?;
        Self::prepare(conn, &name)
    }

    /// A fresh database that lives only as long as the value (for tests and one-off runs).
    pub fn open_in_memory() -> Result<Self, StoreError> {
        let name = ":memory:";
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: name.into(),
            source,
        })?;
        Self::prepare(conn, name)
    }

    /// Run `f` as one transaction: what it writes through this store is kept only when
    /// it returns `Ok`, so a failure halfway (say, storing an article and then failing
    /// to index it) leaves nothing behind. Store methods called inside nest as
    /// savepoints.
    ///
    /// ```
    /// use dossier_model::{Document, Metadata};
    /// use dossier_store::{SqliteStore, Store, StoreError};
    ///
    /// let mut store = SqliteStore::open_in_memory()?;
    /// let doc = Document::new("Hackers breached the ministry.".into(), Metadata::default());
    /// let failed: Result<(), StoreError> = store.atomically(|s| {
    ///     s.put_document(&doc)?;
    ///     Err(StoreError::BadQuery { query: "x".into(), message: "second step failed".into() })
    /// });
    /// assert!(failed.is_err());
    /// assert_eq!(store.count()?.articles, 0);
    /// # Ok::<(), StoreError>(())
    /// ```
    pub fn atomically<T, E>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        self.conn
            .execute_batch("SAVEPOINT atomically")
            .map_err(StoreError::from)?;
        let result = f(self).and_then(|value| {
            self.conn
                .execute_batch("RELEASE atomically")
                .map_err(|e| E::from(StoreError::from(e)))?;
            Ok(value)
        });
        if result.is_err() {
            // Undo and close the savepoint. Should even that fail, the connection is
            // broken and the next statement reports it.
            let _ = self
                .conn
                .execute_batch("ROLLBACK TO atomically; RELEASE atomically");
        }
        result
    }

    /// The connection, for the other tables' modules.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection, mutably (for transactions).
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> u32 {
        self.version
    }

    /// A number that changes whenever *another* connection (or process) commits to the
    /// database (SQLite's `PRAGMA data_version`); this connection's own writes leave it
    /// alone. Cheap: callers poll it to know when what they derived is stale.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |row| row.get(0))?)
    }

    /// Set the connection up and migrate; SQLite errors here mean the file is unusable.
    fn prepare(mut conn: Connection, name: &str) -> Result<Self, StoreError> {
        let unusable = |source| StoreError::Open {
            path: name.to_string(),
            source,
        };
        configure(&conn).map_err(unusable)?;
        migrations::migrate(&mut conn, name).map_err(|e| match e {
            StoreError::Sqlite(source) => unusable(source),
            other => other,
        })?;
        let version = migrations::schema_version(&conn)?;
        Ok(SqliteStore { conn, version })
    }
}

/// Connection settings: WAL so readers never block the writer, enforced foreign keys.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // In-memory databases answer "memory": they have no journal file to switch.
    let _mode: String =
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

impl Store for SqliteStore {
    fn put_document(&mut self, doc: &Document) -> Result<PutOutcome, StoreError> {
        // A savepoint is a transaction of its own, or nests inside `atomically`.
        let tx = self.conn.savepoint()?;
        if !insert_article(&tx, doc)? {
            return Ok(PutOutcome::Unchanged);
        }
        insert_entities(&tx, doc)?;
        insert_events(&tx, doc)?;
        insert_indicators(&tx, doc)?;
        tx.commit()?;
        Ok(PutOutcome::Inserted)
    }

    fn get_document(&self, id: &str) -> Result<Option<Document>, StoreError> {
        self.conn
            .query_row(
                "SELECT id, record, sentences FROM articles WHERE id = ?1",
                [id],
                stored_record,
            )
            .optional()?
            .map(StoredRecord::into_document)
            .transpose()
    }

    fn documents(&self) -> Result<Vec<Document>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, record, sentences FROM articles
             ORDER BY published IS NULL, published, id",
        )?;
        let rows = stmt.query_map([], stored_record)?;
        rows.map(|row| row?.into_document()).collect()
    }

    fn document_ids(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM articles ORDER BY published IS NULL, published, id")?;
        let ids = stmt.query_map([], |row| row.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    fn count(&self) -> Result<StoreCounts, StoreError> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM articles),
                    (SELECT count(DISTINCT entity_id) FROM entities),
                    (SELECT count(*) FROM events),
                    (SELECT count(*) FROM indicators)",
            [],
            |row| {
                Ok(StoreCounts {
                    articles: row.get(0)?,
                    entities: row.get(1)?,
                    events: row.get(2)?,
                    indicators: row.get(3)?,
                })
            },
        )?)
    }

    fn search_results(&self, query: &str, limit: usize) -> Result<SearchResults, StoreError> {
        let bad_query = |message: String| StoreError::BadQuery {
            query: query.to_string(),
            message,
        };
        let expression = fts_expression(query).map_err(bad_query)?;
        if limit == 0 {
            return Ok(SearchResults {
                hits: Vec::new(),
                ranked_newest: None,
            });
        }
        // Three steps: score the newest matches on the index alone (at most one more than
        // the window, which tells whether there were more), rank them here, then read the
        // article and cut the snippet for the hits kept. One query doing all makes SQLite
        // build the snippet and join the article of *every* match before sorting.
        let newest = format!(
            "SELECT rowid, -{RANK} FROM articles_fts WHERE articles_fts MATCH ?1
             ORDER BY rowid DESC LIMIT ?2"
        );
        let run = || -> rusqlite::Result<SearchResults> {
            let window = i64::try_from(SEARCH_RANK_WINDOW + 1).unwrap_or(i64::MAX);
            let mut ranked: Vec<(i64, f64)> = self
                .conn
                .prepare_cached(&newest)?
                .query_map(params![expression, window], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let ranked_newest = (ranked.len() > SEARCH_RANK_WINDOW).then_some(SEARCH_RANK_WINDOW);
            ranked.truncate(SEARCH_RANK_WINDOW);
            // Best score first; ties in storage order, as the full ranking had them.
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            ranked.truncate(limit);
            let mut snippet = self.conn.prepare_cached(
                "SELECT snippet(articles_fts, -1, '[', ']', '…', 16) FROM articles_fts
                 WHERE articles_fts MATCH ?1 AND rowid = ?2",
            )?;
            let mut article = self.conn.prepare_cached(
                "SELECT id, title, source, published FROM articles WHERE seq = ?1",
            )?;
            let hits = ranked
                .into_iter()
                .map(|(seq, score)| {
                    let snippet: String =
                        snippet.query_row(params![expression, seq], |row| row.get(0))?;
                    article.query_row([seq], |row| {
                        Ok(SearchHit {
                            id: row.get(0)?,
                            title: row.get(1)?,
                            source: row.get(2)?,
                            published: row.get(3)?,
                            score,
                            snippet,
                        })
                    })
                })
                .collect::<rusqlite::Result<_>>()?;
            Ok(SearchResults {
                hits,
                ranked_newest,
            })
        };
        run().map_err(|e| match fts_syntax_message(&e) {
            Some(message) => bad_query(format!(
                "{message}; check the operators and parentheses, or put quotes around words \
                 meant literally"
            )),
            None => StoreError::Sqlite(e),
        })
    }

    fn articles_mentioning(&self, entity_id: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT article_id FROM entities WHERE entity_id = ?1
             ORDER BY mentions DESC, article_id",
        )?;
        let ids = stmt.query_map([entity_id], |row| row.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }
}

/// The message of an error FTS5 raised while parsing a match expression.
fn fts_syntax_message(e: &rusqlite::Error) -> Option<String> {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(msg))
            if msg.contains("fts5")
                || msg.contains("syntax error")
                || msg.contains("no such column") =>
        {
            Some(msg.clone())
        }
        _ => None,
    }
}

/// Insert the article row; false when an article with this id is stored already.
fn insert_article(tx: &Connection, doc: &Document) -> Result<bool, StoreError> {
    let encode = |source| StoreError::Encode {
        id: doc.id.clone(),
        source,
    };
    let record = serde_json::to_string(doc).map_err(encode)?;
    let sentences = serde_json::to_string(&doc.sentences).map_err(encode)?;
    let meta = &doc.meta;
    let inserted = tx.execute(
        "INSERT INTO articles (id, source, url, title, outlet, published, language, text,
                               record, sentences)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (id) DO NOTHING",
        params![
            doc.id,
            meta.source,
            meta.url,
            meta.title,
            meta.outlet,
            meta.published.map(|d| d.to_string()),
            meta.language,
            doc.text,
            record,
            sentences,
        ],
    )?;
    Ok(inserted == 1)
}

fn insert_entities(tx: &Connection, doc: &Document) -> Result<(), StoreError> {
    // An entity listed twice in one article adds up its mentions instead of failing.
    let mut stmt = tx.prepare_cached(
        "INSERT INTO entities (article_id, entity_id, name, kind, country, mentions)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (article_id, entity_id) DO UPDATE SET mentions = mentions + excluded.mentions",
    )?;
    for e in &doc.entities {
        stmt.execute(params![
            doc.id,
            e.id,
            e.name,
            e.kind.as_str(),
            e.country,
            e.mentions.len() as i64,
        ])?;
    }
    Ok(())
}

fn insert_events(tx: &Connection, doc: &Document) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO events (article_id, idx, type, realis, trigger, time_value, confidence, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (idx, ev) in doc.events.iter().enumerate() {
        let record = serde_json::to_string(ev).map_err(|source| StoreError::Encode {
            id: doc.id.clone(),
            source,
        })?;
        stmt.execute(params![
            doc.id,
            idx as i64,
            ev.kind.as_str(),
            ev.realis.as_str(),
            ev.trigger.text,
            ev.time.as_ref().and_then(|t| t.value.as_deref()),
            f64::from(ev.confidence),
            record,
        ])?;
    }
    Ok(())
}

fn insert_indicators(tx: &Connection, doc: &Document) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO indicators (article_id, kind, value, start_char, end_char)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for ind in &doc.indicators {
        stmt.execute(params![
            doc.id,
            ind.kind.as_str(),
            ind.value,
            ind.start as i64,
            ind.end as i64,
        ])?;
    }
    Ok(())
}

/// The columns a document is rebuilt from.
struct StoredRecord {
    id: String,
    record: String,
    sentences: String,
}

fn stored_record(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredRecord> {
    Ok(StoredRecord {
        id: row.get(0)?,
        record: row.get(1)?,
        sentences: row.get(2)?,
    })
}

impl StoredRecord {
    /// The document, with its sentence layer restored and its code-point index rebuilt.
    fn into_document(self) -> Result<Document, StoreError> {
        let corrupt = |source| StoreError::CorruptRecord {
            id: self.id.clone(),
            source,
        };
        let mut doc = Document::from_record(&self.record).map_err(corrupt)?;
        doc.sentences = serde_json::from_str::<Vec<Span>>(&self.sentences).map_err(corrupt)?;
        Ok(doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::{
        Arg, Entity, EntityKind, Event, EventType, Indicator, IndicatorKind, Mention, Metadata,
        PartialDate, Realis, Role, TimeExpr,
    };

    /// Code-point span of the first occurrence of `needle` in the document's text.
    fn span_of(doc: &Document, needle: &str) -> Span {
        let b = doc.text.find(needle).expect("needle in text");
        doc.span_of_bytes(b, b + needle.len())
    }

    fn mention(doc: &Document, needle: &str) -> Mention {
        let s = span_of(doc, needle);
        Mention {
            start: s.start,
            end: s.end,
            text: needle.into(),
        }
    }

    fn entity(doc: &Document, id: &str, kind: EntityKind, country: &str, surface: &str) -> Entity {
        Entity {
            id: id.into(),
            name: surface.into(),
            kind,
            country: Some(country.into()),
            aliases_matched: vec![surface.into()],
            mentions: vec![mention(doc, surface)],
        }
    }

    /// An annotated article whose text is full of multi-byte characters before the spans.
    fn annotated_article() -> Document {
        let text = "Le ministère néerlandais — « Defensie » — says Chinese spies planted Coathanger \
                    malware in 2023.\nBeijing’s embassy denied it. Samples called home to 203.0.113.7.";
        let meta = Metadata {
            source: "tests/ministère.txt".into(),
            title: Some("Coathanger: Chinese spies in a Dutch network".into()),
            outlet: Some("Testblad".into()),
            published: PartialDate::parse_iso("2024-02-07"),
            language: "en".into(),
            ..Metadata::default()
        };
        let mut doc = Document::new(text.into(), meta);
        let first = span_of(
            &doc,
            "Le ministère néerlandais — « Defensie » — says Chinese spies planted Coathanger malware in 2023.",
        );
        let second = span_of(&doc, "Beijing’s embassy denied it.");
        doc.sentences = vec![first, second];
        doc.entities = vec![
            entity(
                &doc,
                "agency:nl-mod",
                EntityKind::Government,
                "NL",
                "Defensie",
            ),
            entity(&doc, "country:CN", EntityKind::Country, "CN", "Chinese"),
            entity(
                &doc,
                "malware:coathanger",
                EntityKind::Malware,
                "CN",
                "Coathanger",
            ),
        ];
        let beijing = mention(&doc, "Beijing");
        doc.entities[1].mentions.push(beijing);
        let arg = |doc: &Document, role, needle: &str, entity: Option<&str>| {
            let s = span_of(doc, needle);
            Arg {
                role,
                start: s.start,
                end: s.end,
                text: needle.into(),
                entity: entity.map(str::to_string),
            }
        };
        let year = span_of(&doc, "2023");
        doc.events = vec![
            Event {
                kind: EventType::Espionage,
                realis: Realis::Actual,
                trigger: mention(&doc, "planted"),
                args: vec![
                    arg(&doc, Role::Attacker, "Chinese spies", Some("country:CN")),
                    arg(&doc, Role::Victim, "Defensie", Some("agency:nl-mod")),
                    arg(&doc, Role::Tool, "Coathanger", Some("malware:coathanger")),
                ],
                time: Some(TimeExpr {
                    text: "2023".into(),
                    value: Some("2023".into()),
                    start: year.start,
                    end: year.end,
                }),
                sentence: first,
                confidence: 0.9,
                hedge: None,
                extractor: Some("rules".into()),
            },
            Event {
                kind: EventType::Denial,
                realis: Realis::Actual,
                trigger: mention(&doc, "denied"),
                args: vec![arg(
                    &doc,
                    Role::Speaker,
                    "Beijing’s embassy",
                    Some("country:CN"),
                )],
                time: None,
                sentence: second,
                confidence: 0.75,
                hedge: None,
                extractor: None,
            },
        ];
        let ip = span_of(&doc, "203.0.113.7");
        doc.indicators = vec![Indicator {
            kind: IndicatorKind::Ipv4,
            value: "203.0.113.7".into(),
            start: ip.start,
            end: ip.end,
        }];
        doc
    }

    fn article(text: &str, title: &str, published: Option<&str>) -> Document {
        let meta = Metadata {
            source: format!("{title}.txt"),
            title: Some(title.into()),
            published: published.and_then(PartialDate::parse_iso),
            language: "en".into(),
            ..Metadata::default()
        };
        Document::new(text.into(), meta)
    }

    #[test]
    fn re_putting_an_article_changes_nothing() {
        let mut store = SqliteStore::open_in_memory().expect("open");
        let doc = annotated_article();
        assert_eq!(store.put_document(&doc).expect("put"), PutOutcome::Inserted);
        let before = store.count().expect("count");
        let mut altered = doc.clone();
        altered.meta.title = Some("Another headline".into());
        assert_eq!(
            store.put_document(&doc).expect("re-put"),
            PutOutcome::Unchanged
        );
        assert_eq!(
            store.put_document(&altered).expect("re-put"),
            PutOutcome::Unchanged
        );
        assert_eq!(store.count().expect("count"), before);
        let kept = store.get_document(&doc.id).expect("get").expect("stored");
        assert_eq!(kept.meta.title, doc.meta.title);
    }

    #[test]
    fn annotated_article_round_trips_with_code_point_offsets() {
        let mut store = SqliteStore::open_in_memory().expect("open");
        let doc = annotated_article();
        store.put_document(&doc).expect("put");
        let back = store.get_document(&doc.id).expect("get").expect("stored");
        assert_eq!(back.meta, doc.meta);
        assert_eq!(back.text, doc.text);
        assert_eq!(back.entities, doc.entities);
        assert_eq!(back.events, doc.events);
        assert_eq!(back.indicators, doc.indicators);
        assert_eq!(back.sentences, doc.sentences);
        // The code-point index is rebuilt, so spans slice the same text as before.
        let victim = back.events[0].arg(Role::Victim).expect("victim");
        assert_eq!(back.slice(victim.span()), "Defensie");
        assert_eq!(
            back.slice(back.sentences[1]),
            "Beijing’s embassy denied it."
        );
        assert_eq!(back.char_len(), doc.text.chars().count());
        assert_eq!(
            store.count().expect("count"),
            StoreCounts {
                articles: 1,
                entities: 3,
                events: 2,
                indicators: 1
            }
        );
        assert!(store.get_document("no-such-id").expect("get").is_none());
    }

    #[test]
    fn columns_repeat_the_record_for_queries() {
        let mut store = SqliteStore::open_in_memory().expect("open");
        let doc = annotated_article();
        store.put_document(&doc).expect("put");
        let (kind, time, trigger): (String, Option<String>, String) = store
            .conn
            .query_row(
                "SELECT type, time_value, trigger FROM events WHERE article_id = ?1 AND idx = 0",
                [&doc.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("event row");
        assert_eq!(
            (kind.as_str(), time.as_deref(), trigger.as_str()),
            ("espionage", Some("2023"), "planted")
        );
        let (mentions, ip_start): (i64, i64) = store
            .conn
            .query_row(
                "SELECT e.mentions, i.start_char FROM entities e JOIN indicators i USING (article_id)
                 WHERE e.entity_id = 'country:CN'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("entity row");
        assert_eq!(mentions, 2);
        assert_eq!(ip_start as usize, doc.indicators[0].start);
        assert_eq!(
            store.articles_mentioning("country:CN").expect("query"),
            vec![doc.id.clone()]
        );
        assert!(
            store
                .articles_mentioning("country:RU")
                .expect("query")
                .is_empty()
        );
    }

    #[test]
    fn data_version_moves_when_another_connection_commits() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("v.db");
        let mut mine = SqliteStore::open(&path).expect("open");
        let mut other = SqliteStore::open(&path).expect("open again");
        let before = mine.data_version().expect("version");
        mine.put_document(&article("Own write.", "own", None))
            .expect("put");
        assert_eq!(mine.data_version().expect("version"), before);
        other
            .put_document(&article("Their write.", "theirs", None))
            .expect("put");
        assert_ne!(mine.data_version().expect("version"), before);
    }

    #[test]
    fn documents_come_in_publication_order() {
        let mut store = SqliteStore::open_in_memory().expect("open");
        let late = article("Sanctions were announced.", "late", Some("2024-05-01"));
        let early = article("The breach was found.", "early", Some("2021"));
        let undated = article("Nobody knows when.", "undated", None);
        for doc in [&undated, &late, &early] {
            store.put_document(doc).expect("put");
        }
        let ids = store.document_ids().expect("ids");
        assert_eq!(
            ids,
            vec![early.id.clone(), late.id.clone(), undated.id.clone()]
        );
        let docs = store.documents().expect("docs");
        let titles: Vec<_> = docs
            .iter()
            .filter_map(|d| d.meta.title.as_deref())
            .collect();
        assert_eq!(titles, vec!["early", "late", "undated"]);
    }

    #[test]
    fn a_word_in_more_articles_than_the_window_ranks_the_newest() {
        let mut store = SqliteStore::open_in_memory().expect("open");
        // The oldest article is the best match, but falls outside the window.
        let oldest = article("Relay relay relay.", "Relay relay", None);
        store.put_document(&oldest).expect("put");
        for n in 0..SEARCH_RANK_WINDOW + 5 {
            let doc = article(&format!("Report {n} mentions a relay once."), "Note", None);
            store.put_document(&doc).expect("put");
        }
        let common = store.search_results("relay", 5).expect("search");
        assert_eq!(common.ranked_newest, Some(SEARCH_RANK_WINDOW));
        assert_eq!(common.hits.len(), 5);
        assert!(common.hits.iter().all(|h| h.id != oldest.id));
        // Below the window every match is ranked.
        let rare = store
            .search_results("\"Report 7 mentions\"", 5)
            .expect("search");
        assert_eq!(rare.ranked_newest, None);
        assert_eq!(rare.hits.len(), 1);
        let best = store.search_results("title:relay", 5).expect("search");
        assert_eq!(best.ranked_newest, None);
        assert_eq!(
            best.hits.first().map(|h| h.id.as_str()),
            Some(oldest.id.as_str())
        );
    }

    #[test]
    fn search_ranks_by_bm25_and_marks_the_snippet() {
        let mut store = SqliteStore::open_in_memory().expect("open");
        let strong = article(
            "Coathanger persisted on the devices. Analysts say Coathanger survives reboots, \
             and Coathanger hides from listings.",
            "Coathanger analysis",
            Some("2024-02-07"),
        );
        let weak = article(
            "Ministers met in Brussels to discuss many threats, among them Coathanger, budgets, \
             energy and the weather for the summit week ahead.",
            "Summit notes",
            Some("2024-02-08"),
        );
        let unrelated = article("Volt Typhoon targeted Guam.", "Guam", None);
        for doc in [&weak, &unrelated, &strong] {
            store.put_document(doc).expect("put");
        }
        let hits = store.search("coathanger", 10).expect("search");
        let ids: Vec<_> = hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec![strong.id.as_str(), weak.id.as_str()]);
        assert!(hits[0].score > hits[1].score);
        assert!(
            hits[1].snippet.contains("[Coathanger]"),
            "{}",
            hits[1].snippet
        );
        assert_eq!(store.search("coathanger", 1).expect("search").len(), 1);
        // Porter stemming: "sanctioned" finds "Sanctions".
        let late = article("Sanctions were announced.", "late", None);
        store.put_document(&late).expect("put");
        let hits = store.search("sanctioned", 10).expect("search");
        assert_eq!(hits.first().map(|h| h.id.as_str()), Some(late.id.as_str()));
        // Punctuated words need no quoting by the user.
        let hits = store.search("volt-typhoon", 10).expect("search");
        assert_eq!(
            hits.first().map(|h| h.id.as_str()),
            Some(unrelated.id.as_str())
        );
        let hits = store.search("title:summit", 10).expect("search");
        assert_eq!(hits.len(), 1);
    }

    #[test]
    fn bad_query_is_reported_as_such() {
        let mut store = SqliteStore::open_in_memory().expect("open");
        store
            .put_document(&article("Some text.", "t", None))
            .expect("put");
        for query in ["\"unclosed", "(china", "china AND", "   "] {
            match store.search(query, 10) {
                Err(StoreError::BadQuery { query: q, message }) => {
                    assert_eq!(q, query);
                    assert!(!message.is_empty());
                }
                other => panic!("{query:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn empty_file_is_migrated_to_the_latest_schema() {
        let file = tempfile::NamedTempFile::new().expect("temp file");
        assert_eq!(std::fs::metadata(file.path()).expect("meta").len(), 0);
        let mut store = SqliteStore::open(file.path()).expect("open");
        assert_eq!(store.schema_version(), migrations::LATEST);
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .expect("mode");
        assert_eq!(mode, "wal");
        let corrections: i64 = store
            .conn
            .query_row("SELECT count(*) FROM corrections", [], |r| r.get(0))
            .expect("corrections table");
        assert_eq!(corrections, 0);
        let doc = annotated_article();
        store.put_document(&doc).expect("put");
        drop(store);
        // Reopening applies nothing twice and finds what was stored.
        let store = SqliteStore::open(file.path()).expect("reopen");
        assert_eq!(store.document_ids().expect("ids"), vec![doc.id.clone()]);
        assert_eq!(store.search("embassy", 5).expect("search").len(), 1);
    }

    #[test]
    fn database_from_a_newer_dossier_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("future.db");
        drop(SqliteStore::open(&path).expect("create"));
        let conn = Connection::open(&path).expect("raw open");
        conn.pragma_update(None, "user_version", migrations::LATEST + 1)
            .expect("bump version");
        drop(conn);
        match SqliteStore::open(&path) {
            Err(e @ StoreError::NewerSchema { .. }) => {
                assert!(e.to_string().contains("upgrade dossier"), "{e}");
            }
            other => panic!("expected a refusal, got {:?}", other.map(|s| s.version)),
        }
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused() {
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        std::io::Write::write_all(&mut file, &[b'x'; 4096]).expect("write");
        assert!(matches!(
            SqliteStore::open(file.path()),
            Err(StoreError::Open { .. })
        ));
    }

    #[test]
    fn failed_put_leaves_nothing_behind() {
        let mut store = SqliteStore::open_in_memory().expect("open");
        store
            .conn
            .execute_batch(
                "CREATE TRIGGER no_takedowns BEFORE INSERT ON events WHEN new.type = 'takedown'
                 BEGIN SELECT RAISE(ABORT, 'refused'); END;",
            )
            .expect("trigger");
        let mut doc = annotated_article();
        doc.events[1].kind = EventType::Takedown;
        assert!(store.put_document(&doc).is_err());
        assert_eq!(store.count().expect("count"), StoreCounts::default());
        assert!(store.search("embassy", 5).expect("search").is_empty());
    }

    #[test]
    fn failed_second_step_of_an_atomic_put_leaves_no_article() {
        let mut store = SqliteStore::open_in_memory().expect("open");
        store
            .conn
            .execute_batch(
                "CREATE TRIGGER no_signatures BEFORE INSERT ON signatures
                 WHEN new.scheme = 'broken' BEGIN SELECT RAISE(ABORT, 'refused'); END;",
            )
            .expect("trigger");
        let doc = annotated_article();
        let sign = |s: &mut SqliteStore, scheme: &str| -> Result<PutOutcome, StoreError> {
            let outcome = s.put_document(&doc)?;
            s.put_signature(&doc.id, scheme, &[1, 2, 3], &[(0, 42)])?;
            Ok(outcome)
        };
        assert!(store.atomically(|s| sign(s, "broken")).is_err());
        assert_eq!(store.count().expect("count"), StoreCounts::default());
        assert!(store.get_document(&doc.id).expect("get").is_none());
        assert!(store.search("embassy", 5).expect("search").is_empty());
        // The same steps commit together when both succeed, and the store stays usable.
        let outcome = store.atomically(|s| sign(s, "ok")).expect("commit");
        assert_eq!(outcome, PutOutcome::Inserted);
        assert_eq!(store.count().expect("count").articles, 1);
        assert!(store.signature(&doc.id, "ok").expect("sig").is_some());
    }
}
