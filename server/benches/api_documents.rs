//! Benchmark: large OpenAPI documents, saved and rendered. For synthetic documents of 1, 5
//! and 20 MB, uploaded to a real server on SQLite: the upload (parse, check, split by tag,
//! store) next to the floor of any reader, `serde_json` reading the same bytes into a value,
//! timed in the same run; then the service's page and one tag's page, rendered by the server,
//! with their sizes. Each figure is the median of a few runs.

#[path = "support/bench_gateway.rs"]
mod bench_gateway;

use std::time::{Duration, Instant};

use gatehouse_core::sample_document::sample_document;

const SIZES_MB: [usize; 3] = [1, 5, 20];
const SAVES: usize = 3;
const RENDERS: usize = 5;
const BOUNDARY: &str = "gatehouse-bench-boundary";

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (address, _store) = bench_gateway::start(&runtime, 1, dir.path());
    let client = reqwest::Client::new();
    let rows = runtime.block_on(async {
        let admin = sign_in(&client, &address).await;
        let mut rows = Vec::new();
        for (n, mb) in SIZES_MB.into_iter().enumerate() {
            let document = sample_document(mb * 1_000_000);
            let parse = median(
                (0..SAVES)
                    .map(|_| {
                        let started = Instant::now();
                        let value: serde_json::Value =
                            serde_json::from_str(&document).expect("JSON");
                        std::hint::black_box(value);
                        started.elapsed()
                    })
                    .collect(),
            );
            let service = create_service(&client, &address, &admin, n).await;
            let mut saves = Vec::new();
            for _ in 0..SAVES {
                let started = Instant::now();
                upload(&client, &address, &admin, &service, &document).await;
                saves.push(started.elapsed());
            }
            let slug = first_slug(&client, &address, &service).await;
            let overview = render(&client, &format!("{address}/services/{service}")).await;
            let tag = render(&client, &format!("{address}/services/{service}?tag={slug}")).await;
            eprintln!("{mb} MB done");
            rows.push((document.len(), parse, median(saves), overview, tag));
        }
        rows
    });
    println!("\nOpenAPI documents: upload (parse, check, split, store) and server-rendered pages, on SQLite\n");
    println!("| document | serde_json read (baseline) | upload | upload ÷ baseline | service page | its HTML | one tag's page | its HTML |");
    println!("|---|---|---|---|---|---|---|---|");
    for (bytes, parse, save, overview, tag) in rows {
        println!(
            "| {:.1} MB | {:.0} ms | {:.0} ms | {:.1} | {:.1} ms | {} KB | {:.1} ms | {} KB |",
            bytes as f64 / 1e6,
            ms(parse),
            ms(save),
            save.as_secs_f64() / parse.as_secs_f64(),
            ms(overview.0),
            overview.1 / 1000,
            ms(tag.0),
            tag.1 / 1000,
        );
    }
}

async fn sign_in(client: &reqwest::Client, address: &str) -> String {
    let response = client
        .post(format!("{address}/api/sign_in"))
        .header("origin", address)
        .header("accept", "application/json")
        .form(&[
            ("email", "bench@example.com"),
            ("password", "bench password 1"),
            ("realm", "console"),
        ])
        .send()
        .await
        .expect("the server answers");
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("gatehouse_session="))
        .expect("the owner signs in");
    cookie.split(';').next().unwrap_or_default().to_string()
}

/// A call of a server function as the signed-in owner's browser makes it.
fn server_fn(
    client: &reqwest::Client,
    address: &str,
    admin: &str,
    function: &str,
) -> reqwest::RequestBuilder {
    client
        .post(format!("{address}/api/{function}"))
        .header("origin", address)
        .header("accept", "application/json")
        .header("cookie", format!("gatehouse_session={admin}"))
}

async fn create_service(client: &reqwest::Client, address: &str, admin: &str, n: usize) -> String {
    let name = format!("Documents {n}");
    let prefix = format!("/documents{n}");
    let response = server_fn(client, address, admin, "save_service")
        .form(&[
            ("form[id]", ""),
            ("form[name]", name.as_str()),
            ("form[version]", "1.0"),
            ("form[description]", ""),
            ("form[route_prefix]", prefix.as_str()),
            ("form[host]", ""),
            ("form[acl_groups]", ""),
            ("form[openapi]", ""),
        ])
        .send()
        .await
        .expect("the server answers");
    assert!(response.status().is_success(), "the service is created");
    let services: serde_json::Value = server_fn(client, address, admin, "list_services")
        .send()
        .await
        .expect("the server answers")
        .json()
        .await
        .expect("JSON");
    services
        .as_array()
        .and_then(|all| all.iter().find(|s| s["name"] == name.as_str()))
        .and_then(|s| s["id"].as_str())
        .expect("the service is listed")
        .to_string()
}

async fn upload(
    client: &reqwest::Client,
    address: &str,
    admin: &str,
    service: &str,
    document: &str,
) {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"openapi.json\"\r\nContent-Type: application/json\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(document.as_bytes());
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let response = client
        .post(format!("{address}/admin/services/{service}/document"))
        .header("origin", address)
        .header("cookie", format!("gatehouse_session={admin}"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .expect("the server answers");
    let status = response.status();
    assert!(
        status.is_success(),
        "the upload is saved: {status} {}",
        response.text().await.unwrap_or_default()
    );
}

async fn first_slug(client: &reqwest::Client, address: &str, service: &str) -> String {
    let page: serde_json::Value = client
        .post(format!("{address}/api/get_service"))
        .header("origin", address)
        .header("accept", "application/json")
        .form(&[("service_id", service)])
        .send()
        .await
        .expect("the server answers")
        .json()
        .await
        .expect("JSON");
    page["doc"]["tags"][0]["slug"]
        .as_str()
        .expect("a tag")
        .to_string()
}

/// The median time to the whole page, and its size.
async fn render(client: &reqwest::Client, url: &str) -> (Duration, usize) {
    let mut runs = Vec::new();
    let mut size = 0;
    for _ in 0..RENDERS {
        let started = Instant::now();
        let page = client
            .get(url)
            .send()
            .await
            .expect("the server answers")
            .text()
            .await
            .expect("a page");
        runs.push(started.elapsed());
        size = page.len();
    }
    (median(runs), size)
}
