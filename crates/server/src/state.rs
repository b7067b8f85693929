//! What every handler shares: the store, the pipeline, the KB, the token and the
//! incident cache.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use dossier_kb::Kb;
use dossier_model::incident::Incident;
use dossier_model::{Document, Pipeline};
use dossier_store::{SqliteStore, Store, StoreError};

use crate::error::ApiError;
use crate::taxii::Catalog;
use crate::{ServeConfig, ServerError};

/// The shared state of the server; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    /// One connection: rusqlite is synchronous, so callers lock it on the blocking pool.
    store: Mutex<SqliteStore>,
    pipeline: Arc<Pipeline>,
    kb: Arc<Kb>,
    token: Option<String>,
    require_token_for_reads: bool,
    incidents: Mutex<Option<CachedIncidents>>,
    taxii: Mutex<Option<CachedCatalog>>,
}

/// The TAXII catalog built when the store held `articles` articles.
struct CachedCatalog {
    articles: u64,
    catalog: Arc<Catalog>,
}

/// Incidents merged from the store when it held `articles` articles.
struct CachedIncidents {
    articles: u64,
    incidents: Arc<Vec<Incident>>,
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
        let options = dossier_extract::Options {
            model: dossier_learn::CasieModel::shipped().map(Arc::new),
        };
        let pipeline = Arc::new(dossier_extract::pipeline(kb.clone(), &options));
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
        // An empty token would let an empty bearer through; treat it as no token.
        let token = token.filter(|t| !t.trim().is_empty());
        AppState {
            inner: Arc::new(Inner {
                store: Mutex::new(store),
                pipeline,
                kb,
                token,
                require_token_for_reads,
                incidents: Mutex::new(None),
                taxii: Mutex::new(None),
            }),
        }
    }

    /// Open the configured store and build the state.
    pub fn open(config: &ServeConfig) -> Result<Self, ServerError> {
        if config.require_token_for_reads && config.token.as_deref().is_none_or(str::is_empty) {
            return Err(ServerError::Config(
                "reads were asked to require a token, but no token is configured: set \
                 --token or DOSSIER_TOKEN"
                    .into(),
            ));
        }
        let store = SqliteStore::open(&config.db)?;
        Ok(Self::new(
            store,
            config.kb.clone(),
            config.token.clone(),
            config.require_token_for_reads,
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

    /// The knowledge base.
    pub(crate) fn kb(&self) -> &Kb {
        &self.inner.kb
    }

    /// Run `f` with the store on the blocking pool.
    pub(crate) async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut SqliteStore) -> Result<T, StoreError> + Send + 'static,
    {
        let this = self.clone();
        let result = tokio::task::spawn_blocking(move || f(&mut this.store())).await?;
        Ok(result?)
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
            Ok((doc, outcome))
        })
        .await?
    }

    /// The incidents of every stored article, merged again only when the number of
    /// articles has changed since the last merge (puts only ever add articles).
    pub(crate) async fn incidents(&self) -> Result<Arc<Vec<Incident>>, ApiError> {
        let this = self.clone();
        Ok(tokio::task::spawn_blocking(move || this.incidents_now()).await??)
    }

    fn incidents_now(&self) -> Result<Arc<Vec<Incident>>, StoreError> {
        // Holding the cache lock while merging makes concurrent callers wait for one merge
        // instead of each running their own.
        let mut cache = self
            .inner
            .incidents
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let articles = self.store().count()?.articles;
        if let Some(cached) = cache.as_ref().filter(|c| c.articles == articles) {
            return Ok(cached.incidents.clone());
        }
        let docs = self.store().documents()?;
        let incidents = Arc::new(dossier_stories::incidents(&docs));
        *cache = Some(CachedIncidents {
            articles: docs.len() as u64,
            incidents: incidents.clone(),
        });
        Ok(incidents)
    }

    /// The TAXII collections of the STIX export of the store, built again only when the
    /// number of articles has changed.
    pub(crate) async fn taxii_catalog(&self) -> Result<Arc<Catalog>, ApiError> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.taxii_catalog_now()).await?
    }

    fn taxii_catalog_now(&self) -> Result<Arc<Catalog>, ApiError> {
        let mut cache = self
            .inner
            .taxii
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let articles = self.store().count()?.articles;
        if let Some(cached) = cache.as_ref().filter(|c| c.articles == articles) {
            return Ok(cached.catalog.clone());
        }
        let incidents = self.incidents_now()?;
        let docs = self.store().documents()?;
        let catalog = Arc::new(
            Catalog::build(&docs, &incidents, self.kb())
                .map_err(|e| ApiError::internal(format!("STIX export failed: {e}")))?,
        );
        *cache = Some(CachedCatalog {
            articles: docs.len() as u64,
            catalog: catalog.clone(),
        });
        Ok(catalog)
    }

    /// The store, locked. A panic in another holder leaves SQLite consistent (each put is
    /// one transaction), so a poisoned lock is taken over.
    fn store(&self) -> MutexGuard<'_, SqliteStore> {
        self.inner
            .store
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}
