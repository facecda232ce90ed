//! `/`: who may read the API catalog on a public and on a private portal.

use serde_json::json;

use crate::helpers::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

#[tokio::test]
async fn a_private_portal_shows_the_catalog_to_approved_developers_and_admins_only() {
    let app = TestApp::spawn().await;
    let visible = |session: Option<String>| {
        let app = &app;
        async move {
            app.call("catalog_visible", &[], session.as_deref())
                .await
                .body
        }
    };
    assert_eq!(visible(None).await, json!(true), "public by default");

    app.set_flag("public_portal", false).await;
    let pending = app
        .sign_up("Ada", "ada@example.com", "a long password")
        .await
        .session;
    let admin = app
        .sign_in("console", ADMIN_EMAIL, ADMIN_PASSWORD, None)
        .await
        .session;
    assert_eq!(visible(None).await, json!(false));
    assert_eq!(visible(pending.clone()).await, json!(false));
    assert_eq!(visible(admin.clone()).await, json!(true));

    let id = app.viewer(pending.as_deref().unwrap()).await["Developer"]["id"]
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
        admin.as_deref(),
    )
    .await;
    assert_eq!(visible(pending).await, json!(true));
}
