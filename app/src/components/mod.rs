//! Reusable pieces of the UI: layout, form fields, messages, badges.

mod address_dialog;
mod badge;
mod browser;
mod call_example;
mod confirm;
mod confirmed_action;
mod copy_button;
mod developer_actions;
mod dialog;
mod field;
mod form_action;
mod header;
mod messages;
mod pager;
mod post_button;
mod registration_actions;
mod session;
mod sign_in_form;
mod successes;
mod time;
mod usage_chart;

pub use address_dialog::{AddressDialog, CancelForm};
pub use badge::{RegistrationBadge, StatusBadge};
pub use browser::{chosen_file_text, copy_to_clipboard, fold_disclosure, use_hydrated};
pub use call_example::{call_example, CallExample, CallExampleView};
pub use confirm::{ConfirmDialog, DialogForm};
pub use confirmed_action::ConfirmedAction;
pub use copy_button::CopyButton;
pub use developer_actions::DeveloperActions;
pub use dialog::Dialog;
pub use field::{field_error, form_error, TextField};
pub use form_action::{
    form_action, hidden_fields, posted_to, refused, typed_checkbox, typed_value, ForgetRefusedPost,
    CREATED, DIALOG, DOCUMENT_ERROR, DOCUMENT_SAVED, OUTCOME_PATH, OUTCOME_VALUE, TRANSIENT_PARAMS,
    TYPED_INPUT,
};
pub use header::SiteHeader;
pub use messages::{action_outcome, ErrorMessage, StatusMessage};
pub use pager::{next_from, parse_from, Pager};
pub use post_button::PostButton;
pub use registration_actions::{approve_form_id, RegistrationActions};
pub use session::{provide_session, use_session, Session};
pub use sign_in_form::SignInForm;
pub use successes::successes;
pub use time::{readable_time, Time};
pub use usage_chart::{PlanUsagePanel, UsageChart};
