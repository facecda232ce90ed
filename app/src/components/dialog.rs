//! The shell every modal dialog shares: a labelled `role="dialog"` that takes focus when it
//! opens, keeps Tab and Shift+Tab inside itself, closes with Escape, and gives the focus back
//! to what had it (the button that opened it) when it closes.

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
    let opener = remember_opener();
    on_cleanup(move || return_focus(opener));
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
thread_local! {
    /// What had the focus before each open dialog, by the dialog's number.
    static OPENERS: std::cell::RefCell<(u64, std::collections::HashMap<u64, web_sys::HtmlElement>)> =
        std::cell::RefCell::new((0, std::collections::HashMap::new()));
}

/// Notes what has the focus as a dialog opens; the number it is kept under.
#[cfg(feature = "hydrate")]
fn remember_opener() -> u64 {
    use wasm_bindgen::JsCast;
    let active = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.active_element())
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    OPENERS.with(|openers| {
        let (next, kept) = &mut *openers.borrow_mut();
        *next += 1;
        if let Some(active) = active {
            kept.insert(*next, active);
        }
        *next
    })
}

/// Focuses the dialog's opener again, if the page still has it (a deleted row's button is
/// gone).
#[cfg(feature = "hydrate")]
fn return_focus(dialog: u64) {
    if let Some(opener) = OPENERS.with(|openers| openers.borrow_mut().1.remove(&dialog)) {
        if opener.is_connected() {
            let _ = opener.focus();
        }
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
fn remember_opener() -> u64 {
    0
}

#[cfg(not(feature = "hydrate"))]
fn return_focus(_dialog: u64) {}

#[cfg(not(feature = "hydrate"))]
fn focus_inside<T>(_dialog: &T, _selector: &str) {}

#[cfg(not(feature = "hydrate"))]
fn keep_tab_inside<T>(_dialog: &T, _event: &KeyboardEvent) {}
