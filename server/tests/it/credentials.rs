//! Credentials: generated secrets are returned once and never stored or logged in plain
//! form; types the owner turned off are refused; rolls keep the old secret for the grace.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{capture_log, captured_log, TestApp};

struct Owned {
    app: TestApp,
    developer: String,
    application: String,
}

async fn developer_with_application() -> Owned {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let (_, developer) = app.approved_developer("dev@example.com", &admin).await;
    let application = app.application(&developer, "Billing").await;
    Owned {
        app,
        developer,
        application,
    }
}

fn secret_of(body: &Value) -> String {
    body["secret"].as_str().expect("a secret").to_string()
}

/// What the database holds at rest, as bytes.
fn database_bytes(app: &TestApp) -> Vec<u8> {
    app.stored_bytes()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[tokio::test]
async fn secrets_are_never_stored_or_logged_in_plain_form() {
    capture_log();
    let owned = developer_with_application().await;
    let (app, dev, application) = (&owned.app, &owned.developer, &owned.application);
    let mut secrets = Vec::new();
    for (kind, extra) in [
        ("key-auth", vec![]),
        (
            "basic-auth",
            vec![("credential[username]", "billing-basic")],
        ),
        ("oauth2", vec![]),
        ("hmac-auth", vec![("credential[username]", "billing-hmac")]),
        ("jwt", vec![("credential[algorithm]", "HS256")]),
    ] {
        let reply = app.credential(dev, application, kind, &extra).await;
        assert_eq!(reply.status, StatusCode::OK, "{kind}: {:?}", reply.body);
        let secret = secret_of(&reply.body);
        assert!(secret.len() >= 32, "{kind}: a long secret");
        if kind == "key-auth" {
            assert_eq!(secret.len(), 32);
            assert!(secret.chars().all(|c| c.is_ascii_alphanumeric()));
            assert!(reply.body["identifier"].is_null());
        } else {
            assert!(
                reply.body["identifier"].is_string(),
                "{kind}: an identifier"
            );
        }
        secrets.push((kind, secret));
    }
    let rolled = app
        .call(
            "roll_credential",
            &[
                (
                    "credential_id",
                    {
                        let details = app
                            .call(
                                "get_application",
                                &[("application_id", application)],
                                Some(dev),
                            )
                            .await
                            .body;
                        details["credentials"][0]["id"]
                            .as_str()
                            .unwrap()
                            .to_string()
                    }
                    .as_str(),
                ),
                ("grace_days", "2"),
                ("secret_version", "0"),
            ],
            Some(dev),
        )
        .await;
    assert_eq!(rolled.status, StatusCode::OK, "{:?}", rolled.body);
    secrets.push(("rolled key-auth", secret_of(&rolled.body)));

    // The listing shows hints only.
    let details = app
        .call(
            "get_application",
            &[("application_id", application)],
            Some(dev),
        )
        .await;
    let listing = details.body.to_string();
    assert_eq!(details.body["credentials"].as_array().unwrap().len(), 5);
    assert!(details.body["credentials"][0]["previous_valid_until"].is_string());

    let stored = database_bytes(app);
    let log = captured_log();
    assert!(log.contains("credential created"), "the log is captured");
    for (kind, secret) in &secrets {
        assert!(
            !contains(&stored, secret),
            "{kind}: the secret is in the database file"
        );
        assert!(
            !log.contains(secret.as_str()),
            "{kind}: the secret is in the log"
        );
        assert!(
            !listing.contains(secret.as_str()),
            "{kind}: the secret is listed"
        );
    }
}

#[tokio::test]
async fn a_disabled_type_is_refused_and_usernames_are_unique() {
    let owned = developer_with_application().await;
    let (app, dev, application) = (&owned.app, &owned.developer, &owned.application);
    app.set_flag("credential_type.oauth2", false).await;
    let refused = app.credential(dev, application, "oauth2", &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.to_string().contains("not enabled"));
    let details = app
        .call(
            "get_application",
            &[("application_id", application)],
            Some(dev),
        )
        .await
        .body;
    assert_eq!(details["credential_types"]["oauth2"], false);
    assert_eq!(details["credentials"].as_array().unwrap().len(), 0);

    let first = app
        .credential(
            dev,
            application,
            "basic-auth",
            &[("credential[username]", "shared-name")],
        )
        .await;
    assert_eq!(first.status, StatusCode::OK);
    let second = app
        .credential(
            dev,
            application,
            "basic-auth",
            &[("credential[username]", "shared-name")],
        )
        .await;
    assert_eq!(second.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(second.body.to_string().contains("taken"));
    let bad = app
        .credential(
            dev,
            application,
            "basic-auth",
            &[("credential[username]", "a b")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_request_with_several_bad_fields_names_each_and_creates_nothing() {
    let owned = developer_with_application().await;
    let (app, dev, application) = (&owned.app, &owned.developer, &owned.application);
    for days in ["1.5", "-3", "soon"] {
        let reply = app
            .credential(
                dev,
                application,
                "basic-auth",
                &[
                    ("credential[username]", "a b"),
                    ("credential[name]", &"n".repeat(61)),
                    ("credential[expires_in_days]", days),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{days}");
        let fields: Vec<&str> = reply.body["Invalid"]
            .as_array()
            .expect("field errors")
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["name", "username", "expires_in_days"], "{days}");
    }
    let details = app
        .call(
            "get_application",
            &[("application_id", application.as_str())],
            Some(dev),
        )
        .await
        .body;
    assert_eq!(
        details["credentials"],
        serde_json::json!([]),
        "nothing was created"
    );
}

#[tokio::test]
async fn bad_pem_keys_are_refused_with_a_reason_and_good_ones_kept() {
    use p256::pkcs8::{EncodePublicKey, LineEnding};
    let owned = developer_with_application().await;
    let (app, dev, application) = (&owned.app, &owned.developer, &owned.application);
    for (algorithm, pem, reason) in [
        ("RS256", "", "Paste"),
        ("RS256", "not a key", "PEM RSA"),
        (
            "ES256",
            "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----",
            "private key",
        ),
    ] {
        let reply = app
            .credential(
                dev,
                application,
                "jwt",
                &[
                    ("credential[algorithm]", algorithm),
                    ("credential[public_key]", pem),
                ],
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{algorithm} {pem}"
        );
        assert!(reply.body.to_string().contains(reason), "{:?}", reply.body);
    }
    let ec = p256::SecretKey::random(&mut rand::rngs::OsRng)
        .public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    // An EC key is not an RSA key.
    let wrong = app
        .credential(
            dev,
            application,
            "jwt",
            &[
                ("credential[algorithm]", "RS256"),
                ("credential[public_key]", &ec),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let good = app
        .credential(
            dev,
            application,
            "jwt",
            &[
                ("credential[algorithm]", "ES256"),
                ("credential[public_key]", &ec),
            ],
        )
        .await;
    assert_eq!(good.status, StatusCode::OK, "{:?}", good.body);
    assert!(good.body["secret"].is_null(), "nothing secret to show");
    let details = app
        .call(
            "get_application",
            &[("application_id", application)],
            Some(dev),
        )
        .await
        .body;
    assert!(details["credentials"][0]["hint"]
        .as_str()
        .unwrap()
        .starts_with("SHA256:"));
}

#[tokio::test]
async fn sealed_secrets_open_only_with_the_server_key_across_restarts() {
    use gatehouse_core::auth::{Sealer, SecretKey};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gatehouse.key");
    let key = server::key_file::load_or_create(&path).unwrap();
    let sealed = Sealer::new(&key).seal("hmac secret value", "credential-1");
    // A restart reads the same key from the file and opens what was sealed before.
    let again = server::key_file::load_or_create(&path).unwrap();
    assert_eq!(
        Sealer::new(&again).open(&sealed, "credential-1").unwrap(),
        "hmac secret value"
    );
    assert!(Sealer::new(&SecretKey::generate())
        .open(&sealed, "credential-1")
        .is_err());
}

#[tokio::test]
async fn pending_and_revoked_developers_cannot_create_applications() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let pending = app
        .sign_up("Pending", "pending@example.com", "a long password")
        .await
        .session
        .unwrap();
    let refused = app
        .call(
            "create_application",
            &[("name", "Sneaky"), ("description", "")],
            Some(&pending),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused
        .body
        .to_string()
        .contains("only approved developers"));

    let (id, approved) = app.approved_developer("rev@example.com", &admin).await;
    let application = app.application(&approved, "Before").await;
    let revoked = app
        .call(
            "act_on_developer",
            &[
                ("developer_id", &id),
                ("action", "revoke"),
                ("expected", "approved"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(revoked.status, StatusCode::OK);
    for (function, form) in [
        (
            "create_application",
            vec![("name", "After"), ("description", "")],
        ),
        (
            "get_application",
            vec![("application_id", application.as_str())],
        ),
    ] {
        let reply = app.call(function, &form, Some(&approved)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{function}");
    }
    let key = app
        .credential(&approved, &application, "key-auth", &[])
        .await;
    assert_eq!(key.status, StatusCode::FORBIDDEN);
    let anonymous = app.call("my_applications", &[], None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn each_decision_is_logged_as_its_event_with_what_it_carries() {
    let owned = developer_with_application().await;
    let (app, dev, application) = (&owned.app, &owned.developer, &owned.application);
    let created = app.credential(dev, application, "key-auth", &[]).await;
    assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);
    let id = created.body["id"].as_str().unwrap().to_string();
    let rolled = app
        .call(
            "roll_credential",
            &[
                ("credential_id", id.as_str()),
                ("grace_days", "2"),
                ("secret_version", "0"),
            ],
            Some(dev),
        )
        .await;
    assert_eq!(rolled.status, StatusCode::OK, "{:?}", rolled.body);
    let events = app.audit_events_for(&id).await;
    assert_eq!(
        events,
        vec![
            (
                "credential.rolled_with_2_days_grace".to_string(),
                serde_json::json!({ "grace_days": 2 })
            ),
            (
                "credential.created".to_string(),
                serde_json::json!({ "kind": "key-auth" })
            ),
        ]
    );
}

#[tokio::test]
async fn a_credential_is_renamed_and_given_another_expiry_within_the_owners_maximum() {
    let owned = developer_with_application().await;
    let (app, dev, application) = (&owned.app, &owned.developer, &owned.application);
    let created = app
        .credential(
            dev,
            application,
            "key-auth",
            &[("credential[expires_in_days]", "5")],
        )
        .await;
    let id = created.body["id"].as_str().unwrap().to_string();
    let row = || async {
        app.call(
            "get_application",
            &[("application_id", application.as_str())],
            Some(dev),
        )
        .await
        .body["credentials"][0]
            .clone()
    };
    let before = row().await;
    let edit = |fields: Vec<(&'static str, &'static str)>| {
        let id = id.clone();
        async move {
            let mut form = vec![("credential_id", id.as_str())];
            form.extend(fields);
            app.call("edit_credential", &form, Some(dev)).await
        }
    };
    // Only the name: the expiry stays exactly as it was.
    let renamed = edit(vec![("edit[name]", "CI key")]).await;
    assert_eq!(
        (renamed.status, renamed.body),
        (StatusCode::OK, json!("Credential saved"))
    );
    let after = row().await;
    assert_eq!(after["name"], "CI key");
    assert_eq!(after["expires_at"], before["expires_at"]);
    assert_eq!(after["hint"], before["hint"], "the secret is untouched");

    // The expiring notice is sent for the expiry it announces, and again for a new one.
    assert_eq!(app.announce_expiring_credentials().await, 1);
    let later = edit(vec![
        ("edit[name]", "CI key"),
        ("edit[change_expiry]", "true"),
        ("edit[expires_in_days]", "6"),
    ])
    .await;
    assert_eq!(later.status, StatusCode::OK, "{:?}", later.body);
    assert_ne!(row().await["expires_at"], before["expires_at"]);
    assert_eq!(app.announce_expiring_credentials().await, 1);

    // Beyond the owner's maximum, or not a whole number of days: refused, nothing changed.
    app.set_setting("max_credential_days", "10").await;
    let kept = row().await;
    for (days, words) in [("30", "at most 10 days"), ("1.5", "whole number")] {
        let refused = edit(vec![
            ("edit[name]", "renamed"),
            ("edit[change_expiry]", "true"),
            ("edit[expires_in_days]", days),
        ])
        .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.to_string().contains(words), "{}", refused.body);
    }
    assert_eq!(row().await, kept);

    // Another developer's credential is not theirs to edit.
    let admin = app.admin_session().await;
    let (_, other) = app.approved_developer("other@example.com", &admin).await;
    let foreign = app
        .call(
            "edit_credential",
            &[("credential_id", id.as_str()), ("edit[name]", "mine now")],
            Some(&other),
        )
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert_eq!(row().await, kept);

    let events = app.audit_events_for(&id).await;
    assert_eq!(
        events[..2],
        [
            (
                "credential.edited".to_string(),
                json!({ "expires_in_days": 6 })
            ),
            (
                "credential.edited".to_string(),
                json!({ "expires_in_days": null })
            ),
        ]
    );
}
