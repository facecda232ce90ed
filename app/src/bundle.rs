//! The browser bundles: each hydrates a set of pages and stays small, so the first page a
//! developer meets is interactive soon. The server names, for each address, the bundle that
//! renders its page; each bundle routes its own pages (`routes.rs`) and loads any other
//! from the server.
//!
//! | bundle (feature)    | its pages                                                    |
//! |---------------------|--------------------------------------------------------------|
//! | `welcome`           | `/`, `/signup`, `/login`                                     |
//! | `apps`              | `/apps`                                                      |
//! | `portal`            | every portal page: the above, recovery, confirmations, an application, the account |
//! | `console` (whole app) | every page: the portal, the console, the API reference     |

/// A browser bundle (one WASM module and its JS glue).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    Welcome,
    Apps,
    Portal,
    WholeApp,
}

impl Bundle {
    /// The smallest bundle that renders the page at `path`.
    pub fn for_path(path: &str) -> Self {
        match path {
            "/" | "/signup" | "/login" => Bundle::Welcome,
            "/apps" => Bundle::Apps,
            _ if path == "/admin" || path.starts_with("/admin/") => Bundle::WholeApp,
            _ if path.starts_with("/services/") => Bundle::WholeApp,
            _ => Bundle::Portal,
        }
    }

    /// Whether this bundle renders the pages of `other` itself.
    pub fn renders(self, other: Bundle) -> bool {
        match self {
            Bundle::WholeApp => true,
            Bundle::Portal => other != Bundle::WholeApp,
            _ => self == other,
        }
    }

    /// The file name (without extension) of this bundle's JS and WASM, given the whole app's.
    pub fn output_name(self, whole_app: &str) -> String {
        match self {
            Bundle::Welcome => format!("{whole_app}-welcome"),
            Bundle::Apps => format!("{whole_app}-apps"),
            Bundle::Portal => format!("{whole_app}-portal"),
            Bundle::WholeApp => whole_app.to_string(),
        }
    }
}

/// The bundle being compiled (browser builds choose one feature).
#[cfg(feature = "hydrate")]
pub const THIS: Bundle = if cfg!(feature = "console") {
    Bundle::WholeApp
} else if cfg!(feature = "portal") {
    Bundle::Portal
} else if cfg!(feature = "apps") {
    Bundle::Apps
} else {
    Bundle::Welcome
};

/// The path of the page the browser loaded (set before hydrating).
#[cfg(feature = "hydrate")]
static LOADED_PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Remembers the address the browser loaded, before the app hydrates.
#[cfg(feature = "hydrate")]
pub fn remember_loaded_path() {
    let path = leptos::prelude::window()
        .location()
        .pathname()
        .unwrap_or_default();
    let _ = LOADED_PATH.set(path);
}

/// A page this bundle does not have: the browser loads it from the server, which sends it
/// with the bundle that has it. (On the page the browser loaded it does nothing: the server
/// chose this bundle for it, and loading it again would only repeat that.)
#[cfg(not(any(feature = "ssr", feature = "console")))]
#[leptos::component]
pub fn LoadFromServer() -> impl leptos::IntoView {
    use leptos::prelude::*;
    let url = leptos_router::hooks::use_url();
    Effect::new(move |_| {
        let (path, target) = url.with_untracked(|url| {
            let search = if url.search().is_empty() { "" } else { "?" };
            let target = format!("{}{search}{}{}", url.path(), url.search(), url.hash());
            (url.path().to_string(), target)
        });
        #[cfg(feature = "hydrate")]
        if LOADED_PATH.get() == Some(&path) {
            return;
        }
        let location = window().location();
        // A programmatic navigation has already put the address in the history: replace it.
        let _ = if location.pathname().ok().as_deref() == Some(path.as_str()) {
            location.replace(&target)
        } else {
            location.assign(&target)
        };
    });
    leptos::view! { <p class="loading" role="status">"Loading…"</p> }
}

/// A click on a link to a page this bundle does not have is left to the browser (a full
/// load, which brings the bundle that has it) instead of the router.
#[cfg(feature = "hydrate")]
pub fn leave_other_bundles_links_to_the_browser() {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    if THIS == Bundle::WholeApp {
        return;
    }
    // The listener stays for the page's life (dropping the handle does not remove it). It
    // is added before the router's, so it runs first and can keep the router from it.
    let _ = window_event_listener_untyped("click", |event| {
        let Some(anchor) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("a[href]").ok().flatten())
        else {
            return;
        };
        let (Some(href), Ok(here)) = (anchor.get_attribute("href"), window().location().href())
        else {
            return;
        };
        let Ok(url) = web_sys::Url::new_with_base(&href, &here) else {
            return;
        };
        let same_origin = window().location().origin().ok() == Some(url.origin());
        if same_origin && !THIS.renders(Bundle::for_path(&url.pathname())) {
            event.stop_immediate_propagation();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::Bundle::{self, *};

    #[test]
    fn each_address_gets_the_smallest_bundle_with_its_page() {
        let cases = [
            ("/", Welcome),
            ("/signup", Welcome),
            ("/login", Welcome),
            ("/apps", Apps),
            ("/apps/3", Portal),
            ("/settings", Portal),
            ("/forgot-password", Portal),
            ("/verify-email", Portal),
            ("/no-such-page", Portal),
            ("/administer", Portal),
            ("/services", Portal),
            ("/admin", WholeApp),
            ("/admin/login", WholeApp),
            ("/admin/developers/4", WholeApp),
            ("/services/2", WholeApp),
        ];
        for (path, bundle) in cases {
            assert_eq!(Bundle::for_path(path), bundle, "{path}");
        }
    }

    #[test]
    fn bigger_bundles_render_the_smaller_ones_pages() {
        assert!(Portal.renders(Welcome) && Portal.renders(Apps) && !Portal.renders(WholeApp));
        assert!(WholeApp.renders(Portal) && WholeApp.renders(Welcome));
        assert!(!Welcome.renders(Apps) && !Apps.renders(Welcome) && !Welcome.renders(Portal));
        assert_eq!(Welcome.output_name("gatehouse"), "gatehouse-welcome");
        assert_eq!(WholeApp.output_name("gatehouse"), "gatehouse");
    }
}
