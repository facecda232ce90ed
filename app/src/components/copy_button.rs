//! "Copy" beside a secret shown once: copies it to the clipboard and says so. It waits for the
//! page to be interactive (the clipboard needs the WASM); the secret is selectable meanwhile.

use leptos::prelude::*;

use super::{copy_to_clipboard, use_hydrated};

#[component]
pub fn CopyButton(
    text: String,
    /// The button's name ("Copy" unless said).
    #[prop(optional, into)]
    label: Option<String>,
) -> impl IntoView {
    let label = label.unwrap_or_else(|| "Copy".into());
    let copied = RwSignal::new(false);
    let hydrated = use_hydrated();
    view! {
        <p>
            <button
                type="button"
                class="button button-small"
                disabled=move || !hydrated.get()
                on:click=move |_| {
                    let text = text.clone();
                    leptos::task::spawn_local(async move {
                        copied.set(copy_to_clipboard(text).await);
                    });
                }
            >
                {label}
            </button>
            <span role="status">{move || copied.get().then_some(" Copied to the clipboard")}</span>
        </p>
    }
}
