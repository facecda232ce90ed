//! `/healthz` (the process answers) and `/readyz` (the database answers too).

use std::sync::Arc;

use axum::{extract::State, http::StatusCode};

use gatehouse_core::portal::Portal;

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(portal): State<Arc<Portal>>) -> (StatusCode, &'static str) {
    if portal.store().is_ready().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
