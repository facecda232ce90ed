//! `/admin/settings`: the portal's rules. Everyone in the console sees them; owners change them.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{get_portal_settings, SavePortalSettings};
use crate::components::{
    field_error, form_action, successes, typed_checkbox, ErrorMessage, StatusMessage, TextField,
};
use crate::error::AppError;
use crate::model::{CredentialKind, PortalSettings};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let save = form_action::<SavePortalSettings>();
    // Only a save that worked reloads the form: a refused one keeps what was typed.
    let saved = successes(save);
    let current = Resource::new(move || saved.get(), |_| get_portal_settings());
    view! {
        <Title text="Settings — Gatehouse console"/>
        <h1>"Settings"</h1>
        {move || match save.value().get() {
            Some(Ok(())) => view! { <StatusMessage>"Settings saved"</StatusMessage> }.into_any(),
            Some(Err(AppError::Invalid(_))) => ().into_any(),
            Some(Err(error)) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
            None => ().into_any(),
        }}
        <Transition fallback=|| view! { <p class="loading">"Loading settings…"</p> }>
            {move || Suspend::new(async move {
                match current.await {
                    Ok(settings) => view! { <SettingsFields settings save/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The form, filled with the saved settings; it posts as a plain form too.
#[component]
fn SettingsFields(
    settings: PortalSettings,
    save: ServerAction<SavePortalSettings>,
) -> impl IntoView {
    let max_days_error = field_error(save.value(), "max_credential_days");
    let retention_error = field_error(save.value(), "usage_retention_days");
    let checkbox = move |field: &'static str, label: &'static str, hint: &'static str, on: bool| {
        view! {
            <div class="checkbox">
                <input
                    type="checkbox"
                    id=field
                    name=format!("settings[{field}]")
                    checked=typed_checkbox(&format!("settings[{field}]")).unwrap_or(on)
                    aria-describedby=format!("{field}-hint")
                />
                <label for=field>{label}</label>
                <p class="field-hint" id=format!("{field}-hint")>{hint}</p>
            </div>
        }
    };
    let credential_types = CredentialKind::ALL
        .into_iter()
        .map(|kind| {
            let id = format!("credential-type-{}", kind.as_str());
            view! {
                <div class="checkbox">
                    <input
                        type="checkbox"
                        id=id.clone()
                        name=format!("settings[credential_types][{}]", kind.field_name())
                        checked=typed_checkbox(&format!("settings[credential_types][{}]", kind.field_name()))
                            .unwrap_or(settings.credential_types.allows(kind))
                    />
                    <label for=id>{kind.as_str()}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=save attr:class="panel form settings" attr:novalidate=true>
            <fieldset>
                <legend>"Developers"</legend>
                {checkbox(
                    "auto_approve_developers",
                    "Auto-approve developers",
                    "New sign-ups are approved at once instead of waiting on the Requests page.",
                    settings.auto_approve_developers,
                )}
                {checkbox(
                    "rejections_final",
                    "Rejections are final",
                    "A rejected developer cannot be approved later; deleting the request lets them sign up again. Off: a rejected developer can still be approved.",
                    settings.rejections_final,
                )}
                {checkbox(
                    "require_email_verification",
                    "Require email verification",
                    "A new sign-up confirms their email by a link before the request reaches the Requests page. Keeps bot sign-ups out of the queue.",
                    settings.require_email_verification,
                )}
            </fieldset>
            <fieldset>
                <legend>"Applications"</legend>
                {checkbox(
                    "auto_approve_applications",
                    "Auto-approve applications",
                    "An application's registration with a service is approved at once instead of waiting on the Requests page.",
                    settings.auto_approve_applications,
                )}
            </fieldset>
            <fieldset>
                <legend>"Credential types"</legend>
                <p class="field-hint">"The types developers may generate. Turning one off refuses new ones, and existing credentials of that type stop working at the gateway until it is turned on again."</p>
                {credential_types}
                <TextField
                    label="Maximum credential lifetime (days)"
                    name="settings[max_credential_days]"
                    id="max_credential_days"
                    input_type="number"
                    value=settings.max_credential_days.to_string()
                    hint="0: credentials never expire unless the developer chooses. Otherwise every new credential expires within this many days."
                    error=max_days_error
                />
            </fieldset>
            <fieldset>
                <legend>"Usage"</legend>
                <TextField
                    label="Keep usage for (days)"
                    name="settings[usage_retention_days]"
                    id="usage_retention_days"
                    input_type="number"
                    value=settings.usage_retention_days.to_string()
                    hint="Requests by outcome, per hour, for the usage charts and the CSV export. Older hours are deleted within a few minutes of saving."
                    error=retention_error
                />
            </fieldset>
            <fieldset>
                <legend>"Portal"</legend>
                {checkbox(
                    "public_portal",
                    "Public portal",
                    "Anyone can read the API catalog. Off: only signed-in approved developers (and admins) see it.",
                    settings.public_portal,
                )}
            </fieldset>
            <div>
                <button type="submit" class="button" disabled=move || save.pending().get()>"Save"</button>
            </div>
        </ActionForm>
    }
}
