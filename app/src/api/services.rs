//! Services: the console edits them, the portal's catalog lists the published ones.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{CatalogEntry, ServiceForm, ServicePage, ServiceRow};

/// The catalog, or `None` when the portal is private and the visitor may not read it.
#[server(endpoint = "catalog")]
pub async fn catalog() -> Result<Option<Vec<CatalogEntry>>, AppError> {
    use super::context::*;
    respond(
        async {
            let request = request_info().await?;
            let backend = backend()?;
            if !super::catalog::may_read_catalog(&request.viewer, &backend).await? {
                return Ok(None);
            }
            backend.catalog().await.map(Some)
        }
        .await,
    )
}

/// A service's page; `tag` opens one section of its reference.
#[server(endpoint = "get_service")]
pub async fn get_service(service_id: String, tag: Option<String>) -> Result<ServicePage, AppError> {
    use super::context::*;
    respond(
        async {
            let request = request_info().await?;
            let backend = backend()?;
            if !super::catalog::may_read_catalog(&request.viewer, &backend).await? {
                return Err(AppError::SignInRequired);
            }
            backend
                .service_page(&request.viewer, &service_id, tag.as_deref())
                .await
        }
        .await,
    )
}

#[server(endpoint = "list_services")]
pub async fn list_services() -> Result<Vec<ServiceRow>, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, reader) = console_reader().await?;
            backend.list_services(&reader).await
        }
        .await,
    )
}

#[server(endpoint = "get_service_form")]
pub async fn get_service_form(service_id: String) -> Result<ServiceForm, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, reader) = console_reader().await?;
            backend.service_form(&reader, &service_id).await
        }
        .await,
    )
}

/// Creates or updates a service; returns the confirmation to show.
#[server(endpoint = "save_service")]
pub async fn save_service(form: ServiceForm) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let (backend, writer, request) = console_writer().await?;
            let service = crate::model::ValidService::try_from(&form)?;
            let id = (!form.id.is_empty()).then_some(form.id.as_str());
            let name = service.name.clone();
            backend.save_service(&writer, id, service, &request).await?;
            Ok(if id.is_none() {
                format!("Service {name} created")
            } else {
                format!("Service {name} saved")
            })
        }
        .await,
    )
}

#[server(endpoint = "publish_service")]
pub async fn publish_service(service_id: String, published: bool) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let (backend, writer, request) = console_writer().await?;
            backend
                .publish_service(&writer, &service_id, published, &request)
                .await?;
            Ok(if published {
                "Service published".to_string()
            } else {
                "Service unpublished".to_string()
            })
        }
        .await,
    )
}
