//! `dossier serve`: the HTTP API and the web UI over a dossier store.
//!
//! One axum [`router`] serves two faces of the same data. Under `/api/` it speaks JSON:
//! articles (list, read, ingest), incidents (filtered, paginated), entities and full-text
//! search, with an OpenAPI 3 description at `/api/openapi.json` and errors as
//! `{"error": message}`. Everywhere else it renders HTML on the server with maud (no
//! JavaScript build, one stylesheet and one small script under `/static/`): a dashboard
//! with charts drawn as inline SVG, the dossier of each incident with every evidence quote
//! highlighted in its article, entity pages and search.
//!
//! Reads are open unless [`ServeConfig::require_token_for_reads`] is set; every write
//! needs `Authorization: Bearer <token>`, and without a configured token writes are
//! refused. All article-derived text is escaped by maud, and every response carries a
//! `Content-Security-Policy` that forbids inline script and style.
//!
//! Under `/taxii2/` a read-only TAXII 2.1 server offers the STIX export as collections
//! (every object, and one collection per incident type) for feeds such as OpenCTI's; when
//! a token is configured it asks for HTTP Basic auth with the token as password.
//!
//! Analysts correct the machine through the API and the incident page: merge two
//! incidents, split an article out of one, confirm or reject a single fact (a rejected
//! fact leaves the record). Corrections are store rows the CLI shares, and can be undone.
//!
//! SQLite is synchronous, so store calls and the extraction pipeline run on tokio's
//! blocking pool, reads on their own connections. Incidents are merged once (in the
//! background at start) and kept until the store changes.

mod api;
mod auth;
mod corrections;
mod error;
mod filter;
mod ingest;
mod state;
mod taxii;
mod ui;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
pub use dossier_ingest::fetch::FetchConfig;
use dossier_kb::Kb;
use tower_http::timeout::TimeoutLayer;

pub use state::AppState;

/// The largest request body accepted (an article as text or HTML).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// How long one request may take before it is answered with 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The address `dossier serve` listens on unless told otherwise.
pub const DEFAULT_ADDR: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1)), 8640);

/// Everything `dossier serve` needs to start.
#[derive(Clone)]
pub struct ServeConfig {
    /// Where to listen (default [`DEFAULT_ADDR`]).
    pub addr: SocketAddr,
    /// The SQLite store to serve (created if missing).
    pub db: PathBuf,
    /// The bearer token writes must present; `None` refuses every write.
    pub token: Option<String>,
    /// Also require the token for reads (API and pages alike; static files stay open).
    pub require_token_for_reads: bool,
    /// The knowledge base the extraction pipeline links entities against.
    pub kb: Arc<Kb>,
    /// Limits and address policy for fetching the URLs posted to `/api/articles`
    /// (private and loopback addresses are refused unless `allow_private`).
    pub fetch: FetchConfig,
}

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] dossier_store::StoreError),
    /// The configuration contradicts itself.
    #[error("{0}")]
    Config(String),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source} (is another server using the port? try --addr)")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// Serving failed.
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

/// Open the store, bind `config.addr` and serve until ctrl-c.
pub async fn serve(config: ServeConfig) -> Result<(), ServerError> {
    let state = AppState::open(&config)?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServerError::Bind {
            addr: config.addr,
            source,
        })?;
    tracing::info!(addr = %config.addr, db = %config.db.display(), "serving");
    state.warm();
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            // If the signal handler cannot be installed, serve until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await?;
    Ok(())
}

/// The whole application: API, pages and static files, with auth, security headers,
/// the body limit and the request timeout applied.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(ui::routes())
        .merge(taxii::routes())
        .fallback(ui::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::read_guard,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn(error::json_errors_under_api))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            taxii::guard,
        ))
        .layer(axum::middleware::map_response(ui::security_headers))
        .with_state(state)
}
