//! Benchmark: the whole chain a client sees, in one run. Debian's nginx in front of a trivial
//! upstream (an nginx `return 200`), alone and with `auth_request` to `/gateway/verify`
//! among 100,000 key-auth credentials: with a new connection to Gatehouse per request, with
//! kept-alive connections (the recommended configuration), and with kept-alive connections
//! and a plan on every application (rate limiting on). Then the overshoot: three gateway
//! instances over one database, each loaded by its own wrk with one application's key, at
//! a quota of 3,000 requests a day. wrk runs on the second core; nginx and Gatehouse
//! share the first.

#[path = "support/bench_gateway.rs"]
mod bench_gateway;
#[path = "support/wrk.rs"]
mod wrk;

use std::process::{Child, Command};
use std::time::Duration;

use app::model::{Limits, ValidPlan};
use gatehouse_core::auth::{Sealer, SecretKey};
use gatehouse_core::events::Event;
use gatehouse_core::store::{AuditEntry, Store};
use server::gateway::{Following, Gateway, GatewayHeaders, SYNC_EVERY};
use wrk::{wrk, Figures};

const CREDENTIALS: usize = 100_000;
const CONNECTIONS: &str = "64";
const SECONDS: &str = "10s";
const SHARED_LIMIT: u64 = 3_000;

/// nginx: the upstream, the bare chain, and the chain through Gatehouse with and without
/// kept-alive connections to it.
const NGINX: &str = r#"
worker_processes 1;
daemon off;
pid {DIR}/nginx.pid;
error_log {DIR}/nginx-error.log error;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path {DIR}/body;
    proxy_temp_path {DIR}/proxy;
    fastcgi_temp_path {DIR}/fastcgi;
    uwsgi_temp_path {DIR}/uwsgi;
    scgi_temp_path {DIR}/scgi;
    upstream api { server 127.0.0.1:{UPSTREAM}; keepalive 64; }
    upstream gatehouse { server 127.0.0.1:{GATEHOUSE}; keepalive 64; }
    server {
        listen 127.0.0.1:{UPSTREAM};
        location / { return 200 "ok\n"; }
    }
    server {
        listen 127.0.0.1:{BARE};
        location / {
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_pass http://api;
        }
    }
    server {
        listen 127.0.0.1:{FRESH};
        location / {
            auth_request /_gatehouse;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_pass http://api;
        }
        location = /_gatehouse {
            internal;
            proxy_pass http://127.0.0.1:{GATEHOUSE}/gateway/verify;
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_set_header X-Original-URI $request_uri;
            proxy_set_header X-Original-Method $request_method;
            proxy_set_header X-Forwarded-Host $host;
        }
    }
    server {
        listen 127.0.0.1:{KEPT};
        location / {
            auth_request /_gatehouse;
            auth_request_set $gatehouse_policy $upstream_http_ratelimit_policy;
            auth_request_set $gatehouse_ratelimit $upstream_http_ratelimit;
            add_header RateLimit-Policy $gatehouse_policy always;
            add_header RateLimit $gatehouse_ratelimit always;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_pass http://api;
        }
        location = /_gatehouse {
            internal;
            proxy_pass http://gatehouse/gateway/verify;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_set_header X-Original-URI $request_uri;
            proxy_set_header X-Original-Method $request_method;
            proxy_set_header X-Forwarded-Host $host;
        }
    }
}
"#;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn port_of(address: &str) -> u16 {
    address
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("a port")
}

/// nginx with the configuration above, on the first core.
fn start_nginx(dir: &std::path::Path, ports: &[(&str, u16)]) -> Child {
    let mut config = NGINX.replace("{DIR}", &dir.display().to_string());
    for (name, port) in ports {
        config = config.replace(&format!("{{{name}}}"), &port.to_string());
    }
    std::fs::write(dir.join("nginx.conf"), config).expect("the nginx configuration is written");
    let nginx = if std::path::Path::new("/usr/sbin/nginx").exists() {
        "/usr/sbin/nginx"
    } else {
        "nginx"
    };
    Command::new("taskset")
        .args(["-c", "0", nginx, "-c"])
        .arg(dir.join("nginx.conf"))
        .arg("-p")
        .arg(dir)
        .spawn()
        .expect("nginx starts (apt install nginx)")
}

