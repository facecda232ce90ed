//! The layer's promises, checked on a real SQLite file and, when `TEST_POSTGRES_URL`
//! names a server, on a fresh database of a real PostgreSQL.

use std::future::Future;

use gatehouse_db::{Batch, Db, DbError, Dialect, Kind, Stmt, Value};

/// Runs `check` on a new SQLite file, then on a new PostgreSQL database if one is configured.
async fn on_each_backend<F, Fut>(check: F)
where
    F: Fn(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    check(Db::connect(&url).await.unwrap()).await;
    match std::env::var("TEST_POSTGRES_URL") {
        Ok(server) => check(fresh_postgres(&server).await).await,
        Err(_) => eprintln!("TEST_POSTGRES_URL is not set: checked on SQLite only"),
    }
}

/// A new, empty database on the PostgreSQL server at `server`.
async fn fresh_postgres(server: &str) -> Db {
    let name = format!("layer_{}", uuid::Uuid::new_v4().simple());
    let url = Db::create_postgres_database(server, &name).await.unwrap();
    Db::connect(&url).await.unwrap()
}

async fn developers_table(db: &Db) {
    db.run(Stmt::new(
        "CREATE TABLE developers (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, status TEXT NOT NULL, logins BIGINT, score DOUBLE PRECISION, avatar BYTEA)"
    ))
    .await
    .unwrap();
    db.run(Stmt::new(
        "CREATE TABLE audit_log (id BIGINT, action TEXT NOT NULL, target TEXT NOT NULL)",
    ))
    .await
    .unwrap();
}

#[tokio::test]
async fn values_read_back_as_they_were_bound() {
    on_each_backend(|db| async move {
        developers_table(&db).await;
        db.run(
            Stmt::new("INSERT INTO developers (id, email, status, logins, score, avatar) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .bind("d1")
                .bind("ada@example.com")
                .bind("pending")
                .bind(1_700_000_000_123_i64)
                .bind(0.5)
                .bind(vec![0_u8, 255, 7]),
        )
        .await
        .unwrap();
        db.run(
            Stmt::new("INSERT INTO developers (id, email, status, logins, score, avatar) VALUES (?, ?, ?, ?, ?, ?)")
                .bind("d2")
                .bind("it's me?1@example.com")
                .bind("pending")
                .bind(None::<i64>)
                .bind(None::<f64>)
                .bind(None::<Vec<u8>>),
        )
        .await
        .unwrap();
        let rows = db
            .all(Stmt::new("SELECT id, email, logins, score, avatar, logins IS NULL AS never FROM developers ORDER BY id"))
            .await
            .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].get::<i64>("logins"), 1_700_000_000_123);
        assert_eq!(rows[0].get::<f64>("score"), 0.5);
        assert_eq!(rows[0].get::<Vec<u8>>("avatar"), vec![0, 255, 7]);
        assert!(!rows[0].get::<bool>("never"));
        assert_eq!(rows[1].get::<String>("email"), "it's me?1@example.com");
        assert_eq!(rows[1].get::<Option<i64>>("logins"), None);
        assert!(rows[1].get::<bool>("never"));
        // A typed null compares like its type on PostgreSQL too.
        let n: Option<i64> = db
            .scalar(Stmt::new("SELECT COUNT(*) FROM developers WHERE (?1 IS NULL OR logins < ?1) AND (?2 = '' OR email = ?2)").bind(None::<i64>).bind(""))
            .await
            .unwrap();
        assert_eq!(n, Some(2));
        assert!(matches!(
            rows[0].try_get::<i64>("email"),
            Err(DbError::Column { .. })
        ));
    })
    .await;
}

#[tokio::test]
async fn a_unique_violation_is_told_apart_on_every_backend() {
    on_each_backend(|db| async move {
        developers_table(&db).await;
        let insert = |id: &str| {
            Stmt::new("INSERT INTO developers (id, email, status) VALUES (?1, ?2, 'pending')")
                .bind(id)
                .bind("same@example.com")
        };
        db.run(insert("a")).await.unwrap();
        assert!(matches!(
            db.run(insert("b")).await,
            Err(DbError::UniqueViolation)
        ));
    })
    .await;
}

/// Approving a pending developer: the guard, its audit entry (only if it matched) and a
/// count that is touched either way.
fn approve(id: &str, from: &str, to: &str) -> Batch {
    Batch::guarded(
        Stmt::new(
            "UPDATE developers SET status = ?2 WHERE id = ?1 AND status = ?3 RETURNING email",
        )
        .bind(id)
        .bind(to)
        .bind(from),
    )
    .then(
        Stmt::new("INSERT INTO audit_log (action, target) SELECT ?1, ?2 WHERE {applied}")
            .bind(format!("developer.{to}"))
            .bind(id),
    )
}

