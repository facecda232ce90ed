//! A plain form post (before the WASM arrives, or with JavaScript off) that its server
//! function refused goes back to the page with the error in the address. This puts what the
//! person typed beside it (`__form`), passwords and secrets left out, so that the page fills
//! the form in again: nothing typed is lost to a refusal.

use app::components::TYPED_INPUT;
use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header, HeaderValue, Method},
    middleware::Next,
    response::Response,
};

use crate::server_fn_status::{too_large, MAX_BODY_BYTES};

/// Longer than this, what was typed is not put in the address (some browsers and proxies
/// refuse long addresses); the error still shows.
const MAX_TYPED_CHARS: usize = 4000;

/// Field names whose values never go into an address (parts of names: "pass" covers
/// `password` and `new_password`, "key" a pasted public key, which might be a private one).
const NEVER_CARRIED: [&str; 6] = ["pass", "secret", "token", "private", "key", "otp"];

/// Nor does a value holding key material, whatever its field is called.
const KEY_MATERIAL: &str = "-----BEGIN";

pub async fn keep_typed_input(request: Request, next: Next) -> Response {
    if !is_plain_form_post(&request) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY_BYTES).await else {
        return too_large();
    };
    let typed = carried_fields(&bytes);
    let mut response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let refused_to = response
        .headers()
        .get(header::LOCATION)
        .and_then(|location| location.to_str().ok())
        .filter(|location| location.contains("__err="))
        .map(|location| back_with_typed_input(location, &typed));
    if let Some(Ok(location)) = refused_to.map(|l| HeaderValue::from_str(&l)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// A POST of an HTML form to a server function, from a browser that wants a page back.
fn is_plain_form_post(request: &Request) -> bool {
    let header_has = |name, part: &str| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.contains(part))
    };
    request.method() == Method::POST
        && request.uri().path().starts_with("/api/")
        && header_has(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        && header_has(header::ACCEPT, "text/html")
}

/// The posted fields a page may show again, form-encoded. When they are too long to carry,
/// the longest are left out first (a pasted document), so that the short ones still come back.
fn carried_fields(body: &[u8]) -> String {
    let mut kept: Vec<(String, String)> = form_urlencoded::parse(body)
        .filter(|(name, value)| {
            let name = name.to_lowercase();
            !NEVER_CARRIED.iter().any(|word| name.contains(word)) && !value.contains(KEY_MATERIAL)
        })
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    loop {
        let encoded = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&kept)
            .finish();
        if encoded.len() <= MAX_TYPED_CHARS {
            return encoded;
        }
        let longest = (0..kept.len()).max_by_key(|&i| kept[i].1.len());
        match longest {
            Some(i) => kept.remove(i),
            None => return String::new(),
        };
    }
}

/// The page the refusal goes back to: one error (the newest), what was typed, and nothing
/// left over from an earlier post.
fn back_with_typed_input(location: &str, typed: &str) -> String {
    let (page, query) = location.split_once('?').unwrap_or((location, ""));
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    let newest = |key: &str| {
        pairs
            .iter()
            .rev()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.clone())
    };
    let (path, error) = (newest("__path"), newest("__err"));
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (name, value) in &pairs {
        // Leptos' and this portal's markers of a form post all start with two underscores;
        // the page's own parameters (an open dialog among them) stay.
        if !name.starts_with("__") {
            out.append_pair(name, value);
        }
    }
    if let (Some(path), Some(error)) = (path, error) {
        out.append_pair("__path", &path)
            .append_pair("__err", &error);
    }
    if !typed.is_empty() {
        out.append_pair(TYPED_INPUT, typed);
    }
    format!("{page}?{}", out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_secrets_stay_out_of_the_address() {
        let typed = carried_fields(
            b"email=ada%40example.com&password=hunter2&credential%5Bname%5D=CI&client_secret=x\
              &credential%5Bpublic_key%5D=pem&note=-----BEGIN+PRIVATE+KEY-----&new_pass=y",
        );
        assert_eq!(typed, "email=ada%40example.com&credential%5Bname%5D=CI");
    }

    #[test]
    fn a_field_too_long_to_carry_is_left_out_and_the_others_kept() {
        let body = format!(
            "name=Pets&openapi={}&version=1.0",
            "a".repeat(MAX_TYPED_CHARS)
        );
        assert_eq!(carried_fields(body.as_bytes()), "name=Pets&version=1.0");
    }

    #[test]
    fn the_newest_error_replaces_an_earlier_one_and_the_page_keeps_its_own_query() {
        let location = "http://localhost/apps/1?dialog=edit-1&__path=%2Fapi%2Fa&__err=old&__form=x%3D1&__path=%2Fapi%2Fa&__err=new";
        let back = back_with_typed_input(location, "name=Billing");
        assert_eq!(
            back,
            "http://localhost/apps/1?dialog=edit-1&__path=%2Fapi%2Fa&__err=new&__form=name%3DBilling"
        );
    }
}
