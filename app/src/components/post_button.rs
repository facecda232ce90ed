//! A button that is a one-button form: before the WASM arrives, or with JavaScript off, it
//! posts its fields to a server function like any HTML form; once the page is hydrated,
//! pressing it runs `on_press` instead (which dispatches the same server function).

use leptos::prelude::*;

use super::hidden_fields;

#[component]
pub fn PostButton(
    /// The server function's address (`S::PATH`).
    to: &'static str,
    /// The server function's arguments, as the form sends them.
    fields: Vec<(&'static str, String)>,
    #[prop(into)] class: String,
    #[prop(into, optional)] disabled: Signal<bool>,
    on_press: Callback<()>,
    /// The form's id, for fields elsewhere on the page that post with it (`form=`).
    #[prop(into, optional)]
    id: Option<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <form
            id=id
            class="post-button"
            method="post"
            action=to
            on:submit=move |event| {
                event.prevent_default();
                on_press.run(());
            }
        >
            {hidden_fields(fields)}
            <button type="submit" class=class disabled=move || disabled.get()>{children()}</button>
        </form>
    }
}
