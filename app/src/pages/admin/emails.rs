//! `/admin/emails`: every message Gatehouse wrote, sent or still waiting in the outbox.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::recent_emails;
use crate::components::{ErrorMessage, Time};
use crate::model::EmailRecord;

#[component]
pub fn EmailsPage() -> impl IntoView {
    let emails = Resource::new(|| (), |_| recent_emails());
    view! {
        <Title text="E-mails — Gatehouse console"/>
        <h1>"E-mails"</h1>
        <p class="lead">
            "Messages wait in the outbox until the mail server accepts them. Without an SMTP \
             server configured they stay here, so you can read them."
        </p>
        <Transition fallback=|| view! { <p class="loading">"Loading e-mails…"</p> }>
            {move || Suspend::new(async move {
                match emails.await {
                    Ok(list) if list.is_empty() => view! {
                        <div class="empty-state"><p class="empty-title">"No e-mail yet"</p></div>
                    }
                    .into_any(),
                    Ok(list) => view! { <EmailTable list/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn EmailTable(list: Vec<EmailRecord>) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Email log">
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Queued"</th>
                        <th scope="col">"To"</th>
                        <th scope="col">"Subject and text"</th>
                        <th scope="col">"Delivery"</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|mail| {
                            let delivery = match (&mail.sent_at, &mail.last_error) {
                                (Some(_), _) => "Sent".to_string(),
                                (None, Some(error)) => {
                                    format!("Waiting: {} failed attempts, last: {error}", mail.attempts)
                                }
                                (None, None) => "Waiting in the outbox".to_string(),
                            };
                            view! {
                                <tr>
                                    <td><Time rfc3339=mail.queued_at/></td>
                                    <td>{mail.recipient}</td>
                                    <td>
                                        <details>
                                            <summary>{mail.subject}</summary>
                                            <pre class="mail-body">{mail.body}</pre>
                                        </details>
                                    </td>
                                    <td>{delivery}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
