//! `/admin/services`: the APIs in the catalog: create, edit, publish and unpublish, with
//! their route, ACL groups and OpenAPI document (pasted, or for a service being edited
//! uploaded or fetched from an address, up to 25 MB). The service being edited is named in
//! the address (`?edit=<id>`), and every form posts as a plain form too.

use leptos::server_fn::ServerFn;
use leptos::{html, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{get_service_form, list_services, PublishService, SaveService};
use crate::components::{
    action_outcome, chosen_file_text, field_error, form_action, successes, typed_checkbox,
    typed_value, use_hydrated, ErrorMessage, PostButton, StatusMessage, TextField, Time,
    DOCUMENT_ERROR, DOCUMENT_SAVED,
};
use crate::model::{ServiceForm, ServiceRow};

#[component]
pub fn ServicesPage() -> impl IntoView {
    let save = form_action::<SaveService>();
    let publish = form_action::<PublishService>();
    let saved = successes(save);
    let services = Resource::new(
        move || (saved.get(), publish.version().get()),
        |_| list_services(),
    );
    let query = use_query_map();
    let editing = Memo::new(move |_| query.with(|q| q.get("edit").unwrap_or_default()));
    // The editor holds the service the address names, or a blank form; a save that worked
    // starts it again (a refused one keeps what was typed).
    let editor = Resource::new(
        move || (editing.get(), saved.get()),
        |(id, _)| async move {
            if id.is_empty() {
                Ok(ServiceForm::blank())
            } else {
                get_service_form(id).await
            }
        },
    );
    view! {
        <Title text="Services — Gatehouse console"/>
        <h1>"Services"</h1>
        {action_outcome(publish.value())}
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
                    Ok(rows) => view! { <ServiceTable rows publish/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
        <Transition fallback=|| view! { <p class="loading">"Loading the service…"</p> }>
            {move || Suspend::new(async move {
                match editor.await {
                    Ok(initial) => view! { <ServiceEditor initial save/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ServiceTable(rows: Vec<ServiceRow>, publish: ServerAction<PublishService>) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Services">
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
                            let id = row.id.clone();
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
                                            <a class="button button-small button-ghost" href=format!("/admin/services?edit={}", row.id)>"Edit"</a>
                                            <PostButton
                                                to=PublishService::PATH
                                                fields=vec![("service_id", row.id.clone()), ("published", (!published).to_string())]
                                                class="button button-small button-ghost"
                                                disabled=publish.pending()
                                                on_press=Callback::new(move |_| {
                                                    publish.dispatch(PublishService { service_id: id.clone(), published: !published });
                                                })
                                            >
                                                {if published { "Unpublish" } else { "Publish" }}
                                            </PostButton>
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
fn ServiceEditor(initial: ServiceForm, save: ServerAction<SaveService>) -> impl IntoView {
    let outcome = save.value();
    let editing = !initial.id.is_empty();
    let openapi = NodeRef::<html::Textarea>::new();
    // The file is read by the page's script: until it is there, pasting is the way.
    let hydrated = use_hydrated();
    let description_error = field_error(outcome, "description");
    let document_error = field_error(outcome, "openapi");
    let has_document = !initial.openapi.is_empty() || initial.kept_document.is_some();
    let hint = match &initial.kept_document {
        Some(kept) => format!(
            "The current document ({}) is kept while the box below is ticked. To replace it, paste another here (up to 2 MB), or upload one below.",
            kept.describe()
        ),
        None if editing => "OpenAPI 3.0 or 3.1 as JSON or YAML, pasted here (up to 2 MB; larger ones are uploaded below). Developers read it as the API reference.".to_string(),
        None => "OpenAPI 3.0 or 3.1 as JSON or YAML: paste it, or read a file into the box (up to 2 MB; once the service is created, larger documents up to 25 MB are uploaded from its page). Developers read it as the API reference.".to_string(),
    };
    let service_id = initial.id.clone();
    view! {
        <section class="panel" aria-labelledby="service-form-title">
            <h2 id="service-form-title">{if editing { "Edit service" } else { "New service" }}</h2>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <input type="hidden" name="form[id]" value=initial.id.clone()/>
                <TextField label="Name" name="form[name]" id="service-name" value=initial.name.clone() error=field_error(outcome, "name")/>
                <TextField label="Version" name="form[version]" id="service-version" hint="Such as 1.0 or 2024-06." value=initial.version.clone() error=field_error(outcome, "version")/>
                <div class="field" class:field-invalid=move || description_error.get().is_some()>
                    <label for="service-description">"Description"</label>
                    <textarea id="service-description" name="form[description]" rows="3">{typed_value("form[description]").unwrap_or(initial.description.clone())}</textarea>
                    {move || description_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </div>
                <TextField label="Route prefix" name="form[route_prefix]" id="service-route_prefix" hint="The path gateways serve it under, such as /petstore. Or give a host below." value=initial.route_prefix.clone() error=field_error(outcome, "route_prefix")/>
                <TextField label="Host" name="form[host]" id="service-host" hint="Optional: a host name such as petstore.api.example.com." value=initial.host.clone() error=field_error(outcome, "host")/>
                <TextField label="ACL groups" name="form[acl_groups]" id="service-acl_groups" hint="Optional, comma-separated: only applications in one of these groups may call it." value=initial.acl_groups.clone() error=field_error(outcome, "acl_groups")/>
                <div class="field" class:field-invalid=move || document_error.get().is_some()>
                    <label for="service-openapi">"OpenAPI document"</label>
                    <p class="field-hint" id="service-openapi-hint">{hint}</p>
                    <textarea
                        id="service-openapi"
                        name="form[openapi]"
                        rows="10"
                        class="code"
                        node_ref=openapi
                        aria-describedby="service-openapi-hint"
                        aria-invalid=move || document_error.get().is_some().then_some("true")
                    >{typed_value("form[openapi]").unwrap_or(initial.openapi.clone())}</textarea>
                    {(!editing).then(|| view! {
                        <label for="service-openapi-file" class="file-label">"Read a file into the box"</label>
                        <input
                            id="service-openapi-file"
                            type="file"
                            accept=".json,.yaml,.yml,application/json,application/yaml"
                            disabled=move || !hydrated.get()
                            on:change=move |event| {
                                leptos::task::spawn_local(async move {
                                    if let (Some(text), Some(area)) = (chosen_file_text(event).await, openapi.get_untracked()) {
                                        area.set_value(&text);
                                    }
                                });
                            }
                        />
                    })}
                    {move || document_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </div>
                {initial.kept_document.as_ref().map(|kept| view! {
                    <div class="checkbox">
                        <input
                            type="checkbox"
                            id="service-keep_document"
                            name="form[keep_document]"
                            value="true"
                            checked=typed_checkbox("form[keep_document]").unwrap_or(true)
                        />
                        <label for="service-keep_document">"Keep the current document (" {kept.describe()} "); untick to remove it"</label>
                    </div>
                })}
                {action_outcome(outcome)}
                <div class="actions">
                    <button type="submit" class="button" disabled=move || save.pending().get()>
                        {if editing { "Save service" } else { "Create service" }}
                    </button>
                    {editing.then(|| view! { <a class="button button-ghost" href="/admin/services">"Cancel editing"</a> })}
                </div>
            </ActionForm>
        </section>
        {editing.then(|| view! { <DocumentUpload service_id has_document/> })}
    }
}

/// Uploads a service's document as a file, or has the server fetch it from an address: a
/// plain multipart form, answered by going back to this page with the outcome.
#[component]
fn DocumentUpload(service_id: String, has_document: bool) -> impl IntoView {
    let query = use_query_map();
    let saved = query.with_untracked(|q| q.get(DOCUMENT_SAVED).is_some());
    let error = query.with_untracked(|q| q.get(DOCUMENT_ERROR));
    let address = format!("/admin/services/{service_id}/document");
    let download = has_document.then(|| address.clone());
    view! {
        <section class="panel section" aria-labelledby="document-title">
            <h2 id="document-title">"API document"</h2>
            {saved.then(|| view! { <StatusMessage>"Document saved"</StatusMessage> })}
            <p>"Upload an OpenAPI 3.0 or 3.1 document (JSON or YAML, up to 25 MB), or give the address Gatehouse fetches it from. It replaces the current one once it reads as valid OpenAPI."</p>
            <form method="post" action=address enctype="multipart/form-data" class="form">
                <div class="field">
                    <label for="document-file">"OpenAPI file"</label>
                    <input id="document-file" type="file" name="file" accept=".json,.yaml,.yml,application/json,application/yaml"/>
                </div>
                <div class="field">
                    <label for="document-url">"Or the document's address"</label>
                    <input id="document-url" type="url" name="url" placeholder="https://example.com/openapi.json" aria-describedby=error.is_some().then_some("document-error")/>
                </div>
                {error.map(|message| view! { <p class="field-error" id="document-error" role="alert">{message}</p> })}
                <div class="actions">
                    <button type="submit" class="button">"Save document"</button>
                    {download.map(|href| view! { <a class="button button-ghost" href=href download="" rel="external">"Download the current document"</a> })}
                </div>
            </form>
        </section>
    }
}
