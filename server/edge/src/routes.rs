//! The Worker's router: the shared pages and probes behind the shared middleware, the
//! gateway endpoints, a "Page not found" page for any other path, and the client's address
//! from `CF-Connecting-IP`.
//! Static files (`/pkg/…`, the favicon) never reach it: Workers Assets serve them first.

use std::sync::Arc;

use app::shell;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{middleware, Router};
use leptos::prelude::LeptosOptions;

use crate::document_fetch::WorkerFetcher;
use crate::settings::Settings;
use crate::test_routes;
use gatehouse_core::portal::Portal;
use gatehouse_gateway::Gateway;
use gatehouse_web::{
    api_routes, page_routes, probes, provide_backend, security_headers, with_page_layers,
    PageSettings,
};

pub fn router(
    portal: &Arc<Portal>,
    gateway: &Arc<Gateway>,
    options: LeptosOptions,
    settings: &Settings,
) -> Router {
    let not_found = {
        let options = options.clone();
        let provide = provide_backend(portal);
        move |request: Request| {
            let options = options.clone();
            let provide = provide.clone();
            async move {
                let render = leptos_axum::render_app_to_stream_with_context(provide, move || {
                    shell(options.clone())
                });
                // Every page has a route, so whatever falls through is not found.
                (StatusCode::NOT_FOUND, render(request).await).into_response()
            }
        }
    };
    let pages = page_routes(portal, &options, Arc::new(WorkerFetcher))
        .fallback(not_found)
        .with_state(options);
    let page_settings = PageSettings {
        public_url: settings.public_url.clone(),
        client_address: Arc::new(|request: &Request| {
            request
                .headers()
                .get("cf-connecting-ip")
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        }),
    };
    let mut router = Router::new().merge(probes(portal));
    if settings.test_routes {
        router = router.merge(test_routes::routes(portal, gateway));
    }
    router
        .merge(api_routes(portal, page_settings.client_address.clone()))
        .merge(with_page_layers(pages, portal, &page_settings))
        .layer(middleware::from_fn(security_headers))
        // Gateways call these on every API request: no page middleware, tiny JSON answers.
        .merge(gatehouse_gateway::routes(gateway.clone()))
}
