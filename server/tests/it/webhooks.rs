//! Webhooks: the database queues one delivery per endpoint hearing an event's family, with
//! the event's audit entry; a receiver that cannot be reached leaves it waiting with the
//! reason; only owners change endpoints, and bad input names its field.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{Reply, TestApp};

/// Nothing listens here: every attempt fails at once.
const UNREACHABLE: &str = "http://127.0.0.1:9";

impl TestApp {
    async fn add_webhook(&self, admin: &str, url: &str, families: &[&str]) -> Reply {
        let mut form = vec![("webhook[url]".to_string(), url.to_string())];
        form.extend(
            families
                .iter()
                .map(|family| (format!("webhook[{family}]"), "on".to_string())),
        );
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.call("create_webhook", &form, Some(admin)).await
    }

    async fn webhooks(&self, admin: &str) -> Value {
        let listed = self.call("list_webhooks", &[], Some(admin)).await;
        assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
        listed.body
    }
}

#[tokio::test]
async fn an_event_is_queued_for_each_endpoint_hearing_its_family_and_waits_while_unreachable() {
    let app = TestApp::spawn().await;
    let owner = app.admin_session().await;
    let developers = app
        .add_webhook(&owner, &format!("{UNREACHABLE}/developers"), &["developer"])
        .await;
    assert_eq!(developers.status, StatusCode::OK, "{:?}", developers.body);
    assert!(developers.body["secret"]
        .as_str()
        .is_some_and(|secret| secret.starts_with("whsec_")));
    let credentials = app
        .add_webhook(
            &owner,
            &format!("{UNREACHABLE}/credentials"),
            &["credential"],
        )
        .await;
    assert_eq!(credentials.status, StatusCode::OK);
    let credentials_id = credentials.body["id"].as_str().unwrap().to_string();

    let (developer, _) = app.approved_developer("hooked@example.com", &owner).await;
    assert_eq!(
        app.count_where(
            "webhook_deliveries",
            "event_type IN ('developer.signed_up', 'developer.approved')"
        )
        .await,
        2
    );
    assert_eq!(
        app.count_where(
            "webhook_deliveries",
            &format!("endpoint_id = '{credentials_id}'")
        )
        .await,
        0,
        "the credentials endpoint hears no developer event"
    );
    assert_eq!(
        app.count_where("webhook_deliveries", "event_type = 'session.signed_in'")
            .await,
        0,
        "sign-ins stay in the audit log"
    );

    // The deliverer tries, fails, records why and schedules the next attempt.
    let mut waited = Duration::ZERO;
    let approved = loop {
        let overview = app.webhooks(&owner).await;
        let approved = overview["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["event_type"] == "developer.approved")
            .cloned()
            .expect("the approval is in the log");
        if approved["attempts"].as_i64() >= Some(1) {
            break approved;
        }
        assert!(waited < Duration::from_secs(20), "no attempt: {approved}");
        tokio::time::sleep(Duration::from_millis(200)).await;
        waited += Duration::from_millis(200);
    };
    assert_eq!(approved["state"], "pending");
    assert!(approved["last_error"].as_str().is_some());
    assert!(approved["next_attempt_at"].as_str().is_some());
    assert!(approved["message_id"]
        .as_str()
        .is_some_and(|id| id.starts_with("msg_")));
    let endpoints = app.webhooks(&owner).await["endpoints"].clone();
    assert_eq!(endpoints[0]["pending"], 2);
    assert!(app
        .audit_actions_for(&developer)
        .await
        .contains(&"developer.approved".to_string()));
}

#[tokio::test]
async fn only_owners_change_webhooks_and_bad_input_names_its_field() {
    let app = TestApp::spawn().await;
    let owner = app.admin_session().await;
    app.create_admin(
        "ops@example.com",
        "ops password 1",
        app::model::AdminRole::Admin,
    )
    .await;
    let ops = app
        .sign_in("console", "ops@example.com", "ops password 1", None)
        .await
        .session
        .unwrap();
    let refused = app
        .add_webhook(&ops, "https://hooks.example.com/in", &["developer"])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let bad = app
        .add_webhook(&owner, "ftp://hooks.example.com", &[])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = bad.body["Invalid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["url", "events"]);
    assert_eq!(app.count("webhook_endpoints").await, 0);

    let added = app
        .add_webhook(&owner, "https://hooks.example.com/in", &["service"])
        .await;
    assert_eq!(added.status, StatusCode::OK);
    let twice = app
        .add_webhook(&owner, "https://hooks.example.com/in", &["developer"])
        .await;
    assert_eq!(twice.body["Invalid"][0]["field"], "url");
    assert_eq!(app.count("webhook_endpoints").await, 1);

    let id = added.body["id"].as_str().unwrap();
    let test = app
        .call("send_test_webhook", &[("endpoint_id", id)], Some(&ops))
        .await;
    assert_eq!(test.status, StatusCode::FORBIDDEN);
    let test = app
        .call("send_test_webhook", &[("endpoint_id", id)], Some(&owner))
        .await;
    assert_eq!(test.status, StatusCode::OK, "{:?}", test.body);
    assert_eq!(app.count("webhook_deliveries").await, 1);
    if !crate::helpers::on_workers() {
        // The housekeeping forgets only deliveries finished 30 days ago.
        let forgotten = app.store().delete_old_webhook_deliveries().await.unwrap();
        assert_eq!(forgotten, 0);
        assert_eq!(app.count("webhook_deliveries").await, 1);
    }
    // The admin reads the log even so.
    assert_eq!(
        app.webhooks(&ops).await["endpoints"][0]["url"],
        "https://hooks.example.com/in"
    );

    let removed = app
        .call("delete_webhook", &[("endpoint_id", id)], Some(&owner))
        .await;
    assert_eq!(removed.status, StatusCode::OK);
    assert_eq!(app.count("webhook_endpoints").await, 0);
    assert_eq!(app.count("webhook_deliveries").await, 0);
    let again = app
        .call("delete_webhook", &[("endpoint_id", id)], Some(&owner))
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.audit_actions_for(id).await,
        ["webhook.deleted", "webhook.created"]
    );
}
