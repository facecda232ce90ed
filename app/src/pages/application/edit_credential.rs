//! "Edit" on a credential: rename it and, if asked, give it another expiry. The secret is
//! not shown again; a roll is what issues a new one. The dialog posts as a plain form too.

use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::EditCredential;
use crate::components::{
    field_error, form_error, readable_time, typed_checkbox, AddressDialog, Dialog, ErrorMessage,
    TextField,
};
use crate::error::AppError;
use crate::model::{CredentialChange, CredentialRow};

/// The dialog for one credential; it stays open until the change is saved or cancelled.
#[component]
pub fn EditCredentialDialog(
    row: CredentialRow,
    edit: ServerAction<EditCredential>,
    dialog: AddressDialog,
) -> impl IntoView {
    let outcome = edit.value();
    // Parsed here with the server's parser first; the server's answer shows otherwise.
    let refused = RwSignal::new(None::<AppError>);
    let error_for = move |field: &'static str| {
        let answered = field_error(outcome, field);
        Signal::derive(move || {
            refused
                .with(|refused| refused.as_ref().and_then(|e| e.message_for(field)))
                .or_else(|| answered.get())
        })
    };
    // A change saved from this dialog closes it (and takes it out of the address).
    let opened_at = edit.version().get_untracked();
    Effect::new(move |_| {
        if edit.version().get() != opened_at && matches!(outcome.get(), Some(Ok(_))) {
            dialog.close.run(());
        }
    });
    let current_expiry = row
        .expires_at
        .clone()
        .map_or("It does not expire now.".to_string(), |at| {
            format!("It expires {}.", readable_time(&at))
        });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let input = match EditCredential::from_event(&event) {
            Ok(input) => input,
            Err(error) => {
                leptos::logging::error!("the edit form did not parse: {error}");
                return;
            }
        };
        if let Err(error) = CredentialChange::try_from(input.edit.clone()) {
            refused.set(Some(error));
            return;
        }
        refused.set(None);
        edit.dispatch(input);
    };
    let form_id = format!("edit-{}", row.id);
    view! {
        <Dialog labelled_by="edit-credential-title" initial_focus="#edit_credential_name" on_close=dialog.close>
            <h2 id="edit-credential-title">"Edit API credential"</h2>
            <form id=form_id.clone() class="form" method="post" action=EditCredential::PATH novalidate=true on:submit=on_submit>
                <input type="hidden" name="credential_id" value=row.id.clone()/>
                <TextField label="Credential name" name="edit[name]" id="edit_credential_name" value=row.name.clone() hint="Empty for the type's name." error=error_for("name")/>
                <div class="checkbox">
                    <input
                        type="checkbox"
                        id="edit_credential_change_expiry"
                        name="edit[change_expiry]"
                        checked=typed_checkbox("edit[change_expiry]").unwrap_or(false)
                        aria-describedby="edit_credential_change_expiry-hint"
                    />
                    <label for="edit_credential_change_expiry">"Change the expiry"</label>
                    <p class="field-hint" id="edit_credential_change_expiry-hint">{current_expiry}</p>
                </div>
                // Shown by the stylesheet only while "Change the expiry" is ticked.
                <div class="expiry-change">
                    <TextField label="Expires in (days)" name="edit[expires_in_days]" id="edit_credential_expires" hint="From today; leave empty for no expiry (unless the portal sets a maximum)." input_type="number" error=error_for("expires_in_days")/>
                </div>
            </form>
            {move || form_error(outcome).get().map(|message| view! { <ErrorMessage message/> })}
            <div class="dialog-actions">
                {dialog.cancel()}
                <button type="submit" form=form_id class="button" disabled=move || edit.pending().get()>"Save"</button>
            </div>
        </Dialog>
    }
}
