//! `/admin/requests`: developers (and later applications) waiting for a decision.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::developer_requests;
use crate::components::ErrorMessage;
use crate::model::DeveloperRequest;

#[component]
pub fn RequestsPage() -> impl IntoView {
    let requests = Resource::new(|| (), |_| developer_requests());
    view! {
        <Title text="Requests — Gatehouse console"/>
        <h1>"Requests"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading requests…"</p> }>
            {move || Suspend::new(async move {
                match requests.await {
                    Ok(rows) => view! { <RequestTabs rows/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RequestTabs(rows: Vec<DeveloperRequest>) -> impl IntoView {
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
                                <tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Requested"</th></tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|row| view! {
                                        <tr>
                                            <td>{row.full_name}</td>
                                            <td>{row.email}</td>
                                            <td>
                                                <time datetime=row.requested_at.clone()>
                                                    {readable_time(&row.requested_at)}
                                                </time>
                                            </td>
                                        </tr>
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

/// `2026-11-22T20:17:29.75Z` → `2026-11-22 20:17 UTC`: minutes are precise enough for a queue.
fn readable_time(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(date), Some(time)) => format!("{date} {time} UTC"),
        _ => rfc3339.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_read_to_the_minute_in_utc() {
        assert_eq!(
            super::readable_time("2026-11-22T20:17:29.75Z"),
            "2026-11-22 20:17 UTC"
        );
        assert_eq!(super::readable_time("garbage"), "garbage");
    }
}
