//! Serving the single-page app (`dist/`, built by `scripts/build-spa`).
//!
//! The index page may start the app with an inline `<script type="module">` (Trunk's does),
//! which our Content Security Policy (no `'unsafe-inline'`) forbids. At startup the page is
//! read once and every inline script is moved into an in-memory file `/_boot/<hash>.js`,
//! referenced with `src`. The page and those scripts are compressed once, at startup (brotli 11
//! and gzip 9), and each request gets the encoding its `Accept-Encoding` asks for.
//!
//! Other paths are served from the static directory as they are: the build writes a brotli
//! (`x.br`) and a gzip (`x.gz`) file beside every file `x`, and the one the browser accepts is
//! sent with its `Content-Encoding` (nothing is compressed per request). Everything under
//! `/app/<build id>/` and every file with a content hash in its name is cached forever; a
//! missing file there is a 404. A navigation to a client-side route (no file, no extension,
//! not under `/app/`) gets the index page (history-API fallback).

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use bytes::Bytes;
use sha2::{Digest, Sha256};
use tower::ServiceExt as _;
use tower_http::services::ServeDir;

use crate::error::ApiError;

/// URL path prefix of the extracted inline scripts.
pub const BOOT_PREFIX: &str = "/_boot/";

/// URL path prefix of the built app: `/app/<build id>/<file>`, the build id being 16
/// lower-case hex digits. Each build has its own directory, so its files never change.
pub const APP_PREFIX: &str = "/app/";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";

/// An inline script moved out of the index page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootScript {
    /// File name under [`BOOT_PREFIX`]: the first 16 hex digits of the SHA-256 of the content
    /// and `.js`.
    pub file_name: String,
    pub content: String,
}

/// The index page with its inline scripts moved out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RewrittenIndex {
    pub html: String,
    pub scripts: Vec<BootScript>,
}

/// One attribute of a start tag: lower-cased name and the raw value, if any.
type Attribute = (String, Option<String>);

/// Parse the attributes of a start tag (the text between the tag name and `>`).
fn parse_attributes(src: &str) -> Vec<Attribute> {
    let bytes = src.as_bytes();
    let mut attrs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'/')
        {
            i += 1;
        }
        if start == i {
            break;
        }
        let name = src[start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = None;
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let vstart = i + 1;
                let vend = src[vstart..]
                    .find(quote as char)
                    .map_or(src.len(), |p| vstart + p);
                value = Some(src[vstart..vend].to_string());
                i = (vend + 1).min(src.len());
            } else {
                let vstart = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = Some(src[vstart..i].to_string());
            }
        }
        attrs.push((name, value));
    }
    attrs
}

/// Index of the `>` that ends the start tag beginning at `from`, skipping quoted values.
fn find_tag_end(html: &str, from: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, &b) in html.as_bytes().iter().enumerate().skip(from) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(i),
            None => {}
        }
    }
    None
}

/// Whether a `type` attribute value denotes JavaScript (classic or module). Data blocks such
/// as `application/json` are not executed and stay inline.
fn is_javascript_type(value: Option<&str>) -> bool {
    match value.map(|v| v.trim().to_ascii_lowercase()) {
        None => true,
        Some(t) => {
            t.is_empty() || t == "module" || t.contains("javascript") || t.contains("ecmascript")
        }
    }
}

fn escape_attribute(value: &str) -> String {
    value.replace('"', "&quot;")
}

