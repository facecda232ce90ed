//! Benchmark: the Developers page query (first page, deep page, search, each sort) on a real
//! SQLite file holding 10,000 and then 1,000,000 developers, printed side by side so the
//! growth is visible. Each figure is the median and 95th percentile of repeated runs.

use std::time::{Duration, Instant};

use app::model::{DeveloperQuery, DeveloperSort, DeveloperStatus};
use server::store::Store;

const RUNS: usize = 200;
const SIZES: [i64; 2] = [10_000, 1_000_000];

#[tokio::main]
async fn main() {
    let mut results: Vec<(String, Vec<(Duration, Duration)>)> = Vec::new();
    for (column, &size) in SIZES.iter().enumerate() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = Store::connect(&format!(
            "sqlite://{}",
            dir.path().join("bench.db").display()
        ))
        .await
        .expect("the database opens");
        store.migrate().await.expect("migrations run");
        let started = Instant::now();
        store
            .bench_fill_developers(size)
            .await
            .expect("developers load");
        eprintln!("loaded {size} developers in {:.1?}", started.elapsed());
        for (row, (name, query)) in cases(&store).await.into_iter().enumerate() {
            let figures = measure(&store, &query).await;
            if column == 0 {
                results.push((name, vec![figures]));
            } else {
                results[row].1.push(figures);
            }
        }
    }
    println!("\nDevelopers page query, {RUNS} runs each (median / p95, milliseconds)\n");
    println!("| query | 10,000: median | p95 | 1,000,000: median | p95 | p95 ratio |");
    println!("|---|---|---|---|---|---|");
    for (name, figures) in &results {
        let (small, large) = (figures[0], figures[1]);
        println!(
            "| {name} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2}x |",
            ms(small.0),
            ms(small.1),
            ms(large.0),
            ms(large.1),
            ms(large.1) / ms(small.1)
        );
    }
}

async fn cases(store: &Store) -> Vec<(String, DeveloperQuery)> {
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
    vec![
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
                search: "user00042".into(),
                ..approved(DeveloperSort::Requested, false)
            },
        ),
        (
            "search by name prefix".into(),
            DeveloperQuery {
                search: "dev 00042".into(),
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
    ]
}

async fn measure(store: &Store, query: &DeveloperQuery) -> (Duration, Duration) {
    // Warm the cache the way a running server's would be.
    for _ in 0..5 {
        store.developer_page(query).await.expect("the query runs");
    }
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        let page = store.developer_page(query).await.expect("the query runs");
        times.push(started.elapsed());
        assert!(
            !page.rows.is_empty(),
            "every benchmarked query returns rows"
        );
    }
    times.sort();
    (times[RUNS / 2], times[RUNS * 95 / 100])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
