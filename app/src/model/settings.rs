//! Portal settings the owner controls (SPEC §3, Console settings).

use serde::{Deserialize, Serialize};

use super::checkbox::checkbox;
use super::CredentialTypes;
use crate::error::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalSettings {
    /// New sign-ups are approved at once instead of waiting in the queue.
    pub auto_approve_developers: bool,
    /// Registrations with a service are approved at once instead of waiting in the queue.
    pub auto_approve_applications: bool,
    /// A rejected developer cannot be approved later (Konnect); off: they can (Kong EE).
    pub rejections_final: bool,
    /// A new sign-up confirms their email before the request reaches the admins.
    pub require_email_verification: bool,
    /// Anyone may read the catalog; off: only signed-in approved developers and admins.
    pub public_portal: bool,
    /// The credential types developers may create.
    pub credential_types: CredentialTypes,
    /// The longest a credential may live, in days; 0: no limit.
    pub max_credential_days: u32,
    /// How many days of hourly usage (requests by outcome) are kept for charts and exports.
    pub usage_retention_days: u32,
}

impl Default for PortalSettings {
    fn default() -> Self {
        Self {
            auto_approve_developers: false,
            auto_approve_applications: false,
            rejections_final: true,
            require_email_verification: true,
            public_portal: true,
            credential_types: CredentialTypes::default(),
            max_credential_days: 0,
            usage_retention_days: Self::DEFAULT_RETENTION_DAYS,
        }
    }
}

impl PortalSettings {
    /// The most anyone should set as a maximum lifetime: ten years.
    pub const MAX_LIFETIME_DAYS: u32 = 3650;
    /// Usage is kept 90 days unless the owner chooses otherwise, from 1 day to ten years.
    pub const DEFAULT_RETENTION_DAYS: u32 = 90;
    pub const MAX_RETENTION_DAYS: u32 = 3650;
}

/// A whole number of days from 1 to ten years.
pub fn parse_retention_days(value: &str) -> Result<u32, AppError> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|days| (1..=PortalSettings::MAX_RETENTION_DAYS).contains(days))
        .ok_or_else(|| {
            AppError::field(
                "usage_retention_days",
                "Enter a number of days from 1 to 3650.",
            )
        })
}

/// The settings form as a browser posts it: a checkbox is sent only when ticked, the
/// lifetime as typed. `PortalSettings::try_from` parses it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SettingsForm {
    #[serde(default, deserialize_with = "checkbox")]
    pub auto_approve_developers: bool,
    #[serde(default, deserialize_with = "checkbox")]
    pub auto_approve_applications: bool,
    #[serde(default, deserialize_with = "checkbox")]
    pub rejections_final: bool,
    #[serde(default, deserialize_with = "checkbox")]
    pub require_email_verification: bool,
    #[serde(default, deserialize_with = "checkbox")]
    pub public_portal: bool,
    /// Absent when every type is unticked.
    #[serde(default = "CredentialTypes::none")]
    pub credential_types: CredentialTypes,
    #[serde(default)]
    pub max_credential_days: String,
    /// Absent (a script written before the setting): the saved retention stays; the page
    /// that saves puts it back ([`SettingsForm::keeps_retention`]).
    #[serde(default)]
    pub usage_retention_days: Option<String>,
}

impl SettingsForm {
    /// Whether the form left the usage retention out: saving it keeps the saved one.
    pub fn keeps_retention(&self) -> bool {
        self.usage_retention_days.is_none()
    }
}

impl TryFrom<SettingsForm> for PortalSettings {
    type Error = AppError;

    fn try_from(form: SettingsForm) -> Result<Self, AppError> {
        let max_credential_days = form
            .max_credential_days
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|days| *days <= Self::MAX_LIFETIME_DAYS)
            .ok_or_else(|| {
                AppError::field(
                    "max_credential_days",
                    "Enter a number of days from 0 (no limit) to 3650.",
                )
            })?;
        let usage_retention_days = match &form.usage_retention_days {
            Some(days) => parse_retention_days(days)?,
            None => Self::DEFAULT_RETENTION_DAYS,
        };
        Ok(Self {
            auto_approve_developers: form.auto_approve_developers,
            auto_approve_applications: form.auto_approve_applications,
            rejections_final: form.rejections_final,
            require_email_verification: form.require_email_verification,
            public_portal: form.public_portal,
            credential_types: form.credential_types,
            max_credential_days,
            usage_retention_days,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lifetime_is_a_whole_number_of_days_within_ten_years() {
        let with_days = |days: &str| {
            PortalSettings::try_from(SettingsForm {
                max_credential_days: days.into(),
                usage_retention_days: Some("90".into()),
                ..SettingsForm::default()
            })
        };
        assert_eq!(with_days(" 90 ").unwrap().max_credential_days, 90);
        assert_eq!(with_days("0").unwrap().max_credential_days, 0);
        for bad in ["", "-1", "1.5", "3651", "ninety"] {
            let error = with_days(bad).unwrap_err();
            assert!(error.message_for("max_credential_days").is_some(), "{bad}");
        }
    }

    #[test]
    fn usage_is_kept_from_a_day_to_ten_years() {
        assert_eq!(parse_retention_days(" 30 ").unwrap(), 30);
        for bad in ["", "0", "-1", "2.5", "3651", "a year"] {
            let error = parse_retention_days(bad).unwrap_err();
            assert!(error.message_for("usage_retention_days").is_some(), "{bad}");
        }
    }

    #[test]
    fn unticked_boxes_are_off() {
        let form: SettingsForm = serde_json::from_str(
            r#"{"public_portal":"on","credential_types":{"jwt":"on"},"max_credential_days":"0"}"#,
        )
        .unwrap();
        assert!(form.keeps_retention());
        let settings = PortalSettings::try_from(form).unwrap();
        assert_eq!(
            settings.usage_retention_days, 90,
            "absent: the default, until saved"
        );
        assert!(settings.public_portal && !settings.rejections_final);
        assert!(settings.credential_types.jwt && !settings.credential_types.key_auth);
    }
}
