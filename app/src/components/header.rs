//! The portal's top bar: brand, navigation for the viewer, sign-in or sign-out. On a phone
//! the navigation folds behind a "Menu" button (a native `<details>`, so it opens before the
//! page's script arrives, and without it); it folds again once one of its links is used.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{fold_disclosure, use_session};
use crate::api::SignOut;
use crate::model::Viewer;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let session = use_session();
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                <svg class="brand-mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
                    <rect width="32" height="32" rx="7" fill="currentColor"></rect>
                    <path
                        d="M7 11h18M9 11v14M23 11v14M6 7h20"
                        stroke="#fff"
                        stroke-width="3"
                        stroke-linecap="round"
                        fill="none"
                    ></path>
                </svg>
                "Gatehouse"
            </a>
            <details class="site-menu">
                <summary class="button button-ghost button-small">"Menu"</summary>
                <nav aria-label="Main" on:click=fold_disclosure>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let viewer = session.viewer.await.unwrap_or_default();
                            view! { <Navigation viewer/> }
                        })}
                    </Transition>
                </nav>
            </details>
        </header>
    }
}

#[component]
fn Navigation(viewer: Viewer) -> impl IntoView {
    match viewer {
        Viewer::Anonymous => view! {
            <a href="/">"APIs"</a>
            <a href="/login">"Sign in"</a>
            <a class="button button-small" href="/signup">"Sign up"</a>
        }
        .into_any(),
        Viewer::Developer { full_name, .. } => view! {
            <a href="/">"APIs"</a>
            <a href="/apps">"My Apps"</a>
            <a href="/settings">"Account"</a>
            <span class="who">{full_name}</span>
            <SignOutButton/>
        }
        .into_any(),
        Viewer::Admin { email, .. } => view! {
            <a href="/admin/requests">"Console"</a>
            <span class="who">{email}</span>
            <SignOutButton/>
        }
        .into_any(),
    }
}

#[component]
fn SignOutButton() -> impl IntoView {
    let session = use_session();
    let sign_out = ServerAction::<SignOut>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            session.refresh();
            navigate("/", Default::default());
        }
    });
    view! {
        <ActionForm action=sign_out attr:class="inline-form">
            <button type="submit" class="button button-ghost button-small">
                "Sign out"
            </button>
        </ActionForm>
    }
}
