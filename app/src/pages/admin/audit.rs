//! `/admin/audit`: every admin and developer action, newest first, filterable.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::audit_log;
use crate::components::{ErrorMessage, Time};
use crate::model::AuditFilter;

#[component]
pub fn AuditPage() -> impl IntoView {
    let actor = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let before = RwSignal::new(None::<i64>);
    let filter = Memo::new(move |_| AuditFilter {
        actor: actor.get(),
        target: target.get(),
        action: action.get(),
        before: before.get(),
    });
    let page = Resource::new(move || filter.get(), audit_log);
    let filter_field = move |label: &'static str, id: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input
                    id=id
                    type="search"
                    prop:value=move || value.get()
                    on:input=move |event| {
                        value.set(event_target_value(&event));
                        before.set(None);
                    }
                />
            </div>
        }
    };
    view! {
        <Title text="Audit log — Gatehouse console"/>
        <h1>"Audit log"</h1>
        <div class="filters">
            {filter_field("Actor", "audit-actor", actor)}
            {filter_field("Target", "audit-target", target)}
            {filter_field("Action", "audit-action", action)}
        </div>
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
                            <div class="table-wrap" tabindex="0">
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
                                                    <td><code>{entry.action}</code></td>
                                                    <td>{entry.target}</td>
                                                    <td>{entry.client_addr}</td>
                                                </tr>
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <nav class="pager" aria-label="Pages">
                                <button
                                    type="button"
                                    class="button button-ghost button-small"
                                    disabled=move || before.get().is_none()
                                    on:click=move |_| before.set(None)
                                >
                                    "Newest"
                                </button>
                                <button
                                    type="button"
                                    class="button button-ghost button-small"
                                    disabled=next.is_none()
                                    on:click=move |_| before.set(next)
                                >
                                    "Older entries"
                                </button>
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
