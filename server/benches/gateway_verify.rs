//! Benchmark: `/gateway/verify` with a valid key among 100,000 active key-auth credentials,
//! against `/gateway/ping` (a bare 200 from the same binary, through the same middleware),
//! both loaded by wrk with 64 connections in the same run. Prints requests/s, p50 and p99
//! latency of each, and the throughput ratio. The server runs on one worker thread and wrk
//! on one thread pinned to the second core (`taskset`), so they do not preempt each other.

#[path = "support/bench_gateway.rs"]
mod bench_gateway;
#[path = "support/wrk.rs"]
mod wrk;

use std::time::Duration;

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
    let (address, _store) = bench_gateway::start(&runtime, CREDENTIALS, dir.path());
    let key = gatehouse_core::store::bench_key(CREDENTIALS / 2);
    let check = bench_gateway::status(
        &format!("{address}/gateway/verify"),
        &[&format!("apikey: {key}"), "X-Original-URI: /bench/items"],
    );
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
