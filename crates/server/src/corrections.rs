//! Analysts' corrections through the API: merge two incidents, split an article out of
//! one, confirm or reject one fact, list the corrections in force and undo one.
//!
//! They are the same store rows `dossier incidents merge|split|undo` writes (payloads of
//! `dossier_stories::Correction`), so the CLI and the server see each other's work.
//! Merges and splits steer the grouping; fact verdicts are applied to the merged
//! incidents (see [`crate::review`]).

use std::collections::BTreeSet;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use dossier_model::incident::Incident;
use dossier_stories::correct::Verdict;
use dossier_stories::{Correction, CorrectionError};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::find_incident;
use crate::auth::Writer;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// How long a correction waits for the incidents to be merged again before answering
/// 202 (recorded, merge still running) instead of 201 with the incidents it produced.
const CORRECTION_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// The correction routes (state still to be given).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/incidents/{id}/merge", post(merge_incidents))
        .route("/api/incidents/{id}/split", post(split_incident))
        .route("/api/incidents/{id}/facts", post(judge_fact))
        .route("/api/corrections", get(list_corrections))
        .route("/api/corrections/{n}", delete(undo_correction))
}

/// The body of `POST /api/incidents/{id}/merge`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MergeInput {
    /// The other incident's id (or a unique prefix of it).
    pub with: String,
}

/// The body of `POST /api/incidents/{id}/split`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SplitInput {
    /// The article to take out of the incident (its id or a unique prefix).
    pub article: String,
}

/// What an analyst says of a fact.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum VerdictInput {
    /// The sources say this.
    Confirm,
    /// The machine misread the sources: leave the fact out.
    Reject,
}

/// The body of `POST /api/incidents/{id}/facts`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FactInput {
    /// The fact's `key`, as the incident's `facts` list gives it.
    pub fact: String,
    /// `confirm` or `reject`.
    pub verdict: VerdictInput,
}

/// The answers every recorded correction (merge, split, fact verdict) shares besides its
/// own 201 and 422, for the OpenAPI document.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // describes answers; the handlers build them as `CorrectionReport`/`ApiError`
enum RecordAnswers {
    /// Recorded; the incidents are still being merged again
    #[response(status = 202)]
    Pending(CorrectionReport),
    /// Malformed body
    #[response(status = 400)]
    Malformed(ErrorBody),
    /// Missing or wrong token
    #[response(status = 401)]
    Unauthorized(ErrorBody),
    /// The server has no token: writes are off
    #[response(status = 403)]
    WritesOff(ErrorBody),
    /// No such incident
    #[response(status = 404)]
    NoIncident(ErrorBody),
}

/// What a correction answers.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CorrectionReport {
    /// The correction's id; `DELETE /api/corrections/{id}` undoes it.
    pub correction: i64,
    /// `merge`, `split` or `fact`.
    pub kind: String,
    /// The incidents the corrected articles belong to now (ids change when members do):
    /// for a split, what remains of the incident comes first. Empty with status 202,
    /// when merging again takes longer than 20 s (a large store): the correction is
    /// recorded and the pages show it once the merge is done.
    pub incidents: Vec<String>,
}

/// A correction in force.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CorrectionView {
    pub id: i64,
    /// `merge`, `split` or `fact`.
    pub kind: String,
    /// The correction as stored.
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    /// When it was made (UTC).
    pub created_at: String,
}

/// Parse a JSON body, with a message that names what was expected.
fn json_body<T: DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
    what: &str,
) -> Result<T, ApiError> {
    let body = body.map_err(|e| ApiError::new(e.status(), e.body_text()))?;
    serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("the body is not {what}: {e}")))
}

fn correction_error(e: CorrectionError) -> ApiError {
    match e {
        CorrectionError::UnknownIncident(id) => ApiError::not_found(format!(
            "no incident with id {id:?}; GET /api/incidents lists them"
        )),
        CorrectionError::Corrupt { .. } => ApiError::internal(e),
        other => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, other.to_string()),
    }
}

