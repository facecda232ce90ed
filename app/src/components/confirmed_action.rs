//! A button for an action that takes something away: it opens a confirmation that names what
//! will happen, and only the confirmation acts. It works before the WASM arrives and with
//! JavaScript off too: the button asks for the same page with the dialog open
//! (`?dialog=<key>`), the dialog's confirm button posts to the server function, and "Cancel"
//! is a link back.

use leptos::prelude::*;

use super::{AddressDialog, ConfirmDialog, DialogForm};

#[component]
pub fn ConfirmedAction(
    /// Names the dialog in the address; unique on the page ("reject-<id>").
    key: String,
    /// The button's name, and the confirm button's: the action itself ("Delete").
    label: &'static str,
    #[prop(into)] class: String,
    /// The question, naming the thing acted on.
    #[prop(into)]
    title: String,
    /// What will happen, in plain words.
    #[prop(into)]
    body: String,
    /// The server function's address (`S::PATH`) and its arguments, for the plain post.
    to: &'static str,
    fields: Vec<(&'static str, String)>,
    #[prop(into, optional)] disabled: Signal<bool>,
    /// Runs on "confirm" once the page is hydrated (dispatches the same server function).
    on_confirm: Callback<()>,
) -> impl IntoView {
    let dialog = AddressDialog::new(key);
    let (back, back_query) = dialog.back();
    let form = StoredValue::new(DialogForm {
        to,
        fields,
        back,
        back_query,
    });
    let (title, body) = (StoredValue::new(title), StoredValue::new(body));
    view! {
        {dialog.opener(label, class, disabled)}
        <Show when=move || dialog.open.get()>
            <ConfirmDialog
                title=title.get_value()
                body=body.get_value()
                confirm_label=label
                form=form.get_value()
                on_confirm=Callback::new(move |_| {
                    dialog.close.run(());
                    on_confirm.run(());
                })
                on_cancel=dialog.close
            />
        </Show>
    }
}
