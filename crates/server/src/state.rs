//! What every handler shares: the store, the pipeline, the KB, the token and the
//! snapshot of merged incidents.
//!
//! Merging incidents reads every article, so its result is kept in a [`Snapshot`] until
//! the store changes: through this server (a write bumps a counter) or through another
//! process, such as `dossier ingest` running beside the server (SQLite's `data_version`
//! moves; checked at most every 50 ms). When the store changed, a read waits for the new
//! merge if the last one was quick (under a second: small stores see their writes at
//! once); if it was slow (minutes at 100,000 articles) a thread merges in the background
//! and reads get the previous snapshot meanwhile. Only one merge runs at a time.
//! Corrections wait for the fresh snapshot, to answer with the incidents they produced.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Instant;

use axum::body::Bytes;
use dossier_ingest::fetch::{FetchConfig, Fetcher};
use dossier_kb::Kb;
use dossier_model::incident::Incident;
use dossier_model::{Document, Pipeline};
use dossier_store::{SearchResults, SqliteStore, Store, StoreCounts, StoreError};
use dossier_stories::Correction;

use crate::error::ApiError;
use crate::taxii::Catalog;
use crate::{ServeConfig, ServerError};
use dossier_stories::review::FactView;

/// The shared state of the server; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    /// The connection writes go through; rusqlite is synchronous, so callers lock it on
    /// the blocking pool.
    store: Mutex<SqliteStore>,
    /// Extra connections for reads (search, articles) so that they neither wait for a
    /// write nor for each other; empty for a store given as one connection.
    readers: Vec<Mutex<SqliteStore>>,
    next_reader: AtomicUsize,
    /// A connection only asked for `data_version`, so that checking whether the store
    /// changed never waits behind a long read or write on another connection.
    watch: Option<Mutex<SqliteStore>>,
    pipeline: Arc<Pipeline>,
    kb: Arc<Kb>,
    token: Option<String>,
    require_token_for_reads: bool,
    /// Fetches the pages of `POST /api/articles {"url": ...}`, one client for all
    /// requests so that its per-host politeness holds across them.
    fetcher: Fetcher,
    /// Bumped after every write this server commits (SQLite's `data_version` only sees
    /// other connections' commits).
    writes: AtomicU64,
    /// The last `data_version` read, and when: hot paths reuse it for [`POLL`].
    polled: Mutex<Option<(Instant, i64)>>,
    snapshot: Mutex<Option<(Version, Arc<Snapshot>)>>,
    /// Held while a snapshot is computed, so that only one request merges at a time.
    merging: Mutex<()>,
    /// How long the last merge took: reads wait for a quick one, not for a slow one.
    last_merge_ms: AtomicU64,
    /// Whether a background merge is running.
    background_merge: AtomicBool,
    taxii: Mutex<Option<(Version, Arc<Catalog>)>>,
    searches: Mutex<SearchCache>,
}

/// Results of recent searches, for the store as it was at `version`. Ranking a word
/// that most articles contain takes a good part of a second at 100,000 articles, and
/// people search for the same things; each cell is filled by the first request that
/// asks, while the others asking the same wait for it instead of ranking again.
#[derive(Default)]
struct SearchCache {
    version: Option<Version>,
    hits: HashMap<(String, usize), Arc<SearchCell>>,
}

type SearchCell = OnceLock<Result<Arc<SearchResults>, ApiError>>;

/// How many distinct searches are kept before the cache starts over.
const SEARCHES_KEPT: usize = 4096;

/// A read that finds the store changed waits for the new merge when the last one took
/// less than this; otherwise it gets the previous snapshot while a thread merges.
const WAIT_FOR_MERGES_UNDER_MS: u64 = 1000;

/// How many distinct incident filters a snapshot keeps the selection of.
const SELECTIONS_KEPT: usize = 1024;

/// How long a read may rely on the last look at whether another process wrote to the
/// store. This server's own writes are seen at once.
const POLL: std::time::Duration = std::time::Duration::from_millis(50);

/// Which state of the store something was derived from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Version {
    /// `PRAGMA data_version` of the write connection: other processes' commits.
    data: i64,
    /// This server's own writes.
    writes: u64,
}

/// The JSON forms of an incident the API sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// The whole record with its facts (`GET /api/incidents/{id}`, `view=full`).
    Full = 0,
    /// The list entry: counts instead of the lists that grow with coverage.
    Summary = 1,
}

