//! `/forgot-password`, `/reset-password` and the console's invitations, through real SMTP.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};
use crate::mail_sink::{link_token, MailSink};

const ASKED: &str = "If an account exists for this email, we have sent it a link to choose a new password. The link works once, for one hour.";

#[tokio::test]
async fn a_reset_link_changes_the_password_once_and_ends_every_session() {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with(&[sink.setting()]).await;
    let session = app
        .sign_up("Ada", "ada@example.com", "old long password")
        .await
        .session
        .unwrap();

    let reply = app
        .call(
            "request_password_reset",
            &[("email", "ADA@example.com")],
            None,
        )
        .await;
    assert_eq!(reply.body, json!(ASKED));
    let message = sink
        .wait_for(
            "ada@example.com",
            "Subject: Reset your developer portal password",
        )
        .await;
    let token = link_token(&message);
    assert_eq!(token.len(), 43, "{message}");

    let weak = app
        .call(
            "reset_password",
            &[("token", &token), ("new_password", "short")],
            None,
        )
        .await;
    assert_eq!(weak.body["Invalid"][0]["field"], "new_password");
    let reply = app
        .call(
            "reset_password",
            &[("token", &token), ("new_password", "new long password")],
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(app.viewer(&session).await, json!("Anonymous"));
    assert_eq!(
        app.sign_in("portal", "ada@example.com", "new long password", None)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.sign_in("portal", "ada@example.com", "old long password", None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    let again = app
        .call(
            "reset_password",
            &[("token", &token), ("new_password", "third long password")],
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
    let forged = app
        .call(
            "reset_password",
            &[
                ("token", "made-up"),
                ("new_password", "third long password"),
            ],
            None,
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn asking_for_an_unknown_email_looks_the_same_and_sends_nothing() {
    let app = TestApp::spawn().await;
    let reply = app
        .call(
            "request_password_reset",
            &[("email", "nobody@example.com")],
            None,
        )
        .await;
    assert_eq!((reply.status, reply.body), (StatusCode::OK, json!(ASKED)));
    let admin = app
        .sign_in("console", ADMIN_EMAIL, ADMIN_PASSWORD, None)
        .await
        .session
        .unwrap();
    let log = app.call("recent_emails", &[], Some(&admin)).await.body;
    assert_eq!(log, json!([]));
}

#[tokio::test]
async fn invitations_name_each_bad_address_and_mail_a_prefilled_sign_up_link() {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with(&[sink.setting()]).await;
    let admin = app
        .sign_in("console", ADMIN_EMAIL, ADMIN_PASSWORD, None)
        .await
        .session
        .unwrap();
    let bad = app
        .call(
            "invite_developers",
            &[("emails", "ada@example.com, nope")],
            Some(&admin),
        )
        .await;
    assert_eq!(
        bad.body,
        json!({"Invalid": [{"field": "emails", "message": "\u{201c}nope\u{201d} is not an email address."}]})
    );
    assert_eq!(
        app.call("recent_emails", &[], Some(&admin)).await.body,
        json!([])
    );

    let reply = app
        .call(
            "invite_developers",
            &[("emails", "ada@example.com, bob+api@example.com")],
            Some(&admin),
        )
        .await;
    assert_eq!(
        reply.body,
        json!({"count": 2, "mailto": "mailto:?bcc=ada@example.com,bob+api@example.com"})
    );
    let message = sink
        .wait_for(
            "bob+api@example.com",
            "Subject: You are invited to our developer portal",
        )
        .await;
    assert!(
        message.contains("/signup?email=bob%2Bapi%40example.com"),
        "{message}"
    );
}

#[tokio::test]
async fn a_viewer_cannot_invite() {
    let app = TestApp::spawn().await;
    app.create_admin(
        "viewer@example.com",
        "viewer password",
        app::model::AdminRole::Viewer,
    )
    .await;
    let viewer = app
        .sign_in("console", "viewer@example.com", "viewer password", None)
        .await
        .session
        .unwrap();
    let reply = app
        .call(
            "invite_developers",
            &[("emails", "ada@example.com")],
            Some(&viewer),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}
