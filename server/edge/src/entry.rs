//! The Worker's entry points: `fetch` answers a request through the isolate's router, then
//! (after a request that may have changed something) delivers the mail and webhooks it
//! queued; `scheduled` (the Cron Triggers) retries both every minute and runs the housekeeping
//! every five.

use http_body_util::BodyExt;
use tower_service::Service;
use worker::{event, Context, Env, HttpRequest, ScheduleContext, ScheduledEvent};

use crate::{isolate, logging, panic};

/// The Cron Trigger (in wrangler.toml) that runs the housekeeping; the other one, every
/// minute, only retries mail and webhooks.
const HOUSEKEEPING_CRON: &str = "*/5 * * * *";

#[event(start)]
fn start() {
    panic::install_hook();
    logging::install();
}

#[event(fetch)]
async fn fetch(
    request: HttpRequest,
    env: Env,
    ctx: Context,
) -> worker::Result<axum::http::Response<axum::body::Body>> {
    let isolate = match isolate::get(&env).await {
        Ok(isolate) => isolate,
        Err(problem) => {
            worker::console_error!("Gatehouse cannot start: {problem}");
            return Ok(misconfigured(&problem));
        }
    };
    let request = match whole_body(request).await {
        Ok(request) => request,
        Err(too_large) => return Ok(too_large),
    };
    let from_gateway = request.uri().path().starts_with("/gateway/");
    let may_write = !matches!(request.method().as_str(), "GET" | "HEAD" | "OPTIONS");
    let response = isolate.router.clone().call(request).await?;
    if from_gateway {
        // Request counts for plans and usage (every 100 ms at most, and within 100 ms of the
        // last request) and last-used times (every few seconds), per isolate, after the answer.
        ctx.wait_until(async move {
            isolate.gateway.sync_limits_soon(worker::Delay::from).await;
            isolate.gateway.flush_usage_if_due().await;
        });
    } else if may_write {
        ctx.wait_until(async move {
            isolate.deliver_mail().await;
            isolate.deliver_webhooks().await;
        });
    }
    Ok(response)
}

#[event(scheduled)]
async fn scheduled(event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    match isolate::get(&env).await {
        Ok(isolate) => {
            if event.cron() == HOUSEKEEPING_CRON {
                isolate.portal.housekeeping().await;
            }
            isolate.deliver_mail().await;
            isolate.deliver_webhooks().await;
            if let Err(error) = isolate.gateway.sync_limits().await {
                worker::console_error!("counting requests against plans: {error}");
            }
            if let Err(error) = isolate.gateway.flush_usage().await {
                worker::console_error!("recording credential use: {error}");
            }
        }
        Err(problem) => worker::console_error!("Gatehouse cannot start: {problem}"),
    }
}

/// The request with its whole body read: every answer then comes after the body, also a
/// refusal, so no connection is cut while a body is still arriving. Over the limit the body
/// is read to its end and dropped, and the answer is 413. (Bodies are forms and JSON, and
/// uploaded documents; the platform itself bounds what a request may carry.)
async fn whole_body(
    request: HttpRequest,
) -> Result<axum::http::Request<axum::body::Body>, axum::http::Response<axum::body::Body>> {
    let (parts, mut body) = request.into_parts();
    let mut bytes = Vec::new();
    let limit = gatehouse_web::body_limit(parts.uri.path());
    let mut over = gatehouse_web::declared_too_large(&parts.headers, limit);
    while let Some(Ok(frame)) = body.frame().await {
        if let Ok(data) = frame.into_data() {
            over = over || bytes.len() + data.len() > limit;
            if !over {
                bytes.extend_from_slice(&data);
            }
        }
    }
    if over {
        return Err(gatehouse_web::too_large_for(
            parts.uri.path(),
            &parts.headers,
        ));
    }
    Ok(axum::http::Request::from_parts(
        parts,
        axum::body::Body::from(bytes),
    ))
}

/// A 503 naming the setting to fix, for the person deploying.
fn misconfigured(problem: &str) -> axum::http::Response<axum::body::Body> {
    axum::http::Response::builder()
        .status(503)
        .header("content-type", "text/plain; charset=utf-8")
        .body(axum::body::Body::from(format!(
            "Gatehouse is not configured yet.\n\n{problem}\n"
        )))
        .expect("a plain response")
}