/// Incidents merged from the whole store, with analysts' verdicts applied, and the
/// store's counts at that moment.
pub(crate) struct Snapshot {
    /// Incidents, rejected facts left out; ordered by first report.
    pub incidents: Arc<Vec<Incident>>,
    /// Every fact of each incident (by incident id) with its review status.
    pub facts: HashMap<String, Vec<FactView>>,
    /// What the store held.
    pub counts: StoreCounts,
    /// Position of each incident by id.
    by_id: HashMap<String, usize>,
    /// Each incident's JSON in each [`Form`], made when first asked for.
    json: Vec<[OnceLock<Bytes>; 2]>,
    /// Positions of the incidents each filter asked for so far selects.
    selections: Mutex<HashMap<String, Arc<Vec<usize>>>>,
}

impl Snapshot {
    fn new(
        incidents: Vec<Incident>,
        facts: HashMap<String, Vec<FactView>>,
        counts: StoreCounts,
    ) -> Self {
        let by_id = incidents
            .iter()
            .enumerate()
            .map(|(n, i)| (i.id.clone(), n))
            .collect();
        let json = incidents.iter().map(|_| Default::default()).collect();
        Snapshot {
            incidents: Arc::new(incidents),
            facts,
            counts,
            by_id,
            json,
            selections: Mutex::new(HashMap::new()),
        }
    }

    /// Positions of the incidents `matches` selects, remembered under `key` (which must
    /// name the filter exactly) for the life of the snapshot.
    pub fn select(&self, key: &str, matches: impl Fn(&Incident) -> bool) -> Arc<Vec<usize>> {
        if let Some(found) = lock(&self.selections).get(key) {
            return found.clone();
        }
        let selected: Arc<Vec<usize>> = Arc::new(
            self.incidents
                .iter()
                .enumerate()
                .filter(|(_, i)| matches(i))
                .map(|(n, _)| n)
                .collect(),
        );
        let mut selections = lock(&self.selections);
        if selections.len() >= SELECTIONS_KEPT {
            selections.clear();
        }
        selections.insert(key.to_string(), selected.clone());
        selected
    }

    /// Where the incident with this id is in `incidents`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The JSON of incident `n` in `form`, made by `serialise` from it and its facts the
    /// first time.
    pub fn json_of(
        &self,
        n: usize,
        form: Form,
        serialise: impl FnOnce(&Incident, &[FactView]) -> Vec<u8>,
    ) -> Bytes {
        self.json[n][form as usize]
            .get_or_init(|| {
                let incident = &self.incidents[n];
                Bytes::from(serialise(incident, self.facts_of(&incident.id)))
            })
            .clone()
    }

    /// The facts of incident `id` (empty for an unknown id).
    pub fn facts_of(&self, id: &str) -> &[FactView] {
        self.facts.get(id).map_or(&[], Vec::as_slice)
    }
}

