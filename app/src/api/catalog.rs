//! The public side of the portal: who may read the API catalog.

use leptos::prelude::*;

use crate::error::AppError;

/// Whether this visitor may read the catalog: always on a public portal; on a private one only
/// approved developers and admins.
#[server(endpoint = "catalog_visible")]
pub async fn catalog_visible() -> Result<bool, AppError> {
    use super::context::*;
    use crate::model::{DeveloperStatus, Viewer};
    respond(
        async {
            let request = request_info().await?;
            let insider = matches!(
                request.viewer,
                Viewer::Admin { .. }
                    | Viewer::Developer {
                        status: DeveloperStatus::Approved,
                        ..
                    }
            );
            Ok(insider || backend()?.portal_is_public().await?)
        }
        .await,
    )
}
