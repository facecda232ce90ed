//! `/admin/developers`: every developer by status, searchable, sortable, a page at a time;
//! the view lives in the address.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::Form,
    hooks::{use_navigate, use_query_map},
    NavigateOptions,
};

use super::invite::InvitePanel;
use crate::api::{list_developers, ActOnDeveloper};
use crate::components::{
    action_outcome, form_action, next_from, parse_from, DeveloperActions, ErrorMessage, Pager,
    StatusBadge, Time,
};
use crate::model::{DeveloperPage, DeveloperQuery, DeveloperSort, DeveloperStatus, Search};
use crate::url::encode_component;

const TABS: [DeveloperStatus; 4] = [
    DeveloperStatus::Approved,
    DeveloperStatus::Pending,
    DeveloperStatus::Rejected,
    DeveloperStatus::Revoked,
];

/// The tab's name: the console calls pending developers "Requested" (Kong's word).
fn tab_label(status: DeveloperStatus) -> &'static str {
    match status {
        DeveloperStatus::Pending => "Requested",
        other => other.label(),
    }
}

/// The page as its address describes it: `?status=&q=&sort=&desc=1&after=`. Every view is
/// a link, so tabs, sorting, search and paging work without JavaScript too.
#[derive(Clone, Debug, PartialEq)]
struct View {
    status: DeveloperStatus,
    search: String,
    sort: DeveloperSort,
    descending: bool,
    after: String,
    /// How many rows come before `after` (shown as "21–40 of …"), when known.
    from: Option<u64>,
}

impl View {
    fn href(&self) -> String {
        let mut pairs = vec![format!("status={}", self.status.as_str())];
        if !self.search.is_empty() {
            pairs.push(format!("q={}", encode_component(&self.search)));
        }
        if self.sort != DeveloperSort::default() {
            pairs.push(format!("sort={}", self.sort.as_str()));
        }
        if self.descending {
            pairs.push("desc=1".to_string());
        }
        if !self.after.is_empty() {
            pairs.push(format!("after={}", encode_component(&self.after)));
            if let Some(from) = self.from {
                pairs.push(format!("from={from}"));
            }
        }
        format!("/admin/developers?{}", pairs.join("&"))
    }

    /// The first page of this view with something changed.
    fn restarted(&self, change: impl FnOnce(&mut View)) -> String {
        let mut next = View {
            after: String::new(),
            from: Some(0),
            ..self.clone()
        };
        change(&mut next);
        next.href()
    }
}

