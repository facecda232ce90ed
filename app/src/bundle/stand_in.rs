//! The page a smaller bundle shows for an address it does not route itself: it has the
//! browser load that address from the server, which sends the bundle that has the page.

use leptos::prelude::*;

/// Loads the current address from the server. (On the page the browser loaded it does
/// nothing: the server chose this bundle for it, and loading it again would only repeat that.)
#[component]
pub fn LoadFromServer() -> impl IntoView {
    let url = leptos_router::hooks::use_url();
    Effect::new(move |_| {
        let (path, target) = url.with_untracked(|url| {
            let search = if url.search().is_empty() { "" } else { "?" };
            let target = format!("{}{search}{}{}", url.path(), url.search(), url.hash());
            (url.path().to_string(), target)
        });
        #[cfg(feature = "hydrate")]
        {
            if super::browser::is_loaded_path(&path) {
                return;
            }
            super::browser::leaving_for_server();
        }
        let location = window().location();
        // A navigation the app made has already put the address in the history: replace it.
        let _ = if location.pathname().ok().as_deref() == Some(path.as_str()) {
            location.replace(&target)
        } else {
            location.assign(&target)
        };
    });
    view! { <p class="loading" role="status">"Loading…"</p> }
}
