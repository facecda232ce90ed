//! Loads a URL with wrk (from Debian) on the second core and reads what it prints: the
//! benchmarks' one load generator.

// Each benchmark uses part of what is here.
#![allow(dead_code)]

use std::process::Command;

pub struct Figures {
    pub requests_per_sec: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Requests completed, and those answered with neither 2xx nor 3xx.
    pub requests: u64,
    pub non_2xx: u64,
}

/// `wrk -t1 -c<connections> -d<duration> --latency`, pinned to core 1 (the server gets core 0).
pub fn wrk(url: &str, headers: &[&str], connections: &str, duration: &str) -> Figures {
    let mut command = Command::new("taskset");
    command.args([
        "-c",
        "1",
        "wrk",
        "-t1",
        "-c",
        connections,
        "-d",
        duration,
        "--latency",
    ]);
    for header in headers {
        command.args(["-H", header]);
    }
    let output = command
        .arg(url)
        .output()
        .expect("wrk runs (apt install wrk)");
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    eprintln!("{text}");
    let field = |prefix: &str| -> Option<&str> {
        text.lines()
            .map(str::trim)
            .find(|line| line.starts_with(prefix))
            .and_then(|line| line.split_whitespace().nth(1))
    };
    Figures {
        requests_per_sec: field("Requests/sec:")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0),
        p50_ms: field("50%").map(millis).unwrap_or(f64::NAN),
        p99_ms: field("99%").map(millis).unwrap_or(f64::NAN),
        requests: text
            .lines()
            .find(|line| line.contains(" requests in "))
            .and_then(|line| line.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
        non_2xx: text
            .lines()
            .map(str::trim)
            .find(|line| line.starts_with("Non-2xx or 3xx responses:"))
            .and_then(|line| line.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
    }
}

/// wrk prints latencies as `812.00us`, `1.23ms` or `1.01s`.
fn millis(value: &str) -> f64 {
    let (number, scale) = if let Some(v) = value.strip_suffix("us") {
        (v, 0.001)
    } else if let Some(v) = value.strip_suffix("ms") {
        (v, 1.0)
    } else if let Some(v) = value.strip_suffix('s') {
        (v, 1000.0)
    } else {
        (value, 1.0)
    };
    number.parse::<f64>().map(|n| n * scale).unwrap_or(f64::NAN)
}
