//! Headers on every response and the Origin check on state-changing requests.

use reqwest::{header, StatusCode};

use crate::helpers::TestApp;

#[tokio::test]
async fn pages_carry_a_nonce_based_policy_that_lets_the_wasm_run() {
    let app = TestApp::spawn().await;
    let response = app.get("/signup").await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    let csp = headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce");
    let html = response.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site() {
    let app = TestApp::spawn().await;
    let response = reqwest::Client::new()
        .post(format!("{}/api/sign_up", app.address))
        .header(header::ORIGIN, &app.address)
        .form(&[
            ("full_name", "Ada"),
            ("email", "ada@example.com"),
            ("password", "analytical engine"),
        ])
        .send()
        .await
        .unwrap();
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
}

#[tokio::test]
async fn a_post_from_another_site_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let response = reqwest::Client::new()
        .post(format!("{}/api/sign_up", app.address))
        .header(header::ORIGIN, "https://evil.example")
        .form(&[
            ("full_name", "Mallory"),
            ("email", "m@example.com"),
            ("password", "analytical engine"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.developer_count().await, 0);
}

#[tokio::test]
async fn a_malformed_server_function_call_is_a_400_not_a_500() {
    let app = TestApp::spawn().await;
    let reply = app.call("sign_up", &[("full_name", "Ada")], None).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body["BadRequest"].is_string(), "{:?}", reply.body);
    let reply = app
        .call(
            "sign_in",
            &[
                ("email", "a@example.com"),
                ("password", "x"),
                ("realm", "nowhere"),
            ],
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}
