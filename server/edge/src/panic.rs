//! Panics on a Worker: the message goes to the log (`wrangler tail`), and the module's shim
//! (`shim.mjs`) is told, so it answers the requests under way with a 500 and starts the next
//! event on a fresh instance. A panic aborts the instance; without this the request would
//! hang and every later one would meet the broken instance.

use wasm_bindgen::{JsCast, JsValue};

/// Installed when the instance starts (and again on each fresh instance).
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        worker::console_error!("panic: {message}");
        let global = js_sys::global();
        if let Ok(notify) = js_sys::Reflect::get(&global, &"gatehousePanicked".into()) {
            if let Some(notify) = notify.dyn_ref::<js_sys::Function>() {
                let _ = notify.call1(&JsValue::NULL, &message.into());
            }
        }
    }));
}
