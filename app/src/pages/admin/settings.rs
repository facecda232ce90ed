//! `/admin/settings`: the portal's rules. Everyone in the console sees them; owners change them.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{get_portal_settings, SavePortalSettings};
use crate::components::{ErrorMessage, StatusMessage};
use crate::model::{CredentialKind, PortalSettings};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let save = ServerAction::<SavePortalSettings>::new();
    let current = Resource::new(move || save.version().get(), |_| get_portal_settings());
    view! {
        <Title text="Settings — Gatehouse console"/>
        <h1>"Settings"</h1>
        {move || match save.value().get() {
            Some(Ok(())) => view! { <StatusMessage>"Settings saved"</StatusMessage> }.into_any(),
            Some(Err(error)) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
            None => ().into_any(),
        }}
        <Transition fallback=|| view! { <p class="loading">"Loading settings…"</p> }>
            {move || Suspend::new(async move {
                match current.await {
                    Ok(settings) => view! { <SettingsForm settings save/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SettingsForm(settings: PortalSettings, save: ServerAction<SavePortalSettings>) -> impl IntoView {
    let form = RwSignal::new(settings);
    let max_days = RwSignal::new(settings.max_credential_days.to_string());
    let max_days_error = RwSignal::new(None::<&'static str>);
    let checkbox = move |id: &'static str,
                         label: &'static str,
                         hint: &'static str,
                         get: fn(&PortalSettings) -> bool,
                         set: fn(&mut PortalSettings, bool)| {
        view! {
            <div class="checkbox">
                <input
                    type="checkbox"
                    id=id
                    prop:checked=move || form.with(get)
                    on:change=move |event| {
                        let on = event_target_checked(&event);
                        form.update(|f| set(f, on));
                    }
                    aria-describedby=format!("{id}-hint")
                />
                <label for=id>{label}</label>
                <p class="field-hint" id=format!("{id}-hint")>{hint}</p>
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
                        prop:checked=move || form.with(|f| f.credential_types.allows(kind))
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            form.update(|f| f.credential_types.set(kind, on));
                        }
                    />
                    <label for=id>{kind.as_str()}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <form
            class="panel form settings"
            on:submit=move |event| {
                event.prevent_default();
                let days = max_days.get_untracked().trim().parse::<u32>().ok().filter(|d| *d <= PortalSettings::MAX_LIFETIME_DAYS);
                let Some(days) = days else {
                    max_days_error.set(Some("Enter a number of days from 0 (no limit) to 3650."));
                    return;
                };
                max_days_error.set(None);
                let mut settings = form.get_untracked();
                settings.max_credential_days = days;
                save.dispatch(SavePortalSettings { settings });
            }
        >
            <fieldset>
                <legend>"Developers"</legend>
                {checkbox(
                    "auto_approve_developers",
                    "Auto-approve developers",
                    "New sign-ups are approved at once instead of waiting on the Requests page.",
                    |f| f.auto_approve_developers,
                    |f, on| f.auto_approve_developers = on,
                )}
                {checkbox(
                    "rejections_final",
                    "Rejections are final",
                    "A rejected developer cannot be approved later; deleting the request lets them sign up again. Off: a rejected developer can still be approved.",
                    |f| f.rejections_final,
                    |f, on| f.rejections_final = on,
                )}
                {checkbox(
                    "require_email_verification",
                    "Require email verification",
                    "A new sign-up confirms their email by a link before the request reaches the Requests page. Keeps bot sign-ups out of the queue.",
                    |f| f.require_email_verification,
                    |f, on| f.require_email_verification = on,
                )}
            </fieldset>
            <fieldset>
                <legend>"Applications"</legend>
                {checkbox(
                    "auto_approve_applications",
                    "Auto-approve applications",
                    "An application's registration with a service is approved at once instead of waiting on the Requests page.",
                    |f| f.auto_approve_applications,
                    |f, on| f.auto_approve_applications = on,
                )}
            </fieldset>
            <fieldset>
                <legend>"Credential types"</legend>
                <p class="field-hint">"The types developers may generate. Turning one off refuses new ones, and existing credentials of that type stop working at the gateway until it is turned on again."</p>
                {credential_types}
                <div class="field" class:field-invalid=move || max_days_error.get().is_some()>
                    <label for="max_credential_days">"Maximum credential lifetime (days)"</label>
                    <p class="field-hint" id="max_credential_days-hint">"0: credentials never expire unless the developer chooses. Otherwise every new credential expires within this many days."</p>
                    <input
                        id="max_credential_days"
                        type="number"
                        min="0"
                        max="3650"
                        prop:value=move || max_days.get()
                        on:input=move |event| max_days.set(event_target_value(&event))
                        aria-describedby="max_credential_days-hint"
                    />
                    {move || max_days_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </div>
            </fieldset>
            <fieldset>
                <legend>"Portal"</legend>
                {checkbox(
                    "public_portal",
                    "Public portal",
                    "Anyone can read the API catalog. Off: only signed-in approved developers (and admins) see it.",
                    |f| f.public_portal,
                    |f, on| f.public_portal = on,
                )}
            </fieldset>
            <div>
                <button type="submit" class="button" disabled=move || save.pending().get()>"Save"</button>
            </div>
        </form>
    }
}
