//! `/admin/audit` → the `audit_log` server function.

use reqwest::StatusCode;

use crate::helpers::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

#[tokio::test]
async fn the_audit_log_records_who_did_what_and_filters_by_each_column() {
    let app = TestApp::spawn().await;
    let admin = app
        .sign_in("console", ADMIN_EMAIL, ADMIN_PASSWORD, None)
        .await
        .session
        .unwrap();
    let ada = app
        .sign_up("Ada", "ada@example.com", "a long password")
        .await
        .session
        .unwrap();
    app.sign_up("Bob", "bob@example.com", "a long password")
        .await;
    let id = app.viewer(&ada).await["Developer"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.call(
        "act_on_developer",
        &[
            ("developer_id", &id),
            ("action", "approve"),
            ("expected", "pending"),
        ],
        Some(&admin),
    )
    .await;

    let page = |actor: &'static str, target: &'static str, action: &'static str| {
        let (app, admin) = (&app, &admin);
        async move {
            let reply = app
                .call(
                    "audit_log",
                    &[
                        ("filter[actor]", actor),
                        ("filter[target]", target),
                        ("filter[action]", action),
                    ],
                    Some(admin),
                )
                .await;
            assert_eq!(reply.status, StatusCode::OK);
            reply.body["entries"].as_array().unwrap().clone()
        }
    };
    let approvals = page("", "", "approved").await;
    assert_eq!(approvals.len(), 1);
    assert_eq!(approvals[0]["actor"], ADMIN_EMAIL);
    assert_eq!(approvals[0]["target"], "ada@example.com");
    assert_eq!(approvals[0]["action"], "developer.approved");
    assert_eq!(approvals[0]["client_addr"], "127.0.0.1");
    assert_eq!(page("", "BOB@", "").await.len(), 1);
    assert_eq!(
        page(ADMIN_EMAIL, "", "").await.len(),
        2,
        "the admin's sign-in and the approval"
    );
    assert_eq!(
        page("", "", "").await.len(),
        4,
        "sign-in, two sign-ups, the approval"
    );

    let developer_view = app
        .call(
            "audit_log",
            &[
                ("filter[actor]", ""),
                ("filter[target]", ""),
                ("filter[action]", ""),
            ],
            Some(&ada),
        )
        .await;
    assert_eq!(developer_view.status, StatusCode::UNAUTHORIZED);
}
