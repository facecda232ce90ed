//! `/admin/services`: the APIs in the catalog: create, edit, publish and unpublish, with
//! their route, ACL groups and OpenAPI document.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{get_service_form, list_services, PublishService, SaveService};
use crate::components::{action_outcome, chosen_file_text, field_error, ErrorMessage, Time};
use crate::model::{ServiceForm, ServiceRow};

#[component]
pub fn ServicesPage() -> impl IntoView {
    let save = ServerAction::<SaveService>::new();
    let publish = ServerAction::<PublishService>::new();
    let services = Resource::new(
        move || (save.version().get(), publish.version().get()),
        |_| list_services(),
    );
    let form = RwSignal::new(ServiceForm::default());
    let load_error = RwSignal::new(None::<String>);
    let edit = move |id: String| {
        leptos::task::spawn_local(async move {
            match get_service_form(id).await {
                Ok(loaded) => {
                    load_error.set(None);
                    form.set(loaded);
                }
                Err(error) => load_error.set(Some(error.to_string())),
            }
        });
    };
    // A saved form starts over empty.
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            form.set(ServiceForm::default());
        }
    });
    view! {
        <Title text="Services — Gatehouse console"/>
        <h1>"Services"</h1>
        {action_outcome(publish.value())}
        {move || load_error.get().map(|message| view! { <ErrorMessage message/> })}
        <Transition fallback=|| view! { <p class="loading">"Loading services…"</p> }>
            {move || Suspend::new(async move {
                match services.await {
                    Ok(rows) if rows.is_empty() => view! {
                        <div class="empty-state">
                            <p class="empty-title">"No services yet"</p>
                            <p>"Create a service below: developers see published services in the catalog and register applications with them."</p>
                        </div>
                    }
                    .into_any(),
                    Ok(rows) => view! { <ServiceTable rows publish edit/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
        <ServiceEditor form save/>
    }
}

#[component]
fn ServiceTable(
    rows: Vec<ServiceRow>,
    publish: ServerAction<PublishService>,
    edit: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Version"</th>
                        <th scope="col">"Route"</th>
                        <th scope="col">"ACL groups"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Waiting registrations"</th>
                        <th scope="col">"Updated"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            let (id, edit_id) = (row.id.clone(), row.id.clone());
                            let published = row.published;
                            view! {
                                <tr>
                                    <td><a href=format!("/services/{}", row.id)>{row.name.clone()}</a></td>
                                    <td>{row.version.clone()}</td>
                                    <td><code>{row.route_prefix.clone().or(row.host.clone()).unwrap_or_default()}</code></td>
                                    <td>{if row.acl_groups.is_empty() { "Any".to_string() } else { row.acl_groups.join(", ") }}</td>
                                    <td>
                                        {if published {
                                            view! { <span class="badge badge-approved">"Published"</span> }
                                        } else {
                                            view! { <span class="badge badge-revoked">"Unpublished"</span> }
                                        }}
                                    </td>
                                    <td>{row.registrations}</td>
                                    <td><Time rfc3339=row.updated_at.clone()/></td>
                                    <td>
                                        <div class="row-actions">
                                            <button type="button" class="button button-small button-ghost" on:click=move |_| edit(edit_id.clone())>"Edit"</button>
                                            <button
                                                type="button"
                                                class="button button-small button-ghost"
                                                disabled=move || publish.pending().get()
                                                on:click=move |_| {
                                                    publish.dispatch(PublishService { service_id: id.clone(), published: !published });
                                                }
                                            >
                                                {if published { "Unpublish" } else { "Publish" }}
                                            </button>
                                        </div>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ServiceEditor(form: RwSignal<ServiceForm>, save: ServerAction<SaveService>) -> impl IntoView {
    let outcome = save.value();
    let editing = move || form.with(|f| !f.id.is_empty());
    let field = move |label: &'static str,
                      id: &'static str,
                      hint: &'static str,
                      get: fn(&ServiceForm) -> &String,
                      set: fn(&mut ServiceForm, String)| {
        let error = field_error(outcome, id);
        view! {
            <div class="field" class:field-invalid=move || error.get().is_some()>
                <label for=format!("service-{id}")>{label}</label>
                {(!hint.is_empty()).then(|| view! { <p class="field-hint">{hint}</p> })}
                <input
                    id=format!("service-{id}")
                    autocomplete="off"
                    aria-invalid=move || error.get().is_some().then_some("true")
                    prop:value=move || form.with(|f| get(f).clone())
                    on:input=move |e| {
                        let value = event_target_value(&e);
                        form.update(|f| set(f, value));
                    }
                />
                {move || error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
        }
    };
    let document_error = field_error(outcome, "openapi");
    view! {
        <section class="panel" aria-labelledby="service-form-title">
            <h2 id="service-form-title">{move || if editing() { "Edit service" } else { "New service" }}</h2>
            <form
                class="form"
                novalidate=true
                on:submit=move |event| {
                    event.prevent_default();
                    save.dispatch(SaveService { form: form.get_untracked() });
                }
            >
                {field("Name", "name", "", |f| &f.name, |f, v| f.name = v)}
                {field("Version", "version", "Such as 1.0 or 2024-06.", |f| &f.version, |f, v| f.version = v)}
                <div class="field" class:field-invalid=move || field_error(outcome, "description").get().is_some()>
                    <label for="service-description">"Description"</label>
                    <textarea
                        id="service-description"
                        rows="3"
                        prop:value=move || form.with(|f| f.description.clone())
                        on:input=move |e| {
                            let value = event_target_value(&e);
                            form.update(|f| f.description = value);
                        }
                    ></textarea>
                    {move || field_error(outcome, "description").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </div>
                {field("Route prefix", "route_prefix", "The path gateways serve it under, such as /petstore. Or give a host below.", |f| &f.route_prefix, |f, v| f.route_prefix = v)}
                {field("Host", "host", "Optional: a host name such as petstore.api.example.com.", |f| &f.host, |f, v| f.host = v)}
                {field("ACL groups", "acl_groups", "Optional, comma-separated: only applications in one of these groups may call it.", |f| &f.acl_groups, |f, v| f.acl_groups = v)}
                <div class="field" class:field-invalid=move || document_error.get().is_some()>
                    <label for="service-openapi">"OpenAPI document"</label>
                    <p class="field-hint" id="service-openapi-hint">"OpenAPI 3 as JSON or YAML: paste it, or upload a file. Developers read it as the API reference."</p>
                    <textarea
                        id="service-openapi"
                        rows="10"
                        class="code"
                        aria-describedby="service-openapi-hint"
                        aria-invalid=move || document_error.get().is_some().then_some("true")
                        prop:value=move || form.with(|f| f.openapi.clone())
                        on:input=move |e| {
                            let value = event_target_value(&e);
                            form.update(|f| f.openapi = value);
                        }
                    ></textarea>
                    <label for="service-openapi-file" class="file-label">"Upload OpenAPI file"</label>
                    <input
                        id="service-openapi-file"
                        type="file"
                        accept=".json,.yaml,.yml,application/json,application/yaml"
                        on:change=move |event| {
                            leptos::task::spawn_local(async move {
                                if let Some(text) = chosen_file_text(event).await {
                                    form.update(|f| f.openapi = text);
                                }
                            });
                        }
                    />
                    {move || document_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </div>
                {action_outcome(outcome)}
                <div class="actions">
                    <button type="submit" class="button" disabled=move || save.pending().get()>
                        {move || if editing() { "Save service" } else { "Create service" }}
                    </button>
                    <Show when=editing>
                        <button type="button" class="button button-ghost" on:click=move |_| form.set(ServiceForm::default())>"Cancel editing"</button>
                    </Show>
                </div>
            </form>
        </section>
    }
}
