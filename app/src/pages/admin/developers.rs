//! `/admin/developers`: every developer by status, searchable, sortable, a page at a time.

use leptos::prelude::*;
use leptos_meta::Title;

use super::invite::InvitePanel;
use crate::api::{list_developers, ActOnDeveloper};
use crate::components::{
    action_outcome, form_action, DeveloperActions, ErrorMessage, StatusBadge, Time,
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

#[component]
pub fn DevelopersPage() -> impl IntoView {
    let act = form_action::<ActOnDeveloper>();
    let status = RwSignal::new(DeveloperStatus::Approved);
    let search = RwSignal::new(String::new());
    let sort = RwSignal::new((DeveloperSort::Requested, false));
    // Keyset pagination: the positions of the pages before this one, for "Previous page".
    let after = RwSignal::new(String::new());
    let earlier = RwSignal::new(Vec::<String>::new());
    let restart = move || {
        after.set(String::new());
        earlier.set(Vec::new());
    };
    let query = Memo::new(move |_| DeveloperQuery {
        status: Some(status.get()),
        search: Search::parse(&search.get()),
        sort: sort.get().0,
        descending: sort.get().1,
        after: after.get(),
    });
    let page = Resource::new(
        move || (query.get(), act.version().get()),
        |(query, _)| list_developers(query),
    );

    view! {
        <Title text="Developers — Gatehouse console"/>
        <div class="page-head">
            <h1>"Developers"</h1>
            <a
                class="button button-ghost"
                href=move || {
                    format!(
                        "/admin/developers/export.csv?status={}&search={}",
                        status.get().as_str(),
                        encode_component(&search.get()),
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
        <div class="toolbar">
            <label class="search">
                <span class="visually-hidden">"Search developers"</span>
                <input
                    type="search"
                    placeholder="Search developers by name or email"
                    aria-label="Search developers"
                    prop:value=move || search.get()
                    on:input=move |event| {
                        search.set(event_target_value(&event));
                        restart();
                    }
                />
            </label>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading developers…"</p> }>
            {move || Suspend::new(async move {
                let counts = page.await.map(|p| p.counts).unwrap_or_default();
                view! {
                    <div class="tabs" role="tablist" aria-label="Developer status">
                        {TABS
                            .iter()
                            .map(|&tab| {
                                view! {
                                    <button
                                        role="tab"
                                        aria-selected=move || (status.get() == tab).to_string()
                                        on:click=move |_| {
                                            status.set(tab);
                                            restart();
                                        }
                                    >
                                        {tab_label(tab)}
                                        " "
                                        <span class="count">{counts.of(tab)}</span>
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                }
            })}
        </Transition>
        <Transition fallback=|| view! { <p class="loading">"Loading developers…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <DeveloperTable page sort act restart=Callback::new(move |_| restart())/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
        <nav class="pager" aria-label="Pages">
            <button
                type="button"
                class="button button-ghost button-small"
                disabled=move || earlier.with(Vec::is_empty)
                on:click=move |_| {
                    let mut stack = earlier.get();
                    after.set(stack.pop().unwrap_or_default());
                    earlier.set(stack);
                }
            >
                "Previous page"
            </button>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let next = page.await.ok().and_then(|p| p.next);
                    view! {
                        <button
                            type="button"
                            class="button button-ghost button-small"
                            disabled=next.is_none()
                            on:click=move |_| {
                                if let Some(next) = next.clone() {
                                    earlier.update(|stack| stack.push(after.get_untracked()));
                                    after.set(next);
                                }
                            }
                        >
                            "Next page"
                        </button>
                    }
                })}
            </Transition>
        </nav>
    }
}

#[component]
fn DeveloperTable(
    page: DeveloperPage,
    sort: RwSignal<(DeveloperSort, bool)>,
    act: ServerAction<ActOnDeveloper>,
    restart: Callback<()>,
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
    let header = move |column: DeveloperSort, label: &'static str| {
        let aria_sort = move || match sort.get() {
            (c, false) if c == column => "ascending",
            (c, true) if c == column => "descending",
            _ => "none",
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <button
                    type="button"
                    class="sort"
                    on:click=move |_| {
                        sort.update(|(c, desc)| {
                            *desc = *c == column && !*desc;
                            *c = column;
                        });
                        restart.run(());
                    }
                >
                    {label}
                </button>
            </th>
        }
    };
    let rejections_final = page.rejections_final;
    view! {
        <div class="table-wrap" tabindex="0">
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
