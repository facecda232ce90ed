//! The request the gateway is deciding on, as the gateway describes it. Only the headers the
//! configured gateway style sets are read (a client can send any of the others through a
//! forward-auth gateway), and the path is normalized before any service is matched.

use axum::http::{HeaderMap, Method, Uri};

/// Which headers carry the client's request: each gateway sets its own, and a client can
/// send the others through it unchanged, so only one set is ever trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GatewayStyle {
    /// nginx `auth_request`: `X-Original-URI` and `X-Original-Method`, set in the config.
    Nginx,
    /// Caddy `forward_auth`, Traefik `ForwardAuth`: `X-Forwarded-Uri`, `X-Forwarded-Method`.
    Forwarded,
    /// Envoy `ext_authz` (HTTP): the check request itself carries the client's method and
    /// path, after the `/gateway/verify` prefix.
    Envoy,
}

impl GatewayStyle {
    pub fn parse(value: &str) -> Option<Self> {
        match value.to_ascii_lowercase().as_str() {
            "nginx" => Some(Self::Nginx),
            "forwarded" | "caddy" | "traefik" => Some(Self::Forwarded),
            "envoy" => Some(Self::Envoy),
            _ => None,
        }
    }

    /// The header naming the client's host when no other is configured.
    pub fn default_host_header(self) -> &'static str {
        match self {
            Self::Nginx | Self::Forwarded => "x-forwarded-host",
            Self::Envoy => "host",
        }
    }
}

/// How this instance reads the gateway's description of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayHeaders {
    pub style: GatewayStyle,
    /// Lower case; the only header the host of a request is taken from.
    pub host_header: String,
}

impl Default for GatewayHeaders {
    fn default() -> Self {
        Self {
            style: GatewayStyle::Nginx,
            host_header: GatewayStyle::Nginx.default_host_header().into(),
        }
    }
}

/// The client's request, not the sub-request the gateway sent us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginalRequest {
    pub method: String,
    /// Path and query exactly as the client sent them (what an hmac signature covers).
    pub target: String,
    /// The normalized path services are matched on (see [`normalize_path`]).
    pub path: String,
    pub query: Option<String>,
    /// Lower case, without port; only from the trusted host header.
    pub host: Option<String>,
}

/// The longest original URI accepted; a gateway never sends more for a sane request.
const MAX_TARGET: usize = 8 * 1024;
/// Envoy sends the client's path after this prefix (`path_prefix` in its config).
const ENVOY_PREFIX: &str = "/gateway/verify";

