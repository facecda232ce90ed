//! Plans: the console's rules for them, their enforcement by `/gateway/verify` (429 with
//! Retry-After and the RateLimit headers), calendar quotas that reset, usage by outcome, and
//! the bound on overshoot when several instances count one application's requests.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{skipped_on_workers, TestApp};

struct Setup {
    app: TestApp,
    admin: String,
    developer: String,
    application: String,
    service: String,
    registration: String,
    key: String,
}

async fn setup() -> Setup {
    setup_with(&[]).await
}

async fn setup_with(settings: &[(&str, &str)]) -> Setup {
    let app = TestApp::spawn_with(settings).await;
    let admin = app.admin_session().await;
    let (_, developer) = app.approved_developer("ada@example.com", &admin).await;
    let service = app.service(&admin, "Petstore", "/petstore", "").await;
    let application = app.application(&developer, "Billing").await;
    let registration = app
        .approved_registration(&admin, &developer, &application, &service)
        .await;
    let key = app
        .credential(&developer, &application, "key-auth", &[])
        .await
        .body["secret"]
        .as_str()
        .unwrap()
        .to_string();
    Setup {
        app,
        admin,
        developer,
        application,
        service,
        registration,
        key,
    }
}

/// Saves a plan through the console's server function; returns the answer.
async fn save_plan(
    s: &Setup,
    id: &str,
    name: &str,
    limits: &[(&str, &str)],
    default: bool,
) -> crate::helpers::Reply {
    let mut form = vec![
        ("plan[id]", id.to_string()),
        ("plan[service_id]", s.service.clone()),
        ("plan[name]", name.to_string()),
    ];
    for window in ["per_second", "per_minute", "per_day", "per_month"] {
        let value = limits
            .iter()
            .find(|(w, _)| *w == window)
            .map_or("", |(_, v)| *v);
        form.push((
            match window {
                "per_second" => "plan[per_second]",
                "per_minute" => "plan[per_minute]",
                "per_day" => "plan[per_day]",
                _ => "plan[per_month]",
            },
            value.to_string(),
        ));
    }
    if default {
        form.push(("plan[is_default]", "on".to_string()));
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    s.app.call("save_plan", &form, Some(&s.admin)).await
}

/// The developer's application page, as its server function answers it.
async fn application_details(s: &Setup) -> Value {
    s.app
        .call(
            "get_application",
            &[("application_id", &s.application)],
            Some(&s.developer),
        )
        .await
        .body
}

/// The setup's service as `list_plans` answers with these arguments.
async fn service_plans(s: &Setup, arguments: &[(&str, &str)]) -> Value {
    let services = s
        .app
        .call("list_plans", arguments, Some(&s.admin))
        .await
        .body;
    services
        .as_array()
        .unwrap()
        .iter()
        .find(|service| service["service_id"] == s.service.as_str())
        .unwrap()
        .clone()
}

async fn plans(s: &Setup) -> Vec<Value> {
    let services = s.app.call("list_plans", &[], Some(&s.admin)).await.body;
    services
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|service| service["plans"].as_array().unwrap().clone())
        .collect()
}

