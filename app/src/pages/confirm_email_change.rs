//! `/confirm-email-change`: the link sent to a developer's new address. A button confirms,
//! so that mail scanners that open links cannot make the change on someone's behalf.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::ConfirmEmailChange;
use crate::components::{form_action, form_error, use_session, ErrorMessage, StatusMessage};

#[component]
pub fn ConfirmEmailChangePage() -> impl IntoView {
    let session = use_session();
    // An `ActionForm`: it posts as a plain form too, before the WASM arrives.
    let confirm = form_action::<ConfirmEmailChange>();
    let outcome = confirm.value();
    let token = use_query_map()
        .with_untracked(|q| q.get("token"))
        .unwrap_or_default();
    Effect::new(move |_| {
        if let Some(Ok(_)) = outcome.get() {
            session.refresh();
        }
    });
    view! {
        <Title text="Confirm your new email — Gatehouse"/>
        <section class="panel narrow">
            <h1>"Confirm your new email"</h1>
            {move || match outcome.get() {
                Some(Ok(message)) => view! {
                    <StatusMessage>{message}</StatusMessage>
                    <a class="button button-ghost" href="/settings">"Account settings"</a>
                }
                .into_any(),
                _ => {
                    let token = token.clone();
                    view! {
                        <p class="lead">"Confirm that this address is yours to make it your account's email."</p>
                        {move || form_error(outcome).get().map(|message| view! { <ErrorMessage message/> })}
                        <ActionForm action=confirm>
                            <input type="hidden" name="token" value=token/>
                            <button type="submit" class="button" disabled=move || confirm.pending().get()>
                                "Confirm new email"
                            </button>
                        </ActionForm>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
