//! A modal confirmation that names what will happen; Escape or "Cancel" closes it.

use leptos::prelude::*;

use super::{CancelForm, Dialog, PostButton};

/// For a dialog that also works without JavaScript: the confirm button posts these fields to
/// the server function at `to`, and "Cancel" asks for the page at `back` with `back_query`
/// (the page without the dialog).
#[derive(Clone, Debug)]
pub struct DialogForm {
    pub to: &'static str,
    pub fields: Vec<(&'static str, String)>,
    pub back: String,
    pub back_query: Vec<(String, String)>,
}

#[component]
pub fn ConfirmDialog(
    /// The question, naming the thing acted on ("Delete ada@example.com?").
    #[prop(into)]
    title: String,
    /// What will happen, in plain words.
    #[prop(into)]
    body: String,
    /// The confirm button's name: the action itself ("Delete", "Revoke"…).
    confirm_label: &'static str,
    #[prop(optional)] form: Option<DialogForm>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let confirm_class = if confirm_label == "Approve" {
        "button"
    } else {
        "button button-danger"
    };
    let buttons = match form {
        Some(DialogForm {
            to,
            fields,
            back,
            back_query,
        }) => view! {
            <CancelForm back back_query on_cancel/>
            <PostButton to fields class=confirm_class on_press=on_confirm>{confirm_label}</PostButton>
        }
        .into_any(),
        None => view! {
            <button
                type="button"
                class="button button-ghost dialog-cancel"
                on:click=move |_| on_cancel.run(())
            >
                "Cancel"
            </button>
            <button type="button" class=confirm_class on:click=move |_| on_confirm.run(())>
                {confirm_label}
            </button>
        }
        .into_any(),
    };
    // Focus starts on the harmless choice.
    view! {
        <Dialog labelled_by="confirm-title" described_by="confirm-body" initial_focus=".dialog-cancel" on_close=on_cancel>
            <h2 id="confirm-title">{title}</h2>
            <p id="confirm-body">{body}</p>
            <div class="dialog-actions">{buttons}</div>
        </Dialog>
    }
}
