//! Gatehouse's user interface and server functions: compiled to WASM (`hydrate`) for the
//! browser and natively (`ssr`) for the server, which renders the same pages first.
#![recursion_limit = "256"]

pub mod api;
pub mod bundle;
pub mod components;
pub mod error;
pub mod model;
pub mod pages;
mod routes;
pub mod url;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::Router;

use components::{provide_session, ForgetRefusedPost, SiteHeader};
use routes::PageRoutes;

/// The HTML document the server renders around the app, asking for the bundle its page needs.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    #[cfg(feature = "ssr")]
    let options = with_bundle_for_this_page(options);
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Scripts run only with this response's nonce; the WASM module may be compiled.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use axum::http::{header::CONTENT_SECURITY_POLICY, HeaderValue};
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; \
         base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}

/// Names, in the options `HydrationScripts` reads, the bundle that hydrates this request's page.
#[cfg(feature = "ssr")]
fn with_bundle_for_this_page(mut options: LeptosOptions) -> LeptosOptions {
    if let Some(parts) = use_context::<axum::http::request::Parts>() {
        let bundle = bundle::Bundle::for_path(parts.uri.path());
        options.output_name = bundle.output_name(&options.output_name).into();
    }
    options
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_session();
    // Effects run only in the browser: this marks the page as taken over by the WASM app
    // (the tests of what a page does in place wait for it; ordinary tests do not).
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Stylesheet id="gatehouse" href="/pkg/gatehouse.css"/>
        <Title text="Gatehouse"/>
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <SiteHeader/>
            <ForgetRefusedPost/>
            <main id="main">
                <PageRoutes/>
            </main>
        </Router>
    }
}

/// The browser's entry point: attach the WASM app to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    bundle::remember_loaded_path();
    bundle::leave_other_bundles_links_to_the_browser();
    leptos::mount::hydrate_body(App);
}
