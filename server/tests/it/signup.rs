//! `/signup` → the `sign_up` server function.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test]
async fn signing_up_creates_a_pending_developer_who_is_signed_in() {
    let app = TestApp::spawn().await;
    let reply = app
        .sign_up("Ada Lovelace", "Ada@Example.com", "analytical engine")
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.body,
        json!({"status": "pending", "confirm_email": false})
    );
    let session = reply.session.expect("a session cookie");
    let viewer = app.viewer(&session).await;
    assert_eq!(viewer["Developer"]["status"], "pending");
    assert_eq!(viewer["Developer"]["email"], "Ada@Example.com");
    assert_eq!(viewer["Developer"]["full_name"], "Ada Lovelace");
}

#[tokio::test]
async fn with_auto_approve_on_a_new_developer_is_approved_at_once() {
    let app = TestApp::spawn().await;
    app.set_flag("auto_approve_developers", true).await;
    let reply = app
        .sign_up("Grace Hopper", "grace@example.com", "compilers rule")
        .await;
    assert_eq!(
        reply.body,
        json!({"status": "approved", "confirm_email": false})
    );
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_creates_nothing() {
    let app = TestApp::spawn().await;
    let reply = app.sign_up("  ", "not-an-email", "short").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.body,
        json!({"Invalid": [
            {"field": "full_name", "message": "Enter your full name."},
            {"field": "email", "message": "Enter an email address like name@example.com."},
            {"field": "password", "message": "Use at least 10 characters."}
        ]})
    );
    assert!(reply.session.is_none());
    assert_eq!(app.developer_count().await, 0);
}

#[tokio::test]
async fn a_registered_email_is_refused_whatever_its_case() {
    let app = TestApp::spawn().await;
    app.sign_up("Ada", "ada@example.com", "analytical engine")
        .await;
    let reply = app
        .sign_up("Other Ada", "ADA@example.COM", "another password")
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.body,
        json!({"Invalid": [{"field": "email", "message": "This email is already registered. Sign in instead, or use a different email."}]})
    );
    assert_eq!(app.developer_count().await, 1);
}

#[tokio::test]
async fn a_huge_password_is_refused_without_hashing_it() {
    let app = TestApp::spawn().await;
    let huge = "x".repeat(100_000);
    let reply = app.sign_up("Ada", "ada@example.com", &huge).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.body["Invalid"][0]["message"],
        "Use at most 128 characters."
    );
}

#[tokio::test]
async fn sign_ups_are_rate_limited_per_address() {
    let app = TestApp::spawn_with(&[("GATEHOUSE_SIGN_UPS_PER_HOUR", "2")]).await;
    for n in 0..2 {
        let reply = app
            .sign_up("Dev", &format!("dev{n}@example.com"), "a long password")
            .await;
        assert_eq!(reply.status, StatusCode::OK);
    }
    let reply = app
        .sign_up("Dev", "dev9@example.com", "a long password")
        .await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        reply.body["RateLimited"]["retry_after_secs"]
            .as_u64()
            .unwrap()
            >= 1
    );
    assert_eq!(app.developer_count().await, 2);
}
