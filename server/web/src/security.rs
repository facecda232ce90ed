//! Security headers on every response, and the Origin check on state-changing requests.

use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// For responses that did not set their own policy (pages set one with a script nonce).
const DEFAULT_CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; \
     object-src 'none'; frame-ancestors 'none'";

pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, DEFAULT_CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=()",
        ),
    ] {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    response
}

/// The portal's own origin (`scheme://host[:port]`), from the public URL setting, and the
/// host name in it: the only name a browser may reach the portal by for a write.
#[derive(Clone)]
pub struct AllowedOrigin {
    origin: String,
    host: String,
}

impl AllowedOrigin {
    pub fn new(public_url: &str) -> Self {
        let authority = public_url
            .split_once("://")
            .map_or(public_url, |(_, rest)| rest);
        Self {
            origin: public_url.to_string(),
            host: host_name(authority),
        }
    }

    /// A `Host` header names us when its host is the public URL's (any port: a proxy may
    /// listen on another), or when both are this machine's loopback names.
    fn is_our_host(&self, host_header: &str) -> bool {
        let host = host_name(host_header);
        host == self.host || (is_loopback(&host) && is_loopback(&self.host))
    }
}

fn host_name(authority: &str) -> String {
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => authority.split(':').next().unwrap_or(authority),
    };
    host.to_ascii_lowercase()
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Refuses cross-site state-changing requests: a browser names the page that sent a request
/// in `Origin` (or at least `Sec-Fetch-Site`); if that is not us, the request is forged.
pub async fn check_origin(
    State(allowed): State<AllowedOrigin>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || is_same_origin(request.headers(), &allowed) {
        return next.run(request).await;
    }
    tracing::warn!(path = %request.uri().path(), "refused a cross-origin request");
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"message":"Cross-origin request refused."}"#,
    )
        .into_response()
}

fn is_same_origin(headers: &HeaderMap, allowed: &AllowedOrigin) -> bool {
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        if origin == allowed.origin {
            return true;
        }
        // Reached by another name of ours (localhost vs 127.0.0.1, another port): the Origin
        // must be that very Host, and the Host one of ours. A Host the attacker chose (DNS
        // rebinding) is not.
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        return host.is_some_and(|host| {
            allowed.is_our_host(host)
                && (origin == format!("http://{host}") || origin == format!("https://{host}"))
        });
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => site == "same-origin" || site == "none",
        // Not a browser: no ambient cookie to abuse came with it from another site.
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::{is_same_origin, AllowedOrigin};
    use axum::http::{HeaderMap, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn same_origin_passes_and_other_sites_do_not() {
        let ours = AllowedOrigin::new("http://127.0.0.1:3000");
        assert!(is_same_origin(
            &headers(&[("origin", "http://127.0.0.1:3000")]),
            &ours
        ));
        assert!(is_same_origin(
            &headers(&[
                ("origin", "http://localhost:3000"),
                ("host", "localhost:3000")
            ]),
            &ours
        ));
        assert!(!is_same_origin(
            &headers(&[
                ("origin", "https://evil.example"),
                ("host", "127.0.0.1:3000")
            ]),
            &ours
        ));
        assert!(!is_same_origin(
            &headers(&[("sec-fetch-site", "cross-site")]),
            &ours
        ));
        assert!(is_same_origin(
            &headers(&[("sec-fetch-site", "same-origin")]),
            &ours
        ));
    }

    #[test]
    fn an_origin_matching_an_attacker_chosen_host_is_refused() {
        let ours = AllowedOrigin::new("https://developers.example.com");
        assert!(!is_same_origin(
            &headers(&[
                ("origin", "http://rebind.evil.example"),
                ("host", "rebind.evil.example")
            ]),
            &ours
        ));
        // Our own name through another port is still us.
        assert!(is_same_origin(
            &headers(&[
                ("origin", "https://developers.example.com:8443"),
                ("host", "developers.example.com:8443")
            ]),
            &ours
        ));
        // Loopback names are not ours when the portal is public.
        assert!(!is_same_origin(
            &headers(&[
                ("origin", "http://localhost:3000"),
                ("host", "localhost:3000")
            ]),
            &ours
        ));
    }
}
