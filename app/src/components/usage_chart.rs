//! A registration's plan and usage: what its limits allow, how much of each is used in the
//! current window, and a bar chart of the last days' requests by outcome (an SVG drawn on
//! the server, readable at 360 px, with the same numbers as a table for screen readers).

use leptos::prelude::*;

use crate::model::{thousands, PlanUsage, UsagePoint};

/// The chart's drawing area, in SVG units (it scales to the width it is given).
const WIDTH: f64 = 280.0;
const HEIGHT: f64 = 100.0;
const LABELS: f64 = 14.0;

#[component]
pub fn PlanUsagePanel(
    usage: PlanUsage,
    /// Inside an application's card (under its h4 headings): the service's name is an h5.
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    let plan = match &usage.plan_name {
        Some(name) if usage.by_default => format!("{name} (the service's default plan)"),
        Some(name) => name.clone(),
        None => "No plan: no limit".to_string(),
    };
    let limits = (!usage.limits.is_unlimited()).then(|| usage.limits.describe());
    let total: u64 = usage.days.iter().map(|d| d.allowed).sum();
    let title_id = format!("usage-{}", usage.registration_id);
    let labelled_by = title_id.clone();
    let current = usage
        .current
        .iter()
        .map(|used| {
            let label = used.describe();
            view! {
                <li>
                    <span>{label.clone()}</span>
                    <meter min="0" max=used.limit.to_string() value=used.used.min(used.limit).to_string()
                        high=(used.limit as f64 * 0.8).to_string() optimum="0" aria-label=label></meter>
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="usage" aria-labelledby=labelled_by>
            {if nested {
                view! { <h5 id=title_id>{usage.service_name.clone()}</h5> }.into_any()
            } else {
                view! { <h3 id=title_id>{usage.service_name.clone()}</h3> }.into_any()
            }}
            <p><strong>"Plan: "</strong>{plan}{limits.map(|l| format!(" — {l}"))}</p>
            {(!usage.current.is_empty()).then(|| view! { <ul class="usage-now">{current}</ul> })}
            <p class="muted">{format!(
                "{} requests let through in the last {} days.",
                thousands(total),
                usage.days.len()
            )}</p>
            <UsageChart days=usage.days.clone() label=format!("Requests per day to {}", usage.service_name)/>
        </article>
    }
}

/// Stacked bars per day: let through, over the limit, refused; and the table beside it.
#[component]
pub fn UsageChart(days: Vec<UsagePoint>, label: String) -> impl IntoView {
    let most = days
        .iter()
        .map(|d| d.allowed + d.over_limit + d.refused)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let slot = WIDTH / days.len().max(1) as f64;
    let bar = (slot * 0.7).max(1.0);
    let bars = days
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let x = i as f64 * slot + (slot - bar) / 2.0;
            let mut top = HEIGHT;
            let mut segment = |n: u64, class: &'static str| {
                let h = n as f64 / most * HEIGHT;
                top -= h;
                (n > 0).then(|| {
                    view! { <rect class=class x=format!("{x:.1}") y=format!("{top:.1}") width=format!("{bar:.1}") height=format!("{h:.1}")/> }
                })
            };
            let allowed = segment(day.allowed, "bar-allowed");
            let over = segment(day.over_limit, "bar-over");
            let refused = segment(day.refused, "bar-refused");
            // Every other day is labelled, so the labels fit at 360 px.
            let label = (i % 2 == (days.len() + 1) % 2).then(|| {
                view! {
                    <text x=format!("{:.1}", x + bar / 2.0) y=format!("{:.1}", HEIGHT + LABELS - 3.0) text-anchor="middle">
                        {short_date(&day.at)}
                    </text>
                }
            });
            view! { <g>{allowed}{over}{refused}{label}</g> }
        })
        .collect_view();
    let rows = days
        .iter()
        .map(|day| {
            view! {
                <tr>
                    <th scope="row">{day.at.get(..10).unwrap_or_default().to_string()}</th>
                    <td>{thousands(day.allowed)}</td>
                    <td>{thousands(day.over_limit)}</td>
                    <td>{thousands(day.refused)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="usage-chart">
            <svg viewBox=format!("0 0 {WIDTH} {}", HEIGHT + LABELS) role="img" aria-label=label.clone()>
                <line class="axis" x1="0" x2=WIDTH.to_string() y1=HEIGHT.to_string() y2=HEIGHT.to_string()/>
                {bars}
            </svg>
            <figcaption>
                <span class="legend legend-allowed">"Let through"</span>
                <span class="legend legend-over">"Over the limit (429)"</span>
                <span class="legend legend-refused">"Refused (403)"</span>
                <span class="muted">{format!(" Highest day: {}.", thousands(most as u64))}</span>
            </figcaption>
            <table class="visually-hidden">
                <caption>{label}</caption>
                <thead>
                    <tr><th scope="col">"Day (UTC)"</th><th scope="col">"Let through"</th><th scope="col">"Over the limit"</th><th scope="col">"Refused"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </figure>
    }
}

/// "12-04" from an RFC 3339 time.
fn short_date(rfc3339: &str) -> String {
    rfc3339.get(5..10).unwrap_or_default().to_string()
}
