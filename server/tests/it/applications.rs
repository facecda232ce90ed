//! Applications and registrations: names unique per developer, the registration queue with
//! its e-mail, two admins at once, and the cascades of SPEC §2.

use reqwest::StatusCode;

use crate::helpers::TestApp;

#[tokio::test]
async fn application_names_are_unique_per_developer_and_checked() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let (_, ada) = app.approved_developer("ada@example.com", &admin).await;
    let (_, bob) = app.approved_developer("bob@example.com", &admin).await;
    let first = app.application(&ada, "Billing").await;
    let clash = app
        .call(
            "create_application",
            &[("name", " billing "), ("description", "")],
            Some(&ada),
        )
        .await;
    assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(clash.body.to_string().contains("already"));
    // Another developer may use the same name.
    app.application(&bob, "Billing").await;
    let empty = app
        .call(
            "create_application",
            &[("name", "  "), ("description", "")],
            Some(&ada),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);

    let renamed = app
        .call(
            "update_application",
            &[
                ("application_id", &first),
                ("name", "Invoices"),
                ("description", "Sends invoices"),
            ],
            Some(&ada),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK);
    let mine = app.call("my_applications", &[], Some(&ada)).await.body;
    assert_eq!(mine[0]["name"], "Invoices");
    assert_eq!(mine[0]["description"], "Sends invoices");
    // Bob cannot see, change or delete Ada's application.
    for (function, form) in [
        ("get_application", vec![("application_id", first.as_str())]),
        (
            "delete_application",
            vec![("application_id", first.as_str())],
        ),
    ] {
        let reply = app.call(function, &form, Some(&bob)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{function}");
    }
    assert_eq!(app.count("applications").await, 2);
}

#[tokio::test]
async fn registrations_wait_for_an_admin_who_decides_once_and_the_developer_is_told() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let (developer_id, dev) = app.approved_developer("ada@example.com", &admin).await;
    let service = app.service(&admin, "Petstore", "/petstore", "").await;
    let application = app.application(&dev, "Billing").await;

    let asked = app
        .call(
            "register_application",
            &[("application_id", &application), ("service_id", &service)],
            Some(&dev),
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{:?}", asked.body);
    assert!(asked.body.to_string().contains("requested"));
    let again = app
        .call(
            "register_application",
            &[("application_id", &application), ("service_id", &service)],
            Some(&dev),
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "registered once only"
    );

    let queue = app
        .call("registration_requests", &[], Some(&admin))
        .await
        .body["rows"]
        .clone();
    assert_eq!(queue.as_array().unwrap().len(), 1);
    assert_eq!(queue[0]["developer_email"], "ada@example.com");
    let registration = queue[0]["id"].as_str().unwrap().to_string();

    // Two admins approve at once: exactly one wins.
    let decide = |action: &'static str| {
        let (app, admin, registration) = (&app, admin.clone(), registration.clone());
        async move {
            app.call(
                "act_on_registration",
                &[
                    ("registration_id", registration.as_str()),
                    ("action", action),
                    ("expected", "pending"),
                ],
                Some(&admin),
            )
            .await
            .status
        }
    };
    let (a, b) = tokio::join!(decide("approve"), decide("reject"));
    let mut outcomes = [a, b];
    outcomes.sort();
    assert_eq!(outcomes, [StatusCode::OK, StatusCode::CONFLICT]);

    let details = app
        .call(
            "get_application",
            &[("application_id", &application)],
            Some(&dev),
        )
        .await
        .body;
    let status = details["registrations"][0]["status"]
        .as_str()
        .unwrap()
        .to_string();
    let mail = app.recent_mail(50).await;
    let told = mail
        .iter()
        .filter(|m| m.recipient == "ada@example.com" && m.kind.starts_with("registration."))
        .count();
    assert_eq!(told, 1, "one decision, one e-mail");
    assert!(
        mail.iter().any(|m| m.kind == "registration.requested"),
        "admins were told"
    );
    assert!(status == "approved" || status == "rejected");

    // Revoke and approve again from the developer's details page.
    if status == "approved" {
        for (action, expected) in [("revoke", "approved"), ("approve", "revoked")] {
            let reply = app
                .call(
                    "act_on_registration",
                    &[
                        ("registration_id", &registration),
                        ("action", action),
                        ("expected", expected),
                    ],
                    Some(&admin),
                )
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{action}");
        }
    }
    let developer = app
        .call(
            "get_developer",
            &[("developer_id", &developer_id)],
            Some(&admin),
        )
        .await
        .body;
    assert_eq!(
        developer["applications"][0]["application"]["name"],
        "Billing"
    );
    assert_eq!(
        developer["applications"][0]["registrations"][0]["service_name"],
        "Petstore"
    );
}

