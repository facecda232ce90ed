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
            "/services" => Bundle::WholeApp,
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

#[cfg(feature = "hydrate")]
mod browser;
#[cfg(not(any(feature = "ssr", feature = "console")))]
mod stand_in;

#[cfg(feature = "hydrate")]
pub use browser::{leave_other_bundles_links_to_the_browser, remember_loaded_path};
#[cfg(not(any(feature = "ssr", feature = "console")))]
pub use stand_in::LoadFromServer;

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
            ("/services", WholeApp),
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
