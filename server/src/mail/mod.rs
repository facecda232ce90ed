//! Delivering the outbox over SMTP; the letters themselves are written by the rules
//! (`gatehouse_core::mail`).

mod delivery;

pub use delivery::spawn_delivery;