#[tokio::test]
async fn a_guarded_batch_takes_its_conditional_steps_only_when_the_guard_matched() {
    on_each_backend(|db| async move {
        developers_table(&db).await;
        db.run(Stmt::new(
            "INSERT INTO developers (id, email, status) VALUES ('d1', 'ada@example.com', 'pending')",
        ))
        .await
        .unwrap();
        let always = Stmt::new("UPDATE developers SET logins = COALESCE(logins, 0) + 1");

        let won = db.batch(approve("d1", "pending", "approved").then(always.clone())).await.unwrap();
        assert!(won.applied);
        assert_eq!(won.guard_row().unwrap().get::<String>("email"), "ada@example.com");
        assert_eq!(won.changed, vec![1, 1]);

        let lost = db.batch(approve("d1", "pending", "rejected").then(always)).await.unwrap();
        assert!(!lost.applied);
        assert!(lost.guard.is_empty());
        assert_eq!(lost.changed, vec![0, 1], "the unconditional step still runs");

        let actions: Vec<String> = db
            .all(Stmt::new("SELECT action FROM audit_log"))
            .await
            .unwrap()
            .iter()
            .map(|row| row.get("action"))
            .collect();
        assert_eq!(actions, ["developer.approved"]);
        let status: Option<String> =
            db.scalar(Stmt::new("SELECT status FROM developers")).await.unwrap();
        assert_eq!(status.as_deref(), Some("approved"));
        let logins: Option<i64> = db.scalar(Stmt::new("SELECT logins FROM developers")).await.unwrap();
        assert_eq!(logins, Some(2));
        if db.dialect() == Dialect::Sqlite {
            let marks: Option<i64> =
                db.scalar(Stmt::new("SELECT COUNT(*) FROM batch_applied")).await.unwrap();
            assert_eq!(marks, Some(0), "no mark outlives its batch");
        }
    })
    .await;
}

#[tokio::test]
async fn a_failing_step_undoes_the_whole_batch() {
    on_each_backend(|db| async move {
        developers_table(&db).await;
        db.run(Stmt::new(
            "INSERT INTO developers (id, email, status) VALUES ('d1', 'ada@example.com', 'pending'), ('d2', 'bob@example.com', 'pending')",
        ))
        .await
        .unwrap();
        let clash = approve("d1", "pending", "approved").then(Stmt::new(
            "UPDATE developers SET email = 'bob@example.com' WHERE id = 'd1' AND {applied}",
        ));
        assert!(matches!(db.batch(clash).await, Err(DbError::UniqueViolation)));
        let status: Option<String> = db
            .scalar(Stmt::new("SELECT status FROM developers WHERE id = 'd1'"))
            .await
            .unwrap();
        assert_eq!(status.as_deref(), Some("pending"));
        let audited: Option<i64> = db.scalar(Stmt::new("SELECT COUNT(*) FROM audit_log")).await.unwrap();
        assert_eq!(audited, Some(0));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_racing_decisions_exactly_one_wins_every_time() {
    on_each_backend(|db| async move {
        developers_table(&db).await;
        const PAIRS: usize = 50;
        let mut insert = Batch::new();
        for i in 0..PAIRS {
            insert.push(
                Stmt::new("INSERT INTO developers (id, email, status) VALUES (?1, ?2, 'pending')")
                    .bind(format!("d{i}"))
                    .bind(format!("d{i}@example.com")),
            );
        }
        db.batch(insert).await.unwrap();
        let mut racers = Vec::new();
        for i in 0..PAIRS {
            for to in ["approved", "rejected"] {
                let db = db.clone();
                racers.push(tokio::spawn(async move {
                    db.batch(approve(&format!("d{i}"), "pending", to))
                        .await
                        .unwrap()
                        .applied
                }));
            }
        }
        let mut wins = 0;
        for (n, racer) in racers.into_iter().enumerate() {
            if racer.await.unwrap() {
                wins += 1;
            }
            if n % 2 == 1 {
                assert_eq!(wins, n / 2 + 1, "pair {}: exactly one of two wins", n / 2);
            }
        }
        let audited: Option<i64> = db
            .scalar(Stmt::new("SELECT COUNT(*) FROM audit_log"))
            .await
            .unwrap();
        assert_eq!(audited, Some(PAIRS as i64), "one audit entry per winner");
        let pending: Option<i64> = db
            .scalar(Stmt::new(
                "SELECT COUNT(*) FROM developers WHERE status = 'pending'",
            ))
            .await
            .unwrap();
        assert_eq!(pending, Some(0));
    })
    .await;
}

#[tokio::test]
async fn an_unknown_url_is_refused_without_its_password() {
    let error = Db::connect("mysql://root:hunter2@localhost/db")
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("mysql://localhost"), "{message}");
    assert!(!message.contains("hunter2"));
    let _ = Value::Null(Kind::Int);
}
