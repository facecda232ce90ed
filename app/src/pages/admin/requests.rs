//! `/admin/requests`: developers (and later applications) waiting for a decision.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{developer_requests, ActOnDeveloper};
use crate::components::{action_outcome, DeveloperActions, ErrorMessage, Time};
use crate::model::{DeveloperRequest, DeveloperStatus};

#[component]
pub fn RequestsPage() -> impl IntoView {
    let act = ServerAction::<ActOnDeveloper>::new();
    let requests = Resource::new(move || act.version().get(), |_| developer_requests());
    view! {
        <Title text="Requests — Gatehouse console"/>
        <h1>"Requests"</h1>
        {action_outcome(act.value())}
        <Transition fallback=|| view! { <p class="loading">"Loading requests…"</p> }>
            {move || Suspend::new(async move {
                match requests.await {
                    Ok(rows) => view! { <RequestTabs rows act/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RequestTabs(rows: Vec<DeveloperRequest>, act: ServerAction<ActOnDeveloper>) -> impl IntoView {
    let count = rows.len();
    view! {
        <div class="tabs" role="tablist" aria-label="Request types">
            <button role="tab" id="tab-developers" aria-selected="true" aria-controls="panel-developers">
                "Developers" <span class="count">{count}</span>
            </button>
            <button role="tab" id="tab-applications" aria-selected="false" disabled=true>
                "Applications" <span class="count">"0"</span>
            </button>
        </div>
        <div role="tabpanel" id="panel-developers" aria-labelledby="tab-developers">
            {if rows.is_empty() {
                view! {
                    <div class="empty-state">
                        <p class="empty-title">"No Developer Requests"</p>
                        <p>"New sign-ups that need approval will appear here."</p>
                    </div>
                }
                    .into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">"Name"</th>
                                    <th scope="col">"Email"</th>
                                    <th scope="col">"Requested"</th>
                                    <th scope="col">"Actions"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|row| {
                                        view! {
                                            <tr>
                                                <td>
                                                    <a href=format!("/admin/developers/{}", row.id)>{row.full_name.clone()}</a>
                                                </td>
                                                <td>{row.email.clone()}</td>
                                                <td><Time rfc3339=row.requested_at.clone()/></td>
                                                <td>
                                                    <DeveloperActions
                                                        developer_id=row.id.clone()
                                                        email=row.email.clone()
                                                        status=DeveloperStatus::Pending
                                                        rejections_final=true
                                                        act
                                                    />
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </div>
    }
}
