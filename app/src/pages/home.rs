//! `/`: what the portal offers and the catalog of published APIs.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::catalog;
use crate::components::ErrorMessage;
use crate::model::CatalogEntry;

#[component]
pub fn HomePage() -> impl IntoView {
    let services = Resource::new(|| (), |_| catalog());
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
            <Suspense fallback=|| view! { <p class="loading">"Loading the catalog…"</p> }>
                {move || Suspend::new(async move {
                    match services.await {
                        Ok(Some(services)) if !services.is_empty() => {
                            view! { <Catalog services/> }.into_any()
                        }
                        Ok(Some(_)) => view! {
                            <div class="empty-state">
                                <p class="empty-title">"No APIs published yet"</p>
                                <p>"Published services and their documentation will be listed here."</p>
                            </div>
                        }
                        .into_any(),
                        Ok(None) => view! {
                            <div class="empty-state">
                                <p class="empty-title">"This portal is private"</p>
                                <p>"Sign in with an approved developer account to see the APIs."</p>
                            </div>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Catalog(services: Vec<CatalogEntry>) -> impl IntoView {
    view! {
        <ul class="cards">
            {services
                .into_iter()
                .map(|service| {
                    view! {
                        <li class="card">
                            <h3>
                                <a href=format!("/services/{}", service.id)>{service.name}</a>
                            </h3>
                            <p class="muted">"Version " {service.version}</p>
                            <p>{service.description}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
