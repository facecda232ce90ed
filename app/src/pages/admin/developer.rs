//! `/admin/developers/:id`: one developer's status, dates, applications and audit history.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{get_developer, ActOnDeveloper};
use crate::components::{action_outcome, DeveloperActions, ErrorMessage, StatusBadge, Time};
use crate::model::DeveloperDetails;

#[component]
pub fn DeveloperPage() -> impl IntoView {
    let params = use_params_map();
    let act = ServerAction::<ActOnDeveloper>::new();
    let details = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                act.version().get(),
            )
        },
        |(id, _)| get_developer(id),
    );
    view! {
        <Title text="Developer — Gatehouse console"/>
        <p><a href="/admin/developers">"← All developers"</a></p>
        {action_outcome(act.value())}
        <Transition fallback=|| view! { <p class="loading">"Loading developer…"</p> }>
            {move || Suspend::new(async move {
                match details.await {
                    Ok(details) => view! { <Details details act/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Details(details: DeveloperDetails, act: ServerAction<ActOnDeveloper>) -> impl IntoView {
    let developer = details.developer;
    view! {
        <section class="panel">
            <div class="page-head">
                <h1>{developer.full_name.clone()}</h1>
                <StatusBadge status=developer.status/>
            </div>
            <dl class="facts">
                <dt>"Email"</dt>
                <dd>
                    {developer.email.clone()} " "
                    <a href=format!("mailto:{}", developer.email)>"Email developer"</a>
                </dd>
                <dt>"Requested"</dt>
                <dd><Time rfc3339=developer.requested_at.clone()/></dd>
                <dt>"Last change"</dt>
                <dd><Time rfc3339=details.updated_at.clone()/></dd>
            </dl>
            <DeveloperActions
                developer_id=developer.id.clone()
                email=developer.email.clone()
                status=developer.status
                rejections_final=details.rejections_final
                act
            />
        </section>
        <section class="section">
            <h2>"Applications"</h2>
            <div class="empty-state"><p class="empty-title">"No applications"</p></div>
        </section>
        <section class="section">
            <h2>"History"</h2>
            <div class="table-wrap">
                <table>
                    <thead>
                        <tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th><th scope="col">"From"</th></tr>
                    </thead>
                    <tbody>
                        {details
                            .history
                            .into_iter()
                            .map(|entry| view! {
                                <tr>
                                    <td><Time rfc3339=entry.at/></td>
                                    <td>{entry.actor}</td>
                                    <td>{entry.action}</td>
                                    <td>{entry.client_addr}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
