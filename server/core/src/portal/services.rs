//! Services: admins edit them (with a checked OpenAPI document), the portal shows them.

use app::api::{RequestInfo, Services};
use app::error::AppError;
use app::model::{
    CatalogEntry, ConsoleReader, ConsoleWriter, ServiceAddress, ServiceForm, ServicePage,
    ServiceRow, ValidService, Viewer,
};

use super::{by_admin, errors::heavy_work, internal, Portal};
use crate::api_docs;
use crate::events::Event;
use crate::platform::heavy;
use crate::store::StoreError;

const NO_SERVICE: &str = "No service with this id. It may have been removed.";

#[async_trait::async_trait]
impl Services for Portal {
    async fn catalog(&self) -> Result<Vec<CatalogEntry>, AppError> {
        self.store.catalog().await.map_err(internal)
    }

    async fn service_page(
        &self,
        viewer: &Viewer,
        service_id: &str,
    ) -> Result<ServicePage, AppError> {
        let service = self
            .store
            .service(service_id)
            .await
            .map_err(internal)?
            .filter(|s| s.published || matches!(viewer, Viewer::Admin { .. }))
            .ok_or_else(|| AppError::NotFound(NO_SERVICE.into()))?;
        let doc = if service.openapi.is_empty() {
            None
        } else {
            let document = service.openapi.clone();
            heavy(self.platform(), move || {
                api_docs::parse(&document).map(|d| api_docs::distill(&d))
            })
            .await
            .map_err(heavy_work)?
            .ok()
            .map(|mut doc| {
                if doc.title.trim().is_empty() {
                    doc.title = service.name.clone();
                }
                doc
            })
        };
        let settings = self.store.portal_settings().await.map_err(internal)?;
        Ok(ServicePage {
            route: service
                .route_prefix
                .clone()
                .or(service.host.clone())
                .unwrap_or_default(),
            address: ServiceAddress {
                host: service.host.clone(),
                route_prefix: service.route_prefix.clone(),
            },
            credential_types: settings.credential_types.enabled(),
            id: service.id,
            name: service.name,
            version: service.version,
            description: service.description,
            doc,
        })
    }

    async fn list_services(&self, _reader: &ConsoleReader) -> Result<Vec<ServiceRow>, AppError> {
        self.store.services().await.map_err(internal)
    }

    async fn service_form(
        &self,
        _reader: &ConsoleReader,
        service_id: &str,
    ) -> Result<ServiceForm, AppError> {
        self.store
            .service(service_id)
            .await
            .map_err(internal)?
            .map(|s| s.into_form())
            .ok_or_else(|| AppError::NotFound(NO_SERVICE.into()))
    }

    async fn save_service(
        &self,
        writer: &ConsoleWriter,
        id: Option<&str>,
        service: ValidService,
        request: &RequestInfo,
    ) -> Result<String, AppError> {
        if !service.openapi.is_empty() {
            let document = service.openapi.clone();
            heavy(self.platform(), move || api_docs::parse(&document))
                .await
                .map_err(heavy_work)?
                .map_err(|message| AppError::field("openapi", message))?;
        }
        if let Some(field) = self
            .store
            .service_clash(id, &service)
            .await
            .map_err(internal)?
        {
            let message = match field {
                "route_prefix" => "Another service uses this route prefix.",
                "host" => "Another service uses this host.",
                _ => "Another service has this name.",
            };
            return Err(AppError::field(field, message));
        }
        let action = if id.is_some() {
            Event::ServiceUpdated
        } else {
            Event::ServiceCreated
        };
        let audit = by_admin(writer, action, ("service", id.unwrap_or("")), request);
        match self.store.save_service(id, &service, audit).await {
            Ok(Some(id)) => Ok(id),
            Ok(None) => Err(AppError::NotFound(NO_SERVICE.into())),
            Err(StoreError::AlreadyExists) => Err(AppError::Conflict(
                "Another service took this name, route prefix or host a moment ago. Reload and try again.".into(),
            )),
            Err(error) => Err(internal(error)),
        }
    }

    async fn publish_service(
        &self,
        writer: &ConsoleWriter,
        service_id: &str,
        published: bool,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let action = if published {
            Event::ServicePublished
        } else {
            Event::ServiceUnpublished
        };
        let audit = by_admin(writer, action, ("service", service_id), request);
        match self
            .store
            .publish_service(service_id, published, audit)
            .await
        {
            Ok(true) => Ok(()),
            Ok(false) => Err(AppError::NotFound(NO_SERVICE.into())),
            Err(error) => Err(internal(error)),
        }
    }
}
