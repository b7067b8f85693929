//! The JSON API under `/api/`, and its OpenAPI 3 description.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use dossier_model::Document;
use dossier_model::incident::Incident;
use dossier_store::{PutOutcome, SearchHit, SearchResults, Store, StoreCounts};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::auth::Writer;
use crate::error::{ApiError, ErrorBody};
use crate::filter::{EntityRole, IncidentFilter, roles_of};
use crate::ingest::{ArticleInput, IngestReport, document_of, fetch_article};
use crate::state::{AppState, Form, Snapshot};
use dossier_stories::review::FactView;

/// Page size when the client names none.
pub(crate) const DEFAULT_LIMIT: usize = 20;
/// The largest page a client may ask for.
pub(crate) const MAX_LIMIT: usize = 200;

#[derive(OpenApi)]
#[openapi(
    modifiers(&BearerAuth),
    info(
        title = "dossier",
        description = "Articles about state cyber operations, the incidents merged from them, \
                       entities and full-text search. Records follow the dossier record \
                       contract (v1). Writes need 'Authorization: Bearer <token>'."
    ),
    paths(
        list_articles,
        get_article,
        post_article,
        list_incidents,
        get_incident,
        crate::corrections::merge_incidents,
        crate::corrections::split_incident,
        crate::corrections::judge_fact,
        crate::corrections::list_corrections,
        crate::corrections::undo_correction,
        get_entity,
        search,
        stats
    ),
    components(schemas(
        ErrorBody,
        ArticleInput,
        IngestReport,
        ArticleSummary,
        ArticlePage,
        IncidentPage,
        IncidentSummary,
        IncidentCounts,
        EntityBrief,
        dossier_stories::review::FactView,
        crate::corrections::MergeInput,
        crate::corrections::SplitInput,
        crate::corrections::FactInput,
        crate::corrections::VerdictInput,
        crate::corrections::CorrectionReport,
        crate::corrections::CorrectionView,
        crate::corrections::Undone,
        EntityView,
        AliasView,
        IncidentLink,
        EntityRole,
        SearchResultsView,
        SearchHitView,
        Stats
    )),
    tags(
        (name = "articles", description = "Stored articles and ingest"),
        (name = "incidents", description = "Incidents merged across articles"),
        (name = "corrections", description = "Analysts' merges, splits and verdicts on facts"),
        (name = "entities", description = "Knowledge-base and article entities"),
        (name = "search", description = "Full-text search")
    )
)]
struct ApiDoc;

/// Declares the `bearer` security scheme that write endpoints name.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI 3 document of this API.
pub(crate) fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The API's routes (state still to be given).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi_json))
        .route("/api/articles", get(list_articles).post(post_article))
        .route("/api/articles/{id}", get(get_article))
        .route("/api/incidents", get(list_incidents))
        .route("/api/incidents/{id}", get(get_incident))
        .merge(crate::corrections::routes())
        .route("/api/entities/{id}", get(get_entity))
        .route("/api/search", get(search))
        .route("/api/stats", get(stats))
        .fallback(api_not_found)
}

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi())
}

async fn api_not_found() -> ApiError {
    ApiError::not_found("no such API endpoint; GET /api/openapi.json lists them")
}

/// Pagination of a list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PageQuery {
    /// Items per page (default 20, at most 200).
    limit: Option<usize>,
    /// Items to skip.
    offset: Option<usize>,
}

impl PageQuery {
    /// The limit and offset, with defaults and the cap applied.
    fn window(&self) -> (usize, usize) {
        (
            self.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT),
            self.offset.unwrap_or(0),
        )
    }
}

/// One stored article, without its text and annotations.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ArticleSummary {
    id: String,
    title: Option<String>,
    source: String,
    url: Option<String>,
    outlet: Option<String>,
    /// `YYYY[-MM[-DD]]`.
    published: Option<String>,
    language: String,
    entities: usize,
    events: usize,
    indicators: usize,
}

