//! A developer's request for a new credential: the form as typed ([`CredentialRequest`]),
//! and the same parsed once, every field checked together ([`CredentialSpec`]). The page
//! checks with it before sending, the server function parses with it, and the rule receives
//! only the parsed value.

use serde::{Deserialize, Serialize};

use super::{CredentialKind, JwtAlgorithm, PortalSettings};
use crate::error::{AppError, FieldError};

/// What a developer asks for when generating a credential, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CredentialRequest {
    pub kind: CredentialKind,
    /// Display name; empty for the type's name.
    pub name: String,
    /// basic-auth and hmac-auth.
    pub username: String,
    /// jwt.
    pub algorithm: Option<JwtAlgorithm>,
    /// jwt RS256/ES256: PEM.
    pub public_key: String,
    /// Whole days; empty for no expiry (unless the owner sets a maximum lifetime).
    pub expires_in_days: String,
}

/// A credential request parsed by `CredentialSpec::try_from(request)`.
#[derive(Clone, Debug, PartialEq)]
pub struct CredentialSpec {
    pub kind: CredentialKind,
    /// What the developer calls it; `None` when left empty (the portal numbers it after its
    /// type: "API key 2", see [`default_credential_name`]).
    pub name: Option<String>,
    /// Only for the kinds that take one (basic-auth, hmac-auth).
    pub username: Option<String>,
    /// Only for jwt (HS256 unless chosen).
    pub algorithm: Option<JwtAlgorithm>,
    /// Only for jwt with RS256 or ES256: the PEM as pasted. The rule checks the key itself
    /// (it has the cryptography).
    pub public_key: Option<String>,
    /// 0: no expiry (unless the owner sets a maximum lifetime).
    pub expires_in_days: u32,
}

impl TryFrom<CredentialRequest> for CredentialSpec {
    type Error = AppError;

    fn try_from(request: CredentialRequest) -> Result<Self, AppError> {
        let mut errors = Vec::new();
        let mut take = |field: &str, message: String| {
            errors.push(FieldError {
                field: field.into(),
                message,
            })
        };
        let kind = request.kind;
        let name = parse_credential_name(&request.name).unwrap_or_else(|m| {
            take("name", m.into());
            None
        });
        let username = kind.takes_username().then(|| {
            parse_username(&request.username).unwrap_or_else(|m| {
                take("username", m.into());
                String::new()
            })
        });
        let algorithm =
            (kind == CredentialKind::Jwt).then(|| request.algorithm.unwrap_or(JwtAlgorithm::HS256));
        let public_key = match algorithm {
            Some(algorithm) if algorithm.uses_public_key() => {
                let pem = request.public_key.trim();
                if pem.is_empty() {
                    take(
                        "public_key",
                        format!(
                            "Paste the public key your {} tokens are verified with.",
                            algorithm.as_str()
                        ),
                    );
                }
                Some(pem.to_string())
            }
            _ => None,
        };
        let expires_in_days = parse_expiry_days(&request.expires_in_days).unwrap_or_else(|m| {
            take("expires_in_days", m.into());
            0
        });
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        Ok(Self {
            kind,
            name,
            username,
            algorithm,
            public_key,
            expires_in_days,
        })
    }
}

/// The name shown for a credential: what the developer typed, or the type's name.
/// The name of a credential left unnamed: its type's noun and the next number among the
/// application's credentials named that way ("API key 3" beside "API key 1" and "API key 2").
pub fn default_credential_name<'a>(
    kind: CredentialKind,
    existing: impl IntoIterator<Item = &'a str>,
) -> String {
    let noun = kind.noun();
    let highest = existing
        .into_iter()
        .filter_map(|name| {
            name.strip_prefix(noun)?
                .strip_prefix(' ')?
                .parse::<u32>()
                .ok()
        })
        .max()
        .unwrap_or(0);
    format!("{noun} {}", highest.saturating_add(1))
}

/// A credential's name as typed: `None` when left empty (the type's name is shown).
pub(super) fn parse_credential_name(input: &str) -> Result<Option<String>, &'static str> {
    let name = input.trim();
    if name.chars().count() > 60 {
        return Err("Use at most 60 characters.");
    }
    if name.chars().any(char::is_control) {
        return Err("The name contains characters that cannot be shown.");
    }
    Ok((!name.is_empty()).then(|| name.to_string()))
}

