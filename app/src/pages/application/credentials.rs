//! The application's credentials: generate one of an enabled type, see a new secret once,
//! roll with a grace period, delete.

use leptos::prelude::*;

use super::edit_credential::EditCredentialDialog;
use super::roll_credential::RollCredentialDialog;
use crate::api::{DeleteCredential, EditCredential, GenerateCredential, RollCredential};
use crate::components::{
    action_outcome, call_example, field_error, form_error, refused, typed_value, AddressDialog,
    CallExampleView, ConfirmedAction, CopyButton, ErrorMessage, StatusMessage, TextField, Time,
};
use crate::error::AppError;
use crate::model::{
    ApplicationDetails, CredentialKind, CredentialRow, CredentialSpec, JwtAlgorithm, NewCredential,
    RegistrationStatus,
};
use leptos::form::FromFormData;
use leptos::server_fn::ServerFn;

/// A credential just generated or rolled, with what was done ("Credential created").
pub type JustMade = (NewCredential, &'static str);

/// Follows the page's generate and roll actions: each success is the secret to show.
pub fn follow_new_secrets(
    generate: ServerAction<GenerateCredential>,
    roll: ServerAction<RollCredential>,
    shown: RwSignal<Option<JustMade>>,
) {
    Effect::new(move |_| {
        if let Some(Ok(new)) = generate.value().get() {
            shown.set(Some((new, "Credential created")));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(new)) = roll.value().get() {
            shown.set(Some((new, "Credential rolled")));
        }
    });
}

/// The secret of a credential just generated or rolled, shown once, never again, with how
/// to call the API with it. With `focus` it takes the focus as it appears, which brings it
/// into view (it replaces the form a person just used).
#[component]
pub fn NewSecret(
    made: JustMade,
    details: Option<ApplicationDetails>,
    focus: bool,
    on_saved: Callback<()>,
) -> impl IntoView {
    let (new, done) = made;
    let made_row = details
        .as_ref()
        .and_then(|d| d.credentials.iter().find(|c| c.id == new.id));
    let algorithm = made_row.and_then(|row| row.algorithm);
    let address = details
        .as_ref()
        .and_then(|d| d.registrations.first())
        .map(|r| r.address.clone());
    let waiting = details.as_ref().is_some_and(|d| !approved_anywhere(d));
    let secret = new.secret.as_ref().map(|s| s.expose().to_string());
    let example = call_example(
        new.kind,
        new.identifier.as_deref(),
        secret.as_deref(),
        algorithm,
        address.as_ref(),
    );
    let section = NodeRef::<leptos::html::Section>::new();
    if focus {
        Effect::new(move |_| {
            if let Some(section) = section.get() {
                let _ = section.focus();
                // A box taller than a phone's screen is focused at its end: show its top,
                // where the secret is.
                section.scroll_into_view_with_bool(true);
            }
        });
    }
    view! {
        <section node_ref=section tabindex="-1" class="notice notice-success new-secret" aria-labelledby="new-secret-title">
            <p role="status" id="new-secret-title"><strong>{done}</strong>{made_row.map(|row| format!(": {}", row.name))}</p>
            {new.identifier.clone().map(|identifier| view! {
                <p>
                    {identifier_label(new.kind)} ": "
                    <code class="wrap" data-testid="new-identifier">{identifier}</code>
                </p>
            })}
            {match secret {
                Some(secret) => {
                    view! {
                        <p>{secret_label(new.kind)} ": " <code class="secret" data-testid="new-secret">{secret.clone()}</code></p>
                        <CopyButton text=secret label=format!("Copy {}", copy_noun(secret_label(new.kind)))/>
                        <p>"Copy it now and keep it somewhere safe: it is not stored in readable form and will not be shown again."</p>
                    }
                    .into_any()
                }
                None => view! { <p>"Tokens signed with your private key are verified with the public key you uploaded."</p> }.into_any(),
            }}
            {waiting.then(|| view! {
                <p><strong>"Not usable yet: "</strong>"the gateway refuses this credential until a registration of this application with a service is approved."</p>
            })}
            <CallExampleView example address/>
            // A plain GET of the page without the secret, until the script is there.
            <form
                class="post-button"
                method="get"
                on:submit=move |event| {
                    event.prevent_default();
                    on_saved.run(());
                }
            >
                <button type="submit" class="button button-ghost button-small">"I have saved it"</button>
            </form>
        </section>
    }
}

/// True when a registration of the application is approved: its credentials work.
fn approved_anywhere(details: &ApplicationDetails) -> bool {
    details
        .registrations
        .iter()
        .any(|r| r.status == RegistrationStatus::Approved)
}

/// Gives the focus back to the new-credential form once it is shown again.
fn focus_the_form() {
    #[cfg(feature = "hydrate")]
    request_animation_frame(|| {
        use wasm_bindgen::JsCast;
        if let Some(select) = document()
            .get_element_by_id("credential_kind")
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = select.focus();
        }
    });
}

