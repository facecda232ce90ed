//! "Invite developers" on the Developers page: e-mailed invitations, or Kong's BCC mailto.
//! The panel opens from the address too (`?dialog=invite`), so that it works without
//! JavaScript; after a plain post it stays open with the outcome.

use leptos::prelude::*;

use crate::api::InviteDevelopers;
use crate::components::{
    field_error, form_action, form_error, posted_to, refused, typed_value, AddressDialog,
    ErrorMessage, StatusMessage,
};

#[component]
pub fn InvitePanel() -> impl IntoView {
    let panel = AddressDialog::new("invite".to_string());
    if posted_to::<InviteDevelopers>() || refused::<InviteDevelopers>() {
        panel.open.set(true);
    }
    let invite = form_action::<InviteDevelopers>();
    let outcome = invite.value();
    let error = field_error(outcome, "emails");
    view! {
        {panel.opener("Invite developers", "button".to_string(), Signal::default())}
        <Show when=move || panel.open.get()>
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
                                    {(!invited.mailto.is_empty()).then(|| view! {
                                        <a href=invited.mailto>"Or write to them from your mail app (BCC)"</a>
                                    })}
                                </StatusMessage>
                            }
                        })
                    }}
                    <div class="actions">
                        <button type="submit" class="button" disabled=move || invite.pending().get()>"Send invitations"</button>
                    </div>
                </ActionForm>
                <div class="actions">{panel.cancel()}</div>
            </section>
        </Show>
    }
}
