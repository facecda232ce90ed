//! `/admin/requests`, `/admin/developers`: the lifecycle of SPEC §2 through `act_on_developer`.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

struct Console {
    app: TestApp,
    admin: String,
}

impl Console {
    async fn new() -> Self {
        let app = TestApp::spawn_with(&[("GATEHOUSE_SIGN_UPS_PER_HOUR", "1000")]).await;
        let admin = app
            .sign_in("console", ADMIN_EMAIL, ADMIN_PASSWORD, None)
            .await
            .session
            .unwrap();
        Self { app, admin }
    }

    /// Signs up a developer and returns (id, their session).
    async fn developer(&self, email: &str) -> (String, String) {
        let session = self
            .app
            .sign_up("Dev", email, "a long password")
            .await
            .session
            .unwrap();
        let id = self.app.viewer(&session).await["Developer"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        (id, session)
    }

    async fn act(&self, id: &str, action: &str, expected: &str) -> crate::helpers::Reply {
        self.app
            .call(
                "act_on_developer",
                &[
                    ("developer_id", id),
                    ("action", action),
                    ("expected", expected),
                ],
                Some(&self.admin),
            )
            .await
    }

    /// The pending tab sorted by email, with a search, a direction and a position.
    async fn list(&self, search: &str, descending: &str, after: &str) -> Value {
        let form = [
            ("query[status]", "pending"),
            ("query[search]", search),
            ("query[sort]", "email"),
            ("query[descending]", descending),
            ("query[after]", after),
        ];
        self.app
            .call("list_developers", &form, Some(&self.admin))
            .await
            .body
    }

    async fn status_of(&self, session: &str) -> Value {
        self.app.viewer(session).await["Developer"]["status"].clone()
    }
}

#[tokio::test]
async fn approve_reject_revoke_and_reapprove_follow_the_table() {
    let console = Console::new().await;
    let (ada, ada_session) = console.developer("ada@example.com").await;
    let reply = console.act(&ada, "approve", "pending").await;
    assert_eq!(
        (reply.status, reply.body),
        (StatusCode::OK, json!("Developer approved"))
    );
    assert_eq!(console.status_of(&ada_session).await, "approved");
    assert_eq!(
        console.act(&ada, "revoke", "approved").await.status,
        StatusCode::OK
    );
    assert_eq!(console.status_of(&ada_session).await, "revoked");
    assert_eq!(
        console.act(&ada, "approve", "revoked").await.status,
        StatusCode::OK
    );
    assert_eq!(console.status_of(&ada_session).await, "approved");

    let (bob, bob_session) = console.developer("bob@example.com").await;
    assert_eq!(
        console.act(&bob, "reject", "pending").await.status,
        StatusCode::OK
    );
    assert_eq!(console.status_of(&bob_session).await, "rejected");
}

#[tokio::test]
async fn with_rejections_final_a_rejected_developer_cannot_be_approved() {
    let console = Console::new().await;
    let (bob, session) = console.developer("bob@example.com").await;
    console.act(&bob, "reject", "pending").await;
    let reply = console.act(&bob, "approve", "rejected").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.body["Forbidden"]
        .as_str()
        .unwrap()
        .starts_with("Rejections are final"));
    assert_eq!(console.status_of(&session).await, "rejected");

    console.app.set_flag("rejections_final", false).await;
    assert_eq!(
        console.act(&bob, "approve", "rejected").await.status,
        StatusCode::OK
    );
    assert_eq!(console.status_of(&session).await, "approved");
}

