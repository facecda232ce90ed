//! `/admin/requests`: developers and application registrations waiting for a decision.

use leptos::{html, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

use crate::api::{
    developer_requests, list_plans, registration_requests, ActOnDeveloper, ActOnRegistration,
    DEFAULT_PLAN,
};
use crate::components::{
    action_outcome, approve_form_id, form_action, next_from, parse_from, DeveloperActions,
    ErrorMessage, Pager, RegistrationActions, Time,
};
use crate::model::{
    DeveloperRequest, DeveloperStatus, Plan, QueueCount, RegistrationRequest, RegistrationStatus,
    RequestQuery, Search, ServicePlans,
};
use crate::url::encode_component;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Developers,
    Applications,
}

impl Tab {
    fn from_query(value: Option<String>) -> Self {
        match value.as_deref() {
            Some("applications") => Self::Applications,
            _ => Self::Developers,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Developers => "developers",
            Self::Applications => "applications",
        }
    }
}

/// The page's address for a tab, a search and a position: every list a person sees here
/// can be bookmarked, shared and reached without JavaScript.
fn requests_href(tab: Tab, search: &str, after: &str, from: Option<u64>) -> String {
    let mut href = format!("/admin/requests?tab={}", tab.as_str());
    if !search.is_empty() {
        href.push_str(&format!("&q={}", encode_component(search)));
    }
    if !after.is_empty() {
        href.push_str(&format!("&after={}", encode_component(after)));
        if let Some(from) = from {
            href.push_str(&format!("&from={from}"));
        }
    }
    href
}

#[component]
pub fn RequestsPage() -> impl IntoView {
    let act = form_action::<ActOnDeveloper>();
    let decide = form_action::<ActOnRegistration>();
    let url = use_query_map();
    let tab = Memo::new(move |_| Tab::from_query(url.with(|q| q.get("tab"))));
    let search = Memo::new(move |_| url.with(|q| q.get("q").unwrap_or_default()));
    let after = Memo::new(move |_| url.with(|q| q.get("after").unwrap_or_default()));
    let from = Memo::new(move |_| {
        url.with(|q| parse_from(&q.get("after").unwrap_or_default(), q.get("from")))
    });
    // Each tab's page: the position applies to the tab shown; the other tab shows its count.
    let query_for = move |which: Tab| RequestQuery {
        search: Search::parse(&search.get()),
        after: if tab.get() == which {
            after.get()
        } else {
            String::new()
        },
    };
    let developers = Resource::new(
        move || (query_for(Tab::Developers), act.version().get()),
        |(query, _)| developer_requests(query),
    );
    let registrations = Resource::new(
        move || (query_for(Tab::Applications), decide.version().get()),
        |(query, _)| registration_requests(query),
    );
    // The plans an approval may give, by service (without the usage sums).
    let plans = Resource::new(|| (), |_| list_plans(Some(false)));
    view! {
        <Title text="Requests — Gatehouse console"/>
        <h1>"Requests"</h1>
        {action_outcome(act.value())}
        {action_outcome(decide.value())}
        <Form method="GET" action="/admin/requests" attr:class="toolbar" attr:role="search">
            <input type="hidden" name="tab" value=move || tab.get().as_str()/>
            <label class="search">
                <span class="visually-hidden">"Search requests"</span>
                <input
                    type="search"
                    name="q"
                    placeholder="Name, email or application"
                    aria-label="Search requests"
                    value=move || search.get()
                    prop:value=move || search.get()
                />
            </label>
            <button type="submit" class="button button-ghost">"Search"</button>
        </Form>
        <Transition fallback=|| view! { <p class="loading">"Loading requests…"</p> }>
            {move || {
                // The tab is read here, not only through the resources: switching tabs
                // without a position or a search leaves both queries as they were.
                let shown_tab = tab.get();
                Suspend::new(async move {
                match (developers.await, registrations.await) {
                    (Ok(developers), Ok(registrations)) => {
                        let searched = search.get_untracked();
                        let (shown, next, rows, total) = match shown_tab {
                            Tab::Developers => (
                                view! { <DeveloperRequests rows=developers.rows.clone() act/> }.into_any(),
                                developers.next,
                                developers.rows.len(),
                                developers.count,
                            ),
                            Tab::Applications => {
                                let plans = match plans.await {
                                    Ok(plans) => plans,
                                    Err(error) => {
                                        return view! { <ErrorMessage message=error.to_string()/> }.into_any()
                                    }
                                };
                                (
                                    view! { <ApplicationRequests rows=registrations.rows.clone() decide plans/> }.into_any(),
                                    registrations.next,
                                    registrations.rows.len(),
                                    registrations.count,
                                )
                            }
                        };
                        view! {
                            <RequestTabs
                                tab=shown_tab
                                search=searched.clone()
                                developers=developers.count
                                applications=registrations.count
                            />
                            <div role="tabpanel" id="requests-panel" aria-labelledby=format!("tab-{}", shown_tab.as_str())>
                                {shown}
                                <QueuePaging tab=shown_tab search=searched next after=after.get_untracked() from=from.get_untracked() shown=rows total/>
                            </div>
                        }
                        .into_any()
                    }
                    (Err(error), _) | (_, Err(error)) => {
                        view! { <ErrorMessage message=error.to_string()/> }.into_any()
                    }
                }
            })
            }}
        </Transition>
    }
}

