//! How to call an API with a credential: where it goes in the request, and lines to paste
//! (curl) for each credential type, shown beside a new secret.

use leptos::prelude::*;

use super::CopyButton;
use crate::model::{CredentialKind, JwtAlgorithm, ServiceAddress};

/// Stands for the API gateway's address when a service has no host of its own: Gatehouse
/// answers the gateway, it does not know the address clients call it at.
pub const GATEWAY: &str = "gateway.example.com";

/// What a person needs to call the API: a sentence, and the lines to paste.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallExample {
    pub kind: CredentialKind,
    pub how: String,
    pub lines: String,
}

/// The example for a credential of `kind`, with its identifier and secret written in, for
/// the service at `address` (the application's first registration, if any).
pub fn call_example(
    kind: CredentialKind,
    identifier: Option<&str>,
    secret: Option<&str>,
    algorithm: Option<JwtAlgorithm>,
    address: Option<&ServiceAddress>,
) -> CallExample {
    let address = address.cloned().unwrap_or_default();
    let url = address.url(GATEWAY);
    let host = address.host.as_deref().unwrap_or(GATEWAY);
    let path = format!("{}/", address.route_prefix.as_deref().unwrap_or(""));
    let id = identifier.unwrap_or(match kind {
        CredentialKind::OAuth2 => "CLIENT_ID",
        CredentialKind::Jwt => "KEY",
        _ => "USERNAME",
    });
    let secret = secret.unwrap_or(match kind {
        CredentialKind::KeyAuth => "YOUR_API_KEY",
        CredentialKind::BasicAuth => "PASSWORD",
        CredentialKind::OAuth2 => "CLIENT_SECRET",
        _ => "SECRET",
    });
    let (how, lines) = match kind {
        CredentialKind::KeyAuth => (
            "Send the key in the apikey header (or an apikey query parameter):".into(),
            format!("curl -H 'apikey: {secret}' {url}"),
        ),
        CredentialKind::BasicAuth => (
            "Send the username and password with HTTP Basic authentication:".into(),
            format!("curl -u '{id}:{secret}' {url}"),
        ),
        CredentialKind::OAuth2 => (
            "Exchange the client ID and secret for an access token (client credentials grant), then send the token as a Bearer token until it expires:".into(),
            format!(
                "curl -u '{id}:{secret}' -d grant_type=client_credentials https://{host}/oauth2/token\n\
                 curl -H 'Authorization: Bearer ACCESS_TOKEN' {url}"
            ),
        ),
        CredentialKind::HmacAuth => (
            "Sign each request: an HMAC-SHA256 of the Date header and the request line, keyed with the secret, in an hmac Authorization header:".into(),
            format!(
                "date=\"$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')\"\n\
                 signature=\"$(printf 'date: %s\\nGET {path} HTTP/1.1' \"$date\" | openssl dgst -sha256 -hmac '{secret}' -binary | base64)\"\n\
                 curl -H \"Date: $date\" -H \"Authorization: hmac username=\\\"{id}\\\", algorithm=\\\"hmac-sha256\\\", headers=\\\"date request-line\\\", signature=\\\"$signature\\\"\" {url}"
            ),
        ),
        CredentialKind::Jwt => {
            let algorithm = algorithm.unwrap_or(JwtAlgorithm::HS256);
            if algorithm.uses_public_key() {
                (
                    format!(
                        "Sign tokens with your private key ({}), with the iss claim set to {id}, and send each as a Bearer token:",
                        algorithm.as_str()
                    ),
                    format!("curl -H \"Authorization: Bearer $token\" {url}"),
                )
            } else {
                (
                    format!(
                        "Sign a token with {} and the secret, with the iss claim set to the key, and send it as a Bearer token (here with Python's PyJWT):",
                        algorithm.as_str()
                    ),
                    format!(
                        "token=\"$(python3 -c 'import jwt, time; print(jwt.encode({{\"iss\": \"{id}\", \"exp\": int(time.time()) + 300}}, \"{secret}\", algorithm=\"{}\"))')\"\n\
                         curl -H \"Authorization: Bearer $token\" {url}",
                        algorithm.as_str()
                    ),
                )
            }
        }
    };
    CallExample { kind, how, lines }
}

/// The example as the page shows it: the sentence, the lines and a Copy button.
#[component]
pub fn CallExampleView(example: CallExample, address: Option<ServiceAddress>) -> impl IntoView {
    let gateway_note = address
        .as_ref()
        .is_none_or(|a| a.host.is_none())
        .then(|| view! { <p class="field-hint">"Replace " <code>{GATEWAY}</code> " with your API gateway's address."</p> });
    view! {
        <div class="call-example">
            <p>{example.how}</p>
            <pre class="code-block"><code data-testid="call-example">{example.lines.clone()}</code></pre>
            <CopyButton text=example.lines label=format!("Copy the {} example", example.kind.as_str())/>
            {gateway_note}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn petstore() -> ServiceAddress {
        ServiceAddress {
            host: None,
            route_prefix: Some("/petstore".into()),
        }
    }

    #[test]
    fn each_type_puts_its_credential_where_the_gateway_reads_it() {
        let key = call_example(
            CredentialKind::KeyAuth,
            None,
            Some("k3y"),
            None,
            Some(&petstore()),
        );
        assert_eq!(
            key.lines,
            "curl -H 'apikey: k3y' https://gateway.example.com/petstore/"
        );
        let basic = call_example(
            CredentialKind::BasicAuth,
            Some("alice"),
            Some("pw"),
            None,
            None,
        );
        assert_eq!(
            basic.lines,
            "curl -u 'alice:pw' https://gateway.example.com/"
        );
        let hmac = call_example(
            CredentialKind::HmacAuth,
            Some("alice"),
            Some("s"),
            None,
            Some(&petstore()),
        );
        assert!(
            hmac.lines.contains("GET /petstore/ HTTP/1.1"),
            "{}",
            hmac.lines
        );
        assert!(
            hmac.lines.contains("username=\\\"alice\\\""),
            "{}",
            hmac.lines
        );
        let hosted = ServiceAddress {
            host: Some("api.example.org".into()),
            route_prefix: None,
        };
        let oauth = call_example(
            CredentialKind::OAuth2,
            Some("client"),
            Some("s"),
            None,
            Some(&hosted),
        );
        assert!(oauth
            .lines
            .starts_with("curl -u 'client:s' -d grant_type=client_credentials https://api.example.org/oauth2/token"));
        let jwt = call_example(
            CredentialKind::Jwt,
            Some("iss-1"),
            Some("s"),
            Some(JwtAlgorithm::HS384),
            None,
        );
        assert!(jwt.lines.contains("\"iss\": \"iss-1\""), "{}", jwt.lines);
        assert!(jwt.lines.contains("algorithm=\"HS384\""), "{}", jwt.lines);
    }
}
