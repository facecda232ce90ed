//! `/verify-email`: with "Require email verification" on, a request reaches the admins only
//! after its address is confirmed through the e-mailed link.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};
use crate::mail_sink::{link_token, MailSink};

#[tokio::test]
async fn a_request_reaches_the_queue_only_once_the_email_is_confirmed() {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_verifying_with(&sink).await;
    let admin = app
        .sign_in("console", ADMIN_EMAIL, ADMIN_PASSWORD, None)
        .await
        .session
        .unwrap();

    let reply = app
        .sign_up("Ada", "ada@example.com", "a long password")
        .await;
    assert_eq!(
        reply.body,
        json!({"status": "pending", "confirm_email": true})
    );
    // The answer is the same for every address, so it signs no one in, and an unconfirmed
    // address cannot sign in either (else signing in would tell it was new).
    assert_eq!(reply.session, None);
    assert_eq!(
        app.sign_in("portal", "ada@example.com", "a long password", None)
            .await
            .body,
        json!("InvalidCredentials")
    );
    assert_eq!(
        app.call("developer_requests", &[], Some(&admin)).await.body["rows"],
        json!([])
    );

    let message = sink
        .wait_for(
            "ada@example.com",
            "Subject: Confirm your email for the developer portal",
        )
        .await;
    let token = link_token(&message);
    let reply = app.call("confirm_email", &[("token", &token)], None).await;
    assert_eq!(
        (reply.status, reply.body),
        (StatusCode::OK, json!("pending"))
    );
    let ada = app
        .sign_in("portal", "ada@example.com", "a long password", None)
        .await
        .session
        .unwrap();
    assert_eq!(app.viewer(&ada).await["Developer"]["email_verified"], true);
    let queue = app.call("developer_requests", &[], Some(&admin)).await.body["rows"].clone();
    assert_eq!(queue[0]["email"], "ada@example.com");
    // The admins hear of it only now.
    sink.wait_for(ADMIN_EMAIL, "Subject: New developer request: Ada")
        .await;

    let again = app.call("confirm_email", &[("token", &token)], None).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn with_auto_approve_the_confirmation_approves() {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_verifying_with(&sink).await;
    app.set_flag("auto_approve_developers", true).await;
    let reply = app
        .sign_up("Ada", "ada@example.com", "a long password")
        .await;
    assert_eq!(
        reply.body,
        json!({"status": "pending", "confirm_email": true})
    );
    let message = sink.wait_for("ada@example.com", "Confirm your email").await;
    let reply = app
        .call("confirm_email", &[("token", &link_token(&message))], None)
        .await;
    assert_eq!(reply.body, json!("approved"));
    assert_eq!(
        app.viewer(&reply_session(&app).await).await["Developer"]["status"],
        "approved"
    );
}

async fn reply_session(app: &TestApp) -> String {
    app.sign_in("portal", "ada@example.com", "a long password", None)
        .await
        .session
        .unwrap()
}

/// A confirmation link and a reset link (which also confirms the address) opened at once:
/// the request reaches the queue once, so the admins hear of it once.
#[tokio::test]
async fn two_links_opened_at_once_tell_the_admins_once() {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_verifying_with(&sink).await;
    app.sign_up("Ada", "ada@example.com", "a long password")
        .await;
    let confirm = link_token(
        &sink
            .wait_for(
                "ada@example.com",
                "Subject: Confirm your email for the developer portal",
            )
            .await,
    );
    app.call(
        "request_password_reset",
        &[("email", "ada@example.com")],
        None,
    )
    .await;
    let reset = link_token(
        &sink
            .wait_for(
                "ada@example.com",
                "Subject: Reset your developer portal password",
            )
            .await,
    );

    let confirm_args = [("token", confirm.as_str())];
    let reset_args = [
        ("token", reset.as_str()),
        ("new_password", "a new long password"),
    ];
    let (confirmed, was_reset) = tokio::join!(
        app.call("confirm_email", &confirm_args, None),
        app.call("reset_password", &reset_args, None),
    );
    assert_eq!(confirmed.status, StatusCode::OK);
    assert_eq!(was_reset.status, StatusCode::OK);
    assert_eq!(
        app.count_where("outbox", "subject = 'New developer request: Ada'")
            .await,
        1,
        "one notice to the one admin"
    );
    assert_eq!(
        app.count_where("outbox", "kind = 'developer.request_received'")
            .await,
        1,
        "one \"request received\" to the developer"
    );
}

/// How many confirmation links `recipient` has been sent so far (waiting for `expected`).
async fn confirmations_to(sink: &MailSink, recipient: &str, expected: usize) -> usize {
    let count = || {
        sink.messages()
            .iter()
            .filter(|m| {
                m.contains(&format!("To: {recipient}"))
                    && m.contains("Subject: Confirm your email for the developer portal")
            })
            .count()
    };
    for _ in 0..150 {
        if count() >= expected {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    count()
}

#[tokio::test]
async fn a_lost_confirmation_link_is_sent_again_and_the_admins_see_the_sign_up_unconfirmed() {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_verifying_with(&sink).await;
    let admin = app
        .sign_in("console", ADMIN_EMAIL, ADMIN_PASSWORD, None)
        .await
        .session
        .unwrap();
    app.sign_up("Ada", "ada@example.com", "a long password")
        .await;
    assert_eq!(confirmations_to(&sink, "ada@example.com", 1).await, 1);

    // The Developers page lists the sign-up as pending and unconfirmed.
    let listed = app
        .call(
            "list_developers",
            &[
                ("query[status]", "pending"),
                ("query[search]", "ada@"),
                ("query[sort]", "email"),
                ("query[descending]", "false"),
                ("query[after]", ""),
            ],
            Some(&admin),
        )
        .await
        .body;
    assert_eq!(listed["rows"][0]["email_confirmed"], json!(false));

    // Asking again: the same answer for any address; a new link only for the waiting one.
    let expected = json!("If this address is waiting for confirmation, a new link is on its way.");
    for address in ["ada@example.com", "nobody@example.com"] {
        let reply = app
            .call("resend_confirmation", &[("email", address)], None)
            .await;
        assert_eq!(
            (reply.status, reply.body),
            (StatusCode::OK, expected.clone())
        );
    }
    assert_eq!(confirmations_to(&sink, "ada@example.com", 2).await, 2);
    let bad = app
        .call("resend_confirmation", &[("email", "not an address")], None)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Signing up again with the address sends one too (at most one an hour that way).
    for _ in 0..2 {
        app.sign_up("Ada", "ada@example.com", "a long password")
            .await;
    }
    assert_eq!(confirmations_to(&sink, "ada@example.com", 3).await, 3);

    // The newest link confirms; a few an hour may be asked for, then "later".
    let newest = sink
        .messages()
        .into_iter()
        .rfind(|m| m.contains("To: ada@example.com") && m.contains("Confirm your email"))
        .unwrap();
    let reply = app
        .call("confirm_email", &[("token", &link_token(&newest))], None)
        .await;
    assert_eq!(reply.body, json!("pending"));
    for _ in 0..2 {
        app.call("resend_confirmation", &[("email", "ada@example.com")], None)
            .await;
    }
    let limited = app
        .call("resend_confirmation", &[("email", "ada@example.com")], None)
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    // Once confirmed, nothing more is sent.
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    assert_eq!(confirmations_to(&sink, "ada@example.com", 3).await, 3);
}
