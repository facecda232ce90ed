//! `/admin/requests`: the queues of developers and registrations waiting for a decision, a
//! page at a time, searchable, with unconfirmed sign-ups left out.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;

async fn queue(app: &TestApp, admin: &str, function: &str, search: &str, after: &str) -> Value {
    let reply = app
        .call(
            function,
            &[("query[search]", search), ("query[after]", after)],
            Some(admin),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

fn emails(page: &Value, field: &str) -> Vec<String> {
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[field].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_developer_queue_pages_searches_and_leaves_out_unconfirmed_sign_ups() {
    let app = TestApp::spawn_with(&[("GATEHOUSE_SIGN_UPS_PER_HOUR", "1000")]).await;
    let admin = app.admin_session().await;
    for n in 0..53 {
        let name = if n == 7 {
            "Zoë Quinn".to_string()
        } else {
            format!("Dev {n:02}")
        };
        app.sign_up(&name, &format!("dev{n:02}@example.com"), "a long password")
            .await;
    }
    // Sign-ups that never confirm their address are not requests.
    app.set_flag("require_email_verification", true).await;
    for n in 0..3 {
        app.sign_up("Bot", &format!("bot{n}@example.com"), "a long password")
            .await;
    }

    let first = queue(&app, &admin, "developer_requests", "", "").await;
    assert_eq!(first["count"], json!({ "counted": 53, "more": false }));
    let shown = emails(&first, "email");
    assert_eq!(shown.len(), 50);
    assert_eq!(shown[0], "dev00@example.com", "oldest first");
    assert!(shown.iter().all(|email| !email.starts_with("bot")));
    let next = first["next"].as_str().expect("a next page").to_string();
    let second = queue(&app, &admin, "developer_requests", "", &next).await;
    assert_eq!(
        emails(&second, "email"),
        [
            "dev50@example.com",
            "dev51@example.com",
            "dev52@example.com"
        ]
    );
    assert_eq!(second["next"], Value::Null);

    // By the start of the email or of the name, whatever the case.
    let by_email = queue(&app, &admin, "developer_requests", "DEV1", "").await;
    assert_eq!(by_email["count"]["counted"], 10);
    assert_eq!(emails(&by_email, "email")[0], "dev10@example.com");
    let by_name = queue(&app, &admin, "developer_requests", "zoë", "").await;
    assert_eq!(emails(&by_name, "email"), ["dev07@example.com"]);
    let none = queue(&app, &admin, "developer_requests", "bot", "").await;
    assert_eq!(none["rows"], json!([]));
    assert_eq!(none["count"]["counted"], 0);

    // A made-up position starts at the beginning instead of failing.
    let garbage = queue(&app, &admin, "developer_requests", "", "not a position").await;
    assert_eq!(emails(&garbage, "email")[0], "dev00@example.com");
}

#[tokio::test]
async fn the_registration_queue_searches_applications_and_developers() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let service = app.service(&admin, "Petstore", "/petstore", "").await;
    for (email, application) in [
        ("ada@example.com", "Billing"),
        ("grace@example.com", "Analytics"),
    ] {
        let (_, developer) = app.approved_developer(email, &admin).await;
        let id = app.application(&developer, application).await;
        let registered = app
            .call(
                "register_application",
                &[
                    ("application_id", id.as_str()),
                    ("service_id", service.as_str()),
                ],
                Some(&developer),
            )
            .await;
        assert_eq!(registered.status, StatusCode::OK, "{}", registered.body);
    }
    let all = queue(&app, &admin, "registration_requests", "", "").await;
    assert_eq!(
        emails(&all, "developer_email"),
        ["ada@example.com", "grace@example.com"]
    );
    assert_eq!(all["count"]["counted"], 2);
    let by_application = queue(&app, &admin, "registration_requests", "analy", "").await;
    assert_eq!(
        emails(&by_application, "developer_email"),
        ["grace@example.com"]
    );
    let by_developer = queue(&app, &admin, "registration_requests", "ADA@", "").await;
    assert_eq!(emails(&by_developer, "application_name"), ["Billing"]);
    // The queue without arguments is its first page (as older clients call it).
    let bare = app
        .call("registration_requests", &[], Some(&admin))
        .await
        .body;
    assert_eq!(bare["rows"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_broad_search_of_a_long_queue_pages_in_request_order() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    // 20,000 developers, 2,000 of them confirmed and waiting: more than the count's cap.
    app.fill_developers(20_000).await;
    let first = queue(&app, &admin, "developer_requests", "USER0", "").await;
    assert_eq!(first["count"], json!({ "counted": 1_000, "more": true }));
    let shown = emails(&first, "email");
    assert_eq!(shown.len(), 50);
    // Oldest first, as without a search: every 20th developer's positions 12 and 13 wait
    // (14–17 are pending too, but never confirmed their address).
    assert_eq!(
        shown[..4],
        [
            "user0000012@example.com",
            "user0000013@example.com",
            "user0000032@example.com",
            "user0000033@example.com"
        ]
    );
    let second = queue(
        &app,
        &admin,
        "developer_requests",
        "user0",
        first["next"].as_str().unwrap(),
    )
    .await;
    let more = emails(&second, "email");
    assert_eq!(more.len(), 50);
    assert!(
        more[0] > shown[49],
        "the next page continues where the first ended"
    );

    // A narrower search is counted exactly.
    let narrow = queue(&app, &admin, "developer_requests", "user0001", "").await;
    assert_eq!(narrow["count"], json!({ "counted": 100, "more": false }));
    assert_eq!(emails(&narrow, "email")[0], "user0001012@example.com");
}
