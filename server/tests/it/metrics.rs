//! `/metrics`: for API tokens only, with the gateway's decisions, sign-in failures, the
//! index, the outbox and the webhook deliveries.

use reqwest::StatusCode;

use crate::helpers::{skipped_on_workers, TestApp};

/// `/metrics`: refused without an API token; with one, the counters a scrape expects.
#[tokio::test]
async fn metrics_answer_an_api_token_with_decisions_failures_and_deliveries() {
    if skipped_on_workers("a Worker has no /metrics") {
        return;
    }
    let app = TestApp::spawn().await;
    let owner = app.admin_session().await;
    let (_, token) = app.api_token(&owner, "prometheus", &["read"]).await;
    let client = reqwest::Client::new();
    let refused = client
        .get(format!("{}/metrics", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    app.sign_in("portal", "nobody@example.com", "a wrong password", None)
        .await;
    let verify = client
        .get(format!("{}/gateway/verify", app.address))
        .header("X-Original-URI", "/nowhere?apikey=not-a-key")
        .header("X-Original-Method", "GET")
        .send()
        .await
        .unwrap();
    assert_eq!(verify.status(), StatusCode::FORBIDDEN);
    app.call(
        "create_webhook",
        &[
            ("webhook[url]", "http://127.0.0.1:9/all"),
            ("webhook[developer]", "on"),
        ],
        Some(&owner),
    )
    .await;
    app.sign_up("Counted", "counted@example.com", "a long password")
        .await;

    let scraped = client
        .get(format!("{}/metrics", app.address))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(scraped.status(), StatusCode::OK);
    let text = scraped.text().await.unwrap();
    for expected in [
        "gatehouse_sign_in_failures_total 1",
        "gatehouse_gateway_decisions_total{outcome=\"forbidden\",auth_type=\"key-auth\"} 1",
        "gatehouse_gateway_decision_seconds_count{outcome=\"forbidden\"} 1",
        "gatehouse_gateway_index_rebuilds ",
        "gatehouse_outbox_messages{state=\"waiting\"}",
        "# EOF",
    ] {
        assert!(text.contains(expected), "{expected} in\n{text}");
    }
    let webhooks: i64 = ["pending", "retrying", "delivered", "failed"]
        .iter()
        .map(|state| {
            let prefix = format!("gatehouse_webhook_deliveries{{state=\"{state}\"}} ");
            text.lines()
                .find_map(|line| line.strip_prefix(&prefix))
                .and_then(|n| n.parse::<i64>().ok())
                .expect("every state is reported")
        })
        .sum();
    assert_eq!(webhooks, 1, "the sign-up's delivery\n{text}");
}
