//! `/verify-email`: the link from the confirmation e-mail. A button confirms, so that mail
//! scanners that open links cannot confirm on someone's behalf.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::ConfirmEmail;
use crate::components::{form_action, form_error, use_session, ErrorMessage, StatusMessage};
use crate::model::DeveloperStatus;

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let session = use_session();
    // An `ActionForm`: it posts as a plain form too, before the WASM arrives.
    let confirm = form_action::<ConfirmEmail>();
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
        <Title text="Confirm your email — Gatehouse"/>
        <section class="panel narrow">
            <h1>"Confirm your email"</h1>
            {move || match outcome.get() {
                Some(Ok(DeveloperStatus::Approved)) => view! {
                    <StatusMessage>"Email confirmed. Your account is approved: you can create applications now."</StatusMessage>
                    <a class="button" href="/apps">"Go to My Apps"</a>
                }
                .into_any(),
                Some(Ok(_)) => view! {
                    <StatusMessage>
                        "Email confirmed. Your request is now pending approval by an admin; we will \
                         e-mail you as soon as it is decided."
                    </StatusMessage>
                    <a class="button button-ghost" href="/apps">"See your account status"</a>
                }
                .into_any(),
                _ => {
                    let token = token.clone();
                    view! {
                        <p class="lead">"Confirm that this address is yours to send your request to the admins."</p>
                        {move || form_error(outcome).get().map(|message| view! { <ErrorMessage message/> })}
                        <ActionForm action=confirm>
                            <input type="hidden" name="token" value=token/>
                            <button type="submit" class="button" disabled=move || confirm.pending().get()>
                                "Confirm email"
                            </button>
                        </ActionForm>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
