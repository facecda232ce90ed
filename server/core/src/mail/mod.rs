//! E-mail: the letters Gatehouse writes. Each goes into the outbox with the decision it
//! reports; `delivery` hands the outbox to the platform's transport (SMTP natively, an HTTP
//! e-mail API from a Worker).

mod application_letters;
pub mod delivery;
mod letters;
mod secret_link;

pub use application_letters::{credential_expiring, registration_decision, registration_requested};
pub use letters::{
    developer_decision, email_change_confirmation, email_change_requested,
    email_change_to_taken_address, email_confirmation, invitation, new_request, password_reset,
    request_received, sign_up_attempted,
};
pub use secret_link::{delivered_body, SecretLink, WITHHELD};

/// The message type the outbox stores; this module writes them.
pub use crate::store::Letter;
