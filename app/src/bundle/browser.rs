//! In the browser: which address this bundle was loaded for, and links to other bundles'
//! pages left to the browser.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{Bundle, THIS};

/// The path of the page the browser loaded (set before hydrating).
static LOADED_PATH: OnceLock<String> = OnceLock::new();
/// Set when a stand-in sends the browser to the server for another bundle's page.
static LEFT_FOR_SERVER: AtomicBool = AtomicBool::new(false);

/// Remembers the address the browser loaded, before the app hydrates; and if the browser
/// brings this page back from its back/forward cache after a stand-in left it (it would show
/// "Loading…"), loads it afresh.
pub fn remember_loaded_path() {
    let path = window().location().pathname().unwrap_or_default();
    let _ = LOADED_PATH.set(path);
    let _ = window_event_listener_untyped("pageshow", |event| {
        let restored = event
            .dyn_ref::<web_sys::PageTransitionEvent>()
            .is_some_and(|event| event.persisted());
        if restored && LEFT_FOR_SERVER.load(Ordering::Relaxed) {
            let _ = window().location().reload();
        }
    });
}

/// Whether `path` is the address the browser loaded this bundle for.
#[cfg_attr(feature = "console", allow(dead_code))]
pub fn is_loaded_path(path: &str) -> bool {
    LOADED_PATH.get().is_some_and(|loaded| loaded == path)
}

/// Notes that the page is being left for the server (see [`remember_loaded_path`]).
#[cfg_attr(feature = "console", allow(dead_code))]
pub fn leaving_for_server() {
    LEFT_FOR_SERVER.store(true, Ordering::Relaxed);
}

/// A click on a link to a page this bundle does not have is left to the browser (a full
/// load, which brings the bundle that has it) instead of the router.
pub fn leave_other_bundles_links_to_the_browser() {
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