/// Lock a mutex; a panic in another holder leaves SQLite consistent (each put is one
/// transaction) and the caches whole (they are replaced, never edited), so a poisoned
/// lock is taken over.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl AppState {
    /// State over an open store. The extraction pipeline is built once here, with the
    /// shipped CASIE model when it loads.
    pub fn new(
        store: SqliteStore,
        kb: Arc<Kb>,
        token: Option<String>,
        require_token_for_reads: bool,
    ) -> Self {
        let pipeline = default_pipeline(&kb);
        Self::with_pipeline(store, kb, pipeline, token, require_token_for_reads)
    }

    /// State over an open store with a pipeline the caller built (another model, or one
    /// shared between states).
    pub fn with_pipeline(
        store: SqliteStore,
        kb: Arc<Kb>,
        pipeline: Arc<Pipeline>,
        token: Option<String>,
        require_token_for_reads: bool,
    ) -> Self {
        Self::with_fetch(
            store,
            kb,
            pipeline,
            token,
            require_token_for_reads,
            FetchConfig::default(),
        )
    }

    /// [`AppState::with_pipeline`] with the limits and address policy of the client that
    /// fetches posted URLs.
    pub fn with_fetch(
        store: SqliteStore,
        kb: Arc<Kb>,
        pipeline: Arc<Pipeline>,
        token: Option<String>,
        require_token_for_reads: bool,
        fetch: FetchConfig,
    ) -> Self {
        Self::build(
            store,
            Vec::new(),
            None,
            (kb, pipeline),
            (token, require_token_for_reads),
            fetch,
        )
    }

    fn build(
        store: SqliteStore,
        readers: Vec<SqliteStore>,
        watch: Option<SqliteStore>,
        (kb, pipeline): (Arc<Kb>, Arc<Pipeline>),
        (token, require_token_for_reads): (Option<String>, bool),
        fetch: FetchConfig,
    ) -> Self {
        // An empty token would let an empty bearer through; treat it as no token.
        let token = token.filter(|t| !t.trim().is_empty());
        AppState {
            inner: Arc::new(Inner {
                store: Mutex::new(store),
                readers: readers.into_iter().map(Mutex::new).collect(),
                next_reader: AtomicUsize::new(0),
                watch: watch.map(Mutex::new),
                pipeline,
                kb,
                token,
                require_token_for_reads,
                fetcher: Fetcher::new(fetch),
                writes: AtomicU64::new(0),
                polled: Mutex::new(None),
                snapshot: Mutex::new(None),
                merging: Mutex::new(()),
                last_merge_ms: AtomicU64::new(0),
                background_merge: AtomicBool::new(false),
                taxii: Mutex::new(None),
                searches: Mutex::new(SearchCache::default()),
            }),
        }
    }

    /// Open the configured store and build the state.
    pub fn open(config: &ServeConfig) -> Result<Self, ServerError> {
        Self::open_with_pipeline(config, default_pipeline(&config.kb))
    }

    /// [`AppState::open`] with a pipeline the caller built. Besides the write connection
    /// it opens one read connection per core for searches and article reads.
    pub fn open_with_pipeline(
        config: &ServeConfig,
        pipeline: Arc<Pipeline>,
    ) -> Result<Self, ServerError> {
        if config.require_token_for_reads && config.token.as_deref().is_none_or(str::is_empty) {
            return Err(ServerError::Config(
                "reads were asked to require a token, but no token is configured: set \
                 --token or DOSSIER_TOKEN"
                    .into(),
            ));
        }
        let store = SqliteStore::open(&config.db)?;
        let readers = open_readers(&config.db)?;
        let watch = SqliteStore::open(&config.db)?;
        Ok(Self::build(
            store,
            readers,
            Some(watch),
            (config.kb.clone(), pipeline),
            (config.token.clone(), config.require_token_for_reads),
            config.fetch.clone(),
        ))
    }

    /// The configured write token.
    pub(crate) fn token(&self) -> Option<&str> {
        self.inner.token.as_deref()
    }

    /// Whether reads need the token too.
    pub(crate) fn require_token_for_reads(&self) -> bool {
        self.inner.require_token_for_reads
    }

    /// The client that fetches posted URLs.
    pub(crate) fn fetcher(&self) -> &Fetcher {
        &self.inner.fetcher
    }

    /// The knowledge base.
    pub(crate) fn kb(&self) -> &Kb {
        &self.inner.kb
    }

    /// Run `f` with the write connection on the blocking pool.
    pub(crate) async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut SqliteStore) -> Result<T, StoreError> + Send + 'static,
    {
        let this = self.clone();
        let result = tokio::task::spawn_blocking(move || f(&mut this.store())).await?;
        Ok(result?)
    }

    /// Run a read `f` on the blocking pool with a read connection (the write connection
    /// when the state has none).
    pub(crate) async fn with_reader<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteStore) -> Result<T, StoreError> + Send + 'static,
    {
        let this = self.clone();
        let result = tokio::task::spawn_blocking(move || this.read(f)).await?;
        Ok(result?)
    }

    /// Run `f` with a read connection, on this thread.
    fn read<T>(
        &self,
        f: impl FnOnce(&SqliteStore) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let readers = &self.inner.readers;
        if readers.is_empty() {
            return f(&self.store());
        }
        let n = self.inner.next_reader.fetch_add(1, Ordering::Relaxed) % readers.len();
        // Take any idle connection first; wait on the one in turn only if all are busy.
        for k in 0..readers.len() {
            if let Ok(reader) = readers[(n + k) % readers.len()].try_lock() {
                return f(&reader);
            }
        }
        f(&lock(&readers[n]))
    }

    /// Clean, annotate and store one article on the blocking pool.
    pub(crate) async fn ingest(
        &self,
        mut doc: Document,
    ) -> Result<(Document, dossier_store::PutOutcome), ApiError> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            this.inner
                .pipeline
                .run(&mut doc)
                .map_err(|e| ApiError::internal(format!("extraction failed: {e}")))?;
            let outcome = this.store().put_document(&doc)?;
            this.wrote();
            Ok((doc, outcome))
        })
        .await?
    }

    /// Full-text search (see `Store::search`), answered from the cache of recent
    /// searches while the store is unchanged.
    pub(crate) async fn search(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<Arc<SearchResults>, ApiError> {
        // A search asked before is answered here, without a trip to the blocking pool.
        let version = self.quick_version()?;
        {
            let cache = lock(&self.inner.searches);
            if cache.version == Some(version)
                && let Some(done) = cache
                    .hits
                    .get(&(query.to_string(), limit))
                    .and_then(|cell| cell.get())
            {
                return done.clone();
            }
        }
        let this = self.clone();
        let query = query.to_string();
        tokio::task::spawn_blocking(move || this.search_now(query, limit)).await?
    }

    fn search_now(&self, query: String, limit: usize) -> Result<Arc<SearchResults>, ApiError> {
        let version = self.version()?;
        let key = (query, limit);
        let cell = {
            let mut cache = lock(&self.inner.searches);
            if cache.version != Some(version) || cache.hits.len() >= SEARCHES_KEPT {
                cache.hits.clear();
                cache.version = Some(version);
            }
            cache.hits.entry(key.clone()).or_default().clone()
        };
        let result = cell
            .get_or_init(|| {
                let (query, limit) = (&key.0, key.1);
                self.read(|store| store.search_results(query, limit))
                    .map(Arc::new)
                    .map_err(ApiError::from)
            })
            .clone();
        // Keep a bad query's message, but let a failure of the store be tried again.
        if result.as_ref().is_err_and(|e| e.status.is_server_error()) {
            lock(&self.inner.searches).hits.remove(&key);
        }
        result
    }

    /// The incidents of every stored article (see [`AppState::snapshot`]).
    pub(crate) async fn incidents(&self) -> Result<Arc<Vec<Incident>>, ApiError> {
        Ok(self.snapshot().await?.incidents.clone())
    }

    /// The current snapshot of merged incidents; the previous one while another request
    /// is merging after a change.
    pub(crate) async fn snapshot(&self) -> Result<Arc<Snapshot>, ApiError> {
        let version = self.quick_version()?;
        if let Some((v, s)) = lock(&self.inner.snapshot).as_ref()
            && *v == version
        {
            return Ok(s.clone());
        }
        let this = self.clone();
        Ok(tokio::task::spawn_blocking(move || this.snapshot_now(false)).await??)
    }

    /// A snapshot that reflects every write made so far (waits for a running merge).
    pub(crate) async fn fresh_snapshot(&self) -> Result<Arc<Snapshot>, ApiError> {
        let this = self.clone();
        Ok(tokio::task::spawn_blocking(move || this.snapshot_now(true)).await??)
    }

    fn version(&self) -> Result<Version, StoreError> {
        // Read the counter before the store: a write that lands in between bumps it
        // after committing, so it can only make the version look older, never newer.
        let writes = self.inner.writes.load(Ordering::Acquire);
        let data = match &self.inner.watch {
            Some(watch) => lock(watch).data_version()?,
            None => self.store().data_version()?,
        };
        *lock(&self.inner.polled) = Some((Instant::now(), data));
        Ok(Version { data, writes })
    }

    /// [`AppState::version`], reusing the last look at the store when it is recent
    /// (other processes' writes show within [`POLL`]; this server's at once). Cheap
    /// enough for the async threads: at most one `PRAGMA` per [`POLL`].
    fn quick_version(&self) -> Result<Version, StoreError> {
        let writes = self.inner.writes.load(Ordering::Acquire);
        if let Some((at, data)) = *lock(&self.inner.polled)
            && at.elapsed() < POLL
        {
            return Ok(Version { data, writes });
        }
        self.version()
    }

    /// Record that this server committed a write.
    fn wrote(&self) {
        self.inner.writes.fetch_add(1, Ordering::AcqRel);
    }

    fn snapshot_now(&self, fresh: bool) -> Result<Arc<Snapshot>, StoreError> {
        let version = self.version()?;
        let stale = match lock(&self.inner.snapshot).as_ref() {
            Some((v, s)) if *v == version => return Ok(s.clone()),
            Some((_, s)) => Some(s.clone()),
            None => None,
        };
        let merging = match (fresh, stale) {
            (false, Some(stale)) => {
                if self.inner.last_merge_ms.load(Ordering::Relaxed) > WAIT_FOR_MERGES_UNDER_MS {
                    // A slow merge: run it in the background, answer with what we have.
                    self.merge_in_background();
                    return Ok(stale);
                }
                match self.inner.merging.try_lock() {
                    Ok(guard) => guard,
                    // Someone is merging already: answer with what we have.
                    Err(std::sync::TryLockError::WouldBlock) => return Ok(stale),
                    Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
                }
            }
            _ => lock(&self.inner.merging),
        };
        // Whoever held the lock before may have merged this very version.
        let version = self.version()?;
        if let Some((v, s)) = lock(&self.inner.snapshot).as_ref()
            && *v == version
        {
            return Ok(s.clone());
        }
        let started = Instant::now();
        let snapshot = Arc::new(self.merge()?);
        let took = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.inner.last_merge_ms.store(took, Ordering::Relaxed);
        *lock(&self.inner.snapshot) = Some((version, snapshot.clone()));
        drop(merging);
        Ok(snapshot)
    }

    /// Start merging on a thread of its own, unless one is at it already.
    fn merge_in_background(&self) {
        if self
            .inner
            .background_merge
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            return;
        }
        let this = self.clone();
        let spawned = std::thread::Builder::new()
            .name("merge-incidents".into())
            .spawn(move || {
                if let Err(e) = this.snapshot_now(true) {
                    tracing::warn!(error = %e, "merging incidents failed");
                }
                this.inner.background_merge.store(false, Ordering::Release);
            });
        if spawned.is_err() {
            self.inner.background_merge.store(false, Ordering::Release);
        }
    }

    /// Merge every stored article into incidents and apply the verdicts.
    fn merge(&self) -> Result<Snapshot, StoreError> {
        let started = Instant::now();
        let (docs, rows, counts) = {
            let store = self.store();
            (store.documents()?, store.corrections()?, store.count()?)
        };
        let corrections = parse_corrections(&rows);
        let loaded = started.elapsed();
        let mut incidents = Vec::new();
        let mut facts = HashMap::new();
        for (incident, views) in dossier_stories::reviewed_incidents(&docs, &corrections) {
            facts.insert(incident.id.clone(), views);
            incidents.push(incident);
        }
        tracing::info!(
            articles = docs.len(),
            incidents = incidents.len(),
            load_ms = loaded.as_millis() as u64,
            total_ms = started.elapsed().as_millis() as u64,
            "merged incidents"
        );
        Ok(Snapshot::new(incidents, facts, counts))
    }

    /// Every stored article and the corrections in force (unreadable ones skipped), for
    /// computing a new correction.
    pub(crate) async fn documents_and_corrections(
        &self,
    ) -> Result<(Vec<Document>, Vec<Correction>), ApiError> {
        self.with_store(|store| {
            let docs = store.documents()?;
            let rows = store.corrections()?;
            let corrections = parse_corrections(&rows).into_iter().map(|(_, c)| c);
            Ok((docs, corrections.collect()))
        })
        .await
    }

    /// Store a correction; returns its id.
    pub(crate) async fn add_correction(&self, c: Correction) -> Result<i64, ApiError> {
        let this = self.clone();
        let n = tokio::task::spawn_blocking(move || {
            let n = this
                .store()
                .add_correction(c.kind(), &dossier_stories::correct::to_payload(&c))?;
            this.wrote();
            Ok::<_, StoreError>(n)
        })
        .await??;
        Ok(n)
    }

    /// Undo correction `n`; false when no correction in force has that id.
    pub(crate) async fn undo_correction(&self, n: i64) -> Result<bool, ApiError> {
        let this = self.clone();
        let undone = tokio::task::spawn_blocking(move || {
            let undone = this.store().undo_correction(n)?;
            this.wrote();
            Ok::<_, StoreError>(undone)
        })
        .await??;
        Ok(undone)
    }

    /// Warm the snapshot in the background, so that the first request after start does
    /// not pay for merging a large store.
    pub(crate) fn warm(&self) {
        let this = self.clone();
        tokio::spawn(async move {
            if let Err(e) = this.snapshot().await {
                tracing::warn!(error = %e.message, "could not merge incidents at start");
            }
        });
    }

    /// The TAXII collections of the STIX export of the store, built again only when the
    /// store changed.
    pub(crate) async fn taxii_catalog(&self) -> Result<Arc<Catalog>, ApiError> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.taxii_catalog_now()).await?
    }

    fn taxii_catalog_now(&self) -> Result<Arc<Catalog>, ApiError> {
        let mut cache = lock(&self.inner.taxii);
        let version = self.version()?;
        if let Some((v, catalog)) = cache.as_ref()
            && *v == version
        {
            return Ok(catalog.clone());
        }
        let snapshot = self.snapshot_now(true)?;
        let docs = self.store().documents()?;
        let catalog = Arc::new(
            Catalog::build(&docs, &snapshot.incidents, self.kb())
                .map_err(|e| ApiError::internal(format!("STIX export failed: {e}")))?,
        );
        *cache = Some((version, catalog.clone()));
        Ok(catalog)
    }

    /// The write connection, locked.
    fn store(&self) -> MutexGuard<'_, SqliteStore> {
        lock(&self.inner.store)
    }
}

