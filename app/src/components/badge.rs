//! A status shown in words on a coloured badge (never colour alone).

use leptos::prelude::*;

use crate::model::{DeveloperStatus, RegistrationStatus};

#[component]
pub fn StatusBadge(status: DeveloperStatus) -> impl IntoView {
    view! { <span class=format!("badge badge-{}", status.as_str())>{status.label()}</span> }
}

#[component]
pub fn RegistrationBadge(status: RegistrationStatus) -> impl IntoView {
    view! { <span class=format!("badge badge-{}", status.as_str())>{status.label()}</span> }
}
