//! The shell every modal dialog shares: a labelled `role="dialog"` that takes focus when it
//! opens, keeps Tab and Shift+Tab inside itself, and closes with Escape.

use leptos::{ev::KeyboardEvent, html, prelude::*};

/// What can take focus inside a dialog, in document order.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";

#[component]
pub fn Dialog(
    /// The id of the dialog's title.
    labelled_by: &'static str,
    /// The id of the text that says what the dialog is about, if any.
    #[prop(optional)]
    described_by: Option<&'static str>,
    /// Where focus starts (a selector inside the dialog); the first focusable otherwise.
    #[prop(optional)]
    initial_focus: Option<&'static str>,
    /// Escape, or a "Cancel" the children offer.
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            focus_inside(&dialog, initial_focus.unwrap_or(FOCUSABLE));
        }
    });
    let on_keydown = move |event: KeyboardEvent| match event.key().as_str() {
        "Escape" => on_close.run(()),
        "Tab" => {
            if let Some(dialog) = dialog.get() {
                keep_tab_inside(&dialog, &event);
            }
        }
        _ => {}
    };
    view! {
        <div class="dialog-backdrop">
            <div
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby=labelled_by
                aria-describedby=described_by
                node_ref=dialog
                on:keydown=on_keydown
            >
                {children()}
            </div>
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn focusables(dialog: &web_sys::HtmlDivElement) -> Vec<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

#[cfg(feature = "hydrate")]
fn focus_inside(dialog: &web_sys::HtmlDivElement, selector: &str) {
    use wasm_bindgen::JsCast;
    if let Some(target) = dialog
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = target.focus();
    }
}

/// Tab on the last focusable goes to the first; Shift+Tab on the first, to the last.
#[cfg(feature = "hydrate")]
fn keep_tab_inside(dialog: &web_sys::HtmlDivElement, event: &KeyboardEvent) {
    let items = focusables(dialog);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        event.prevent_default();
        return;
    };
    let active = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.active_element());
    let is = |element: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|active| active == element.as_ref() as &web_sys::Element)
    };
    let inside = active
        .as_ref()
        .is_some_and(|active| dialog.contains(Some(active.as_ref())));
    let wrap_to = if event.shift_key() && (is(first) || !inside) {
        Some(last)
    } else if !event.shift_key() && (is(last) || !inside) {
        Some(first)
    } else {
        None
    };
    if let Some(target) = wrap_to {
        event.prevent_default();
        let _ = target.focus();
    }
}

#[cfg(not(feature = "hydrate"))]
fn focus_inside<T>(_dialog: &T, _selector: &str) {}

#[cfg(not(feature = "hydrate"))]
fn keep_tab_inside<T>(_dialog: &T, _event: &KeyboardEvent) {}
