//! A read-only TAXII 2.1 server under `/taxii2/`: discovery, one API root and its
//! collections of the STIX objects dossier exports ("all", and one per incident type).
//!
//! Objects come from the STIX export of the whole store and are cached until the article
//! count changes. An object's version and its `date_added` are both its `modified` (else
//! `created`) time, so a feed that polls with `added_after` sees updated objects again.
//! Pages are cut by `limit` and continued with an opaque `next` cursor naming the last
//! object sent, which stays valid when articles are added between pages.

use std::collections::BTreeSet;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use dossier_export::{ExportError, ExportOptions, Format};
use dossier_kb::Kb;
use dossier_model::incident::Incident;
use dossier_model::{Document, EventType};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::auth::{check_token, tokens_match};
use crate::error::ApiError;
use crate::state::AppState;

/// The media type of every TAXII response.
pub(crate) const TAXII_MEDIA: &str = "application/taxii+json;version=2.1";
/// The media type of the objects the collections hold.
pub(crate) const STIX_MEDIA: &str = "application/stix+json;version=2.1";
/// The one API root.
pub(crate) const API_ROOT: &str = "/taxii2/api/";
/// Page size when the client names none.
const DEFAULT_PAGE: usize = 100;
/// The largest page served, whatever the client asks.
const MAX_PAGE: usize = 1000;
/// Alias of the collection that holds every object.
const ALL: &str = "all";
/// The version of an object that carries neither `modified` nor `created`.
const EPOCH: &str = "1970-01-01T00:00:00.000Z";

/// The TAXII routes (state still to be given).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/taxii2/", get(discovery))
        .route(API_ROOT, get(api_root))
        .route("/taxii2/api/collections/", get(collections))
        .route("/taxii2/api/collections/{collection}/", get(collection))
        .route(
            "/taxii2/api/collections/{collection}/objects/",
            get(objects),
        )
        .route(
            "/taxii2/api/collections/{collection}/objects/{object}/",
            get(object),
        )
        .route(
            "/taxii2/api/collections/{collection}/objects/{object}/versions/",
            get(versions),
        )
        .route(
            "/taxii2/api/collections/{collection}/manifest/",
            get(manifest),
        )
        .route("/taxii2", any(not_found))
        .route("/taxii2/{*rest}", any(not_found))
}

/// True for paths the TAXII server answers.
pub(crate) fn is_taxii(path: &str) -> bool {
    path == "/taxii2" || path.starts_with("/taxii2/")
}

// ---------------------------------------------------------------------------------------
// Errors, auth and content negotiation

/// A TAXII error message: `{"title", "description", "http_status"}`.
#[derive(Debug)]
pub(crate) struct TaxiiError {
    status: StatusCode,
    description: String,
}

impl TaxiiError {
    fn new(status: StatusCode, description: impl Into<String>) -> Self {
        TaxiiError {
            status,
            description: description.into(),
        }
    }

    fn not_found(description: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, description)
    }

    fn bad_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, description)
    }
}

impl From<ApiError> for TaxiiError {
    fn from(e: ApiError) -> Self {
        TaxiiError::new(e.status, e.message)
    }
}

impl IntoResponse for TaxiiError {
    fn into_response(self) -> Response {
        let body = json!({
            "title": self.status.canonical_reason().unwrap_or("error"),
            "description": self.description,
            "http_status": self.status.as_str(),
        });
        let mut response = (self.status, taxii_headers(), body.to_string()).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"dossier TAXII\""),
            );
        }
        response
    }
}

fn taxii_headers() -> [(header::HeaderName, &'static str); 1] {
    [(header::CONTENT_TYPE, TAXII_MEDIA)]
}

/// On TAXII paths: check credentials (when a token is configured) and the Accept header,
/// then make sure every response, errors from other layers included, is TAXII JSON.
pub(crate) async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !is_taxii(request.uri().path()) {
        return next.run(request).await;
    }
    let response = match admit(state.token(), request.headers()) {
        Err(e) => e.into_response(),
        Ok(()) => next.run(request).await,
    };
    taxii_shaped(response)
}

