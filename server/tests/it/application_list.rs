//! `/admin/applications`: every application with its developer, registrations and
//! credentials, newest first, a page at a time, searchable and filtered by status.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;

async fn list(app: &TestApp, admin: &str, form: &[(&str, &str)]) -> Value {
    let reply = app.call("list_applications", form, Some(admin)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

fn names(page: &Value) -> Vec<String> {
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_console_lists_applications_with_their_developer_registrations_and_credentials() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let service = app.service(&admin, "Petstore", "/pets", "").await;
    let (_, ada) = app.approved_developer("ada@example.com", &admin).await;
    let (bob_id, bob) = app.approved_developer("bob@example.com", &admin).await;
    let billing = app.application(&ada, "Billing").await;
    app.application(&ada, "Reports").await;
    let shipping = app.application(&bob, "Shipping").await;
    let weather = app.service(&admin, "Weather", "/weather", "").await;
    for service in [&service, &weather] {
        app.call(
            "register_application",
            &[("application_id", &shipping), ("service_id", service)],
            Some(&bob),
        )
        .await;
    }
    app.credential(&ada, &billing, "key-auth", &[]).await;
    app.credential(&ada, &billing, "key-auth", &[]).await;

    let all = list(&app, &admin, &[]).await;
    assert_eq!(
        names(&all),
        ["Shipping", "Reports", "Billing"],
        "newest first"
    );
    assert_eq!(all["count"], json!({ "counted": 3, "more": false }));
    let shipping_row = &all["rows"][0];
    assert_eq!(shipping_row["developer_id"], json!(bob_id));
    assert_eq!(shipping_row["developer_email"], "bob@example.com");
    assert_eq!(
        shipping_row["registrations"],
        json!([
            { "service_name": "Petstore", "status": "pending" },
            { "service_name": "Weather", "status": "pending" }
        ])
    );
    assert_eq!(all["rows"][2]["credentials"], 2);

    // Search: the start of the application's name, or of its developer's e-mail or name.
    assert_eq!(
        names(&list(&app, &admin, &[("query[search]", "REP")]).await),
        ["Reports"]
    );
    assert_eq!(
        names(&list(&app, &admin, &[("query[search]", "ada@")]).await),
        ["Reports", "Billing"]
    );
    assert_eq!(
        names(&list(&app, &admin, &[("query[search]", "nobody")]).await),
        Vec::<String>::new()
    );
    // Status: applications with a registration in it, once however many.
    let pending = list(&app, &admin, &[("query[status]", "pending")]).await;
    assert_eq!(names(&pending), ["Shipping"]);
    assert_eq!(pending["count"], json!({ "counted": 1, "more": false }));
    assert_eq!(
        names(&list(&app, &admin, &[("query[status]", "approved")]).await),
        Vec::<String>::new()
    );

    // Only the console may read it.
    let denied = app.call("list_applications", &[], Some(&ada)).await;
    assert_eq!(denied.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_million_style_list_pages_by_keyset_and_searches_broad_and_narrow() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    // 5,000 developers with an application each: more than the count's cap.
    app.fill_developers(5_000).await;
    app.fill_applications().await;

    let first = list(&app, &admin, &[]).await;
    assert_eq!(first["count"], json!({ "counted": 1_000, "more": true }));
    assert_eq!(names(&first)[..2], ["App 0005000", "App 0004999"]);
    let second = list(
        &app,
        &admin,
        &[("query[after]", first["next"].as_str().unwrap())],
    )
    .await;
    assert_eq!(names(&second)[0], "App 0004950", "the next page follows on");

    // A broad search (every developer's e-mail) walks by time, testing each row; with a
    // rare status too.
    let broad = list(&app, &admin, &[("query[search]", "user0")]).await;
    assert_eq!(broad["count"]["more"], json!(true));
    assert_eq!(names(&broad)[0], "App 0005000");
    let broad_revoked = list(
        &app,
        &admin,
        &[("query[search]", "user0"), ("query[status]", "revoked")],
    )
    .await;
    assert_eq!(names(&broad_revoked)[..2], ["App 0004999", "App 0004899"]);
    // A narrow one is read through the indexes, and still newest first.
    let narrow = list(&app, &admin, &[("query[search]", "app 000123")]).await;
    assert_eq!(narrow["count"], json!({ "counted": 10, "more": false }));
    assert_eq!(names(&narrow)[0], "App 0001239");
    // A rare status (1%) and a common one (90%).
    let revoked = list(&app, &admin, &[("query[status]", "revoked")]).await;
    assert_eq!(revoked["count"], json!({ "counted": 50, "more": false }));
    assert_eq!(names(&revoked)[0], "App 0004999");
    let approved = list(&app, &admin, &[("query[status]", "approved")]).await;
    assert_eq!(approved["count"]["more"], json!(true));
    assert_eq!(names(&approved)[..2], ["App 0005000", "App 0004989"]);
    let approved_next = list(
        &app,
        &admin,
        &[
            ("query[status]", "approved"),
            ("query[after]", approved["next"].as_str().unwrap()),
        ],
    )
    .await;
    assert_eq!(names(&approved_next)[0], "App 0004940");
    // Both together.
    let both = list(
        &app,
        &admin,
        &[("query[search]", "app 0004"), ("query[status]", "revoked")],
    )
    .await;
    assert_eq!(names(&both).len(), 10);
    assert_eq!(names(&both)[..2], ["App 0004999", "App 0004899"]);
}