/// The incidents that hold the most of `articles` (all that tie).
fn holders(all: &[Incident], articles: &BTreeSet<&str>) -> Vec<String> {
    let overlap = |i: &Incident| {
        let ids: BTreeSet<&str> = i.articles.iter().map(|a| a.id.as_str()).collect();
        ids.intersection(articles).count()
    };
    let best = all.iter().map(overlap).max().unwrap_or(0);
    if best == 0 {
        return Vec::new();
    }
    all.iter()
        .filter(|i| overlap(i) == best)
        .map(|i| i.id.clone())
        .collect()
}

/// Works out a correction against the stored articles and the corrections in force (off
/// the async runtime: it regroups every article), then records it.
async fn decide_and_record(
    state: &AppState,
    decide: impl FnOnce(
        &[dossier_model::Document],
        &[Correction],
    ) -> Result<Correction, CorrectionError>
    + Send
    + 'static,
) -> Result<Response, ApiError> {
    let (docs, corrections) = state.documents_and_corrections().await?;
    let c = tokio::task::spawn_blocking(move || decide(&docs, &corrections))
        .await?
        .map_err(correction_error)?;
    record(state, c).await
}

/// Store `c`, merge again and report where its articles ended up.
async fn record(state: &AppState, c: Correction) -> Result<Response, ApiError> {
    let kind = c.kind().to_string();
    let groups: Vec<BTreeSet<String>> = match &c {
        Correction::Merge { anchors } => {
            vec![anchors.iter().map(|a| a.article.clone()).collect()]
        }
        // What remains of the incident first, then where the article went.
        Correction::Split { article, from } => vec![
            from.iter()
                .map(|a| a.article.clone())
                .filter(|a| a != article)
                .collect(),
            BTreeSet::from([article.clone()]),
        ],
        Correction::Fact { .. } => Vec::new(),
    };
    let is_fact = matches!(c, Correction::Fact { .. });
    let n = state.add_correction(c).await?;
    // On a large store merging again takes minutes: then say the correction is recorded
    // and let the merge finish in the background (pages show it once it is done).
    let Ok(snapshot) = tokio::time::timeout(CORRECTION_WAIT, state.fresh_snapshot()).await else {
        let report = CorrectionReport {
            correction: n,
            kind,
            incidents: Vec::new(),
        };
        return Ok((StatusCode::ACCEPTED, Json(report)).into_response());
    };
    let snapshot = snapshot?;
    if is_fact {
        // A verdict holds in every incident where its fact rests on its articles.
        let incidents = snapshot
            .incidents
            .iter()
            .filter(|i| {
                snapshot
                    .facts_of(&i.id)
                    .iter()
                    .any(|f| f.correction == Some(n))
            })
            .map(|i| i.id.clone())
            .collect();
        let report = CorrectionReport {
            correction: n,
            kind,
            incidents,
        };
        return Ok((StatusCode::CREATED, Json(report)).into_response());
    }
    let mut incidents = Vec::new();
    for group in &groups {
        let wanted: BTreeSet<&str> = group.iter().map(String::as_str).collect();
        for id in holders(&snapshot.incidents, &wanted) {
            if !incidents.contains(&id) {
                incidents.push(id);
            }
        }
    }
    let report = CorrectionReport {
        correction: n,
        kind,
        incidents,
    };
    Ok((StatusCode::CREATED, Json(report)).into_response())
}

#[utoipa::path(post, path = "/api/incidents/{id}/merge", tag = "corrections",
    params(("id" = String, Path, description = "Incident id (or a unique prefix)")),
    request_body = MergeInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Recorded; the incidents are merged from now on", body = CorrectionReport),
        RecordAnswers,
        (status = 422, description = "Ambiguous id, or the same incident twice", body = ErrorBody)))]
pub(crate) async fn merge_incidents(
    _writer: Writer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: MergeInput = json_body(body, "{\"with\": \"<incident id>\"}")?;
    decide_and_record(&state, move |docs, corrections| {
        dossier_stories::merge_correction(docs, corrections, &id, &input.with)
    })
    .await
}

