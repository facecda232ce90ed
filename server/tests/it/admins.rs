//! `/admin/admins`: owners add admins, change roles and remove them; one owner always stays.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

#[tokio::test]
async fn an_owner_adds_an_admin_who_can_sign_in_with_that_role() {
    let app = TestApp::spawn().await;
    let owner = app
        .sign_in("console", ADMIN_EMAIL, ADMIN_PASSWORD, None)
        .await
        .session
        .unwrap();
    let reply = app
        .call(
            "add_admin",
            &[
                ("email", "ops@example.com"),
                ("password", "ops password 1"),
                ("role", "viewer"),
            ],
            Some(&owner),
        )
        .await;
    assert_eq!(reply.body, json!("Admin ops@example.com added"));
    let again = app
        .call(
            "add_admin",
            &[
                ("email", "OPS@example.com"),
                ("password", "ops password 1"),
                ("role", "admin"),
            ],
            Some(&owner),
        )
        .await;
    assert_eq!(
        again.body["Invalid"][0]["message"],
        "An admin with this email exists already."
    );
    let ops = app
        .sign_in("console", "ops@example.com", "ops password 1", None)
        .await;
    assert_eq!(ops.body["Admin"]["role"], "viewer");

    let list = app.call("list_admins", &[], Some(&owner)).await.body;
    let ops_id = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == "ops@example.com")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let reply = app
        .call(
            "change_admin",
            &[("admin_id", &ops_id), ("role", "admin")],
            Some(&owner),
        )
        .await;
    assert_eq!(reply.body, json!("Role changed to admin"));
    let ops_session = ops.session.unwrap();
    assert_eq!(app.viewer(&ops_session).await["Admin"]["role"], "admin");

    // Removing an admin ends their sessions at once.
    let reply = app
        .call("change_admin", &[("admin_id", &ops_id)], Some(&owner))
        .await;
    assert_eq!(reply.body, json!("Admin removed"));
    assert_eq!(app.viewer(&ops_session).await, json!("Anonymous"));
}

#[tokio::test]
async fn the_last_owner_can_be_neither_demoted_nor_removed() {
    let app = TestApp::spawn().await;
    let owner = app
        .sign_in("console", ADMIN_EMAIL, ADMIN_PASSWORD, None)
        .await
        .session
        .unwrap();
    let id = app.viewer(&owner).await["Admin"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    for form in [
        vec![("admin_id", id.as_str()), ("role", "admin")],
        vec![("admin_id", id.as_str())],
    ] {
        let reply = app.call("change_admin", &form, Some(&owner)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert!(reply.body["Forbidden"]
            .as_str()
            .unwrap()
            .contains("at least one owner"));
    }
    assert_eq!(app.viewer(&owner).await["Admin"]["role"], "owner");
}

#[tokio::test]
async fn only_owners_manage_admins() {
    let app = TestApp::spawn().await;
    app.create_admin(
        "admin@example.com",
        "admin password",
        app::model::AdminRole::Admin,
    )
    .await;
    let admin = app
        .sign_in("console", "admin@example.com", "admin password", None)
        .await
        .session
        .unwrap();
    let reply = app
        .call(
            "add_admin",
            &[
                ("email", "x@example.com"),
                ("password", "x password 12"),
                ("role", "owner"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.call("list_admins", &[], Some(&admin))
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        2
    );
}
