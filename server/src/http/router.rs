//! Puts the Leptos app, the probes, the gateway endpoints and the middleware together.

use std::sync::Arc;

use app::{api::SharedBackend, shell, App};
use axum::http::{header, HeaderValue};
use axum::{extract::DefaultBodyLimit, middleware, routing::get, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower::Layer;
use tower_http::{
    compression::CompressionLayer, services::ServeDir, set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

use super::{context, export, health, security, server_fn_status, typed_input};
use crate::config::Settings;
use crate::gateway::{self, Gateway};
use gatehouse_core::portal::Portal;

pub fn router(
    portal: Arc<Portal>,
    gateway: Arc<Gateway>,
    options: LeptosOptions,
    settings: &Settings,
) -> Router {
    let backend: SharedBackend = portal.clone();
    let provide_backend = move || provide_context(backend.clone());
    let routes = generate_route_list(App);
    let console_files = Router::new()
        .route(
            "/admin/developers/export.csv",
            get(export::export_developers),
        )
        .with_state(portal.clone());
    // The browser bundles and the stylesheet, in the brotli or gzip form the build wrote
    // beside each file when the browser accepts it (else as they are, compressed on the fly).
    // Their names carry no version: browsers check with the server before reusing a copy
    // (a 304 costs one round trip), and caches keep one copy per accepted encoding.
    let pkg_dir = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    let pkg_files = ServeDir::new(pkg_dir)
        .precompressed_br()
        .precompressed_gzip();
    let pkg_files = (
        SetResponseHeaderLayer::if_not_present(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ),
        SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ),
    )
        .layer(pkg_files);
    let pkg_path = format!("/{}", options.site_pkg_dir);
    let pages = Router::new()
        .merge(console_files)
        .nest_service(&pkg_path, pkg_files)
        .leptos_routes_with_context(&options, routes, provide_backend.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            provide_backend,
            shell,
        ))
        .with_state(options)
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
                secure_cookies: settings.secure_cookies(),
                trusted_proxies: Arc::new(settings.trusted_proxies.clone()),
            },
            context::attach_request_info,
        ));
    let probes = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .with_state(portal);
    Router::new()
        .merge(probes)
        .merge(pages)
        .layer(middleware::from_fn(security::security_headers))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        // Gateways call these on every API request: they skip the page middleware (tracing
        // spans, compression, page security headers); their answers are tiny JSON.
        .merge(gateway::routes(gateway))
}
