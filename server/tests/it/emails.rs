//! E-mail through the outbox: delivered over real SMTP, kept when there is no mail server.

use reqwest::StatusCode;

use crate::helpers::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};
use crate::mail_sink::MailSink;

async fn approve(app: &TestApp, admin: &str, developer_session: &str) {
    let id = app.viewer(developer_session).await["Developer"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let reply = app
        .call(
            "act_on_developer",
            &[
                ("developer_id", &id),
                ("action", "approve"),
                ("expected", "pending"),
            ],
            Some(admin),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn admins_hear_of_requests_and_developers_of_decisions_over_smtp() {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with(&[
        sink.setting(),
        ("GATEHOUSE_MAIL_FROM", "API team <api@example.com>"),
    ])
    .await;
    let ada = app
        .sign_up("Ada Lovelace", "ada@example.com", "a long password")
        .await
        .session
        .unwrap();
    let request = sink
        .wait_for(ADMIN_EMAIL, "Subject: New developer request: Ada Lovelace")
        .await;
    assert!(request.contains("/admin/requests"), "{request}");
    assert!(
        request.contains("From: \"API team\" <api@example.com>")
            || request.contains("From: API team <api@example.com>"),
        "{request}"
    );

    let admin = app
        .sign_in("console", ADMIN_EMAIL, ADMIN_PASSWORD, None)
        .await
        .session
        .unwrap();
    approve(&app, &admin, &ada).await;
    let approved = sink
        .wait_for(
            "ada@example.com",
            "Subject: Your developer account is approved",
        )
        .await;
    assert!(approved.contains("/login"), "{approved}");

    // The console's log shows both as sent.
    let log = app.call("recent_emails", &[], Some(&admin)).await.body;
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 3, "new request, request received, approved");
    assert!(log.iter().all(|m| m["sent_at"].is_string()), "{log:?}");
}

#[tokio::test]
async fn without_a_mail_server_messages_wait_in_the_outbox_and_the_console_shows_them() {
    let app = TestApp::spawn().await;
    let ada = app
        .sign_up("Ada", "ada@example.com", "a long password")
        .await
        .session
        .unwrap();
    let admin = app
        .sign_in("console", ADMIN_EMAIL, ADMIN_PASSWORD, None)
        .await
        .session
        .unwrap();
    approve(&app, &admin, &ada).await;
    let log = app.call("recent_emails", &[], Some(&admin)).await.body;
    let subjects: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        [
            "Your developer account is approved",
            "New developer request: Ada",
            "We received your developer account request"
        ]
    );
    assert!(log[0]["sent_at"].is_null());
    assert!(log[0]["body"]
        .as_str()
        .unwrap()
        .contains("http://127.0.0.1:9/login"));
    // Developers cannot read the outbox.
    assert_eq!(
        app.call("recent_emails", &[], Some(&ada)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_mail_server_that_is_down_loses_nothing() {
    // A port nobody listens on.
    let (name, value) = crate::mail_sink::unreachable_mail_setting();
    let app = TestApp::spawn_with(&[(name, &value)]).await;
    app.sign_up("Ada", "ada@example.com", "a long password")
        .await;
    let admin = app
        .sign_in("console", ADMIN_EMAIL, ADMIN_PASSWORD, None)
        .await
        .session
        .unwrap();
    let started = std::time::Instant::now();
    loop {
        let log = app.call("recent_emails", &[], Some(&admin)).await.body;
        let mail = &log[0];
        if mail["attempts"].as_i64().unwrap() >= 1 {
            assert!(mail["sent_at"].is_null());
            assert!(mail["last_error"].is_string(), "{mail}");
            break;
        }
        assert!(
            started.elapsed().as_secs() < 15,
            "no delivery attempt: {log}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