/// Why the gateway's description of a request cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// The header this gateway style needs is missing, or the URI is not a path.
    Missing(&'static str),
    /// Dot segments, encoded separators or bad escapes: refused, never guessed at.
    Unsafe(&'static str),
}

impl OriginalRequest {
    pub fn from_headers(
        headers: &HeaderMap,
        method: &Method,
        uri: &Uri,
        config: &GatewayHeaders,
    ) -> Result<Self, Unreadable> {
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let (target, method) = match config.style {
            GatewayStyle::Nginx => (
                header("x-original-uri").ok_or(Unreadable::Missing(MISSING_NGINX))?,
                header("x-original-method").unwrap_or(method.as_str()),
            ),
            GatewayStyle::Forwarded => (
                header("x-forwarded-uri").ok_or(Unreadable::Missing(MISSING_FORWARDED))?,
                header("x-forwarded-method").unwrap_or(method.as_str()),
            ),
            GatewayStyle::Envoy => {
                let own = uri.path_and_query().map(|pq| pq.as_str()).unwrap_or("/");
                let rest = own.strip_prefix(ENVOY_PREFIX).unwrap_or(own);
                // `/gateway/verify?x` is the client's `/?x`.
                let target = if rest.starts_with('/') {
                    rest.to_string()
                } else {
                    format!("/{rest}")
                };
                return Self::parse(&target, method.as_str(), headers, config);
            }
        };
        Self::parse(target, method, headers, config)
    }

    fn parse(
        target: &str,
        method: &str,
        headers: &HeaderMap,
        config: &GatewayHeaders,
    ) -> Result<Self, Unreadable> {
        if target.len() > MAX_TARGET || !target.starts_with('/') {
            return Err(Unreadable::Missing(
                "The original request URI is missing, too long or not a path.",
            ));
        }
        let (raw_path, query) = match target.split_once('?') {
            Some((path, query)) => (path, Some(query.to_string())),
            None => (target, None),
        };
        let path = normalize_path(raw_path).map_err(Unreadable::Unsafe)?;
        let host = match headers.get(config.host_header.as_str()) {
            None => None,
            // The gateway sets one value; anything else is not a host to match on.
            Some(value) => match value.to_str().map(str::trim) {
                Ok(host) if !host.is_empty() && !host.contains(',') => {
                    let host = strip_port(host);
                    Some(host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase())
                }
                _ => {
                    return Err(Unreadable::Unsafe(
                        "The host header holds no single host name; the gateway must set it.",
                    ))
                }
            },
        };
        Ok(Self {
            method: method.to_ascii_uppercase(),
            target: target.to_string(),
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

const MISSING_NGINX: &str =
    "The gateway sent no X-Original-URI: set it in the auth location (proxy_set_header X-Original-URI $request_uri).";
const MISSING_FORWARDED: &str =
    "The gateway sent no X-Forwarded-Uri: this Gatehouse expects Caddy or Traefik (GATEHOUSE_GATEWAY_HEADERS).";

/// The path a service is matched on. Escapes of unreserved characters are decoded (`%70ets`
/// is `pets`), other escapes kept in upper case, and empty segments collapsed (`//` is `/`).
/// Refused, because upstreams resolve them differently than a prefix match would: `.` and
/// `..` segments (also escaped, or before a `;` parameter), escaped `/` or `\`, a raw `\`,
/// NUL, and malformed escapes.
pub fn normalize_path(raw: &str) -> Result<String, &'static str> {
    const UNSAFE: &str = "The request path holds dot segments, encoded separators, ; or #, or invalid escapes; send it normalized.";
    let bytes = raw.as_bytes();
    let mut decoded = String::with_capacity(raw.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let value = bytes.get(i + 1..i + 3).and_then(hex_byte).ok_or(UNSAFE)?;
                match value {
                    b'/' | b'\\' | 0 => return Err(UNSAFE),
                    v if v.is_ascii_alphanumeric() || b"-._~".contains(&v) => {
                        decoded.push(char::from(v))
                    }
                    v => decoded.push_str(&format!("%{v:02X}")),
                }
                i += 3;
            }
            // `;` starts path parameters some servers strip (`/admin;x` is `/admin` to
            // them), `#` a fragment others cut off: either would make the upstream serve
            // another path than the one matched.
            b'\\' | 0 | b';' | b'#' => return Err(UNSAFE),
            _ => {
                // Multi-byte characters pass through whole.
                let len = utf8_len(bytes[i]);
                decoded.push_str(raw.get(i..i + len).ok_or(UNSAFE)?);
                i += len;
            }
        }
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments
        .iter()
        .any(|segment| *segment == "." || *segment == "..")
    {
        return Err(UNSAFE);
    }
    let mut path = String::with_capacity(decoded.len());
    for segment in &segments {
        path.push('/');
        path.push_str(segment);
    }
    if path.is_empty() || (decoded.ends_with('/') && !segments.is_empty()) {
        path.push('/');
    }
    Ok(path)
}

/// Two hex digits (and nothing else: `u8::from_str_radix` would also take `+5`).
fn hex_byte(pair: &[u8]) -> Option<u8> {
    let digit = |b: u8| char::from(b).to_digit(16);
    match pair {
        [high, low] => Some((digit(*high)? * 16 + digit(*low)?) as u8),
        _ => None,
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
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
            b'%' if i + 2 < bytes.len() => match hex_byte(&bytes[i + 1..i + 3]) {
                Some(b) => {
                    out.push(b);
                    i += 2;
                }
                None => out.push(b'%'),
            },
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

    fn read(
        style: GatewayStyle,
        pairs: &[(&'static str, &str)],
        uri: &str,
    ) -> Result<OriginalRequest, Unreadable> {
        let config = GatewayHeaders {
            style,
            host_header: style.default_host_header().into(),
        };
        OriginalRequest::from_headers(
            &headers(pairs),
            &Method::GET,
            &uri.parse().unwrap(),
            &config,
        )
    }

    #[test]
    fn nginx_headers_are_read() {
        let nginx = read(
            GatewayStyle::Nginx,
            &[
                ("x-original-uri", "/petstore/pets?apikey=a%2Bb&x=1"),
                ("x-original-method", "post"),
                ("x-forwarded-host", "API.example.com:8080"),
            ],
            "/gateway/verify",
        )
        .unwrap();
        assert_eq!(nginx.method, "POST");
        assert_eq!(nginx.path, "/petstore/pets");
        assert_eq!(nginx.host.as_deref(), Some("api.example.com"));
        assert_eq!(nginx.query_param("apikey").as_deref(), Some("a+b"));
        assert_eq!(nginx.query_param("missing"), None);
        assert!(matches!(
            read(GatewayStyle::Nginx, &[("x-original-uri", "no-slash")], "/"),
            Err(Unreadable::Missing(_))
        ));
    }

    #[test]
    fn only_the_configured_styles_headers_count() {
        // A client sends X-Forwarded-Uri through nginx: it is not what nginx set.
        assert!(matches!(
            read(
                GatewayStyle::Nginx,
                &[("x-forwarded-uri", "/priv/secret")],
                "/gateway/verify"
            ),
            Err(Unreadable::Missing(_))
        ));
        // And X-Original-URI through Traefik.
        let traefik = read(
            GatewayStyle::Forwarded,
            &[
                ("x-original-uri", "/priv/secret"),
                ("x-forwarded-uri", "/orders"),
                ("x-forwarded-method", "DELETE"),
                ("x-forwarded-host", "orders.example.com"),
                ("x-original-host", "priv.example.com"),
                ("host", "priv.example.com"),
            ],
            "/gateway/verify",
        )
        .unwrap();
        assert_eq!(
            (traefik.path.as_str(), traefik.method.as_str()),
            ("/orders", "DELETE")
        );
        assert_eq!(traefik.host.as_deref(), Some("orders.example.com"));
        // Without the trusted host header there is no host, whatever else is sent.
        let no_host = read(
            GatewayStyle::Nginx,
            &[
                ("x-original-uri", "/pub"),
                ("host", "pub.example"),
                ("x-original-host", "pub.example"),
            ],
            "/gateway/verify",
        )
        .unwrap();
        assert_eq!(no_host.host, None);
        // The trusted header names one host; a trailing dot is the same host.
        let dotted = read(
            GatewayStyle::Nginx,
            &[
                ("x-original-uri", "/pub"),
                ("x-forwarded-host", "Pub.Example.:443"),
            ],
            "/gateway/verify",
        )
        .unwrap();
        assert_eq!(dotted.host.as_deref(), Some("pub.example"));
        for odd in ["pub.example, priv.example", " "] {
            let read = read(
                GatewayStyle::Nginx,
                &[("x-original-uri", "/pub"), ("x-forwarded-host", odd)],
                "/gateway/verify",
            );
            assert!(matches!(read, Err(Unreadable::Unsafe(_))), "{odd:?}");
        }
    }

    #[test]
    fn envoy_sends_the_path_after_the_prefix() {
        let envoy = read(
            GatewayStyle::Envoy,
            &[("host", "orders.example.com"), ("x-original-uri", "/priv")],
            "/gateway/verify/orders/1?apikey=k",
        )
        .unwrap();
        assert_eq!(envoy.path, "/orders/1");
        assert_eq!(envoy.target, "/orders/1?apikey=k");
        assert_eq!(envoy.host.as_deref(), Some("orders.example.com"));
        let root = read(GatewayStyle::Envoy, &[], "/gateway/verify?apikey=k").unwrap();
        assert_eq!(
            (root.path.as_str(), root.query.as_deref()),
            ("/", Some("apikey=k"))
        );
    }

    #[test]
    fn paths_are_normalized_or_refused() {
        assert_eq!(normalize_path("/pub/items").unwrap(), "/pub/items");
        assert_eq!(normalize_path("/p%75b/%7Eitems").unwrap(), "/pub/~items");
        assert_eq!(normalize_path("//pub///items/").unwrap(), "/pub/items/");
        assert_eq!(
            normalize_path("/pub/a%20b%c3%a9").unwrap(),
            "/pub/a%20b%C3%A9"
        );
        assert_eq!(normalize_path("/pub/café").unwrap(), "/pub/café");
        assert_eq!(normalize_path("/").unwrap(), "/");
        assert_eq!(normalize_path("//").unwrap(), "/");
        for refused in [
            "/pub/../priv/secret",
            "/pub/%2e%2e/priv/secret",
            "/pub/%2E%2e/priv",
            "/pub/.%2e/priv",
            "/pub/./x",
            "/pub/..",
            "/pub/..;/priv",
            "/pub/.;x/priv",
            "/api/admin;x/users",
            "/api/admin#x",
            "/pub/%+5",
            "/pub/%-1",
            "/pub%2fpriv",
            "/pub%2Fpriv",
            "/pub%5cpriv",
            "/pub\\..\\priv",
            "/pub/%00",
            "/pub/%zz",
            "/pub/%2",
        ] {
            assert!(normalize_path(refused).is_err(), "{refused} is refused");
        }
        // An escaped `;` or `#` is plain data, as the upstream sees it too.
        assert_eq!(normalize_path("/pub/a%3Bb%23c").unwrap(), "/pub/a%3Bb%23c");
        // A dot inside a name is not a dot segment.
        assert_eq!(normalize_path("/pub/v1.2/..x").unwrap(), "/pub/v1.2/..x");
    }
}