impl ArticleSummary {
    pub(crate) fn of(doc: &Document) -> Self {
        ArticleSummary {
            id: doc.id.clone(),
            title: doc.meta.title.clone(),
            source: doc.meta.source.clone(),
            url: doc.meta.url.clone(),
            outlet: doc.meta.outlet.clone(),
            published: doc.meta.published.map(|d| d.to_string()),
            language: doc.meta.language.clone(),
            entities: doc.entities.len(),
            events: doc.events.len(),
            indicators: doc.indicators.len(),
        }
    }
}

/// A page of articles, in publication order (undated last).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ArticlePage {
    total: usize,
    limit: usize,
    offset: usize,
    items: Vec<ArticleSummary>,
}

#[utoipa::path(get, path = "/api/articles", tag = "articles", params(PageQuery),
    responses((status = 200, description = "A page of article summaries", body = ArticlePage)))]
async fn list_articles(
    State(state): State<AppState>,
    Query(page): Query<PageQuery>,
) -> Result<Json<ArticlePage>, ApiError> {
    let (limit, offset) = page.window();
    let (total, items) = state
        .with_reader(move |store| {
            let ids = store.document_ids()?;
            let mut items = Vec::new();
            for id in ids.iter().skip(offset).take(limit) {
                if let Some(doc) = store.get_document(id)? {
                    items.push(ArticleSummary::of(&doc));
                }
            }
            Ok((ids.len(), items))
        })
        .await?;
    Ok(Json(ArticlePage {
        total,
        limit,
        offset,
        items,
    }))
}

#[utoipa::path(get, path = "/api/articles/{id}", tag = "articles",
    params(("id" = String, Path, description = "Article id")),
    responses(
        (status = 200, description = "The article record (contract v1): text, entities, events, indicators", body = Object),
        (status = 404, description = "No such article", body = ErrorBody)))]
async fn get_article(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Document>, ApiError> {
    let wanted = id.clone();
    state
        .with_reader(move |store| store.get_document(&wanted))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no article with id {id:?}")))
}

#[utoipa::path(post, path = "/api/articles", tag = "articles",
    request_body = ArticleInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Stored", body = IngestReport),
        (status = 200, description = "The same text was stored before", body = IngestReport),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 401, description = "Missing or wrong token", body = ErrorBody),
        (status = 403, description = "The server has no token: writes are off", body = ErrorBody),
        (status = 413, description = "Body over 2 MB", body = ErrorBody),
        (status = 422, description = "No article text after cleaning", body = ErrorBody),
        (status = 502, description = "`url` given and its server failed", body = ErrorBody),
        (status = 504, description = "`url` given and its server was too slow", body = ErrorBody)))]
async fn post_article(
    _writer: Writer,
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|e| ApiError::new(e.status(), e.body_text()))?;
    let input: ArticleInput = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("the body is not a valid article: {e}")))?;
    let fetching = state.clone();
    let doc = tokio::task::spawn_blocking(move || {
        document_of(input, |url| fetch_article(fetching.fetcher(), url))
    })
    .await??;
    let (doc, outcome) = state.ingest(doc).await?;
    let status = match outcome {
        PutOutcome::Inserted => StatusCode::CREATED,
        PutOutcome::Unchanged => StatusCode::OK,
    };
    let report = IngestReport {
        id: doc.id.clone(),
        outcome: match outcome {
            PutOutcome::Inserted => "inserted",
            PutOutcome::Unchanged => "unchanged",
        }
        .into(),
        title: doc.meta.title.clone(),
        entities: doc.entities.len(),
        events: doc.events.len(),
        indicators: doc.indicators.len(),
    };
    let location = format!("/api/articles/{}", doc.id);
    Ok((status, [(header::LOCATION, location)], Json(report)).into_response())
}

