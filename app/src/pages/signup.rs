//! `/signup`: a visitor asks for a developer account.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::SignUp;
use crate::components::{
    field_error, form_action, form_error, use_session, ErrorMessage, StatusMessage, TextField,
};
use crate::model::{DeveloperStatus, SignedUp};

#[component]
pub fn SignUpPage() -> impl IntoView {
    let session = use_session();
    let sign_up = form_action::<SignUp>();
    let outcome = sign_up.value();
    // Invitation links carry the address the invitation went to.
    let invited_email = use_query_map().with_untracked(|q| q.get("email"));
    Effect::new(move |_| {
        if let Some(Ok(_)) = outcome.get() {
            session.refresh();
        }
    });

    view! {
        <Title text="Sign up — Gatehouse"/>
        <section class="panel narrow">
            <h1>"Create a developer account"</h1>
            <Show
                when=move || matches!(outcome.get(), Some(Ok(_)))
                fallback=move || {
                    let email = invited_email.clone().unwrap_or_default();
                    view! {
                        <p class="lead">
                            "An admin reviews each request. You can sign in at once to see where yours stands."
                        </p>
                        <ActionForm action=sign_up attr:class="form" attr:novalidate=true>
                            <TextField
                                label="Full name"
                                name="full_name"
                                autocomplete="name"
                                error=field_error(outcome, "full_name")
                            />
                            <TextField
                                label="Email"
                                name="email"
                                input_type="email"
                                autocomplete="email"
                                value=email
                                error=field_error(outcome, "email")
                            />
                            <TextField
                                label="Password"
                                name="password"
                                input_type="password"
                                autocomplete="new-password"
                                hint=PASSWORD_HINT
                                error=field_error(outcome, "password")
                            />
                            {move || {
                                form_error(outcome).get().map(|message| view! { <ErrorMessage message/> })
                            }}
                            <button type="submit" class="button" disabled=move || sign_up.pending().get()>
                                "Sign up"
                            </button>
                        </ActionForm>
                        <p class="aside">"Already have an account? " <a href="/login">"Sign in"</a></p>
                    }
                }
            >
                {move || {
                    outcome
                        .get()
                        .and_then(Result::ok)
                        .map(|outcome| view! { <SignedUpMessage outcome/> })
                }}
            </Show>
        </section>
    }
}

// Kept in step with Password::MIN_CHARS by the test below.
const PASSWORD_HINT: &str = "At least 10 characters.";

#[component]
fn SignedUpMessage(outcome: SignedUp) -> impl IntoView {
    if outcome.confirm_email {
        // Said alike for every address, whether it has an account already or not.
        return view! {
            <StatusMessage>
                "Almost done: check your e-mail. We have sent a link to confirm your address \
                 (if it already has an account, a note saying so instead). Your request reaches \
                 the admins as soon as you confirm it."
            </StatusMessage>
            <p>"No e-mail after a few minutes? " <a href="/signup/confirm-again">"Send the link again"</a></p>
            <a class="button button-ghost" href="/login">"Sign in"</a>
        }
        .into_any();
    }
    match outcome.status {
        DeveloperStatus::Approved => view! {
            <StatusMessage>"Your account is approved. You can create applications now."</StatusMessage>
            <a class="button" href="/apps">"Go to My Apps"</a>
        }
        .into_any(),
        _ => view! {
            <StatusMessage>
                "Thanks! Your request is pending approval. An admin will review it, and we will \
                 e-mail you as soon as it is decided."
            </StatusMessage>
            <p>"Your account status: " <strong>"Pending"</strong></p>
            <a class="button button-ghost" href="/apps">"See your account status"</a>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_password_hint_states_the_real_minimum() {
        assert!(super::PASSWORD_HINT.contains(&crate::model::Password::MIN_CHARS.to_string()));
    }
}
