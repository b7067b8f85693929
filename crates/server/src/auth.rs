//! Bearer-token checks: writes always need the token, reads only when configured so.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::state::AppState;

/// What a client is told when the server has no token and a token is needed.
const NO_TOKEN_CONFIGURED: &str = "this server has no token configured, so it accepts no \
     writes: restart it with --token <secret> or with DOSSIER_TOKEN set, then send \
     'Authorization: Bearer <secret>'";

/// Proof, as an extractor, that the request may write. Handlers that change the store
/// take it as their first argument, so the check runs before the body is read.
pub(crate) struct Writer;

impl FromRequestParts<AppState> for Writer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        check_token(state.token(), &parts.headers).map(|()| Writer)
    }
}

/// Whether the headers carry the configured token.
pub(crate) fn check_token(token: Option<&str>, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = token else {
        return Err(ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            NO_TOKEN_CONFIGURED,
        ));
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer_token);
    match presented {
        None => Err(ApiError::new(
            axum::http::StatusCode::UNAUTHORIZED,
            "missing token: send 'Authorization: Bearer <token>'",
        )),
        Some(p) if tokens_match(p, token) => Ok(()),
        Some(_) => Err(ApiError::new(
            axum::http::StatusCode::UNAUTHORIZED,
            "wrong token",
        )),
    }
}

/// The token of an `Authorization: Bearer <token>` header value.
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Compare in time independent of where the tokens differ and of their lengths: both are
/// hashed to 32 bytes and every byte is compared.
pub(crate) fn tokens_match(presented: &str, expected: &str) -> bool {
    let a = Sha256::digest(presented.as_bytes());
    let b = Sha256::digest(expected.as_bytes());
    let diff = a
        .iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// When reads need the token, check it on every request but the static files (which
/// hold no data) and TAXII (which takes Basic auth); writes are checked by their
/// handlers through [`Writer`].
pub(crate) async fn read_guard(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let is_read = matches!(*request.method(), Method::GET | Method::HEAD);
    let path = request.uri().path();
    // TAXII checks its own credentials (HTTP Basic), see `taxii::guard`.
    let is_exempt = path.starts_with("/static/") || crate::taxii::is_taxii(path);
    if state.require_token_for_reads()
        && is_read
        && !is_exempt
        && let Err(e) = check_token(state.token(), request.headers())
    {
        return e.into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(auth: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(auth).expect("ascii"),
        );
        h
    }

    #[test]
    fn only_the_configured_bearer_token_passes() {
        assert!(check_token(Some("s3cret"), &headers("Bearer s3cret")).is_ok());
        assert!(check_token(Some("s3cret"), &headers("bearer  s3cret ")).is_ok());
        let wrong = check_token(Some("s3cret"), &headers("Bearer s3cre")).unwrap_err();
        assert_eq!(wrong.status, axum::http::StatusCode::UNAUTHORIZED);
        let basic = check_token(Some("s3cret"), &headers("Basic s3cret")).unwrap_err();
        assert_eq!(basic.status, axum::http::StatusCode::UNAUTHORIZED);
    }

    #[test]
    fn without_a_configured_token_writes_are_forbidden_with_advice() {
        let e = check_token(None, &headers("Bearer anything")).unwrap_err();
        assert_eq!(e.status, axum::http::StatusCode::FORBIDDEN);
        assert!(e.message.contains("DOSSIER_TOKEN"));
    }

    #[test]
    fn token_comparison_ignores_length_tricks() {
        assert!(tokens_match("abc", "abc"));
        assert!(!tokens_match("abc", "abcd"));
        assert!(!tokens_match("", "abc"));
    }
}
