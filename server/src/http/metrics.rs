//! Prometheus `/metrics` (prometheus-client, text format), for API tokens only: gateway
//! decisions by outcome and credential type with their latency, sign-in failures, the
//! gateway index's size and rebuilds, the outbox and the webhook deliveries.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::gateway::Gateway;
use gatehouse_core::portal::Portal;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Decision {
    outcome: &'static str,
    auth_type: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Outcome {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabel {
    state: &'static str,
}

/// Every metric, and the registry that names them.
pub struct Metrics {
    registry: Registry,
    decisions: Family<Decision, Counter>,
    latency: Family<Outcome, Histogram>,
    sign_in_failures: Counter,
    index_credentials: Gauge,
    index_rebuilds: Gauge,
    index_rebuild_seconds: Gauge<f64, std::sync::atomic::AtomicU64>,
    outbox: Family<StateLabel, Gauge>,
    webhooks: Family<StateLabel, Gauge>,
}

impl Metrics {
    pub fn new() -> Arc<Self> {
        let mut registry = Registry::with_prefix("gatehouse");
        let decisions = Family::<Decision, Counter>::default();
        registry.register(
            "gateway_decisions",
            "Gateway verifications by outcome (allowed, unauthorized, forbidden, busy) and the credential type presented",
            decisions.clone(),
        );
        let latency = Family::<Outcome, Histogram>::new_with_constructor(
            (|| Histogram::new(exponential_buckets(0.000_05, 2.0, 16))) as fn() -> Histogram,
        );
        registry.register(
            "gateway_decision_seconds",
            "How long a gateway verification took, from its request to its answer",
            latency.clone(),
        );
        let sign_in_failures = Counter::default();
        registry.register(
            "sign_in_failures",
            "Sign-ins refused for a wrong address or password (portal and console)",
            sign_in_failures.clone(),
        );
        let index_credentials = Gauge::default();
        registry.register(
            "gateway_index_credentials",
            "Credentials the gateway index holds",
            index_credentials.clone(),
        );
        let index_rebuilds = Gauge::default();
        registry.register(
            "gateway_index_rebuilds",
            "Rebuilds of the gateway index since the process started",
            index_rebuilds.clone(),
        );
        let index_rebuild_seconds = Gauge::<f64, std::sync::atomic::AtomicU64>::default();
        registry.register(
            "gateway_index_last_rebuild_seconds",
            "How long the last rebuild of the gateway index took",
            index_rebuild_seconds.clone(),
        );
        let outbox = Family::<StateLabel, Gauge>::default();
        registry.register(
            "outbox_messages",
            "E-mail in the outbox: waiting (failing when tried before) or sent",
            outbox.clone(),
        );
        let webhooks = Family::<StateLabel, Gauge>::default();
        registry.register(
            "webhook_deliveries",
            "Webhook deliveries by state: pending, retrying, delivered, failed",
            webhooks.clone(),
        );
        Arc::new(Self {
            registry,
            decisions,
            latency,
            sign_in_failures,
            index_credentials,
            index_rebuilds,
            index_rebuild_seconds,
            outbox,
            webhooks,
        })
    }
}

/// `/metrics`, answered to a bearer API token (any scope reads).
pub fn routes(portal: Arc<Portal>, gateway: Arc<Gateway>, metrics: Arc<Metrics>) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state((portal, gateway, metrics))
}

async fn scrape(
    State((portal, gateway, metrics)): State<(Arc<Portal>, Arc<Gateway>, Arc<Metrics>)>,
    headers: HeaderMap,
) -> Response {
    let secret = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default();
    match portal.api_token_holder(secret.trim()).await {
        Ok(Some(_)) => {}
        Ok(None) => {
            return (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer realm=\"gatehouse\"")],
                "Send an API token (console → API tokens) as Authorization: Bearer gha_…\n",
            )
                .into_response()
        }
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
    let stats = gateway.index_stats();
    metrics.index_credentials.set(stats.credentials as i64);
    metrics.index_rebuilds.set(stats.rebuilds as i64);
    metrics
        .index_rebuild_seconds
        .set(stats.last_rebuild_ms as f64 / 1000.0);
    match portal.store().delivery_counts().await {
        Ok(counts) => {
            for (state, count) in counts.outbox {
                metrics
                    .outbox
                    .get_or_create(&StateLabel { state })
                    .set(count);
            }
            for (state, count) in counts.webhooks {
                metrics
                    .webhooks
                    .get_or_create(&StateLabel { state })
                    .set(count);
            }
        }
        Err(error) => tracing::warn!(error = %error, "counting deliveries for /metrics"),
    }
    let mut text = String::new();
    if encode(&mut text, &metrics.registry).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
        )],
        text,
    )
        .into_response()
}

/// Counts gateway decisions (with their latency) and failed sign-ins as they pass.
pub async fn observe(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if path.starts_with("/gateway/verify") {
        let auth_type = auth_type(request.headers());
        let started = Instant::now();
        let response = next.run(request).await;
        let outcome = match response.status() {
            StatusCode::OK => "allowed",
            StatusCode::UNAUTHORIZED => "unauthorized",
            StatusCode::FORBIDDEN => "forbidden",
            StatusCode::SERVICE_UNAVAILABLE => "busy",
            _ => "error",
        };
        metrics
            .latency
            .get_or_create(&Outcome { outcome })
            .observe(started.elapsed().as_secs_f64());
        metrics
            .decisions
            .get_or_create(&Decision { outcome, auth_type })
            .inc();
        return response;
    }
    let sign_in = path == "/api/sign_in";
    let response = next.run(request).await;
    if sign_in && response.status() == StatusCode::UNAUTHORIZED {
        metrics.sign_in_failures.inc();
    }
    response
}

/// The kind of credential a gateway request presents, told from its headers.
fn auth_type(headers: &HeaderMap) -> &'static str {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(authorization) = text("authorization") {
        let scheme = authorization
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        return match scheme.as_str() {
            "basic" => "basic-auth",
            "hmac" => "hmac-auth",
            "bearer" if authorization.matches('.').count() == 2 => "jwt",
            "bearer" => "oauth2",
            _ => "other",
        };
    }
    let in_query = ["x-original-uri", "x-forwarded-uri", "x-envoy-original-path"]
        .into_iter()
        .filter_map(text)
        .any(|uri| uri.contains("apikey="));
    if headers.contains_key("apikey") || in_query {
        "key-auth"
    } else {
        "none"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_credential_type_is_told_from_the_headers() {
        let mut headers = HeaderMap::new();
        assert_eq!(auth_type(&headers), "none");
        headers.insert("x-original-uri", HeaderValue::from_static("/a?apikey=k"));
        assert_eq!(auth_type(&headers), "key-auth");
        headers.insert("authorization", HeaderValue::from_static("Bearer a.b.c"));
        assert_eq!(auth_type(&headers), "jwt");
        headers.insert("authorization", HeaderValue::from_static("Basic eDp5"));
        assert_eq!(auth_type(&headers), "basic-auth");
    }
}