/// Move every inline JavaScript `<script>` into a [`BootScript`] and reference it with `src`.
/// Attributes are kept (notably `type`) except `nonce`, which means nothing without an inline
/// script. Scripts that already have `src`, and non-JavaScript data blocks, are left alone.
pub fn rewrite_index(html: &str) -> RewrittenIndex {
    // ASCII lower-casing keeps byte offsets, so positions found in `lower` apply to `html`.
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut scripts: Vec<BootScript> = Vec::new();
    let mut pos = 0;
    while let Some(rel) = lower[pos..].find("<script") {
        let start = pos + rel;
        let after_name = start + "<script".len();
        let is_script_tag = matches!(
            lower.as_bytes().get(after_name),
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'/')
        );
        if !is_script_tag {
            out.push_str(&html[pos..after_name]);
            pos = after_name;
            continue;
        }
        let Some(tag_end) = find_tag_end(html, after_name) else {
            break;
        };
        let Some(close_rel) = lower[tag_end + 1..].find("</script") else {
            break;
        };
        let content_end = tag_end + 1 + close_rel;
        let Some(close_end) = lower[content_end..].find('>').map(|p| content_end + p + 1) else {
            break;
        };

        let attrs = parse_attributes(&html[after_name..tag_end]);
        let has_src = attrs.iter().any(|(n, _)| n == "src");
        let type_value = attrs
            .iter()
            .find(|(n, _)| n == "type")
            .map(|(_, v)| v.as_deref().unwrap_or(""));
        let content = &html[tag_end + 1..content_end];
        if has_src || !is_javascript_type(type_value) || content.trim().is_empty() {
            out.push_str(&html[pos..close_end]);
            pos = close_end;
            continue;
        }

        let digest = Sha256::digest(content.as_bytes());
        let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        let file_name = format!("{hash}.js");
        let mut tag = String::from("<script");
        for (name, value) in attrs.iter().filter(|(n, _)| n != "nonce") {
            match value {
                Some(v) => tag.push_str(&format!(" {name}=\"{}\"", escape_attribute(v))),
                None => tag.push_str(&format!(" {name}")),
            }
        }
        tag.push_str(&format!(" src=\"{BOOT_PREFIX}{file_name}\"></script>"));
        if !scripts.iter().any(|s| s.file_name == file_name) {
            scripts.push(BootScript {
                file_name,
                content: content.to_string(),
            });
        }
        out.push_str(&html[pos..start]);
        out.push_str(&tag);
        pos = close_end;
    }
    out.push_str(&html[pos..]);
    RewrittenIndex { html: out, scripts }
}

/// Whether a file name carries a Trunk content hash (`-` and 16 hex digits before the
/// extension or before `_bg.wasm`), so it can be cached forever.
pub fn is_hashed_file_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'-'
            && bytes.len() > i + 17
            && bytes[i + 1..i + 17]
                .iter()
                .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
            && matches!(bytes[i + 17], b'.' | b'_')
    })
}

/// Whether a path lies in a build's directory, `/app/<16 lower-case hex digits>/...`, whose
/// files never change.
pub fn is_in_build_dir(path: &str) -> bool {
    path.strip_prefix(APP_PREFIX)
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(id, file)| {
            id.len() == 16
                && id
                    .bytes()
                    .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
                && !file.is_empty()
        })
}

/// A content coding the server can answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl Coding {
    fn header_value(self) -> Option<HeaderValue> {
        match self {
            Self::Brotli => Some(HeaderValue::from_static("br")),
            Self::Gzip => Some(HeaderValue::from_static("gzip")),
            Self::Identity => None,
        }
    }
}

/// A q-value (RFC 9110, 12.4.2) in thousandths; `None` when malformed.
fn parse_qvalue(text: &str) -> Option<u16> {
    let text = text.trim();
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = match int {
        "0" => frac
            .bytes()
            .chain(std::iter::repeat(b'0'))
            .take(3)
            .fold(0u16, |acc, b| acc * 10 + u16::from(b - b'0')),
        "1" if frac.bytes().all(|b| b == b'0') => 1000,
        _ => return None,
    };
    Some(thousandths)
}

