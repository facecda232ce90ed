//! What an outside probe of the release build found, one test per finding, each against
//! the real server. (The memory burst and the gateway cases through real nginx are in
//! `end2end/security/`.)

use std::time::{Duration, Instant};

use reqwest::{header, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{on_workers, skipped_on_workers, TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};
use crate::mail_sink::{link_token, MailSink};

const PASSWORD: &str = "a long password";

/// Creates a published service with a route prefix and/or a host; returns its id.
async fn service(app: &TestApp, admin: &str, name: &str, prefix: &str, host: &str) -> String {
    app.service_at(admin, name, prefix, host, "").await
}

/// An approved developer (ada@example.com) with an application registered, and approved at
/// once, with a `/pub` service; returns their session and the application's id.
async fn registered_with_pub(app: &TestApp, admin: &str) -> (String, String) {
    app.set_flag("auto_approve_applications", true).await;
    let (_, developer) = app.approved_developer("ada@example.com", admin).await;
    let public = service(app, admin, "Public", "/pub", "").await;
    let application = app.application(&developer, "Billing").await;
    let registered = app
        .call(
            "register_application",
            &[("application_id", &application), ("service_id", &public)],
            Some(&developer),
        )
        .await;
    assert_eq!(registered.status, StatusCode::OK, "{:?}", registered.body);
    (developer, application)
}

async fn verify(app: &TestApp, headers: &[(&str, &str)]) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new().get(format!("{}/gateway/verify", app.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Polls verify until it answers `status` (the index follows the database within 200 ms).
async fn until(app: &TestApp, headers: &[(&str, &str)], status: StatusCode) {
    let started = Instant::now();
    while verify(app, headers).await.0 != status {
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "still not {status}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// An approved developer whose application may call `/pub` and the host `pub.example`, but
/// not `/priv`; returns the app, the developer's session and a key.
async fn key_for_pub_only() -> (TestApp, String, String) {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    app.set_flag("auto_approve_applications", true).await;
    let (_, developer) = app.approved_developer("ada@example.com", &admin).await;
    let public = service(&app, &admin, "Public", "/pub", "").await;
    let host = service(&app, &admin, "Public host", "", "pub.example").await;
    service(&app, &admin, "Private", "/priv", "").await;
    let application = app.application(&developer, "Billing").await;
    for service_id in [&public, &host] {
        let registered = app
            .call(
                "register_application",
                &[("application_id", &application), ("service_id", service_id)],
                Some(&developer),
            )
            .await;
        assert_eq!(registered.status, StatusCode::OK, "{:?}", registered.body);
    }
    let key = app
        .credential(&developer, &application, "key-auth", &[])
        .await
        .body["secret"]
        .as_str()
        .unwrap()
        .to_string();
    until(
        &app,
        &[("apikey", &key), ("X-Original-URI", "/pub/items")],
        StatusCode::OK,
    )
    .await;
    (app, developer, key)
}

#[tokio::test]
async fn the_gateway_checks_the_service_the_upstream_will_serve_and_no_other() {
    let (app, _, key) = key_for_pub_only().await;
    let allowed: &[&[(&str, &str)]] = &[
        &[("X-Original-URI", "/pub/items")],
        &[("X-Original-URI", "/p%75b/items")],
        &[("X-Original-URI", "//pub//items")],
        // The host service, named by the header the gateway sets.
        &[
            ("X-Original-URI", "/anything"),
            ("X-Forwarded-Host", "pub.example"),
        ],
    ];
    for headers in allowed {
        let mut headers = headers.to_vec();
        headers.push(("apikey", &key));
        assert_eq!(
            verify(&app, &headers).await.0,
            StatusCode::OK,
            "{headers:?}"
        );
    }
    let refused: &[&[(&str, &str)]] = &[
        &[("X-Original-URI", "/priv/secret")],
        // The host names the approved service, the path another one.
        &[
            ("X-Original-URI", "/priv/secret"),
            ("X-Forwarded-Host", "pub.example"),
        ],
        // Headers nginx does not set are the client's own.
        &[
            ("X-Original-URI", "/priv/secret"),
            ("X-Original-Host", "pub.example"),
        ],
        &[("X-Original-URI", "/priv/secret"), ("Host", "pub.example")],
        &[
            ("X-Original-URI", "/priv/secret"),
            ("X-Forwarded-Uri", "/pub/items"),
        ],
        // Dot segments and encoded separators are refused, not resolved.
        &[("X-Original-URI", "/pub/../priv/secret")],
        &[("X-Original-URI", "/pub/%2e%2e/priv/secret")],
        &[("X-Original-URI", "/pub/%2E%2E/priv/secret")],
        &[("X-Original-URI", "/pub/..;/priv/secret")],
        &[("X-Original-URI", "/pub%2f..%2fpriv/secret")],
        &[("X-Original-URI", "/pub\\..\\priv")],
    ];
    for headers in refused {
        let mut headers = headers.to_vec();
        headers.push(("apikey", &key));
        let (status, body) = verify(&app, &headers).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{headers:?}: {body}");
        assert!(body["message"].is_string(), "{body}");
    }
    // Without the URI header this gateway style sets, nothing is decided on guesses.
    let (status, _) = verify(&app, &[("apikey", &key), ("X-Forwarded-Uri", "/pub/items")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_burst_of_sign_ins_is_answered_without_a_hash_each() {
    // From one address, a burst over many accounts: most are refused before any hash.
    let app = TestApp::spawn().await;
    let attempts = (0..80).map(|n| {
        let app = &app;
        async move {
            app.sign_in(
                "portal",
                &format!("nobody{n}@example.com"),
                "wrong password",
                None,
            )
            .await
            .status
        }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    let hashed = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let limited = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(hashed + limited, 80, "{statuses:?}");
    assert!(
        hashed <= 30,
        "at most the per-address allowance is hashed: {hashed}"
    );
}

#[tokio::test]
async fn wrong_basic_auth_passwords_cost_no_hash_once_a_username_had_too_many() {
    let app = TestApp::spawn_with(&[("GATEHOUSE_GATEWAY_BASIC_FAILURES_PER_MINUTE", "5")]).await;
    let admin = app.admin_session().await;
    let (developer, application) = registered_with_pub(&app, &admin).await;
    let created = app
        .credential(
            &developer,
            &application,
            "basic-auth",
            &[("credential[username]", "billing-client")],
        )
        .await
        .body;
    let password = created["secret"].as_str().unwrap().to_string();
    let basic = |password: &str| {
        use base64::Engine;
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("billing-client:{password}"))
        )
    };
    let good = basic(&password);
    until(
        &app,
        &[("Authorization", &good), ("X-Original-URI", "/pub/x")],
        StatusCode::OK,
    )
    .await;
    // The first guesses run Argon2: their times are the baseline for the refusals below.
    let mut hashed = Vec::new();
    for n in 0..5 {
        let wrong = basic(&format!("wrong password number {n}"));
        let started = Instant::now();
        let (status, body) = verify(
            &app,
            &[("Authorization", &wrong), ("X-Original-URI", "/pub/x")],
        )
        .await;
        hashed.push(started.elapsed());
        assert_eq!(
            (status, body["message"].as_str()),
            (
                StatusCode::UNAUTHORIZED,
                Some("Invalid username or password.")
            )
        );
    }
    // Further guesses are refused at once, without Argon2 (the allowance of 5 Argon2 runs
    // is used up: one by the good password, four by the wrong ones).
    let mut refused = Vec::new();
    for n in 0..20 {
        let wrong = basic(&format!("another wrong password {n}"));
        let started = Instant::now();
        let (status, body) = verify(
            &app,
            &[("Authorization", &wrong), ("X-Original-URI", "/pub/x")],
        )
        .await;
        refused.push(started.elapsed());
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        // Worded as any wrong password: it must not tell which usernames exist.
        assert_eq!(body["message"], "Invalid username or password.");
    }
    assert_far_quicker("a refused guess", &refused, "a hashed guess", &hashed);
    // The client that knows the password is not held back.
    let (status, _) = verify(
        &app,
        &[("Authorization", &good), ("X-Original-URI", "/pub/x")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_viewer_reads_the_email_log_without_any_live_link() {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_verifying_with(&sink).await;
    let signed_up = app.sign_up("Ada", "ada@example.com", PASSWORD).await;
    assert_eq!(signed_up.status, StatusCode::OK, "{:?}", signed_up.body);
    app.call(
        "request_password_reset",
        &[("email", "ada@example.com")],
        None,
    )
    .await;
    let confirmation = sink
        .wait_for("ada@example.com", "Subject: Confirm your email")
        .await;
    let reset = sink
        .wait_for(
            "ada@example.com",
            "Subject: Reset your developer portal password",
        )
        .await;
    let tokens = [link_token(&confirmation), link_token(&reset)];
    let owner = app.admin_session().await;
    app.call(
        "add_admin",
        &[
            ("email", "viewer@example.com"),
            ("password", "viewer password 1"),
            ("role", "viewer"),
        ],
        Some(&owner),
    )
    .await;
    let viewer = app
        .sign_in("console", "viewer@example.com", "viewer password 1", None)
        .await
        .session
        .unwrap();
    let log = app.call("recent_emails", &[], Some(&viewer)).await;
    assert_eq!(log.status, StatusCode::OK, "{:?}", log.body);
    let text = log.body.to_string();
    for token in &tokens {
        assert!(
            !text.contains(token.as_str()),
            "a live token in the e-mail log"
        );
    }
    assert!(!text.contains("token="), "{text}");
    assert!(text.contains("single-use link"), "{text}");
    let stored = app.stored_bytes();
    for token in &tokens {
        let bytes = token.as_bytes();
        assert!(
            !stored.windows(bytes.len()).any(|w| w == bytes),
            "a live token in the database"
        );
    }
    // The recipient's copy works.
    let reset = app
        .call(
            "reset_password",
            &[
                ("token", &tokens[1]),
                ("new_password", "a new long password"),
            ],
            None,
        )
        .await;
    assert_eq!(reset.status, StatusCode::OK, "{:?}", reset.body);
}

#[tokio::test]
async fn a_revoked_developer_cannot_free_their_email_to_sign_up_again() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let (id, ada) = app.approved_developer("ada@example.com", &admin).await;
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
    assert_eq!(revoked.status, StatusCode::OK, "{:?}", revoked.body);
    let refused = app
        .call(
            "change_email",
            &[
                ("email", "ada@elsewhere.example"),
                ("current_password", PASSWORD),
            ],
            Some(&ada),
        )
        .await;
    assert_eq!(
        (refused.status, refused.body),
        (
            StatusCode::FORBIDDEN,
            json!({"Forbidden": "A rejected or revoked account keeps its email. Contact the team that runs this portal."})
        )
    );
    assert_eq!(app.count("email_changes").await, 0);
    let again = app
        .sign_up("Ada", "ada@example.com", "a long password")
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.developer_status_by_email("ada@example.com").await,
        Some(app::model::DeveloperStatus::Revoked)
    );
}

#[tokio::test]
async fn a_new_email_is_used_only_once_confirmed_and_then_at_the_gateway_too() {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with(&[sink.setting()]).await;
    let admin = app.admin_session().await;
    let (ada, application) = registered_with_pub(&app, &admin).await;
    let key = app
        .credential(&ada, &application, "key-auth", &[])
        .await
        .body["secret"]
        .as_str()
        .unwrap()
        .to_string();
    let call = [("apikey", key.as_str()), ("X-Original-URI", "/pub/x")];
    until(&app, &call, StatusCode::OK).await;
    let asked = app
        .call(
            "change_email",
            &[
                ("email", "cfo@bigcorp.test"),
                ("current_password", PASSWORD),
            ],
            Some(&ada),
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{:?}", asked.body);
    let consumer = || async {
        let response = reqwest::Client::new()
            .get(format!("{}/gateway/verify", app.address))
            .header("apikey", &key)
            .header("X-Original-URI", "/pub/x")
            .send()
            .await
            .unwrap();
        response.headers()["x-consumer-username"]
            .to_str()
            .unwrap()
            .to_string()
    };
    // Unconfirmed: nothing changed, here or upstream.
    assert_eq!(
        app.viewer(&ada).await["Developer"]["email"],
        "ada@example.com"
    );
    assert_eq!(consumer().await, "ada@example.com");
    sink.wait_for(
        "ada@example.com",
        "Subject: A change of your developer portal email",
    )
    .await;
    let link = sink
        .wait_for("cfo@bigcorp.test", "Subject: Confirm your new email")
        .await;
    let done = app
        .call(
            "confirm_email_change",
            &[("token", &link_token(&link))],
            None,
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    let started = Instant::now();
    while consumer().await != "cfo@bigcorp.test" {
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "the gateway still sends the old address"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn the_csv_export_of_ten_thousand_developers_arrives_whole_through_compression() {
    let app = TestApp::spawn().await;
    app.fill_developers(10_000).await;
    let admin = app.admin_session().await;
    let response = reqwest::Client::builder()
        .gzip(true)
        .build()
        .unwrap()
        .get(format!("{}/admin/developers/export.csv", app.address))
        .header(header::COOKIE, format!("gatehouse_session={admin}"))
        .header(header::ACCEPT_ENCODING, "gzip, deflate, br, zstd")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.expect("the whole body arrives");
    let lines = text.lines().count();
    assert_eq!(lines, 10_001, "the header row and every developer");
    assert!(text.starts_with("id,name,email,status,requested_at\n"));
}

#[tokio::test]
async fn of_two_rolls_at_once_one_wins_and_the_original_key_keeps_its_grace() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let (ada, application) = registered_with_pub(&app, &admin).await;
    let created = app
        .credential(&ada, &application, "key-auth", &[])
        .await
        .body;
    let original = created["secret"].as_str().unwrap().to_string();
    let id = created["id"].as_str().unwrap().to_string();
    let form = [
        ("credential_id", id.as_str()),
        ("grace_days", "2"),
        ("secret_version", "0"),
    ];
    let roll = || app.call("roll_credential", &form, Some(&ada));
    let (first, second) = tokio::join!(roll(), roll());
    let mut statuses = [first.status, second.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{first:?} {second:?}"
    );
    let loser = if first.status == StatusCode::CONFLICT {
        &first
    } else {
        &second
    };
    assert_eq!(
        loser.body,
        json!({"Conflict": "This credential was rolled already (in another tab, or by a second click). Reload the page to see its current secret."})
    );
    // A late double-submit with the same version is refused too.
    assert_eq!(roll().await.status, StatusCode::CONFLICT);
    let winner = if first.status == StatusCode::OK {
        &first
    } else {
        &second
    };
    let rolled = winner.body["secret"].as_str().unwrap().to_string();
    for key in [&original, &rolled] {
        until(
            &app,
            &[("apikey", key), ("X-Original-URI", "/pub/x")],
            StatusCode::OK,
        )
        .await;
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_a_guesser_locks_out_only_their_own_address() {
    // The Worker's proxy is Cloudflare, which names the client in CF-Connecting-IP.
    let (app, client_header) = if on_workers() {
        (TestApp::spawn().await, "CF-Connecting-IP")
    } else {
        let trusted = [("GATEHOUSE_TRUSTED_PROXIES", "127.0.0.1")];
        (TestApp::spawn_with(&trusted).await, "X-Forwarded-For")
    };
    let from = |address: &'static str| {
        let app = &app;
        move |email: &'static str, password: &'static str| async move {
            reqwest::Client::new()
                .post(format!("{}/api/sign_in", app.address))
                .header(header::ORIGIN, &app.address)
                .header(header::ACCEPT, "application/json")
                .header(client_header, address)
                .form(&[
                    ("email", email),
                    ("password", password),
                    ("realm", "console"),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    let attacker = from("203.0.113.66");
    let mut statuses = Vec::new();
    for _ in 0..40 {
        statuses.push(attacker(ADMIN_EMAIL, "a wrong guess").await);
    }
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // The owner, from their own address, signs in at once.
    let owner = from("198.51.100.7");
    assert_eq!(owner(ADMIN_EMAIL, ADMIN_PASSWORD).await, StatusCode::OK);
    if skipped_on_workers("Cloudflare sets CF-Connecting-IP itself: a client cannot forge it") {
        return;
    }
    // A forged X-Forwarded-For from an untrusted peer changes nothing: the peer is the client.
    let untrusted = TestApp::spawn().await;
    let mut last = StatusCode::OK;
    for n in 0..15 {
        last = reqwest::Client::new()
            .post(format!("{}/api/sign_in", untrusted.address))
            .header(header::ORIGIN, &untrusted.address)
            .header("X-Forwarded-For", format!("203.0.113.{n}"))
            .form(&[
                ("email", ADMIN_EMAIL),
                ("password", "a wrong guess"),
                ("realm", "console"),
            ])
            .send()
            .await
            .unwrap()
            .status();
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn bodies_that_cannot_be_read_get_400_or_413_not_502() {
    let app = TestApp::spawn().await;
    let post = |body: Vec<u8>| {
        reqwest::Client::new()
            .post(format!("{}/api/sign_up", app.address))
            .header(header::ORIGIN, &app.address)
            .header(header::ACCEPT, "application/json")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let invalid = post(b"full_name=\xff\xfe&email=a@example.com&password=long+enough+pw".to_vec())
        .await
        .unwrap();
    assert_eq!(invalid.status(), StatusCode::BAD_REQUEST);
    let body: Value = invalid.json().await.unwrap();
    assert!(
        body["BadRequest"]
            .as_str()
            .unwrap()
            .contains("could not be read"),
        "{body}"
    );
    let huge = post(vec![b'a'; 3 * 1024 * 1024]).await.unwrap();
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(huge.json::<Value>().await.unwrap(), json!("TooLarge"));
    assert_eq!(app.developer_count().await, 0);
}

#[tokio::test]
async fn sign_up_and_password_reset_answer_alike_for_known_and_unknown_addresses() {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_verifying_with(&sink).await;
    let first = app.sign_up("Ada", "ada@example.com", PASSWORD).await;
    assert_eq!(first.status, StatusCode::OK);
    // Ada confirms: hers is a known account. (An unconfirmed one is sent a new confirmation
    // link instead of the note below; see the verification tests.)
    let link = sink
        .wait_for("ada@example.com", "Subject: Confirm your email")
        .await;
    let confirmed = app
        .call("confirm_email", &[("token", &link_token(&link))], None)
        .await;
    assert_eq!(confirmed.status, StatusCode::OK);
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for n in 0..6 {
        let started = Instant::now();
        let again = app.sign_up("Mallory", "ADA@example.com", PASSWORD).await;
        known.push(started.elapsed());
        let started = Instant::now();
        let fresh = app
            .sign_up("Mallory", &format!("new{n}@example.com"), PASSWORD)
            .await;
        unknown.push(started.elapsed());
        assert_eq!((again.status, &again.body), (fresh.status, &fresh.body));
        assert_eq!(
            again.body,
            json!({"status": "pending", "confirm_email": true})
        );
        assert_eq!(
            (again.session, fresh.session),
            (None, None),
            "no one is signed in"
        );
    }
    assert_similar("sign-up", &known, &unknown);
    // Nor does signing in with the password just used: an unconfirmed address cannot.
    for email in ["new0@example.com"] {
        let reply = app.sign_in("portal", email, PASSWORD, None).await;
        assert_eq!(
            (reply.status, reply.body),
            (StatusCode::UNAUTHORIZED, json!("InvalidCredentials")),
            "{email}"
        );
    }
    let note = sink
        .wait_for(
            "ada@example.com",
            "Subject: Someone tried to sign up with your email",
        )
        .await;
    assert!(note.contains("You already have an account"), "{note}");
    assert_eq!(app.developer_count().await, 7);

    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for n in 0..6 {
        let started = Instant::now();
        let a = app
            .call(
                "request_password_reset",
                &[("email", "ada@example.com")],
                None,
            )
            .await;
        known.push(started.elapsed());
        let started = Instant::now();
        let b = app
            .call(
                "request_password_reset",
                &[("email", &format!("nobody{n}@example.com"))],
                None,
            )
            .await;
        unknown.push(started.elapsed());
        assert_eq!((a.status, a.body), (b.status, b.body));
    }
    assert_similar("password reset", &known, &unknown);
}

#[tokio::test]
async fn the_owner_of_an_address_someone_else_signed_up_with_takes_the_account_over() {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_verifying_with(&sink).await;
    // A squatter signs up with Ada's address and a password of their own.
    app.sign_up("Squatter", "ada@example.com", "the squatter's password")
        .await;
    // Ada asks for a reset; the link reaches her mailbox only, and confirms the address.
    app.call(
        "request_password_reset",
        &[("email", "ada@example.com")],
        None,
    )
    .await;
    let reset = sink
        .wait_for(
            "ada@example.com",
            "Subject: Reset your developer portal password",
        )
        .await;
    let redeemed = app
        .call(
            "reset_password",
            &[
                ("token", &link_token(&reset)),
                ("new_password", "ada's own password"),
            ],
            None,
        )
        .await;
    assert_eq!(redeemed.status, StatusCode::OK, "{:?}", redeemed.body);
    let ada = app
        .sign_in("portal", "ada@example.com", "ada's own password", None)
        .await;
    assert_eq!(ada.status, StatusCode::OK, "{:?}", ada.body);
    assert_eq!(
        app.sign_in("portal", "ada@example.com", "the squatter's password", None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // The request now reaches the admins, as a confirmation would.
    sink.wait_for(ADMIN_EMAIL, "Subject: New developer request")
        .await;
}

#[tokio::test]
async fn made_up_reset_links_cost_no_password_hash() {
    let app = TestApp::spawn().await;
    // The baseline: signing in as no one runs Argon2 (on a stand-in hash).
    let mut hashed = Vec::new();
    for n in 0..3 {
        let started = Instant::now();
        let reply = app
            .sign_in("portal", &format!("nobody{n}@example.com"), PASSWORD, None)
            .await;
        hashed.push(started.elapsed());
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let mut refused = Vec::new();
    for n in 0..25 {
        let started = Instant::now();
        let reply = app
            .call(
                "reset_password",
                &[
                    ("token", &format!("made-up-{n}")),
                    ("new_password", "a long new password"),
                ],
                None,
            )
            .await;
        refused.push(started.elapsed());
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    }
    assert_far_quicker("a made-up link", &refused, "a sign-in", &hashed);
}

/// The median of `quick` is under a third of the median of `slow`, measured in the same run:
/// what is refused before any password hashing is far quicker than what hashes.
fn assert_far_quicker(what: &str, quick: &[Duration], than: &str, slow: &[Duration]) {
    let ratio = median(quick) / median(slow);
    assert!(
        ratio < 1.0 / 3.0,
        "{what} took {ratio:.2} of {than}: was it hashed? {quick:?} vs {slow:?}"
    );
}

fn median(timings: &[Duration]) -> f64 {
    let mut sorted = timings.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2].as_secs_f64()
}

/// The medians of two sets of timings are within 25% of each other.
fn assert_similar(what: &str, a: &[Duration], b: &[Duration]) {
    let ratio = median(a) / median(b);
    assert!(
        (0.8..1.25).contains(&ratio),
        "{what}: known {:?} vs unknown {:?} (ratio {ratio:.2})",
        a,
        b
    );
}

#[tokio::test]
async fn an_origin_naming_an_attacker_chosen_host_is_refused() {
    let app = TestApp::spawn().await;
    let forged = reqwest::Client::new()
        .post(format!("{}/api/sign_up", app.address))
        .header(header::HOST, "rebind.evil.example")
        .header(header::ORIGIN, "http://rebind.evil.example")
        .form(&[
            ("full_name", "Mallory"),
            ("email", "m@example.com"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.developer_count().await, 0);
}
