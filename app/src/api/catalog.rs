//! The public side of the portal: who may read the API catalog.

use leptos::prelude::*;

use crate::error::AppError;

/// Whether this visitor may read the catalog: always on a public portal; on a private one only
/// approved developers and admins.
#[server(endpoint = "catalog_visible")]
pub async fn catalog_visible() -> Result<bool, AppError> {
    use super::context::*;
    respond(
        async {
            let request = request_info().await?;
            may_read_catalog(&request.viewer, &backend()?).await
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub(super) async fn may_read_catalog(
    viewer: &crate::model::Viewer,
    backend: &super::SharedBackend,
) -> Result<bool, AppError> {
    use crate::model::{DeveloperStatus, Viewer};
    let insider = matches!(
        viewer,
        Viewer::Admin { .. }
            | Viewer::Developer {
                status: DeveloperStatus::Approved,
                ..
            }
    );
    Ok(insider || backend.portal_is_public().await?)
}
