//! The gateway benchmarks' server: a fresh database (PostgreSQL when BENCH_POSTGRES_URL names
//! a server, else SQLite) with active key-auth credentials for a `/bench` service, and the
//! release app serving it on the given runtime.

// Each benchmark uses part of what is here.
#![allow(dead_code)]

use std::process::Command;

use gatehouse_core::store::Store;
use server::{config::Settings, platform::NativePlatform, startup::Application};

/// The sealing key the benchmark's servers share.
pub const SECRET_KEY_HEX: &str = "5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e";

/// Loads `credentials` key-auth credentials and starts the app: its address and its store.
pub fn start(
    runtime: &tokio::runtime::Runtime,
    credentials: usize,
    dir: &std::path::Path,
) -> (String, Store) {
    let postgres = std::env::var("BENCH_POSTGRES_URL").ok();
    let url = match &postgres {
        Some(server) => runtime
            .block_on(gatehouse_db::Db::create_postgres_database(
                server,
                &format!("bench_{}", uuid::Uuid::new_v4().simple()),
            ))
            .expect("a benchmark database is created"),
        None => format!("sqlite://{}", dir.join("bench.db").display()),
    };
    eprintln!(
        "database: {}",
        if postgres.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    runtime.block_on(async {
        let store = Store::connect(&url, NativePlatform::shared(2))
            .await
            .expect("the database opens");
        store.migrate().await.expect("migrations run");
        let started = std::time::Instant::now();
        store
            .bench_fill_gateway(credentials)
            .await
            .expect("credentials load");
        eprintln!(
            "loaded {credentials} key-auth credentials in {:.1?}",
            started.elapsed()
        );
        let settings = Settings::from_vars([
            ("GATEHOUSE_LISTEN".to_string(), "127.0.0.1:0".to_string()),
            ("GATEHOUSE_DATABASE_URL".to_string(), url.clone()),
            (
                "GATEHOUSE_ADMIN_EMAIL".to_string(),
                "bench@example.com".to_string(),
            ),
            (
                "GATEHOUSE_ADMIN_PASSWORD".to_string(),
                "bench password 1".to_string(),
            ),
            (
                "GATEHOUSE_SECRET_KEY".to_string(),
                SECRET_KEY_HEX.to_string(),
            ),
        ])
        .expect("settings");
        let app = Application::build(&settings).await.expect("the app builds");
        let address = format!("http://{}", app.local_addr());
        tokio::spawn(app.run_until_stopped());
        (address, store)
    })
}

/// The status `curl` gets from `url` with `headers`.
pub fn status(url: &str, headers: &[&str]) -> String {
    let mut command = Command::new("curl");
    command.args(["-s", "-o", "/dev/null", "-w", "%{http_code}"]);
    for header in headers {
        command.args(["-H", header]);
    }
    command
        .arg(url)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
        .unwrap_or_default()
}
