//! `/settings`: a developer's own name, email, password and account deletion.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};
use crate::mail_sink::{link_token, MailSink};

const PASSWORD: &str = "analytical engine";

#[tokio::test]
async fn a_developer_renames_themselves() {
    let app = TestApp::spawn().await;
    let ada = app
        .sign_up("Ada", "ada@example.com", PASSWORD)
        .await
        .session
        .unwrap();
    let reply = app
        .call("change_name", &[("full_name", "Ada King")], Some(&ada))
        .await;
    assert_eq!(
        (reply.status, reply.body),
        (StatusCode::OK, json!("Name saved"))
    );
    assert_eq!(app.viewer(&ada).await["Developer"]["full_name"], "Ada King");
    let reply = app
        .call("change_name", &[("full_name", " ")], Some(&ada))
        .await;
    assert_eq!(reply.body["Invalid"][0]["field"], "full_name");
}

#[tokio::test]
async fn changing_the_email_needs_the_current_password_and_a_free_address() {
    let app = TestApp::spawn().await;
    let ada = app
        .sign_up("Ada", "ada@example.com", PASSWORD)
        .await
        .session
        .unwrap();
    app.sign_up("Bob", "bob@example.com", PASSWORD).await;
    let wrong = app
        .call(
            "change_email",
            &[
                ("email", "ada@new.example"),
                ("current_password", "not it at all"),
            ],
            Some(&ada),
        )
        .await;
    assert_eq!(
        wrong.body,
        json!({"Invalid": [{"field": "current_password", "message": "That is not your current password."}]})
    );
    let taken = app
        .call(
            "change_email",
            &[("email", "BOB@example.com"), ("current_password", PASSWORD)],
            Some(&ada),
        )
        .await;
    // Answered as any request, so the form tells nothing of which addresses have accounts.
    assert_eq!(
        (taken.status, taken.body),
        (
            StatusCode::OK,
            json!("We sent a confirmation link to BOB@example.com. Your email changes when you open it.")
        )
    );
    assert_eq!(app.count("email_changes").await, 0);
    assert_eq!(
        app.viewer(&ada).await["Developer"]["email"],
        "ada@example.com"
    );
    let asked = app
        .call(
            "change_email",
            &[("email", "ada@new.example"), ("current_password", PASSWORD)],
            Some(&ada),
        )
        .await;
    assert_eq!(
        (asked.status, asked.body),
        (
            StatusCode::OK,
            json!("We sent a confirmation link to ada@new.example. Your email changes when you open it.")
        )
    );
    // Nothing changes until the new address is confirmed.
    assert_eq!(
        app.viewer(&ada).await["Developer"]["email"],
        "ada@example.com"
    );
}

#[tokio::test]
async fn a_new_email_counts_only_once_confirmed_and_the_old_address_is_told() {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with(&[sink.setting()]).await;
    let admin = app.admin_session().await;
    let (_, ada) = app.approved_developer("ada@example.com", &admin).await;
    let asked = app
        .call(
            "change_email",
            &[
                ("email", "ada@new.example"),
                ("current_password", "a long password"),
            ],
            Some(&ada),
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{:?}", asked.body);
    let told = sink
        .wait_for(
            "ada@example.com",
            "Subject: A change of your developer portal email was requested",
        )
        .await;
    assert!(told.contains("ada@new.example"), "{told}");
    assert!(!told.contains("token="), "the old address gets no link");
    let message = sink
        .wait_for("ada@new.example", "Subject: Confirm your new email")
        .await;
    let token = link_token(&message);
    assert_eq!(
        app.sign_in("portal", "ada@new.example", "a long password", None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let bad = app
        .call("confirm_email_change", &[("token", "not-a-token")], None)
        .await;
    assert_eq!(bad.status, StatusCode::FORBIDDEN);
    let done = app
        .call("confirm_email_change", &[("token", &token)], None)
        .await;
    assert_eq!(
        (done.status, done.body),
        (StatusCode::OK, json!("Your email is now ada@new.example."))
    );
    assert_eq!(
        app.viewer(&ada).await["Developer"]["email"],
        "ada@new.example"
    );
    assert_eq!(
        app.sign_in("portal", "ada@new.example", "a long password", None)
            .await
            .status,
        StatusCode::OK
    );
    let again = app
        .call("confirm_email_change", &[("token", &token)], None)
        .await;
    assert_eq!(again.status, StatusCode::FORBIDDEN, "the link works once");
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions_only() {
    let app = TestApp::spawn().await;
    let here = app
        .sign_up("Ada", "ada@example.com", PASSWORD)
        .await
        .session
        .unwrap();
    let elsewhere = app
        .sign_in("portal", "ada@example.com", PASSWORD, None)
        .await
        .session
        .unwrap();
    let reply = app
        .call(
            "change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "difference engine"),
            ],
            Some(&here),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        app.viewer(&here).await["Developer"]["email"],
        "ada@example.com"
    );
    assert_eq!(app.viewer(&elsewhere).await, json!("Anonymous"));
    assert_eq!(
        app.sign_in("portal", "ada@example.com", PASSWORD, None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.sign_in("portal", "ada@example.com", "difference engine", None)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn deleting_ones_own_account_removes_it_and_every_session_at_once() {
    let app = TestApp::spawn().await;
    let here = app
        .sign_up("Ada", "ada@example.com", PASSWORD)
        .await
        .session
        .unwrap();
    let elsewhere = app
        .sign_in("portal", "ada@example.com", PASSWORD, None)
        .await
        .session
        .unwrap();
    let reply = app.call("delete_account", &[], Some(&here)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.session.as_deref(), Some(""));
    assert_eq!(app.viewer(&elsewhere).await, json!("Anonymous"));
    assert_eq!(app.developer_count().await, 0);
    assert_eq!(
        app.sign_up("Ada", "ada@example.com", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_rejected_developer_cannot_free_their_email_by_deleting_themselves() {
    let app = TestApp::spawn().await;
    let bob = app
        .sign_up("Bob", "bob@example.com", PASSWORD)
        .await
        .session
        .unwrap();
    let id = app.viewer(&bob).await["Developer"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let admin = app
        .sign_in("console", ADMIN_EMAIL, ADMIN_PASSWORD, None)
        .await
        .session
        .unwrap();
    app.call(
        "act_on_developer",
        &[
            ("developer_id", &id),
            ("action", "reject"),
            ("expected", "pending"),
        ],
        Some(&admin),
    )
    .await;
    let reply = app.call("delete_account", &[], Some(&bob)).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(app.developer_count().await, 1);
}
