//! Puts the Leptos app, the probes, the gateway endpoints and the middleware together, with
//! what only the native server has: the browser bundles from disk, compression, tracing,
//! `/metrics`.

use std::{net::SocketAddr, sync::Arc};

use app::shell;
use axum::extract::{ConnectInfo, Request};
use axum::http::{header, HeaderValue};
use axum::{middleware, Router};
use leptos::prelude::*;
use tower::Layer;
use tower_http::{
    compression::CompressionLayer, services::ServeDir, set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

use super::client_address::client_address;
use super::metrics::{self, Metrics};
use crate::config::Settings;
use crate::document_fetch::HttpFetcher;
use crate::gateway::{self, Gateway};
use gatehouse_core::portal::Portal;
use gatehouse_web::{
    api_routes, page_routes, probes, provide_backend, security_headers, with_page_layers,
    PageSettings,
};

pub fn router(
    portal: Arc<Portal>,
    gateway: Arc<Gateway>,
    options: LeptosOptions,
    settings: &Settings,
) -> Router {
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
    let fetcher = Arc::new(HttpFetcher::new().expect("an HTTP client with rustls"));
    let pages = page_routes(&portal, &options, fetcher)
        .nest_service(&pkg_path, pkg_files)
        .fallback(leptos_axum::file_and_error_handler_with_context(
            provide_backend(&portal),
            shell,
        ))
        .with_state(options);
    let trusted_proxies = Arc::new(settings.trusted_proxies.clone());
    let page_settings = PageSettings {
        public_url: settings.public_url.clone(),
        client_address: Arc::new(move |request: &Request| {
            let ConnectInfo(peer) = request.extensions().get::<ConnectInfo<SocketAddr>>()?;
            Some(client_address(peer.ip(), request.headers(), &trusted_proxies).to_string())
        }),
    };
    let metrics = Metrics::new();
    Router::new()
        .merge(probes(&portal))
        .merge(api_routes(&portal, page_settings.client_address.clone()))
        .merge(with_page_layers(pages, &portal, &page_settings))
        .layer(middleware::from_fn(security_headers))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        // Gateways call these on every API request: they skip the page middleware (tracing
        // spans, compression, page security headers); their answers are tiny JSON.
        .merge(gateway::routes(gateway.clone()))
        .merge(metrics::routes(portal, gateway, metrics.clone()))
        .layer(middleware::from_fn_with_state(metrics, metrics::observe))
}
