//! Services: admins edit them (with a checked OpenAPI document), the portal shows them.

use app::api::{RequestInfo, Services};
use app::error::AppError;
use app::model::{
    CatalogEntry, ConsoleReader, ConsoleWriter, DocumentChange, DocumentSummary, ServiceAddress,
    ServiceForm, ServicePage, ServiceRow, ValidService, Viewer, MAX_EDITABLE_BYTES,
};

use super::{by_admin, errors::heavy_work, internal, Portal};
use crate::api_docs;
use crate::events::Event;
use crate::platform::heavy;
use crate::store::{DocumentParts, DocumentWrite, StoreError, StoredIndex, StoredService};

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
        tag: Option<&str>,
    ) -> Result<ServicePage, AppError> {
        let service = self.existing_service(service_id).await?;
        if !service.published && !matches!(viewer, Viewer::Admin { .. }) {
            return Err(AppError::NotFound(NO_SERVICE.into()));
        }
        let (doc, sections) = match self.document_index(&service).await? {
            Some(stored) => {
                let doc = &stored.index;
                let opened: Vec<&str> = if doc.compact {
                    doc.tags.iter().map(|t| t.slug.as_str()).collect()
                } else {
                    tag.filter(|tag| doc.tags.iter().any(|t| t.slug == *tag))
                        .into_iter()
                        .collect()
                };
                let sections = self
                    .store
                    .document_sections(&service.id, &stored, &opened)
                    .await
                    .map_err(internal)?;
                let mut doc = stored.index;
                if doc.title.trim().is_empty() {
                    doc.title = service.name.clone();
                }
                (Some(doc), sections)
            }
            None => (None, Vec::new()),
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
            sections,
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
        let service = self.existing_service(service_id).await?;
        let index = self
            .document_index(&service)
            .await?
            .map(|stored| stored.index);
        let source = match &index {
            Some(index) if index.source_bytes <= MAX_EDITABLE_BYTES => self
                .store
                .document_source(&service.id)
                .await
                .map_err(internal)?,
            _ => None,
        };
        let mut form = service.into_form();
        match (source, index) {
            (Some(source), _) => form.openapi = source,
            (None, Some(index)) => {
                form.keep_document = true;
                form.kept_document = Some(DocumentSummary {
                    title: index.title,
                    bytes: index.source_bytes,
                    operations: index.operations,
                });
            }
            (None, None) => {}
        }
        Ok(form)
    }

    async fn save_service(
        &self,
        writer: &ConsoleWriter,
        id: Option<&str>,
        service: ValidService,
        request: &RequestInfo,
    ) -> Result<String, AppError> {
        let parts = match &service.document {
            DocumentChange::Replace(text) => Some(self.document_parts(text.clone()).await?),
            _ => None,
        };
        let document = match (&service.document, &parts) {
            (_, Some(parts)) => DocumentWrite::Replace(parts),
            (DocumentChange::Remove, _) => DocumentWrite::Remove,
            _ => DocumentWrite::Keep,
        };
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
        match self.store.save_service(id, &service, document, audit).await {
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

impl Portal {
    /// Parses, checks and splits a document, away from the request's thread; the error is
    /// the `openapi` field's message.
    pub async fn document_parts(&self, source: String) -> Result<DocumentParts, AppError> {
        heavy(self.platform(), move || {
            let parsed = api_docs::parse(&source)?;
            let (index, sections) = api_docs::sections(&parsed, source.len());
            Ok(DocumentParts {
                source,
                index,
                sections,
            })
        })
        .await
        .map_err(heavy_work)?
        .map_err(|message: String| AppError::field("openapi", message))
    }

    /// Replaces a service's document with one uploaded or fetched; returns the service's name.
    pub async fn replace_document(
        &self,
        writer: &ConsoleWriter,
        service_id: &str,
        source: String,
        request: &RequestInfo,
    ) -> Result<String, AppError> {
        let service = self.existing_service(service_id).await?;
        let parts = self.document_parts(source).await?;
        let audit = by_admin(
            writer,
            Event::ServiceUpdated,
            ("service", service_id),
            request,
        );
        let audit = crate::store::AuditEntry {
            target_label: &service.name,
            ..audit
        };
        match self.store.replace_document(service_id, &parts, audit).await {
            Ok(true) => Ok(service.name),
            Ok(false) => Err(AppError::NotFound(NO_SERVICE.into())),
            Err(error) => Err(internal(error)),
        }
    }

    /// A service's document as it was given, for its admins to download.
    pub async fn document_source(
        &self,
        _reader: &ConsoleReader,
        service_id: &str,
    ) -> Result<Option<String>, AppError> {
        let service = self.existing_service(service_id).await?;
        if !service.legacy_openapi.is_empty() {
            return Ok(Some(service.legacy_openapi));
        }
        self.store
            .document_source(service_id)
            .await
            .map_err(internal)
    }

    async fn existing_service(&self, service_id: &str) -> Result<StoredService, AppError> {
        self.store
            .service(service_id)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::NotFound(NO_SERVICE.into()))
    }

    /// The stored table of contents; a document saved before they were stored is parsed and
    /// moved into its parts first (once: the next read finds them).
    async fn document_index(
        &self,
        service: &StoredService,
    ) -> Result<Option<StoredIndex>, AppError> {
        if !service.legacy_openapi.is_empty() {
            let Ok(parts) = self.document_parts(service.legacy_openapi.clone()).await else {
                // Checked when it was saved, so only a stricter reader refuses it now.
                return Ok(None);
            };
            self.store
                .move_legacy_document(&service.id, &parts)
                .await
                .map_err(internal)?;
        }
        self.store
            .document_index(&service.id)
            .await
            .map_err(internal)
    }
}
