//! The lifecycle buttons for one developer, with a confirmation for anything that takes
//! access away. Shared by the Requests, Developers and developer details pages.

use leptos::prelude::*;

use super::ConfirmDialog;
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
    let confirming = RwSignal::new(None::<DeveloperAction>);
    let dispatch = {
        let developer_id = developer_id.clone();
        move |action: DeveloperAction| {
            act.dispatch(ActOnDeveloper {
                developer_id: developer_id.clone(),
                action,
                expected: status,
            });
        }
    };
    let buttons = DeveloperAction::offered_for(status, rejections_final)
        .iter()
        .map(|&action| {
            let dispatch = dispatch.clone();
            view! {
                <button
                    type="button"
                    class=if action == DeveloperAction::Approve { "button button-small" } else { "button button-small button-ghost" }
                    disabled=move || act.pending().get()
                    on:click=move |_| {
                        if action == DeveloperAction::Approve {
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
                confirming
                    .get()
                    .map(|action| {
                        let dispatch = dispatch.clone();
                        view! {
                            <ConfirmDialog
                                title=format!("{} {}?", action.label(), email)
                                body=consequence(action, status)
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
