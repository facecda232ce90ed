//! `/admin/webhooks`: endpoints that hear the portal's events, signed per Standard Webhooks,
//! and the delivery log. Owners add and remove endpoints, send test events and redeliver; a
//! new endpoint's signing secret is shown once, where the form was.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::api::{list_webhooks, CreateWebhook, DeleteWebhook, RedeliverWebhook, SendTestWebhook};
use crate::components::{
    action_outcome, field_error, form_action, form_error, typed_checkbox, use_session,
    ConfirmedAction, CopyButton, ErrorMessage, PostButton, TextField, Time,
};
use crate::model::{
    AdminRole, DeliveryState, EventFamily, NewWebhook, Viewer, WebhookDelivery, WebhookEndpoint,
};

/// The actions a row's buttons dispatch.
#[derive(Clone, Copy)]
struct Actions {
    delete: ServerAction<DeleteWebhook>,
    test: ServerAction<SendTestWebhook>,
    redeliver: ServerAction<RedeliverWebhook>,
    owner: Signal<bool>,
}

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let create = form_action::<CreateWebhook>();
    let actions = Actions {
        delete: form_action::<DeleteWebhook>(),
        test: form_action::<SendTestWebhook>(),
        redeliver: form_action::<RedeliverWebhook>(),
        owner: owner_signal(),
    };
    let refresh = RwSignal::new(0u32);
    let overview = Resource::new(
        move || {
            (
                create.version().get(),
                actions.delete.version().get(),
                actions.test.version().get(),
                actions.redeliver.version().get(),
                refresh.get(),
            )
        },
        |_| list_webhooks(),
    );
    view! {
        <Title text="Webhooks — Gatehouse console"/>
        <h1>"Webhooks"</h1>
        <p class="lead">
            "Gatehouse posts each event (a developer approved, a credential issued…) as JSON to "
            "the endpoints below, signed per "<a href="https://www.standardwebhooks.com/">"Standard Webhooks"</a>
            " (" <code>"webhook-id"</code>", "<code>"webhook-timestamp"</code>", "
            <code>"webhook-signature"</code>"). A receiver that is down gets the event again: after "
            "5 seconds, 5 minutes, 30 minutes, 2, 5, 10 and 10 hours."
        </p>
        {action_outcome(actions.delete.value())}
        {action_outcome(actions.test.value())}
        {action_outcome(actions.redeliver.value())}
        {move || if actions.owner.get() {
            view! { <NewWebhookPanel create/> }.into_any()
        } else {
            view! { <p class="notice">"Only owners add and change webhooks; you can read the log."</p> }.into_any()
        }}
        <Transition fallback=|| view! { <p class="loading">"Loading webhooks…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! {
                        <section class="section" aria-labelledby="endpoints-title">
                            <h2 id="endpoints-title">"Endpoints"</h2>
                            <EndpointTable endpoints=overview.endpoints actions/>
                        </section>
                        <section class="section" aria-labelledby="deliveries-title">
                            <div class="section-heading">
                                <h2 id="deliveries-title">"Delivery log"</h2>
                                <button type="button" class="button button-small button-ghost" on:click=move |_| refresh.update(|n| *n += 1)>
                                    "Refresh"
                                </button>
                            </div>
                            <DeliveryTable deliveries=overview.deliveries actions/>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Whether the signed-in admin is an owner.
fn owner_signal() -> Signal<bool> {
    let session = use_session();
    Signal::derive(move || {
        matches!(
            session.viewer.get(),
            Some(Ok(Viewer::Admin {
                role: AdminRole::Owner,
                ..
            }))
        )
    })
}

/// The form, or in its place the secret of the endpoint just added until "I have saved it".
#[component]
fn NewWebhookPanel(create: ServerAction<CreateWebhook>) -> impl IntoView {
    let shown = RwSignal::new(None::<NewWebhook>);
    Effect::new(move |_| {
        if let Some(Ok(new)) = create.value().get() {
            shown.set(Some(new));
        }
    });
    move || match shown.get() {
        Some(new) => view! { <NewSecret new shown/> }.into_any(),
        None => view! { <CreateWebhookForm create/> }.into_any(),
    }
}

#[component]
fn NewSecret(new: NewWebhook, shown: RwSignal<Option<NewWebhook>>) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });
    view! {
        <section class="panel section notice-success new-secret" aria-labelledby="new-webhook-title">
            <h2 id="new-webhook-title" tabindex="-1" node_ref=heading>"Endpoint added"</h2>
            <p>"Deliveries to " <code>{new.url.clone()}</code> " are signed with this secret:"</p>
            <p><code class="secret" data-testid="new-webhook-secret">{new.secret.clone()}</code></p>
            <CopyButton text=new.secret.clone()/>
            <p>"Give it to your receiver's Standard Webhooks library, e.g. in Python: "</p>
            <pre class="snippet"><code>"Webhook(secret).verify(body, headers)"</code></pre>
            <p>"It is not shown again: to change it, remove the endpoint and add it anew."</p>
            <button type="button" class="button button-ghost button-small" on:click=move |_| shown.set(None)>
                "I have saved it"
            </button>
        </section>
    }
}

