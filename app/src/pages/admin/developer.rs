//! `/admin/developers/:id`: one developer's status, dates, applications (registrations and
//! credential metadata, never secrets) and audit history.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{get_developer, ActOnDeveloper, ActOnRegistration, SetApplicationGroups};
use crate::components::{
    action_outcome, form_action, DeveloperActions, ErrorMessage, RegistrationActions,
    RegistrationBadge, StatusBadge, Time,
};
use crate::model::{DeveloperApplication, DeveloperDetails, DeveloperStatus};

#[component]
pub fn DeveloperPage() -> impl IntoView {
    let params = use_params_map();
    let act = form_action::<ActOnDeveloper>();
    let decide = form_action::<ActOnRegistration>();
    let set_groups = form_action::<SetApplicationGroups>();
    let details = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                act.version().get(),
                decide.version().get(),
                set_groups.version().get(),
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
        <Transition fallback=|| view! { <p class="loading">"Loading developer…"</p> }>
            {move || Suspend::new(async move {
                match details.await {
                    Ok(details) => view! { <Details details act decide set_groups/> }.into_any(),
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
) -> impl IntoView {
    let developer = details.developer;
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
        <DeveloperApplications applications=details.applications decide set_groups/>
        <section class="section">
            <h2>"History"</h2>
            <div class="table-wrap" tabindex="0">
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
                                    <td>{entry.action}</td>
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
                .map(|app| view! { <ApplicationCard app decide set_groups/> })
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
) -> impl IntoView {
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
                    <div class="table-wrap" tabindex="0">
                        <table>
                            <thead><tr><th scope="col">"Service"</th><th scope="col">"Status"</th><th scope="col">"Requested"</th><th scope="col">"Actions"</th></tr></thead>
                            <tbody>
                                {app.registrations.into_iter().map(|r| {
                                    let label = format!("{} → {}", name, r.service_name);
                                    view! {
                                        <tr>
                                            <td>{r.service_name.clone()}</td>
                                            <td><RegistrationBadge status=r.status/></td>
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
            <h4>"Credentials"</h4>
            {if app.credentials.is_empty() {
                view! { <p class="muted">"No credentials."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
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
