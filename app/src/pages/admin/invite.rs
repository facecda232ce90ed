//! "Invite developers" on the Developers page: e-mailed invitations, or Kong's BCC mailto.

use leptos::prelude::*;

use crate::api::InviteDevelopers;
use crate::components::{
    field_error, form_action, form_error, hidden_fields, refused, typed_value, ErrorMessage,
    StatusMessage, DIALOG,
};
use leptos_router::hooks::use_query_map;

#[component]
pub fn InvitePanel() -> impl IntoView {
    // Open when the address asks for it (the button's plain form, without JavaScript) or
    // when a plain post just came back refused.
    let asked = use_query_map().with_untracked(|q| q.get(DIALOG).as_deref() == Some("invite"));
    let open = RwSignal::new(asked || refused::<InviteDevelopers>());
    let invite = form_action::<InviteDevelopers>();
    let outcome = invite.value();
    let error = field_error(outcome, "emails");
    view! {
        <form
            class="post-button"
            method="get"
            on:submit=move |event| {
                event.prevent_default();
                open.update(|o| *o = !*o);
            }
        >
            {hidden_fields([(DIALOG, "invite")])}
            <button type="submit" class="button" aria-expanded=move || open.get().to_string()>
                "Invite developers"
            </button>
        </form>
        <Show when=move || open.get()>
            <section class="panel invite" aria-labelledby="invite-title">
                <h2 id="invite-title">"Invite developers"</h2>
                <ActionForm action=invite attr:class="form" attr:novalidate=true>
                    <div class="field" class:field-invalid=move || error.get().is_some()>
                        <label for="invite-emails">"Emails"</label>
                        <p class="field-hint" id="invite-emails-hint">"Separate addresses with commas. Each gets a link to the sign-up page with the email filled in."</p>
                        <textarea
                            id="invite-emails"
                            name="emails"
                            rows="3"
                            aria-describedby="invite-emails-hint"
                            aria-invalid=move || error.get().is_some().then_some("true")
                        >{typed_value("emails")}</textarea>
                        {move || error.get().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
                    </div>
                    {move || form_error(outcome).get().map(|message| view! { <ErrorMessage message/> })}
                    {move || {
                        outcome.get().and_then(Result::ok).map(|invited| {
                            view! {
                                <StatusMessage>
                                    {format!("Invitations sent to {} developers. ", invited.count)}
                                    <a href=invited.mailto>"Or write to them from your mail app (BCC)"</a>
                                </StatusMessage>
                            }
                        })
                    }}
                    <div><button type="submit" class="button" disabled=move || invite.pending().get()>"Send invitations"</button></div>
                </ActionForm>
            </section>
        </Show>
    }
}
