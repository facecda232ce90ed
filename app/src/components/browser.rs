//! What only the browser can do: the clipboard, reading a chosen file, folding a disclosure.
//! They do nothing while rendering on the server, and the controls that use them stay disabled until the
//! page's script is there (see [`use_hydrated`]).

use leptos::prelude::*;

/// False while the page is only server-rendered HTML, true once its script has taken it
/// over. A control that only a script can serve (Copy, a file reader) is disabled until then,
/// so that a press never goes nowhere.
pub fn use_hydrated() -> Signal<bool> {
    let hydrated = RwSignal::new(false);
    // Effects run in the browser only, once the page is hydrated.
    Effect::new(move |_| hydrated.set(true));
    hydrated.into()
}

/// Copies `text` to the clipboard; true when the browser accepted it.
pub async fn copy_to_clipboard(text: String) -> bool {
    #[cfg(feature = "hydrate")]
    {
        let clipboard = leptos::prelude::window().navigator().clipboard();
        wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text))
            .await
            .is_ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = text;
        false
    }
}

/// The text of the first file chosen in the file input that fired `event`.
pub async fn chosen_file_text(event: leptos::ev::Event) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let input = event
            .target()?
            .dyn_into::<web_sys::HtmlInputElement>()
            .ok()?;
        let file = input.files()?.get(0)?;
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .ok()?;
        text.as_string()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = event;
        None
    }
}

/// Folds the `<details>` holding the element whose handler heard `event`: the phone's menu,
/// once one of its links or buttons is used (the page changes under it).
pub fn fold_disclosure(event: leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let menu = event
            .current_target()
            .and_then(|target| target.unchecked_into::<web_sys::Element>().parent_element());
        if let Some(menu) = menu {
            let _ = menu.remove_attribute("open");
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = event;
}