/// The coding to answer with for these request headers: brotli or gzip, whichever
/// `Accept-Encoding` gives the higher q-value (brotli on a tie, `*` standing for any coding
/// not named), or identity when neither is acceptable (also without the header).
pub fn negotiate(headers: &HeaderMap) -> Coding {
    let mut br: Option<u16> = None;
    let mut gzip: Option<u16> = None;
    let mut any: Option<u16> = None;
    let items = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','));
    for item in items {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or_default().trim();
        let mut q = Some(1000);
        for param in parts {
            if let Some((name, value)) = param.split_once('=') {
                if name.trim().eq_ignore_ascii_case("q") {
                    q = parse_qvalue(value);
                }
            }
        }
        let Some(q) = q else { continue };
        let slot = if coding.eq_ignore_ascii_case("br") {
            &mut br
        } else if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
            &mut gzip
        } else if coding == "*" {
            &mut any
        } else {
            continue;
        };
        *slot = Some(slot.map_or(q, |old| old.max(q)));
    }
    let br = br.or(any).unwrap_or(0);
    let gzip = gzip.or(any).unwrap_or(0);
    if br > 0 && br >= gzip {
        Coding::Brotli
    } else if gzip > 0 {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

/// A body kept in memory in each coding, compressed once.
#[derive(Debug)]
struct Encoded {
    identity: Bytes,
    br: Bytes,
    gzip: Bytes,
}

impl Encoded {
    /// Compress with brotli at quality 11 (window 2^22) and gzip at level 9: slow, but done once
    /// at startup, for a few kilobytes.
    fn new(identity: Bytes) -> Self {
        let mut br = brotli::CompressorWriter::new(Vec::new(), 4096, 11, 22);
        br.write_all(&identity)
            .expect("writing into memory cannot fail");
        let br = br.into_inner();
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gzip.write_all(&identity)
            .expect("writing into memory cannot fail");
        let gzip = gzip.finish().expect("writing into memory cannot fail");
        Self {
            identity,
            br: Bytes::from(br),
            gzip: Bytes::from(gzip),
        }
    }

    /// The response for a GET or HEAD with these request headers: the negotiated coding,
    /// `Vary: Accept-Encoding` and the given type and caching.
    fn response(
        &self,
        request_headers: &HeaderMap,
        head: bool,
        content_type: &'static str,
        cache_control: &'static str,
    ) -> Response {
        let coding = negotiate(request_headers);
        let bytes = match coding {
            Coding::Brotli => &self.br,
            Coding::Gzip => &self.gzip,
            Coding::Identity => &self.identity,
        };
        let mut response = if head {
            Body::empty()
        } else {
            Body::from(bytes.clone())
        }
        .into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        );
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
        if let Some(value) = coding.header_value() {
            headers.insert(header::CONTENT_ENCODING, value);
        }
        response
    }
}

/// The SPA as loaded at startup.
#[derive(Debug)]
pub struct Spa {
    static_dir: PathBuf,
    /// The rewritten index page; `None` when the SPA is not built.
    index: Option<Encoded>,
    boot: HashMap<String, Encoded>,
}

impl Spa {
    /// Read and rewrite `<static_dir>/index.html`. A missing directory or page is logged, not
    /// fatal: the API keeps working and navigations get a 503 page.
    pub fn load(static_dir: &Path) -> Self {
        let index_path = static_dir.join("index.html");
        match std::fs::read_to_string(&index_path) {
            Ok(html) => {
                let rewritten = rewrite_index(&html);
                tracing::info!(
                    path = %index_path.display(),
                    inline_scripts_moved = rewritten.scripts.len(),
                    "loaded the SPA"
                );
                Self {
                    static_dir: static_dir.to_path_buf(),
                    index: Some(Encoded::new(Bytes::from(rewritten.html))),
                    boot: rewritten
                        .scripts
                        .into_iter()
                        .map(|s| (s.file_name, Encoded::new(Bytes::from(s.content))))
                        .collect(),
                }
            }
            Err(e) => {
                tracing::warn!(
                    path = %index_path.display(),
                    error = %e,
                    "the SPA is not built; only the API is available (run `scripts/build-spa`)"
                );
                Self {
                    static_dir: static_dir.to_path_buf(),
                    index: None,
                    boot: HashMap::new(),
                }
            }
        }
    }

