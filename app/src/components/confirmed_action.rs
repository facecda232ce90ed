//! A button for an action that takes something away: it opens a confirmation that names what
//! will happen, and only the confirmation acts. It works before the WASM arrives and with
//! JavaScript off too: the button asks for the same page with the dialog open
//! (`?dialog=<key>`), the dialog's confirm button posts to the server function, and "Cancel"
//! is a link back.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

use super::{hidden_fields, ConfirmDialog, DialogForm, DIALOG, TRANSIENT_PARAMS};
use crate::url::encode_component;

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
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    let in_address = {
        let key = key.clone();
        move || query.with_untracked(|q| q.get(DIALOG).as_deref() == Some(key.as_str()))
    };
    let open = RwSignal::new(in_address());
    // The page's address without the dialog (and without an earlier outcome).
    let kept = move || {
        query.with(|q| {
            q.into_iter()
                .filter(|(name, _)| !TRANSIENT_PARAMS.contains(&name.as_ref()))
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect::<Vec<_>>()
        })
    };
    let back = move || {
        let pairs = kept()
            .iter()
            .map(|(name, value)| format!("{}={}", encode_component(name), encode_component(value)))
            .collect::<Vec<_>>();
        let path = location.pathname.get();
        if pairs.is_empty() {
            path
        } else {
            format!("{path}?{}", pairs.join("&"))
        }
    };
    let close = {
        let in_address = in_address.clone();
        move || {
            open.set(false);
            if in_address() {
                navigate(&back(), Default::default());
            }
        }
    };
    let form = StoredValue::new(DialogForm {
        to,
        fields,
        back: location.pathname.get_untracked(),
        back_query: kept(),
    });
    let (title, body) = (StoredValue::new(title), StoredValue::new(body));
    view! {
        <form
            class="post-button"
            method="get"
            on:submit=move |event| {
                event.prevent_default();
                open.set(true);
            }
        >
            {move || hidden_fields(kept())}
            <input type="hidden" name=DIALOG value=key/>
            <button type="submit" class=class disabled=move || disabled.get()>{label}</button>
        </form>
        <Show when=move || open.get()>
            {
                let (close_confirm, close_cancel) = (close.clone(), close.clone());
                view! {
                    <ConfirmDialog
                        title=title.get_value()
                        body=body.get_value()
                        confirm_label=label
                        form=form.get_value()
                        on_confirm=Callback::new(move |_| {
                            close_confirm();
                            on_confirm.run(());
                        })
                        on_cancel=Callback::new(move |_| close_cancel())
                    />
                }
            }
        </Show>
    }
}