/// Gives every application of the `/bench` service a plan (its default).
async fn default_plan(store: &Store, name: &str, limits: Limits) {
    let audit = AuditEntry {
        actor_kind: "system",
        actor_id: None,
        actor_label: "benchmark",
        event: Event::PlanCreated,
        target_kind: "plan",
        target_id: None,
        target_label: name,
        client_addr: "",
    };
    let plan = ValidPlan {
        name: name.into(),
        limits,
        is_default: true,
    };
    store
        .save_plan(None, "bench-service", &plan, audit)
        .await
        .expect("the plan is saved")
        .expect("the bench service exists");
}

fn row(name: &str, figures: &Figures, bare: &Figures) {
    println!(
        "| {name} | {:.0} | {:.2} ms | {:.2} ms | {:.2} |",
        figures.requests_per_sec,
        figures.p50_ms,
        figures.p99_ms,
        figures.requests_per_sec / bare.requests_per_sec
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (address, store) = bench_gateway::start(&runtime, CREDENTIALS, dir.path());
    let key = gatehouse_core::store::bench_key(CREDENTIALS / 2);
    let apikey = format!("apikey: {key}");
    let ports = [
        ("UPSTREAM", free_port()),
        ("BARE", free_port()),
        ("FRESH", free_port()),
        ("KEPT", free_port()),
        ("GATEHOUSE", port_of(&address)),
    ];
    let mut nginx = start_nginx(dir.path(), &ports);
    let url = |name: &str| {
        let port = ports
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, p)| *p)
            .unwrap_or(0);
        format!("http://127.0.0.1:{port}/bench/items")
    };
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        bench_gateway::status(&url("KEPT"), &[&apikey]),
        "200",
        "the key passes the chain"
    );
    assert_eq!(
        bench_gateway::status(&url("KEPT"), &[]),
        "401",
        "no key is refused"
    );

    let verify_headers = [
        apikey.as_str(),
        "X-Original-URI: /bench/items",
        "X-Original-Method: GET",
    ];
    wrk(&url("BARE"), &[], CONNECTIONS, "3s");
    let ping = wrk(
        &format!("{address}/gateway/ping"),
        &[],
        CONNECTIONS,
        SECONDS,
    );
    let verify = wrk(
        &format!("{address}/gateway/verify"),
        &verify_headers,
        CONNECTIONS,
        SECONDS,
    );
    let bare = wrk(&url("BARE"), &[], CONNECTIONS, SECONDS);
    let fresh = wrk(&url("FRESH"), &[&apikey], CONNECTIONS, SECONDS);
    let kept = wrk(&url("KEPT"), &[&apikey], CONNECTIONS, SECONDS);

    // Rate limiting on: every application on a plan it never reaches.
    runtime.block_on(default_plan(
        &store,
        "Bench",
        Limits {
            per_second: Some(1_000_000_000),
            per_day: Some(1_000_000_000),
            ..Default::default()
        },
    ));
    std::thread::sleep(Duration::from_millis(600));
    let limited = bench_gateway::status(&url("KEPT"), &[&apikey]);
    assert_eq!(limited, "200", "the key passes under the plan");
    let verify_limited = wrk(
        &format!("{address}/gateway/verify"),
        &verify_headers,
        CONNECTIONS,
        SECONDS,
    );
    let kept_limited = wrk(&url("KEPT"), &[&apikey], CONNECTIONS, SECONDS);

    println!("\nThe chain a client sees, {CREDENTIALS} active key-auth credentials, wrk -t1 -c{CONNECTIONS} -d{SECONDS} on core 1; nginx and Gatehouse (1 worker thread) on core 0\n");
    println!("| path | requests/s | p50 | p99 | ratio |");
    println!("|---|---|---|---|---|");
    row("Gatehouse: bare handler (/gateway/ping)", &ping, &ping);
    row("Gatehouse: /gateway/verify ÷ bare handler", &verify, &ping);
    row(
        "Gatehouse: /gateway/verify, rate limiting on ÷ bare handler",
        &verify_limited,
        &ping,
    );
    row("nginx → upstream (bare chain)", &bare, &bare);
    row(
        "nginx → verify (new connection each) → upstream ÷ bare chain",
        &fresh,
        &bare,
    );
    row(
        "nginx → verify (kept alive) → upstream ÷ bare chain",
        &kept,
        &bare,
    );
    row(
        "nginx → verify (kept alive), rate limiting on → upstream ÷ bare chain",
        &kept_limited,
        &bare,
    );

    // Three instances over one database, one application's key, a quota of 3,000 a day.
    let other_key = gatehouse_core::store::bench_key(7);
    runtime.block_on(default_plan(
        &store,
        "Shared",
        Limits {
            per_day: Some(SHARED_LIMIT),
            ..Default::default()
        },
    ));
    let mut instances = vec![address.clone()];
    for _ in 0..2 {
        let address = runtime.block_on(async {
            let sealer =
                Sealer::new(&SecretKey::from_hex(bench_gateway::SECRET_KEY_HEX).expect("a key"));
            let gateway = Gateway::load(
                store.clone(),
                sealer,
                GatewayHeaders::default(),
                10,
                Following::OnRequest,
                None,
            )
            .await
            .expect("a gateway loads");
            let counter = gateway.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(SYNC_EVERY).await;
                    let _ = counter.sync_limits().await;
                }
            });
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("a port");
            let address = format!("http://{}", listener.local_addr().expect("an address"));
            tokio::spawn(
                async move { axum::serve(listener, server::gateway::routes(gateway)).await },
            );
            address
        });
        instances.push(address);
    }
    std::thread::sleep(Duration::from_millis(600));
    let headers = [
        format!("apikey: {other_key}"),
        "X-Original-URI: /bench/items".to_string(),
        "X-Original-Method: GET".to_string(),
    ];
    let loads: Vec<_> = instances
        .iter()
        .map(|address| {
            let url = format!("{address}/gateway/verify");
            let headers = headers.clone();
            std::thread::spawn(move || {
                let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
                wrk(&url, &headers, "16", "5s")
            })
        })
        .collect();
    let figures: Vec<Figures> = loads
        .into_iter()
        .map(|l| l.join().expect("wrk ran"))
        .collect();
    let allowed: u64 = figures.iter().map(|f| f.requests - f.non_2xx).sum();
    let sent: u64 = figures.iter().map(|f| f.requests).sum();
    println!("\nThree instances over one database, one application at {SHARED_LIMIT} requests a day, 3 × wrk -c16 -d5s:");
    println!(
        "{sent} requests, {allowed} let through: overshoot {} (bound: 0)",
        allowed as i64 - SHARED_LIMIT as i64
    );
    println!(
        "\nfull chain ÷ bare chain, kept alive: {:.2}; with rate limiting: {:.2} (target ≥ 0.8)",
        kept.requests_per_sec / bare.requests_per_sec,
        kept_limited.requests_per_sec / bare.requests_per_sec
    );
    println!(
        "verify ÷ bare handler: {:.2}; with rate limiting: {:.2} (target ≥ 0.7)",
        verify.requests_per_sec / ping.requests_per_sec,
        verify_limited.requests_per_sec / ping.requests_per_sec
    );
    let _ = nginx.kill();
    let _ = nginx.wait();
    runtime.shutdown_timeout(Duration::from_secs(1));
}
