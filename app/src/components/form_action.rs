//! Server actions that also work as plain HTML forms: before the WASM arrives, or with
//! JavaScript off, an `ActionForm` posts to its server function, which redirects back to the
//! page. An error comes back in the address (`__err`, read by Leptos); an outcome the server
//! function chose to show comes back as `__ok` and `__value`, read here.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use serde::de::DeserializeOwned;

/// The query parameter naming the server function whose outcome the address carries.
pub const OUTCOME_PATH: &str = "__ok";
/// The query parameter carrying that outcome, as JSON.
pub const OUTCOME_VALUE: &str = "__value";
/// The query parameter naming the dialog a page shows open (so that it opens without
/// JavaScript, from a link); closed again once its form was posted.
pub const DIALOG: &str = "dialog";

/// The query parameter carrying what was typed into a form whose plain post was refused
/// (form-encoded, passwords and secrets left out by the server), to fill it in again.
pub const TYPED_INPUT: &str = "__form";

/// The address's parameters that belong to one form post or one open dialog: a page's own
/// address (to go back to, or to post from) leaves them out.
pub const TRANSIENT_PARAMS: [&str; 6] = [
    OUTCOME_PATH,
    OUTCOME_VALUE,
    DIALOG,
    TYPED_INPUT,
    "__err",
    "__path",
];

/// Hidden inputs carrying `fields` (names and values) in a plain form.
pub fn hidden_fields<N, V>(fields: impl IntoIterator<Item = (N, V)>) -> impl IntoView
where
    N: Into<String>,
    V: Into<String>,
{
    fields
        .into_iter()
        .map(|(name, value)| {
            let (name, value): (String, String) = (name.into(), value.into());
            view! { <input type="hidden" name=name value=value/> }
        })
        .collect_view()
}

/// What was typed into the field `name` before a plain form post was refused, if the address
/// carries it (see [`TYPED_INPUT`]).
pub fn typed_value(name: &str) -> Option<String> {
    typed_fields()?
        .into_iter()
        .find(|(field, _)| field == name)
        .map(|(_, value)| value)
}

/// Whether the checkbox `name` was ticked in a refused plain post; `None` when the address
/// carries no typed input (an unticked box is not posted at all).
pub fn typed_checkbox(name: &str) -> Option<bool> {
    typed_fields().map(|fields| fields.iter().any(|(field, _)| field == name))
}

/// What a page announces once: `?created=1` after something was created ("Application
/// created"). Read untracked, so it stays on the page it was read for.
pub const CREATED: &str = "created";

/// What the service page announces once after a document upload: that it was saved, or why
/// it was refused.
pub const DOCUMENT_SAVED: &str = "document_saved";
pub const DOCUMENT_ERROR: &str = "document_error";

/// Markers a page reads once: a refused plain post's (Leptos' error and what was typed),
/// [`CREATED`] and a document upload's outcome.
const ONE_SHOT_PARAMS: [&str; 6] = [
    "__err",
    "__path",
    TYPED_INPUT,
    CREATED,
    DOCUMENT_SAVED,
    DOCUMENT_ERROR,
];

/// Once the page's script runs, takes the one-shot markers out of the address (the page has
/// read them), so that a part of the page drawn again later, after a change saved in place,
/// does not fill its form with what was refused, and a reload or a shared link does not
/// announce again what was done.
#[component]
pub fn ForgetRefusedPost() -> impl IntoView {
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        // The query as the address spells it: kept pairs go back unchanged.
        let search = location.search.get_untracked();
        let is_marker = |pair: &&str| {
            ONE_SHOT_PARAMS
                .iter()
                .any(|param| pair.split('=').next() == Some(*param))
        };
        let pairs: Vec<&str> = search
            .trim_start_matches('?')
            .split('&')
            .filter(|pair| !pair.is_empty())
            .collect();
        if !pairs.iter().any(is_marker) {
            return;
        }
        let kept: Vec<&str> = pairs.into_iter().filter(|pair| !is_marker(pair)).collect();
        let mut to = location.pathname.get_untracked();
        if !kept.is_empty() {
            to = format!("{to}?{}", kept.join("&"));
        }
        let options = NavigateOptions {
            replace: true,
            scroll: false,
            ..Default::default()
        };
        navigate(&to, options);
    });
}

fn typed_fields() -> Option<Vec<(String, String)>> {
    let typed = use_query_map().with_untracked(|query| query.get(TYPED_INPUT))?;
    Some(crate::url::decode_form(&typed))
}

/// Whether the address says the last plain form post went to the server function `S`.
pub fn posted_to<S: ServerFn>() -> bool {
    use_query_map().with_untracked(|query| query.get(OUTCOME_PATH).as_deref() == Some(S::PATH))
}

/// Whether the address says the last plain form post went to `S`, which refused it (the
/// error rides in `__err`, read by Leptos).
pub fn refused<S: ServerFn>() -> bool {
    use_query_map().with_untracked(|query| query.get("__path").as_deref() == Some(S::PATH))
}

/// A server action for an `ActionForm`, holding the outcome a plain form post brought back.
pub fn form_action<S>() -> ServerAction<S>
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: DeserializeOwned + Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    let action = ServerAction::<S>::new();
    let carried = posted_to::<S>()
        .then(|| use_query_map().with_untracked(|query| query.get(OUTCOME_VALUE)))
        .flatten();
    if let Some(output) = carried.and_then(|json| serde_json::from_str::<S::Output>(&json).ok()) {
        action.value().set(Some(Ok(output)));
    }
    action
}
