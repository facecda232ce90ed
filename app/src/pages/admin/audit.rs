//! `/admin/audit`: every admin and developer action, newest first, filterable; the filter
//! and the position live in the address.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::Form,
    hooks::{use_navigate, use_query_map},
    NavigateOptions,
};

use crate::api::audit_log;
use crate::components::{ErrorMessage, Time};
use crate::model::{action_label, AuditFilter};
use crate::url::encode_component;

/// The audit log's address for a filter and a position (`?actor=&target=&action=&before=`):
/// every view is a link, so filtering and paging work without JavaScript too.
fn audit_href(filter: &AuditFilter) -> String {
    let mut pairs = Vec::new();
    for (name, value) in [
        ("actor", &filter.actor),
        ("target", &filter.target),
        ("action", &filter.action),
    ] {
        if !value.is_empty() {
            pairs.push(format!("{name}={}", encode_component(value)));
        }
    }
    if let Some(before) = filter.before {
        pairs.push(format!("before={before}"));
    }
    if pairs.is_empty() {
        "/admin/audit".to_string()
    } else {
        format!("/admin/audit?{}", pairs.join("&"))
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let url = use_query_map();
    let navigate = use_navigate();
    let filter = Memo::new(move |_| {
        url.with(|q| AuditFilter {
            actor: q.get("actor").unwrap_or_default(),
            target: q.get("target").unwrap_or_default(),
            action: q.get("action").unwrap_or_default(),
            before: q.get("before").and_then(|b| b.parse().ok()),
        })
    });
    let page = Resource::new(move || filter.get(), audit_log);
    let filter_field = move |label: &'static str, name: &'static str| {
        let navigate = navigate.clone();
        let current = move || {
            filter.with(|f| match name {
                "actor" => f.actor.clone(),
                "target" => f.target.clone(),
                _ => f.action.clone(),
            })
        };
        let id = format!("audit-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input
                    id=id
                    name=name
                    type="search"
                    value=current
                    prop:value=current
                    // Once the script is there, the list follows the typing.
                    on:input=move |event| {
                        let typed = event_target_value(&event);
                        let mut next = AuditFilter { before: None, ..filter.get_untracked() };
                        match name {
                            "actor" => next.actor = typed,
                            "target" => next.target = typed,
                            _ => next.action = typed,
                        }
                        navigate(&audit_href(&next), NavigateOptions { replace: true, ..Default::default() });
                    }
                />
            </div>
        }
    };
    view! {
        <Title text="Audit log — Gatehouse console"/>
        <h1>"Audit log"</h1>
        <Form method="GET" action="/admin/audit" attr:class="filters" attr:role="search" attr:aria-label="Filter the audit log">
            {filter_field("Actor", "actor")}
            {filter_field("Target", "target")}
            {filter_field("Action", "action")}
            <div class="field filters-submit">
                <button type="submit" class="button button-ghost">"Filter"</button>
            </div>
        </Form>
        <Transition fallback=|| view! { <p class="loading">"Loading the audit log…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) if page.entries.is_empty() => view! {
                        <div class="empty-state"><p class="empty-title">"No entries match"</p></div>
                    }
                    .into_any(),
                    Ok(page) => {
                        let next = page.next;
                        view! {
                            <div class="table-wrap" tabindex="0" role="region" aria-label="Audit entries">
                                <table>
                                    <thead>
                                        <tr>
                                            <th scope="col">"When"</th>
                                            <th scope="col">"Actor"</th>
                                            <th scope="col">"Action"</th>
                                            <th scope="col">"Target"</th>
                                            <th scope="col">"Client address"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {page
                                            .entries
                                            .into_iter()
                                            .map(|entry| view! {
                                                <tr>
                                                    <td><Time rfc3339=entry.at/></td>
                                                    <td>{entry.actor}</td>
                                                    <td>{action_label(&entry.action)}<br/><code class="muted small">{entry.action}</code></td>
                                                    <td>{entry.target}</td>
                                                    <td>{entry.client_addr}</td>
                                                </tr>
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <nav class="pager" aria-label="Pages">
                                {filter.get_untracked().before.is_some().then(|| view! {
                                    <a class="button button-ghost button-small" href=audit_href(&AuditFilter { before: None, ..filter.get_untracked() })>"Newest"</a>
                                })}
                                {next.map(|next| view! {
                                    <a class="button button-ghost button-small" href=audit_href(&AuditFilter { before: Some(next), ..filter.get_untracked() })>"Older entries"</a>
                                })}
                            </nav>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}
