//! Counting an action's successful submissions, so data reloads after a change is saved but
//! not after a refusal: a refused form keeps what the person typed and shows why.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// How many times `action` has succeeded on this page.
pub fn successes<S>(action: ServerAction<S>) -> ReadSignal<usize>
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    let count = RwSignal::new(0usize);
    Effect::new(move |_| {
        if action.value().with(|value| matches!(value, Some(Ok(_)))) {
            count.update(|n| *n += 1);
        }
    });
    count.read_only()
}
