//! Gatehouse as a Cloudflare Worker: the fetch and Cron entry points, over one D1 database.
//! The pages, server functions, rules and statements are the native server's own; this crate
//! adds what a Worker has instead of a process: settings from bindings, a JavaScript clock,
//! a router built once per isolate, and housekeeping from a Cron Trigger.
#![cfg(target_arch = "wasm32")]
#![recursion_limit = "256"]

mod bootstrap;
mod document_fetch;
mod entry;
mod isolate;
mod logging;
mod mail;
mod panic;
mod platform;
mod routes;
mod settings;
mod test_routes;
mod webhooks;