/// Filters and pagination of `GET /api/incidents`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct IncidentQuery {
    /// An actor's entity id (`actor:apt31`), name (any case) or state code (`CN`); also
    /// matches whom an attribution accuses.
    actor: Option<String>,
    /// ISO 3166-1 alpha-2 of a victim's state.
    victim_country: Option<String>,
    /// Operation type (`espionage`, `intrusion`, ...).
    #[serde(rename = "type")]
    #[param(rename = "type")]
    kind: Option<String>,
    /// Earliest date of the operation (or of the first report), `YYYY[-MM[-DD]]`.
    from: Option<String>,
    /// Latest date, inclusive.
    to: Option<String>,
    /// Items per page (default 20, at most 200).
    limit: Option<usize>,
    /// Items to skip.
    offset: Option<usize>,
    /// `summary` (default): one [`IncidentSummary`] per incident, of bounded size; `full`:
    /// whole incident records with their facts, as `GET /api/incidents/{id}` sends them.
    view: Option<String>,
}

/// A page of incidents, ordered by first report (undated last). Describes the body only:
/// the handler assembles it from each incident's cached JSON.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub(crate) struct IncidentPage {
    total: usize,
    limit: usize,
    offset: usize,
    /// [`IncidentSummary`] items, or with `view=full` incident records (contract v1) each
    /// with its `facts` (see `GET /api/incidents/{id}`).
    #[schema(value_type = Vec<IncidentSummary>)]
    items: Vec<()>,
}

/// Most entities of one kind a summary lists; `counts` gives the whole number.
const SUMMARY_ENTITIES: usize = 10;

/// An entity as a list shows it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EntityBrief {
    id: String,
    name: String,
    kind: String,
    /// ISO 3166-1 alpha-2 of its state, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<String>,
}

impl EntityBrief {
    fn list(entities: &[dossier_model::Entity]) -> Vec<Self> {
        entities
            .iter()
            .take(SUMMARY_ENTITIES)
            .map(|e| EntityBrief {
                id: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind.as_str().to_string(),
                country: e.country.clone(),
            })
            .collect()
    }
}

/// How much an incident holds, for a list that does not carry it all.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct IncidentCounts {
    articles: usize,
    victims: usize,
    actors: usize,
    malware: usize,
    cves: usize,
    attributions: usize,
    denials: usize,
    responses: usize,
    discrepancies: usize,
    /// Facts an analyst confirmed; rejected ones are left out of the record.
    confirmed_facts: usize,
    rejected_facts: usize,
}

/// One incident in a list: what a results table shows, whatever the coverage. Lists
/// that grow with the number of articles (sources, quotes, timeline) are counted, not
/// sent; the whole record is at `href`.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct IncidentSummary {
    id: String,
    title: String,
    /// Operation type.
    #[serde(rename = "type")]
    kind: String,
    /// Normalised time of the operation.
    when: Option<String>,
    /// Earliest publication date among the articles.
    first_reported: Option<String>,
    /// Latest publication date among the articles.
    last_reported: Option<String>,
    /// The first victims, actors and malware (at most 10 each).
    victims: Vec<EntityBrief>,
    actors: Vec<EntityBrief>,
    malware: Vec<EntityBrief>,
    counts: IncidentCounts,
    /// The whole record.
    href: String,
}

impl IncidentSummary {
    fn of(i: &Incident, facts: &[FactView]) -> Self {
        let status = |s: &str| facts.iter().filter(|f| f.status == s).count();
        IncidentSummary {
            id: i.id.clone(),
            title: i.title.clone(),
            kind: i.kind.as_str().to_string(),
            when: i.when.clone(),
            first_reported: i.first_reported.clone(),
            last_reported: i.articles.iter().filter_map(|a| a.published.clone()).max(),
            victims: EntityBrief::list(&i.victims),
            actors: EntityBrief::list(&i.actors),
            malware: EntityBrief::list(&i.malware),
            counts: IncidentCounts {
                articles: i.articles.len(),
                victims: i.victims.len(),
                actors: i.actors.len(),
                malware: i.malware.len(),
                cves: i.cves.len(),
                attributions: i.attributions.len(),
                denials: i.denials.len(),
                responses: i.responses.len(),
                discrepancies: i.discrepancies.len(),
                confirmed_facts: status("confirmed"),
                rejected_facts: status("rejected"),
            },
            href: format!("/api/incidents/{}", i.id),
        }
    }
}