fn identifier_label(kind: CredentialKind) -> &'static str {
    match kind {
        CredentialKind::BasicAuth | CredentialKind::HmacAuth => "Username",
        CredentialKind::OAuth2 => "Client ID",
        CredentialKind::Jwt => "Key (the token's iss claim)",
        CredentialKind::KeyAuth => "Identifier",
    }
}

/// "Password" → "password"; an acronym keeps its capitals ("API key", "HMAC secret").
fn copy_noun(label: &str) -> String {
    let first = label.split(' ').next().unwrap_or_default();
    if first.len() > 1 && first.chars().all(|c| c.is_ascii_uppercase()) {
        label.to_string()
    } else {
        label.to_lowercase()
    }
}

fn secret_label(kind: CredentialKind) -> &'static str {
    match kind {
        CredentialKind::KeyAuth => "API key",
        CredentialKind::BasicAuth => "Password",
        CredentialKind::OAuth2 => "Client secret",
        CredentialKind::HmacAuth => "HMAC secret",
        CredentialKind::Jwt => "JWT secret",
    }
}

#[component]
pub fn Credentials(
    details: ApplicationDetails,
    /// The secret just made, shown in place of the form until the person has saved it.
    shown: RwSignal<Option<JustMade>>,
    actions: (
        ServerAction<GenerateCredential>,
        ServerAction<RollCredential>,
        ServerAction<EditCredential>,
        ServerAction<DeleteCredential>,
    ),
) -> impl IntoView {
    let (generate, roll, edit, delete) = actions;
    let form_details = StoredValue::new(details.clone());
    let rows = details.credentials.clone();
    let application_id = details.application.id.clone();
    let list = if rows.is_empty() {
        view! {
            <div class="empty-state">
                <p class="empty-title">"No credentials yet"</p>
                <p>"Generate a credential to authenticate this application's calls."</p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-label="Credentials">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Type"</th>
                            <th scope="col">"Identifier"</th>
                            <th scope="col">"Secret"</th>
                            <th scope="col">"Created"</th>
                            <th scope="col">"Last used"</th>
                            <th scope="col">"Expires"</th>
                            <th scope="col">"Actions"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|row| view! { <CredentialLine row application_id=application_id.clone() roll edit delete/> }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="panel" aria-labelledby="credentials-title">
            <h2 id="credentials-title">"Credentials"</h2>
            {action_outcome(delete.value())}
            {move || matches!(edit.value().get(), Some(Ok(_))).then(|| view! { <StatusMessage>"Credential saved"</StatusMessage> })}
            // A roll refused as a plain post shows its error in the dialog it reopens.
            {(!refused::<RollCredential>()).then(|| view! {
                {move || form_error(roll.value()).get().map(|message| view! { <ErrorMessage message/> })}
            })}
            {(!details.credentials.is_empty() && !approved_anywhere(&details)).then(|| view! {
                <p class="notice notice-warning">
                    "Waiting for approval: the gateway refuses these credentials until a registration of this application with a service is approved."
                </p>
            })}
            {list}
            {move || match shown.get() {
                Some(made) => view! {
                    <NewSecret
                        made
                        details=Some(form_details.get_value())
                        focus=true
                        on_saved=Callback::new(move |_| {
                            shown.set(None);
                            focus_the_form();
                        })
                    />
                }
                .into_any(),
                None => view! { <GenerateForm details=form_details.get_value() generate/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn CredentialLine(
    row: CredentialRow,
    application_id: String,
    roll: ServerAction<RollCredential>,
    edit: ServerAction<EditCredential>,
    delete: ServerAction<DeleteCredential>,
) -> impl IntoView {
    // Each dialog opens from the address too (`?dialog=`), so that it works without
    // JavaScript; a refused plain post of its form comes back to that address, with the error.
    let editing = AddressDialog::new(format!("edit-credential-{}", row.id));
    let rolling = AddressDialog::new(format!("roll-credential-{}", row.id));
    let id = StoredValue::new(row.id.clone());
    let line = StoredValue::new(row.clone());
    let application_id = StoredValue::new(application_id);
    let name = row.name.clone();
    let rollable = !row.algorithm.is_some_and(JwtAlgorithm::uses_public_key) && !row.expired;
    view! {
        <tr>
            <td>{row.name.clone()}</td>
            <td>{row.kind.as_str()} {row.algorithm.map(|a| format!(" {}", a.as_str()))}</td>
            <td>{row.identifier.clone().map(|i| view! { <code>{i}</code> })}</td>
            <td>
                <code>{row.hint.clone()}</code>
                {row.previous_valid_until.clone().map(|until| view! {
                    <br/><span class="muted">"Previous secret works until " <Time rfc3339=until/></span>
                })}
            </td>
            <td><Time rfc3339=row.created_at.clone()/></td>
            <td>{match row.last_used_at.clone() {
                Some(at) => view! { <Time rfc3339=at/> }.into_any(),
                None => view! { <span class="muted">"Never"</span> }.into_any(),
            }}</td>
            <td>
                {match row.expires_at.clone() {
                    Some(at) => view! { <Time rfc3339=at/> }.into_any(),
                    None => view! { <span class="muted">"Never"</span> }.into_any(),
                }}
                {row.expired.then(|| view! { " " <span class="badge badge-revoked">"Expired"</span> })}
            </td>
            <td>
                <div class="row-actions">
                    {rollable.then(|| rolling.opener("Roll", "button button-small button-ghost".into(), roll.pending().into()))}
                    {editing.opener("Edit", "button button-small button-ghost".into(), Signal::default())}
                    <ConfirmedAction
                        key=format!("delete-credential-{}", row.id)
                        label="Delete"
                        class="button button-small button-ghost"
                        title=format!("Delete the credential {}?", name)
                        body="The credential is deleted for good and every call made with it is refused from now on. This cannot be undone."
                        to=DeleteCredential::PATH
                        fields=vec![("credential_id", row.id.clone())]
                        disabled=delete.pending()
                        on_confirm=Callback::new(move |_| {
                            delete.dispatch(DeleteCredential { credential_id: id.get_value() });
                        })
                    />
                </div>
                <Show when=move || editing.open.get()>
                    <EditCredentialDialog row=line.get_value() edit dialog=editing/>
                </Show>
                <Show when=move || rolling.open.get()>
                    <RollCredentialDialog row=line.get_value() application_id=application_id.get_value() roll dialog=rolling/>
                </Show>
            </td>
        </tr>
    }
}

/// The form for a new credential. It posts as a plain form too (before the WASM arrives, or
/// with JavaScript off): every field is in the page, and the stylesheet shows only those the
/// chosen type takes (the options carry `data-` marks for it).
#[component]
fn GenerateForm(
    details: ApplicationDetails,
    generate: ServerAction<GenerateCredential>,
) -> impl IntoView {
    let enabled = details.credential_types.enabled();
    let application_id = details.application.id.clone();
    let max_days = details.max_credential_days;
    let outcome = generate.value();
    // The request is parsed here with the parser the server uses, so what it would refuse is
    // named before anything is sent; the server's own answer shows otherwise.
    let refused = RwSignal::new(None::<AppError>);
    let error_for = move |field: &'static str| {
        let answered = field_error(outcome, field);
        Signal::derive(move || {
            refused
                .with(|refused| refused.as_ref().and_then(|e| e.message_for(field)))
                .or_else(|| answered.get())
        })
    };
    if enabled.is_empty() {
        return view! {
            <p class="muted">"No credential types are enabled on this portal. Contact the API team."</p>
        }
        .into_any();
    }
    let expiry_hint = if max_days > 0 {
        format!("Credentials on this portal expire within {max_days} days; leave empty for the longest.")
    } else {
        "Optional: leave empty for a credential that does not expire.".to_string()
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let input = match GenerateCredential::from_event(&event) {
            Ok(input) => input,
            Err(error) => {
                leptos::logging::error!("the credential form did not parse: {error}");
                return;
            }
        };
        if let Err(error) = CredentialSpec::try_from(input.credential.clone()) {
            refused.set(Some(error));
            return;
        }
        refused.set(None);
        generate.dispatch(input);
    };
    view! {
        <form class="form generate" method="post" action=GenerateCredential::PATH novalidate=true on:submit=on_submit>
            <h3>"New credential"</h3>
            <input type="hidden" name="application_id" value=application_id/>
            <div class="field">
                <label for="credential_kind">"Credential type"</label>
                <select id="credential_kind" name="credential[kind]">
                    {enabled
                        .into_iter()
                        .map(|k| view! {
                            <option
                                value=k.as_str()
                                selected=typed_value("credential[kind]").is_some_and(|typed| typed == k.as_str())
                                data-username=k.takes_username().then_some("")
                                data-jwt=(k == CredentialKind::Jwt).then_some("")
                            >
                                {k.label()}
                            </option>
                        })
                        .collect_view()}
                </select>
                {move || field_error(outcome, "kind").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
            <TextField label="Credential name" name="credential[name]" id="credential_name" hint="Optional: helps you tell credentials apart." error=error_for("name")/>
            <div class="for-username">
                <TextField label="Username" name="credential[username]" id="credential_username" hint="3 to 64 characters: letters, digits, . _ @ and -. Unique on this portal." error=error_for("username")/>
            </div>
            <div class="for-jwt">
                <div class="field">
                    <label for="credential_algorithm">"Algorithm"</label>
                    <select id="credential_algorithm" name="credential[algorithm]">
                        {JwtAlgorithm::ALL
                            .into_iter()
                            .map(|a| view! {
                                <option
                                    value=a.as_str()
                                    selected=typed_value("credential[algorithm]").is_some_and(|typed| typed == a.as_str())
                                    data-public-key=a.uses_public_key().then_some("")
                                >
                                    {a.as_str()}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field for-public-key" class:field-invalid=move || error_for("public_key").get().is_some()>
                    <label for="credential_public_key">"Public key (PEM)"</label>
                    <p class="field-hint">"The public key your tokens are verified with (-----BEGIN PUBLIC KEY-----). Never paste a private key."</p>
                    <textarea id="credential_public_key" name="credential[public_key]" rows="6">{typed_value("credential[public_key]")}</textarea>
                    {move || error_for("public_key").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </div>
            </div>
            <TextField label="Expires in (days)" name="credential[expires_in_days]" id="credential_expires" hint=expiry_hint input_type="number" error=error_for("expires_in_days")/>
            {move || form_error(outcome).get().map(|message| view! { <ErrorMessage message/> })}
            <div>
                <button type="submit" class="button" disabled=move || generate.pending().get()>"Generate credential"</button>
            </div>
        </form>
    }
    .into_any()
}
