//! The decision buttons for one registration, confirmed in a dialog when they take access
//! away. Shared by the Requests page and the developer details page. Every button works
//! before the WASM arrives and with JavaScript off.

use leptos::server_fn::ServerFn;
use leptos::{html, prelude::*};

use super::{ConfirmedAction, PostButton};
use crate::api::ActOnRegistration;
use crate::model::{RegistrationAction, RegistrationStatus};

#[component]
pub fn RegistrationActions(
    registration_id: String,
    /// "Billing → Petstore": named in the dialogs.
    label: String,
    status: RegistrationStatus,
    act: ServerAction<ActOnRegistration>,
    /// The plan chosen beside the buttons (the Requests page): Approve gives it. Its list
    /// names the Approve form ([`approve_form_id`]), so it posts with it without JavaScript.
    #[prop(optional)]
    chosen_plan: Option<NodeRef<html::Select>>,
) -> impl IntoView {
    let buttons = RegistrationAction::offered_for(status)
        .iter()
        .map(|&action| {
            let fields = vec![
                ("registration_id", registration_id.clone()),
                ("action", action.as_str().to_string()),
                ("expected", status.as_str().to_string()),
            ];
            let dispatch = {
                let registration_id = registration_id.clone();
                Callback::new(move |_| {
                    // Read from the list itself: it may have been chosen before the script ran.
                    let plan_id = chosen_plan
                        .filter(|_| action == RegistrationAction::Approve)
                        .and_then(|list| list.get_untracked())
                        .map(|list| list.value());
                    act.dispatch(ActOnRegistration {
                        registration_id: registration_id.clone(),
                        action,
                        expected: status,
                        plan_id,
                    });
                })
            };
            if action == RegistrationAction::Approve {
                // Approving takes nothing away: it posts at once.
                view! {
                    <PostButton to=ActOnRegistration::PATH fields class="button button-small" disabled=act.pending() on_press=dispatch
                        id=approve_form_id(&registration_id)>
                        {action.label()}
                    </PostButton>
                }
                .into_any()
            } else {
                view! {
                    <ConfirmedAction
                        key=format!("{}-{}", action.as_str(), registration_id)
                        label=action.label()
                        class="button button-small button-ghost"
                        title=format!("{} the registration {}?", action.label(), label)
                        body=consequence(action)
                        to=ActOnRegistration::PATH
                        fields
                        disabled=act.pending()
                        on_confirm=dispatch
                    />
                }
                .into_any()
            }
        })
        .collect_view();
    view! { <div class="row-actions">{buttons}</div> }
}

/// The id of a registration's Approve form, which a plan list beside it joins.
pub fn approve_form_id(registration_id: &str) -> String {
    format!("approve-{registration_id}")
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