#[component]
pub fn DevelopersPage() -> impl IntoView {
    let act = form_action::<ActOnDeveloper>();
    let url = use_query_map();
    let navigate = use_navigate();
    let view_of = Memo::new(move |_| {
        url.with(|q| View {
            status: q
                .get("status")
                .and_then(|s| DeveloperStatus::parse(&s))
                .unwrap_or(DeveloperStatus::Approved),
            search: q.get("q").unwrap_or_default(),
            sort: q
                .get("sort")
                .and_then(|s| DeveloperSort::parse(&s))
                .unwrap_or_default(),
            descending: q.get("desc").as_deref() == Some("1"),
            after: q.get("after").unwrap_or_default(),
            from: parse_from(&q.get("after").unwrap_or_default(), q.get("from")),
        })
    });
    let page = Resource::new(
        move || {
            let view = view_of.get();
            let query = DeveloperQuery {
                status: Some(view.status),
                search: Search::parse(&view.search),
                sort: view.sort,
                descending: view.descending,
                after: view.after,
            };
            (query, act.version().get())
        },
        |(query, _)| list_developers(query),
    );

    view! {
        <Title text="Developers — Gatehouse console"/>
        <div class="page-head">
            <h1>"Developers"</h1>
            <a
                class="button button-ghost"
                href=move || {
                    let view = view_of.get();
                    format!(
                        "/admin/developers/export.csv?status={}&search={}",
                        view.status.as_str(),
                        encode_component(&view.search),
                    )
                }
                download="developers.csv"
            >
                "Export CSV"
            </a>
        </div>
        <div class="invite-area">
            <InvitePanel/>
        </div>
        {action_outcome(act.value())}
        <Form method="GET" action="/admin/developers" attr:class="toolbar" attr:role="search">
            <input type="hidden" name="status" value=move || view_of.get().status.as_str()/>
            {move || {
                let view = view_of.get();
                (view.sort != DeveloperSort::default()).then(|| view! { <input type="hidden" name="sort" value=view.sort.as_str()/> })
            }}
            {move || view_of.get().descending.then(|| view! { <input type="hidden" name="desc" value="1"/> })}
            <label class="search">
                <span class="visually-hidden">"Search developers"</span>
                <input
                    type="search"
                    name="q"
                    placeholder="Name or email"
                    aria-label="Search developers"
                    value=move || view_of.get().search
                    prop:value=move || view_of.get().search
                    // Once the script is there, the list follows the typing.
                    on:input=move |event| {
                        let typed = event_target_value(&event);
                        let href = view_of.get_untracked().restarted(|v| v.search = typed);
                        navigate(&href, NavigateOptions { replace: true, ..Default::default() });
                    }
                />
            </label>
            <button type="submit" class="button button-ghost">"Search"</button>
        </Form>
        <Transition fallback=|| view! { <p class="loading">"Loading developers…"</p> }>
            {move || Suspend::new(async move {
                let counts = page.await.map(|p| p.counts).unwrap_or_default();
                let view = view_of.get_untracked();
                view! {
                    <div class="tabs" role="tablist" aria-label="Developer status">
                        {TABS
                            .iter()
                            .map(|&tab| {
                                view! {
                                    <a
                                        role="tab"
                                        aria-selected=(view.status == tab).to_string()
                                        href=view.restarted(|v| v.status = tab)
                                    >
                                        {tab_label(tab)}
                                        " "
                                        <span class="count">{counts.of(tab)}</span>
                                    </a>
                                }
                            })
                            .collect_view()}
                    </div>
                }
            })}
        </Transition>
        <Transition fallback=|| view! { <p class="loading">"Loading developers…"</p> }>
            {move || Suspend::new(async move {
                let view = view_of.get_untracked();
                match page.await {
                    Ok(page) => {
                        let shown = page.rows.len();
                        let first = (!view.after.is_empty()).then(|| view.restarted(|_| ()));
                        let next = page.next.clone().map(|next| {
                            View { after: next, from: next_from(view.from, shown), ..view.clone() }.href()
                        });
                        let total = page.matching;
                        view! {
                            <DeveloperTable page view=view.clone() act/>
                            <Pager from=view.from shown total noun="developers" first next/>
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
fn DeveloperTable(
    page: DeveloperPage,
    view: View,
    act: ServerAction<ActOnDeveloper>,
) -> impl IntoView {
    if page.rows.is_empty() {
        return view! {
            <div class="empty-state">
                <p class="empty-title">"No developers here"</p>
                <p>"No developer in this status matches."</p>
            </div>
        }
        .into_any();
    }
    // A column's header is a link to the list sorted by it (again: the other way round).
    let header = move |column: DeveloperSort, label: &'static str| {
        let aria_sort = match (view.sort == column, view.descending) {
            (true, false) => "ascending",
            (true, true) => "descending",
            (false, _) => "none",
        };
        let href = view.restarted(|v| {
            v.descending = v.sort == column && !v.descending;
            v.sort = column;
        });
        view! {
            <th scope="col" aria-sort=aria_sort>
                <a class="sort" href=href>{label}</a>
            </th>
        }
    };
    let rejections_final = page.rejections_final;
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Developers">
            <table>
                <thead>
                    <tr>
                        {header(DeveloperSort::Name, "Name")}
                        {header(DeveloperSort::Email, "Email")}
                        {header(DeveloperSort::Requested, "Requested")}
                        <th scope="col">"Status"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {page
                        .rows
                        .into_iter()
                        .map(|row| {
                            view! {
                                <tr>
                                    <td><a href=format!("/admin/developers/{}", row.id)>{row.full_name.clone()}</a></td>
                                    <td>
                                        {row.email.clone()} " "
                                        <a class="mailto" href=format!("mailto:{}", row.email)>"Email developer"</a>
                                    </td>
                                    <td><Time rfc3339=row.requested_at.clone()/></td>
                                    <td>
                                        <StatusBadge status=row.status/>
                                        {(row.status == DeveloperStatus::Pending && !row.email_confirmed).then(|| view! {
                                            " " <span class="badge badge-muted" title="Has not confirmed the e-mail address yet, so the request is not on the Requests page">"Unconfirmed"</span>
                                        })}
                                    </td>
                                    <td>
                                        <DeveloperActions
                                            developer_id=row.id.clone()
                                            email=row.email.clone()
                                            status=row.status
                                            rejections_final
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
}
