//! A modal confirmation that names what will happen; Escape or "Cancel" closes it.

use leptos::{html, prelude::*};

#[component]
pub fn ConfirmDialog(
    /// The question, naming the thing acted on ("Delete ada@example.com?").
    #[prop(into)]
    title: String,
    /// What will happen, in plain words.
    #[prop(into)]
    body: String,
    /// The confirm button's name: the action itself ("Delete", "Revoke"…).
    confirm_label: &'static str,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let cancel_button = NodeRef::<html::Button>::new();
    // Focus starts on the harmless choice.
    Effect::new(move |_| {
        if let Some(button) = cancel_button.get() {
            let _ = button.focus();
        }
    });
    view! {
        <div class="dialog-backdrop">
            <div
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="confirm-title"
                aria-describedby="confirm-body"
                on:keydown=move |event| {
                    if event.key() == "Escape" {
                        on_cancel.run(());
                    }
                }
            >
                <h2 id="confirm-title">{title}</h2>
                <p id="confirm-body">{body}</p>
                <div class="dialog-actions">
                    <button
                        type="button"
                        class="button button-ghost"
                        node_ref=cancel_button
                        on:click=move |_| on_cancel.run(())
                    >
                        "Cancel"
                    </button>
                    <button
                        type="button"
                        class=if confirm_label == "Approve" { "button" } else { "button button-danger" }
                        on:click=move |_| on_confirm.run(())
                    >
                        {confirm_label}
                    </button>
                </div>
            </div>
        </div>
    }
}
