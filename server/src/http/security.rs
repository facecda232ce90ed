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

/// The portal's own origin (`scheme://host[:port]`), from the public URL setting.
#[derive(Clone)]
pub struct AllowedOrigin(pub String);

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
    if safe || is_same_origin(request.headers(), &allowed.0) {
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

fn is_same_origin(headers: &HeaderMap, allowed: &str) -> bool {
    let host_origin = |scheme: &str| {
        headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(|host| format!("{scheme}://{host}"))
    };
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        // Behind no proxy the Host header names us too (e.g. localhost vs 127.0.0.1).
        return origin == allowed
            || Some(origin) == host_origin("http").as_deref()
            || Some(origin) == host_origin("https").as_deref();
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => site == "same-origin" || site == "none",
        // Not a browser: no ambient cookie to abuse came with it from another site.
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::is_same_origin;
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
        let ours = "http://127.0.0.1:3000";
        assert!(is_same_origin(
            &headers(&[("origin", "http://127.0.0.1:3000")]),
            ours
        ));
        assert!(is_same_origin(
            &headers(&[
                ("origin", "http://localhost:3000"),
                ("host", "localhost:3000")
            ]),
            ours
        ));
        assert!(!is_same_origin(
            &headers(&[
                ("origin", "https://evil.example"),
                ("host", "127.0.0.1:3000")
            ]),
            ours
        ));
        assert!(!is_same_origin(
            &headers(&[("sec-fetch-site", "cross-site")]),
            ours
        ));
        assert!(is_same_origin(
            &headers(&[("sec-fetch-site", "same-origin")]),
            ours
        ));
    }
}
