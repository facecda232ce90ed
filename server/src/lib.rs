//! The Gatehouse server: settings, storage, authentication and HTTP, around the Leptos app.
#![recursion_limit = "256"]

pub mod api_docs;
pub mod auth;
pub mod bootstrap;
pub mod cli;
pub mod config;
pub mod events;
pub mod gateway;
pub mod http;
pub mod mail;
pub mod portal;
pub mod startup;
pub mod store;
pub mod telemetry;
