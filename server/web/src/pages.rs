//! The pages, server functions and console files, and the middleware in front of them.

use std::sync::Arc;

use app::{api::SharedBackend, shell, App};
use axum::routing::post;
use axum::{extract::DefaultBodyLimit, middleware, routing::get, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};

use crate::context::{self, ClientAddress};
use crate::service_document::{self, DocumentFetcher, DocumentState};
use crate::{export, health, security, server_fn_status, typed_input, usage_export};
use gatehouse_core::portal::Portal;

/// What the page middleware needs to know of its deployment.
#[derive(Clone)]
pub struct PageSettings {
    /// The address browsers reach the portal at; writes from any other origin are refused.
    pub public_url: String,
    pub client_address: ClientAddress,
}

/// Every page and server function, with the portal in their context, the console's CSV
/// export and its document uploads (fetched from an address by `fetcher`). The caller adds
/// its static files and its fallback, then [`with_page_layers`].
pub fn page_routes(
    portal: &Arc<Portal>,
    options: &LeptosOptions,
    fetcher: DocumentFetcher,
) -> Router<LeptosOptions> {
    let backend: SharedBackend = portal.clone();
    let console_files = Router::new()
        .route(
            "/admin/developers/export.csv",
            get(export::export_developers),
        )
        .route("/admin/usage/export.csv", get(usage_export::export_usage))
        .route(
            "/apps/{id}/usage.csv",
            get(usage_export::export_application_usage),
        )
        .with_state(portal.clone());
    let documents = Router::new()
        .route(
            "/admin/services/{id}/document",
            post(service_document::upload_document)
                .get(service_document::download_document)
                .layer(DefaultBodyLimit::max(server_fn_status::UPLOAD_BODY_BYTES)),
        )
        .with_state(DocumentState {
            portal: portal.clone(),
            fetcher,
        });
    Router::new()
        .merge(console_files)
        .merge(documents)
        .leptos_routes_with_context(
            options,
            generate_route_list(App),
            move || provide_context(backend.clone()),
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
}

/// Puts the portal in a fallback's context too (a page that is not found still knows the
/// viewer).
pub fn provide_backend(portal: &Arc<Portal>) -> impl Fn() + Clone + Send + Sync + 'static {
    let backend: SharedBackend = portal.clone();
    move || provide_context(backend.clone())
}

/// The middleware every page and server function runs behind, outermost last: the viewer
/// from the session cookie, the origin check, the body limit, typed input kept for a page
/// that answers a form without JavaScript, and server-function errors as HTTP statuses.
/// (The security headers go around everything, probes included: [`crate::security_headers`].)
pub fn with_page_layers(pages: Router, portal: &Arc<Portal>, settings: &PageSettings) -> Router {
    pages
        .layer(middleware::from_fn(server_fn_status::correct_error_status))
        .layer(middleware::from_fn(typed_input::keep_typed_input))
        .layer(middleware::from_fn(server_fn_status::refuse_oversized_body))
        .layer(DefaultBodyLimit::max(server_fn_status::MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(
            security::AllowedOrigin::new(&settings.public_url),
            security::check_origin,
        ))
        .layer(middleware::from_fn_with_state(
            context::ContextState {
                portal: portal.clone(),
                secure_cookies: settings.public_url.starts_with("https://"),
                client_address: settings.client_address.clone(),
            },
            context::attach_request_info,
        ))
}

/// `/healthz` and `/readyz`.
pub fn probes(portal: &Arc<Portal>) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .with_state(portal.clone())
}
