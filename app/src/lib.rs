//! Gatehouse's user interface and server functions: compiled to WASM (`hydrate`) for the
//! browser and natively (`ssr`) for the server, which renders the same pages first.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod error;
pub mod model;
pub mod pages;
pub mod url;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{ParentRoute, Redirect, Route, Router, Routes},
    path, SsrMode,
};

use components::{provide_session, SiteHeader};
use pages::admin::{
    AdminLoginPage, AdminsPage, ApplicationsPage, AuditPage, ComingPage, ConsoleShell,
    DeveloperPage, DevelopersPage, EmailsPage, RequestsPage, ServicesPage, SettingsPage,
};
use pages::{
    AccountPage, ApplicationPage, AppsPage, ConfirmAgainPage, ConfirmEmailChangePage,
    ForgotPasswordPage, HomePage, LoginPage, NotFoundPage, ResetPasswordPage, ServiceDocPage,
    SignUpPage, VerifyEmailPage,
};

/// The HTML document the server renders around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
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

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_session();
    // Effects run only in the browser: this marks the page as taken over by the WASM app
    // (tests and scripts wait for it before they click).
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
            <main id="main">
                // Every page is sent whole (`SsrMode::Async`): its data is in the HTML, so it
                // reads, and its forms post, before the WASM arrives or with JavaScript off.
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") ssr=SsrMode::Async view=HomePage/>
                    <Route path=path!("/signup") ssr=SsrMode::Async view=SignUpPage/>
                    <Route path=path!("/login") ssr=SsrMode::Async view=LoginPage/>
                    <Route path=path!("/forgot-password") ssr=SsrMode::Async view=ForgotPasswordPage/>
                    <Route path=path!("/reset-password") ssr=SsrMode::Async view=ResetPasswordPage/>
                    <Route path=path!("/signup/confirm-again") ssr=SsrMode::Async view=ConfirmAgainPage/>
                    <Route path=path!("/verify-email") ssr=SsrMode::Async view=VerifyEmailPage/>
                    <Route path=path!("/confirm-email-change") ssr=SsrMode::Async view=ConfirmEmailChangePage/>
                    <Route path=path!("/apps") ssr=SsrMode::Async view=AppsPage/>
                    <Route path=path!("/apps/:id") ssr=SsrMode::Async view=ApplicationPage/>
                    <Route path=path!("/services/:id") ssr=SsrMode::Async view=ServiceDocPage/>
                    <Route path=path!("/settings") ssr=SsrMode::Async view=AccountPage/>
                    <Route path=path!("/admin/login") ssr=SsrMode::Async view=AdminLoginPage/>
                    <ParentRoute path=path!("/admin") ssr=SsrMode::Async view=ConsoleShell>
                        <Route path=path!("") ssr=SsrMode::Async view=|| view! { <Redirect path="/admin/requests"/> }/>
                        <Route path=path!("requests") ssr=SsrMode::Async view=RequestsPage/>
                        <Route path=path!("developers") ssr=SsrMode::Async view=DevelopersPage/>
                        <Route path=path!("developers/:id") ssr=SsrMode::Async view=DeveloperPage/>
                        <Route path=path!("applications") ssr=SsrMode::Async view=ApplicationsPage/>
                        <Route path=path!("services") ssr=SsrMode::Async view=ServicesPage/>
                        <Route path=path!("settings") ssr=SsrMode::Async view=SettingsPage/>
                        <Route path=path!("audit") ssr=SsrMode::Async view=AuditPage/>
                        <Route path=path!("emails") ssr=SsrMode::Async view=EmailsPage/>
                        <Route path=path!("admins") ssr=SsrMode::Async view=AdminsPage/>
                        <Route path=path!("tokens") ssr=SsrMode::Async view=|| view! { <ComingPage title="API tokens"/> }/>
                    </ParentRoute>
                </Routes>
            </main>
        </Router>
    }
}

/// The browser's entry point: attach the WASM app to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
