//! Webhooks: the endpoints an owner registers, the event families each one hears, and the
//! delivery log the console shows.

use serde::{Deserialize, Serialize};

use super::checkbox::checkbox;
use crate::error::AppError;

/// A family of events an endpoint may subscribe to; an event's type begins with its family
/// (`developer.approved` is a `developer` event).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventFamily {
    Developer,
    Application,
    Registration,
    Credential,
    Service,
}

impl EventFamily {
    pub const ALL: [EventFamily; 5] = [
        EventFamily::Developer,
        EventFamily::Application,
        EventFamily::Registration,
        EventFamily::Credential,
        EventFamily::Service,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Developer => "developer",
            Self::Application => "application",
            Self::Registration => "registration",
            Self::Credential => "credential",
            Self::Service => "service",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|family| family.as_str() == value)
    }

    /// What the console's form says of the family.
    pub fn description(self) -> &'static str {
        match self {
            Self::Developer => {
                "Developers: signed up, invited, confirmed, approved, rejected, revoked, deleted"
            }
            Self::Application => "Applications: created, updated, deleted",
            Self::Registration => {
                "Registrations: requested, approved (also automatically), rejected, revoked, deleted, plan changed"
            }
            Self::Credential => "Credentials: issued, rolled, edited, revoked",
            Self::Service => "Services: created, updated, published, unpublished, plans changed",
        }
    }
}

/// The stored form of `families`: `,developer,credential,`, so a family is found by
/// looking for `,family,`.
pub fn format_families(families: &[EventFamily]) -> String {
    let names: Vec<&str> = families.iter().map(|family| family.as_str()).collect();
    format!(",{},", names.join(","))
}

/// The families of a stored endpoint, known ones only.
pub fn parse_families(stored: &str) -> Vec<EventFamily> {
    let mut families: Vec<EventFamily> = stored.split(',').filter_map(EventFamily::parse).collect();
    families.sort();
    families.dedup();
    families
}

/// Where deliveries go: an absolute `http` or `https` URL with a host, at most 2,000
/// characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookUrl(String);

impl WebhookUrl {
    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.trim();
        if value.is_empty() {
            return Err(
                "Give the URL deliveries are posted to, e.g. https://hooks.example.com/gatehouse."
                    .into(),
            );
        }
        if value.len() > 2000 {
            return Err("Keep the URL to 2,000 characters or fewer.".into());
        }
        let rest = value
            .strip_prefix("https://")
            .or_else(|| value.strip_prefix("http://"));
        let Some(rest) = rest else {
            return Err("Use an http:// or https:// URL.".into());
        };
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
        if host.is_empty() || host.starts_with(':') {
            return Err("The URL needs a host after the scheme.".into());
        }
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("A URL cannot contain spaces.".into());
        }
        Ok(Self(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The console's "Add an endpoint" form as a browser posts it (a family only when ticked).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WebhookForm {
    #[serde(default)]
    pub url: String,
    #[serde(default, deserialize_with = "checkbox")]
    pub developer: bool,
    #[serde(default, deserialize_with = "checkbox")]
    pub application: bool,
    #[serde(default, deserialize_with = "checkbox")]
    pub registration: bool,
    #[serde(default, deserialize_with = "checkbox")]
    pub credential: bool,
    #[serde(default, deserialize_with = "checkbox")]
    pub service: bool,
}

impl WebhookForm {
    /// The URL and the ticked families, or every field's message.
    pub fn parse(&self) -> Result<(WebhookUrl, Vec<EventFamily>), AppError> {
        let families: Vec<EventFamily> = [
            (self.developer, EventFamily::Developer),
            (self.application, EventFamily::Application),
            (self.registration, EventFamily::Registration),
            (self.credential, EventFamily::Credential),
            (self.service, EventFamily::Service),
        ]
        .into_iter()
        .filter_map(|(ticked, family)| ticked.then_some(family))
        .collect();
        let chosen = if families.is_empty() {
            Err(("events", "Choose at least one kind of event.".to_string()))
        } else {
            Ok(families)
        };
        AppError::collect(WebhookUrl::parse(&self.url).map_err(|m| ("url", m)), chosen)
    }
}

/// A registered endpoint as the console lists it (never its secret).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WebhookEndpoint {
    pub id: String,
    pub url: String,
    pub families: Vec<EventFamily>,
    pub created_at: String,
    /// Deliveries waiting for their first or next attempt.
    pub pending: i64,
    /// Deliveries given up on after every retry.
    pub failed: i64,
}

/// A new endpoint, with its signing secret (in this answer only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewWebhook {
    pub id: String,
    pub url: String,
    /// `whsec_` and the key in base64, as the Standard Webhooks libraries take it.
    pub secret: String,
}

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Not yet answered with a 2xx: waiting for its next attempt.
    Pending,
    Delivered,
    /// Every retry failed; "Redeliver" tries again.
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
        }
    }
}

/// One event sent (or to be sent) to one endpoint: a line of the delivery log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WebhookDelivery {
    pub id: i64,
    /// The `webhook-id` header: the same on every attempt, for the receiver to deduplicate.
    pub message_id: String,
    pub endpoint_id: String,
    pub endpoint_url: String,
    /// E.g. `developer.approved`, or `webhook.test`.
    pub event_type: String,
    pub created_at: String,
    pub state: DeliveryState,
    pub attempts: i64,
    /// The receiver's status code at the last attempt, when it answered.
    pub last_status: Option<i64>,
    /// Why the last attempt failed, when it did.
    pub last_error: Option<String>,
    pub delivered_at: Option<String>,
    pub next_attempt_at: Option<String>,
}

/// The console's Webhooks page: the endpoints and the newest deliveries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WebhookOverview {
    pub endpoints: Vec<WebhookEndpoint>,
    pub deliveries: Vec<WebhookDelivery>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_need_a_scheme_and_a_host() {
        assert!(WebhookUrl::parse("https://hooks.example.com/in").is_ok());
        assert!(WebhookUrl::parse("http://127.0.0.1:9000").is_ok());
        assert!(WebhookUrl::parse("ftp://example.com").is_err());
        assert!(WebhookUrl::parse("https:///path").is_err());
        assert!(WebhookUrl::parse("https://:80/").is_err());
        assert!(WebhookUrl::parse("https://a.example/with space").is_err());
        assert!(WebhookUrl::parse("").is_err());
    }

    #[test]
    fn families_round_trip_through_their_stored_form() {
        let families = vec![EventFamily::Developer, EventFamily::Credential];
        let stored = format_families(&families);
        assert_eq!(stored, ",developer,credential,");
        assert_eq!(parse_families(&stored), families);
    }

    #[test]
    fn the_form_names_every_wrong_field() {
        let form = WebhookForm::default();
        let Err(AppError::Invalid(fields)) = form.parse() else {
            panic!("an empty form is refused");
        };
        assert_eq!(fields.len(), 2);
    }
}
