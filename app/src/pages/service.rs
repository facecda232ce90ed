//! `/services/:id`: a service's description and its API documentation, rendered from the
//! OpenAPI document: the reference's tags, and the operations and schemas of the tag the
//! address opens (`?tag=<slug>`), or of every tag when the document is small.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::get_service;
use crate::components::{call_example, CallExampleView, ErrorMessage};
use crate::model::{ApiDocIndex, ApiOperation, ApiSchema, ApiSection, ServicePage};

#[component]
pub fn ServiceDocPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let service = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                query.with(|q| q.get("tag").filter(|t| !t.is_empty())),
            )
        },
        |(id, tag)| get_service(id, tag),
    );
    view! {
        <Title text="API documentation — Gatehouse"/>
        <p><a href="/">"← All APIs"</a></p>
        <Suspense fallback=|| view! { <p class="loading">"Loading the documentation…"</p> }>
            {move || Suspend::new(async move {
                match service.await {
                    Ok(service) => view! { <ServiceDoc service/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ServiceDoc(service: ServicePage) -> impl IntoView {
    view! {
        <Title text=format!("{} — Gatehouse", service.name)/>
        <section class="panel">
            <div class="page-head">
                <h1>{service.name.clone()}</h1>
                <span class="badge">"v" {service.version.clone()}</span>
            </div>
            <p class="pre-line">{service.description.clone()}</p>
            <dl class="facts">
                <dt>"Gateway route"</dt>
                <dd><code>{service.route.clone()}</code></dd>
            </dl>
            <p>
                "To call it, create an application in "
                <a href="/apps">"My Apps"</a>
                ", register it with this service and generate a credential."
            </p>
        </section>
        <Authentication service=service.clone()/>
        {match service.doc {
            Some(doc) => view! { <Reference service_id=service.id.clone() doc sections=service.sections/> }.into_any(),
            None => view! {
                <div class="empty-state">
                    <p class="empty-title">"No API documentation yet"</p>
                    <p>"The API team has not published an OpenAPI document for this service."</p>
                </div>
            }
            .into_any(),
        }}
    }
}

/// How a call authenticates, for each credential type the portal issues.
#[component]
fn Authentication(service: ServicePage) -> impl IntoView {
    (!service.credential_types.is_empty()).then(|| {
        let address = service.address.clone();
        view! {
            <section class="panel section" aria-labelledby="authentication-title">
                <h2 id="authentication-title">"Authentication"</h2>
                <p>
                    "Every call goes through the API gateway with a credential of an application registered with this service; it works once the registration is approved."
                </p>
                {service
                    .credential_types
                    .iter()
                    .map(|kind| {
                        let example = call_example(*kind, None, None, None, Some(&address));
                        view! {
                            <h3>{kind.label()}</h3>
                            <CallExampleView example address=Some(address.clone())/>
                        }
                    })
                    .collect_view()}
            </section>
        }
    })
}

#[component]
fn Reference(service_id: String, doc: ApiDocIndex, sections: Vec<ApiSection>) -> impl IntoView {
    let opened: Vec<String> = sections.iter().map(|s| s.slug.clone()).collect();
    let tags = doc
        .tags
        .iter()
        .map(|tag| {
            let open = opened.contains(&tag.slug);
            let href = if doc.compact {
                format!("#tag-{}", tag.slug)
            } else {
                format!("/services/{service_id}?tag={}#tag-{}", tag.slug, tag.slug)
            };
            let count = match tag.operations {
                0 => String::new(),
                1 => " (1 operation)".to_string(),
                n => format!(" ({n} operations)"),
            };
            view! {
                <li>
                    <a href=href aria-current=(open && !doc.compact).then_some("page")>{tag.name.clone()}</a>
                    {count}
                    {(!tag.description.is_empty()).then(|| view! { <span class="muted">" — " {tag.description.clone()}</span> })}
                </li>
            }
        })
        .collect_view();
    let summary = format!(
        "{} operations and {} schemas, in {} sections.",
        doc.operations,
        doc.schemas,
        doc.tags.len()
    );
    let hint = (!doc.compact && sections.is_empty()).then(|| {
        view! { <p class="muted">"Open a section to read its operations and schemas."</p> }
    });
    let names: Vec<(String, String)> = doc
        .tags
        .iter()
        .map(|t| (t.slug.clone(), t.name.clone()))
        .collect();
    view! {
        <section class="section api-doc" aria-labelledby="reference-title">
            <h2 id="reference-title">"API reference: " {doc.title.clone()} " " {doc.version.clone()}</h2>
            <p class="pre-line">{doc.description.clone()}</p>
            {(!doc.servers.is_empty()).then(|| view! {
                <p>"Servers: " {doc.servers.iter().map(|s| view! { <code>{s.clone()}</code>" " }).collect_view()}</p>
            })}
            <p>{summary}</p>
            <nav aria-label="Sections"><ul class="op-index">{tags}</ul></nav>
            {hint}
            {sections
                .into_iter()
                .map(|section| {
                    let name = names
                        .iter()
                        .find(|(slug, _)| *slug == section.slug)
                        .map(|(_, name)| name.clone())
                        .unwrap_or_default();
                    view! { <Section name section/> }
                })
                .collect_view()}
        </section>
    }
}

/// One tag's operations, with an index of them, and the schemas they use.
#[component]
fn Section(name: String, section: ApiSection) -> impl IntoView {
    let index = section
        .operations
        .iter()
        .map(|op| {
            view! {
                <li>
                    <a href=format!("#{}", op.anchor())>
                        <span class=format!("method method-{}", op.method.to_ascii_lowercase())>{op.method.clone()}</span>
                        " " <code>{op.path.clone()}</code>
                        " " {op.summary.clone()}
                    </a>
                </li>
            }
        })
        .collect_view();
    let has_operations = !section.operations.is_empty();
    view! {
        <section class="api-section" id=format!("tag-{}", section.slug) aria-labelledby=format!("tag-{}-title", section.slug)>
            <h2 id=format!("tag-{}-title", section.slug)>{name.clone()}</h2>
            {has_operations.then(|| view! {
                <nav aria-label=format!("Operations: {name}")><ul class="op-index">{index}</ul></nav>
            })}
            {section.operations.into_iter().map(|op| view! { <Operation op/> }).collect_view()}
            {(!section.schemas.is_empty()).then(|| view! {
                <h3>"Schemas"</h3>
                {section.schemas.into_iter().map(|schema| view! { <Schema schema/> }).collect_view()}
            })}
        </section>
    }
}

#[component]
fn Operation(op: ApiOperation) -> impl IntoView {
    let anchor = op.anchor();
    let parameters = (!op.parameters.is_empty()).then(|| {
        view! {
            <h4>"Parameters"</h4>
            <div class="table-wrap" tabindex="0" role="region" aria-label=format!("Parameters of {} {}", op.method, op.path)>
                <table>
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"In"</th><th scope="col">"Type"</th><th scope="col">"Required"</th><th scope="col">"Description"</th></tr></thead>
                    <tbody>
                        {op.parameters.iter().map(|p| view! {
                            <tr>
                                <td><code>{p.name.clone()}</code></td>
                                <td>{p.location.clone()}</td>
                                <td>{p.schema.clone()}</td>
                                <td>{if p.required { "yes" } else { "no" }}</td>
                                <td>{p.description.clone()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    });
    view! {
        <article class="operation" id=anchor>
            <h3>
                <span class=format!("method method-{}", op.method.to_ascii_lowercase())>{op.method.clone()}</span>
                " " <code>{op.path.clone()}</code>
                {op.deprecated.then(|| view! { " " <span class="badge badge-revoked">"Deprecated"</span> })}
            </h3>
            {(!op.summary.is_empty()).then(|| view! { <p><strong>{op.summary.clone()}</strong></p> })}
            <p class="pre-line">{op.description.clone()}</p>
            {parameters}
            {op.request_body.clone().map(|body| view! { <h4>"Request body"</h4><p><code>{body}</code></p> })}
            <h4>"Responses"</h4>
            <ul class="responses">
                {op.responses.iter().map(|r| view! {
                    <li>
                        <code>{r.status.clone()}</code> " " {r.description.clone()}
                        {r.schema.clone().map(|s| view! { " — " <code>{s}</code> })}
                    </li>
                }).collect_view()}
            </ul>
        </article>
    }
}

#[component]
fn Schema(schema: ApiSchema) -> impl IntoView {
    view! {
        <article class="schema" id=format!("schema-{}", schema.name)>
            <h4><code>{schema.name.clone()}</code> " " <span class="muted">{schema.kind.clone()}</span></h4>
            <p class="pre-line">{schema.description.clone()}</p>
            {(!schema.fields.is_empty()).then(|| view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=format!("Fields of {}", schema.name)>
                    <table>
                        <thead><tr><th scope="col">"Field"</th><th scope="col">"Type"</th><th scope="col">"Required"</th><th scope="col">"Description"</th></tr></thead>
                        <tbody>
                            {schema.fields.iter().map(|f| view! {
                                <tr>
                                    <td><code>{f.name.clone()}</code></td>
                                    <td>{f.schema.clone()}</td>
                                    <td>{if f.required { "yes" } else { "no" }}</td>
                                    <td>{f.description.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </article>
    }
}
