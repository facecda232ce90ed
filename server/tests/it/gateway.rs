//! `/gateway/verify` and `/oauth2/token` over HTTP, as a forward-auth gateway calls them.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{skipped_on_workers, TestApp};

/// An approved developer with an application registered (approved) with `/petstore`.
struct Setup {
    app: TestApp,
    admin: String,
    developer_id: String,
    developer: String,
    application: String,
    registration: String,
}

/// Each case runs twice: with an index holding every credential, and with one holding none,
/// which looks each credential up (as a Worker's isolate does above
/// `GATEHOUSE_GATEWAY_INDEX_LIMIT` credentials).
macro_rules! held_and_looked_up {
    ($($case:ident),* $(,)?) => {
        mod held {
            $(#[tokio::test]
            async fn $case() {
                super::$case(super::setup().await).await
            })*
        }
        mod looked_up {
            $(#[tokio::test]
            async fn $case() {
                super::$case(super::setup_with(&[("GATEHOUSE_GATEWAY_INDEX_LIMIT", "0")]).await).await
            })*
        }
    };
}

held_and_looked_up!(
    a_key_is_allowed_with_consumer_headers_and_refused_within_a_second_of_revocation,
    a_revoked_developer_a_disabled_type_an_expired_key_and_acl_groups_are_refused,
    the_token_endpoint_issues_bearer_tokens_for_oauth2_clients,
    a_credential_never_used_shows_no_last_use_until_it_is_used,
);

async fn setup() -> Setup {
    setup_with(&[]).await
}

async fn setup_with(settings: &[(&str, &str)]) -> Setup {
    let app = TestApp::spawn_with(settings).await;
    let admin = app.admin_session().await;
    let (developer_id, developer) = app.approved_developer("ada@example.com", &admin).await;
    let service = app.service(&admin, "Petstore", "/petstore", "").await;
    let application = app.application(&developer, "Billing").await;
    let registration = app
        .approved_registration(&admin, &developer, &application, &service)
        .await;
    Setup {
        app,
        admin,
        developer_id,
        developer,
        application,
        registration,
    }
}

async fn verify(
    app: &TestApp,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    verify_at(&app.address, uri, headers).await
}

/// Asks the gateway endpoint at `address`.
async fn verify_at(
    address: &str,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let mut request = reqwest::Client::new()
        .get(format!("{address}/gateway/verify"))
        .header("X-Original-URI", uri)
        .header("X-Original-Method", "GET");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, headers, body)
}

