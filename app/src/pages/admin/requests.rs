//! `/admin/requests`: developers and application registrations waiting for a decision.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{developer_requests, registration_requests, ActOnDeveloper, ActOnRegistration};
use crate::components::{
    action_outcome, DeveloperActions, ErrorMessage, RegistrationActions, Time,
};
use crate::model::{DeveloperRequest, DeveloperStatus, RegistrationRequest, RegistrationStatus};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Developers,
    Applications,
}

#[component]
pub fn RequestsPage() -> impl IntoView {
    let act = ServerAction::<ActOnDeveloper>::new();
    let decide = ServerAction::<ActOnRegistration>::new();
    let tab = RwSignal::new(Tab::Developers);
    // One resource per server function: each runs with the request's context.
    let developers = Resource::new(move || act.version().get(), |_| developer_requests());
    let registrations = Resource::new(move || decide.version().get(), |_| registration_requests());
    view! {
        <Title text="Requests — Gatehouse console"/>
        <h1>"Requests"</h1>
        {action_outcome(act.value())}
        {action_outcome(decide.value())}
        <Transition fallback=|| view! { <p class="loading">"Loading requests…"</p> }>
            {move || Suspend::new(async move {
                match (developers.await, registrations.await) {
                    (Ok(developers), Ok(registrations)) => view! {
                        <RequestTabs tab developers=developers.len() applications=registrations.len()/>
                        <div role="tabpanel" id="panel-developers" aria-labelledby="tab-developers" hidden=move || tab.get() != Tab::Developers>
                            <DeveloperRequests rows=developers act/>
                        </div>
                        <div role="tabpanel" id="panel-applications" aria-labelledby="tab-applications" hidden=move || tab.get() != Tab::Applications>
                            <ApplicationRequests rows=registrations decide/>
                        </div>
                    }
                    .into_any(),
                    (Err(error), _) | (_, Err(error)) => {
                        view! { <ErrorMessage message=error.to_string()/> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn RequestTabs(tab: RwSignal<Tab>, developers: usize, applications: usize) -> impl IntoView {
    let button = move |which: Tab,
                       id: &'static str,
                       panel: &'static str,
                       label: &'static str,
                       count: usize| {
        view! {
            <button
                type="button"
                role="tab"
                id=id
                aria-controls=panel
                aria-selected=move || (tab.get() == which).to_string()
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                on:click=move |_| tab.set(which)
                on:keydown=move |event| {
                    if matches!(event.key().as_str(), "ArrowLeft" | "ArrowRight") {
                        tab.update(|t| *t = if *t == Tab::Developers { Tab::Applications } else { Tab::Developers });
                    }
                }
            >
                {label} " " <span class="count">{count}</span>
            </button>
        }
    };
    view! {
        <div class="tabs" role="tablist" aria-label="Request types">
            {button(Tab::Developers, "tab-developers", "panel-developers", "Developers", developers)}
            {button(Tab::Applications, "tab-applications", "panel-applications", "Applications", applications)}
        </div>
    }
}

#[component]
fn DeveloperRequests(
    rows: Vec<DeveloperRequest>,
    act: ServerAction<ActOnDeveloper>,
) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <div class="empty-state">
                <p class="empty-title">"No Developer Requests"</p>
                <p>"New sign-ups that need approval will appear here."</p>
            </div>
        }
        .into_any();
    }
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
                        .map(|row| view! {
                            <tr>
                                <td><a href=format!("/admin/developers/{}", row.id)>{row.full_name.clone()}</a></td>
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
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn ApplicationRequests(
    rows: Vec<RegistrationRequest>,
    decide: ServerAction<ActOnRegistration>,
) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <div class="empty-state">
                <p class="empty-title">"No Application Requests"</p>
                <p>"Applications registering with a service that need approval will appear here."</p>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="table-wrap">
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Application"</th>
                        <th scope="col">"Developer"</th>
                        <th scope="col">"Service"</th>
                        <th scope="col">"Requested"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            let label = format!("{} → {}", row.application_name, row.service_name);
                            view! {
                                <tr>
                                    <td>{row.application_name.clone()}</td>
                                    <td><a href=format!("/admin/developers/{}", row.developer_id)>{row.developer_email.clone()}</a></td>
                                    <td>{row.service_name.clone()}</td>
                                    <td><Time rfc3339=row.requested_at.clone()/></td>
                                    <td>
                                        <RegistrationActions
                                            registration_id=row.id.clone()
                                            label
                                            status=RegistrationStatus::Pending
                                            act=decide
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
}
