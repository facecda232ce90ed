//! `/admin/settings`: the portal's rules. Everyone in the console sees them; owners change them.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{get_portal_settings, SavePortalSettings};
use crate::components::{ErrorMessage, StatusMessage};
use crate::model::PortalSettings;

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
    let auto_approve = RwSignal::new(settings.auto_approve_developers);
    let rejections_final = RwSignal::new(settings.rejections_final);
    let require_verification = RwSignal::new(settings.require_email_verification);
    let public_portal = RwSignal::new(settings.public_portal);
    let checkbox =
        move |id: &'static str, label: &'static str, hint: &'static str, value: RwSignal<bool>| {
            view! {
                <div class="checkbox">
                    <input
                        type="checkbox"
                        id=id
                        prop:checked=move || value.get()
                        on:change=move |event| value.set(event_target_checked(&event))
                        aria-describedby=format!("{id}-hint")
                    />
                    <label for=id>{label}</label>
                    <p class="field-hint" id=format!("{id}-hint")>{hint}</p>
                </div>
            }
        };
    view! {
        <form
            class="panel form settings"
            on:submit=move |event| {
                event.prevent_default();
                save.dispatch(SavePortalSettings {
                    settings: PortalSettings {
                        auto_approve_developers: auto_approve.get_untracked(),
                        rejections_final: rejections_final.get_untracked(),
                        require_email_verification: require_verification.get_untracked(),
                        public_portal: public_portal.get_untracked(),
                    },
                });
            }
        >
            <fieldset>
                <legend>"Developers"</legend>
                {checkbox(
                    "auto_approve_developers",
                    "Auto-approve developers",
                    "New sign-ups are approved at once instead of waiting on the Requests page.",
                    auto_approve,
                )}
                {checkbox(
                    "rejections_final",
                    "Rejections are final",
                    "A rejected developer cannot be approved later; deleting the request lets them sign up again. Off: a rejected developer can still be approved.",
                    rejections_final,
                )}
                {checkbox(
                    "require_email_verification",
                    "Require email verification",
                    "A new sign-up confirms their email by a link before the request reaches the Requests page. Keeps bot sign-ups out of the queue.",
                    require_verification,
                )}
            </fieldset>
            <fieldset>
                <legend>"Portal"</legend>
                {checkbox(
                    "public_portal",
                    "Public portal",
                    "Anyone can read the API catalog. Off: only signed-in approved developers (and admins) see it.",
                    public_portal,
                )}
            </fieldset>
            <div>
                <button type="submit" class="button" disabled=move || save.pending().get()>"Save"</button>
            </div>
        </form>
    }
}
