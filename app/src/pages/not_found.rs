//! Any path no route matches.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <Title text="Page not found — Gatehouse"/>
        <section class="panel narrow">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. " <a href="/">"Go to the portal's home page"</a> "."</p>
        </section>
    }
}
