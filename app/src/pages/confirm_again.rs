//! `/signup/confirm-again`: a sign-up whose confirmation e-mail was lost or expired asks
//! for a new link. The answer is the same for every address.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::ResendConfirmation;
use crate::components::{action_outcome, field_error, form_action, TextField};

#[component]
pub fn ConfirmAgainPage() -> impl IntoView {
    let resend = form_action::<ResendConfirmation>();
    view! {
        <Title text="Send the confirmation link again — Gatehouse"/>
        <section class="panel narrow">
            <h1>"Send the confirmation link again"</h1>
            <p class="lead">"Look in your spam folder first. Still nothing? Enter the address you signed up with."</p>
            <ActionForm action=resend attr:class="form" attr:novalidate=true>
                <TextField label="Email" name="email" input_type="email" autocomplete="email" error=field_error(resend.value(), "email")/>
                {action_outcome(resend.value())}
                <div>
                    <button type="submit" class="button" disabled=move || resend.pending().get()>"Send the link again"</button>
                </div>
            </ActionForm>
        </section>
    }
}
