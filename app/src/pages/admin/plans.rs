//! `/admin/plans`: each service's plans (requests per second and minute, per UTC day and
//! month) and its default. Admins add a plan, change one (`?edit=<id>` fills the form) or
//! delete one; a registration's plan is chosen on its developer's page.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{list_plans, DeletePlan, SavePlan};
use crate::components::{
    action_outcome, field_error, form_action, form_error, typed_checkbox, typed_value,
    ConfirmedAction, ErrorMessage, TextField, UsageChart,
};
use crate::model::{thousands, LimitWindow, Plan, ServicePlans};

#[component]
pub fn PlansPage() -> impl IntoView {
    let save = form_action::<SavePlan>();
    let delete = form_action::<DeletePlan>();
    let query = use_query_map();
    let editing = Memo::new(move |_| query.with(|q| q.get("edit").unwrap_or_default()));
    let plans = Resource::new(
        move || (save.version().get(), delete.version().get()),
        |_| list_plans(Some(true)),
    );
    view! {
        <Title text="Plans — Gatehouse console"/>
        <h1>"Plans"</h1>
        <p class="lead">
            "A plan says how much an application may call a service: requests per second and per "
            "minute (sliding windows), per day and per month (UTC calendar windows that reset). "
            "Gateways answer a request over a limit with 429 and a Retry-After header, and every "
            "answer carries the IETF RateLimit headers. A registration follows the plan chosen for "
            "it on its developer's page, or its service's default plan; with neither, it has no limit."
        </p>
        <p><a class="button button-ghost button-small" href="/admin/usage/export.csv" download="usage.csv">"Download usage as CSV (every application, hourly, 30 days)"</a></p>
        {action_outcome(save.value())}
        {action_outcome(delete.value())}
        <Transition fallback=|| view! { <p class="loading">"Loading plans…"</p> }>
            {move || Suspend::new(async move {
                match plans.await {
                    Ok(services) if services.is_empty() => view! {
                        <div class="empty-state">
                            <p class="empty-title">"No services yet"</p>
                            <p>"Add a service first: plans belong to a service."</p>
                            <p><a class="button" href="/admin/services">"Services"</a></p>
                        </div>
                    }.into_any(),
                    Ok(services) => {
                        let edited = editing.get();
                        let plan = services
                            .iter()
                            .flat_map(|s| s.plans.iter())
                            .find(|p| p.id == edited)
                            .cloned();
                        view! {
                            <PlanFormPanel services=services.clone() plan save/>
                            {services
                                .into_iter()
                                .map(|service| view! { <ServicePlansTable service delete/> })
                                .collect_view()}
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Adds a plan, or changes `plan`.
#[component]
fn PlanFormPanel(
    services: Vec<ServicePlans>,
    plan: Option<Plan>,
    save: ServerAction<SavePlan>,
) -> impl IntoView {
    let outcome = save.value();
    let form = plan.as_ref().map(Plan::form).unwrap_or_default();
    let heading = match &plan {
        Some(plan) => format!("Change the plan {} of {}", plan.name, plan.service_name),
        None => "Add a plan".to_string(),
    };
    let chosen = typed_value("plan[service_id]").unwrap_or_else(|| form.service_id.clone());
    let service_field = if plan.is_some() {
        view! { <input type="hidden" name="plan[service_id]" value=form.service_id.clone()/> }
            .into_any()
    } else {
        let service_error = field_error(outcome, "service_id");
        view! {
            <div class="field">
                <label for="plan-service">"Service"</label>
                <select id="plan-service" name="plan[service_id]"
                    aria-describedby=move || service_error.get().map(|_| "plan-service-error")>
                    {services
                        .iter()
                        .map(|s| view! {
                            <option value=s.service_id.clone() selected=s.service_id == chosen>{s.service_name.clone()}</option>
                        })
                        .collect_view()}
                </select>
                {move || service_error.get().map(|message| view! { <p class="field-error" id="plan-service-error" role="alert">{message}</p> })}
            </div>
        }
        .into_any()
    };
    let limit_field = move |window: LimitWindow, value: String| {
        let (name, id) = match window {
            LimitWindow::Second => ("plan[per_second]", "plan-per-second"),
            LimitWindow::Minute => ("plan[per_minute]", "plan-per-minute"),
            LimitWindow::Day => ("plan[per_day]", "plan-per-day"),
            LimitWindow::Month => ("plan[per_month]", "plan-per-month"),
        };
        view! {
            <TextField
                label=window.label()
                name
                id
                input_type="text"
                value
                hint="A whole number; blank for no limit."
                error=field_error(outcome, window.field())
            />
        }
    };
    let is_default = typed_checkbox("plan[is_default]").unwrap_or(form.is_default);
    view! {
        <section class="panel section" aria-labelledby="plan-form-title">
            <h2 id="plan-form-title">{heading}</h2>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <input type="hidden" name="plan[id]" value=form.id.clone()/>
                {service_field}
                <TextField label="Name" name="plan[name]" id="plan-name" value=form.name.clone()
                    hint="What developers see, e.g. Free, Pro or Partner."
                    error=field_error(outcome, "name")/>
                <div class="limit-fields">
                    {limit_field(LimitWindow::Second, form.per_second.clone())}
                    {limit_field(LimitWindow::Minute, form.per_minute.clone())}
                    {limit_field(LimitWindow::Day, form.per_day.clone())}
                    {limit_field(LimitWindow::Month, form.per_month.clone())}
                </div>
                <div class="checkbox">
                    <input type="checkbox" id="plan-default" name="plan[is_default]" checked=is_default/>
                    <label for="plan-default">"The service's default plan: registrations without a plan of their own follow it"</label>
                </div>
                {move || form_error(outcome).get().map(|message| view! { <ErrorMessage message/> })}
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || save.pending().get()>
                        {if plan.is_some() { "Save plan" } else { "Add plan" }}
                    </button>
                    {plan.is_some().then(|| view! { <a class="button button-ghost" href="/admin/plans">"Cancel"</a> })}
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn ServicePlansTable(service: ServicePlans, delete: ServerAction<DeletePlan>) -> impl IntoView {
    let title_id = format!("plans-{}", service.service_id);
    let labelled_by = title_id.clone();
    let days = service.days.clone();
    let name = service.service_name.clone();
    let body = if service.plans.is_empty() {
        view! { <p class="muted">"No plans: its registrations have no limit."</p> }.into_any()
    } else {
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-label=format!("Plans of {}", service.service_name)>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Plan"</th>
                            <th scope="col">"Limits"</th>
                            <th scope="col">"Chosen for"</th>
                            <th scope="col">"Actions"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {service.plans.into_iter().map(|plan| plan_row(plan, delete)).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let requests: u64 = days
        .iter()
        .map(|d| d.allowed + d.over_limit + d.refused)
        .sum();
    let usage = if requests == 0 {
        view! { <p class="muted">"No requests in the last 14 days."</p> }.into_any()
    } else {
        view! {
            <p class="muted">{format!(
                "{} requests let through in the last {} days, from every application.",
                thousands(days.iter().map(|d| d.allowed).sum()),
                days.len()
            )}</p>
            <UsageChart days label=format!("Requests per day to {}", name)/>
        }
        .into_any()
    };
    view! {
        <section class="section" aria-labelledby=labelled_by>
            <h2 id=title_id>{service.service_name.clone()}</h2>
            {body}
            <h3>"Usage"</h3>
            {usage}
        </section>
    }
}

fn plan_row(plan: Plan, delete: ServerAction<DeletePlan>) -> impl IntoView {
    let id = plan.id.clone();
    view! {
        <tr>
            <td>
                {plan.name.clone()}
                {plan.is_default.then(|| view! { " " <span class="badge badge-approved">"Default"</span> })}
            </td>
            <td>{plan.limits.describe()}</td>
            <td>{format!("{} registrations", thousands(plan.registrations))}</td>
            <td class="row-actions">
                <a class="button button-small" href=format!("/admin/plans?edit={}", plan.id)>"Edit"</a>
                <ConfirmedAction
                    key=format!("delete-plan-{id}")
                    label="Delete"
                    class="button button-small button-ghost"
                    title=format!("Delete the plan {}?", plan.name)
                    body="Registrations on it follow the service's default plan from then on (no limit if it has none)."
                    to=DeletePlan::PATH
                    fields=vec![("plan_id", id.clone())]
                    on_confirm=Callback::new(move |_| {
                        delete.dispatch(DeletePlan { plan_id: id.clone() });
                    })
                />
            </td>
        </tr>
    }
}
