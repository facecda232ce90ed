//! Admin API tokens (`/admin/tokens`, `gatehouse token create`) and `/api/v1`: scopes, 401s,
//! problem details, `If-Match`, `Idempotency-Key`, the OpenAPI document.

use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{skipped_on_workers, Reply, TestApp, ADMIN_EMAIL};

impl TestApp {
    /// Makes a token through the console's server function; returns (id, secret).
    pub async fn api_token(&self, admin: &str, name: &str, scopes: &[&str]) -> (String, String) {
        let made = self.make_token(admin, name, scopes, "").await;
        assert_eq!(made.status, StatusCode::OK, "{:?}", made.body);
        (
            made.body["id"].as_str().expect("an id").to_string(),
            made.body["secret"].as_str().expect("a secret").to_string(),
        )
    }

    pub async fn make_token(&self, admin: &str, name: &str, scopes: &[&str], days: &str) -> Reply {
        let fields: Vec<(String, String)> = [
            ("token[name]".to_string(), name.to_string()),
            ("token[expires_in_days]".to_string(), days.to_string()),
        ]
        .into_iter()
        .chain(
            scopes
                .iter()
                .map(|scope| (format!("token[{scope}]"), "on".to_string())),
        )
        .collect();
        let form: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.call("create_api_token", &form, Some(admin)).await
    }

