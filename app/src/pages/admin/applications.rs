//! `/admin/applications`: every application with its developer, registrations and
//! credentials, newest first; searched and filtered from the address.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

use crate::api::list_applications;
use crate::components::{next_from, parse_from, ErrorMessage, Pager, RegistrationBadge, Time};
use crate::model::{ApplicationQuery, ConsoleApplication, RegistrationStatus, Search};
use crate::url::encode_component;

/// The statuses a registration can be filtered by, as the address names them.
const FILTERS: [RegistrationStatus; 4] = [
    RegistrationStatus::Pending,
    RegistrationStatus::Approved,
    RegistrationStatus::Rejected,
    RegistrationStatus::Revoked,
];

/// The page's address for a search, a status and a position.
fn applications_href(
    search: &str,
    status: Option<RegistrationStatus>,
    after: &str,
    from: Option<u64>,
) -> String {
    let mut pairs = Vec::new();
    if !search.is_empty() {
        pairs.push(format!("q={}", encode_component(search)));
    }
    if let Some(status) = status {
        pairs.push(format!("status={}", status.as_str()));
    }
    if !after.is_empty() {
        pairs.push(format!("after={}", encode_component(after)));
        if let Some(from) = from {
            pairs.push(format!("from={from}"));
        }
    }
    if pairs.is_empty() {
        "/admin/applications".to_string()
    } else {
        format!("/admin/applications?{}", pairs.join("&"))
    }
}

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let url = use_query_map();
    let search = Memo::new(move |_| url.with(|q| q.get("q").unwrap_or_default()));
    let status = Memo::new(move |_| {
        url.with(|q| q.get("status"))
            .and_then(|s| RegistrationStatus::parse(&s))
    });
    let after = Memo::new(move |_| url.with(|q| q.get("after").unwrap_or_default()));
    let from = Memo::new(move |_| {
        url.with(|q| parse_from(&q.get("after").unwrap_or_default(), q.get("from")))
    });
    let page = Resource::new(
        move || ApplicationQuery {
            search: Search::parse(&search.get()),
            status: status.get(),
            after: after.get(),
        },
        list_applications,
    );
    view! {
        <Title text="Applications — Gatehouse console"/>
        <h1>"Applications"</h1>
        <Form method="GET" action="/admin/applications" attr:class="toolbar" attr:role="search">
            <label class="search">
                <span class="visually-hidden">"Search applications"</span>
                <input
                    type="search"
                    name="q"
                    placeholder="Application, developer name or email"
                    aria-label="Search applications"
                    value=move || search.get()
                    prop:value=move || search.get()
                />
            </label>
            <label>
                <span class="visually-hidden">"Registration status"</span>
                <select name="status" aria-label="Registration status">
                    <option value="" selected=move || status.get().is_none()>"Any registration status"</option>
                    {FILTERS
                        .into_iter()
                        .map(|s| view! {
                            <option value=s.as_str() selected=move || status.get() == Some(s)>
                                {format!("A registration {}", s.label().to_lowercase())}
                            </option>
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit" class="button button-ghost">"Search"</button>
        </Form>
        <Transition fallback=|| view! { <p class="loading">"Loading applications…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        let (searched, filtered) = (search.get_untracked(), status.get_untracked());
                        let from = from.get_untracked();
                        let shown = page.rows.len();
                        let first = (!after.get_untracked().is_empty())
                            .then(|| applications_href(&searched, filtered, "", None));
                        let next = page.next.as_ref().map(|next| {
                            applications_href(&searched, filtered, next, next_from(from, shown))
                        });
                        view! {
                            <ApplicationTable rows=page.rows/>
                            <Pager from shown total=page.count noun="applications" first next/>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ApplicationTable(rows: Vec<ConsoleApplication>) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <div class="empty-state">
                <p class="empty-title">"No applications"</p>
                <p>"Applications developers create appear here."</p>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Applications">
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Application"</th>
                        <th scope="col">"Developer"</th>
                        <th scope="col">"Registrations"</th>
                        <th scope="col">"Credentials"</th>
                        <th scope="col">"Created"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|app| view! {
                            <tr>
                                <td>
                                    <a href=format!("/admin/developers/{}#application-{}", app.developer_id, app.id)>{app.name.clone()}</a>
                                </td>
                                <td>{app.developer_name.clone()} <br/> <span class="muted">{app.developer_email.clone()}</span></td>
                                <td>
                                    {if app.registrations.is_empty() {
                                        view! { <span class="muted">"None"</span> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="plain-list">
                                                {app.registrations
                                                    .iter()
                                                    .map(|r| view! { <li>{r.service_name.clone()} " " <RegistrationBadge status=r.status/></li> })
                                                    .collect_view()}
                                            </ul>
                                        }
                                        .into_any()
                                    }}
                                </td>
                                <td>{app.credentials}</td>
                                <td><Time rfc3339=app.created_at.clone()/></td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