    /// Router serving the SPA for every path it is given (use it as the fallback).
    pub fn into_router(self) -> Router {
        Router::new().fallback(serve).with_state(Arc::new(self))
    }

    fn index_response(&self, request_headers: &HeaderMap, head: bool) -> Response {
        match &self.index {
            Some(index) => {
                index.response(request_headers, head, "text/html; charset=utf-8", NO_CACHE)
            }
            None => not_built(),
        }
    }

    fn boot_response(&self, file_name: &str, request_headers: &HeaderMap, head: bool) -> Response {
        match self.boot.get(file_name) {
            Some(script) => script.response(
                request_headers,
                head,
                "text/javascript; charset=utf-8",
                IMMUTABLE,
            ),
            None => not_found(),
        }
    }
}

fn html_page(status: StatusCode, title: &str, text: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><h1>{title}</h1><p>{text}</p></body></html>\n"
    );
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        html,
    )
        .into_response()
}

fn not_found() -> Response {
    html_page(StatusCode::NOT_FOUND, "Not found", "There is no such page.")
}

fn not_built() -> Response {
    html_page(
        StatusCode::SERVICE_UNAVAILABLE,
        "Min sida is not built",
        "The web app has not been built, so only the API is available. Build it with \
         <code>scripts/build-spa</code> and restart the server (or point \
         <code>--static-dir</code> at the build).",
    )
}

/// Whether the last path segment has a file extension.
fn has_extension(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|segment| segment.contains('.'))
}

async fn serve(State(spa): State<Arc<Spa>>, request: Request) -> Response {
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, HeaderValue::from_static("GET, HEAD"))],
        )
            .into_response();
    }
    let head = method == Method::HEAD;
    let path = request.uri().path().to_string();
    // Paths of the API that the API router does not take (e.g. `/api` itself) must not turn
    // into the SPA's index page.
    if path == minsida_api::API_PREFIX || path.starts_with(&format!("{}/", minsida_api::API_PREFIX))
    {
        let mut response = ApiError::not_found().into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return response;
    }
    if path == "/" || path == "/index.html" {
        return spa.index_response(request.headers(), head);
    }
    if let Some(file_name) = path.strip_prefix(BOOT_PREFIX) {
        return spa.boot_response(file_name, request.headers(), head);
    }

    let request_headers = request.headers().clone();
    // The precompressed file beside the requested one, if the browser accepts it (ServeDir
    // weighs the q-values, prefers brotli and keeps the original's Content-Type).
    let serve_dir = ServeDir::new(&spa.static_dir)
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip();
    let mut response = match serve_dir.oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    match response.status() {
        // A file of the app that is not there (e.g. a chunk of a build removed since) must
        // not turn into the index page: the browser would run HTML as a script.
        StatusCode::NOT_FOUND
            if has_extension(&path) || path == "/app" || path.starts_with(APP_PREFIX) =>
        {
            not_found()
        }
        StatusCode::NOT_FOUND => spa.index_response(&request_headers, head),
        status if status.is_success() || status == StatusCode::NOT_MODIFIED => {
            let name = path.rsplit('/').next().unwrap_or_default();
            let cache = if is_in_build_dir(&path) || is_hashed_file_name(name) {
                IMMUTABLE
            } else {
                NO_CACHE
            };
            let headers = response.headers_mut();
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            // ServeDir does not say so itself: the answer depends on Accept-Encoding as soon as
            // a compressed file may lie beside the requested one, which the build makes for
            // every file; caches must keep the encodings apart (also the uncompressed answer).
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            if name.ends_with(".wasm") {
                headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/wasm"),
                );
            }
            response
        }
        _ => response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK_INDEX: &str = r#"<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><link rel="stylesheet" href="/style-abc123.css" integrity="sha384-x"/>
