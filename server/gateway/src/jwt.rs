//! JWTs: the credential is the jwt credential whose key equals the token's `iss`; the token
//! must be signed with its algorithm and secret (or public key), and `exp`/`nbf` hold.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};

use app::model::JwtAlgorithm;

use super::index::Secret;

/// True when the bearer value looks like a JWT (three base64url parts).
pub fn looks_like_jwt(token: &str) -> bool {
    token.split('.').count() == 3
}

/// The unverified `iss` claim, to find the credential that must have signed it.
pub fn issuer(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    if payload.len() > 16 * 1024 {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("iss")?.as_str().map(str::to_string)
}

fn algorithm(alg: JwtAlgorithm) -> Algorithm {
    match alg {
        JwtAlgorithm::HS256 => Algorithm::HS256,
        JwtAlgorithm::HS384 => Algorithm::HS384,
        JwtAlgorithm::HS512 => Algorithm::HS512,
        JwtAlgorithm::RS256 => Algorithm::RS256,
        JwtAlgorithm::ES256 => Algorithm::ES256,
    }
}

/// Checks signature, algorithm, `exp` and `nbf` (when present) against one secret.
pub fn verify(token: &str, alg: JwtAlgorithm, secret: &Secret) -> Result<(), &'static str> {
    let mut validation = Validation::new(algorithm(alg));
    validation.required_spec_claims.clear();
    validation.validate_exp = true;
    validation.validate_nbf = true;
    validation.validate_aud = false;
    validation.leeway = 0;
    let outcome = match secret {
        Secret::Shared(bytes) => jsonwebtoken::decode::<serde_json::Value>(
            token,
            &DecodingKey::from_secret(bytes),
            &validation,
        ),
        Secret::PublicKey(key) => {
            jsonwebtoken::decode::<serde_json::Value>(token, key, &validation)
        }
        _ => return Err("This credential cannot verify JWTs."),
    };
    outcome.map(|_| ()).map_err(|error| match error.kind() {
        jsonwebtoken::errors::ErrorKind::ExpiredSignature => "The JWT has expired (exp).",
        jsonwebtoken::errors::ErrorKind::ImmatureSignature => "The JWT is not valid yet (nbf).",
        jsonwebtoken::errors::ErrorKind::InvalidAlgorithm => {
            "The JWT's algorithm is not the credential's algorithm."
        }
        _ => "Invalid JWT signature.",
    })
}
