//! A modal confirmation that names what will happen; Escape or "Cancel" closes it.

use leptos::prelude::*;

use super::{CancelForm, Dialog, PostButton};

/// The confirm button posts these fields to the server function at `to` (a plain form too,
/// without JavaScript), and "Cancel" asks for the page at `back` with `back_query` (the page
/// without the dialog).
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
    form: DialogForm,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let confirm_class = if confirm_label == "Approve" {
        "button"
    } else {
        "button button-danger"
    };
    let DialogForm {
        to,
        fields,
        back,
        back_query,
    } = form;
    // Focus starts on the harmless choice.
    view! {
        <Dialog labelled_by="confirm-title" described_by="confirm-body" initial_focus=".dialog-cancel" on_close=on_cancel>
            <h2 id="confirm-title">{title}</h2>
            <p id="confirm-body">{body}</p>
            <div class="dialog-actions">
                <CancelForm back back_query on_cancel/>
                <PostButton to fields class=confirm_class on_press=on_confirm>{confirm_label}</PostButton>
            </div>
        </Dialog>
    }
}