/// The two queues as tabs: links, so each tab has an address of its own.
#[component]
fn RequestTabs(
    tab: Tab,
    search: String,
    developers: QueueCount,
    applications: QueueCount,
) -> impl IntoView {
    let link = |which: Tab, label: &'static str, count: QueueCount| {
        view! {
            <a
                role="tab"
                id=format!("tab-{}", which.as_str())
                aria-controls="requests-panel"
                aria-selected=(tab == which).to_string()
                href=requests_href(which, &search, "", None)
            >
                {label} " " <span class="count">{count.label()}</span>
            </a>
        }
    };
    view! {
        <div class="tabs" role="tablist" aria-label="Request types">
            {link(Tab::Developers, "Developers", developers)}
            {link(Tab::Applications, "Applications", applications)}
        </div>
    }
}

/// Where the page stands in its queue, "Next page" after the last row shown, and the way
/// back to the first page.
#[component]
fn QueuePaging(
    tab: Tab,
    search: String,
    next: Option<String>,
    after: String,
    from: Option<u64>,
    shown: usize,
    total: QueueCount,
) -> impl IntoView {
    let first = (!after.is_empty()).then(|| requests_href(tab, &search, "", None));
    let next = next.map(|next| requests_href(tab, &search, &next, next_from(from, shown)));
    let noun = match tab {
        Tab::Developers => "developer requests",
        Tab::Applications => "application requests",
    };
    view! { <Pager from shown total noun first next/> }
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
        <div class="table-wrap" tabindex="0" role="region" aria-label="Developer requests">
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
    plans: Vec<ServicePlans>,
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
        <div class="table-wrap" tabindex="0" role="region" aria-label="Application requests">
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Application"</th>
                        <th scope="col">"Developer"</th>
                        <th scope="col">"Service"</th>
                        <th scope="col">"Requested"</th>
                        <th scope="col">"Plan"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            let label = format!("{} → {}", row.application_name, row.service_name);
                            let choices = plans
                                .iter()
                                .find(|s| s.service_id == row.service_id)
                                .map(|s| s.plans.clone())
                                .unwrap_or_default();
                            let chosen = NodeRef::<html::Select>::new();
                            view! {
                                <tr>
                                    <td>{row.application_name.clone()}</td>
                                    <td><a href=format!("/admin/developers/{}", row.developer_id)>{row.developer_email.clone()}</a></td>
                                    <td>{row.service_name.clone()}</td>
                                    <td><Time rfc3339=row.requested_at.clone()/></td>
                                    <td>{plan_choice(&row.id, &label, choices, row.plan_id.as_deref(), chosen)}</td>
                                    <td>
                                        <RegistrationActions
                                            registration_id=row.id.clone()
                                            label
                                            status=RegistrationStatus::Pending
                                            act=decide
                                            chosen_plan=chosen
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

/// The plan Approve gives: the one chosen already, or the service's default, unless another
/// is chosen here. The list belongs to the row's Approve form, so it posts with it without
/// JavaScript too.
fn plan_choice(
    registration_id: &str,
    label: &str,
    plans: Vec<Plan>,
    current: Option<&str>,
    list: NodeRef<html::Select>,
) -> AnyView {
    if plans.is_empty() {
        return view! { <span class="muted">"No plans: no limit"</span> }.into_any();
    }
    let default_name = plans
        .iter()
        .find(|p| p.is_default)
        .map(|p| format!("Default ({})", p.name))
        .unwrap_or_else(|| "Default (no limit)".to_string());
    let id = format!("approve-plan-{registration_id}");
    view! {
        <label class="visually-hidden" for=id.clone()>{format!("Plan for {label}")}</label>
        <select id=id name="plan_id" form=approve_form_id(registration_id) node_ref=list>
            <option value=DEFAULT_PLAN selected=current.is_none()>{default_name}</option>
            {plans
                .into_iter()
                .map(|plan| {
                    let chosen = current == Some(plan.id.as_str());
                    view! { <option value=plan.id.clone() selected=chosen>{format!("{} — {}", plan.name, plan.limits.describe())}</option> }
                })
                .collect_view()}
        </select>
    }
    .into_any()
}
