//! `/apps`: My Apps for approved developers; the account status for everyone else who signed up.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::components::{use_session, ErrorMessage, StatusBadge};
use crate::model::{DeveloperStatus, Viewer};

#[component]
pub fn AppsPage() -> impl IntoView {
    let session = use_session();
    view! {
        <Title text="My Apps — Gatehouse"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match session.viewer.await {
                    Ok(Viewer::Developer { status: DeveloperStatus::Approved, .. }) => {
                        view! { <MyApps/> }.into_any()
                    }
                    Ok(Viewer::Developer { status, full_name, email_verified, .. }) => {
                        view! { <AccountStatus status full_name email_verified/> }.into_any()
                    }
                    Ok(Viewer::Admin { .. }) => view! { <Redirect path="/admin/requests"/> }.into_any(),
                    Ok(Viewer::Anonymous) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MyApps() -> impl IntoView {
    view! {
        <section class="panel">
            <h1>"My Apps"</h1>
            <div class="empty-state">
                <p class="empty-title">"No applications yet"</p>
                <p>"Applications group the credentials you use to call our APIs."</p>
            </div>
        </section>
    }
}

/// What a developer who cannot use the portal yet sees: the status in words and what comes next.
#[component]
fn AccountStatus(
    status: DeveloperStatus,
    full_name: String,
    email_verified: bool,
) -> impl IntoView {
    let explanation = match status {
        DeveloperStatus::Pending if !email_verified => {
            "Please confirm your email address with the link we e-mailed you. Your request \
             reaches the admins as soon as you do."
        }
        DeveloperStatus::Pending => {
            "Your request is waiting for an admin's approval. We will e-mail you as soon as it is \
             decided; until then you cannot create applications or credentials."
        }
        DeveloperStatus::Rejected => {
            "An admin declined your request for access. If you think this is a mistake, contact \
             the API team that runs this portal."
        }
        DeveloperStatus::Revoked => {
            "Your access has been revoked: your credentials no longer work. Contact the API team \
             that runs this portal to have it restored."
        }
        DeveloperStatus::Approved => "",
    };
    view! {
        <section class="panel narrow account-status">
            <h1>"Hello, " {full_name}</h1>
            <p class="status-line">"Account status: " <StatusBadge status/></p>
            <p>{explanation}</p>
        </section>
    }
}
