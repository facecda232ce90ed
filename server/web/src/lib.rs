//! Gatehouse's HTTP face, written once for every target: the pages and server functions
//! behind the middleware that knows the viewer, checks the origin, keeps typed input and
//! sets the security headers; the CSV export; the health probes. The native server and the
//! Worker each add what only they have (static files, a 404 page, the gateway endpoints).

mod api_v1;
mod context;
mod export;
mod health;
mod pages;
mod security;
mod server_fn_status;
mod service_document;
pub mod test_hooks;
mod typed_input;
mod usage_export;

pub use api_v1::{api_routes, openapi};
pub use context::ClientAddress;
pub use pages::{page_routes, probes, provide_backend, with_page_layers, PageSettings};
pub use security::security_headers;
pub use server_fn_status::{body_limit, declared_too_large, too_large_for};
pub use service_document::{DocumentFetcher, FetchDocument};
