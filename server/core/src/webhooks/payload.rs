//! What a webhook carries: the JSON body (`type`, `timestamp`, `data`) and the Standard
//! Webhooks headers that sign it (`webhook-id`, `webhook-timestamp`, `webhook-signature`).

use base64::{engine::general_purpose::STANDARD, Engine};
use rand::{rngs::OsRng, RngCore};
use serde_json::{json, Value};

use crate::store::{rfc3339, OutgoingWebhook};

/// A new signing secret: `whsec_` and 24 random bytes in base64, the form every Standard
/// Webhooks library takes.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 24];
    OsRng.fill_bytes(&mut bytes);
    format!("whsec_{}", STANDARD.encode(bytes))
}

/// The body of a delivery: the event's type and time, who did it, and to what.
pub fn payload(delivery: &OutgoingWebhook) -> Value {
    match &delivery.event {
        Some(event) => json!({
            "type": delivery.event_type,
            "timestamp": rfc3339(event.at),
            "data": {
                "actor": {
                    "kind": event.actor_kind,
                    "id": event.actor_id,
                    "label": event.actor_label,
                },
                "target": {
                    "kind": event.target_kind,
                    "id": event.target_id,
                    "label": event.target_label,
                },
                "detail": event
                    .detail
                    .as_deref()
                    .and_then(|detail| serde_json::from_str::<Value>(detail).ok()),
            },
        }),
        None => json!({
            "type": delivery.event_type,
            "timestamp": rfc3339(delivery.created_at),
            "data": {
                "endpoint_id": delivery.endpoint_id,
                "message": "A test event from Gatehouse: this endpoint receives and verifies deliveries.",
            },
        }),
    }
}

/// The headers of one attempt, signed with `secret` at `timestamp` (seconds).
pub fn signed_headers(
    secret: &str,
    message_id: &str,
    timestamp: i64,
    body: &str,
) -> Result<Vec<(&'static str, String)>, String> {
    let signature = standardwebhooks::Webhook::new(secret)
        .and_then(|hook| hook.sign(message_id, timestamp, body.as_bytes()))
        .map_err(|error| format!("signing: {error}"))?;
    Ok(vec![
        ("content-type", "application/json".to_string()),
        ("user-agent", "Gatehouse-Webhooks/1".to_string()),
        ("webhook-id", message_id.to_string()),
        ("webhook-timestamp", timestamp.to_string()),
        ("webhook-signature", signature),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_with_the_reference_library() {
        let secret = new_secret();
        let body = r#"{"type":"webhook.test"}"#;
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let headers = signed_headers(&secret, "msg_1", now, body).expect("signed");
        let mut map = http::HeaderMap::new();
        for (name, value) in headers {
            map.insert(name, value.parse().expect("a header value"));
        }
        let hook = standardwebhooks::Webhook::new(&secret).expect("a secret");
        assert!(hook.verify(body.as_bytes(), &map).is_ok());
        assert!(hook.verify(b"{\"type\":\"forged\"}", &map).is_err());
    }
}
