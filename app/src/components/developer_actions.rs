//! The lifecycle buttons for one developer, with a confirmation for anything that takes
//! access away. Shared by the Requests, Developers and developer details pages. Every button
//! works before the WASM arrives and with JavaScript off.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::{ConfirmedAction, PostButton};
use crate::api::ActOnDeveloper;
use crate::model::{DeveloperAction, DeveloperStatus};

#[component]
pub fn DeveloperActions(
    developer_id: String,
    email: String,
    status: DeveloperStatus,
    rejections_final: bool,
    act: ServerAction<ActOnDeveloper>,
) -> impl IntoView {
    let buttons = DeveloperAction::offered_for(status, rejections_final)
        .iter()
        .map(|&action| {
            let fields = vec![
                ("developer_id", developer_id.clone()),
                ("action", action.as_str().to_string()),
                ("expected", status.as_str().to_string()),
            ];
            let dispatch = {
                let developer_id = developer_id.clone();
                Callback::new(move |_| {
                    act.dispatch(ActOnDeveloper {
                        developer_id: developer_id.clone(),
                        action,
                        expected: status,
                    });
                })
            };
            if action == DeveloperAction::Approve {
                // Approving takes nothing away: it posts at once.
                view! {
                    <PostButton to=ActOnDeveloper::PATH fields class="button button-small" disabled=act.pending() on_press=dispatch>
                        {action.label()}
                    </PostButton>
                }
                .into_any()
            } else {
                view! {
                    <ConfirmedAction
                        key=format!("{}-{}", action.as_str(), developer_id)
                        label=action.label()
                        class="button button-small button-ghost"
                        title=format!("{} {}?", action.label(), email)
                        body=consequence(action, status)
                        to=ActOnDeveloper::PATH
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
fn consequence(action: DeveloperAction, status: DeveloperStatus) -> &'static str {
    match (action, status) {
        (DeveloperAction::Delete, DeveloperStatus::Pending | DeveloperStatus::Rejected) => {
            "The request is deleted. The same email can be used to sign up again."
        }
        (DeveloperAction::Delete, _) => {
            "The developer is deleted with everything they own: applications, registrations, \
             credentials and sessions. Their credentials stop working at once. This cannot be undone."
        }
        (DeveloperAction::Revoke, _) => {
            "Every credential of this developer stops working at once. They stay stored, and \
             approving the developer again restores them."
        }
        (DeveloperAction::Reject, _) => {
            "The developer is told the request was declined and cannot use this email to sign up again unless the request is deleted."
        }
        (DeveloperAction::Approve, _) => "The developer can use the portal and their credentials.",
    }
}