/// Whether the request may read: credentials first, then the media type it accepts.
fn admit(token: Option<&str>, headers: &HeaderMap) -> Result<(), TaxiiError> {
    if let Some(token) = token {
        let basic = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(basic_password);
        match basic {
            Some(password) if tokens_match(&password, token) => {}
            Some(_) => return Err(TaxiiError::new(StatusCode::UNAUTHORIZED, "wrong token")),
            // A bearer token is as good as Basic.
            None => check_token(Some(token), headers).map_err(|_| {
                TaxiiError::new(
                    StatusCode::UNAUTHORIZED,
                    "this TAXII server needs HTTP Basic auth: any user name, the server's \
                     token as password",
                )
            })?,
        }
    }
    if accepts_taxii(headers) {
        Ok(())
    } else {
        Err(TaxiiError::new(
            StatusCode::NOT_ACCEPTABLE,
            format!("this server answers only with {TAXII_MEDIA}"),
        ))
    }
}

/// The password of an `Authorization: Basic base64(user:password)` header value.
fn basic_password(value: &str) -> Option<String> {
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(base64_decode(encoded.trim())?).ok()?;
    let (_user, password) = decoded.split_once(':')?;
    Some(password.to_string())
}

/// Standard base64 with optional padding; `None` on any other character.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let text = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= value(c)? << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

/// True when the Accept header is missing or admits TAXII 2.1 JSON.
fn accepts_taxii(headers: &HeaderMap) -> bool {
    let ranges: Vec<&str> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .collect();
    ranges.is_empty() || ranges.iter().any(|r| range_admits_taxii(r))
}

/// Whether one media range of an Accept header covers TAXII 2.1 JSON.
fn range_admits_taxii(range: &str) -> bool {
    let mut parts = range.split(';').map(str::trim);
    let media = parts.next().unwrap_or_default().to_ascii_lowercase();
    let mut version = None;
    for param in parts {
        let Some((key, val)) = param.split_once('=') else {
            continue;
        };
        let val = val.trim().trim_matches('"');
        match key.trim().to_ascii_lowercase().as_str() {
            "version" => version = Some(val.to_string()),
            "q" if val.parse::<f32>().is_ok_and(|q| q <= 0.0) => return false,
            _ => {}
        }
    }
    match media.as_str() {
        "*/*" | "application/*" => true,
        "application/taxii+json" => version.is_none_or(|v| v == "2.1"),
        _ => false,
    }
}

/// Give every TAXII response the TAXII media type, and turn error responses made by other
/// layers (routing's 405, the timeout's 408) into TAXII error messages.
fn taxii_shaped(response: Response) -> Response {
    let status = response.status();
    let is_taxii_body = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v == TAXII_MEDIA);
    if is_taxii_body {
        return response;
    }
    if status.is_client_error() || status.is_server_error() {
        let description = status
            .canonical_reason()
            .unwrap_or("request failed")
            .to_lowercase();
        let allow = response.headers().get(header::ALLOW).cloned();
        let mut shaped = TaxiiError::new(status, description).into_response();
        if let Some(allow) = allow {
            shaped.headers_mut().insert(header::ALLOW, allow);
        }
        return shaped;
    }
    let (mut parts, body) = response.into_parts();
    parts
        .headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(TAXII_MEDIA));
    Response::from_parts(parts, body)
}

// ---------------------------------------------------------------------------------------
// The catalog: collections and their objects

/// Every collection with its objects, built from one STIX export of the store.
#[derive(Debug)]
pub(crate) struct Catalog {
    collections: Vec<Collection>,
}

/// One collection: its description and its objects in `date_added` order.
#[derive(Debug)]
struct Collection {
    id: String,
    alias: String,
    title: String,
    description: String,
    entries: Vec<Entry>,
}

