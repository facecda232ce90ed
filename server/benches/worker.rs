//! Benchmark: the Cloudflare Worker (under `wrangler dev`, workerd on this machine, local D1)
//! next to the native server on SQLite, in one run, on the same data: 100,000 key-auth
//! credentials over 1,000 approved developers. Measures `/gateway/verify` with a valid key and
//! the console's Developers page, each loaded by wrk, and prints both side by side with the
//! Worker's figures as ratios of the native ones; also the Worker's first answer (building
//! its isolate, whose gateway index holds no credentials at this count: each is looked up),
//! workerd's memory, and the Worker's gzipped size. Build the Worker first: `scripts/build-worker`.
//!
//! The local D1 database is a SQLite file: the benchmark's rows are written into it with the
//! same `bench_fill_gateway` the native side uses, before the Worker starts.

#[path = "support/wrk.rs"]
mod wrk;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use gatehouse_core::store::{bench_key, Store};
use server::{config::Settings, platform::NativePlatform, startup::Application};
use wrk::wrk;

const CREDENTIALS: usize = 100_000;
const CONNECTIONS: &str = "16";
const SECONDS: &str = "10s";
const ADMIN: (&str, &str) = ("bench@example.com", "bench password 1");

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let worker_wasm = root.join("server/edge/build/gatehouse_edge_bg.wasm");
    assert!(
        worker_wasm.exists(),
        "build the Worker first: scripts/build-worker"
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let dir = tempfile::tempdir().expect("a temporary directory");

    // The native server on its own SQLite file.
    let native_url = format!("sqlite://{}", dir.path().join("native.db").display());
    let native = runtime.block_on(async {
        let store = Store::connect(&native_url, NativePlatform::shared(2))
            .await
            .expect("the database opens");
        store.migrate().await.expect("migrations run");
        store
            .bench_fill_gateway(CREDENTIALS)
            .await
            .expect("credentials load");
        let settings = Settings::from_vars(
            [
                ("GATEHOUSE_LISTEN", "127.0.0.1:0".to_string()),
                ("GATEHOUSE_DATABASE_URL", native_url.clone()),
                ("GATEHOUSE_ADMIN_EMAIL", ADMIN.0.to_string()),
                ("GATEHOUSE_ADMIN_PASSWORD", ADMIN.1.to_string()),
                ("GATEHOUSE_SECRET_KEY", "5e".repeat(32)),
            ]
            .map(|(k, v)| (k.to_string(), v)),
        )
        .expect("settings");
        let app = Application::build(&settings).await.expect("the app builds");
        let address = format!("http://{}", app.local_addr());
        tokio::spawn(app.run_until_stopped());
        address
    });

    // The Worker: its local D1 migrated by wrangler, filled with the same rows, then served.
    let state = dir.path().join("worker");
    let migrated = Command::new("npx")
        .args([
            "--no-install",
            "wrangler",
            "d1",
            "migrations",
            "apply",
            "DB",
            "--local",
        ])
        .arg("--persist-to")
        .arg(&state)
        .current_dir(root.join("server/edge"))
        .env("WRANGLER_SEND_METRICS", "false")
        .output()
        .expect("wrangler runs (scripts/build-worker installs it)");
    assert!(
        migrated.status.success(),
        "the local D1 database is migrated"
    );
    let d1_file = find_sqlite(&state.join("v3/d1")).expect("the local D1 database file");
    runtime.block_on(async {
        let store = Store::connect(
            &format!("sqlite://{}", d1_file.display()),
            NativePlatform::shared(2),
        )
        .await
        .expect("the local D1 file opens");
        store
            .bench_fill_gateway(CREDENTIALS)
            .await
            .expect("credentials load into D1");
    });
    let port = free_port();
    let worker_address = format!("http://127.0.0.1:{port}");
    // workerd on the first core, wrk on the second, as the native server and wrk are.
    let mut worker = Command::new("taskset")
        .args(["-c", "0"])
        .arg(root.join("scripts/serve-worker"))
        .env("GATEHOUSE_LISTEN", format!("127.0.0.1:{port}"))
        .env("GATEHOUSE_WORKER_STATE", &state)
        .env("GATEHOUSE_ADMIN_EMAIL", ADMIN.0)
        .env("GATEHOUSE_ADMIN_PASSWORD", ADMIN.1)
        .env("GATEHOUSE_SECRET_KEY", "5e".repeat(32))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .process_group(0)
        .spawn()
        .expect("scripts/serve-worker starts");
    // wrangler listens before the isolate exists: the first request builds it (settings, the
    // portal, the gateway's index: above GATEHOUSE_GATEWAY_INDEX_LIMIT credentials it holds
    // the services only, and each credential is looked up when a request names it).
    wait_until_listening(port);
    let memory_before = workerd_rss_kib(&worker);
    let first = Instant::now();
    wait_until_up(&format!("{worker_address}/healthz"));
    let first_request = first.elapsed();
    let memory_after = workerd_rss_kib(&worker);

    let key = bench_key(CREDENTIALS / 2);
    let gateway_headers = [
        format!("apikey: {key}"),
        "X-Original-URI: /bench/items".to_string(),
        "X-Original-Method: GET".to_string(),
    ];
    assert_eq!(
        status(
            &format!("{worker_address}/gateway/verify"),
            &gateway_headers
        ),
        "200",
        "the Worker allows the benchmark key"
    );
    assert_eq!(
        status(&format!("{native}/gateway/verify"), &gateway_headers),
        "200",
        "the native server allows the benchmark key"
    );

    let mut rows = Vec::new();
    for (name, path, signed_in) in [
        ("/gateway/verify, valid key", "/gateway/verify", false),
        (
            "Developers page (/admin/developers)",
            "/admin/developers",
            true,
        ),
    ] {
        let measure = |base: &str| {
            let headers = if signed_in {
                vec![format!("Cookie: gatehouse_session={}", sign_in(base))]
            } else {
                gateway_headers.to_vec()
            };
            let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
            let url = format!("{base}{path}");
            wrk(&url, &headers, CONNECTIONS, "2s");
            wrk(&url, &headers, CONNECTIONS, SECONDS)
        };
        rows.push((name, measure(&native), measure(&worker_address)));
    }

    let memory_loaded = workerd_rss_kib(&worker);
    let gzipped = gzip_size(&worker_wasm);
    println!("\nThe Worker (wrangler dev, local D1) next to the native server (SQLite), {CREDENTIALS} key-auth credentials over 1,000 developers; wrk -t1 -c{CONNECTIONS} -d{SECONDS}, server and wrk on separate cores\n");
    println!("| request | native: requests/s, p50, p99 | Worker: requests/s, p50, p99 | Worker / native throughput |");
    println!("|---|---|---|---|");
    for (name, native, worker) in &rows {
        println!(
            "| {name} | {:.0}, {:.2} ms, {:.2} ms | {:.0}, {:.2} ms, {:.2} ms | {:.2} |",
            native.requests_per_sec,
            native.p50_ms,
            native.p99_ms,
            worker.requests_per_sec,
            worker.p50_ms,
            worker.p99_ms,
            worker.requests_per_sec / native.requests_per_sec
        );
    }
    println!(
        "\nWorker's first request (builds the isolate: settings, portal, the gateway index, which at {CREDENTIALS} credentials holds none and looks each up): {:.0} ms; workerd's memory {} MiB before it, {} MiB after, {} MiB after the load",
        first_request.as_secs_f64() * 1000.0,
        memory_before / 1024,
        memory_after / 1024,
        memory_loaded / 1024
    );
    println!("Worker size: {} bytes gzipped (budget 3,000,000)", gzipped);
    stop(&mut worker);
    runtime.shutdown_timeout(Duration::from_secs(1));
}

