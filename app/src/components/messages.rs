//! Confirmations (role `status`) and errors (role `alert`) that say what happened in words.

use leptos::prelude::*;

use super::form_error;
use crate::error::AppError;

#[component]
pub fn StatusMessage(children: Children) -> impl IntoView {
    view! { <div class="notice notice-success" role="status">{children()}</div> }
}

#[component]
pub fn ErrorMessage(#[prop(into)] message: String) -> impl IntoView {
    view! { <div class="notice notice-error" role="alert">{message}</div> }
}

/// The confirmation or error of an action's last submission (errors about one field are
/// shown next to that field instead).
pub fn action_outcome<S>(outcome: S) -> impl IntoView
where
    S: With<Value = Option<Result<String, AppError>>> + Copy + Send + Sync + 'static,
{
    move || {
        let done = outcome.with(|o| match o {
            Some(Ok(done)) => Some(done.clone()),
            _ => None,
        });
        match done {
            Some(done) => Some(view! { <StatusMessage>{done}</StatusMessage> }.into_any()),
            None => form_error(outcome)
                .get()
                .map(|message| view! { <ErrorMessage message/> }.into_any()),
        }
    }
}
