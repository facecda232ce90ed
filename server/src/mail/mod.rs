//! E-mail: the letters Gatehouse writes, and the worker that delivers the outbox over SMTP.

mod application_letters;
mod delivery;
mod letters;
mod secret_link;

pub use application_letters::{credential_expiring, registration_decision, registration_requested};
pub use delivery::spawn_delivery;
pub use letters::{
    decision, email_change_confirmation, email_change_requested, email_change_to_taken_address,
    email_confirmation, invitation, new_request, password_reset, request_received,
    sign_up_attempted, Decision,
};
pub use secret_link::{delivered_body, SecretLink, WITHHELD};

/// A message ready for the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    /// What the message is about, e.g. `developer.approved` (shown in the console).
    pub kind: &'static str,
    pub recipient: String,
    pub subject: String,
    /// With [`WITHHELD`] where a single-use link goes, when there is one.
    pub body: String,
    /// That link, sealed (see [`SecretLink`]).
    pub sealed_link: Option<String>,
}
