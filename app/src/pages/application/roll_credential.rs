//! "Roll" on a credential: a new secret, with a grace period for the current one. The dialog
//! posts as a plain form too; the new secret then comes back to the page once, as after
//! "Generate credential".

use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::RollCredential;
use crate::components::{form_error, typed_value, AddressDialog, Dialog, ErrorMessage};
use crate::model::{CredentialRow, GraceDays};

#[component]
pub fn RollCredentialDialog(
    row: CredentialRow,
    application_id: String,
    roll: ServerAction<RollCredential>,
    dialog: AddressDialog,
) -> impl IntoView {
    let form_id = format!("roll-{}", row.id);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match RollCredential::from_event(&event) {
            Ok(input) => {
                dialog.close.run(());
                roll.dispatch(input);
            }
            Err(error) => leptos::logging::error!("the roll form did not parse: {error}"),
        }
    };
    view! {
        <Dialog labelled_by="roll-title" initial_focus="#grace_days" on_close=dialog.close>
            <h2 id="roll-title">"Roll this credential?"</h2>
            <p>"A new secret is issued. The current one keeps working for the grace period you choose, so your clients can switch without downtime."</p>
            <form id=form_id.clone() method="post" action=RollCredential::PATH on:submit=on_submit>
                <input type="hidden" name="credential_id" value=row.id.clone()/>
                // The secret this page shows: a second click cannot roll it twice.
                <input type="hidden" name="secret_version" value=row.secret_version.to_string()/>
                <input type="hidden" name="application_id" value=application_id/>
                <div class="field">
                    <label for="grace_days">"Grace period"</label>
                    <select id="grace_days" name="grace_days">
                        {GraceDays::choices().map(|grace| grace.days()).map(|d| view! {
                            <option value=d.to_string() selected=typed_value("grace_days").map_or(d == 1, |typed| typed == d.to_string())>{grace_label(d)}</option>
                        }).collect_view()}
                    </select>
                </div>
            </form>
            {move || form_error(roll.value()).get().map(|message| view! { <ErrorMessage message/> })}
            <div class="dialog-actions">
                {dialog.cancel()}
                <button type="submit" form=form_id class="button" disabled=move || roll.pending().get()>"Roll"</button>
            </div>
        </Dialog>
    }
}

fn grace_label(days: u32) -> String {
    match days {
        0 => "None: the current secret stops now".to_string(),
        1 => "1 day".to_string(),
        days => format!("{days} days"),
    }
}
