//! The credential a client presented, read from its headers or query: malformed input is
//! simply "no valid credential", never an error of ours.

use axum::http::HeaderMap;
use base64::{engine::general_purpose::STANDARD, Engine};

use super::original::OriginalRequest;

/// The longest header value looked at; anything longer is refused unread.
const MAX_VALUE: usize = 8 * 1024;

#[derive(Debug, PartialEq, Eq)]
pub enum Presented {
    /// key-auth: `apikey` header or query parameter.
    ApiKey(String),
    /// basic-auth.
    Basic { username: String, password: String },
    /// An OAuth 2.0 access token or a JWT.
    Bearer(String),
    /// Kong's hmac-auth `Authorization: hmac username="…", algorithm="…", headers="…",
    /// signature="…"`.
    Hmac(HmacParams),
    /// Something was presented but cannot be a credential (bad base64, missing fields…).
    Malformed(&'static str),
}

#[derive(Debug, PartialEq, Eq)]
pub struct HmacParams {
    pub username: String,
    pub algorithm: String,
    pub headers: Vec<String>,
    pub signature: String,
}

/// What the client presented, if anything.
pub fn presented(headers: &HeaderMap, original: &OriginalRequest) -> Option<Presented> {
    let value = |name: &str| {
        headers
            .get(name)
            .map(|v| v.to_str().ok().filter(|v| v.len() <= MAX_VALUE))
    };
    if let Some(authorization) = value("authorization").or_else(|| value("proxy-authorization")) {
        let Some(authorization) = authorization else {
            return Some(Presented::Malformed(
                "The Authorization header is not readable.",
            ));
        };
        return Some(parse_authorization(authorization.trim()));
    }
    if let Some(key) = value("apikey") {
        return Some(match key {
            Some(key) if !key.trim().is_empty() => Presented::ApiKey(key.trim().to_string()),
            _ => Presented::Malformed("The apikey header is empty or not readable."),
        });
    }
    original
        .query_param("apikey")
        .filter(|key| !key.is_empty() && key.len() <= MAX_VALUE)
        .map(Presented::ApiKey)
}

fn parse_authorization(value: &str) -> Presented {
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    let rest = rest.trim();
    match scheme.to_ascii_lowercase().as_str() {
        "basic" => match STANDARD
            .decode(rest)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|text| {
                text.split_once(':')
                    .map(|(u, p)| (u.to_string(), p.to_string()))
            }) {
            Some((username, password)) if !username.is_empty() => {
                Presented::Basic { username, password }
            }
            _ => Presented::Malformed("The Basic credentials are not base64 of username:password."),
        },
        "bearer" if !rest.is_empty() => Presented::Bearer(rest.to_string()),
        "hmac" => parse_hmac(rest)
            .map(Presented::Hmac)
            .unwrap_or(Presented::Malformed(
                "The hmac Authorization needs username, algorithm, headers and signature.",
            )),
        _ => Presented::Malformed("Unsupported Authorization scheme."),
    }
}

/// `username="alice", algorithm="hmac-sha256", headers="date request-line", signature="…"`.
fn parse_hmac(params: &str) -> Option<HmacParams> {
    let mut username = None;
    let mut algorithm = None;
    let mut headers = None;
    let mut signature = None;
    for part in split_params(params) {
        let (key, value) = part.split_once('=')?;
        let value = value.trim().trim_matches('"').to_string();
        match key.trim().to_ascii_lowercase().as_str() {
            "username" => username = Some(value),
            "algorithm" => algorithm = Some(value.to_ascii_lowercase()),
            "headers" => {
                headers = Some(
                    value
                        .split_whitespace()
                        .map(|h| h.to_ascii_lowercase())
                        .collect(),
                )
            }
            "signature" => signature = Some(value),
            _ => {}
        }
    }
    Some(HmacParams {
        username: username.filter(|u| !u.is_empty())?,
        algorithm: algorithm.unwrap_or_else(|| "hmac-sha1".into()),
        headers: headers.unwrap_or_else(|| vec!["date".into()]),
        signature: signature.filter(|s| !s.is_empty())?,
    })
}

/// Splits on commas outside quotes.
fn split_params(params: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in params.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                parts.push(params[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(params[start..].trim());
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{Method, Uri};

    fn read(pairs: &[(&'static str, &str)], uri: &str) -> Option<Presented> {
        let mut headers = HeaderMap::new();
        for (k, v) in pairs {
            headers.insert(*k, v.parse().unwrap());
        }
        // Envoy's style: the check request itself is the client's.
        let envoy = super::super::original::GatewayHeaders {
            style: super::super::original::GatewayStyle::Envoy,
            host_header: "host".into(),
        };
        let original = OriginalRequest::from_headers(
            &headers,
            &Method::GET,
            &uri.parse::<Uri>().unwrap(),
            &envoy,
        )
        .unwrap();
        presented(&headers, &original)
    }

    #[test]
    fn every_scheme_is_read_and_garbage_is_malformed() {
        assert_eq!(
            read(&[("apikey", "abc")], "/"),
            Some(Presented::ApiKey("abc".into()))
        );
        assert_eq!(
            read(&[], "/x?apikey=k1"),
            Some(Presented::ApiKey("k1".into()))
        );
        assert_eq!(read(&[], "/x"), None);
        assert_eq!(
            read(&[("authorization", "Basic YWxpY2U6cGE6c3M=")], "/"),
            Some(Presented::Basic {
                username: "alice".into(),
                password: "pa:ss".into()
            })
        );
        assert!(matches!(
            read(&[("authorization", "Basic !!!")], "/"),
            Some(Presented::Malformed(_))
        ));
        assert_eq!(
            read(&[("authorization", "Bearer t.o.k")], "/"),
            Some(Presented::Bearer("t.o.k".into()))
        );
        let hmac = read(
            &[(
                "authorization",
                r#"hmac username="alice", algorithm="hmac-sha256", headers="date request-line", signature="c2ln,PQ==""#,
            )],
            "/",
        );
        assert_eq!(
            hmac,
            Some(Presented::Hmac(HmacParams {
                username: "alice".into(),
                algorithm: "hmac-sha256".into(),
                headers: vec!["date".into(), "request-line".into()],
                signature: "c2ln,PQ==".into(),
            }))
        );
        assert!(matches!(
            read(&[("authorization", "hmac garbage")], "/"),
            Some(Presented::Malformed(_))
        ));
        assert!(matches!(
            read(&[("authorization", "Negotiate abc")], "/"),
            Some(Presented::Malformed(_))
        ));
    }
}
