//! The application's registrations with services, and registering with another one.

use leptos::prelude::*;

use crate::api::RegisterApplication;
use crate::components::{action_outcome, RegistrationBadge, Time};
use crate::model::{CatalogEntry, RegistrationRow};

#[component]
pub fn Registrations(
    application_id: String,
    registrations: Vec<RegistrationRow>,
    services: Vec<CatalogEntry>,
    register: ServerAction<RegisterApplication>,
) -> impl IntoView {
    let choosing = RwSignal::new(false);
    let services = StoredValue::new(services);
    let application_id = StoredValue::new(application_id);
    let table = if registrations.is_empty() {
        view! {
            <div class="empty-state">
                <p class="empty-title">"Not registered with any service"</p>
                <p>"Register the application with a service to call it with this application's credentials."</p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="table-wrap">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Service"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Requested"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {registrations
                            .into_iter()
                            .map(|r| view! {
                                <tr>
                                    <td><a href=format!("/services/{}", r.service_id)>{r.service_name}</a></td>
                                    <td><RegistrationBadge status=r.status/></td>
                                    <td><Time rfc3339=r.created_at/></td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="panel" aria-labelledby="registrations-title">
            <div class="page-head">
                <h2 id="registrations-title">"Services"</h2>
                <button
                    type="button"
                    class="button"
                    disabled=move || register.pending().get()
                    on:click=move |_| choosing.set(true)
                >
                    "Register with a service"
                </button>
            </div>
            {action_outcome(register.value())}
            {table}
            <Show when=move || choosing.get()>
                <div class="dialog-backdrop">
                    <div
                        class="dialog"
                        role="dialog"
                        aria-modal="true"
                        aria-labelledby="register-title"
                        on:keydown=move |event| {
                            if event.key() == "Escape" {
                                choosing.set(false);
                            }
                        }
                    >
                        <h2 id="register-title">"Register with a service"</h2>
                        {move || {
                            let open = services.get_value();
                            if open.is_empty() {
                                view! { <p>"This application is registered with every published service already."</p> }.into_any()
                            } else {
                                view! {
                                    <p>"Choose the service this application should call:"</p>
                                    <ul class="choices">
                                        {open
                                            .into_iter()
                                            .map(|service| {
                                                let service_id = service.id.clone();
                                                view! {
                                                    <li>
                                                        <button
                                                            type="button"
                                                            class="button button-ghost"
                                                            on:click=move |_| {
                                                                choosing.set(false);
                                                                register.dispatch(RegisterApplication {
                                                                    application_id: application_id.get_value(),
                                                                    service_id: service_id.clone(),
                                                                });
                                                            }
                                                        >
                                                            {service.name}
                                                        </button>
                                                        " " <span class="muted">"v" {service.version}</span>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                .into_any()
                            }
                        }}
                        <div class="dialog-actions">
                            <button type="button" class="button button-ghost" on:click=move |_| choosing.set(false)>"Cancel"</button>
                        </div>
                    </div>
                </div>
            </Show>
        </section>
    }
}
