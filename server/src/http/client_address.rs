//! The client's address: the TCP peer, unless the peer is a trusted proxy, in which case the
//! nearest address in `X-Forwarded-For` (or `Forwarded`) that is not itself a trusted proxy.
//! Addresses further left were written by the client and are never believed.

use std::net::IpAddr;

use axum::http::HeaderMap;
use ipnet::IpNet;

pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    // A dual-stack listener sees IPv4 clients as `::ffff:a.b.c.d`.
    let peer = peer.to_canonical();
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut hops = forwarded_for(headers);
    // Right to left: each hop was appended by the one after it.
    let mut client = peer;
    while let Some(hop) = hops.pop() {
        match hop {
            Some(ip) if is_trusted(&ip.to_canonical()) => client = ip.to_canonical(),
            Some(ip) => return ip.to_canonical(),
            // A trusted proxy wrote something that is not an address: believe nothing more.
            None => {
                tracing::warn!("a trusted proxy sent an unreadable X-Forwarded-For or Forwarded");
                return client;
            }
        }
    }
    client
}

/// Every hop of `X-Forwarded-For`, else of `Forwarded`, left to right; `None` for one that
/// is not an address.
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let values = |name: &str| -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    };
    let xff = values("x-forwarded-for");
    if !xff.is_empty() {
        return xff.iter().map(|hop| parse_hop(hop)).collect();
    }
    values("forwarded")
        .iter()
        .map(|element| {
            element
                .split(';')
                .filter_map(|pair| pair.trim().split_once('='))
                .find(|(key, _)| key.eq_ignore_ascii_case("for"))
                .and_then(|(_, value)| parse_hop(value.trim_matches('"')))
        })
        .collect()
}

/// `203.0.113.7`, `203.0.113.7:4711`, `2001:db8::1` or `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    if let Some(v6) = hop.strip_prefix('[') {
        return v6.split(']').next()?.parse().ok();
    }
    hop.rsplit_once(':')?.0.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, v.parse().unwrap());
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let claims = headers(&[("x-forwarded-for", "1.2.3.4")]);
        assert_eq!(
            client_address(ip("203.0.113.9"), &claims, &trusted),
            ip("203.0.113.9")
        );
        assert_eq!(
            client_address(ip("203.0.113.9"), &claims, &[]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_nearest_untrusted_hop_is_the_client() {
        let trusted: Vec<IpNet> = vec![
            "10.0.0.0/8".parse().unwrap(),
            "127.0.0.1/32".parse().unwrap(),
        ];
        // The client forged the first entry; the proxy appended the real one.
        let forged = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.4")]);
        assert_eq!(
            client_address(ip("127.0.0.1"), &forged, &trusted),
            ip("198.51.100.4")
        );
        // Two proxies in a row.
        let chain = headers(&[("x-forwarded-for", "198.51.100.4, 10.1.2.3")]);
        assert_eq!(
            client_address(ip("10.9.9.9"), &chain, &trusted),
            ip("198.51.100.4")
        );
        // Split over two header lines, with ports and IPv6.
        let split = headers(&[
            ("x-forwarded-for", "[2001:db8::7]:4711"),
            ("x-forwarded-for", "10.0.0.2:80"),
        ]);
        assert_eq!(
            client_address(ip("127.0.0.1"), &split, &trusted),
            ip("2001:db8::7")
        );
        let rfc7239 = headers(&[(
            "forwarded",
            "for=192.0.2.60;proto=https, for=\"[2001:db8:cafe::17]:4711\"",
        )]);
        assert_eq!(
            client_address(ip("127.0.0.1"), &rfc7239, &trusted),
            ip("2001:db8:cafe::17")
        );
        // No header: the proxy itself.
        assert_eq!(
            client_address(ip("127.0.0.1"), &HeaderMap::new(), &trusted),
            ip("127.0.0.1")
        );
        // Garbage from the proxy is not believed.
        let garbage = headers(&[("x-forwarded-for", "1.2.3.4, unknown")]);
        assert_eq!(
            client_address(ip("127.0.0.1"), &garbage, &trusted),
            ip("127.0.0.1")
        );
    }
}