/// A basic-auth or hmac-auth username: what gateways and clients can carry unescaped.
fn parse_username(input: &str) -> Result<String, &'static str> {
    let name = input.trim();
    let ok = (3..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._@-".contains(c));
    if ok {
        Ok(name.to_string())
    } else {
        Err("Choose a username of 3 to 64 characters: letters, digits, . _ @ and -.")
    }
}

/// The expiry a person typed: empty for none (0), else a whole number of days. "1.5", "-3"
/// or "soon" are refused with a message for the field, never read as "no expiry".
pub fn parse_expiry_days(text: &str) -> Result<u32, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(0);
    }
    match text.parse::<u32>() {
        Ok(days) if days <= PortalSettings::MAX_LIFETIME_DAYS => Ok(days),
        Ok(_) => Err("Choose at most 3650 days."),
        Err(_) => Err("Enter a whole number of days (or leave it empty)."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(kind: CredentialKind) -> CredentialRequest {
        CredentialRequest {
            kind,
            ..Default::default()
        }
    }

    #[test]
    fn only_whole_days_are_an_expiry() {
        assert_eq!(parse_expiry_days(""), Ok(0));
        assert_eq!(parse_expiry_days(" 30 "), Ok(30));
        for bad in ["1.5", "-3", "soon", "1e3", "99999"] {
            assert!(parse_expiry_days(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_key_needs_nothing_and_is_numbered_after_its_type() {
        let spec = CredentialSpec::try_from(request(CredentialKind::KeyAuth)).unwrap();
        assert_eq!(spec.name, None);
        assert_eq!(
            default_credential_name(
                CredentialKind::KeyAuth,
                ["API key 1", "Mobile", "API key 3"]
            ),
            "API key 4"
        );
        assert_eq!(
            default_credential_name(CredentialKind::HmacAuth, ["API key 1", "HMAC keyring 7"]),
            "HMAC key 1"
        );
        assert_eq!(
            (spec.username, spec.algorithm, spec.public_key),
            (None, None, None)
        );
        assert_eq!(spec.expires_in_days, 0);
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let asked = CredentialRequest {
            name: "x".repeat(61),
            username: "a b".into(),
            expires_in_days: "-3".into(),
            ..request(CredentialKind::BasicAuth)
        };
        let error = CredentialSpec::try_from(asked).unwrap_err();
        assert!(error.message_for("name").is_some());
        assert!(error.message_for("username").unwrap().contains("3 to 64"));
        assert!(error
            .message_for("expires_in_days")
            .unwrap()
            .contains("whole number"));
    }

    #[test]
    fn a_username_is_short_and_plain() {
        assert!(parse_username("ab").is_err());
        assert!(parse_username("ada lovelace").is_err());
        assert_eq!(parse_username(" ada.l ").unwrap(), "ada.l");
    }

    #[test]
    fn a_username_is_kept_only_for_the_kinds_that_take_one() {
        let asked = CredentialRequest {
            username: " alice.api ".into(),
            ..request(CredentialKind::HmacAuth)
        };
        let spec = CredentialSpec::try_from(asked.clone()).unwrap();
        assert_eq!(spec.username.as_deref(), Some("alice.api"));
        let key = CredentialSpec::try_from(CredentialRequest {
            kind: CredentialKind::KeyAuth,
            ..asked
        })
        .unwrap();
        assert_eq!(key.username, None);
    }

    #[test]
    fn a_jwt_signed_with_a_public_key_needs_the_key() {
        let asked = CredentialRequest {
            algorithm: Some(JwtAlgorithm::RS256),
            ..request(CredentialKind::Jwt)
        };
        let error = CredentialSpec::try_from(asked.clone()).unwrap_err();
        assert!(error.message_for("public_key").is_some());
        let spec = CredentialSpec::try_from(CredentialRequest {
            public_key: "-----BEGIN PUBLIC KEY-----\n…".into(),
            ..asked
        })
        .unwrap();
        assert_eq!(spec.algorithm, Some(JwtAlgorithm::RS256));
        assert!(spec.public_key.is_some());
        let shared = CredentialSpec::try_from(request(CredentialKind::Jwt)).unwrap();
        assert_eq!(shared.algorithm, Some(JwtAlgorithm::HS256));
        assert_eq!(shared.public_key, None);
    }
}
