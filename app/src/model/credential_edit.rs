//! A developer's change to a credential they own: its name and its expiry. The secret is
//! not part of it (a roll issues a new one) and is never shown again.

use serde::{Deserialize, Serialize};

use super::credential_request::{parse_credential_name, parse_expiry_days};
use crate::error::{AppError, FieldError};

/// The edit form as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CredentialEdit {
    /// Empty for the type's name.
    pub name: String,
    /// Whether the expiry changes; without it, the credential keeps the one it has.
    #[serde(default, deserialize_with = "super::checkbox::checkbox")]
    pub change_expiry: bool,
    /// Whole days from now; empty for no expiry (unless the owner sets a maximum lifetime).
    #[serde(default)]
    pub expires_in_days: String,
}

/// The edit parsed by `CredentialChange::try_from(edit)`, every field checked together.
#[derive(Clone, Debug, PartialEq)]
pub struct CredentialChange {
    /// `None`: the type's name.
    pub name: Option<String>,
    /// `None`: the expiry stays. Else days from now; 0: no expiry (unless the owner sets a
    /// maximum lifetime).
    pub expires_in_days: Option<u32>,
}

impl TryFrom<CredentialEdit> for CredentialChange {
    type Error = AppError;

    fn try_from(edit: CredentialEdit) -> Result<Self, AppError> {
        let name = parse_credential_name(&edit.name);
        let days = if edit.change_expiry {
            parse_expiry_days(&edit.expires_in_days).map(Some)
        } else {
            Ok(None)
        };
        match (name, days) {
            (Ok(name), Ok(expires_in_days)) => Ok(Self {
                name,
                expires_in_days,
            }),
            (name, days) => Err(AppError::Invalid(
                [("name", name.err()), ("expires_in_days", days.err())]
                    .into_iter()
                    .filter_map(|(field, message)| {
                        message.map(|m| FieldError {
                            field: field.into(),
                            message: m.into(),
                        })
                    })
                    .collect(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_names_every_bad_field() {
        let error = CredentialChange::try_from(CredentialEdit {
            name: "x".repeat(61),
            change_expiry: true,
            expires_in_days: "1.5".into(),
        })
        .unwrap_err();
        assert!(error.message_for("name").is_some());
        assert!(error.message_for("expires_in_days").is_some());
    }

    #[test]
    fn an_empty_name_means_the_types_name_and_the_expiry_stays_unless_changed() {
        let change = CredentialChange::try_from(CredentialEdit {
            expires_in_days: "not read".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            change,
            CredentialChange {
                name: None,
                expires_in_days: None
            }
        );
        let named = CredentialChange::try_from(CredentialEdit {
            name: " CI key ".into(),
            change_expiry: true,
            expires_in_days: "30".into(),
        })
        .unwrap();
        assert_eq!(named.name.as_deref(), Some("CI key"));
        assert_eq!(named.expires_in_days, Some(30));
        let endless = CredentialChange::try_from(CredentialEdit {
            change_expiry: true,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(endless.expires_in_days, Some(0));
    }
}