/// An incident record (contract v1) with rejected facts left out, plus `facts`: every
/// fact with the key to confirm or reject it and its review status.
#[derive(Debug, Serialize)]
struct IncidentView<'a> {
    #[serde(flatten)]
    incident: &'a Incident,
    facts: &'a [FactView],
}

/// The JSON of incident `n` of the snapshot, serialised once per snapshot: a list page
/// then only copies bytes, however large its incidents' source lists are.
fn incident_json(snapshot: &Snapshot, n: usize, form: Form) -> Bytes {
    // Records of strings, numbers and lists always serialise.
    snapshot.json_of(n, form, |incident, facts| match form {
        Form::Full => serde_json::to_vec(&IncidentView { incident, facts }).unwrap_or_default(),
        Form::Summary => {
            serde_json::to_vec(&IncidentSummary::of(incident, facts)).unwrap_or_default()
        }
    })
}

fn json_response(body: Vec<u8>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        Bytes::from(body),
    )
        .into_response()
}

#[utoipa::path(get, path = "/api/incidents", tag = "incidents", params(IncidentQuery),
    responses(
        (status = 200, description = "A page of incident summaries (or records with `view=full`)", body = IncidentPage),
        (status = 400, description = "Unknown type or view, or malformed date", body = ErrorBody)))]
async fn list_incidents(
    State(state): State<AppState>,
    Query(q): Query<IncidentQuery>,
) -> Result<Response, ApiError> {
    let filter = IncidentFilter::parse(
        q.actor.as_deref(),
        q.victim_country.as_deref(),
        q.kind.as_deref(),
        q.from.as_deref(),
        q.to.as_deref(),
    )?;
    let form = match q.view.as_deref().map(str::trim) {
        None | Some("" | "summary") => Form::Summary,
        Some("full") => Form::Full,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "view={other:?} is not a view: use summary (the default) or full"
            )));
        }
    };
    let (limit, offset) = PageQuery {
        limit: q.limit,
        offset: q.offset,
    }
    .window();
    let snapshot = state.snapshot().await?;
    let selected = snapshot.select(&format!("{filter:?}"), |i| filter.matches(i));
    let mut body = format!(
        "{{\"total\":{},\"limit\":{limit},\"offset\":{offset},\"items\":[",
        selected.len()
    )
    .into_bytes();
    for (k, &n) in selected.iter().skip(offset).take(limit).enumerate() {
        if k > 0 {
            body.push(b',');
        }
        body.extend_from_slice(&incident_json(&snapshot, n, form));
    }
    body.extend_from_slice(b"]}");
    Ok(json_response(body))
}

#[utoipa::path(get, path = "/api/incidents/{id}", tag = "incidents",
    params(("id" = String, Path, description = "Incident id")),
    responses(
        (status = 200, description = "The incident record (contract v1) with rejected facts left out, and `facts`: every fact with its key and review status", body = Object),
        (status = 404, description = "No such incident", body = ErrorBody)))]
async fn get_incident(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let snapshot = state.snapshot().await?;
    let n = snapshot
        .position(&id)
        .ok_or_else(|| ApiError::not_found(format!("no incident with id {id:?}")))?;
    Ok(json_response(
        incident_json(&snapshot, n, Form::Full).to_vec(),
    ))
}

/// The incident with this id, or a 404 that names it.
pub(crate) fn find_incident<'a>(all: &'a [Incident], id: &str) -> Result<&'a Incident, ApiError> {
    all.iter()
        .find(|i| i.id == id)
        .ok_or_else(|| ApiError::not_found(format!("no incident with id {id:?}")))
}

