//! Synthetic developers for the benchmarks: generated inside the database in one statement.

use gatehouse_db::{Batch, Dialect, Stmt};

use super::{Store, StoreError};

/// The developer columns the benchmark fills, in the order both generators produce them.
const BENCH_DEVELOPERS: &str = "INSERT INTO developers (id, email, email_normalized, full_name, name_normalized, password_hash, status, email_verified_at, created_at, updated_at)";

impl Store {
    /// Inserts `count` developers: 60% approved, 30% pending, 5% rejected, 5% revoked, with
    /// emails `userNNNNNNN@example.com` and names `Dev NNNNNNN`, one second apart. Two thirds
    /// of the pending ones (20% of all, what bots leave behind) never confirmed their
    /// address: sign-ups, not requests; the other 10% wait on the Requests page.
    #[doc(hidden)]
    pub async fn bench_fill_developers(&self, count: i64) -> Result<(), StoreError> {
        let generate = match self.db.dialect() {
            Dialect::Sqlite => {
                "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?1)
                 SELECT printf('%08d-0000-4000-8000-000000000000', n),
                        printf('user%07d@example.com', n), printf('user%07d@example.com', n),
                        printf('Dev %07d', (n * 7919) % ?1), printf('dev %07d', (n * 7919) % ?1),
                        'not-a-hash',
                        CASE WHEN n % 20 < 12 THEN 'approved' WHEN n % 20 < 18 THEN 'pending'
                             WHEN n % 20 = 18 THEN 'rejected' ELSE 'revoked' END,
                        CASE WHEN n % 20 BETWEEN 14 AND 17 THEN NULL ELSE 1700000000000 + n * 1000 END,
                        1700000000000 + n * 1000, 1700000000000 + n * 1000
                 FROM seq"
            }
            Dialect::Postgres => {
                "SELECT lpad(n::text, 8, '0') || '-0000-4000-8000-000000000000',
                        'user' || lpad(n::text, 7, '0') || '@example.com',
                        'user' || lpad(n::text, 7, '0') || '@example.com',
                        'Dev ' || lpad(((n * 7919) % ?1)::text, 7, '0'),
                        'dev ' || lpad(((n * 7919) % ?1)::text, 7, '0'),
                        'not-a-hash',
                        CASE WHEN n % 20 < 12 THEN 'approved' WHEN n % 20 < 18 THEN 'pending'
                             WHEN n % 20 = 18 THEN 'rejected' ELSE 'revoked' END,
                        CASE WHEN n % 20 BETWEEN 14 AND 17 THEN NULL ELSE 1700000000000 + n * 1000 END,
                        1700000000000 + n * 1000, 1700000000000 + n * 1000
                 FROM generate_series(1::bigint, ?1) AS n"
            }
        };
        let fill = Stmt::new(format!("{BENCH_DEVELOPERS} {generate}")).bind(count);
        self.bench_load(vec![fill]).await?;
        // Statistics for the planner; on PostgreSQL also the visibility map, so that the
        // autovacuum a million new rows set off does not run during the measurements.
        let settle = match self.db.dialect() {
            Dialect::Sqlite => "ANALYZE",
            Dialect::Postgres => "VACUUM ANALYZE",
        };
        self.db.run(Stmt::new(settle)).await?;
        Ok(())
    }

    /// Runs `steps` in one batch. On PostgreSQL the per-row triggers are off while they run
    /// (a million updates of one counter row in one transaction take minutes), and the
    /// counts and the gateway version are then set once, as the triggers would have left them.
    /// That needs a superuser (as `scripts/bench` connects); foreign keys go unchecked too,
    /// which the generated rows do not need.
    async fn bench_load(&self, steps: Vec<Stmt>) -> Result<(), StoreError> {
        let postgres = self.db.dialect() == Dialect::Postgres;
        let mut batch = Batch::new();
        if postgres {
            batch.push(Stmt::new("SET LOCAL session_replication_role = replica"));
        }
        for step in steps {
            batch.push(step);
        }
        if postgres {
            batch.push(Stmt::new(
                "UPDATE developer_counts SET n =
                     (SELECT count(*) FROM developers WHERE developers.status = developer_counts.status)",
            ));
            batch.push(Stmt::new(
                "UPDATE gateway_version SET version = version + 1",
            ));
        }
        self.db.batch(batch).await?;
        Ok(())
    }

