//! The client's address, for the limits per client (failed logins).
//!
//! Without `--client-ip-header` it is the TCP peer's address. Behind a reverse proxy or load
//! balancer every peer is the proxy, so the operator names the header in which the proxy gives
//! the client's address; the *last* address in it is taken (a proxy appends the address it saw
//! to what the client sent, so the earlier ones may be forged). IPv6 clients are counted per
//! /64 network, which one subscriber usually has whole.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName};

use crate::AppState;

/// The client's address, when known (requests made in-process, as in tests, have none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(Self(client_ip(
            state.config.client_ip_header.as_ref(),
            &parts.headers,
            peer,
        )))
    }
}

/// The client's address: the last address in `header` when it is configured and present
/// (`1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1` or `[2001:db8::1]:5678`), else the peer's.
pub fn client_ip(
    header: Option<&HeaderName>,
    headers: &HeaderMap,
    peer: Option<IpAddr>,
) -> Option<IpAddr> {
    let Some(name) = header else {
        return peer;
    };
    let Some(value) = headers.get_all(name).iter().next_back() else {
        return peer;
    };
    let last = value.to_str().ok()?.rsplit(',').next()?.trim();
    last.parse::<IpAddr>()
        .ok()
        .or_else(|| last.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

/// What the client is counted as: its IPv4 address, or its IPv6 /64 network.
pub fn counted_as(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn the_peer_unless_a_proxy_header_is_configured() {
        let peer: IpAddr = "10.0.0.5".parse().unwrap();
        let xff = HeaderName::from_static("x-forwarded-for");
        // Not configured: a client's own header changes nothing.
        assert_eq!(
            client_ip(None, &headers(&["1.2.3.4"]), Some(peer)),
            Some(peer)
        );
        // Configured: the last address, the one the proxy added.
        assert_eq!(
            client_ip(Some(&xff), &headers(&["6.6.6.6, 1.2.3.4"]), Some(peer)),
            Some("1.2.3.4".parse().unwrap())
        );
        assert_eq!(
            client_ip(
                Some(&xff),
                &headers(&["6.6.6.6", "1.2.3.4:555"]),
                Some(peer)
            ),
            Some("1.2.3.4".parse().unwrap())
        );
        assert_eq!(
            client_ip(Some(&xff), &headers(&["[2001:db8::1]:80"]), Some(peer)),
            Some("2001:db8::1".parse().unwrap())
        );
        // Configured but absent: the peer; unreadable: unknown.
        assert_eq!(client_ip(Some(&xff), &headers(&[]), Some(peer)), Some(peer));
        assert_eq!(
            client_ip(Some(&xff), &headers(&["nonsense"]), Some(peer)),
            None
        );
    }

    #[test]
    fn ipv6_counts_per_64() {
        assert_eq!(counted_as("192.0.2.7".parse().unwrap()), "192.0.2.7");
        assert_eq!(counted_as("::ffff:192.0.2.7".parse().unwrap()), "192.0.2.7");
        assert_eq!(
            counted_as("2001:db8:1:2:aaaa::1".parse().unwrap()),
            counted_as("2001:db8:1:2:bbbb::2".parse().unwrap())
        );
        assert_eq!(
            counted_as("2001:db8:1:2::1".parse().unwrap()),
            "2001:db8:1:2::/64"
        );
    }
}
