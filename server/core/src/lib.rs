//! Gatehouse's rules and storage, written once for every platform: the portal's use cases
//! (`portal`), the statements and guarded batches they run (`store`), the events they
//! produce, the letters they send, passwords, tokens and sealed secrets. Everything here
//! compiles natively and for `wasm32-unknown-unknown`; the platform's clock, timer and
//! heavy-work hook are injected (`platform`), and the database driver comes from
//! `gatehouse-db`.
#![recursion_limit = "256"]

pub mod api_docs;
pub mod auth;
pub mod events;
pub mod mail;
pub mod platform;
pub mod portal;
pub mod sample_document;
pub mod store;
pub mod webhooks;
