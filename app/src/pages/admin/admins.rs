//! `/admin/admins`: console accounts and their roles; owners add, change and remove them.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::api::{list_admins, AddAdmin, ChangeAdmin};
use crate::components::{
    action_outcome, field_error, form_action, form_error, typed_value, ConfirmedAction,
    ErrorMessage, StatusMessage, TextField, Time,
};
use crate::model::{AdminRole, AdminRow};

const ROLES: [(AdminRole, &str); 3] = [
    (
        AdminRole::Owner,
        "Owner: everything, including settings and admins",
    ),
    (AdminRole::Admin, "Admin: requests, developers and services"),
    (
        AdminRole::Viewer,
        "Viewer: sees everything, changes nothing",
    ),
];

#[component]
pub fn AdminsPage() -> impl IntoView {
    let add = form_action::<AddAdmin>();
    let change = form_action::<ChangeAdmin>();
    let admins = Resource::new(
        move || (add.version().get(), change.version().get()),
        |_| list_admins(),
    );
    view! {
        <Title text="Admins — Gatehouse console"/>
        <h1>"Admins"</h1>
        {action_outcome(change.value())}
        <Transition fallback=|| view! { <p class="loading">"Loading admins…"</p> }>
            {move || Suspend::new(async move {
                match admins.await {
                    Ok(rows) => view! { <AdminTable rows change/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
        <AddAdminForm add/>
    }
}

#[component]
fn AdminTable(rows: Vec<AdminRow>, change: ServerAction<ChangeAdmin>) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Admins">
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Added"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|admin| {
                            let removed = admin.id.clone();
                            let role_of = admin.id.clone();
                            let current = admin.role;
                            let role_label = format!("Role of {}", admin.email);
                            let save_label = format!("Save the role of {}", admin.email);
                            view! {
                                <tr>
                                    <td>{admin.email.clone()}</td>
                                    <td>
                                        // A form of its own: the role is saved by the button, also
                                        // before the WASM arrives or with JavaScript off.
                                        <ActionForm action=change attr:class="inline-form role-form">
                                            <input type="hidden" name="admin_id" value=role_of/>
                                            <select name="role" aria-label=role_label>
                                                {ROLES
                                                    .iter()
                                                    .map(|(role, _)| view! {
                                                        <option value=role.as_str() selected=*role == current>{role.as_str()}</option>
                                                    })
                                                    .collect_view()}
                                            </select>
                                            <button
                                                type="submit"
                                                class="button button-small button-ghost"
                                                aria-label=save_label
                                            >
                                                "Save"
                                            </button>
                                        </ActionForm>
                                    </td>
                                    <td><Time rfc3339=admin.created_at/></td>
                                    <td>
                                        <ConfirmedAction
                                            key=format!("remove-{}", admin.id)
                                            label="Remove"
                                            class="button button-small button-ghost"
                                            title=format!("Remove {}?", admin.email)
                                            body="They can no longer sign in to the console; their sessions end at once."
                                            to=ChangeAdmin::PATH
                                            fields=vec![("admin_id", admin.id.clone())]
                                            on_confirm=Callback::new(move |_| {
                                                change.dispatch(ChangeAdmin { admin_id: removed.clone(), role: None });
                                            })
                                        />
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
fn AddAdminForm(add: ServerAction<AddAdmin>) -> impl IntoView {
    let outcome = add.value();
    view! {
        <section class="panel section" aria-labelledby="add-admin-title">
            <h2 id="add-admin-title">"Add an admin"</h2>
            <ActionForm action=add attr:class="form" attr:novalidate=true>
                <TextField label="Email" name="email" input_type="email" error=field_error(outcome, "email")/>
                <TextField
                    label="Password"
                    name="password"
                    input_type="password"
                    autocomplete="new-password"
                    hint="At least 10 characters. Share it with them safely; they can change it later."
                    error=field_error(outcome, "password")
                />
                <div class="field">
                    <label for="role">"Role"</label>
                    <select id="role" name="role">
                        {ROLES
                            .iter()
                            .map(|(role, description)| view! {
                                <option value=role.as_str() selected=typed_value("role").map_or(*role == AdminRole::Admin, |typed| typed == role.as_str())>{*description}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
                {move || outcome.get().and_then(Result::ok).map(|done| view! { <StatusMessage>{done}</StatusMessage> })}
                {move || form_error(outcome).get().map(|message| view! { <ErrorMessage message/> })}
                <div><button type="submit" class="button" disabled=move || add.pending().get()>"Add admin"</button></div>
            </ActionForm>
        </section>
    }
}