/// One STIX object as the collections serve it.
#[derive(Debug, Clone)]
struct Entry {
    id: String,
    stix_type: String,
    /// `modified`, else `created`, as the object writes it.
    version: String,
    /// `version` normalised for comparison (nanoseconds spelled out).
    instant: String,
    object: Value,
}

impl Catalog {
    /// The collections of `docs` and `incidents`: "all", then one per operation type
    /// (and per any other type an incident has), each with the objects of its incidents.
    pub(crate) fn build(
        docs: &[Document],
        incidents: &[Incident],
        kb: &Kb,
    ) -> Result<Catalog, ExportError> {
        let mut collections = vec![Collection::new(
            ALL.to_string(),
            "All dossier objects".to_string(),
            "Every STIX object dossier exports: reports of the articles, incidents, \
             actors, victims, malware, indicators and their relationships."
                .to_string(),
            entries_of(docs, incidents, kb)?,
        )];
        for kind in incident_types(incidents) {
            let chosen: Vec<Incident> = incidents
                .iter()
                .filter(|i| i.kind == kind)
                .cloned()
                .collect();
            let entries = if chosen.is_empty() {
                Vec::new()
            } else {
                let cited: BTreeSet<&str> = chosen
                    .iter()
                    .flat_map(|i| i.articles.iter().map(|a| a.id.as_str()))
                    .collect();
                let docs: Vec<Document> = docs
                    .iter()
                    .filter(|d| cited.contains(d.id.as_str()))
                    .cloned()
                    .collect();
                entries_of(&docs, &chosen, kb)?
            };
            collections.push(Collection::new(
                format!("incidents-{}", kind.as_str()),
                format!("{} incidents", kind.as_str().replace('-', " ")),
                format!(
                    "Incidents of type {} with the objects they refer to and the reports \
                     of the articles that tell of them.",
                    kind.as_str()
                ),
                entries,
            ));
        }
        Ok(Catalog { collections })
    }

    /// The collection with this id or alias.
    fn collection(&self, key: &str) -> Result<&Collection, TaxiiError> {
        self.collections
            .iter()
            .find(|c| c.id == key || c.alias == key)
            .ok_or_else(|| TaxiiError::not_found(format!("no collection {key:?}")))
    }
}

/// Operation types always (so feeds can be set up before the first incident), then any
/// other type an incident carries.
fn incident_types(incidents: &[Incident]) -> Vec<EventType> {
    let mut types: Vec<EventType> = EventType::ALL
        .iter()
        .copied()
        .filter(EventType::is_operation)
        .collect();
    for kind in incidents.iter().map(|i| i.kind) {
        if !types.contains(&kind) {
            types.push(kind);
        }
    }
    types
}

impl Collection {
    fn new(alias: String, title: String, description: String, mut entries: Vec<Entry>) -> Self {
        entries.sort_by(|a, b| (&a.instant, &a.id).cmp(&(&b.instant, &b.id)));
        Collection {
            id: collection_id(&alias),
            alias,
            title,
            description,
            entries,
        }
    }

    fn resource(&self) -> Value {
        json!({
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "alias": self.alias,
            "can_read": true,
            "can_write": false,
            "media_types": [STIX_MEDIA],
        })
    }
}

/// The stable id of a collection: a UUIDv5 of its alias.
fn collection_id(alias: &str) -> String {
    Uuid::new_v5(
        &Uuid::NAMESPACE_URL,
        format!("dossier:taxii2:collection:{alias}").as_bytes(),
    )
    .to_string()
}