fn find_sqlite(dir: &Path) -> Option<PathBuf> {
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = find_sqlite(&path) {
                return Some(found);
            }
        } else if path.extension().is_some_and(|e| e == "sqlite")
            && !path.to_string_lossy().contains("metadata")
        {
            return Some(path);
        }
    }
    None
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn wait_until_listening(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "wrangler did not start listening"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn wait_until_up(url: &str) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if status(url, &[]) == "200" {
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("{url} did not come up");
}

fn status(url: &str, headers: &[String]) -> String {
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

/// Signs the benchmark's admin in to the console; the session cookie's value.
fn sign_in(base: &str) -> String {
    let output = Command::new("curl")
        .args(["-s", "-o", "/dev/null", "-c", "-", "-H"])
        .arg(format!("Origin: {base}"))
        .args(["--data-urlencode", &format!("email={}", ADMIN.0)])
        .args(["--data-urlencode", &format!("password={}", ADMIN.1)])
        .args(["--data-urlencode", "realm=console"])
        .arg(format!("{base}/api/sign_in"))
        .output()
        .expect("curl runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields.len() == 7 && fields[5] == "gatehouse_session").then(|| fields[6].to_string())
        })
        .expect("signing in sets a session cookie")
}

/// The resident memory of the workerd processes serving the Worker, in KiB.
fn workerd_rss_kib(worker: &Child) -> u64 {
    let output = Command::new("pgrep")
        .args(["-g", &worker.id().to_string(), "workerd"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
        .unwrap_or_default();
    output
        .split_whitespace()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/status")).ok())
        .filter_map(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse::<u64>().ok())
        })
        .sum()
}

fn gzip_size(file: &Path) -> usize {
    let output = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(file)
        .output()
        .expect("gzip runs");
    output.stdout.len()
}

fn stop(worker: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &format!("-{}", worker.id())])
        .status();
    let _ = worker.wait();
}
