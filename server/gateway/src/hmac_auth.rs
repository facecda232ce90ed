//! Kong's hmac-auth: the signature is base64(HMAC(secret, signing string)) where the signing
//! string is each signed header as `name: value` (or the request line), joined by newlines,
//! and `Date`/`X-Date` must be within the allowed clock skew.

use axum::http::HeaderMap;
use base64::{engine::general_purpose::STANDARD, Engine};
use hmac::{Hmac, Mac};

use super::original::OriginalRequest;
use super::presented::HmacParams;

/// How far `Date`/`X-Date` may be from our clock (Kong's default).
pub const CLOCK_SKEW_SECS: u64 = 300;

/// Checks the request's hmac signature against `secret`; the error says why not.
pub fn verify(
    params: &HmacParams,
    secret: &[u8],
    headers: &HeaderMap,
    original: &OriginalRequest,
    now_millis: i64,
) -> Result<(), &'static str> {
    if !params.headers.iter().any(|h| h == "date" || h == "x-date") {
        return Err("The hmac signature must cover the date or x-date header.");
    }
    let date = header(headers, "x-date")
        .or_else(|| header(headers, "date"))
        .ok_or("The request has no Date or X-Date header.")?;
    let sent =
        httpdate::parse_http_date(date).map_err(|_| "The Date header is not an HTTP date.")?;
    // Compared in seconds since the epoch: the platform's clock, not the system's (a
    // Worker has none).
    let sent_secs = sent
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let skew = (now_millis / 1000).abs_diff(sent_secs);
    if skew > CLOCK_SKEW_SECS {
        return Err("The Date header is more than 300 seconds from the server's clock.");
    }
    let mut lines = Vec::with_capacity(params.headers.len());
    for name in &params.headers {
        if name == "request-line" {
            lines.push(format!("{} {} HTTP/1.1", original.method, original.target));
        } else {
            let value =
                header(headers, name).ok_or("A signed header is missing from the request.")?;
            lines.push(format!("{name}: {value}"));
        }
    }
    let signing_string = lines.join("\n");
    let expected = STANDARD
        .decode(params.signature.as_bytes())
        .map_err(|_| "The hmac signature is not base64.")?;
    // `verify_slice` compares in constant time.
    macro_rules! matches_with {
        ($digest:ty) => {
            Hmac::<$digest>::new_from_slice(secret)
                .map(|mut mac| {
                    mac.update(signing_string.as_bytes());
                    mac.verify_slice(&expected).is_ok()
                })
                .unwrap_or(false)
        };
    }
    let ok = match params.algorithm.as_str() {
        "hmac-sha1" => matches_with!(sha1::Sha1),
        "hmac-sha256" => matches_with!(sha2::Sha256),
        "hmac-sha384" => matches_with!(sha2::Sha384),
        "hmac-sha512" => matches_with!(sha2::Sha512),
        _ => return Err("Unsupported hmac algorithm: use hmac-sha1, -sha256, -sha384 or -sha512."),
    };
    if ok {
        Ok(())
    } else {
        Err("Invalid hmac signature.")
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}