/// The objects of the STIX bundle of `docs` and `incidents`.
fn entries_of(
    docs: &[Document],
    incidents: &[Incident],
    kb: &Kb,
) -> Result<Vec<Entry>, ExportError> {
    let mut buf = Vec::new();
    dossier_export::export(
        Format::Stix,
        docs,
        incidents,
        kb,
        &ExportOptions::default(),
        &mut buf,
    )?;
    let bundle: Value = serde_json::from_slice(&buf)?;
    let objects = match bundle {
        Value::Object(mut map) => match map.remove("objects") {
            Some(Value::Array(objects)) => objects,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    Ok(objects.into_iter().filter_map(entry_of).collect())
}

/// An object with its id, type and version; `None` for anything that is not an object.
fn entry_of(object: Value) -> Option<Entry> {
    let id = object.get("id")?.as_str()?.to_string();
    let stix_type = object.get("type")?.as_str()?.to_string();
    let version = ["modified", "created"]
        .iter()
        .find_map(|k| object.get(*k).and_then(Value::as_str))
        .unwrap_or(EPOCH)
        .to_string();
    let instant = instant(&version).unwrap_or_else(|| instant(EPOCH).unwrap_or_default());
    Some(Entry {
        id,
        stix_type,
        version,
        instant,
        object,
    })
}

/// A STIX/TAXII timestamp (`YYYY-MM-DDTHH:MM:SS[.fraction]Z`) spelled so that string order
/// is time order: the fraction padded to nine digits.
fn instant(text: &str) -> Option<String> {
    let text = text.trim();
    let rest = text.strip_suffix('Z').or_else(|| text.strip_suffix('z'))?;
    let (base, fraction) = rest.split_once('.').unwrap_or((rest, ""));
    let shape_ok = base.len() == 19
        && base.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            10 => b == b'T' || b == b't',
            13 | 16 => b == b':',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok || fraction.len() > 9 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{}T{}.{:0<9}", &base[..10], &base[11..], fraction))
}

// ---------------------------------------------------------------------------------------
// Filters and pages

/// The query parameters of the object, manifest and version endpoints.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ObjectQuery {
    added_after: Option<String>,
    limit: Option<String>,
    next: Option<String>,
    #[serde(rename = "match[id]")]
    match_id: Option<String>,
    #[serde(rename = "match[type]")]
    match_type: Option<String>,
    #[serde(rename = "match[version]")]
    match_version: Option<String>,
    #[serde(rename = "match[spec_version]")]
    match_spec_version: Option<String>,
}

/// Which versions of an object `match[version]` asks for. Each object here has one
/// version, so `first`, `last` and `all` all select it.
#[derive(Debug, PartialEq)]
enum Versions {
    Any,
    At(Vec<String>),
}

/// A validated query.
#[derive(Debug)]
struct Filter {
    added_after: Option<String>,
    ids: Option<Vec<String>>,
    types: Option<Vec<String>>,
    versions: Versions,
    spec_versions: Option<Vec<String>>,
    limit: usize,
    /// `(instant, id)` of the last object of the previous page.
    after: Option<(String, String)>,
}

fn list(value: Option<&str>) -> Option<Vec<String>> {
    value.map(|v| {
        v.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    })
}

impl Filter {
    fn of(query: &ObjectQuery) -> Result<Filter, TaxiiError> {
        let added_after = match query.added_after.as_deref() {
            None => None,
            Some(t) => Some(instant(t).ok_or_else(|| {
                TaxiiError::bad_request(format!(
                    "added_after {t:?} is not a timestamp like 2024-01-31T00:00:00.000Z"
                ))
            })?),
        };
        let versions = match list(query.match_version.as_deref()) {
            None => Versions::Any,
            Some(v)
                if v.iter()
                    .any(|s| matches!(s.as_str(), "first" | "last" | "all")) =>
            {
                Versions::Any
            }
            Some(v) => Versions::At(
                v.iter()
                    .map(|t| {
                        instant(t).ok_or_else(|| {
                            TaxiiError::bad_request(format!(
                                "match[version] {t:?} is neither first, last, all nor a \
                                 timestamp"
                            ))
                        })
                    })
                    .collect::<Result<_, _>>()?,
            ),
        };
        let limit = match query.limit.as_deref() {
            None => DEFAULT_PAGE,
            Some(l) => match l.trim().parse::<usize>() {
                Ok(n) if n > 0 => n.min(MAX_PAGE),
                _ => {
                    return Err(TaxiiError::bad_request(format!(
                        "limit {l:?} is not a positive whole number"
                    )));
                }
            },
        };
        let after = match query.next.as_deref() {
            None => None,
            Some(c) => Some(cursor_of(c).ok_or_else(|| {
                TaxiiError::bad_request(format!("next {c:?} is not a cursor this server gave"))
            })?),
        };
        Ok(Filter {
            added_after,
            ids: list(query.match_id.as_deref()),
            types: list(query.match_type.as_deref()),
            versions,
            spec_versions: list(query.match_spec_version.as_deref()),
            limit,
            after,
        })
    }

    fn admits(&self, e: &Entry) -> bool {
        let listed =
            |l: &Option<Vec<String>>, v: &str| l.as_ref().is_none_or(|l| l.iter().any(|x| x == v));
        let spec_version = e
            .object
            .get("spec_version")
            .and_then(Value::as_str)
            .unwrap_or("2.1");
        self.added_after.as_ref().is_none_or(|t| e.instant > *t)
            && listed(&self.ids, &e.id)
            && listed(&self.types, &e.stix_type)
            && listed(&self.spec_versions, spec_version)
            && match &self.versions {
                Versions::Any => true,
                Versions::At(at) => at.contains(&e.instant),
            }
            && self
                .after
                .as_ref()
                .is_none_or(|(t, id)| (&e.instant, &e.id) > (t, id))
    }
}

/// One page of matching entries.
struct Page<'a> {
    entries: Vec<&'a Entry>,
    next: Option<String>,
}

