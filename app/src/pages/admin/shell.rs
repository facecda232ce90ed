//! The console's frame: admins only, with navigation to every console page.

use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};

use crate::components::{use_session, ErrorMessage};
use crate::model::Viewer;

const SECTIONS: [(&str, &str); 10] = [
    ("/admin/requests", "Requests"),
    ("/admin/developers", "Developers"),
    ("/admin/applications", "Applications"),
    ("/admin/services", "Services"),
    ("/admin/settings", "Settings"),
    ("/admin/audit", "Audit log"),
    ("/admin/emails", "E-mails"),
    ("/admin/admins", "Admins"),
    ("/admin/tokens", "API tokens"),
    ("/admin/webhooks", "Webhooks"),
];

#[component]
pub fn ConsoleShell() -> impl IntoView {
    let session = use_session();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match session.viewer.await {
                    Ok(Viewer::Admin { role, .. }) => view! {
                        <div class="console">
                            <nav class="console-nav" aria-label="Console">
                                <p class="console-role">"Signed in as " {role.as_str()}</p>
                                <ul>
                                    {SECTIONS
                                        .iter()
                                        .map(|(href, label)| view! { <li><A href=*href>{*label}</A></li> })
                                        .collect_view()}
                                </ul>
                            </nav>
                            <div class="console-main">
                                <Outlet/>
                            </div>
                        </div>
                    }
                    .into_any(),
                    Ok(_) => view! { <Redirect path="/admin/login"/> }.into_any(),
                    Err(error) => view! { <ErrorMessage message=error.to_string()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
