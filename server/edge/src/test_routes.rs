//! Routes only tests use, present only with `GATEHOUSE_TEST_ROUTES=1` (never on a deployed
//! Worker): a panic on purpose, a reset between tests (one local D1 serves the whole
//! integration suite) and the shared test hooks.

use std::sync::Arc;

use axum::{extract::State, http::StatusCode, routing::get, routing::post, Json, Router};

use crate::isolate;
use gatehouse_core::portal::Portal;
use gatehouse_gateway::Gateway;

pub fn routes(portal: &Arc<Portal>, gateway: &Arc<Gateway>) -> Router {
    Router::new()
        // A panic in a request handler, to show the next request still works.
        .route("/__test/panic", get(panic_on_purpose))
        .route("/__test/reset", post(reset).with_state(portal.clone()))
        .merge(gatehouse_web::test_hooks::routes(
            portal.clone(),
            gateway.clone(),
        ))
}

async fn panic_on_purpose() -> &'static str {
    panic!("a panic asked for by /__test/panic")
}

/// `POST /__test/reset` with settings as a JSON object: every table goes back to how it
/// was at the first reset, and the next request builds the isolate again with these
/// settings over the bindings.
async fn reset(
    State(portal): State<Arc<Portal>>,
    Json(settings): Json<serde_json::Map<String, serde_json::Value>>,
) -> Result<StatusCode, (StatusCode, String)> {
    let overrides = settings
        .into_iter()
        .map(|(name, value)| match value {
            serde_json::Value::String(text) => Ok((name, text)),
            other => Err((
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("{name}: a setting is text, not {other}"),
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    portal
        .store()
        .restore_test_state()
        .await
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    isolate::rebuild_with(overrides);
    Ok(StatusCode::NO_CONTENT)
}
