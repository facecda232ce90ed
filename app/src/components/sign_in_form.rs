//! The email-and-password form shared by the portal's and the console's sign-in pages.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{field_error, form_error, use_session, ErrorMessage, TextField};
use crate::api::SignIn;
use crate::model::Realm;

#[component]
pub fn SignInForm(realm: Realm) -> impl IntoView {
    let session = use_session();
    let sign_in = ServerAction::<SignIn>::new();
    let outcome = sign_in.value();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = outcome.get() {
            session.refresh();
            navigate(realm.home(), Default::default());
        }
    });
    view! {
        <ActionForm action=sign_in attr:class="form" attr:novalidate=true>
            <input type="hidden" name="realm" value=realm.as_str()/>
            <TextField
                label="Email"
                name="email"
                input_type="email"
                autocomplete="username"
                error=field_error(outcome, "email")
            />
            <TextField
                label="Password"
                name="password"
                input_type="password"
                autocomplete="current-password"
                error=field_error(outcome, "password")
            />
            {move || form_error(outcome).get().map(|message| view! { <ErrorMessage message/> })}
            <button type="submit" class="button" disabled=move || sign_in.pending().get()>
                "Sign in"
            </button>
        </ActionForm>
    }
}
