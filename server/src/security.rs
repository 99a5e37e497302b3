//! Security headers sent on every response (API, static files, the SPA and errors).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::config::Config;

/// Content Security Policy. No `'unsafe-inline'` anywhere: the SPA's inline bootstrap script
/// is moved to a file at startup (see [`crate::spa`]); `'wasm-unsafe-eval'` only allows
/// compiling WebAssembly, not `eval`.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=63072000; includeSubDomains";

/// The fixed set of headers for this deployment.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl SecurityHeaders {
    pub fn from_config(config: &Config) -> Self {
        let https = config.public_url.is_https();
        let csp = if https {
            format!("{CONTENT_SECURITY_POLICY}; upgrade-insecure-requests")
        } else {
            CONTENT_SECURITY_POLICY.to_string()
        };
        let mut headers = vec![
            (
                HeaderName::from_static("content-security-policy"),
                HeaderValue::from_str(&csp).expect("the CSP is a valid header value"),
            ),
            (
                HeaderName::from_static("x-content-type-options"),
                HeaderValue::from_static("nosniff"),
            ),
            (
                HeaderName::from_static("referrer-policy"),
                HeaderValue::from_static("no-referrer"),
            ),
            (
                HeaderName::from_static("x-frame-options"),
                HeaderValue::from_static("DENY"),
            ),
            (
                HeaderName::from_static("permissions-policy"),
                HeaderValue::from_static(PERMISSIONS_POLICY),
            ),
            (
                HeaderName::from_static("cross-origin-opener-policy"),
                HeaderValue::from_static("same-origin"),
            ),
            (
                HeaderName::from_static("cross-origin-resource-policy"),
                HeaderValue::from_static("same-origin"),
            ),
        ];
        if https {
            headers.push((
                HeaderName::from_static("strict-transport-security"),
                HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
            ));
        }
        Self { headers }
    }

    /// Set (overwrite) every header on `response`.
    pub fn apply(&self, response: &mut Response) {
        let target = response.headers_mut();
        for (name, value) in &self.headers {
            target.insert(name.clone(), value.clone());
        }
    }
}

/// Middleware adding the security headers to every response.
pub async fn add_security_headers(
    State(headers): State<Arc<SecurityHeaders>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    headers.apply(&mut response);
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::PublicUrl;

    fn header<'a>(h: &'a SecurityHeaders, name: &str) -> Option<&'a str> {
        h.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.to_str().unwrap())
    }

    #[test]
    fn https_adds_hsts_and_upgrade() {
        let mut config = Config::default();
        let h = SecurityHeaders::from_config(&config);
        assert_eq!(header(&h, "strict-transport-security"), None);
        assert!(!header(&h, "content-security-policy")
            .unwrap()
            .contains("upgrade-insecure-requests"));
        assert!(!header(&h, "content-security-policy")
            .unwrap()
            .contains("unsafe-inline"));

        config.public_url = PublicUrl::parse("https://minsida.example.se").unwrap();
        let h = SecurityHeaders::from_config(&config);
        assert_eq!(
            header(&h, "strict-transport-security"),
            Some(STRICT_TRANSPORT_SECURITY)
        );
        assert!(header(&h, "content-security-policy")
            .unwrap()
            .ends_with("; upgrade-insecure-requests"));
    }
}
