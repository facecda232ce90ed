//! The request the gateway is deciding on, as the gateway describes it in headers: nginx's
//! `X-Original-URI`/`X-Original-Method`, or the `X-Forwarded-*` set of Caddy, Traefik and
//! Envoy.

use axum::http::{HeaderMap, Method, Uri};

/// The client's request, not the sub-request the gateway sent us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginalRequest {
    pub method: String,
    /// Path and query, as the client sent them (`/petstore/pets?limit=1`).
    pub target: String,
    pub path: String,
    pub query: Option<String>,
    /// Lower case, without port.
    pub host: Option<String>,
}

/// The longest original URI accepted; a gateway never sends more for a sane request.
const MAX_TARGET: usize = 8 * 1024;

impl OriginalRequest {
    /// Reads the gateway's headers, falling back to this request's own method and URI (a
    /// gateway that forwards the whole request, such as Envoy's ext_authz).
    pub fn from_headers(headers: &HeaderMap, method: &Method, uri: &Uri) -> Option<Self> {
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let target = header("x-original-uri")
            .or_else(|| header("x-forwarded-uri"))
            .map(str::to_string)
            .unwrap_or_else(|| {
                uri.path_and_query()
                    .map(|pq| pq.as_str().to_string())
                    .unwrap_or_else(|| "/".into())
            });
        if target.len() > MAX_TARGET || !target.starts_with('/') {
            return None;
        }
        let method = header("x-original-method")
            .or_else(|| header("x-forwarded-method"))
            .unwrap_or(method.as_str())
            .to_ascii_uppercase();
        let host = header("x-forwarded-host")
            .or_else(|| header("x-original-host"))
            .or_else(|| header("host"))
            .map(|h| h.split(',').next().unwrap_or(h).trim())
            .map(|h| strip_port(h).to_ascii_lowercase());
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path.to_string(), Some(query.to_string())),
            None => (target.clone(), None),
        };
        Some(Self {
            method,
            target,
            path,
            query,
            host,
        })
    }

    /// The value of a query parameter (`apikey`), percent-decoded.
    pub fn query_param(&self, name: &str) -> Option<String> {
        let query = self.query.as_deref()?;
        query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (key == name).then(|| percent_decode(value))
        })
    }
}

fn strip_port(host: &str) -> &str {
    match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => host.split(':').next().unwrap_or(host),
    }
}

/// Form-urlencoded decoding: `%XX` and `+`.
pub(super) fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, v.parse().unwrap());
        }
        map
    }

    #[test]
    fn nginx_and_forwarded_headers_are_read() {
        let nginx = OriginalRequest::from_headers(
            &headers(&[
                ("x-original-uri", "/petstore/pets?apikey=a%2Bb&x=1"),
                ("x-original-method", "post"),
                ("host", "API.example.com:8080"),
            ]),
            &Method::GET,
            &"/gateway/verify".parse().unwrap(),
        )
        .unwrap();
        assert_eq!(nginx.method, "POST");
        assert_eq!(nginx.path, "/petstore/pets");
        assert_eq!(nginx.host.as_deref(), Some("api.example.com"));
        assert_eq!(nginx.query_param("apikey").as_deref(), Some("a+b"));
        assert_eq!(nginx.query_param("missing"), None);
        let traefik = OriginalRequest::from_headers(
            &headers(&[
                ("x-forwarded-uri", "/orders"),
                ("x-forwarded-method", "DELETE"),
                ("x-forwarded-host", "orders.example.com"),
            ]),
            &Method::GET,
            &"/gateway/verify".parse().unwrap(),
        )
        .unwrap();
        assert_eq!(
            (traefik.method.as_str(), traefik.host.as_deref()),
            ("DELETE", Some("orders.example.com"))
        );
        assert!(OriginalRequest::from_headers(
            &headers(&[("x-original-uri", "no-slash")]),
            &Method::GET,
            &"/".parse().unwrap()
        )
        .is_none());
    }
}
