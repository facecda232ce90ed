//! E-mail: the letters Gatehouse writes, and the worker that delivers the outbox over SMTP.

mod application_letters;
mod delivery;
mod letters;

pub use application_letters::{credential_expiring, registration_decision, registration_requested};
pub use delivery::spawn_delivery;
pub use letters::{
    decision, email_confirmation, invitation, new_request, password_reset, request_received,
    Decision,
};

/// A message ready for the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    /// What the message is about, e.g. `developer.approved` (shown in the console).
    pub kind: &'static str,
    pub recipient: String,
    pub subject: String,
    pub body: String,
}
