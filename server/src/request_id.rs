//! The id of each request: taken from a load balancer's well-formed `x-request-id`, otherwise
//! generated (a UUID v4); returned as the `x-request-id` response header, recorded in the
//! request's tracing span (so every log line of the request carries it) and put in every JSON
//! error body ([`crate::error::ApiError`] reads it from a task-local set by [`scope`]).
//!
//! The layers, outermost first (see [`crate::app`]): [`drop_malformed`],
//! `SetRequestIdLayer`, the trace layer, `PropagateRequestIdLayer`, [`scope`].

use axum::extract::Request;
use axum::http::HeaderName;
use axum::middleware::Next;
use axum::response::Response;
use tower_http::request_id::RequestId;

/// The header that carries the id, in both directions.
pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Longest incoming id accepted.
pub const MAX_LEN: usize = 128;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being handled by the current task, if any.
pub fn current() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// Whether an incoming id may be used as it is: 1-128 ASCII letters, digits or `-_.:=+/`
/// (UUIDs, trace ids and the like; nothing that could forge log lines or headers).
pub fn is_well_formed(id: &[u8]) -> bool {
    (1..=MAX_LEN).contains(&id.len())
        && id
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:=+/".contains(b))
}

/// Remove an incoming `x-request-id` that is not well formed, so that a fresh one is made.
pub async fn drop_malformed(mut request: Request, next: Next) -> Response {
    let bad = request
        .headers()
        .get_all(&HEADER)
        .iter()
        .enumerate()
        .any(|(i, v)| i > 0 || !is_well_formed(v.as_bytes()));
    if bad {
        request.headers_mut().remove(&HEADER);
    }
    next.run(request).await
}

/// Run the rest of the request with its id in the task-local that [`current`] reads.
pub async fn scope(request: Request, next: Next) -> Response {
    let id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .map(str::to_owned);
    match id {
        Some(id) => REQUEST_ID.scope(id, next.run(request)).await,
        None => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_ids() {
        assert!(is_well_formed(b"6f1c2b9e-8f0a-4c4e-9d4e-2a6b1f3c5d7e"));
        assert!(is_well_formed(b"Root=1-67891233-abcdef012345678912345678"));
        assert!(!is_well_formed(b""));
        assert!(!is_well_formed(b"a b"));
        assert!(!is_well_formed(b"a\nb"));
        assert!(!is_well_formed("å".as_bytes()));
        assert!(!is_well_formed(&[b'a'; MAX_LEN + 1]));
        assert!(is_well_formed(&[b'a'; MAX_LEN]));
    }

    #[tokio::test]
    async fn current_is_set_inside_the_scope_only() {
        assert_eq!(current(), None);
        let inside = REQUEST_ID
            .scope("abc".to_string(), async { current() })
            .await;
        assert_eq!(inside.as_deref(), Some("abc"));
    }
}
