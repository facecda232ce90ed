//! `/apps/:id`: one application: its details, registrations with services and credentials.

mod credentials;
mod edit_credential;
mod registrations;
mod roll_credential;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::apps::ApprovedOnly;
use crate::api::{
    get_application, take_new_credential, DeleteApplication, DeleteCredential, EditCredential,
    GenerateCredential, RegisterApplication, RollCredential, UpdateApplication,
};
use crate::components::{
    action_outcome, field_error, form_action, posted_to, successes, ConfirmedAction, ErrorMessage,
    PlanUsagePanel, StatusMessage, TextField, CREATED,
};
use crate::model::{ApplicationDetails, PlanUsage};
use credentials::{follow_new_secrets, Credentials, JustMade, NewSecret};
use registrations::Registrations;

#[component]
pub fn ApplicationPage() -> impl IntoView {
    view! {
        <Title text="Application — Gatehouse"/>
        <p><a href="/apps">"← My Apps"</a></p>
        <ApprovedOnly>
            <Application/>
        </ApprovedOnly>
    }
}

/// Every action on the page; the details reload after any of them.
#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdateApplication>,
    register: ServerAction<RegisterApplication>,
    generate: ServerAction<GenerateCredential>,
    roll: ServerAction<RollCredential>,
    edit_credential: ServerAction<EditCredential>,
    delete_credential: ServerAction<DeleteCredential>,
}

#[component]
fn Application() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let actions = Actions {
        update: form_action(),
        register: form_action(),
        generate: ServerAction::new(),
        roll: ServerAction::new(),
        edit_credential: form_action(),
        delete_credential: form_action(),
    };
    // A refused credential form keeps its input and errors: only successes reload.
    let (generated, edited) = (
        successes(actions.generate),
        successes(actions.edit_credential),
    );
    let details = Resource::new(
        move || {
            (
                id(),
                actions.update.version().get(),
                actions.register.version().get(),
                generated.get(),
                actions.roll.version().get(),
                edited.get(),
                actions.delete_credential.version().get(),
            )
        },
        |(id, ..)| get_application(id),
    );
    // Read once: the marker leaves the address as soon as the script runs.
    let just_created = query.with_untracked(|q| q.get(CREATED).is_some());
    // After a plain form post generated or rolled a credential, its secret waits for this
    // page, once.
    let done = if posted_to::<GenerateCredential>() {
        Some("Credential created")
    } else if posted_to::<RollCredential>() {
        Some("Credential rolled")
    } else {
        None
    };
    let carried = Resource::new(id, move |id| async move {
        done?;
        take_new_credential(id).await.ok().flatten()
    });
    // A secret made on this page view is shown in the credentials panel, in place of the form.
    let shown = RwSignal::new(None::<JustMade>);
    follow_new_secrets(actions.generate, actions.roll, shown);
    // Outside the suspense, so that details loaded again do not bring a saved secret back.
    let carried_saved = RwSignal::new(false);
    view! {
        {just_created.then(|| view! { <StatusMessage>"Application created"</StatusMessage> })}
        // After a plain form post, the page opens at its top: the secret waits there.
        <Suspense>
            {move || Suspend::new(async move {
                let made = carried.await.zip(done)?;
                let details = details.await.ok();
                Some(view! {
                    <Show when=move || !carried_saved.get()>
                        <NewSecret
                            made=made.clone()
                            details=details.clone()
                            focus=false
                            on_saved=Callback::new(move |_| carried_saved.set(true))
                        />
                    </Show>
                })
            })}
        </Suspense>
        <Transition fallback=|| view! { <p class="loading">"Loading the application…"</p> }>
            {move || Suspend::new(async move {
                match details.await {
                    Ok(details) => view! { <Details details shown actions/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Details(
    details: ApplicationDetails,
    shown: RwSignal<Option<JustMade>>,
    actions: Actions,
) -> impl IntoView {
    let app = details.application.clone();
    view! {
        <section class="panel">
            <h1>{app.name.clone()}</h1>
            <p class="pre-line">{app.description.clone()}</p>
            <dl class="facts">
                <dt>"ACL groups"</dt>
                <dd>
                    {if details.acl_groups.is_empty() {
                        "None (assigned by the API team)".to_string()
                    } else {
                        details.acl_groups.join(", ")
                    }}
                </dd>
            </dl>
        </section>
        <Registrations
            application_id=app.id.clone()
            registrations=details.registrations.clone()
            services=details.services.clone()
            register=actions.register
        />
        <Credentials details=details.clone() shown actions=(actions.generate, actions.roll, actions.edit_credential, actions.delete_credential)/>
        <Usage usage=details.usage.clone() application_id=app.id.clone()/>
        <EditApplication details update=actions.update/>
    }
}

/// Each registration's plan and what it used.
#[component]
fn Usage(usage: Vec<PlanUsage>, application_id: String) -> impl IntoView {
    (!usage.is_empty()).then(|| {
        view! {
            <section class="panel" aria-labelledby="usage-title">
                <div class="page-head">
                    <h2 id="usage-title">"Plan and usage"</h2>
                    <a class="button button-ghost button-small" href=format!("/apps/{application_id}/usage.csv") download="usage.csv">
                        "Download CSV (hourly, 30 days)"
                    </a>
                </div>
                <p class="muted">"Requests through the API gateway, per UTC day, for each service this application is registered with."</p>
                {usage.into_iter().map(|usage| view! { <PlanUsagePanel usage/> }).collect_view()}
            </section>
        }
    })
}

#[component]
fn EditApplication(
    details: ApplicationDetails,
    update: ServerAction<UpdateApplication>,
) -> impl IntoView {
    let app = details.application;
    let delete = ServerAction::<DeleteApplication>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = delete.value().get() {
            navigate("/apps", Default::default());
        }
    });
    let (id, name) = (app.id.clone(), app.name.clone());
    view! {
        <section class="panel">
            <h2>"Edit application"</h2>
            <ActionForm action=update attr:class="form" attr:novalidate=true>
                <input type="hidden" name="application_id" value=app.id.clone()/>
                <TextField label="Application name" name="name" value=app.name.clone() error=field_error(update.value(), "name")/>
                <TextField label="Description" name="description" value=app.description.clone() error=field_error(update.value(), "description")/>
                {action_outcome(update.value())}
                <div><button type="submit" class="button" disabled=move || update.pending().get()>"Save"</button></div>
            </ActionForm>
        </section>
        <section class="danger-zone panel" aria-labelledby="delete-app-title">
            <h2 id="delete-app-title">"Delete application"</h2>
            <p>"Deletes the application with its registrations and credentials. They stop working at once."</p>
            {move || delete.value().get().and_then(Result::err).map(|e| view! { <ErrorMessage message=e.to_string()/> })}
            <ConfirmedAction
                key="delete-application".to_string()
                label="Delete application"
                class="button button-danger"
                title=format!("Delete {}?", name)
                body="The application, its registrations and all its credentials are deleted for good. Clients using them are refused at once. This cannot be undone."
                to=DeleteApplication::PATH
                fields=vec![("application_id", id.clone())]
                on_confirm=Callback::new(move |_| {
                    delete.dispatch(DeleteApplication { application_id: id.clone() });
                })
            />
        </section>
    }
}
