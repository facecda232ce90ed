//! The console's frame: admins only, with navigation to every console page.

use leptos::{html, prelude::*};
use leptos_router::components::{Outlet, Redirect, A};
use leptos_router::hooks::use_location;

use crate::components::{use_session, ErrorMessage};
use crate::model::Viewer;

const SECTIONS: [(&str, &str); 11] = [
    ("/admin/requests", "Requests"),
    ("/admin/developers", "Developers"),
    ("/admin/applications", "Applications"),
    ("/admin/services", "Services"),
    ("/admin/plans", "Plans"),
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
    // On a phone the sections are one row that scrolls sideways: the current one is
    // brought into it, on arrival and after each move to another page.
    let sections = NodeRef::<html::Ul>::new();
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        if let Some(list) = sections.get() {
            request_animation_frame(move || show_current_section(&list));
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match session.viewer.await {
                    Ok(Viewer::Admin { role, .. }) => view! {
                        <div class="console">
                            <nav class="console-nav" aria-label="Console">
                                <p class="console-role">"Signed in as " {role.as_str()}</p>
                                <ul node_ref=sections>
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

/// Scrolls the row of sections so the current one shows (a no-op where the list is a column).
#[cfg(feature = "hydrate")]
fn show_current_section(list: &web_sys::HtmlUListElement) {
    use wasm_bindgen::JsCast;
    let current = list
        .query_selector("a[aria-current=page]")
        .ok()
        .flatten()
        .and_then(|link| link.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(current) = current {
        // The list is the link's offset parent (`position: relative`).
        list.set_scroll_left((current.offset_left() - 24).max(0));
    }
}

#[cfg(not(feature = "hydrate"))]
fn show_current_section<T>(_list: &T) {}