#[component]
fn CreateWebhookForm(create: ServerAction<CreateWebhook>) -> impl IntoView {
    let outcome = create.value();
    let events_error = field_error(outcome, "events");
    let families = EventFamily::ALL
        .into_iter()
        .map(|family| {
            let name = format!("webhook[{}]", family.as_str());
            let id = format!("family-{}", family.as_str());
            let ticked = typed_checkbox(&name).unwrap_or(true);
            view! {
                <div class="checkbox">
                    <input type="checkbox" id=id.clone() name=name checked=ticked/>
                    <label for=id>{family.description()}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="panel section" aria-labelledby="create-webhook-title">
            <h2 id="create-webhook-title">"Add an endpoint"</h2>
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <TextField
                    label="Endpoint URL"
                    name="webhook[url]"
                    id="webhook-url"
                    input_type="url"
                    hint="Where each event is posted, e.g. https://hooks.example.com/gatehouse."
                    error=field_error(outcome, "url")
                />
                <fieldset class="field" aria-describedby=move || events_error.get().map(|_| "events-error")>
                    <legend>"Events"</legend>
                    {families}
                    {move || events_error.get().map(|message| view! { <p class="field-error" id="events-error" role="alert">{message}</p> })}
                </fieldset>
                {move || form_error(outcome).get().map(|message| view! { <ErrorMessage message/> })}
                <div><button type="submit" class="button" disabled=move || create.pending().get()>"Add endpoint"</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn EndpointTable(endpoints: Vec<WebhookEndpoint>, actions: Actions) -> impl IntoView {
    if endpoints.is_empty() {
        return view! {
            <div class="empty-state">
                <p class="empty-title">"No endpoints yet"</p>
                <p>"Add one to hear of developers, applications and credentials as they change."</p>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Webhook endpoints">
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Endpoint"</th>
                        <th scope="col">"Events"</th>
                        <th scope="col">"Waiting"</th>
                        <th scope="col">"Failed"</th>
                        <th scope="col">"Added"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {endpoints.into_iter().map(|endpoint| endpoint_row(endpoint, actions)).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn endpoint_row(endpoint: WebhookEndpoint, actions: Actions) -> impl IntoView {
    let families = endpoint
        .families
        .iter()
        .map(|family| family.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let tested = endpoint.id.clone();
    let deleted = endpoint.id.clone();
    view! {
        <tr>
            <td><code class="wrap">{endpoint.url.clone()}</code></td>
            <td>{families}</td>
            <td>{endpoint.pending}</td>
            <td>{endpoint.failed}</td>
            <td><Time rfc3339=endpoint.created_at.clone()/></td>
            <td class="row-actions">
                {move || actions.owner.get().then(|| {
                    let tested = tested.clone();
                    let deleted = deleted.clone();
                    let url = endpoint.url.clone();
                    view! {
                        <PostButton
                            to=SendTestWebhook::PATH
                            fields=vec![("endpoint_id", tested.clone())]
                            class="button button-small"
                            disabled=actions.test.pending()
                            on_press=Callback::new(move |_| {
                                actions.test.dispatch(SendTestWebhook { endpoint_id: tested.clone() });
                            })
                        >
                            "Send test event"
                        </PostButton>
                        <ConfirmedAction
                            key=format!("delete-webhook-{deleted}")
                            label="Remove"
                            class="button button-small button-ghost"
                            title=format!("Remove the endpoint {url}?")
                            body="It receives nothing more, and its delivery log goes with it."
                            to=DeleteWebhook::PATH
                            fields=vec![("endpoint_id", deleted.clone())]
                            on_confirm=Callback::new(move |_| {
                                actions.delete.dispatch(DeleteWebhook { endpoint_id: deleted.clone() });
                            })
                        />
                    }
                })}
            </td>
        </tr>
    }
}

#[component]
fn DeliveryTable(deliveries: Vec<WebhookDelivery>, actions: Actions) -> impl IntoView {
    if deliveries.is_empty() {
        return view! { <p class="empty">"Nothing delivered yet: send a test event to try an endpoint."</p> }
            .into_any();
    }
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Delivery log">
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Event"</th>
                        <th scope="col">"Endpoint"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Attempts"</th>
                        <th scope="col">"Last answer"</th>
                        <th scope="col">"Queued"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {deliveries.into_iter().map(|delivery| delivery_row(delivery, actions)).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn delivery_row(delivery: WebhookDelivery, actions: Actions) -> impl IntoView {
    let state = match delivery.state {
        DeliveryState::Pending => "Waiting",
        DeliveryState::Delivered => "Delivered",
        DeliveryState::Failed => "Failed",
    };
    let answer = match (delivery.last_status, &delivery.last_error) {
        (Some(status), _) => format!("HTTP {status}"),
        (None, Some(error)) => error.clone(),
        (None, None) => "—".to_string(),
    };
    let next = delivery.next_attempt_at.clone();
    let id = delivery.id;
    view! {
        <tr>
            <td><code>{delivery.event_type.clone()}</code><br/><small class="muted">{delivery.message_id.clone()}</small></td>
            <td><code class="wrap">{delivery.endpoint_url.clone()}</code></td>
            <td>
                <span class=format!("badge badge-{}", delivery.state.as_str())>{state}</span>
                {next.map(|at| view! { <br/><small class="muted">"Next try " <Time rfc3339=at/></small> })}
            </td>
            <td>{delivery.attempts}</td>
            <td>{answer}</td>
            <td><Time rfc3339=delivery.created_at.clone()/></td>
            <td>
                {move || (actions.owner.get() && delivery.state != DeliveryState::Pending).then(|| view! {
                    <PostButton
                        to=RedeliverWebhook::PATH
                        fields=vec![("delivery_id", id.to_string())]
                        class="button button-small button-ghost"
                        disabled=actions.redeliver.pending()
                        on_press=Callback::new(move |_| {
                            actions.redeliver.dispatch(RedeliverWebhook { delivery_id: id });
                        })
                    >
                        "Redeliver"
                    </PostButton>
                })}
            </td>
        </tr>
    }
}
