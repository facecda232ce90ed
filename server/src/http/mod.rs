//! The HTTP surface: middleware that knows the viewer, security headers, health probes, and
//! the router that puts them in front of the Leptos app.

mod context;
mod export;
mod health;
mod router;
mod security;

pub use router::router;
