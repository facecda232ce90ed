//! Gateway usage as CSV, an hour a row by outcome: `GET /admin/usage/export.csv` (the
//! console: every application, or one with `?application=`) and `GET /apps/{id}/usage.csv`
//! (a developer: their own application). `?days=` goes back up to the retention (default 30).

use std::sync::Arc;

use app::api::RequestInfo;
use axum::{
    extract::{Path, Query, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use serde::Deserialize;

use crate::export::csv_line;
use gatehouse_core::portal::Portal;
use gatehouse_core::store::UsageRow;

const DAY_MS: i64 = 86_400_000;

#[derive(Deserialize)]
pub struct UsageFilter {
    days: Option<String>,
    application: Option<String>,
}

/// The console's export: every application, or the one `?application=` names.
pub async fn export_usage(
    State(portal): State<Arc<Portal>>,
    Extension(request): Extension<RequestInfo>,
    Query(filter): Query<UsageFilter>,
) -> Response {
    if request.viewer.console_reader().is_none() {
        return (
            StatusCode::UNAUTHORIZED,
            "Sign in to the console to export usage.",
        )
            .into_response();
    }
    let application = filter.application.as_deref().filter(|a| !a.is_empty());
    answer(&portal, application, filter.days.as_deref(), "usage.csv").await
}

/// A developer's export of one of their applications.
pub async fn export_application_usage(
    State(portal): State<Arc<Portal>>,
    Extension(request): Extension<RequestInfo>,
    Path(application_id): Path<String>,
    Query(filter): Query<UsageFilter>,
) -> Response {
    let owner = match request.viewer.app_owner() {
        Ok(owner) => owner,
        Err(why) => return (StatusCode::UNAUTHORIZED, why).into_response(),
    };
    match portal
        .store()
        .application_of(owner.developer_id(), &application_id)
        .await
    {
        Ok(Some(_)) => {}
        Ok(None) => {
            return (
                StatusCode::NOT_FOUND,
                "No application of yours has this id.",
            )
                .into_response()
        }
        Err(error) => {
            return export_failed("exporting usage", &error);
        }
    }
    answer(
        &portal,
        Some(&application_id),
        filter.days.as_deref(),
        "usage.csv",
    )
    .await
}

async fn answer(
    portal: &Portal,
    application: Option<&str>,
    days: Option<&str>,
    file: &str,
) -> Response {
    let kept = match portal.store().portal_settings().await {
        Ok(settings) => settings.usage_retention_days,
        Err(error) => {
            return export_failed("reading the usage retention", &error);
        }
    };
    let days = match days.filter(|d| !d.is_empty()) {
        None => kept.min(30),
        Some(text) => match text.parse::<u32>() {
            Ok(days) if (1..=kept).contains(&days) => days,
            _ => {
                return (
                    StatusCode::BAD_REQUEST,
                    format!(
                        "days: give a whole number from 1 to {kept} (usage is kept {kept} days)."
                    ),
                )
                    .into_response()
            }
        },
    };
    let since = portal.store().now() - i64::from(days) * DAY_MS;
    let rows = match portal.store().usage_rows(application, since).await {
        Ok(rows) => rows,
        Err(error) => {
            return export_failed("exporting usage", &error);
        }
    };
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        csv(&rows),
    )
        .into_response()
}

fn csv(rows: &[UsageRow]) -> String {
    let mut out = csv_line([
        "hour",
        "application_id",
        "application",
        "service_id",
        "service",
        "allowed",
        "over_limit",
        "refused",
    ]);
    for row in rows {
        let numbers = [
            row.outcomes.allowed,
            row.outcomes.over_limit,
            row.outcomes.refused,
        ]
        .map(|n| n.to_string());
        out.push_str(&csv_line([
            row.hour.as_str(),
            &row.application_id,
            &row.application,
            &row.service_id,
            &row.service,
            &numbers[0],
            &numbers[1],
            &numbers[2],
        ]));
    }
    out
}

/// The answer when the database fails an export: logged, and "try again" for the person.
fn export_failed(what: &str, error: &dyn std::fmt::Display) -> Response {
    tracing::error!(%error, "{what}");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "The export failed; try again.",
    )
        .into_response()
}
