//! The HTTP surface: middleware that knows the viewer, security headers, health probes, and
//! the router that puts them in front of the Leptos app.

mod client_address;
mod context;
mod export;
mod health;
mod router;
mod security;
mod server_fn_status;
mod typed_input;

pub use router::router;