    /// Calls the admin API with a bearer token (and more headers, and a JSON body).
    pub async fn api(
        &self,
        method: Method,
        path: &str,
        token: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> (StatusCode, header::HeaderMap, Value) {
        let mut request = reqwest::Client::new()
            .request(method, format!("{}{path}", self.address))
            .bearer_auth(token);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("a body");
        (
            status,
            headers,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
}

fn content_type(headers: &header::HeaderMap) -> &str {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_token_is_shown_once_listed_without_its_secret_used_and_revoked() {
    let app = TestApp::spawn().await;
    let owner = app.admin_session().await;
    let (id, secret) = app.api_token(&owner, "ci", &["read"]).await;
    assert!(secret.starts_with("gha_") && secret.len() > 40, "{secret}");

    let listed = app.call("list_api_tokens", &[], Some(&owner)).await.body;
    let row = &listed[0];
    assert_eq!(row["name"], "ci");
    assert_eq!(row["scopes"], json!(["read"]));
    assert_eq!(row["admin_email"], ADMIN_EMAIL);
    assert!(row["last_used_at"].is_null());
    assert!(secret.starts_with(row["prefix"].as_str().unwrap()));
    assert!(
        !listed.to_string().contains(&secret),
        "the secret is never listed"
    );

    let (status, _, body) = app
        .api(Method::GET, "/api/v1/developers", &secret, &[], None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"], json!([]));
    let listed = app.call("list_api_tokens", &[], Some(&owner)).await.body;
    assert!(listed[0]["last_used_at"].is_string(), "its use is recorded");

    // Two live tokens never share a name.
    let again = app.make_token(&owner, "ci", &["read"], "").await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.body["Invalid"][0]["field"], "name");

    let revoked = app
        .call("revoke_api_token", &[("token_id", &id)], Some(&owner))
        .await;
    assert_eq!(revoked.status, StatusCode::OK, "{:?}", revoked.body);
    let (status, headers, body) = app
        .api(Method::GET, "/api/v1/developers", &secret, &[], None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(content_type(&headers), "application/problem+json");
    assert!(headers.get(header::WWW_AUTHENTICATE).is_some());
    assert_eq!(body["status"], 401);
    let mut actions = app.audit_actions_for(&id).await;
    actions.sort();
    assert_eq!(actions, ["api_token.created", "api_token.revoked"]);
}

#[tokio::test]
async fn bad_token_forms_change_nothing_and_say_which_field() {
    let app = TestApp::spawn().await;
    let owner = app.admin_session().await;
    let refused = app.make_token(&owner, "a/b", &[], "-3").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = refused.body["Invalid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "expires_in_days"]);
    let no_scope = app.make_token(&owner, "ci", &[], "").await;
    assert_eq!(no_scope.body["Invalid"][0]["field"], "scopes");
    assert_eq!(app.count("api_tokens").await, 0);
}

#[tokio::test]
async fn a_read_token_reads_but_cannot_approve_and_a_manage_token_is_audited_by_name() {
    let app = TestApp::spawn().await;
    let owner = app.admin_session().await;
    app.sign_up("Pending Dev", "pending@example.com", "a long password")
        .await;
    let (_, read) = app.api_token(&owner, "dashboard", &["read"]).await;
    let (_, manage) = app.api_token(&owner, "ci", &["developers"]).await;

    let (status, _, list) = app
        .api(
            Method::GET,
            "/api/v1/developers?status=pending&q=pend",
            &read,
            &[],
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["counts"]["pending"], 1);
    let id = list["data"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(list["data"][0]["email"], "pending@example.com");

    let approve = format!("/api/v1/developers/{id}/approve");
    let (status, headers, body) = app.api(Method::POST, &approve, &read, &[], None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(content_type(&headers), "application/problem+json");
    assert!(body["detail"].as_str().unwrap().contains("developers"));
    assert_eq!(
        app.developer_status_by_email("pending@example.com").await,
        Some(app::model::DeveloperStatus::Pending)
    );

    let (status, _, body) = app.api(Method::POST, &approve, &manage, &[], None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "approved");
    let audit = app
        .api(
            Method::GET,
            "/api/v1/audit?action=developer.approved",
            &read,
            &[],
            None,
        )
        .await
        .2;
    assert_eq!(
        audit["data"][0]["actor"],
        format!("token \"ci\" of {ADMIN_EMAIL}")
    );

    // An action the lifecycle does not allow is refused by the same rule as the console's.
    let (status, _, body) = app
        .api(
            Method::POST,
            &format!("/api/v1/developers/{id}/reject"),
            &manage,
            &[],
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // A developers token cannot change settings.
    let (status, _, _) = app
        .api(
            Method::PUT,
            "/api/v1/settings",
            &manage,
            &[],
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn expired_tokens_sessions_and_strangers_get_401() {
    let app = TestApp::spawn().await;
    let owner = app.admin_session().await;
    let (id, secret) = app.api_token(&owner, "short", &["read"]).await;
    assert!(app.expire_api_token_now(&id).await);
    let (status, _, _) = app
        .api(Method::GET, "/api/v1/developers", &secret, &[], None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = app
        .api(
            Method::GET,
            "/api/v1/developers",
            "gha_not-a-token",
            &[],
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // A console session is not an API credential.
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/developers", app.address))
        .header(header::COOKIE, format!("gatehouse_session={owner}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    // Nor is a developer's session.
    let (_, developer) = app.approved_developer("dev@example.com", &owner).await;
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/developers", app.address))
        .header(header::COOKIE, format!("gatehouse_session={developer}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn if_match_stops_a_second_script_and_a_retried_post_is_answered_once() {
    let app = TestApp::spawn().await;
    let owner = app.admin_session().await;
    let (developer_id, _) = app.approved_developer("dev@example.com", &owner).await;
    let (_, token) = app.api_token(&owner, "ci", &["developers"]).await;
    let path = format!("/api/v1/developers/{developer_id}");
    let (status, headers, _) = app.api(Method::GET, &path, &token, &[], None).await;
    assert_eq!(status, StatusCode::OK);
    let etag = headers[header::ETAG].to_str().unwrap().to_string();

    // Script A revokes with the version it read; script B, with the same version, is refused.
    let revoke = format!("{path}/revoke");
    let (status, _, body) = app
        .api(Method::POST, &revoke, &token, &[("If-Match", &etag)], None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, headers, body) = app
        .api(
            Method::POST,
            &format!("{path}/approve"),
            &token,
            &[("If-Match", &etag)],
            None,
        )
        .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{body}");
    assert_eq!(content_type(&headers), "application/problem+json");
    assert_eq!(
        app.developer_status_by_email("dev@example.com").await,
        Some(app::model::DeveloperStatus::Revoked)
    );

    // The same POST with the same key twice: one approval, the same answer twice.
    let key = [("Idempotency-Key", "approve-dev-1")];
    let approve = format!("{path}/approve");
    let first = app.api(Method::POST, &approve, &token, &key, None).await;
    assert_eq!(first.0, StatusCode::OK, "{}", first.2);
    let second = app.api(Method::POST, &approve, &token, &key, None).await;
    assert_eq!(second.0, StatusCode::OK, "{}", second.2);
    assert_eq!(first.2, second.2);
    assert_eq!(second.1["idempotent-replayed"], "true");
    let approvals = app
        .audit_actions_for(&developer_id)
        .await
        .into_iter()
        .filter(|action| action == "developer.approved")
        .count();
    assert_eq!(approvals, 2, "the sign-up approval and one by the script");
    // The same key with another request is refused.
    let (status, _, body) = app.api(Method::POST, &revoke, &token, &key, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["type"], "idempotency_key_reused");
}

#[tokio::test]
async fn bad_input_gets_a_problem_naming_the_field_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.admin_session().await;
    let (_, token) = app
        .api_token(&owner, "ops", &["developers", "settings"])
        .await;
    let invite = "/api/v1/developers/invite";
    let (status, headers, body) = app
        .api(
            Method::POST,
            invite,
            &token,
            &[],
            Some(json!({ "emails": ["fine@example.com", "not an address"] })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(content_type(&headers), "application/problem+json");
    assert_eq!(body["errors"][0]["field"], "emails");
    assert_eq!(app.count("outbox").await, 0);

    let (status, _, body) = app
        .api(
            Method::POST,
            invite,
            &token,
            &[],
            Some(json!({ "emails": "x" })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["errors"][0]["field"], "emails",
        "the field of the wrong shape"
    );
    let response = reqwest::Client::new()
        .post(format!("{}{invite}", app.address))
        .bearer_auth(&token)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "body");
    // A query parameter that does not fit is a problem naming it too.
    for (path, field) in [
        ("/api/v1/developers?status=lost", "status"),
        ("/api/v1/applications?status=", "status"),
        ("/api/v1/audit?before=99999999999999999999", "before"),
    ] {
        let (status, headers, body) = app.api(Method::GET, path, &token, &[], None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {body}");
        assert_eq!(content_type(&headers), "application/problem+json");
        assert_eq!(body["errors"][0]["field"], field, "{path}");
    }

    let (status, _, body) = app
        .api(
            Method::POST,
            invite,
            &token,
            &[],
            Some(json!({ "emails": ["new@example.com"] })),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["invited"], 1);

    let (status, headers, settings) = app
        .api(Method::GET, "/api/v1/settings", &token, &[], None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let etag = headers[header::ETAG].to_str().unwrap().to_string();
    let mut wanted = settings.clone();
    wanted["credential_types"] = json!(["key-auth", "api-key"]);
    let (status, _, body) = app
        .api(
            Method::PUT,
            "/api/v1/settings",
            &token,
            &[("If-Match", &etag)],
            Some(wanted.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "credential_types");

    wanted["credential_types"] = json!(["key-auth", "jwt"]);
    wanted["auto_approve_developers"] = json!(true);
    let (status, _, body) = app
        .api(
            Method::PUT,
            "/api/v1/settings",
            &token,
            &[("If-Match", &etag)],
            Some(wanted.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, wanted);
    // The version read before that save is stale now.
    let (status, _, _) = app
        .api(
            Method::PUT,
            "/api/v1/settings",
            &token,
            &[("If-Match", &etag)],
            Some(settings),
        )
        .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);

    let (status, headers, body) = app
        .api(Method::GET, "/api/v1/nothing-here", &token, &[], None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(content_type(&headers), "application/problem+json");
    assert_eq!(body["status"], 404);
}

#[tokio::test]
async fn an_admins_token_cannot_have_the_settings_scope_nor_revoke_anothers() {
    let app = TestApp::spawn().await;
    let owner = app.admin_session().await;
    app.create_admin(
        "ops@example.com",
        "ops password 1",
        app::model::AdminRole::Admin,
    )
    .await;
    let ops = app
        .sign_in("console", "ops@example.com", "ops password 1", None)
        .await
        .session
        .unwrap();
    let refused = app.make_token(&ops, "ops", &["settings"], "").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["Invalid"][0]["field"], "scopes");
    let (owners, _) = app.api_token(&owner, "owners", &["read"]).await;
    let revoke = app
        .call("revoke_api_token", &[("token_id", &owners)], Some(&ops))
        .await;
    assert_eq!(revoke.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn registrations_are_decided_through_the_api() {
    let app = TestApp::spawn().await;
    let owner = app.admin_session().await;
    let (developer_id, developer) = app.approved_developer("dev@example.com", &owner).await;
    let service = app.service(&owner, "Orders", "/orders", "").await;
    let application = app.application(&developer, "Shop").await;
    let registered = app
        .call(
            "register_application",
            &[("application_id", &application), ("service_id", &service)],
            Some(&developer),
        )
        .await;
    assert_eq!(registered.status, StatusCode::OK, "{:?}", registered.body);
    let (_, token) = app.api_token(&owner, "ci", &["applications"]).await;

    let (_, _, detail) = app
        .api(
            Method::GET,
            &format!("/api/v1/developers/{developer_id}"),
            &token,
            &[],
            None,
        )
        .await;
    let registration = detail["applications"][0]["registrations"][0].clone();
    assert_eq!(registration["status"], "pending");
    let id = registration["id"].as_str().unwrap();
    let (status, _, body) = app
        .api(
            Method::POST,
            &format!("/api/v1/registrations/{id}/approve"),
            &token,
            &[],
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "approved");
    assert_eq!(body["application_id"], application.as_str());

    let (status, _, apps) = app
        .api(
            Method::GET,
            "/api/v1/applications?status=approved",
            &token,
            &[],
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(apps["data"][0]["name"], "Shop");
    let (_, _, services) = app
        .api(Method::GET, "/api/v1/services", &token, &[], None)
        .await;
    assert_eq!(services["data"][0]["name"], "Orders");
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_renders_as_a_page() {
    let app = TestApp::spawn().await;
    let document: Value = app
        .get("/api/v1/openapi.json")
        .await
        .json()
        .await
        .expect("JSON");
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/developers",
        "/api/v1/developers/{id}/approve",
        "/api/v1/registrations/{id}/revoke",
        "/api/v1/settings",
        "/api/v1/audit",
    ] {
        assert!(document["paths"][path].is_object(), "{path} is described");
    }
    assert_eq!(
        document["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let page = app.get("/api/v1/docs").await.text().await.unwrap();
    assert!(page.contains("/api/v1/developers/{id}/approve"));
}

#[tokio::test]
async fn the_command_line_makes_a_token_for_scripting_a_fresh_install() {
    if skipped_on_workers("the command line opens the database itself") {
        return;
    }
    let app = TestApp::spawn().await;
    let (_, url) = app.database();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .args([
            "token",
            "create",
            "--name",
            "bootstrap",
            "--scope",
            "read",
            "--email",
        ])
        .arg(ADMIN_EMAIL)
        .env("GATEHOUSE_DATABASE_URL", url)
        .env("GATEHOUSE_SECRET_KEY", "5e".repeat(32))
        .output()
        .expect("gatehouse runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let secret = String::from_utf8(output.stdout).unwrap().trim().to_string();
    assert!(
        secret.starts_with("gha_"),
        "only the secret is on stdout: {secret}"
    );
    let (status, _, _) = app
        .api(Method::GET, "/api/v1/developers", &secret, &[], None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .args([
            "token",
            "create",
            "--name",
            "x",
            "--scope",
            "read",
            "--email",
            "nobody@example.com",
        ])
        .env("GATEHOUSE_DATABASE_URL", url)
        .env("GATEHOUSE_SECRET_KEY", "5e".repeat(32))
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("no admin"));
}

#[tokio::test]
async fn an_admin_acts_for_a_developer_issuing_and_importing_credentials_audited_as_such() {
    let app = TestApp::spawn().await;
    let owner = app.admin_session().await;
    let (developer_id, _) = app.approved_developer("dev@example.com", &owner).await;
    let (_, token) = app.api_token(&owner, "ci", &["applications"]).await;
    let base = format!("/api/v1/developers/{developer_id}");
    let (status, _, created) = app
        .api(
            Method::POST,
            &format!("{base}/applications"),
            &token,
            &[],
            Some(json!({ "name": "Imported" })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let application = created["id"].as_str().unwrap().to_string();
    let credentials = format!("{base}/applications/{application}/credentials");

    let (status, _, issued) = app
        .api(
            Method::POST,
            &credentials,
            &token,
            &[],
            Some(json!({ "type": "key-auth" })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    assert!(
        issued["secret"].as_str().unwrap().len() >= 32,
        "a generated key is answered once"
    );

    let key = "kong-issued-key-0123456789";
    let (status, _, imported) = app
        .api(
            Method::POST,
            &credentials,
            &token,
            &[],
            Some(json!({ "type": "key-auth", "secret": key })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{imported}");
    assert!(
        imported["secret"].is_null(),
        "an imported secret is not repeated"
    );
    let (status, _, again) = app
        .api(
            Method::POST,
            &credentials,
            &token,
            &[],
            Some(json!({ "type": "key-auth", "secret": key })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{again}");
    assert_eq!(again["errors"][0]["field"], "secret");
    let (status, _, short) = app
        .api(
            Method::POST,
            &credentials,
            &token,
            &[],
            Some(json!({ "type": "key-auth", "secret": "a b" })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{short}");

    let imported_id = imported["id"].as_str().unwrap();
    let (status, _, rolled) = app
        .api(
            Method::POST,
            &format!("{base}/credentials/{imported_id}/roll"),
            &token,
            &[],
            Some(json!({ "grace_days": 1 })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{rolled}");
    assert_ne!(rolled["secret"].as_str().unwrap(), key);
    let (status, _, _) = app
        .api(
            Method::DELETE,
            &format!("{base}/credentials/{imported_id}"),
            &token,
            &[],
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    let audit = app
        .api(
            Method::GET,
            "/api/v1/audit?action=credential.created",
            &token,
            &[],
            None,
        )
        .await
        .2;
    assert_eq!(
        audit["data"][0]["actor"],
        format!("dev@example.com (by token \"ci\" of {ADMIN_EMAIL})")
    );

    // Only for approved developers.
    app.sign_up("Pending", "pending@example.com", "a long password")
        .await;
    let pending = app
        .api(
            Method::GET,
            "/api/v1/developers?status=pending",
            &token,
            &[],
            None,
        )
        .await
        .2["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, _, body) = app
        .api(
            Method::POST,
            &format!("/api/v1/developers/{pending}/applications"),
            &token,
            &[],
            Some(json!({ "name": "x" })),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
}
