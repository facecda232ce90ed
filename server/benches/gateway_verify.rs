//! Benchmark: `/gateway/verify` with a valid key among 100,000 active key-auth credentials,
//! against `/gateway/ping` (a bare 200 from the same binary, through the same middleware),
//! both loaded by wrk with 64 connections in the same run. Prints requests/s, p50 and p99
//! latency of each, and the throughput ratio. The server runs on one worker thread and wrk
//! on one thread pinned to the second core (`taskset`), so they do not preempt each other.

#[path = "support/wrk.rs"]
mod wrk;

use std::process::Command;
use std::time::Duration;

use gatehouse_core::store::Store;
use server::{config::Settings, platform::NativePlatform, startup::Application};
use wrk::wrk;

const CREDENTIALS: usize = 100_000;
const CONNECTIONS: &str = "64";
const SECONDS: &str = "10s";

fn main() {
    // One core serves, the other loads: the server gets one worker thread and wrk one thread
    // pinned to the second core, so neither preempts the other and the tail latency is the
    // server's own.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let dir = tempfile::tempdir().expect("a temporary directory");
    // A fresh PostgreSQL database when BENCH_POSTGRES_URL names a server, else SQLite.
    let postgres = std::env::var("BENCH_POSTGRES_URL").ok();
    let url = match &postgres {
        Some(server) => runtime
            .block_on(gatehouse_db::Db::create_postgres_database(
                server,
                &format!("bench_{}", uuid::Uuid::new_v4().simple()),
            ))
            .expect("a benchmark database is created"),
        None => format!("sqlite://{}", dir.path().join("bench.db").display()),
    };
    eprintln!(
        "database: {}",
        if postgres.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    let address = runtime.block_on(async {
        let store = Store::connect(&url, NativePlatform::shared(2))
            .await
            .expect("the database opens");
        store.migrate().await.expect("migrations run");
        let started = std::time::Instant::now();
        store
            .bench_fill_gateway(CREDENTIALS)
            .await
            .expect("credentials load");
        eprintln!(
            "loaded {CREDENTIALS} key-auth credentials in {:.1?}",
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
            ("GATEHOUSE_SECRET_KEY".to_string(), "5e".repeat(32)),
        ])
        .expect("settings");
        let app = Application::build(&settings).await.expect("the app builds");
        let address = format!("http://{}", app.local_addr());
        tokio::spawn(app.run_until_stopped());
        address
    });
    let key = gatehouse_core::store::bench_key(CREDENTIALS / 2);
    let check = Command::new("curl")
        .args(["-s", "-o", "/dev/null", "-w", "%{http_code}"])
        .args([
            "-H",
            &format!("apikey: {key}"),
            "-H",
            "X-Original-URI: /bench/items",
        ])
        .arg(format!("{address}/gateway/verify"))
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
        .unwrap_or_default();
    assert_eq!(check, "200", "the benchmark key must be allowed");
    std::thread::sleep(Duration::from_millis(500));

    // Warm up connections, allocator and caches before anything is measured.
    wrk(&format!("{address}/gateway/ping"), &[], CONNECTIONS, "3s");
    let ping = wrk(
        &format!("{address}/gateway/ping"),
        &[],
        CONNECTIONS,
        SECONDS,
    );
    let verify = wrk(
        &format!("{address}/gateway/verify"),
        &[
            &format!("apikey: {key}"),
            "X-Original-URI: /bench/items",
            "X-Original-Method: GET",
        ],
        CONNECTIONS,
        SECONDS,
    );
    println!("\nGateway verification, {CREDENTIALS} active key-auth credentials, wrk -t1 -c{CONNECTIONS} -d{SECONDS} (server: 1 worker thread)\n");
    println!("| endpoint | requests/s | p50 | p99 |");
    println!("|---|---|---|---|");
    for (name, f) in [
        ("bare handler (/gateway/ping)", &ping),
        ("verify, valid key (/gateway/verify)", &verify),
    ] {
        println!(
            "| {name} | {:.0} | {:.2} ms | {:.2} ms |",
            f.requests_per_sec, f.p50_ms, f.p99_ms
        );
    }
    let ratio = verify.requests_per_sec / ping.requests_per_sec;
    println!("\nthroughput ratio verify / bare: {ratio:.2} (target ≥ 0.60)");
    println!("verify p99: {:.2} ms (target < 2 ms)", verify.p99_ms);
    runtime.shutdown_timeout(Duration::from_secs(1));
}
