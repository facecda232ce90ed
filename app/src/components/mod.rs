//! Reusable pieces of the UI: layout, form fields, messages, badges.

mod badge;
mod confirm;
mod developer_actions;
mod field;
mod header;
mod messages;
mod session;
mod sign_in_form;
mod time;

pub use badge::StatusBadge;
pub use confirm::ConfirmDialog;
pub use developer_actions::DeveloperActions;
pub use field::{field_error, form_error, TextField};
pub use header::SiteHeader;
pub use messages::{action_outcome, ErrorMessage, StatusMessage};
pub use session::{provide_session, use_session, Session};
pub use sign_in_form::SignInForm;
pub use time::Time;
