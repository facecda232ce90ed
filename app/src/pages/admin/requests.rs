//! `/admin/requests`: developers and application registrations waiting for a decision.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

use crate::api::{developer_requests, registration_requests, ActOnDeveloper, ActOnRegistration};
use crate::components::{
    action_outcome, form_action, DeveloperActions, ErrorMessage, RegistrationActions, Time,
};
use crate::model::{
    DeveloperRequest, DeveloperStatus, QueueCount, RegistrationRequest, RegistrationStatus,
    RequestQuery, Search,
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
fn requests_href(tab: Tab, search: &str, after: &str) -> String {
    let mut href = format!("/admin/requests?tab={}", tab.as_str());
    if !search.is_empty() {
        href.push_str(&format!("&q={}", encode_component(search)));
    }
    if !after.is_empty() {
        href.push_str(&format!("&after={}", encode_component(after)));
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
                        let (shown, next) = match shown_tab {
                            Tab::Developers => (
                                view! { <DeveloperRequests rows=developers.rows act/> }.into_any(),
                                developers.next,
                            ),
                            Tab::Applications => (
                                view! { <ApplicationRequests rows=registrations.rows decide/> }.into_any(),
                                registrations.next,
                            ),
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
                                <QueuePaging tab=shown_tab search=searched next first=after.get_untracked().is_empty()/>
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
                href=requests_href(which, &search, "")
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

/// "Next page" after the last row shown, and the way back to the first page.
#[component]
fn QueuePaging(tab: Tab, search: String, next: Option<String>, first: bool) -> impl IntoView {
    (next.is_some() || !first).then(|| {
        view! {
            <nav class="pager" aria-label="Pages">
                {(!first).then(|| view! { <a class="button button-ghost button-small" href=requests_href(tab, &search, "")>"First page"</a> })}
                {next.map(|next| view! { <a class="button button-ghost button-small" href=requests_href(tab, &search, &next)>"Next page"</a> })}
            </nav>
        }
    })
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
        <div class="table-wrap" tabindex="0">
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
        <div class="table-wrap" tabindex="0">
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
