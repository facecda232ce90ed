//! "Edit" on a credential: rename it and, if asked, give it another expiry. The secret is
//! not shown again; a roll is what issues a new one.

use leptos::{html, prelude::*};

use super::credentials::BoundField;
use crate::api::EditCredential;
use crate::components::{field_error, form_error, readable_time, Dialog, ErrorMessage};
use crate::error::AppError;
use crate::model::{CredentialChange, CredentialEdit, CredentialRow};

/// The dialog for one credential; it stays open until the change is saved or cancelled.
#[component]
pub fn EditCredentialDialog(
    row: CredentialRow,
    edit: ServerAction<EditCredential>,
    /// Closes the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    let name = RwSignal::new(row.name.clone());
    let change_expiry = RwSignal::new(false);
    let expires = RwSignal::new(String::new());
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
    let name_input = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = name_input.get() {
            let _ = input.focus();
        }
    });
    let current_expiry = row
        .expires_at
        .clone()
        .map_or("It does not expire now.".to_string(), |at| {
            format!("It expires {}.", readable_time(&at))
        });
    let id = StoredValue::new(row.id.clone());
    let save = move || {
        let form = CredentialEdit {
            name: name.get_untracked(),
            change_expiry: change_expiry.get_untracked(),
            expires_in_days: expires.get_untracked(),
        };
        if let Err(error) = CredentialChange::try_from(form.clone()) {
            refused.set(Some(error));
            return;
        }
        refused.set(None);
        edit.dispatch(EditCredential {
            credential_id: id.get_value(),
            edit: form,
        });
    };
    view! {
        <Dialog labelled_by="edit-credential-title" initial_focus="#edit_credential_name" on_close>
                <h2 id="edit-credential-title">"Edit API credential"</h2>
                <form
                    class="form"
                    novalidate=true
                    on:submit=move |event| {
                        event.prevent_default();
                        save();
                    }
                >
                    <BoundField label="Credential name" id="edit_credential_name" value=name hint="Empty for the type's name." error=error_for("name") input_ref=name_input/>
                    <div class="checkbox">
                        <input
                            type="checkbox"
                            id="edit_credential_change_expiry"
                            aria-describedby="edit_credential_change_expiry-hint"
                            prop:checked=move || change_expiry.get()
                            on:change=move |e| change_expiry.set(event_target_checked(&e))
                        />
                        <label for="edit_credential_change_expiry">"Change the expiry"</label>
                        <p class="field-hint" id="edit_credential_change_expiry-hint">{current_expiry}</p>
                    </div>
                    <Show when=move || change_expiry.get()>
                        <BoundField label="Expires in (days)" id="edit_credential_expires" value=expires hint="From today; leave empty for no expiry (unless the portal sets a maximum)." input_type="number" error=error_for("expires_in_days")/>
                    </Show>
                    {move || form_error(outcome).get().map(|message| view! { <ErrorMessage message/> })}
                    <div class="dialog-actions">
                        <button type="button" class="button button-ghost" on:click=move |_| on_close.run(())>"Cancel"</button>
                        <button type="submit" class="button" disabled=move || edit.pending().get()>"Save"</button>
                    </div>
                </form>
        </Dialog>
    }
}
