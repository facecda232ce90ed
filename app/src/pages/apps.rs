//! `/apps`: My Apps for approved developers (list and create); the account status for
//! everyone else who signed up.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use leptos_router::hooks::use_navigate;

use crate::api::{my_applications, CreateApplication};
use crate::components::{
    field_error, form_error, use_session, ErrorMessage, StatusBadge, TextField, Time,
};
use crate::error::AppError;
use crate::model::{ApplicationRow, DeveloperStatus, Viewer};

#[component]
pub fn AppsPage() -> impl IntoView {
    view! {
        <Title text="My Apps — Gatehouse"/>
        <ApprovedOnly>
            <MyApps/>
        </ApprovedOnly>
    }
}

/// Shows its children to approved developers; everyone else who signed up sees their
/// status in words, visitors go to sign in.
#[component]
pub fn ApprovedOnly(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match session.viewer.await {
                    Ok(Viewer::Developer { status: DeveloperStatus::Approved, .. }) => {
                        children.read_value()().into_any()
                    }
                    Ok(Viewer::Developer { status, full_name, email_verified, .. }) => {
                        view! { <AccountStatus status full_name email_verified/> }.into_any()
                    }
                    Ok(Viewer::Admin { .. }) => view! { <Redirect path="/admin/requests"/> }.into_any(),
                    Ok(Viewer::Anonymous) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MyApps() -> impl IntoView {
    let create = ServerAction::<CreateApplication>::new();
    let apps = Resource::new(move || create.version().get(), |_| my_applications());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            navigate(&format!("/apps/{id}?created=1"), Default::default());
        }
    });
    view! {
        <section class="panel">
            <h1>"My Apps"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading your applications…"</p> }>
                {move || Suspend::new(async move {
                    match apps.await {
                        Ok(apps) if apps.is_empty() => view! {
                            <div class="empty-state">
                                <p class="empty-title">"No applications yet"</p>
                                <p>"Applications group the credentials you use to call our APIs. Create one below."</p>
                            </div>
                        }
                        .into_any(),
                        Ok(apps) => view! { <AppList apps/> }.into_any(),
                        Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <section class="panel narrow">
            <h2>"Create an application"</h2>
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <TextField label="Application name" name="name" error=field_error(create.value(), "name")/>
                <TextField label="Description" name="description" hint="Optional: what the application does." error=field_error(create.value(), "description")/>
                {action_outcome_errors(create.value())}
                <div>
                    <button type="submit" class="button" disabled=move || create.pending().get()>"Create application"</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// Only the error of an action whose success navigates away.
fn action_outcome_errors<T, S>(outcome: S) -> impl IntoView
where
    T: Send + Sync + 'static,
    S: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    move || {
        form_error(outcome)
            .get()
            .map(|message| view! { <ErrorMessage message/> })
    }
}

#[component]
fn AppList(apps: Vec<ApplicationRow>) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Your applications">
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Application"</th>
                        <th scope="col">"Description"</th>
                        <th scope="col">"Services"</th>
                        <th scope="col">"Credentials"</th>
                        <th scope="col">"Created"</th>
                    </tr>
                </thead>
                <tbody>
                    {apps
                        .into_iter()
                        .map(|app| view! {
                            <tr>
                                <td><a href=format!("/apps/{}", app.id)>{app.name}</a></td>
                                <td>{app.description}</td>
                                <td>{app.registrations}</td>
                                <td>{app.credentials}</td>
                                <td><Time rfc3339=app.created_at/></td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// What a developer who cannot use the portal yet sees: the status in words and what comes next.
#[component]
fn AccountStatus(
    status: DeveloperStatus,
    full_name: String,
    email_verified: bool,
) -> impl IntoView {
    let explanation = match status {
        DeveloperStatus::Pending if !email_verified => {
            "Please confirm your email address with the link we e-mailed you. Your request \
             reaches the admins as soon as you do."
        }
        DeveloperStatus::Pending => {
            "Your request is waiting for an admin's approval. We will e-mail you as soon as it is \
             decided; until then you cannot create applications or credentials."
        }
        DeveloperStatus::Rejected => {
            "An admin declined your request for access. If you think this is a mistake, contact \
             the API team that runs this portal."
        }
        DeveloperStatus::Revoked => {
            "Your access has been revoked: your credentials no longer work. Contact the API team \
             that runs this portal to have it restored."
        }
        DeveloperStatus::Approved => "",
    };
    view! {
        <section class="panel narrow account-status">
            <h1>"Hello, " {full_name}</h1>
            <p class="status-line">"Account status: " <StatusBadge status/></p>
            <p>{explanation}</p>
        </section>
    }
}
