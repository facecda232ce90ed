//! `/admin/developers/:id`: one developer's status, dates, applications (registrations and
//! credential metadata, never secrets) and audit history.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{
    get_developer, ActOnDeveloper, ActOnRegistration, SetApplicationGroups, SetRegistrationPlan,
};
use crate::components::{
    action_outcome, form_action, DeveloperActions, ErrorMessage, PlanUsagePanel,
    RegistrationActions, RegistrationBadge, StatusBadge, Time,
};
use crate::model::{
    action_label, DeveloperApplication, DeveloperDetails, DeveloperStatus, PlanUsage,
    RegistrationRow, ServicePlans,
};

#[component]
pub fn DeveloperPage() -> impl IntoView {
    let params = use_params_map();
    let act = form_action::<ActOnDeveloper>();
    let decide = form_action::<ActOnRegistration>();
    let set_groups = form_action::<SetApplicationGroups>();
    let set_plan = form_action::<SetRegistrationPlan>();
    let details = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                act.version().get(),
                decide.version().get(),
                set_groups.version().get(),
                set_plan.version().get(),
            )
        },
        |(id, ..)| get_developer(id),
    );
    view! {
        <Title text="Developer — Gatehouse console"/>
        <p><a href="/admin/developers">"← All developers"</a></p>
        {action_outcome(act.value())}
        {action_outcome(decide.value())}
        {action_outcome(set_groups.value())}
        {action_outcome(set_plan.value())}
        <Transition fallback=|| view! { <p class="loading">"Loading developer…"</p> }>
            {move || Suspend::new(async move {
                match details.await {
                    Ok(details) => view! { <Details details act decide set_groups set_plan/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Details(
    details: DeveloperDetails,
    act: ServerAction<ActOnDeveloper>,
    decide: ServerAction<ActOnRegistration>,
    set_groups: ServerAction<SetApplicationGroups>,
    set_plan: ServerAction<SetRegistrationPlan>,
) -> impl IntoView {
    let developer = details.developer;
    let plans = StoredValue::new(details.plans);
    view! {
        <section class="panel">
            <div class="page-head">
                <h1>{developer.full_name.clone()}</h1>
                <StatusBadge status=developer.status/>
                {(developer.status == DeveloperStatus::Pending && !developer.email_confirmed).then(|| view! {
                    " " <span class="badge badge-muted">"Email not confirmed"</span>
                })}
            </div>
            <dl class="facts">
                <dt>"Email"</dt>
                <dd>
                    {developer.email.clone()} " "
                    <a href=format!("mailto:{}", developer.email)>"Email developer"</a>
                </dd>
                <dt>"Requested"</dt>
                <dd><Time rfc3339=developer.requested_at.clone()/></dd>
                <dt>"Last change"</dt>
                <dd><Time rfc3339=details.updated_at.clone()/></dd>
            </dl>
            <DeveloperActions
                developer_id=developer.id.clone()
                email=developer.email.clone()
                status=developer.status
                rejections_final=details.rejections_final
                act
            />
        </section>
        <DeveloperApplications applications=details.applications decide set_groups set_plan plans/>
        <section class="section">
            <h2>"History"</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-label="History">
                <table>
                    <thead>
                        <tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th><th scope="col">"From"</th></tr>
                    </thead>
                    <tbody>
                        {details
                            .history
                            .into_iter()
                            .map(|entry| view! {
                                <tr>
                                    <td><Time rfc3339=entry.at/></td>
                                    <td>{entry.actor}</td>
                                    <td>{action_label(&entry.action)}<br/><code class="muted small">{entry.action}</code></td>
                                    <td>{entry.client_addr}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn DeveloperApplications(
    applications: Vec<DeveloperApplication>,
    decide: ServerAction<ActOnRegistration>,
    set_groups: ServerAction<SetApplicationGroups>,
    set_plan: ServerAction<SetRegistrationPlan>,
    plans: StoredValue<Vec<ServicePlans>>,
) -> impl IntoView {
    if applications.is_empty() {
        return view! {
            <section class="section">
                <h2>"Applications"</h2>
                <div class="empty-state"><p class="empty-title">"No applications"</p></div>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="section">
            <h2>"Applications"</h2>
            {applications
                .into_iter()
                .map(|app| view! { <ApplicationCard app decide set_groups set_plan plans/> })
                .collect_view()}
        </section>
    }
    .into_any()
}

#[component]
fn ApplicationCard(
    app: DeveloperApplication,
    decide: ServerAction<ActOnRegistration>,
    set_groups: ServerAction<SetApplicationGroups>,
    set_plan: ServerAction<SetRegistrationPlan>,
    plans: StoredValue<Vec<ServicePlans>>,
) -> impl IntoView {
    let usage = StoredValue::new(app.usage.clone());
    let application = app.application;
    let name = application.name.clone();
    let groups_id = format!("groups-{}", application.id);
    let card_id = format!("application-{}", application.id);
    view! {
        <article class="panel application-card" id=card_id aria-label=format!("Application {}", application.name)>
            <h3>{application.name.clone()}</h3>
            <p class="pre-line">{application.description.clone()}</p>
            <ActionForm action=set_groups attr:class="groups-form">
                <input type="hidden" name="application_id" value=application.id.clone()/>
                <div class="field">
                    <label for=groups_id.clone()>"ACL groups"</label>
                    <input id=groups_id name="groups" value=app.acl_groups.join(", ") autocomplete="off"/>
                </div>
                <button type="submit" class="button button-small">"Save groups"</button>
            </ActionForm>
            <h4>"Registrations"</h4>
            {if app.registrations.is_empty() {
                view! { <p class="muted">"Not registered with any service."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-label=format!("Registrations of {name}")>
                        <table>
                            <thead><tr><th scope="col">"Service"</th><th scope="col">"Status"</th><th scope="col">"Plan"</th><th scope="col">"Requested"</th><th scope="col">"Actions"</th></tr></thead>
                            <tbody>
                                {app.registrations.into_iter().map(|r| {
                                    let label = format!("{} → {}", name, r.service_name);
                                    view! {
                                        <tr>
                                            <td>{r.service_name.clone()}</td>
                                            <td><RegistrationBadge status=r.status/></td>
                                            <td>{plan_form(&r, &label, usage, plans, set_plan)}</td>
                                            <td><Time rfc3339=r.created_at.clone()/></td>
                                            <td><RegistrationActions registration_id=r.id.clone() label status=r.status act=decide/></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {(!app.usage.is_empty()).then(|| view! {
                <h4>"Usage"</h4>
                {app.usage.clone().into_iter().map(|usage| view! { <PlanUsagePanel usage nested=true/> }).collect_view()}
            })}
            <h4>"Credentials"</h4>
            {if app.credentials.is_empty() {
                view! { <p class="muted">"No credentials."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-label=format!("Credentials of {name}")>
                        <table>
                            <thead><tr><th scope="col">"Name"</th><th scope="col">"Type"</th><th scope="col">"Identifier"</th><th scope="col">"Prefix or fingerprint"</th><th scope="col">"Created"</th><th scope="col">"Last used"</th><th scope="col">"Expires"</th></tr></thead>
                            <tbody>
                                {app.credentials.into_iter().map(|c| view! {
                                    <tr>
                                        <td>{c.name.clone()}</td>
                                        <td>{c.kind.as_str()} {c.algorithm.map(|a| format!(" {}", a.as_str()))}</td>
                                        <td>{c.identifier.clone().map(|i| view! { <code>{i}</code> })}</td>
                                        <td><code>{c.hint.clone()}</code></td>
                                        <td><Time rfc3339=c.created_at.clone()/></td>
                                        <td>{c.last_used_at.clone().map(|at| view! { <Time rfc3339=at/> }.into_any()).unwrap_or_else(|| "Never".into_any())}</td>
                                        <td>
                                            {c.expires_at.clone().map(|at| view! { <Time rfc3339=at/> }.into_any()).unwrap_or_else(|| "Never".into_any())}
                                            {c.expired.then(|| view! { " " <span class="badge badge-revoked">"Expired"</span> })}
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </article>
    }
}

/// The registration's plan as a choice among its service's plans ("" is the default).
fn plan_form(
    registration: &RegistrationRow,
    label: &str,
    usage: StoredValue<Vec<PlanUsage>>,
    plans: StoredValue<Vec<ServicePlans>>,
    set_plan: ServerAction<SetRegistrationPlan>,
) -> AnyView {
    let current = usage.with_value(|usage| {
        usage
            .iter()
            .find(|u| u.registration_id == registration.id)
            .map(|u| (u.plan_name.clone(), u.by_default))
    });
    let (current_name, by_default) = current.unwrap_or((None, true));
    let choices = plans.with_value(|plans| {
        plans
            .iter()
            .find(|s| s.service_id == registration.service_id)
            .map(|s| s.plans.clone())
            .unwrap_or_default()
    });
    let default_name = choices
        .iter()
        .find(|p| p.is_default)
        .map(|p| format!("Service default ({})", p.name))
        .unwrap_or_else(|| "Service default (no limit)".to_string());
    let select_id = format!("plan-{}", registration.id);
    let for_select = select_id.clone();
    let registration_id = registration.id.clone();
    let select_label = format!("Plan of {label}");
    view! {
        <ActionForm action=set_plan attr:class="inline-form">
            <input type="hidden" name="registration_id" value=registration_id/>
            <label class="visually-hidden" for=for_select>{select_label}</label>
            <select id=select_id name="plan_id">
                <option value="" selected=by_default>{default_name}</option>
                {choices
                    .into_iter()
                    .map(|plan| {
                        let chosen = !by_default && current_name.as_deref() == Some(plan.name.as_str());
                        view! { <option value=plan.id.clone() selected=chosen>{format!("{} — {}", plan.name, plan.limits.describe())}</option> }
                    })
                    .collect_view()}
            </select>
            " "
            <button type="submit" class="button button-small button-ghost" disabled=move || set_plan.pending().get()>"Set plan"</button>
        </ActionForm>
    }
    .into_any()
}