#[utoipa::path(post, path = "/api/incidents/{id}/split", tag = "corrections",
    params(("id" = String, Path, description = "Incident id (or a unique prefix)")),
    request_body = SplitInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Recorded; the article is kept apart from now on", body = CorrectionReport),
        RecordAnswers,
        (status = 422, description = "The article is not one of the incident's", body = ErrorBody)))]
pub(crate) async fn split_incident(
    _writer: Writer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: SplitInput = json_body(body, "{\"article\": \"<article id>\"}")?;
    decide_and_record(&state, move |docs, corrections| {
        dossier_stories::split_correction(docs, corrections, &id, &input.article)
    })
    .await
}

#[utoipa::path(post, path = "/api/incidents/{id}/facts", tag = "corrections",
    params(("id" = String, Path, description = "Incident id")),
    request_body = FactInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Recorded; a rejected fact leaves the record, a confirmed one is marked so", body = CorrectionReport),
        RecordAnswers,
        (status = 422, description = "The incident has no such fact", body = ErrorBody)))]
pub(crate) async fn judge_fact(
    _writer: Writer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: FactInput = json_body(
        body,
        "{\"fact\": \"<key from the incident's facts>\", \"verdict\": \"confirm\"|\"reject\"}",
    )?;
    // Judge the facts as the analyst saw them: the snapshot pages show, rejected ones too.
    let snapshot = state.snapshot().await?;
    let incident = find_incident(&snapshot.incidents, &id)?;
    let fact = snapshot
        .facts_of(&incident.id)
        .iter()
        .find(|f| f.key == input.fact)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "incident {} has no fact {:?}; GET /api/incidents/{} lists its facts \
                     with their keys",
                    incident.id, input.fact, incident.id
                ),
            )
        })?;
    let c = Correction::Fact {
        fact: fact.key.clone(),
        articles: dossier_stories::review::rests_on(incident, fact),
        verdict: match input.verdict {
            VerdictInput::Confirm => Verdict::Confirm,
            VerdictInput::Reject => Verdict::Reject,
        },
    };
    record(&state, c).await
}

#[utoipa::path(get, path = "/api/corrections", tag = "corrections",
    responses((status = 200, description = "The corrections in force, oldest first", body = Vec<CorrectionView>)))]
pub(crate) async fn list_corrections(
    State(state): State<AppState>,
) -> Result<Json<Vec<CorrectionView>>, ApiError> {
    let rows = state.with_reader(|store| store.corrections()).await?;
    Ok(Json(
        rows.into_iter()
            .map(|row| CorrectionView {
                payload: serde_json::from_str(&row.payload)
                    .unwrap_or(serde_json::Value::String(row.payload)),
                id: row.id,
                kind: row.kind,
                created_at: row.created_at,
            })
            .collect(),
    ))
}

/// What undoing answers.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Undone {
    /// The correction undone.
    pub undone: i64,
}

#[utoipa::path(delete, path = "/api/corrections/{n}", tag = "corrections",
    params(("n" = i64, Path, description = "Correction id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Undone", body = Undone),
        (status = 401, description = "Missing or wrong token", body = ErrorBody),
        (status = 403, description = "The server has no token: writes are off", body = ErrorBody),
        (status = 404, description = "No correction in force has this id", body = ErrorBody)))]
pub(crate) async fn undo_correction(
    _writer: Writer,
    State(state): State<AppState>,
    Path(n): Path<String>,
) -> Result<Json<Undone>, ApiError> {
    let n: i64 = n
        .parse()
        .map_err(|_| ApiError::bad_request(format!("{n:?} is not a correction id (a number)")))?;
    if !state.undo_correction(n).await? {
        return Err(ApiError::not_found(format!(
            "no correction {n} in force; GET /api/corrections lists them"
        )));
    }
    Ok(Json(Undone { undone: n }))
}
