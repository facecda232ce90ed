//! `/forgot-password` and `/reset-password`: choosing a new password through an e-mailed link.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{RequestPasswordReset, ResetPassword};
use crate::components::{
    field_error, form_action, form_error, ErrorMessage, StatusMessage, TextField,
};

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let ask = form_action::<RequestPasswordReset>();
    let outcome = ask.value();
    view! {
        <Title text="Forgot your password? — Gatehouse"/>
        <section class="panel narrow">
            <h1>"Forgot your password?"</h1>
            <p class="lead">"Enter your email and we will send you a link to choose a new password."</p>
            <ActionForm action=ask attr:class="form" attr:novalidate=true>
                <TextField label="Email" name="email" input_type="email" autocomplete="email" error=field_error(outcome, "email")/>
                {move || outcome.get().and_then(Result::ok).map(|done| view! { <StatusMessage>{done}</StatusMessage> })}
                {move || form_error(outcome).get().map(|message| view! { <ErrorMessage message/> })}
                <button type="submit" class="button" disabled=move || ask.pending().get()>"Send reset link"</button>
            </ActionForm>
            <p class="aside"><a href="/login">"Back to sign-in"</a></p>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let reset = form_action::<ResetPassword>();
    let outcome = reset.value();
    let token = use_query_map()
        .with_untracked(|q| q.get("token"))
        .unwrap_or_default();
    view! {
        <Title text="Choose a new password — Gatehouse"/>
        <section class="panel narrow">
            <h1>"Choose a new password"</h1>
            <Show
                when=move || matches!(outcome.get(), Some(Ok(_)))
                fallback=move || {
                    let token = token.clone();
                    view! {
                        <ActionForm action=reset attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="token" value=token/>
                            <TextField
                                label="New password"
                                name="new_password"
                                input_type="password"
                                autocomplete="new-password"
                                hint="At least 10 characters."
                                error=field_error(outcome, "new_password")
                            />
                            {move || form_error(outcome).get().map(|message| view! { <ErrorMessage message/> })}
                            <button type="submit" class="button" disabled=move || reset.pending().get()>"Reset password"</button>
                        </ActionForm>
                    }
                }
            >
                {move || outcome.get().and_then(Result::ok).map(|done| view! { <StatusMessage>{done}</StatusMessage> })}
                <a class="button" href="/login">"Sign in"</a>
            </Show>
        </section>
    }
}