/// One surface form of an entity.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AliasView {
    pub text: String,
    /// `name`, `acronym`, `demonym`, `capital`, or `seen` for forms read in articles.
    pub form: String,
}

/// An incident an entity takes part in.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct IncidentLink {
    pub id: String,
    pub title: String,
    /// Operation type.
    #[serde(rename = "type")]
    pub kind: String,
    pub date: Option<String>,
    pub roles: Vec<EntityRole>,
}

/// What is known about one entity: its KB entry, the articles that name it, and the
/// incidents it takes part in.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EntityView {
    pub id: String,
    pub name: String,
    /// Contract entity kind (`country`, `threat-actor`, ...).
    pub kind: String,
    /// The state it belongs to or acts for (a threat actor's sponsor).
    pub country: Option<String>,
    /// Whether the knowledge base knows it (else it was only seen in articles).
    pub in_kb: bool,
    pub description: Option<String>,
    pub aliases: Vec<AliasView>,
    /// Ids of the articles that mention it, most mentions first.
    pub articles: Vec<String>,
    pub incidents: Vec<IncidentLink>,
}

/// Gather what is known about entity `id`; 404 when neither the KB nor any article
/// knows it.
pub(crate) async fn entity_view(state: &AppState, id: &str) -> Result<EntityView, ApiError> {
    let wanted = id.to_string();
    let (articles, seen) = state
        .with_reader(move |store| {
            let articles = store.articles_mentioning(&wanted)?;
            // The first article that names it tells its name and kind when the KB cannot.
            let seen = match articles.first() {
                Some(first) => store
                    .get_document(first)?
                    .and_then(|d| d.entity(&wanted).cloned()),
                None => None,
            };
            Ok((articles, seen))
        })
        .await?;
    let entry = state.kb().get(id);
    let (name, kind, country) = match (entry, &seen) {
        (Some(e), _) => (e.name.clone(), e.kind, e.country.clone()),
        (None, Some(s)) => (s.name.clone(), s.kind, s.country.clone()),
        (None, None) => return Err(ApiError::not_found(format!("no entity with id {id:?}"))),
    };
    let mut aliases: Vec<AliasView> = entry
        .map(|e| {
            e.aliases
                .iter()
                .map(|a| AliasView {
                    text: a.text.clone(),
                    form: a.form.as_str().into(),
                })
                .collect()
        })
        .unwrap_or_default();
    let known: BTreeSet<String> = aliases.iter().map(|a| a.text.clone()).collect();
    for form in seen.iter().flat_map(|s| &s.aliases_matched) {
        if !known.contains(form) {
            aliases.push(AliasView {
                text: form.clone(),
                form: "seen".into(),
            });
        }
    }
    let incidents = state
        .incidents()
        .await?
        .iter()
        .filter_map(|i| {
            let roles = roles_of(i, id);
            (!roles.is_empty()).then(|| IncidentLink {
                id: i.id.clone(),
                title: i.title.clone(),
                kind: i.kind.as_str().into(),
                date: crate::filter::incident_date(i).map(str::to_string),
                roles: roles.into_iter().collect(),
            })
        })
        .collect();
    Ok(EntityView {
        id: id.to_string(),
        name,
        kind: kind.as_str().into(),
        country,
        in_kb: entry.is_some(),
        description: entry.and_then(|e| e.description.clone()),
        aliases,
        articles,
        incidents,
    })
}

#[utoipa::path(get, path = "/api/entities/{id}", tag = "entities",
    params(("id" = String, Path, description = "Entity id (`country:CN`, `actor:apt31`, ...)")),
    responses(
        (status = 200, description = "The entity", body = EntityView),
        (status = 404, description = "Unknown entity", body = ErrorBody)))]
