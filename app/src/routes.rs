//! The route tree, as each build has it: the server and the whole app's bundle route every
//! page; a smaller bundle routes its own pages and sends every other address to the server
//! ([`LoadFromServer`]), which answers it with the bundle that has it (see `bundle/`).
//!
//! Every page is sent whole (`SsrMode::Async`): its data is in the HTML, so it reads, and its
//! forms post, before the WASM arrives or with JavaScript off.

use leptos::prelude::*;
#[allow(unused_imports)]
use leptos_router::{
    components::{ParentRoute, Redirect, Route, Routes},
    path, SsrMode,
};

#[cfg(not(any(feature = "ssr", feature = "console")))]
use crate::bundle::LoadFromServer;
use crate::pages::NotFoundPage;

/// Every page: the portal, the console and the API reference.
#[cfg(any(feature = "ssr", feature = "console"))]
#[component]
pub fn PageRoutes() -> impl IntoView {
    use crate::pages::admin::{
        AdminLoginPage, AdminsPage, ApplicationsPage, AuditPage, ConsoleShell, DeveloperPage,
        DevelopersPage, EmailsPage, PlansPage, RequestsPage, ServicesPage, SettingsPage,
        TokensPage, WebhooksPage,
    };
    use crate::pages::{
        AccountPage, ApplicationPage, AppsPage, ConfirmAgainPage, ConfirmEmailChangePage,
        ForgotPasswordPage, HomePage, LoginPage, ResetPasswordPage, ServiceDocPage, SignUpPage,
        VerifyEmailPage,
    };
    view! {
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
                <Route path=path!("tokens") ssr=SsrMode::Async view=TokensPage/>
                <Route path=path!("webhooks") ssr=SsrMode::Async view=WebhooksPage/>
                <Route path=path!("plans") ssr=SsrMode::Async view=PlansPage/>
            </ParentRoute>
        </Routes>
    }
}

/// The portal's pages; the console and the API reference come from the server.
#[cfg(all(feature = "portal", not(any(feature = "ssr", feature = "console"))))]
#[component]
pub fn PageRoutes() -> impl IntoView {
    use crate::pages::{
        AccountPage, ApplicationPage, AppsPage, ConfirmAgainPage, ConfirmEmailChangePage,
        ForgotPasswordPage, HomePage, LoginPage, ResetPasswordPage, SignUpPage, VerifyEmailPage,
    };
    view! {
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
            <Route path=path!("/settings") ssr=SsrMode::Async view=AccountPage/>
            <Route path=path!("/services/*any") ssr=SsrMode::Async view=LoadFromServer/>
            <Route path=path!("/admin") ssr=SsrMode::Async view=LoadFromServer/>
            <Route path=path!("/admin/*any") ssr=SsrMode::Async view=LoadFromServer/>
        </Routes>
    }
}

/// `/`, `/signup` and `/login`; every other address comes from the server.
#[cfg(all(
    feature = "welcome",
    not(any(feature = "ssr", feature = "console", feature = "portal"))
))]
#[component]
pub fn PageRoutes() -> impl IntoView {
    use crate::pages::{HomePage, LoginPage, SignUpPage};
    view! {
        <Routes fallback=NotFoundPage>
            <Route path=path!("/") ssr=SsrMode::Async view=HomePage/>
            <Route path=path!("/signup") ssr=SsrMode::Async view=SignUpPage/>
            <Route path=path!("/login") ssr=SsrMode::Async view=LoginPage/>
            <Route path=path!("/*any") ssr=SsrMode::Async view=LoadFromServer/>
        </Routes>
    }
}

/// `/apps`; every other address comes from the server.
#[cfg(all(
    feature = "apps",
    not(any(
        feature = "ssr",
        feature = "console",
        feature = "portal",
        feature = "welcome"
    ))
))]
#[component]
pub fn PageRoutes() -> impl IntoView {
    use crate::pages::AppsPage;
    view! {
        <Routes fallback=NotFoundPage>
            <Route path=path!("/apps") ssr=SsrMode::Async view=AppsPage/>
            <Route path=path!("/*any") ssr=SsrMode::Async view=LoadFromServer/>
        </Routes>
    }
}

/// A browser build that names no bundle routes nothing itself (`cargo check` of `hydrate`).
#[cfg(not(any(
    feature = "ssr",
    feature = "console",
    feature = "portal",
    feature = "welcome",
    feature = "apps"
)))]
#[component]
pub fn PageRoutes() -> impl IntoView {
    view! {
        <Routes fallback=NotFoundPage>
            <Route path=path!("/*any") ssr=SsrMode::Async view=LoadFromServer/>
        </Routes>
    }
}
