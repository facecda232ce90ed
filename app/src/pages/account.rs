//! `/settings`: a developer's own account: name, email, password, and deleting it.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_navigate};

use crate::api::{current_viewer, ChangeEmail, ChangeName, ChangePassword, DeleteAccount};
use crate::components::{
    action_outcome, field_error, form_action, use_session, ConfirmedAction, ErrorMessage, TextField,
};
use crate::model::Viewer;

#[component]
pub fn AccountPage() -> impl IntoView {
    // Loaded once: the session's own viewer is refreshed after each change (for the header),
    // and the forms must not be rebuilt then, or their confirmations would vanish.
    let me = Resource::new(|| (), |_| current_viewer());
    view! {
        <Title text="Account settings — Gatehouse"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Viewer::Developer { full_name, email, .. }) => {
                        view! { <AccountForms full_name email/> }.into_any()
                    }
                    Ok(_) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountForms(full_name: String, email: String) -> impl IntoView {
    let session = use_session();
    let rename = form_action::<ChangeName>();
    let change_email = form_action::<ChangeEmail>();
    let change_password = form_action::<ChangePassword>();
    let delete = ServerAction::<DeleteAccount>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if matches!(rename.value().get(), Some(Ok(_)))
            || matches!(change_email.value().get(), Some(Ok(_)))
        {
            session.refresh();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            session.refresh();
            navigate("/", Default::default());
        }
    });
    view! {
        <section class="panel narrow stack">
            <h1>"Account settings"</h1>
            <ActionForm action=rename attr:class="form" attr:aria-label="Name" attr:novalidate=true>
                <h2>"Name"</h2>
                <TextField label="Full name" name="full_name" value=full_name autocomplete="name" error=field_error(rename.value(), "full_name")/>
                {action_outcome(rename.value())}
                <div><button type="submit" class="button">"Save name"</button></div>
            </ActionForm>
            <ActionForm action=change_email attr:class="form" attr:aria-label="Email" attr:novalidate=true>
                <h2>"Email"</h2>
                <TextField label="Email" name="email" input_type="email" value=email autocomplete="email" error=field_error(change_email.value(), "email")/>
                <TextField
                    label="Your password, to confirm the change"
                    name="current_password"
                    id="email-current-password"
                    input_type="password"
                    autocomplete="current-password"
                    error=field_error(change_email.value(), "current_password")
                />
                {action_outcome(change_email.value())}
                <div><button type="submit" class="button">"Change email"</button></div>
            </ActionForm>
            <ActionForm action=change_password attr:class="form" attr:aria-label="Password" attr:novalidate=true>
                <h2>"Password"</h2>
                <TextField
                    label="Current password"
                    name="current_password"
                    id="password-current-password"
                    input_type="password"
                    autocomplete="current-password"
                    error=field_error(change_password.value(), "current_password")
                />
                <TextField
                    label="New password"
                    name="new_password"
                    input_type="password"
                    autocomplete="new-password"
                    hint="At least 10 characters. Your other sessions will be signed out."
                    error=field_error(change_password.value(), "new_password")
                />
                {action_outcome(change_password.value())}
                <div><button type="submit" class="button">"Change password"</button></div>
            </ActionForm>
            <section class="danger-zone" aria-labelledby="delete-title">
                <h2 id="delete-title">"Delete account"</h2>
                <p>"Deletes your account with all your applications and credentials. Your credentials stop working at once."</p>
                {move || delete.value().get().and_then(Result::err).map(|e| view! { <ErrorMessage message=e.to_string()/> })}
                <ConfirmedAction
                    key="delete-account".to_string()
                    label="Delete account"
                    class="button button-danger"
                    title="Delete your account?"
                    body="Your account, applications and credentials are deleted for good, and you are signed out. This cannot be undone."
                    to=DeleteAccount::PATH
                    fields=Vec::new()
                    on_confirm=Callback::new(move |_| {
                        delete.dispatch(DeleteAccount {});
                    })
                />
            </section>
        </section>
    }
}
