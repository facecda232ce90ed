//! `/admin/tokens`: admin API tokens for scripts (`/api/v1`, the Kong-compatible API). A new
//! token's secret is shown once, where the form was; the list shows scopes, use and expiry.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::api::{list_api_tokens, CreateApiToken, RevokeApiToken};
use crate::components::{
    action_outcome, field_error, form_action, form_error, typed_checkbox, ConfirmedAction,
    CopyButton, ErrorMessage, TextField, Time,
};
use crate::model::{ApiTokenRow, NewApiToken, TokenScope};

#[component]
pub fn TokensPage() -> impl IntoView {
    let create = form_action::<CreateApiToken>();
    let revoke = form_action::<RevokeApiToken>();
    let tokens = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| list_api_tokens(),
    );
    view! {
        <Title text="API tokens — Gatehouse console"/>
        <h1>"API tokens"</h1>
        <p class="lead">
            "Tokens let scripts use the admin API ("<a href="/api/v1/docs">"/api/v1"</a>
            ", and the Kong-compatible "<code>"/kong"</code>"). Send one as "
            <code>"Authorization: Bearer gha_…"</code>". A token acts for the admin who made it, "
            "never beyond that admin's role, and the audit log names it."
        </p>
        {action_outcome(revoke.value())}
        <NewTokenPanel create/>
        <Transition fallback=|| view! { <p class="loading">"Loading tokens…"</p> }>
            {move || Suspend::new(async move {
                match tokens.await {
                    Ok(rows) if rows.is_empty() => view! {
                        <div class="empty-state">
                            <p class="empty-title">"No tokens yet"</p>
                            <p>"Create one below for your first script."</p>
                        </div>
                    }.into_any(),
                    Ok(rows) => view! { <TokenTable rows revoke/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The form, or in its place the secret of the token just made until "I have saved it".
#[component]
fn NewTokenPanel(create: ServerAction<CreateApiToken>) -> impl IntoView {
    let shown = RwSignal::new(None::<NewApiToken>);
    Effect::new(move |_| {
        if let Some(Ok(new)) = create.value().get() {
            shown.set(Some(new));
        }
    });
    move || match shown.get() {
        Some(new) => view! { <NewSecret new shown/> }.into_any(),
        None => view! { <CreateTokenForm create/> }.into_any(),
    }
}

#[component]
fn NewSecret(new: NewApiToken, shown: RwSignal<Option<NewApiToken>>) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H2>::new();
    // Where the person is looking: the secret takes the form's place and its heading the focus.
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });
    view! {
        <section class="panel section notice-success new-secret" aria-labelledby="new-token-title">
            <h2 id="new-token-title" tabindex="-1" node_ref=heading>{format!("Token \"{}\" created", new.name)}</h2>
            <p>"Secret: " <code class="secret" data-testid="new-token-secret">{new.secret.clone()}</code></p>
            <CopyButton text=new.secret.clone()/>
            <p>"Copy it now and keep it somewhere safe (a CI secret): it is stored only as a hash and will not be shown again."</p>
            <p>"Try it:"</p>
            <pre class="snippet"><code>{format!("curl -H 'Authorization: Bearer {}' \\\n     \"$GATEHOUSE_URL/api/v1/developers?status=pending\"", new.secret)}</code></pre>
            <button type="button" class="button button-ghost button-small" on:click=move |_| shown.set(None)>
                "I have saved it"
            </button>
        </section>
    }
}

#[component]
fn CreateTokenForm(create: ServerAction<CreateApiToken>) -> impl IntoView {
    let outcome = create.value();
    let scopes_error = field_error(outcome, "scopes");
    let scopes = TokenScope::ALL
        .into_iter()
        .map(|scope| {
            let name = format!("token[{}]", scope.as_str());
            let id = format!("scope-{}", scope.as_str());
            let ticked = typed_checkbox(&name).unwrap_or(scope == TokenScope::Read);
            view! {
                <div class="checkbox">
                    <input type="checkbox" id=id.clone() name=name checked=ticked/>
                    <label for=id>{scope.description()}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="panel section" aria-labelledby="create-token-title">
            <h2 id="create-token-title">"Create a token"</h2>
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <TextField label="Name" name="token[name]" id="token-name" hint="Named in the audit log, e.g. \"ci\" or \"crm sync\"." error=field_error(outcome, "name")/>
                <fieldset class="field" aria-describedby=move || scopes_error.get().map(|_| "scopes-error")>
                    <legend>"Scopes"</legend>
                    {scopes}
                    {move || scopes_error.get().map(|message| view! { <p class="field-error" id="scopes-error" role="alert">{message}</p> })}
                </fieldset>
                <TextField
                    label="Expires after (days)"
                    name="token[expires_in_days]"
                    id="token-days"
                    input_type="number"
                    hint="Leave empty for a token that does not expire."
                    error=field_error(outcome, "expires_in_days")
                />
                {move || form_error(outcome).get().map(|message| view! { <ErrorMessage message/> })}
                <div><button type="submit" class="button" disabled=move || create.pending().get()>"Create token"</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn TokenTable(rows: Vec<ApiTokenRow>, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="API tokens">
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Scopes"</th>
                        <th scope="col">"Acts for"</th>
                        <th scope="col">"Created"</th>
                        <th scope="col">"Last used"</th>
                        <th scope="col">"Expires"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|token| token_row(token, revoke)).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn token_row(token: ApiTokenRow, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    let scopes = token
        .scopes
        .iter()
        .map(|scope| scope.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let revoked_id = token.id.clone();
    let status = match (&token.revoked_at, &token.expires_at) {
        (Some(at), _) => view! { "Revoked " <Time rfc3339=at.clone()/> }.into_any(),
        (None, Some(at)) => view! { <Time rfc3339=at.clone()/> }.into_any(),
        (None, None) => "Never".into_any(),
    };
    let live = token.revoked_at.is_none();
    view! {
        <tr>
            <td>{token.name.clone()} <br/><code>{format!("{}…", token.prefix)}</code></td>
            <td>{scopes}</td>
            <td>{token.admin_email.clone()}</td>
            <td><Time rfc3339=token.created_at.clone()/></td>
            <td>{match token.last_used_at.clone() {
                Some(at) => view! { <Time rfc3339=at/> }.into_any(),
                None => "Never".into_any(),
            }}</td>
            <td>{status}</td>
            <td>
                {live.then(|| view! {
                    <ConfirmedAction
                        key=format!("revoke-{}", token.id)
                        label="Revoke"
                        class="button button-small button-ghost"
                        title=format!("Revoke the token \"{}\"?", token.name)
                        body="Scripts using it get 401 from their next request. This cannot be undone."
                        to=RevokeApiToken::PATH
                        fields=vec![("token_id", token.id.clone())]
                        on_confirm=Callback::new(move |_| {
                            revoke.dispatch(RevokeApiToken { token_id: revoked_id.clone() });
                        })
                    />
                })}
            </td>
        </tr>
    }
}