/// The default extraction pipeline: rules and the shipped CASIE model when it loads.
fn default_pipeline(kb: &Arc<Kb>) -> Arc<Pipeline> {
    let options = dossier_extract::Options {
        model: dossier_learn::CasieModel::shipped().map(Arc::new),
    };
    Arc::new(dossier_extract::pipeline(kb.clone(), &options))
}

/// Read connections to the store at `path`: one per core, at least two.
fn open_readers(path: &Path) -> Result<Vec<SqliteStore>, StoreError> {
    let n = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
    (0..n).map(|_| SqliteStore::open(path)).collect()
}

/// The stored corrections with their row ids; one that cannot be read (written by a
/// newer dossier, say) is logged and left out rather than failing every page.
fn parse_corrections(rows: &[dossier_store::StoredCorrection]) -> Vec<(i64, Correction)> {
    rows.iter()
        .filter_map(
            |row| match dossier_stories::correct::from_payload(row.id, &row.payload) {
                Ok(c) => Some((row.id, c)),
                Err(e) => {
                    tracing::warn!(error = %e, "ignoring a stored correction");
                    None
                }
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> AppState {
        let kb = Arc::new(Kb::core());
        let pipeline = Arc::new(dossier_extract::pipeline(
            kb.clone(),
            &dossier_extract::Options { model: None },
        ));
        let store = SqliteStore::open_in_memory().expect("store");
        AppState::with_pipeline(store, kb, pipeline, None, false)
    }

    fn doc(text: &str) -> Document {
        Document::new(text.into(), dossier_model::Metadata::default())
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn reads_see_writes_at_once_while_merges_are_quick() {
        let state = state();
        assert_eq!(state.snapshot().await.expect("snapshot").counts.articles, 0);
        state
            .ingest(doc("Officials met on Monday."))
            .await
            .expect("ingest");
        assert_eq!(state.snapshot().await.expect("snapshot").counts.articles, 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn after_a_slow_merge_reads_get_the_previous_snapshot_until_the_next_is_ready() {
        let state = state();
        let before = state.snapshot().await.expect("snapshot");
        state.inner.last_merge_ms.store(60_000, Ordering::Relaxed);
        state
            .ingest(doc("Officials met on Monday."))
            .await
            .expect("ingest");
        let stale = state.snapshot().await.expect("snapshot");
        // Either the previous snapshot, or the background merge already finished.
        assert!(Arc::ptr_eq(&stale, &before) || stale.counts.articles == 1);
        let mut fresh = stale;
        for _ in 0..200 {
            if fresh.counts.articles == 1 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
            fresh = state.snapshot().await.expect("snapshot");
        }
        assert_eq!(
            fresh.counts.articles, 1,
            "the background merge never finished"
        );
        // Writers wait for the fresh one.
        state
            .ingest(doc("Ministers met on Tuesday."))
            .await
            .expect("ingest");
        assert_eq!(
            state.fresh_snapshot().await.expect("fresh").counts.articles,
            2
        );
    }
}
