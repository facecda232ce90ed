//! A dialog whose being open also lives in the address (`?dialog=<key>`), so that it opens
//! before the WASM arrives and with JavaScript off: the button that opens it is a plain GET
//! form for the same page with the dialog named, and its "Cancel" one for the page without.
//! Once hydrated, both act in place.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

use super::{hidden_fields, DIALOG, TRANSIENT_PARAMS};
use crate::url::address;

#[derive(Clone, Copy)]
pub struct AddressDialog {
    pub open: RwSignal<bool>,
    /// Closes it, and takes it out of the address if it was there.
    pub close: Callback<()>,
    key: StoredValue<String>,
    /// The page's own query: the address without the dialog or an earlier outcome.
    kept: Signal<Vec<(String, String)>>,
    path: StoredValue<String>,
}

impl AddressDialog {
    /// `key` names the dialog in the address, unique on the page ("roll-<id>"). It starts
    /// open when the address names it (a refused plain post of its form comes back there).
    pub fn new(key: String) -> Self {
        let query = use_query_map();
        let location = use_location();
        let navigate = use_navigate();
        let in_address = {
            let key = key.clone();
            move || query.with_untracked(|q| q.get(DIALOG).as_deref() == Some(key.as_str()))
        };
        let open = RwSignal::new(in_address());
        let kept = Signal::derive(move || {
            query.with(|q| {
                q.into_iter()
                    .filter(|(name, _)| !TRANSIENT_PARAMS.contains(&name.as_ref()))
                    .map(|(name, value)| (name.to_string(), value.to_string()))
                    .collect::<Vec<_>>()
            })
        });
        let close = Callback::new(move |_| {
            open.set(false);
            if in_address() {
                navigate(
                    &address(&location.pathname.get_untracked(), &kept.get_untracked()),
                    Default::default(),
                );
            }
        });
        Self {
            open,
            close,
            key: StoredValue::new(key),
            kept,
            path: StoredValue::new(location.pathname.get_untracked()),
        }
    }

    /// The button that opens the dialog.
    pub fn opener(
        self,
        label: &'static str,
        class: String,
        disabled: Signal<bool>,
    ) -> impl IntoView {
        let open = self.open;
        view! {
            <form
                class="post-button"
                method="get"
                on:submit=move |event| {
                    event.prevent_default();
                    open.set(true);
                }
            >
                {move || hidden_fields(self.kept.get())}
                <input type="hidden" name=DIALOG value=self.key.get_value()/>
                <button type="submit" class=class disabled=move || disabled.get()>{label}</button>
            </form>
        }
    }

    /// "Cancel": back to the page without the dialog.
    pub fn cancel(self) -> impl IntoView {
        view! { <CancelForm back=self.path.get_value() back_query=self.kept.get_untracked() on_cancel=self.close/> }
    }

    /// Where the page is, for a dialog form's "Cancel".
    pub fn back(self) -> (String, Vec<(String, String)>) {
        (self.path.get_value(), self.kept.get_untracked())
    }
}

/// A "Cancel" that is a plain GET form for `back` (the page without its dialog) and, once
/// hydrated, just runs `on_cancel`. Focus starts on it in a confirmation: the harmless choice.
#[component]
pub fn CancelForm(
    back: String,
    back_query: Vec<(String, String)>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    view! {
        <form
            class="post-button"
            method="get"
            action=back
            on:submit=move |event| {
                event.prevent_default();
                on_cancel.run(());
            }
        >
            {hidden_fields(back_query)}
            <button type="submit" class="button button-ghost dialog-cancel">"Cancel"</button>
        </form>
    }
}
