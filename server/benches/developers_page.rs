//! Benchmark: the Developers page query (first page, deep page, search, each sort), the
//! Requests page's developer queue (first page, deep page, searches, a capped count) and the
//! Applications page (first page, deep page, searches, status filters) holding 10,000 and then
//! 1,000,000 developers with an application each, on a real SQLite file and, when
//! `BENCH_POSTGRES_URL` names a PostgreSQL server (`scripts/bench` starts one), on a fresh
//! PostgreSQL database, printed side by side so the growth and the backends compare. Each
//! figure is the median and 95th percentile of repeated runs. `BENCH_ONLY=<prefix>` runs
//! only the queries whose name starts with it (`Applications`, `Requests`); `BENCH_KEEP=<dir>`
//! keeps the SQLite files there (`bench-10000.db`, …) to read their query plans afterwards.

use std::time::{Duration, Instant};

use app::model::{
    ApplicationQuery, DeveloperQuery, DeveloperSort, DeveloperStatus, RegistrationStatus,
    RequestQuery, Search,
};
use gatehouse_core::store::Store;
use server::platform::NativePlatform;

const RUNS: usize = 200;
const SIZES: [i64; 2] = [10_000, 1_000_000];

/// One query's (median, p95) at each size.
type Figures = Vec<(Duration, Duration)>;

/// A query one of the two pages makes.
enum Case {
    Developers(DeveloperQuery),
    Requests(RequestQuery),
    Applications(ApplicationQuery),
}

impl Case {
    /// Runs the query once; returns how many rows it found.
    async fn run(&self, store: &Store) -> usize {
        match self {
            Self::Developers(query) => store.developer_page(query).await.map(|p| p.rows.len()),
            Self::Requests(query) => store
                .developer_request_page(query)
                .await
                .map(|p| p.rows.len()),
            Self::Applications(query) => store
                .application_list_page(query)
                .await
                .map(|p| p.rows.len()),
        }
        .expect("the query runs")
    }
}

#[tokio::main]
async fn main() {
    let mut backends = vec!["SQLite"];
    let postgres = std::env::var("BENCH_POSTGRES_URL").ok();
    if postgres.is_some() {
        backends.push("PostgreSQL");
    }
    let mut names: Vec<String> = Vec::new();
    // Per backend, per query, the figures at each size.
    let mut results: Vec<Vec<Figures>> = Vec::new();
    for backend in &backends {
        let mut by_query: Vec<Figures> = Vec::new();
        for (column, &size) in SIZES.iter().enumerate() {
            let dir = tempfile::tempdir().expect("a temporary directory");
            let url = match (*backend, &postgres) {
                ("PostgreSQL", Some(server)) => {
                    let name = format!("bench_{}", uuid::Uuid::new_v4().simple());
                    eprintln!("PostgreSQL {size}: database {name}");
                    gatehouse_db::Db::create_postgres_database(server, &name)
                        .await
                        .expect("a benchmark database is created")
                }
                _ => {
                    let kept = std::env::var("BENCH_KEEP").map(std::path::PathBuf::from);
                    let folder = kept.as_deref().unwrap_or(dir.path());
                    let file = folder.join(format!("bench-{size}.db"));
                    // A kept file from an earlier run would be filled twice.
                    let _ = std::fs::remove_file(&file);
                    format!("sqlite://{}", file.display())
                }
            };
            let store = Store::connect(&url, NativePlatform::shared(2))
                .await
                .expect("the database opens");
            store.migrate().await.expect("migrations run");
            let started = Instant::now();
            store
                .bench_fill_developers(size)
                .await
                .expect("developers load");
            store
                .bench_fill_applications()
                .await
                .expect("applications load");
            eprintln!(
                "{backend}: loaded {size} developers and applications in {:.1?}",
                started.elapsed()
            );
            // `BENCH_ONLY=Applications` times only the queries whose name starts with it.
            let only = std::env::var("BENCH_ONLY").unwrap_or_default();
            let chosen = cases(&store)
                .await
                .into_iter()
                .filter(|(name, _)| name.starts_with(&only));
            for (row, (name, case)) in chosen.enumerate() {
                let figures = measure(&store, &case).await;
                // Progress as it goes: a slow query shows itself before the table.
                eprintln!(
                    "{backend} {size}: {name}: median {:.2} ms, p95 {:.2} ms",
                    ms(figures.0),
                    ms(figures.1)
                );
                if column == 0 {
                    by_query.push(vec![figures]);
                    if results.is_empty() {
                        names.push(name);
                    }
                } else {
                    by_query[row].push(figures);
                }
            }
        }
        results.push(by_query);
    }
    println!(
        "\nDevelopers, Requests and Applications page queries, {RUNS} runs each (median / p95, milliseconds)\n"
    );
    let mut header = String::from("| query |");
    let mut rule = String::from("|---|");
    for backend in &backends {
        header += &format!(
            " {backend} 10,000: median | p95 | {backend} 1,000,000: median | p95 | p95 ratio |"
        );
        rule += "---|---|---|---|---|";
    }
    println!("{header}\n{rule}");
    for (row, name) in names.iter().enumerate() {
        let mut line = format!("| {name} |");
        for by_query in &results {
            let (small, large) = (by_query[row][0], by_query[row][1]);
            line += &format!(
                " {:.2} | {:.2} | {:.2} | {:.2} | {:.2}x |",
                ms(small.0),
                ms(small.1),
                ms(large.0),
                ms(large.1),
                ms(large.1) / ms(small.1)
            );
        }
        println!("{line}");
    }
}

