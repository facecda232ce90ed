//! `/login`, `/admin/login` and sign-out → the `sign_in` and `sign_out` server functions.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

const EMAIL: &str = "ada@example.com";
const PASSWORD: &str = "analytical engine";

#[tokio::test]
async fn a_developer_signs_in_with_the_right_password() {
    let app = TestApp::spawn().await;
    app.sign_up("Ada", EMAIL, PASSWORD).await;
    let reply = app
        .sign_in("portal", "ADA@example.com", PASSWORD, None)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["Developer"]["email"], EMAIL);
    assert!(reply.session.is_some());
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = TestApp::spawn().await;
    app.sign_up("Ada", EMAIL, PASSWORD).await;
    let wrong = app.sign_in("portal", EMAIL, "not the password", None).await;
    let unknown = app
        .sign_in("portal", "nobody@example.com", PASSWORD, None)
        .await;
    let malformed = app.sign_in("portal", "nobody", PASSWORD, None).await;
    for reply in [wrong, unknown, malformed] {
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.body, json!("InvalidCredentials"));
        assert!(reply.session.is_none());
    }
}

#[tokio::test]
async fn sign_in_attempts_are_limited_per_address_and_account() {
    let app = TestApp::spawn_with(&[("GATEHOUSE_SIGN_IN_ATTEMPTS_PER_MINUTE", "3")]).await;
    app.sign_up("Ada", EMAIL, PASSWORD).await;
    for _ in 0..3 {
        let reply = app
            .sign_in("portal", EMAIL, "guess guess guess", None)
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now.
    let reply = app.sign_in("portal", EMAIL, PASSWORD, None).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(reply.session.is_none());
    // Another account from the same address is not locked out.
    let reply = app
        .sign_in("console", ADMIN_EMAIL, ADMIN_PASSWORD, None)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn developers_cannot_sign_in_to_the_console_nor_admins_to_the_portal() {
    let app = TestApp::spawn().await;
    app.sign_up("Ada", EMAIL, PASSWORD).await;
    let reply = app.sign_in("console", EMAIL, PASSWORD, None).await;
    assert_eq!(reply.body, json!("InvalidCredentials"));
    let reply = app
        .sign_in("portal", ADMIN_EMAIL, ADMIN_PASSWORD, None)
        .await;
    assert_eq!(reply.body, json!("InvalidCredentials"));
    let reply = app
        .sign_in("console", ADMIN_EMAIL, ADMIN_PASSWORD, None)
        .await;
    assert_eq!(reply.body["Admin"]["role"], "owner");
}

#[tokio::test]
async fn signing_in_rotates_the_session_id() {
    let app = TestApp::spawn().await;
    let first = app.sign_up("Ada", EMAIL, PASSWORD).await.session.unwrap();
    let second = app
        .sign_in("portal", EMAIL, PASSWORD, Some(&first))
        .await
        .session
        .unwrap();
    assert_ne!(first, second);
    assert_eq!(app.viewer(&first).await, json!("Anonymous"));
    assert_eq!(app.viewer(&second).await["Developer"]["email"], EMAIL);
}

#[tokio::test]
async fn signing_out_ends_the_session_and_clears_the_cookie() {
    let app = TestApp::spawn().await;
    let session = app.sign_up("Ada", EMAIL, PASSWORD).await.session.unwrap();
    let reply = app.call("sign_out", &[], Some(&session)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.session.as_deref(), Some(""));
    assert_eq!(app.viewer(&session).await, json!("Anonymous"));
}

#[tokio::test]
async fn the_console_queue_needs_an_admin_session() {
    let app = TestApp::spawn().await;
    let developer = app.sign_up("Ada", EMAIL, PASSWORD).await.session.unwrap();
    let reply = app.call("developer_requests", &[], Some(&developer)).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let admin = app
        .sign_in("console", ADMIN_EMAIL, ADMIN_PASSWORD, None)
        .await
        .session
        .unwrap();
    let reply = app.call("developer_requests", &[], Some(&admin)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["rows"][0]["email"], EMAIL);
}
