//! The native Gatehouse server: settings, the platform (clock, timer, a thread pool for
//! heavy work), HTTP, the gateway endpoints and SMTP delivery, around the rules and storage
//! of `gatehouse-core` and the Leptos app.
#![recursion_limit = "256"]

pub mod backup;
pub mod bootstrap;
pub mod cli;
pub mod config;
pub mod document_fetch;
pub mod gateway_follower;
pub mod http;
pub mod key_file;
pub mod kong_import;
pub mod mail;
pub mod platform;
pub mod startup;
pub mod telemetry;
pub mod webhooks;

/// The gateway endpoints, shared with the Worker.
pub use gatehouse_gateway as gateway;