async fn cases(store: &Store) -> Vec<(String, Case)> {
    let approved = |sort, descending| DeveloperQuery {
        status: Some(DeveloperStatus::Approved),
        sort,
        descending,
        ..Default::default()
    };
    // A position half-way through the approved developers, for "a page deep in the list".
    let middle = store
        .bench_middle_cursor()
        .await
        .expect("a middle position");
    let middle_request = store
        .bench_middle_request()
        .await
        .expect("a middle position in the queue");
    let requests = |search: &str, after: &str| {
        Case::Requests(RequestQuery {
            search: Search::parse(search),
            after: after.to_string(),
        })
    };
    let developer_cases = vec![
        (
            "first page (approved, by requested)".into(),
            approved(DeveloperSort::Requested, false),
        ),
        (
            "deep page (half-way)".into(),
            DeveloperQuery {
                after: middle,
                ..approved(DeveloperSort::Requested, false)
            },
        ),
        (
            "search by email prefix".into(),
            DeveloperQuery {
                search: Search::parse("user00042"),
                ..approved(DeveloperSort::Requested, false)
            },
        ),
        (
            "search by name prefix".into(),
            DeveloperQuery {
                search: Search::parse("dev 00042"),
                ..approved(DeveloperSort::Requested, false)
            },
        ),
        ("sort by name".into(), approved(DeveloperSort::Name, false)),
        (
            "sort by name, descending".into(),
            approved(DeveloperSort::Name, true),
        ),
        (
            "sort by email".into(),
            approved(DeveloperSort::Email, false),
        ),
        (
            "sort by email, descending".into(),
            approved(DeveloperSort::Email, true),
        ),
        (
            "sort by requested, descending".into(),
            approved(DeveloperSort::Requested, true),
        ),
        (
            "requested tab (pending)".into(),
            DeveloperQuery {
                status: Some(DeveloperStatus::Pending),
                ..Default::default()
            },
        ),
    ];
    let mut cases: Vec<(String, Case)> = developer_cases
        .into_iter()
        .map(|(name, query)| (name, Case::Developers(query)))
        .collect();
    let middle_application = store
        .bench_middle_application()
        .await
        .expect("a middle position among the applications");
    let applications = |search: &str, status: Option<RegistrationStatus>, after: &str| {
        Case::Applications(ApplicationQuery {
            search: Search::parse(search),
            status,
            after: after.to_string(),
        })
    };
    cases.extend([
        (
            "Applications: first page".into(),
            applications("", None, ""),
        ),
        (
            "Applications: deep page (half-way)".into(),
            applications("", None, &middle_application),
        ),
        (
            "Applications: search by application name".into(),
            applications("app 00042", None, ""),
        ),
        (
            "Applications: search by developer email".into(),
            applications("user00042", None, ""),
        ),
        (
            "Applications: broad search, count capped (user0)".into(),
            applications("user0", None, ""),
        ),
        (
            "Applications: a rare status (revoked, 1%)".into(),
            applications("", Some(RegistrationStatus::Revoked), ""),
        ),
        (
            "Applications: a common status (approved, 90%)".into(),
            applications("", Some(RegistrationStatus::Approved), ""),
        ),
        ("Requests: first page".into(), requests("", "")),
        (
            "Requests: deep page (half-way)".into(),
            requests("", &middle_request),
        ),
        (
            "Requests: search by email prefix".into(),
            requests("user00042", ""),
        ),
        (
            "Requests: search by name prefix".into(),
            requests("dev 00042", ""),
        ),
        (
            "Requests: broad search, count capped (user0)".into(),
            requests("user0", ""),
        ),
    ]);
    cases
}

async fn measure(store: &Store, case: &Case) -> (Duration, Duration) {
    // Warm the cache the way a running server's would be.
    for _ in 0..5 {
        case.run(store).await;
    }
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        let rows = case.run(store).await;
        times.push(started.elapsed());
        assert!(rows > 0, "every benchmarked query returns rows");
    }
    times.sort();
    (times[RUNS / 2], times[RUNS * 95 / 100])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
