//! Confirmations (role `status`) and errors (role `alert`) that say what happened in words.

use leptos::prelude::*;

#[component]
pub fn StatusMessage(children: Children) -> impl IntoView {
    view! { <div class="notice notice-success" role="status">{children()}</div> }
}

#[component]
pub fn ErrorMessage(#[prop(into)] message: String) -> impl IntoView {
    view! { <div class="notice notice-error" role="alert">{message}</div> }
}
