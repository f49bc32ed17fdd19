//! Who a request comes from. Behind a reverse proxy every connection comes from the proxy: the
//! citizen's address is in `Forwarded` (RFC 7239) or `X-Forwarded-For`, which anybody can also
//! write. So those headers are read only when the connection comes from one of the
//! `http.trusted_proxies`, and then the client is the right-most address that is not one of
//! them (each proxy appends the address it saw; what a client wrote itself stands further
//! left). From anyone else, and when the header makes no sense, the peer's address counts.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;

use super::AppState;
use super::error::ApiError;

/// The proxies whose forwarding headers are believed: addresses or CIDR ranges.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// From the setting's entries (`10.0.0.1`, `10.0.0.0/8`, `::1`); an entry that is
    /// neither is an error naming it.
    pub fn parse(entries: &[String]) -> anyhow::Result<Self> {
        entries
            .iter()
            .map(|e| {
                let e = e.trim();
                e.parse::<IpNet>()
                    .or_else(|_| e.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        anyhow::anyhow!("http.trusted_proxies: {e:?} is no address or CIDR range")
                    })
            })
            .collect::<anyhow::Result<Vec<_>>>()
            .map(Self)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = unmapped(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client of a request from `peer` with these headers.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let Some(hops) = forwarded_for(headers) else {
            return peer;
        };
        // Right to left: the first hop no trusted proxy vouches for is the client.
        let mut client = peer;
        for hop in hops.iter().rev() {
            client = *hop;
            if !self.trusts(*hop) {
                break;
            }
        }
        client
    }
}

/// An IPv4 address written as IPv6 (`::ffff:a.b.c.d`, as dual-stack sockets report it) as IPv4.
fn unmapped(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The addresses of `Forwarded`'s `for=` (every header line, in order), else of
/// `X-Forwarded-For`; `None` when there are none or one of them is not an address (an
/// obfuscated identifier, `unknown`, garbage): then nothing of it is believed.
fn forwarded_for(headers: &HeaderMap) -> Option<Vec<IpAddr>> {
    let forwarded: Vec<&str> = headers
        .get_all("forwarded")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let hops: Vec<Option<IpAddr>> = if !forwarded.is_empty() {
        forwarded
            .iter()
            .flat_map(|line| line.split(','))
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (k, v) = pair.split_once('=')?;
                    k.trim().eq_ignore_ascii_case("for").then(|| node(v.trim()))
                })
            })
            .collect()
    } else {
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|line| line.split(','))
            .map(|v| node(v.trim()))
            .collect()
    };
    if hops.is_empty() {
        return None;
    }
    hops.into_iter().map(|h| h.map(unmapped)).collect()
}

/// A node of `for=`: `1.2.3.4`, `"1.2.3.4:80"`, `"[2001:db8::1]:80"`, `2001:db8::1`.
fn node(raw: &str) -> Option<IpAddr> {
    let v = raw.trim_matches('"');
    if let Ok(ip) = v.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(sock) = v.parse::<SocketAddr>() {
        return Some(sock.ip());
    }
    let inner = v.strip_prefix('[')?.split(']').next()?;
    inner.parse().ok()
}

/// The request's client as an address (the peer's port kept): what abuse keys and rate limits
/// are made from.
pub struct ClientAddr(pub SocketAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ConnectInfo(peer) = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .copied()
            .ok_or_else(|| ApiError::unexpected(anyhow::anyhow!("no peer address")))?;
        let ip = state.trusted_proxies.client(peer.ip(), &parts.headers);
        Ok(Self(SocketAddr::new(ip, peer.port())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn only_a_trusted_proxy_is_believed_and_the_right_most_untrusted_hop_is_the_client() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into(), "::1".into()]).unwrap();
        let xff = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.7, 10.0.0.2")]);
        // From the proxy: the client is the right-most hop that is not a proxy.
        assert_eq!(proxies.client(ip("10.0.0.1"), &xff), ip("203.0.113.7"));
        // From anyone else the header changes nothing.
        assert_eq!(proxies.client(ip("198.51.100.1"), &xff), ip("198.51.100.1"));
        // RFC 7239, over two header lines, with ports and IPv6.
        let fwd = headers(&[
            ("forwarded", "for=6.6.6.6;proto=https"),
            ("forwarded", "for=\"[2001:db8::7]:4711\", for=10.0.0.3"),
        ]);
        assert_eq!(proxies.client(ip("::1"), &fwd), ip("2001:db8::7"));
        // Nonsense in the header: the peer.
        let bad = headers(&[("x-forwarded-for", "203.0.113.7, unknown")]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &bad), ip("10.0.0.1"));
        // No header from the proxy: the proxy itself.
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &HeaderMap::new()),
            ip("10.0.0.1")
        );
        // An IPv4 peer on a dual-stack socket.
        assert_eq!(
            proxies.client(ip("::ffff:10.0.0.1"), &xff),
            ip("203.0.113.7")
        );
        assert!(TrustedProxies::parse(&["ten.0.0.1".into()]).is_err());
    }

    proptest! {
        /// Whatever an untrusted peer sends, it is its own client.
        #[test]
        fn an_untrusted_peer_cannot_choose_its_address(value in "[ -~]{0,80}", v4 in any::<[u8; 4]>()) {
            let proxies = TrustedProxies::parse(&["10.0.0.0/8".into()]).unwrap();
            let peer = IpAddr::from([v4[0] | 1, v4[1], v4[2], v4[3]]);
            prop_assume!(!proxies.trusts(peer));
            if let Ok(v) = value.parse::<axum::http::HeaderValue>() {
                let mut h = HeaderMap::new();
                h.insert("x-forwarded-for", v.clone());
                h.insert("forwarded", v);
                prop_assert_eq!(proxies.client(peer, &h), peer);
            }
        }
    }
}
