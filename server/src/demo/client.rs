//! The demo system's client of the system API: requests as if sent some days ago, and the
//! JSON shapes of recipients and attachments.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Method, Request};
use base64::Engine as _;
use serde_json::{json, Value};
use time::OffsetDateTime;
use tower::ServiceExt as _;

use super::{demo_pdf, DAY};
use crate::config::DEMO_SYSTEM_API_KEY;
use crate::{routes, AppState};

pub(super) fn attachment(file_name: &str, title: &str, lines: &[&str]) -> Value {
    json!({
        "file_name": file_name,
        "content_base64": base64::engine::general_purpose::STANDARD.encode(demo_pdf(title, lines)),
    })
}

/// The system API's recipient for a personal identity number or an organisation number.
fn recipient(number: &str) -> Value {
    if minsida_api::org::OrgNumber::parse(number).is_ok() {
        json!({ "organisation_number": number })
    } else {
        json!({ "personal_number": number })
    }
}

/// Sends requests to the system API as the demo system.
pub(super) struct Client<'a> {
    pub(super) state: &'a AppState,
    pub(super) now: i64,
    pub(super) requests: usize,
}

impl Client<'_> {
    /// `method path` with a JSON body, as if sent `days_ago` days (and `hours` hours) ago.
    pub(super) async fn call(
        &mut self,
        days_ago: i64,
        hours: i64,
        method: Method,
        path: &str,
        body: Value,
    ) -> Result<Value, String> {
        self.call_status(days_ago, hours, method, path, body)
            .await
            .map(|(_, value)| value)
    }

    /// [`Self::call`], with the response's status.
    pub(super) async fn call_status(
        &mut self,
        days_ago: i64,
        hours: i64,
        method: Method,
        path: &str,
        body: Value,
    ) -> Result<(axum::http::StatusCode, Value), String> {
        let at = self.now - days_ago * DAY + hours * 3600;
        let mut state = self.state.clone();
        state.clock = Arc::new(move || {
            OffsetDateTime::from_unix_timestamp(at).unwrap_or(OffsetDateTime::UNIX_EPOCH)
        });
        let request = Request::builder()
            .method(method)
            .uri(format!("{}{path}", routes::SYSTEM_API_PREFIX))
            .header(
                header::AUTHORIZATION,
                format!("Bearer {DEMO_SYSTEM_API_KEY}"),
            )
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .map_err(|e| e.to_string())?;
        let response = routes::router(state)
            .oneshot(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .map_err(|e| e.to_string())?;
        self.requests += 1;
        if !status.is_success() {
            return Err(format!(
                "{path}: {status}: {}",
                String::from_utf8_lossy(&bytes)
            ));
        }
        if bytes.is_empty() {
            // 204 No Content.
            return Ok((status, Value::Null));
        }
        serde_json::from_slice(&bytes)
            .map(|value| (status, value))
            .map_err(|e| e.to_string())
    }

    pub(super) async fn matter(
        &mut self,
        days_ago: i64,
        pn: &str,
        external_id: &str,
        title: &str,
        category: &str,
        handler: &str,
    ) -> Result<i64, String> {
        let m = self
            .call(
                days_ago,
                0,
                Method::POST,
                "/matters",
                json!({
                    "recipient": recipient(pn),
                    "title": title,
                    "category": category,
                    "handler": handler,
                    "external_id": external_id,
                }),
            )
            .await?;
        m["id"].as_i64().ok_or_else(|| "no matter id".to_string())
    }

    /// Register a representation, as if `days_ago` days ago.
    pub(super) async fn representation(
        &mut self,
        days_ago: i64,
        body: Value,
    ) -> Result<Value, String> {
        self.call(days_ago, 0, Method::POST, "/representations", body)
            .await
    }

    pub(super) async fn status(
        &mut self,
        days_ago: i64,
        matter: i64,
        status: &str,
        note: &str,
    ) -> Result<(), String> {
        self.call(
            days_ago,
            4,
            Method::PUT,
            &format!("/matters/{matter}/status"),
            json!({ "status": status, "note": note }),
        )
        .await
        .map(|_| ())
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) async fn message(
        &mut self,
        days_ago: i64,
        hours: i64,
        pn: &str,
        matter: Option<i64>,
        sender: &str,
        subject: &str,
        body: &str,
        attachments: Vec<Value>,
    ) -> Result<i64, String> {
        let d = self
            .call(
                days_ago,
                hours,
                Method::POST,
                "/messages",
                json!({
                    "recipient": recipient(pn),
                    "matter_id": matter,
                    "sender": sender,
                    "subject": subject,
                    "body": body,
                    "attachments": attachments,
                }),
            )
            .await?;
        d["message_id"]
            .as_i64()
            .ok_or_else(|| "no message id".to_string())
    }
}

/// Mark the messages `ids` read, as if the person opened them about an hour after delivery.
pub(super) async fn mark_read(state: &AppState, ids: Vec<i64>) -> Result<(), String> {
    for id in ids {
        sqlx::query(
            "UPDATE messages SET read = TRUE, first_read_at = sent_at + 3600 WHERE id = $1 AND first_read_at IS NULL",
        )
        .bind(id)
        .execute(&state.pool)
        .await
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}
