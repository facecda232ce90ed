//! A labelled input with its error message beside it.

use leptos::prelude::*;

use super::typed_value;
use crate::error::AppError;

/// `name` is the server function argument the field feeds; it is also the element id.
#[component]
pub fn TextField(
    #[prop(into)] label: String,
    name: &'static str,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(into, optional)] value: Option<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] hint: Option<String>,
    /// The element id, when two forms on a page share an argument name.
    #[prop(optional)]
    id: Option<&'static str>,
) -> impl IntoView {
    let id = id.unwrap_or(name);
    // After a refused plain post, what was typed (never a password: the server leaves those
    // out); otherwise the value the form starts with.
    let value = typed_value(name)
        .filter(|_| input_type != "password")
        .or(value);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let has_hint = hint.is_some();
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>{label}</label>
            {hint.map(|text| view! { <p class="field-hint" id=hint_id.clone()>{text}</p> })}
            <input
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                value=value
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by
            />
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="field-error" id=error_id.clone() role="alert">
                                {message}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// The message for `field` from the last submission of a form's action.
pub fn field_error<T, S>(outcome: S, field: &'static str) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
    S: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    Signal::derive(move || {
        outcome.with(|outcome| match outcome {
            Some(Err(error)) => error.message_for(field),
            _ => None,
        })
    })
}

/// The last submission's error when it is not about one field (wrong password, rate limit…).
pub fn form_error<T, S>(outcome: S) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
    S: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    Signal::derive(move || {
        outcome.with(|outcome| match outcome {
            Some(Err(AppError::Invalid(_))) | Some(Ok(_)) | None => None,
            Some(Err(error)) => Some(error.to_string()),
        })
    })
}
