//! Structured logs through `tracing`; `RUST_LOG` picks the level (default `info`).

use tracing_subscriber::EnvFilter;

/// Logs to standard output (the server's), or to standard error for a command whose output
/// scripts read (`token create` prints only the secret).
pub fn init(to_stderr: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    let _ = if to_stderr {
        logs.with_writer(std::io::stderr).try_init()
    } else {
        logs.try_init()
    };
}