<link rel="modulepreload" href="/minsida-web-3f2a.js" crossorigin="anonymous" integrity="sha384-y"><link rel="preload" href="/minsida-web-3f2a_bg.wasm" crossorigin="anonymous" integrity="sha384-z" as="fetch" type="application/wasm"></head><body>
<script type="module">
import init, * as bindings from '/minsida-web-3f2a.js';
const wasm = await init({ module_or_path: '/minsida-web-3f2a_bg.wasm' });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
</script></body></html>"#;

    #[test]
    fn moves_trunks_inline_bootstrap_into_a_file() {
        let r = rewrite_index(TRUNK_INDEX);
        assert_eq!(r.scripts.len(), 1);
        let script = &r.scripts[0];
        assert!(script
            .content
            .contains("import init, * as bindings from '/minsida-web-3f2a.js';"));
        assert!(script.content.contains("TrunkApplicationStarted"));
        let digest = Sha256::digest(script.content.as_bytes());
        let expected: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        assert_eq!(script.file_name, format!("{expected}.js"));
        assert_eq!(script.file_name.len(), 19);

        let tag = format!(
            r#"<script type="module" src="/_boot/{}"></script>"#,
            script.file_name
        );
        assert!(
            r.html.contains(&format!("<body>\n{tag}</body></html>")),
            "{}",
            r.html
        );
        assert!(!r.html.contains("import init"));
        // Everything else is untouched.
        assert!(r.html.starts_with(
            r#"<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><link rel="stylesheet" href="/style-abc123.css" integrity="sha384-x"/>"#
        ));
        assert!(r
            .html
            .contains(r#"as="fetch" type="application/wasm"></head>"#));
    }

    #[test]
    fn drops_nonce_keeps_other_scripts() {
        let html = concat!(
            "<head><script src=\"/a.js\"></script>",
            "<SCRIPT nonce=\"abc\" type='module' data-x>go()</SCRIPT >",
            "<script type=\"application/json\" id=\"cfg\">{\"a\":1}</script>",
            "<scripts-not-a-tag></scripts-not-a-tag>",
            "<script>go()</script><script></script></head>",
        );
        let r = rewrite_index(html);
        // Same content twice: one file.
        assert_eq!(r.scripts.len(), 1);
        let f = &r.scripts[0].file_name;
        assert_eq!(r.scripts[0].content, "go()");
        assert_eq!(
            r.html,
            format!(
                "<head><script src=\"/a.js\"></script>\
                 <script type=\"module\" data-x src=\"/_boot/{f}\"></script>\
                 <script type=\"application/json\" id=\"cfg\">{{\"a\":1}}</script>\
                 <scripts-not-a-tag></scripts-not-a-tag>\
                 <script src=\"/_boot/{f}\"></script><script></script></head>"
            )
        );
    }

    #[test]
    fn unterminated_script_is_left_alone() {
        let html = "<body><script>never closed";
        assert_eq!(
            rewrite_index(html),
            RewrittenIndex {
                html: html.to_string(),
                scripts: vec![]
            }
        );
    }

    #[test]
    fn attribute_parsing() {
        assert_eq!(
            parse_attributes(r#" type="module" async data-a='x "y"' b=c /"#),
            vec![
                ("type".to_string(), Some("module".to_string())),
                ("async".to_string(), None),
                ("data-a".to_string(), Some("x \"y\"".to_string())),
                ("b".to_string(), Some("c".to_string())),
            ]
        );
    }

    #[test]
    fn hashed_file_names() {
        assert!(is_hashed_file_name("minsida-web-0123456789abcdef.js"));
        assert!(is_hashed_file_name("minsida-web-0123456789abcdef_bg.wasm"));
        assert!(is_hashed_file_name("style-0123456789abcdef.css"));
        assert!(!is_hashed_file_name("minsida-web-3f2a.js"));
        assert!(!is_hashed_file_name("index.html"));
        assert!(!is_hashed_file_name("favicon.ico"));
        assert!(!is_hashed_file_name("x-0123456789abcdefg.js"));
        assert!(!is_hashed_file_name("x-0123456789ABCDEF.js"));
    }

    #[test]
    fn build_directories() {
        assert!(is_in_build_dir("/app/0123456789abcdef/main_bg.wasm"));
        assert!(is_in_build_dir("/app/0123456789abcdef/a/b.js"));
        assert!(!is_in_build_dir("/app/0123456789abcdef/"));
        assert!(!is_in_build_dir("/app/0123456789ABCDEF/main.js"));
        assert!(!is_in_build_dir("/app/0123456789abcde/main.js"));
        assert!(!is_in_build_dir("/app/main.js"));
        assert!(!is_in_build_dir("/public/0123456789abcdef/x.js"));
    }

    fn accept(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
        }
        headers
    }

    #[test]
    fn content_negotiation() {
        use Coding::*;
        for (values, expected) in [
            (&[][..], Identity),
            (&[""][..], Identity),
            (&["identity"][..], Identity),
            (&["deflate, zstd"][..], Identity),
            (&["gzip, deflate, br, zstd"][..], Brotli),
            (&["gzip"][..], Gzip),
            (&["x-gzip"][..], Gzip),
            (&["BR"][..], Brotli),
            (&["br;q=0, gzip"][..], Gzip),
            (&["br;q=0.5, gzip;q=0.8"][..], Gzip),
            (&["br;q=0.8, gzip;q=0.8"][..], Brotli),
            (&["br ; q=1.000 , gzip"][..], Brotli),
            (&["gzip;q=0, br;q=0"][..], Identity),
            (&["*"][..], Brotli),
            (&["*;q=0.5, br;q=0.1"][..], Gzip),
            (&["*;q=0, gzip"][..], Gzip),
            (&["gzip", "br"][..], Brotli),
            // Malformed q-values do not count.
            (&["br;q=2, gzip"][..], Gzip),
            (&["br;q=0.1234"][..], Identity),
            (&["br;q=abc"][..], Identity),
        ] {
            assert_eq!(negotiate(&accept(values)), expected, "{values:?}");
        }
    }

    #[test]
    fn qvalues() {
        assert_eq!(parse_qvalue("1"), Some(1000));
        assert_eq!(parse_qvalue("1.000"), Some(1000));
        assert_eq!(parse_qvalue("0"), Some(0));
        assert_eq!(parse_qvalue("0.5"), Some(500));
        assert_eq!(parse_qvalue(" 0.05 "), Some(50));
        assert_eq!(parse_qvalue("0.123"), Some(123));
        assert_eq!(parse_qvalue("1.1"), None);
        assert_eq!(parse_qvalue("0.1234"), None);
        assert_eq!(parse_qvalue("-0"), None);
        assert_eq!(parse_qvalue(""), None);
    }

    #[test]
    fn compressed_once_in_every_coding() {
        use std::io::Read as _;
        let html = Bytes::from("<!DOCTYPE html><html><body>Min sida</body></html>\n".repeat(50));
        let encoded = Encoded::new(html.clone());
        assert!(encoded.br.len() < html.len() / 10);
        assert!(encoded.gzip.len() < html.len() / 10);
        let mut out = Vec::new();
        brotli::Decompressor::new(&encoded.br[..], 4096)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, html);
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&encoded.gzip[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, html);

        let r = encoded.response(&accept(&["gzip, br"]), false, "text/html", NO_CACHE);
        assert_eq!(r.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(r.headers()[header::VARY], "accept-encoding");
        assert_eq!(
            r.headers()[header::CONTENT_LENGTH],
            encoded.br.len().to_string().as_str()
        );
        let r = encoded.response(&accept(&[]), true, "text/html", NO_CACHE);
        assert!(!r.headers().contains_key(header::CONTENT_ENCODING));
        assert_eq!(r.headers()[header::VARY], "accept-encoding");
        assert_eq!(
            r.headers()[header::CONTENT_LENGTH],
            html.len().to_string().as_str()
        );
    }

    #[test]
    fn extensions() {
        assert!(has_extension("/missing.js"));
        assert!(has_extension("/a/b.wasm"));
        assert!(!has_extension("/mina-uppgifter"));
        assert!(!has_extension("/a.b/c"));
    }
}
