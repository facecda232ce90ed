//! The application's registrations with services, and registering with another one.

use leptos::prelude::*;

use leptos::form::FromFormData;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

use crate::api::RegisterApplication;
use crate::components::{action_outcome, Dialog, RegistrationBadge, Time, DIALOG};
use crate::model::{CatalogEntry, RegistrationRow};

#[component]
pub fn Registrations(
    application_id: String,
    registrations: Vec<RegistrationRow>,
    services: Vec<CatalogEntry>,
    register: ServerAction<RegisterApplication>,
) -> impl IntoView {
    // The dialog is open while the address says so: a link opens it, with or without
    // JavaScript, and its form posts as a plain form too.
    let query = use_query_map();
    let choosing = move || query.with(|q| q.get(DIALOG).as_deref() == Some("register"));
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
            <div class="table-wrap" tabindex="0" role="region" aria-label="Registrations">
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
    let location = use_location();
    let close_to = move || location.pathname.get();
    let navigate = use_navigate();
    let close = move || navigate(&close_to(), Default::default());
    let on_submit = {
        let close = close.clone();
        Callback::new(move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            match RegisterApplication::from_event(&event) {
                Ok(input) => {
                    register.dispatch(input);
                    close();
                }
                Err(error) => {
                    leptos::logging::error!("the registration form did not parse: {error}")
                }
            }
        })
    };
    let close_callback = {
        let close = close.clone();
        Callback::new(move |_| close())
    };
    view! {
        <section class="panel" aria-labelledby="registrations-title">
            <div class="page-head">
                <h2 id="registrations-title">"Services"</h2>
                <a class="button" href=format!("?{DIALOG}=register")>"Register with a service"</a>
            </div>
            {action_outcome(register.value())}
            {table}
            <Show when=choosing>
                <Dialog labelled_by="register-title" on_close=close_callback>
                        <h2 id="register-title">"Register with a service"</h2>
                        {move || {
                            let open = services.get_value();
                            if open.is_empty() {
                                view! { <p>"This application is registered with every published service already."</p> }.into_any()
                            } else {
                                view! {
                                    <p>"Choose the service this application should call:"</p>
                                    <form method="post" action=RegisterApplication::PATH on:submit=move |event| on_submit.run(event)>
                                        <input type="hidden" name="application_id" value=application_id.get_value()/>
                                        <ul class="choices">
                                            {open
                                                .into_iter()
                                                .map(|service| view! {
                                                    <li>
                                                        <button type="submit" class="button button-ghost" name="service_id" value=service.id>
                                                            {service.name}
                                                        </button>
                                                        " " <span class="muted">"v" {service.version}</span>
                                                    </li>
                                                })
                                                .collect_view()}
                                        </ul>
                                    </form>
                                }
                                .into_any()
                            }
                        }}
                        <div class="dialog-actions">
                            <a class="button button-ghost" href=close_to>"Cancel"</a>
                        </div>
                </Dialog>
            </Show>
        </section>
    }
}
