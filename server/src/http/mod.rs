//! The native server's HTTP surface: the shared pages and middleware of `gatehouse-web`,
//! with the client's address from the peer (or a trusted proxy), the browser bundles served
//! from disk, and the gateway endpoints.

mod client_address;
mod metrics;
mod router;

pub use router::router;
