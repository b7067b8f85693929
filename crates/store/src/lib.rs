//! The embedded database of dossier.
//!
//! Articles are stored once each, with every annotation layer, behind the [`Store`] trait,
//! the way tantivy keeps its index behind a `Directory`: callers see documents, counts and
//! search hits, never SQL. [`SqliteStore`] is the implementation today (one file, WAL mode,
//! FTS5 full-text search); a PostgreSQL store can sit behind the same trait later.
//!
//! The stored article record (the contract's JSON) is the source of truth; the entity,
//! event and indicator tables repeat its facts in columns so that they can be queried.
//! A put is one transaction and is idempotent by article id, since the id is a hash of
//! the clean text. The schema evolves through the numbered migrations in
//! [`migrations`], applied when a database is opened.
//!
//! ```
//! use dossier_model::{Document, Metadata};
//! use dossier_store::{PutOutcome, SqliteStore, Store};
//!
//! let mut store = SqliteStore::open_in_memory()?;
//! let doc = Document::new("Hackers breached the ministry.".into(), Metadata::default());
//! assert_eq!(store.put_document(&doc)?, PutOutcome::Inserted);
//! assert_eq!(store.put_document(&doc)?, PutOutcome::Unchanged);
//! let hits = store.search("ministry", 10)?;
//! assert_eq!(hits[0].id, doc.id);
//! # Ok::<(), dossier_store::StoreError>(())
//! ```

mod feeds;
mod grouping;
pub mod migrations;
mod query;
mod sqlite;

use dossier_model::Document;
use serde::Serialize;

pub use feeds::FeedState;
pub use grouping::{NearDuplicate, StoredCorrection};
pub use sqlite::SqliteStore;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or is not a dossier database.
    #[error("cannot open database {path}: {source} (is it a dossier SQLite file?)")]
    Open {
        /// The file that was opened.
        path: String,
        /// What SQLite reported.
        #[source]
        source: rusqlite::Error,
    },
    /// The file was written by a newer dossier whose schema this build does not know.
    #[error(
        "database {path} has schema version {found}, newer than version {supported} that this \
         dossier knows: upgrade dossier to open it"
    )]
    NewerSchema {
        /// The file that was opened.
        path: String,
        /// The version recorded in the file.
        found: u32,
        /// The newest version this build knows.
        supported: u32,
    },
    /// The search query cannot be parsed.
    #[error("bad search query {query:?}: {message}")]
    BadQuery {
        /// The query as the user gave it.
        query: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A stored article record cannot be decoded.
    #[error("stored record of article {id} cannot be read: {source}")]
    CorruptRecord {
        /// The article.
        id: String,
        /// The decoding error.
        #[source]
        source: serde_json::Error,
    },
    /// An article cannot be encoded as a record.
    #[error("article {id} cannot be encoded: {source}")]
    Encode {
        /// The article.
        id: String,
        /// The encoding error.
        #[source]
        source: serde_json::Error,
    },
    /// Any other database failure.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// What a put did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PutOutcome {
    /// The article was new and is now stored.
    Inserted,
    /// An article with this id was already stored; nothing changed.
    Unchanged,
}

/// How much the store holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StoreCounts {
    /// Stored articles.
    pub articles: u64,
    /// Distinct entity ids across all articles.
    pub entities: u64,
    /// Events across all articles.
    pub events: u64,
    /// Indicators across all articles.
    pub indicators: u64,
}

/// One article that matches a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// Article id.
    pub id: String,
    /// Headline, if known.
    pub title: Option<String>,
    /// The path or URL it was read from.
    pub source: String,
    /// Publication date, if known.
    pub published: Option<String>,
    /// Relevance (negated BM25): higher is better; only comparable within one search.
    pub score: f64,
    /// A passage around the matches, with each matched term marked `[like this]`.
    pub snippet: String,
}

/// The hits of one search, and how far the ranking reached.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchResults {
    /// Best first.
    pub hits: Vec<SearchHit>,
    /// `Some(n)` when more than `n` articles matched and only the `n` most recently
    /// stored of them were ranked; `None` when every match was ranked.
    pub ranked_newest: Option<usize>,
}

/// How many matches of a search are ranked at most: the most recently stored ones.
/// Ranking every match of a word in most articles costs about 130 ms at 100,000 articles
/// and grows with the store; the newest 2,000 cost about 7 ms, and for a word that
/// common the newest reports are the ones a reader wants first.
pub const SEARCH_RANK_WINDOW: usize = 2_000;

/// Where articles and their annotations are kept.
pub trait Store {
    /// Store `doc` with all its layers in one transaction. Idempotent by `doc.id`: when an
    /// article with that id is stored already, nothing changes.
    fn put_document(&mut self, doc: &Document) -> Result<PutOutcome, StoreError>;

    /// The stored article with this id, ready to use (code-point index rebuilt).
    fn get_document(&self, id: &str) -> Result<Option<Document>, StoreError>;

    /// Every stored article, ordered by publication date (undated last), then id.
    fn documents(&self) -> Result<Vec<Document>, StoreError>;

    /// The ids of every stored article, in the order of [`Store::documents`].
    fn document_ids(&self) -> Result<Vec<String>, StoreError>;

    /// How many articles, distinct entities, events and indicators are stored.
    fn count(&self) -> Result<StoreCounts, StoreError>;

    /// Full-text search over titles and texts, best first, at most `limit` hits.
    ///
    /// Words are matched as terms (stemmed, case and accent insensitive); `"..."` is a
    /// phrase, a trailing `*` a prefix, `AND`/`OR`/`NOT` and parentheses combine, and
    /// `title:` or `text:` before a term restricts it to one field. Punctuation inside
    /// words is taken literally. A query that cannot be parsed gives
    /// [`StoreError::BadQuery`].
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        Ok(self.search_results(query, limit)?.hits)
    }

    /// [`Store::search`], saying whether every match was ranked: when more than
    /// [`SEARCH_RANK_WINDOW`] articles match, the most recently stored ones are ranked.
    fn search_results(&self, query: &str, limit: usize) -> Result<SearchResults, StoreError>;

    /// Ids of the articles that mention an entity, most mentions first.
    fn articles_mentioning(&self, entity_id: &str) -> Result<Vec<String>, StoreError>;
}
