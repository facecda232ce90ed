//! `GET /admin/developers/export.csv`: the developer list of the current filter as CSV,
//! streamed a page at a time so a million developers never sit in memory at once.

use std::sync::Arc;

use app::api::RequestInfo;
use app::model::{DeveloperQuery, DeveloperStatus, Search};
use axum::{
    body::Body,
    extract::{Query, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use futures_util::{stream, StreamExt};
use serde::Deserialize;

use gatehouse_core::portal::Portal;

/// Developers read per statement: one statement per 2,000 rows keeps a million developers
/// within D1's 1,000 statements per request on a Worker.
const EXPORT_PAGE: i64 = 2_000;

#[derive(Deserialize)]
pub struct ExportFilter {
    status: Option<String>,
    #[serde(default)]
    search: String,
}

pub async fn export_developers(
    State(portal): State<Arc<Portal>>,
    Extension(request): Extension<RequestInfo>,
    Query(filter): Query<ExportFilter>,
) -> Response {
    if request.viewer.console_reader().is_none() {
        return (
            StatusCode::UNAUTHORIZED,
            "Sign in to the console to export developers.",
        )
            .into_response();
    }
    let status = match filter.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(value) => match DeveloperStatus::parse(value) {
            Some(status) => Some(status),
            None => {
                return (
                    StatusCode::BAD_REQUEST,
                    "Unknown status: use pending, approved, rejected or revoked.",
                )
                    .into_response()
            }
        },
    };
    let first = DeveloperQuery {
        status,
        search: Search::parse(&filter.search),
        ..Default::default()
    };
    let header_row = csv_line(["id", "name", "email", "status", "requested_at"]);
    let pages = stream::unfold(Some(first), move |query| {
        let portal = portal.clone();
        async move {
            let query = query?;
            match portal.store().developer_rows(&query, EXPORT_PAGE).await {
                Ok((rows, next)) => {
                    let mut chunk = String::new();
                    for row in &rows {
                        chunk.push_str(&csv_line([
                            &row.id,
                            &row.full_name,
                            &row.email,
                            row.status.as_str(),
                            &row.requested_at,
                        ]));
                    }
                    let next = next.map(|after| DeveloperQuery { after, ..query });
                    Some((Ok::<_, std::io::Error>(chunk), next))
                }
                Err(error) => {
                    tracing::error!(error = %error, "exporting developers");
                    Some((Err(std::io::Error::other("export failed")), None))
                }
            }
        }
    });
    // Fused: the compression layer polls once more after the end, which an unfused
    // `unfold` answers with a panic.
    let body = stream::iter([Ok(header_row)]).chain(pages).fuse();
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"developers.csv\"",
            ),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

/// One CSV record. Cells that a spreadsheet would run as a formula are prefixed with `'`.
pub(crate) fn csv_line<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let cells: Vec<String> = cells
        .into_iter()
        .map(|cell| {
            if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{cell}")
            } else {
                cell.to_string()
            }
        })
        .collect();
    let _ = writer.write_record(&cells);
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::csv_line;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(
            csv_line(["a", "b,c", "say \"hi\""]),
            "a,\"b,c\",\"say \"\"hi\"\"\"\n"
        );
        assert_eq!(csv_line(["=HYPERLINK(1)"]), "'=HYPERLINK(1)\n");
    }
}
