//! The decision buttons for one registration, confirmed in a dialog when they take access
//! away. Shared by the Requests page and the developer details page.

use leptos::prelude::*;

use super::ConfirmDialog;
use crate::api::ActOnRegistration;
use crate::model::{RegistrationAction, RegistrationStatus};

#[component]
pub fn RegistrationActions(
    registration_id: String,
    /// "Billing → Petstore": named in the dialogs.
    label: String,
    status: RegistrationStatus,
    act: ServerAction<ActOnRegistration>,
) -> impl IntoView {
    let confirming = RwSignal::new(None::<RegistrationAction>);
    let registration_id = StoredValue::new(registration_id);
    let dispatch = move |action: RegistrationAction| {
        act.dispatch(ActOnRegistration {
            registration_id: registration_id.get_value(),
            action,
            expected: status,
        });
    };
    let buttons = RegistrationAction::offered_for(status)
        .iter()
        .map(|&action| {
            view! {
                <button
                    type="button"
                    class=if action == RegistrationAction::Approve { "button button-small" } else { "button button-small button-ghost" }
                    disabled=move || act.pending().get()
                    on:click=move |_| {
                        if action == RegistrationAction::Approve {
                            dispatch(action);
                        } else {
                            confirming.set(Some(action));
                        }
                    }
                >
                    {action.label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="row-actions">
            {buttons}
            {move || {
                confirming.get().map(|action| {
                    view! {
                        <ConfirmDialog
                            title=format!("{} the registration {}?", action.label(), label)
                            body=consequence(action)
                            confirm_label=action.label()
                            on_confirm=Callback::new(move |_| {
                                confirming.set(None);
                                dispatch(action);
                            })
                            on_cancel=Callback::new(move |_| confirming.set(None))
                        />
                    }
                })
            }}
        </div>
    }
}

fn consequence(action: RegistrationAction) -> &'static str {
    match action {
        RegistrationAction::Reject => {
            "The developer is told the application was not approved for this service."
        }
        RegistrationAction::Revoke => {
            "The application's credentials stop working with this service at once. Approving it again restores them."
        }
        RegistrationAction::Delete => {
            "The registration is deleted; the developer can register the application again."
        }
        RegistrationAction::Approve => "The application can call the service.",
    }
}