async fn get_entity(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<EntityView>, ApiError> {
    entity_view(&state, &id).await.map(Json)
}

/// The query of `GET /api/search`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SearchQuery {
    /// Words; `"phrases"`, `prefix*`, `AND`/`OR`/`NOT`, `title:` and `text:` work.
    q: Option<String>,
    /// Hits to return (default 20, at most 200).
    limit: Option<usize>,
}

/// One article matching a search.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SearchHitView {
    id: String,
    title: Option<String>,
    source: String,
    published: Option<String>,
    /// Relevance (negated BM25), comparable within one search only.
    score: f64,
    /// A passage around the matches, each matched term marked `[like this]`.
    snippet: String,
}

impl From<SearchHit> for SearchHitView {
    fn from(h: SearchHit) -> Self {
        SearchHitView {
            id: h.id,
            title: h.title,
            source: h.source,
            published: h.published,
            score: h.score,
            snippet: h.snippet,
        }
    }
}

/// Search results, best first.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SearchResultsView {
    query: String,
    hits: Vec<SearchHitView>,
    /// Set when more articles matched than are ranked: only this many of the most
    /// recently stored matches were ranked (narrow the query to rank them all).
    #[serde(skip_serializing_if = "Option::is_none")]
    ranked_newest: Option<usize>,
}

/// Run a search for the API and the search page alike.
pub(crate) async fn run_search(
    state: &AppState,
    query: &str,
    limit: usize,
) -> Result<Arc<SearchResults>, ApiError> {
    state.search(query, limit.min(MAX_LIMIT)).await
}

#[utoipa::path(get, path = "/api/search", tag = "search", params(SearchQuery),
    responses(
        (status = 200, description = "Matching articles, best first", body = SearchResultsView),
        (status = 400, description = "Missing or unparsable query", body = ErrorBody)))]
async fn search(
    State(state): State<AppState>,
    Query(q): Query<SearchQuery>,
) -> Result<Json<SearchResultsView>, ApiError> {
    let query =
        q.q.filter(|q| !q.trim().is_empty())
            .ok_or_else(|| ApiError::bad_request("give the words to search for as ?q="))?;
    let found = run_search(&state, &query, q.limit.unwrap_or(DEFAULT_LIMIT)).await?;
    Ok(Json(SearchResultsView {
        query,
        hits: found
            .hits
            .iter()
            .cloned()
            .map(SearchHitView::from)
            .collect(),
        ranked_newest: found.ranked_newest,
    }))
}

/// How much the store holds.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Stats {
    articles: u64,
    entities: u64,
    events: u64,
    indicators: u64,
    incidents: usize,
}

#[utoipa::path(get, path = "/api/stats", tag = "articles",
    responses((status = 200, description = "Counts of what the store holds", body = Stats)))]
async fn stats(State(state): State<AppState>) -> Result<Json<Stats>, ApiError> {
    let snapshot = state.snapshot().await?;
    let counts: StoreCounts = snapshot.counts;
    let incidents = snapshot.incidents.len();
    Ok(Json(Stats {
        articles: counts.articles,
        entities: counts.entities,
        events: counts.events,
        indicators: counts.indicators,
        incidents,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_window_caps_and_defaults() {
        let q = PageQuery {
            limit: Some(10_000),
            offset: None,
        };
        assert_eq!(q.window(), (MAX_LIMIT, 0));
    }

    #[test]
    fn openapi_lists_every_route() {
        let doc = serde_json::to_value(openapi()).expect("serialise");
        for path in [
            "/api/articles",
            "/api/articles/{id}",
            "/api/incidents",
            "/api/incidents/{id}",
            "/api/entities/{id}",
            "/api/search",
            "/api/incidents/{id}/merge",
            "/api/incidents/{id}/split",
            "/api/incidents/{id}/facts",
            "/api/corrections",
            "/api/corrections/{n}",
        ] {
            assert!(doc["paths"].get(path).is_some(), "{path} missing");
        }
    }
}