#[tokio::test]
async fn a_rejected_or_revoked_email_cannot_sign_up_again_until_deleted() {
    let console = Console::new().await;
    let (bob, _) = console.developer("bob@example.com").await;
    console.act(&bob, "reject", "pending").await;
    let reply = console
        .app
        .sign_up("Bob", "BOB@example.com", "a long password")
        .await;
    assert_eq!(
        reply.body["Invalid"][0]["message"],
        "This email cannot be used to sign up again. Please use a different email."
    );
    assert_eq!(
        console.act(&bob, "delete", "rejected").await.body,
        json!("Developer deleted")
    );
    assert_eq!(
        console
            .app
            .sign_up("Bob", "bob@example.com", "a long password")
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn deleting_a_request_frees_the_email_and_ends_the_sessions() {
    let console = Console::new().await;
    let (ada, session) = console.developer("ada@example.com").await;
    assert_eq!(
        console.act(&ada, "delete", "pending").await.status,
        StatusCode::OK
    );
    assert_eq!(console.app.viewer(&session).await, json!("Anonymous"));
    assert_eq!(console.app.developer_count().await, 0);
    assert_eq!(
        console
            .app
            .sign_up("Ada", "ada@example.com", "a long password")
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_action_on_a_changed_status_fails_and_changes_nothing() {
    let console = Console::new().await;
    let (ada, session) = console.developer("ada@example.com").await;
    console.act(&ada, "approve", "pending").await;
    // A second admin still sees "pending" and clicks Reject.
    let reply = console.act(&ada, "reject", "pending").await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(reply.body["Conflict"]
        .as_str()
        .unwrap()
        .contains("status changed, reload"));
    assert_eq!(console.status_of(&session).await, "approved");
    // A double-submitted approval changes nothing either.
    assert_eq!(
        console.act(&ada, "approve", "pending").await.status,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn of_two_admins_racing_exactly_one_wins() {
    let console = Console::new().await;
    for round in 0..10 {
        let (id, session) = console.developer(&format!("race{round}@example.com")).await;
        let (approve, reject) = tokio::join!(
            console.act(&id, "approve", "pending"),
            console.act(&id, "reject", "pending")
        );
        let winners = [approve.status, reject.status]
            .iter()
            .filter(|s| **s == StatusCode::OK)
            .count();
        assert_eq!(
            winners,
            1,
            "round {round}: {approve:?} / {reject:?}",
            approve = approve.body,
            reject = reject.body
        );
        let expected = if approve.status == StatusCode::OK {
            "approved"
        } else {
            "rejected"
        };
        assert_eq!(console.status_of(&session).await, expected);
        let history = console.app.audit_actions_for(&id).await;
        assert_eq!(
            history.len(),
            2,
            "sign-up plus exactly one decision: {history:?}"
        );
    }
    // Two deletions racing: one deletes, the other finds nothing.
    let (id, _) = console.developer("gone@example.com").await;
    let (a, b) = tokio::join!(
        console.act(&id, "delete", "pending"),
        console.act(&id, "delete", "pending")
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::NOT_FOUND]);
}

#[tokio::test]
async fn a_developer_or_anonymous_caller_cannot_act() {
    let console = Console::new().await;
    let (ada, session) = console.developer("ada@example.com").await;
    let reply = console
        .app
        .call(
            "act_on_developer",
            &[
                ("developer_id", &ada),
                ("action", "approve"),
                ("expected", "pending"),
            ],
            Some(&session),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = console
        .app
        .call(
            "act_on_developer",
            &[
                ("developer_id", &ada),
                ("action", "approve"),
                ("expected", "pending"),
            ],
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(console.status_of(&session).await, "pending");
}

#[tokio::test]
async fn the_list_filters_searches_sorts_and_pages() {
    let console = Console::new().await;
    for n in 0..55 {
        console.developer(&format!("dev{n:02}@example.com")).await;
    }
    let (zed, _) = console.developer("zed@example.com").await;
    console.act(&zed, "approve", "pending").await;
    let first = console.list("", "false", "").await;
    assert_eq!(first["rows"].as_array().unwrap().len(), 50);
    assert_eq!(first["rows"][0]["email"], "dev00@example.com");
    assert_eq!(
        first["counts"],
        json!({"pending": 55, "approved": 1, "rejected": 0, "revoked": 0})
    );
    let next = first["next"].as_str().unwrap().to_string();
    let second = console.list("", "false", &next).await;
    assert_eq!(second["rows"].as_array().unwrap().len(), 5);
    assert_eq!(second["rows"][0]["email"], "dev50@example.com");
    assert_eq!(second["next"], Value::Null);
    let found = console.list("DEV1", "true", "").await;
    let emails: Vec<&str> = found["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails.len(), 10);
    assert_eq!(emails[0], "dev19@example.com");
    // A search longer than any address, in characters of several bytes, finds nothing and
    // breaks nothing.
    let long = console.list(&"€".repeat(300), "false", "").await;
    assert_eq!(long["rows"], json!([]), "{long}");
}

#[tokio::test]
async fn the_csv_export_follows_the_filter() {
    let console = Console::new().await;
    let (ada, _) = console.developer("ada@example.com").await;
    console.developer("=cmd@example.com").await;
    console.act(&ada, "approve", "pending").await;
    let csv = reqwest::Client::new()
        .get(format!(
            "{}/admin/developers/export.csv?status=pending",
            console.app.address
        ))
        .header("cookie", format!("gatehouse_session={}", console.admin))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "id,name,email,status,requested_at");
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[1].contains(",'=cmd@example.com,pending,"), "{text}");
    let anonymous = console.app.get("/admin/developers/export.csv").await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}