    /// One application per benchmark developer (`app NNNNNNN`, created with its developer),
    /// each registered with one service: 90% approved, 6% pending, 3% rejected, 1% revoked.
    /// Run after [`Store::bench_fill_developers`].
    #[doc(hidden)]
    pub async fn bench_fill_applications(&self) -> Result<(), StoreError> {
        let service = Stmt::new(
            "INSERT INTO services (id, name, name_normalized, description, version, route_prefix, published, created_at, updated_at)
             VALUES ('bench-list-service', 'Bench list', 'bench list', '', '1', '/bench-list', 1, 0, 0)",
        );
        let applications = Stmt::new(
            "INSERT INTO applications (id, developer_id, name, name_normalized, created_at, updated_at)
             SELECT 'app-' || id, id, 'App ' || substr(email, 5, 7), 'app ' || substr(email, 5, 7),
                    created_at, created_at
             FROM developers",
        );
        let status = "CASE WHEN CAST(substr(a.name_normalized, 5) AS INTEGER) % 100 < 90 THEN 'approved'
                           WHEN CAST(substr(a.name_normalized, 5) AS INTEGER) % 100 < 96 THEN 'pending'
                           WHEN CAST(substr(a.name_normalized, 5) AS INTEGER) % 100 < 99 THEN 'rejected'
                           ELSE 'revoked' END";
        let registrations = Stmt::new(format!(
            "INSERT INTO registrations (id, application_id, service_id, status, created_at, updated_at,
                                        application_created_at)
             SELECT 'reg-' || a.id, a.id, 'bench-list-service', {status}, a.created_at, a.created_at,
                    a.created_at
             FROM applications a"
        ));
        self.bench_load(vec![service, applications, registrations])
            .await?;
        let settle = match self.db.dialect() {
            Dialect::Sqlite => "ANALYZE",
            Dialect::Postgres => "VACUUM ANALYZE",
        };
        self.db.run(Stmt::new(settle)).await?;
        Ok(())
    }

    /// The Applications page's position half-way through, newest first.
    #[doc(hidden)]
    pub async fn bench_middle_application(&self) -> Result<String, StoreError> {
        let row = self
            .db
            .one(Stmt::new(
                "SELECT created_at, id FROM applications ORDER BY created_at DESC, id DESC
                 LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM applications)",
            ))
            .await?
            .unwrap_or_else(|| panic!("the benchmark has applications"));
        Ok(app::model::request_cursor(
            row.get("created_at"),
            &row.get::<String>("id"),
        ))
    }

    /// The Requests page's position half-way through the developers waiting for a decision.
    #[doc(hidden)]
    pub async fn bench_middle_request(&self) -> Result<String, StoreError> {
        let row = self
            .db
            .one(Stmt::new(
                "SELECT created_at, id FROM developers
                 WHERE status = 'pending' AND email_verified_at IS NOT NULL
                 ORDER BY created_at, id LIMIT 1
                 OFFSET (SELECT n / 6 FROM developer_counts WHERE status = 'pending')",
            ))
            .await?
            .unwrap_or_else(|| panic!("the benchmark has developers waiting"));
        Ok(app::model::request_cursor(
            row.get("created_at"),
            &row.get::<String>("id"),
        ))
    }

    /// The keyset position half-way through the approved developers, by request time.
    #[doc(hidden)]
    pub async fn bench_middle_cursor(&self) -> Result<String, StoreError> {
        let row = self
            .db
            .one(Stmt::new(
                "SELECT created_at, id FROM developers WHERE status = 'approved'
                 ORDER BY created_at, id LIMIT 1
                 OFFSET (SELECT n / 2 FROM developer_counts WHERE status = 'approved')",
            ))
            .await?
            .unwrap_or_else(|| panic!("the benchmark has approved developers"));
        Ok(format!(
            "{}\t{}",
            row.get::<i64>("created_at"),
            row.get::<String>("id")
        ))
    }
}

impl Store {
    /// The gateway benchmark's data: a published service at `/bench`, and `count` key-auth
    /// credentials spread over approved developers (10 applications each, 10 credentials per
    /// application), every application approved for the service. Key `n` is
    /// `bench_key(n)`. Returns nothing secret: the keys are predictable on purpose.
    #[doc(hidden)]
    pub async fn bench_fill_gateway(&self, count: usize) -> Result<(), StoreError> {
        let now = self.now();
        let mut batch = Vec::new();
        batch.push(
            Stmt::new(
                "INSERT INTO services (id, name, name_normalized, description, version, route_prefix, published, created_at, updated_at)
                 VALUES ('bench-service', 'Bench', 'bench', '', '1', '/bench', 1, ?1, ?1)",
            )
            .bind(now),
        );
        for n in 0..count {
            let (developer, application) = (n / 100, n / 10);
            if n % 100 == 0 {
                batch.push(
                    Stmt::new(
                        "INSERT INTO developers (id, email, email_normalized, full_name, name_normalized, password_hash, status, created_at, updated_at)
                         VALUES (?1, ?2, ?2, 'Bench', 'bench', 'not-a-hash', 'approved', ?3, ?3)",
                    )
                    .bind(format!("bench-dev-{developer}"))
                    .bind(format!("bench{developer}@example.com"))
                    .bind(now),
                );
            }
            if n % 10 == 0 {
                batch.push(
                    Stmt::new(
                        "INSERT INTO applications (id, developer_id, name, name_normalized, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?3, ?4, ?4)",
                    )
                    .bind(format!("bench-app-{application}"))
                    .bind(format!("bench-dev-{developer}"))
                    .bind(format!("app {application}"))
                    .bind(now),
                );
                batch.push(
                    Stmt::new(
                        "INSERT INTO registrations (id, application_id, service_id, status, created_at, updated_at,
                                                    application_created_at)
                         VALUES (?1, ?2, 'bench-service', 'approved', ?3, ?3, ?3)",
                    )
                    .bind(format!("bench-reg-{application}"))
                    .bind(format!("bench-app-{application}"))
                    .bind(now),
                );
            }
            let key = bench_key(n);
            batch.push(
                Stmt::new(
                    "INSERT INTO credentials (id, application_id, kind, name, secret_hash, hint, created_at)
                     VALUES (?1, ?2, 'key-auth', 'bench', ?3, 'bench', ?4)",
                )
                .bind(format!("bench-cred-{n}"))
                .bind(format!("bench-app-{application}"))
                .bind(crate::auth::hash_token(&key))
                .bind(now),
            );
        }
        self.bench_load(batch).await
    }
}

/// The gateway benchmark's key number `n`: 32 alphanumeric characters.
#[doc(hidden)]
pub fn bench_key(n: usize) -> String {
    format!("benchkey{n:024}")
}
