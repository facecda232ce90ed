//! Reusable pieces of the UI: layout, form fields, messages, badges.

mod badge;
mod field;
mod header;
mod messages;
mod session;
mod sign_in_form;

pub use badge::StatusBadge;
pub use field::{field_error, form_error, TextField};
pub use header::SiteHeader;
pub use messages::{ErrorMessage, StatusMessage};
pub use session::{provide_session, use_session, Session};
pub use sign_in_form::SignInForm;