/// Polls until verify answers `status`; returns how long it took.
async fn until(app: &TestApp, headers: &[(&str, &str)], status: StatusCode) -> Duration {
    let started = Instant::now();
    loop {
        let (got, _, body) = verify(app, "/petstore/pets", headers).await;
        if got == status {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "still not {status}: {got} {body}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn a_key_is_allowed_with_consumer_headers_and_refused_within_a_second_of_revocation(
    s: Setup,
) {
    let key = s
        .app
        .credential(&s.developer, &s.application, "key-auth", &[])
        .await
        .body;
    let secret = key["secret"].as_str().unwrap().to_string();
    until(&s.app, &[("apikey", &secret)], StatusCode::OK).await;
    let (status, headers, _) = verify(&s.app, "/petstore/pets/1", &[("apikey", &secret)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["x-consumer-id"], s.developer_id.as_str());
    assert_eq!(headers["x-consumer-username"], "ada@example.com");
    assert_eq!(headers["x-application-id"], s.application.as_str());
    assert_eq!(
        headers["x-credential-identifier"],
        key["id"].as_str().unwrap()
    );

    // Unknown keys, missing keys, other routes.
    let (status, headers, body) = verify(&s.app, "/petstore/pets", &[("apikey", "nope")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(headers.contains_key("www-authenticate"));
    assert_eq!(body["message"], "Invalid API key.");
    assert_eq!(
        verify(&s.app, "/petstore", &[]).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        verify(&s.app, "/petstorex/pets", &[("apikey", &secret)])
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        verify(&s.app, &format!("/petstore?apikey={secret}"), &[])
            .await
            .0,
        StatusCode::OK
    );

    let revoked = s
        .app
        .call(
            "act_on_registration",
            &[
                ("registration_id", &s.registration),
                ("action", "revoke"),
                ("expected", "approved"),
            ],
            Some(&s.admin),
        )
        .await;
    assert_eq!(revoked.status, StatusCode::OK);
    let took = until(&s.app, &[("apikey", &secret)], StatusCode::FORBIDDEN).await;
    assert!(took < Duration::from_secs(1), "took {took:?}");

    // Last used is written in batches.
    s.app.flush_usage().await;
    let details = s
        .app
        .call(
            "get_application",
            &[("application_id", &s.application)],
            Some(&s.developer),
        )
        .await
        .body;
    assert!(details["credentials"][0]["last_used_at"].is_string());
}

async fn a_revoked_developer_a_disabled_type_an_expired_key_and_acl_groups_are_refused(s: Setup) {
    let secret = s
        .app
        .credential(&s.developer, &s.application, "key-auth", &[])
        .await
        .body["secret"]
        .as_str()
        .unwrap()
        .to_string();
    let key = [("apikey", secret.as_str())];
    until(&s.app, &key, StatusCode::OK).await;
    let act = |action: &'static str, expected: &'static str| {
        let s = &s;
        async move {
            s.app
                .call(
                    "act_on_developer",
                    &[
                        ("developer_id", &s.developer_id),
                        ("action", action),
                        ("expected", expected),
                    ],
                    Some(&s.admin),
                )
                .await
                .status
        }
    };
    assert_eq!(act("revoke", "approved").await, StatusCode::OK);
    assert!(until(&s.app, &key, StatusCode::FORBIDDEN).await < Duration::from_secs(1));
    assert_eq!(act("approve", "revoked").await, StatusCode::OK);
    until(&s.app, &key, StatusCode::OK).await;

    s.app.set_flag("credential_type.key-auth", false).await;
    until(&s.app, &key, StatusCode::UNAUTHORIZED).await;
    s.app.set_flag("credential_type.key-auth", true).await;
    until(&s.app, &key, StatusCode::OK).await;

    // The service asks for a group the application lacks, then the admin grants it.
    let services = s.app.call("list_services", &[], Some(&s.admin)).await.body;
    let service_id = services[0]["id"].as_str().unwrap();
    let form = s
        .app
        .call(
            "get_service_form",
            &[("service_id", service_id)],
            Some(&s.admin),
        )
        .await
        .body;
    let saved = s
        .app
        .call(
            "save_service",
            &[
                ("form[id]", service_id),
                ("form[name]", form["name"].as_str().unwrap()),
                ("form[version]", "1.0"),
                ("form[description]", ""),
                ("form[route_prefix]", "/petstore"),
                ("form[host]", "petstore.example.com"),
                ("form[acl_groups]", "gold"),
                ("form[openapi]", ""),
            ],
            Some(&s.admin),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    // With a host and a prefix, a request must match both.
    let on_host = [key[0], ("X-Forwarded-Host", "petstore.example.com")];
    let (status, _, body) = {
        until(&s.app, &on_host, StatusCode::FORBIDDEN).await;
        verify(&s.app, "/petstore/pets", &on_host).await
    };
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body["message"].as_str().unwrap().contains("ACL"));
    s.app
        .call(
            "set_application_groups",
            &[("application_id", &s.application), ("groups", "gold")],
            Some(&s.admin),
        )
        .await;
    until(&s.app, &on_host, StatusCode::OK).await;
    let (status, headers, _) = verify(&s.app, "/petstore/pets/1", &on_host).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["x-consumer-groups"], "gold");
    // Another path on that host, or the prefix on another host, is no longer this service.
    for (uri, headers) in [("/anything", &on_host[..]), ("/petstore/pets", &key[..])] {
        let (status, _, body) = verify(&s.app, uri, headers).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{uri}");
        assert_eq!(
            body["message"],
            "No published service matches this request's route."
        );
    }

    // An expired key is refused.
    let expiring = s
        .app
        .credential(
            &s.developer,
            &s.application,
            "key-auth",
            &[("credential[expires_in_days]", "1")],
        )
        .await
        .body;
    let id = expiring["id"].as_str().unwrap();
    let expired_key = expiring["secret"].as_str().unwrap().to_string();
    let expired = [
        ("apikey", expired_key.as_str()),
        ("X-Forwarded-Host", "petstore.example.com"),
    ];
    until(&s.app, &expired, StatusCode::OK).await;
    s.app.expire_credential_now(id).await;
    until(&s.app, &expired, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn malformed_credentials_get_401_never_500() {
    let s = setup().await;
    // The service is in the index once a bare request is refused for its credential.
    until(&s.app, &[], StatusCode::UNAUTHORIZED).await;
    let long = "x".repeat(20_000);
    for (name, value) in [
        ("authorization", "Basic %%%"),
        ("authorization", "Basic bm8tY29sb24="),
        ("authorization", "Bearer a.b.c"),
        (
            "authorization",
            "Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.",
        ),
        ("authorization", "hmac username=\"x\""),
        ("authorization", "hmac ,,,,=,=\"\""),
        ("authorization", "Digest abc"),
        ("authorization", long.as_str()),
        ("apikey", ""),
    ] {
        let (status, _, body) = verify(&s.app, "/petstore", &[(name, value)]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{name}: {value:.40}");
        assert!(body["message"].is_string());
    }
}

async fn the_token_endpoint_issues_bearer_tokens_for_oauth2_clients(s: Setup) {
    let client = s
        .app
        .credential(&s.developer, &s.application, "oauth2", &[])
        .await
        .body;
    let (id, secret) = (
        client["identifier"].as_str().unwrap(),
        client["secret"].as_str().unwrap(),
    );
    let http = reqwest::Client::new();
    let token_url = format!("{}/oauth2/token", s.app.address);
    let wrong = http
        .post(&token_url)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", id),
            ("client_secret", "wrong"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong.json::<Value>().await.unwrap()["error"],
        "invalid_client"
    );
    let no_grant = http
        .post(&token_url)
        .form(&[("client_id", id)])
        .send()
        .await
        .unwrap();
    assert_eq!(no_grant.status(), StatusCode::BAD_REQUEST);
    until(&s.app, &[], StatusCode::UNAUTHORIZED).await;
    let issued: Value = http
        .post(&token_url)
        .basic_auth(id, Some(secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(issued["token_type"], "bearer");
    assert_eq!(issued["expires_in"], 3600);
    let bearer = format!("Bearer {}", issued["access_token"].as_str().unwrap());
    until(&s.app, &[("authorization", &bearer)], StatusCode::OK).await;
    // Deleting the credential ends its tokens.
    s.app
        .call(
            "delete_credential",
            &[("credential_id", client["id"].as_str().unwrap())],
            Some(&s.developer),
        )
        .await;
    assert!(
        until(
            &s.app,
            &[("authorization", &bearer)],
            StatusCode::UNAUTHORIZED
        )
        .await
            < Duration::from_secs(1)
    );
}

async fn a_credential_never_used_shows_no_last_use_until_it_is_used(s: Setup) {
    let mut keys = Vec::new();
    for name in ["used", "unused"] {
        let reply = s
            .app
            .credential(
                &s.developer,
                &s.application,
                "key-auth",
                &[("credential[name]", name)],
            )
            .await;
        keys.push(reply.body["secret"].as_str().unwrap().to_string());
    }
    let used = &keys[0];
    until(&s.app, &[("apikey", used.as_str())], StatusCode::OK).await;
    // Both keys are in the gateway's index; only one was used. Two flushes (the first one
    // after a start once wrote "1970" for every key in the index).
    s.app.flush_usage().await;
    s.app.flush_usage().await;
    let details = s
        .app
        .call(
            "get_application",
            &[("application_id", s.application.as_str())],
            Some(&s.developer),
        )
        .await
        .body;
    let last_used = |name: &str| {
        details["credentials"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()["last_used_at"]
            .clone()
    };
    assert_eq!(
        last_used("unused"),
        Value::Null,
        "never used reads as never"
    );
    let today = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let at = last_used("used");
    let at = at.as_str().expect("a last-used time");
    assert_eq!(at[..10], today[..10], "used today: {at}");
}

/// A Worker answers from many isolates, each with its own index, which checks the database's
/// version on requests at most every 200 ms. Two such gateways beside the app (a local
/// Worker runs one isolate, so they are started here, over the app's database): a revoke
/// made through the portal is refused by each within a second.
#[tokio::test]
async fn every_isolate_refuses_a_revoked_key_within_a_second() {
    use gatehouse_core::auth::{Sealer, SecretKey};
    use server::gateway::{Following, Gateway, GatewayHeaders};

    if skipped_on_workers(
        "a local Worker runs one isolate; this test starts isolates' gateways itself",
    ) {
        return;
    }
    let s = setup().await;
    let key = s
        .app
        .credential(&s.developer, &s.application, "key-auth", &[])
        .await
        .body;
    let secret = key["secret"].as_str().unwrap().to_string();
    let mut isolates = Vec::new();
    for _ in 0..2 {
        let sealer = Sealer::new(&SecretKey::from_hex(&"5e".repeat(32)).unwrap());
        let gateway = Gateway::load(
            s.app.store().clone(),
            sealer,
            GatewayHeaders::default(),
            10,
            Following::OnRequest,
            None,
        )
        .await
        .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        isolates.push(format!("http://{}", listener.local_addr().unwrap()));
        let routes = server::gateway::routes(gateway);
        tokio::spawn(async move { axum::serve(listener, routes).await });
    }
    let key = [("apikey", secret.as_str())];
    for isolate in &isolates {
        assert_eq!(
            verify_at(isolate, "/petstore/pets", &key).await.0,
            StatusCode::OK
        );
    }
    let revoked = s
        .app
        .call(
            "act_on_developer",
            &[
                ("developer_id", &s.developer_id),
                ("action", "revoke"),
                ("expected", "approved"),
            ],
            Some(&s.admin),
        )
        .await;
    assert_eq!(revoked.status, StatusCode::OK);
    let started = Instant::now();
    for isolate in &isolates {
        loop {
            let (status, _, _) = verify_at(isolate, "/petstore/pets", &key).await;
            if status != StatusCode::OK {
                assert_eq!(status, StatusCode::FORBIDDEN);
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(1),
                "{isolate} still allows"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}