impl<'a> Page<'a> {
    fn of(entries: &'a [Entry], filter: &Filter) -> Page<'a> {
        let mut matching: Vec<&Entry> = entries
            .iter()
            .filter(|e| filter.admits(e))
            .take(filter.limit + 1)
            .collect();
        let more = matching.len() > filter.limit;
        matching.truncate(filter.limit);
        let next = if more {
            matching.last().map(|e| cursor(&e.instant, &e.id))
        } else {
            None
        };
        Page {
            entries: matching,
            next,
        }
    }

    /// `{"more", "next"?}` plus `key: items`, with the date-added headers.
    fn respond(&self, key: &str, items: Vec<Value>) -> Response {
        let mut body = json!({ "more": self.next.is_some() });
        if let Some(next) = &self.next {
            body["next"] = json!(next);
        }
        body[key] = Value::Array(items);
        let mut response = (taxii_headers(), body.to_string()).into_response();
        if let (Some(first), Some(last)) = (self.entries.first(), self.entries.last()) {
            for (name, value) in [
                ("x-taxii-date-added-first", &first.version),
                ("x-taxii-date-added-last", &last.version),
            ] {
                if let Ok(v) = HeaderValue::from_str(value) {
                    response.headers_mut().insert(name, v);
                }
            }
        }
        response
    }
}

/// An opaque cursor: the hex of `instant \n id`.
fn cursor(instant: &str, id: &str) -> String {
    format!("{instant}\n{id}")
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn cursor_of(text: &str) -> Option<(String, String)> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect();
    let decoded = String::from_utf8(bytes?).ok()?;
    let (instant, id) = decoded.split_once('\n')?;
    Some((instant.to_string(), id.to_string()))
}

// ---------------------------------------------------------------------------------------
// Handlers

fn taxii_json(value: Value) -> Response {
    (taxii_headers(), value.to_string()).into_response()
}

async fn not_found() -> TaxiiError {
    TaxiiError::not_found(format!(
        "no TAXII resource here: discovery is /taxii2/, the API root {API_ROOT}"
    ))
}

async fn discovery() -> Response {
    taxii_json(json!({
        "title": "dossier TAXII 2.1",
        "description": "STIX 2.1 objects of the incidents and articles in this dossier store.",
        "default": API_ROOT,
        "api_roots": [API_ROOT],
    }))
}

async fn api_root() -> Response {
    taxii_json(json!({
        "title": "dossier",
        "description": "Read-only collections: every object, and the objects of each incident type.",
        "versions": [TAXII_MEDIA],
        "max_content_length": crate::MAX_BODY_BYTES,
    }))
}

async fn collections(State(state): State<AppState>) -> Result<Response, TaxiiError> {
    let catalog = state.taxii_catalog().await?;
    let list: Vec<Value> = catalog
        .collections
        .iter()
        .map(Collection::resource)
        .collect();
    Ok(taxii_json(json!({ "collections": list })))
}

async fn collection(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, TaxiiError> {
    let catalog = state.taxii_catalog().await?;
    Ok(taxii_json(catalog.collection(&id)?.resource()))
}

fn filter_of(query: Result<Query<ObjectQuery>, QueryRejection>) -> Result<Filter, TaxiiError> {
    let Query(query) = query.map_err(|e| TaxiiError::bad_request(e.body_text()))?;
    Filter::of(&query)
}

/// An entry as a collection's objects list it: the STIX object itself.
fn object_item(e: &Entry) -> Value {
    e.object.clone()
}

/// An entry as a manifest lists it.
fn manifest_item(e: &Entry) -> Value {
    json!({
        "id": e.id,
        "date_added": e.version,
        "version": e.version,
        "media_type": STIX_MEDIA,
    })
}

/// An entry as an object's versions list it.
fn version_item(e: &Entry) -> Value {
    json!(e.version)
}

/// One page of a collection's matching entries, each shown by `item` under `key`.
async fn collection_page(
    state: AppState,
    id: &str,
    query: Result<Query<ObjectQuery>, QueryRejection>,
    key: &str,
    item: fn(&Entry) -> Value,
) -> Result<Response, TaxiiError> {
    let filter = filter_of(query)?;
    let catalog = state.taxii_catalog().await?;
    let page = Page::of(&catalog.collection(id)?.entries, &filter);
    let items = page.entries.iter().map(|e| item(e)).collect();
    Ok(page.respond(key, items))
}

/// One page of one object's entries, each shown by `item` under `key`; 404 when the
/// collection does not hold the object.
async fn object_page(
    state: AppState,
    collection: &str,
    object: &str,
    query: Result<Query<ObjectQuery>, QueryRejection>,
    key: &str,
    item: fn(&Entry) -> Value,
) -> Result<Response, TaxiiError> {
    let mut filter = filter_of(query)?;
    let catalog = state.taxii_catalog().await?;
    let entries = &catalog.collection(collection)?.entries;
    if !entries.iter().any(|e| e.id == object) {
        return Err(TaxiiError::not_found(format!(
            "collection {collection:?} holds no object {object:?}"
        )));
    }
    filter.ids = Some(vec![object.to_string()]);
    let page = Page::of(entries, &filter);
    let items = page.entries.iter().map(|e| item(e)).collect();
    Ok(page.respond(key, items))
}

async fn objects(
    State(state): State<AppState>,
    Path(id): Path<String>,
    query: Result<Query<ObjectQuery>, QueryRejection>,
) -> Result<Response, TaxiiError> {
    collection_page(state, &id, query, "objects", object_item).await
}

async fn manifest(
    State(state): State<AppState>,
    Path(id): Path<String>,
    query: Result<Query<ObjectQuery>, QueryRejection>,
) -> Result<Response, TaxiiError> {
    collection_page(state, &id, query, "objects", manifest_item).await
}

async fn object(
    State(state): State<AppState>,
    Path((collection, object)): Path<(String, String)>,
    query: Result<Query<ObjectQuery>, QueryRejection>,
) -> Result<Response, TaxiiError> {
    object_page(state, &collection, &object, query, "objects", object_item).await
}

async fn versions(
    State(state): State<AppState>,
    Path((collection, object)): Path<(String, String)>,
    query: Result<Query<ObjectQuery>, QueryRejection>,
) -> Result<Response, TaxiiError> {
    object_page(state, &collection, &object, query, "versions", version_item).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, kind: &str, modified: &str) -> Entry {
        entry_of(json!({"id": id, "type": kind, "spec_version": "2.1", "modified": modified}))
            .expect("entry")
    }

    fn filter(query: &str) -> Filter {
        let q: ObjectQuery = serde_urlencoded_query(query);
        Filter::of(&q).expect("valid filter")
    }

    fn serde_urlencoded_query(query: &str) -> ObjectQuery {
        let uri: axum::http::Uri = format!("/x?{query}").parse().expect("uri");
        Query::<ObjectQuery>::try_from_uri(&uri).expect("query").0
    }

    #[test]
    fn timestamps_compare_in_time_order_whatever_their_precision() {
        let a = instant("2024-01-01T00:00:00Z").expect("no fraction");
        let b = instant("2024-01-01T00:00:00.5Z").expect("short fraction");
        let c = instant("2024-01-01T00:00:00.000Z").expect("ms");
        assert!(a < b);
        assert_eq!(a, c);
        assert_eq!(instant("2024-01-01"), None);
        assert_eq!(instant("2024-01-01T00:00:00.0000000000Z"), None);
    }

    #[test]
    fn paging_resumes_after_the_cursor_and_filters_by_type() {
        let entries = vec![
            entry("identity--1", "identity", "2024-01-01T00:00:00.000Z"),
            entry("incident--1", "incident", "2024-01-01T00:00:00.000Z"),
            entry("incident--2", "incident", "2024-02-01T00:00:00.000Z"),
            entry("report--1", "report", "2024-03-01T00:00:00.000Z"),
        ];
        let first = Page::of(&entries, &filter("limit=2"));
        let ids: Vec<&str> = first.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["identity--1", "incident--1"]);
        let next = first.next.expect("more to come");
        let second = Page::of(&entries, &filter(&format!("limit=2&next={next}")));
        let ids: Vec<&str> = second.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["incident--2", "report--1"]);
        assert!(second.next.is_none());
        let incidents = Page::of(
            &entries,
            &filter("match%5Btype%5D=incident,report&added_after=2024-01-01T00:00:00Z"),
        );
        let ids: Vec<&str> = incidents.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["incident--2", "report--1"]);
    }

    #[test]
    fn bad_parameters_are_refused() {
        for query in [
            "limit=0",
            "limit=x",
            "next=zz",
            "added_after=yesterday",
            "match%5Bversion%5D=soon",
        ] {
            let q = serde_urlencoded_query(query);
            let e = Filter::of(&q).expect_err(query);
            assert_eq!(e.status, StatusCode::BAD_REQUEST, "{query}");
        }
    }

    #[test]
    fn basic_password_is_decoded() {
        // "analyst:s3cret"
        assert_eq!(
            basic_password("Basic YW5hbHlzdDpzM2NyZXQ=").as_deref(),
            Some("s3cret")
        );
        // ":pw" without padding
        assert_eq!(basic_password("basic OnB3").as_deref(), Some("pw"));
        assert_eq!(basic_password("Bearer YW5hbHlzdDpzM2NyZXQ="), None);
        assert_eq!(basic_password("Basic !!!"), None);
    }

    #[test]
    fn accept_header_negotiation() {
        let with = |accept: &str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::ACCEPT,
                HeaderValue::from_str(accept).expect("ascii"),
            );
            accepts_taxii(&h)
        };
        assert!(accepts_taxii(&HeaderMap::new()));
        assert!(with("*/*"));
        assert!(with("application/taxii+json;version=2.1"));
        assert!(with("application/taxii+json"));
        assert!(with("text/html, application/*;q=0.5"));
        assert!(!with("application/taxii+json;version=2.0"));
        assert!(!with("application/xml"));
        assert!(!with("*/*;q=0"));
    }

    #[test]
    fn collection_ids_are_stable_uuids() {
        assert_eq!(collection_id("all"), collection_id("all"));
        assert_ne!(collection_id("all"), collection_id("incidents-espionage"));
        let id = Uuid::parse_str(&collection_id("all")).expect("uuid");
        assert_eq!(id.get_version_num(), 5);
    }
}
