//! Console sections whose pages arrive in later releases: the shell links to them already.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ComingPage(title: &'static str) -> impl IntoView {
    view! {
        <Title text=format!("{title} — Gatehouse console")/>
        <h1>{title}</h1>
        <div class="empty-state">
            <p class="empty-title">"Not available yet"</p>
            <p>"This part of the console is not available in this version of Gatehouse."</p>
        </div>
    }
}

/// The console's API tokens section.
#[component]
pub fn TokensPage() -> impl IntoView {
    view! { <ComingPage title="API tokens"/> }
}
