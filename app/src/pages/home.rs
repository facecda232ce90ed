//! `/`: what the portal offers and the catalog of published APIs.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="APIs — Gatehouse"/>
        <section class="hero">
            <h1>"Build on our APIs"</h1>
            <p class="lead">
                "Sign up, get approved, create an application and generate credentials \
                 that work at our gateway."
            </p>
            <div class="actions">
                <a class="button" href="/signup">"Sign up"</a>
                <a class="button button-ghost" href="/login">"Sign in"</a>
            </div>
        </section>
        <section class="catalog" aria-labelledby="catalog-title">
            <h2 id="catalog-title">"API catalog"</h2>
            <div class="empty-state">
                <p class="empty-title">"No APIs published yet"</p>
                <p>"Published services and their documentation will be listed here."</p>
            </div>
        </section>
    }
}
