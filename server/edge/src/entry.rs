//! The Worker's entry points: `fetch` answers a request through the isolate's router, then
//! (after a request that may have changed something) delivers the mail it queued; `scheduled`
//! (the Cron Trigger, every minute) retries mail and, every fifth minute, runs the
//! housekeeping.

use tower_service::Service;
use worker::{event, Context, Env, HttpRequest, ScheduleContext, ScheduledEvent};

use crate::{isolate, panic};

#[event(start)]
fn start() {
    panic::install_hook();
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
    let may_write = !matches!(request.method().as_str(), "GET" | "HEAD" | "OPTIONS");
    let response = isolate.router.clone().call(request).await?;
    if may_write {
        ctx.wait_until(async move { isolate.deliver_mail().await });
    }
    Ok(response)
}

#[event(scheduled)]
async fn scheduled(event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    match isolate::get(&env).await {
        Ok(isolate) => {
            isolate.deliver_mail().await;
            let minute = (event.schedule() / 60_000.0) as i64;
            if minute % 5 == 0 {
                isolate.portal.housekeeping().await;
            }
        }
        Err(problem) => worker::console_error!("Gatehouse cannot start: {problem}"),
    }
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
