//! Integration tests of the SPA hosting: the rewritten index page, static files, the
//! history-API fallback, caching and security headers.

use crate::common::*;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use minsida_api::Health;

fn boot_path(html: &str) -> String {
    let start = html.find("/_boot/").expect("a boot script reference");
    let end = start + html[start..].find('"').unwrap();
    html[start..end].to_string()
}

#[tokio::test]
async fn index_is_served_without_inline_scripts() {
    let app = TestApp::new().await;
    for path in ["/", "/index.html"] {
        let r = app.get(path, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(r.header("cache-control"), Some("no-cache"));
        assert_security_headers(&r);
        let html = r.text();
        assert!(
            !html.contains("import init"),
            "inline script left in {html}"
        );
        assert!(!html.contains("<script type=\"module\">"));
        // Every script has a src.
        for tag in html.split("<script").skip(1) {
            let open = &tag[..tag.find('>').unwrap()];
            assert!(open.contains("src=\"/_boot/"), "{open}");
            assert!(tag[tag.find('>').unwrap() + 1..].starts_with("</script>"));
        }
        assert!(
            html.contains(r#"<link rel="modulepreload" href="/minsida-web-0123456789abcdef.js""#)
        );
    }

    let html = app.get("/", None).await.text();
    let boot = boot_path(&html);
    assert!(html.contains(&format!(r#"<script type="module" src="{boot}"></script>"#)));
    let r = app.get(&boot, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(
        r.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_security_headers(&r);
    let js = r.text();
    assert!(js.contains("import init, * as bindings from '/minsida-web-0123456789abcdef.js';"));
    assert!(js.contains("TrunkApplicationStarted"));
    assert!(!js.contains("<script"));

    assert_eq!(
        app.get("/_boot/0000000000000000.js", None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn history_api_fallback() {
    let app = TestApp::new().await;
    let index = app.get("/", None).await.text();
    for path in [
        "/mina-uppgifter",
        "/mina-uppgifter/kontakt",
        "/logga-in?next=%2F",
        "/apifoo",
    ] {
        let r = app.get(path, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.text(), index, "{path}");
        assert_eq!(r.header("cache-control"), Some("no-cache"));
        assert_security_headers(&r);
    }
    for path in [
        "/missing.js",
        "/img/missing.png",
        "/minsida-web-ffffffffffffffff_bg.wasm",
    ] {
        let r = app.get(path, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert_security_headers(&r);
    }
    // Not a way out of the static directory.
    let r = app.get("/../data/minsida.sqlite", None).await;
    assert_ne!(r.status, StatusCode::OK);
    // Only GET and HEAD.
    let r = app
        .send(
            app.request(Method::POST, "/mina-uppgifter", None)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_security_headers(&r);
}

#[tokio::test]
async fn static_files_and_caching() {
    let app = TestApp::new().await;
    let r = app.get("/minsida-web-0123456789abcdef.js", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").unwrap().contains("javascript"));
    assert_eq!(
        r.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_security_headers(&r);

    let r = app.get("/minsida-web-0123456789abcdef_bg.wasm", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), Some("application/wasm"));
    assert_eq!(
        r.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(r.body, b"\0asm\x01\0\0\0");

    let r = app.get("/style-0123456789abcdef.css", None).await;
    assert!(r.header("content-type").unwrap().starts_with("text/css"));
    assert_eq!(
        r.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );

    let r = app.get("/favicon.ico", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("cache-control"), Some("no-cache"));
}

#[tokio::test]
async fn responses_are_compressed() {
    let app = TestApp::new().await;
    for (encoding, path) in [
        ("br", "/"),
        ("gzip", "/"),
        ("br", "/minsida-web-0123456789abcdef.js"),
    ] {
        let r = app
            .send(
                app.request(Method::GET, path, None)
                    .header(header::ACCEPT_ENCODING, encoding)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("content-encoding"), Some(encoding), "{path}");
        assert_security_headers(&r);
    }
}

#[tokio::test]
async fn head_requests() {
    let app = TestApp::new().await;
    for path in ["/", "/mina-uppgifter", "/minsida-web-0123456789abcdef.js"] {
        let r = app
            .send(
                app.request(Method::HEAD, path, None)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r.body.is_empty(), "{path}");
    }
}

#[tokio::test]
async fn api_works_without_a_built_spa() {
    let app = TestApp::with(Options {
        spa_built: false,
        ..Options::default()
    })
    .await;
    let h: Health = app.get("/api/health", None).await.json();
    assert_eq!(h.status, "ok");
    for path in ["/", "/mina-uppgifter"] {
        let r = app.get(path, None).await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{path}");
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
        assert!(r.text().contains("trunk build"));
        assert_security_headers(&r);
    }
    assert_eq!(
        app.get("/missing.js", None).await.status,
        StatusCode::NOT_FOUND
    );
    // And the API's own errors stay JSON.
    let r = app
        .send(
            Request::builder()
                .uri("/api/unknown")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.header("content-type"), Some("application/json"));
}