async fn plan_id(s: &Setup, name: &str) -> String {
    plans(s)
        .await
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no plan {name}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn verify_at(address: &str, key: &str) -> (StatusCode, reqwest::header::HeaderMap) {
    let response = reqwest::Client::new()
        .get(format!("{address}/gateway/verify"))
        // Both gateways' headers: only the configured style's are read.
        .header("X-Original-URI", "/petstore/pets")
        .header("X-Original-Method", "GET")
        .header("X-Forwarded-Uri", "/petstore/pets")
        .header("X-Forwarded-Method", "GET")
        .header("apikey", key)
        .send()
        .await
        .unwrap();
    (response.status(), response.headers().clone())
}

/// Polls until verify lets the key through under a plan (its answer names the limits): the
/// first request counted against it.
async fn first_limited(address: &str, key: &str) -> reqwest::header::HeaderMap {
    let started = Instant::now();
    loop {
        let (got, headers) = verify_at(address, key).await;
        if got == StatusCode::OK && headers.contains_key("ratelimit-policy") {
            return headers;
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "no plan applied after a second: {got}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn plans_are_added_changed_made_default_and_deleted_with_an_audit_entry_each() {
    let s = setup().await;
    assert_eq!(
        save_plan(&s, "", "Free", &[("per_day", "1000")], true)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        save_plan(&s, "", "Pro", &[("per_second", "100")], false)
            .await
            .status,
        StatusCode::OK
    );
    // A second default takes the mark from the first, in one transaction.
    let pro = plan_id(&s, "Pro").await;
    assert_eq!(
        save_plan(&s, &pro, "Pro", &[("per_second", "100")], true)
            .await
            .status,
        StatusCode::OK
    );
    let listed = plans(&s).await;
    let defaults: Vec<&Value> = listed.iter().filter(|p| p["is_default"] == true).collect();
    assert_eq!(defaults.len(), 1);
    assert_eq!(defaults[0]["name"], "Pro");

    // Same name twice, bad numbers: refused with the field's message, nothing changes.
    let again = save_plan(&s, "", "Free", &[], false).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.to_string().contains("has a plan with this name"));
    let bad = save_plan(
        &s,
        "",
        "Odd",
        &[("per_minute", "0"), ("per_day", "ten")],
        false,
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(plans(&s).await, listed);

    // The registration follows the default, then a plan chosen for it.
    let usage = |body: Value| body["usage"][0].clone();
    let details = application_details(&s).await;
    assert_eq!(usage(details.clone())["plan_name"], "Pro");
    assert_eq!(usage(details)["by_default"], true);
    let free = plan_id(&s, "Free").await;
    let set = s
        .app
        .call(
            "set_registration_plan",
            &[("registration_id", &s.registration), ("plan_id", &free)],
            Some(&s.admin),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK);
    let details = application_details(&s).await;
    assert_eq!(usage(details.clone())["plan_name"], "Free");
    assert_eq!(usage(details)["by_default"], false);

    // Deleting the chosen plan sends the registration back to the default.
    let deleted = s
        .app
        .call("delete_plan", &[("plan_id", &free)], Some(&s.admin))
        .await;
    assert_eq!(deleted.status, StatusCode::OK);
    let details = application_details(&s).await;
    assert_eq!(usage(details)["plan_name"], "Pro");

    let actions = s.app.audit_actions_for(&pro).await;
    assert!(
        actions.contains(&"service.plan_created".to_string()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"service.plan_updated".to_string()),
        "{actions:?}"
    );
    let actions = s.app.audit_actions_for(&s.registration).await;
    assert!(
        actions.contains(&"registration.plan_changed".to_string()),
        "{actions:?}"
    );
}

/// Acts on the test's registration as the admin; `plan` is the approval's `plan_id`.
async fn decide(s: &Setup, action: &str, expected: &str, plan: Option<&str>) -> StatusCode {
    let mut form = vec![
        ("registration_id", s.registration.as_str()),
        ("action", action),
        ("expected", expected),
    ];
    if let Some(plan) = plan {
        form.push(("plan_id", plan));
    }
    s.app
        .call("act_on_registration", &form, Some(&s.admin))
        .await
        .status
}

#[tokio::test]
async fn a_plan_given_at_approval_is_set_with_it_and_a_refused_approval_changes_no_plan() {
    let s = setup().await;
    save_plan(&s, "", "Free", &[("per_day", "1000")], true).await;
    save_plan(&s, "", "Pro", &[("per_second", "100")], false).await;
    let (free, pro) = (plan_id(&s, "Free").await, plan_id(&s, "Pro").await);
    let plan_now = || async {
        let usage = application_details(&s).await["usage"][0].clone();
        (usage["plan_name"].clone(), usage["by_default"].clone())
    };
    assert_eq!(decide(&s, "revoke", "approved", None).await, StatusCode::OK);
    assert_eq!(
        decide(&s, "approve", "revoked", Some(&pro)).await,
        StatusCode::OK
    );
    assert_eq!(plan_now().await, (json!("Pro"), json!(false)));
    // A second admin's approval, on the status they saw before: refused, and the plan they
    // chose is not set either.
    assert_eq!(
        decide(&s, "approve", "revoked", Some(&free)).await,
        StatusCode::CONFLICT
    );
    assert_eq!(plan_now().await, (json!("Pro"), json!(false)));
    // "default": the service's default.
    assert_eq!(decide(&s, "revoke", "approved", None).await, StatusCode::OK);
    assert_eq!(
        decide(&s, "approve", "revoked", Some("default")).await,
        StatusCode::OK
    );
    assert_eq!(plan_now().await, (json!("Free"), json!(true)));
    let changes = s
        .app
        .audit_actions_for(&s.registration)
        .await
        .into_iter()
        .filter(|action| action == "registration.plan_changed")
        .count();
    assert_eq!(changes, 2, "Pro, then the default: each once");
}

#[tokio::test]
async fn a_developer_cannot_change_plans_and_a_plan_of_another_service_is_refused() {
    let s = setup().await;
    save_plan(&s, "", "Free", &[("per_day", "10")], false).await;
    let free = plan_id(&s, "Free").await;
    let as_developer = s
        .app
        .call(
            "set_registration_plan",
            &[("registration_id", &s.registration), ("plan_id", &free)],
            Some(&s.developer),
        )
        .await;
    assert!(
        as_developer.status.is_client_error(),
        "{}",
        as_developer.status
    );
    let other = s.app.service(&s.admin, "Other", "/other", "").await;
    let mut form = vec![
        ("plan[id]", String::new()),
        ("plan[service_id]", other),
        ("plan[name]", "Elsewhere".to_string()),
        ("plan[per_second]", "1".to_string()),
    ];
    form.extend([
        ("plan[per_minute]", String::new()),
        ("plan[per_day]", String::new()),
        ("plan[per_month]", String::new()),
    ]);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        s.app.call("save_plan", &form, Some(&s.admin)).await.status,
        StatusCode::OK
    );
    let elsewhere = plan_id(&s, "Elsewhere").await;
    let refused = s
        .app
        .call(
            "set_registration_plan",
            &[
                ("registration_id", &s.registration),
                ("plan_id", &elsewhere),
            ],
            Some(&s.admin),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn over_the_limit_verify_answers_429_with_retry_after_and_ratelimit_headers() {
    let s = setup().await;
    save_plan(
        &s,
        "",
        "Tiny",
        &[("per_minute", "3"), ("per_day", "100")],
        true,
    )
    .await;
    let first = first_limited(&s.app.address, &s.key).await;
    // nginx is the default gateway style: an over-limit answer is a 403 it turns into 429.
    assert_eq!(
        first["ratelimit-policy"],
        "\"minute\";q=3;w=60, \"day\";q=100;w=86400"
    );
    assert!(first["ratelimit"]
        .to_str()
        .unwrap()
        .starts_with("\"minute\";r=2;t="));
    for _ in 0..2 {
        assert_eq!(verify_at(&s.app.address, &s.key).await.0, StatusCode::OK);
    }
    let (status, headers) = verify_at(&s.app.address, &s.key).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(headers["gatehouse-over-limit"], "1");
    let wait: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=120).contains(&wait), "{wait}");
    assert!(headers["ratelimit"]
        .to_str()
        .unwrap()
        .contains("\"minute\";r=0;"));
    // The page nginx shows asks /gateway/explain: the true status, nothing counted.
    let explained = reqwest::Client::new()
        .get(format!("{}/gateway/explain", s.app.address))
        .header("X-Original-URI", "/petstore/pets")
        .header("X-Original-Method", "GET")
        .header("apikey", &s.key)
        .send()
        .await
        .unwrap();
    assert_eq!(explained.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(explained.headers().contains_key("retry-after"));

    // Usage by outcome reaches the developer's page.
    s.app.flush_usage().await;
    let details = application_details(&s).await;
    let usage = &details["usage"][0];
    let today = usage["days"].as_array().unwrap().last().unwrap().clone();
    // Polls answered before the index held the plan were let through unlimited: counted
    // in usage, not against the plan.
    assert!(today["allowed"].as_u64().unwrap() >= 3, "{today}");
    assert_eq!(today["over_limit"], 1);
    assert_eq!(usage["current"][1]["window"], "day");
    assert_eq!(usage["current"][1]["used"], 3);
    // And the console's Plans page, per service, from every application.
    let days = service_plans(&s, &[]).await["days"].clone();
    let days = days.as_array().unwrap();
    assert_eq!(days.len(), 14);
    assert_eq!(
        days.last().unwrap(),
        &today,
        "one application: the same numbers"
    );
    // The lists that only offer plans (the Requests page) go without the sums.
    let service = service_plans(&s, &[("usage", "false")]).await;
    assert_eq!(service["days"], json!([]));
    assert!(!service["plans"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_day_quota_resets_with_the_utc_day_survives_a_restart_and_is_429_to_forwarded_gateways() {
    use app::model::LimitWindow;
    use gatehouse_core::auth::{Sealer, SecretKey};
    use gatehouse_core::store::{Claims, CountedUse};
    use server::gateway::{Following, Gateway, GatewayHeaders, GatewayStyle};

    if skipped_on_workers("this test starts a second gateway over the database itself") {
        return;
    }
    let s = setup_with(&[("GATEHOUSE_GATEWAY_HEADERS", "forwarded")]).await;
    save_plan(&s, "", "Daily", &[("per_day", "2")], true).await;
    // Yesterday this application used its whole quota: it does not weigh on today.
    let store = s.app.store();
    let now = store.now();
    let yesterday = LimitWindow::Day.previous(LimitWindow::Day.start(now));
    let mut used = CountedUse::default();
    used.windows.insert((LimitWindow::Day, yesterday), 2);
    store
        .add_gateway_counts(
            &[((s.application.clone(), s.service.clone()), used)],
            &Claims::default(),
        )
        .await
        .unwrap();
    first_limited(&s.app.address, &s.key).await;
    assert_eq!(verify_at(&s.app.address, &s.key).await.0, StatusCode::OK);
    let (status, headers) = verify_at(&s.app.address, &s.key).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let wait: i64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    let midnight = (LimitWindow::Day.next(LimitWindow::Day.start(now)) - now) / 1000;
    assert!(
        (wait - midnight).abs() <= 2,
        "retry after {wait} s, midnight in {midnight} s"
    );

    // A restarted process (a new gateway over the same database) still refuses.
    s.app.flush_usage().await;
    let sealer = Sealer::new(&SecretKey::from_hex(&"5e".repeat(32)).unwrap());
    let forwarded = GatewayHeaders {
        style: GatewayStyle::Forwarded,
        host_header: GatewayStyle::Forwarded.default_host_header().into(),
    };
    let restarted = Gateway::load(
        store.clone(),
        sealer,
        forwarded,
        10,
        Following::OnRequest,
        None,
    )
    .await
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, server::gateway::routes(restarted)).await });
    assert_eq!(
        verify_at(&address, &s.key).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn three_instances_sharing_a_limit_never_let_more_through_than_it() {
    use gatehouse_core::auth::{Sealer, SecretKey};
    use server::gateway::{Following, Gateway, GatewayHeaders, SYNC_EVERY};

    if skipped_on_workers("this test starts three gateways over one database itself") {
        return;
    }
    let s = setup().await;
    // A calendar quota, so that the bound is exact (a sliding window gains room as the
    // previous window fades).
    save_plan(&s, "", "Shared", &[("per_day", "200")], true).await;
    let mut instances = Vec::new();
    for _ in 0..3 {
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
        let counter = gateway.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(SYNC_EVERY).await;
                let _ = counter.sync_limits().await;
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        instances.push(format!("http://{}", listener.local_addr().unwrap()));
        let routes = server::gateway::routes(gateway);
        tokio::spawn(async move { axum::serve(listener, routes).await });
    }
    let instances = Arc::new(instances);
    // 600 requests, 24 at a time, spread over the three instances round robin.
    let mut tasks = Vec::new();
    for worker in 0..24 {
        let (instances, key) = (instances.clone(), s.key.clone());
        tasks.push(tokio::spawn(async move {
            let mut allowed = 0;
            for n in 0..25 {
                let at = &instances[(worker + n) % 3];
                if verify_at(at, &key).await.0 == StatusCode::OK {
                    allowed += 1;
                }
            }
            allowed
        }));
    }
    let mut allowed = 0;
    for task in tasks {
        allowed += task.await.unwrap();
    }
    println!("three instances, a quota of 200 a day, 600 requests: {allowed} let through");
    // Every request is let through on a share claimed in the database, and claims count
    // each other: the three never let more through than the quota.
    assert!(
        allowed <= 200,
        "{allowed} let through: over the quota of 200"
    );
    // The last shares may be held by an instance that does not spend them; the requests
    // that follow still find them once the holder spends or frees them.
    assert!(
        allowed >= 190,
        "{allowed} let through: the instances held back far too much"
    );
}
