//! `/api/documents/{id}`: integrity of the stored, encrypted documents.

use crate::common::messaging::*;
use crate::common::*;
use axum::http::{Method, StatusCode};
use minsida_api::ErrorCode;
use serde_json::json;

#[tokio::test]
async fn tampered_or_missing_ciphertext_is_an_integrity_error() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let d = deliver(
        &app,
        SYSTEM_A_KEY,
        ANNA,
        None,
        "Beslut",
        "b",
        json!([{"file_name": "beslut.pdf", "content_base64": b64(&pdf("beslut"))}]),
    )
    .await;
    let doc = d.attachments[0].id;
    let key: String = sqlx::query_scalar("SELECT storage_key FROM documents WHERE id = $1")
        .bind(doc)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    // Someone with access to the store changes one bit of the ciphertext.
    let mut bytes = app.state.store.get(&key).await.unwrap().expect("stored");
    bytes[5] ^= 0x01;
    app.state.store.put(&key, &bytes).await.unwrap();
    for r in [
        app.get(&format!("/api/documents/{doc}"), Some(&anna.cookie))
            .await,
        app.system(
            Method::GET,
            &format!("/api/system/v1/documents/{doc}"),
            Some(SYSTEM_A_KEY),
            None,
        )
        .await,
    ] {
        r.assert_error(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::IntegrityError);
        assert!(!r.body.windows(4).any(|w| w == b"%PDF"));
    }
    // A checksum in the database that does not match the content.
    bytes[5] ^= 0x01;
    app.state.store.put(&key, &bytes).await.unwrap();
    assert_eq!(
        app.get(&format!("/api/documents/{doc}"), Some(&anna.cookie))
            .await
            .status,
        StatusCode::OK
    );
    sqlx::query("UPDATE documents SET sha256 = $1 WHERE id = $2")
        .bind("0".repeat(64))
        .bind(doc)
        .execute(&app.pool)
        .await
        .unwrap();
    app.get(&format!("/api/documents/{doc}"), Some(&anna.cookie))
        .await
        .assert_error(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::IntegrityError);
    // Missing ciphertext.
    app.state.store.delete(&key).await.unwrap();
    app.get(&format!("/api/documents/{doc}"), Some(&anna.cookie))
        .await
        .assert_error(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::IntegrityError);
}
