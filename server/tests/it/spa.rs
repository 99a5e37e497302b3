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

const BUILD: &str = "/app/0123456789abcdef";

/// A build's wasm beside its brotli and gzip files, as `scripts/build-spa` writes them (the
/// compressed files need not really be compressed: they are sent as they are).
fn write_build(app: &TestApp) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let dir = app.config.static_dir.join("app/0123456789abcdef");
    std::fs::create_dir_all(&dir).unwrap();
    let plain = b"\0asm\x01\0\0\0 the plain module".to_vec();
    let br = b"brotli bytes of the module".to_vec();
    let gz = b"gzip bytes of the module".to_vec();
    std::fs::write(dir.join("main_bg.wasm"), &plain).unwrap();
    std::fs::write(dir.join("main_bg.wasm.br"), &br).unwrap();
    std::fs::write(dir.join("main_bg.wasm.gz"), &gz).unwrap();
    std::fs::write(dir.join("main.js"), "export default 1;\n").unwrap();
    (plain, br, gz)
}

async fn get_encoded(
    app: &TestApp,
    method: Method,
    path: &str,
    accept: Option<&str>,
) -> TestResponse {
    let mut b = app.request(method, path, None);
    if let Some(a) = accept {
        b = b.header(header::ACCEPT_ENCODING, a);
    }
    app.send(b.body(Body::empty()).unwrap()).await
}

fn assert_varies(r: &TestResponse) {
    let vary = r
        .header("vary")
        .expect("a Vary header")
        .to_ascii_lowercase();
    assert!(vary.contains("accept-encoding"), "{vary}");
}

#[tokio::test]
async fn precompressed_files_are_sent_as_they_are() {
    let app = TestApp::new().await;
    let (plain, br, gz) = write_build(&app);
    let path = format!("{BUILD}/main_bg.wasm");
    for (accept, encoding, body) in [
        (Some("br"), Some("br"), &br),
        (Some("gzip, deflate, br, zstd"), Some("br"), &br),
        (Some("gzip"), Some("gzip"), &gz),
        (Some("br;q=0, gzip"), Some("gzip"), &gz),
        (Some("br;q=0.5, gzip;q=0.9"), Some("gzip"), &gz),
        (None, None, &plain),
        (Some("identity"), None, &plain),
        (Some("deflate"), None, &plain),
    ] {
        let r = get_encoded(&app, Method::GET, &path, accept).await;
        assert_eq!(r.status, StatusCode::OK, "{accept:?}");
        assert_eq!(r.header("content-encoding"), encoding, "{accept:?}");
        assert_eq!(&r.body, body, "{accept:?}");
        assert_eq!(r.header("content-type"), Some("application/wasm"));
        assert_eq!(
            r.header("content-length"),
            Some(body.len().to_string().as_str())
        );
        assert_eq!(
            r.header("cache-control"),
            Some("public, max-age=31536000, immutable")
        );
        assert_varies(&r);
        assert_security_headers(&r);

        let h = get_encoded(&app, Method::HEAD, &path, accept).await;
        assert_eq!(h.status, StatusCode::OK, "{accept:?}");
        assert!(h.body.is_empty());
        assert_eq!(h.header("content-encoding"), encoding, "{accept:?}");
        assert_eq!(h.header("content-type"), Some("application/wasm"));
        assert_eq!(
            h.header("content-length"),
            Some(body.len().to_string().as_str())
        );
        assert_varies(&h);
    }

    // A file without compressed siblings is sent plain, also cached forever in a build.
    let r = get_encoded(&app, Method::GET, &format!("{BUILD}/main.js"), Some("br")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-encoding"), None);
    assert!(r.header("content-type").unwrap().contains("javascript"));
    assert_eq!(
        r.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_varies(&r);
}

#[tokio::test]
async fn missing_files_of_a_build_are_404() {
    let app = TestApp::new().await;
    write_build(&app);
    for path in [
        format!("{BUILD}/chunk_1.wasm"),
        "/app/ffffffffffffffff/main_bg.wasm".to_string(),
        format!("{BUILD}/"),
        format!("{BUILD}/no-extension"),
        BUILD.to_string(),
        "/app/".to_string(),
        "/app".to_string(),
    ] {
        let r = get_encoded(&app, Method::GET, &path, Some("br, gzip")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!r.text().contains("_boot"), "{path}: the index page");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
        assert_security_headers(&r);
    }
}

#[tokio::test]
async fn public_files_are_revalidated() {
    let app = TestApp::new().await;
    let dir = app.config.static_dir.join("public");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("favicon.svg"), "<svg/>").unwrap();
    std::fs::write(dir.join("favicon.svg.br"), "br").unwrap();
    for accept in [Some("br"), None] {
        let r = get_encoded(&app, Method::GET, "/public/favicon.svg", accept).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("cache-control"), Some("no-cache"));
        assert_eq!(r.header("content-type"), Some("image/svg+xml"));
        assert_varies(&r);
    }
}

fn brotli_decode(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read as _;
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn gzip_decode(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read as _;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[tokio::test]
async fn index_page_and_boot_scripts_are_compressed_once() {
    let app = TestApp::new().await;
    let identity = get_encoded(&app, Method::GET, "/", None).await;
    assert_eq!(identity.header("content-encoding"), None);
    assert_varies(&identity);
    let html = identity.body.clone();
    assert!(String::from_utf8(html.clone()).unwrap().contains("/_boot/"));
    let boot = boot_path(&identity.text());
    let script = get_encoded(&app, Method::GET, &boot, None).await.body;

    for (path, plain, content_type, cache) in [
        ("/", &html, "text/html; charset=utf-8", "no-cache"),
        (
            "/mina-uppgifter",
            &html,
            "text/html; charset=utf-8",
            "no-cache",
        ),
        (
            boot.as_str(),
            &script,
            "text/javascript; charset=utf-8",
            "public, max-age=31536000, immutable",
        ),
    ] {
        for (accept, encoding) in [
            ("br", Some("br")),
            ("gzip, deflate, br, zstd", Some("br")),
            ("gzip", Some("gzip")),
            ("br;q=0, gzip", Some("gzip")),
            ("br;q=0, gzip;q=0", None),
            ("identity", None),
        ] {
            let r = get_encoded(&app, Method::GET, path, Some(accept)).await;
            assert_eq!(r.status, StatusCode::OK, "{path} {accept}");
            assert_eq!(r.header("content-encoding"), encoding, "{path} {accept}");
            assert_eq!(r.header("content-type"), Some(content_type));
            assert_eq!(r.header("cache-control"), Some(cache));
            assert_eq!(
                r.header("content-length"),
                Some(r.body.len().to_string().as_str())
            );
            assert_varies(&r);
            assert_security_headers(&r);
            let decoded = match encoding {
                Some("br") => brotli_decode(&r.body),
                Some("gzip") => gzip_decode(&r.body),
                _ => r.body.clone(),
            };
            assert_eq!(&decoded, plain, "{path} {accept}");

            let h = get_encoded(&app, Method::HEAD, path, Some(accept)).await;
            assert_eq!(h.status, StatusCode::OK);
            assert!(h.body.is_empty());
            assert_eq!(h.header("content-encoding"), encoding);
            assert_eq!(h.header("content-length"), r.header("content-length"));
        }
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
        assert!(r.text().contains("scripts/build-spa"));
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
