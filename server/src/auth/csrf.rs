//! Cross-site request forgery protection for state-changing API requests.
//!
//! Defence in depth on top of `SameSite=Strict` cookies. For every unsafe method (POST, PUT,
//! PATCH, DELETE, ...) under `/api` the [`guard`] middleware checks:
//! 1. `Sec-Fetch-Site`, when sent, is `same-origin` or `none`;
//! 2. `Origin`, when sent, is our public origin or the origin of the request's `Host`;
//! 3. a request with a body declares `Content-Type: application/json` (a cross-site HTML form
//!    cannot send that without a CORS preflight, which we never answer).
//!
//! Two routes differ: `POST /api/uploads` takes a raw `application/octet-stream` body instead
//! of JSON (checks 1 and 2 still apply, and the session's CSRF token is still required), and
//! the system-to-system API under `/api/system/v1` is not guarded at all: it ignores cookies
//! and authenticates every request with a bearer API key, so there is nothing to forge.
//!
//! Authenticated endpoints additionally require the session's token in `x-csrf-token`
//! (see [`crate::auth::CurrentSession`]).

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::config::normalize_authority;
use crate::error::ApiError;
use crate::AppState;

/// Middleware applying checks 1–3 to unsafe methods.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = api_path(request.uri().path());
    if is_system_api(path) {
        return next.run(request).await;
    }
    if !request.method().is_safe() {
        let body = if path == crate::routes::UPLOAD_PATH {
            BodyRule::OctetStream
        } else {
            BodyRule::Json
        };
        if let Err(e) = check_request(&state, request.headers(), request.uri(), body) {
            return e.into_response();
        }
    }
    next.run(request).await
}

/// The path inside the API router (the guard runs inside `/api`, but accept both forms).
fn api_path(path: &str) -> &str {
    match path.strip_prefix(minsida_api::API_PREFIX) {
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    }
}

fn is_system_api(path: &str) -> bool {
    let prefix = crate::routes::SYSTEM_API_PREFIX;
    path == prefix || path.starts_with(&format!("{prefix}/"))
}

/// What a request body must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyRule {
    Json,
    OctetStream,
}

fn check_request(
    state: &AppState,
    headers: &HeaderMap,
    uri: &Uri,
    body: BodyRule,
) -> Result<(), ApiError> {
    if let Some(site) = headers.get("sec-fetch-site") {
        let site = site
            .to_str()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if site != "same-origin" && site != "none" {
            return Err(ApiError::csrf_failed("cross-site request refused"));
        }
    }

    if let Some(origin) = headers.get(header::ORIGIN) {
        let public = &state.config.public_url;
        let origin = origin.to_str().ok().and_then(normalize_origin);
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .or_else(|| uri.authority().map(|a| a.as_str()))
            .and_then(|h| normalize_authority(h, public.is_https()))
            .map(|h| format!("{}://{h}", public.scheme()));
        let allowed = match origin {
            Some(o) => o == public.origin() || host.as_deref() == Some(o.as_str()),
            None => false,
        };
        if !allowed {
            return Err(ApiError::csrf_failed(
                "request from a foreign origin refused",
            ));
        }
    }

    match body {
        BodyRule::Json if has_body(headers) && !is_json(headers) => {
            Err(ApiError::unsupported_media_type())
        }
        BodyRule::OctetStream if !is_octet_stream(headers) => Err(ApiError::new(
            minsida_api::ErrorCode::UnsupportedMediaType,
            "uploads must be sent as the raw file (Content-Type: application/octet-stream)",
        )),
        _ => Ok(()),
    }
}

/// `scheme://host[:port]` lower-cased with the default port dropped; `None` for `null` and
/// anything that is not an http(s) origin.
fn normalize_origin(origin: &str) -> Option<String> {
    let origin = origin.trim();
    let (scheme, authority) = origin.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let https = match scheme.as_str() {
        "https" => true,
        "http" => false,
        _ => return None,
    };
    if authority.contains(['/', '?', '#', '@']) {
        return None;
    }
    Some(format!(
        "{scheme}://{}",
        normalize_authority(authority, https)?
    ))
}

fn has_body(headers: &HeaderMap) -> bool {
    if headers.contains_key(header::TRANSFER_ENCODING) {
        return true;
    }
    match headers.get(header::CONTENT_LENGTH) {
        Some(len) => len.to_str().ok().and_then(|l| l.trim().parse::<u64>().ok()) != Some(0),
        None => false,
    }
}

/// `application/octet-stream` (parameters allowed).
pub fn is_octet_stream(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| {
            essence
                .trim()
                .eq_ignore_ascii_case("application/octet-stream")
        })
}

/// `application/json`, optionally with parameters such as `charset=utf-8`.
pub fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn origins_are_normalised() {
        assert_eq!(
            normalize_origin("https://Example.se:443").as_deref(),
            Some("https://example.se")
        );
        assert_eq!(
            normalize_origin("http://localhost:8080").as_deref(),
            Some("http://localhost:8080")
        );
        assert_eq!(normalize_origin("null"), None);
        assert_eq!(normalize_origin("file://"), None);
        assert_eq!(normalize_origin("https://evil.se/path"), None);
    }

    #[test]
    fn paths() {
        assert_eq!(api_path("/api/uploads"), "/uploads");
        assert_eq!(api_path("/uploads"), "/uploads");
        assert_eq!(api_path("/apiuploads"), "/apiuploads");
        assert!(is_system_api("/system/v1/messages"));
        assert!(is_system_api("/system/v1"));
        assert!(!is_system_api("/system/v10"));
        assert!(!is_system_api("/messages"));
    }

    #[test]
    fn body_and_content_type() {
        let mut h = HeaderMap::new();
        assert!(!has_body(&h));
        h.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
        assert!(!has_body(&h));
        h.insert(header::CONTENT_LENGTH, HeaderValue::from_static("12"));
        assert!(has_body(&h));
        assert!(!is_json(&h));
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        assert!(is_json(&h));
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert!(!is_json(&h));
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/jsonp"),
        );
        assert!(!is_json(&h));
    }
}