#[tokio::test]
async fn auto_approved_registrations_skip_the_queue() {
    let app = TestApp::spawn().await;
    app.set_flag("auto_approve_applications", true).await;
    let admin = app.admin_session().await;
    let (_, dev) = app.approved_developer("ada@example.com", &admin).await;
    let service = app.service(&admin, "Petstore", "/petstore", "").await;
    let application = app.application(&dev, "Billing").await;
    let asked = app
        .call(
            "register_application",
            &[("application_id", &application), ("service_id", &service)],
            Some(&dev),
        )
        .await;
    assert!(
        asked.body.to_string().contains("approved"),
        "{:?}",
        asked.body
    );
    let queue = app
        .call("registration_requests", &[], Some(&admin))
        .await
        .body["rows"]
        .clone();
    assert_eq!(queue.as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn deleting_an_application_or_a_developer_removes_everything_they_own() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let service = app.service(&admin, "Petstore", "/petstore", "").await;
    let (ada_id, ada) = app.approved_developer("ada@example.com", &admin).await;
    let (_, bob) = app.approved_developer("bob@example.com", &admin).await;
    let mut owned = Vec::new();
    for (dev, name) in [(&ada, "One"), (&ada, "Two"), (&bob, "Bobs")] {
        let application = app.application(dev, name).await;
        app.call(
            "register_application",
            &[("application_id", &application), ("service_id", &service)],
            Some(dev),
        )
        .await;
        for _ in 0..2 {
            let key = app.credential(dev, &application, "key-auth", &[]).await;
            assert_eq!(key.status, StatusCode::OK);
        }
        owned.push(application);
    }
    assert_eq!(app.count("credentials").await, 6);
    assert_eq!(app.count("registrations").await, 3);

    let deleted = app
        .call(
            "delete_application",
            &[("application_id", &owned[0])],
            Some(&ada),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::OK);
    assert_eq!(app.count("applications").await, 2);
    assert_eq!(app.count("registrations").await, 2);
    assert_eq!(app.count("credentials").await, 4);

    // Revoking keeps what the developer owns; deleting the developer removes all of it.
    let revoke = app
        .call(
            "act_on_developer",
            &[
                ("developer_id", &ada_id),
                ("action", "revoke"),
                ("expected", "approved"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(revoke.status, StatusCode::OK);
    assert_eq!(app.count("credentials").await, 4);
    let delete = app
        .call(
            "act_on_developer",
            &[
                ("developer_id", &ada_id),
                ("action", "delete"),
                ("expected", "revoked"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(delete.status, StatusCode::OK);
    assert_eq!(app.count("applications").await, 1);
    assert_eq!(app.count("registrations").await, 1);
    assert_eq!(app.count("credentials").await, 2, "only Bob's remain");

    // A developer deleting their own account takes theirs along too.
    let gone = app.call("delete_account", &[], Some(&bob)).await;
    assert_eq!(gone.status, StatusCode::OK, "{:?}", gone.body);
    assert_eq!(app.count("applications").await, 0);
    assert_eq!(app.count("credentials").await, 0);
}

#[tokio::test]
async fn expiring_credentials_are_announced_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let (_, dev) = app.approved_developer("ada@example.com", &admin).await;
    let application = app.application(&dev, "Billing").await;
    let soon = app
        .credential(
            &dev,
            &application,
            "key-auth",
            &[("credential[expires_in_days]", "5")],
        )
        .await;
    assert_eq!(soon.status, StatusCode::OK);
    let later = app
        .credential(
            &dev,
            &application,
            "key-auth",
            &[("credential[expires_in_days]", "30")],
        )
        .await;
    assert_eq!(later.status, StatusCode::OK);
    let announced = app.announce_expiring_credentials().await;
    assert_eq!(announced, 1);
    assert_eq!(
        app.announce_expiring_credentials().await,
        0,
        "announced once"
    );
    let mail = app.recent_mail(20).await;
    assert!(mail
        .iter()
        .any(|m| m.kind == "credential.expiring" && m.recipient == "ada@example.com"));

    // The owner's maximum lifetime applies.
    app.set_setting("max_credential_days", "10").await;
    let too_long = app
        .credential(
            &dev,
            &application,
            "key-auth",
            &[("credential[expires_in_days]", "30")],
        )
        .await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    let capped = app.credential(&dev, &application, "key-auth", &[]).await;
    assert_eq!(capped.status, StatusCode::OK);
    let details = app
        .call(
            "get_application",
            &[("application_id", &application)],
            Some(&dev),
        )
        .await
        .body;
    assert!(
        details["credentials"][2]["expires_at"].is_string(),
        "capped at the maximum"
    );
}

#[tokio::test]
async fn admins_assign_acl_groups_and_developers_only_read_them() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let (_, dev) = app.approved_developer("ada@example.com", &admin).await;
    let application = app.application(&dev, "Billing").await;
    let bad = app
        .call(
            "set_application_groups",
            &[
                ("application_id", &application),
                ("groups", "gold; drop table"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let set = app
        .call(
            "set_application_groups",
            &[
                ("application_id", &application),
                ("groups", "gold, partners"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK);
    let details = app
        .call(
            "get_application",
            &[("application_id", &application)],
            Some(&dev),
        )
        .await
        .body;
    assert_eq!(
        details["acl_groups"],
        serde_json::json!(["gold", "partners"])
    );
    // The developer's session is no console session.
    let own = app
        .call(
            "set_application_groups",
            &[("application_id", &application), ("groups", "admins")],
            Some(&dev),
        )
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
}
