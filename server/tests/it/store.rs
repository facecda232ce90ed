//! The SQLite store itself: the file, migrations, the first admin, sessions. The native
//! server's drivers only: on the Worker, D1 runs the same statements, which every other
//! module exercises over HTTP.

use app::model::{Email, Viewer};
use gatehouse_core::store::{NewAccount, SessionOwner, Store, StoreError};
use server::platform::NativePlatform;

use crate::helpers::{skipped_on_workers, TestApp};

const STORE_ONLY: &str =
    "a test of the native store; D1 runs the same statements, tested over HTTP";

#[tokio::test]
async fn the_database_file_is_created_and_migrated_and_a_restart_keeps_it() {
    if skipped_on_workers(STORE_ONLY) {
        return;
    }
    let app = TestApp::spawn().await;
    let (path, url) = app.database();
    if !crate::helpers::on_postgres() {
        assert!(path.exists());
    }
    app.sign_up("Ada", "ada@example.com", "analytical engine")
        .await;
    // A second process on the same database: migrations are idempotent, nothing is lost,
    // and the first admin is not created twice.
    let again = Store::connect(url, NativePlatform::shared(2))
        .await
        .unwrap();
    again.migrate().await.unwrap();
    assert_eq!(again.developer_count().await.unwrap(), 1);
    assert_eq!(again.admin_count().await.unwrap(), 1);
}

#[tokio::test]
async fn emails_are_unique_whatever_their_case() {
    if skipped_on_workers(STORE_ONLY) {
        return;
    }
    let app = TestApp::spawn().await;
    let email = Email::parse("Bob@Example.com").unwrap();
    let account = NewAccount {
        email: &email,
        password_hash: "x".into(),
    };
    app.store()
        .insert_developer(account, "Bob", app::model::DeveloperStatus::Pending, true)
        .await
        .unwrap();
    let same = Email::parse("bob@example.COM").unwrap();
    let account = NewAccount {
        email: &same,
        password_hash: "x".into(),
    };
    let error = app
        .store()
        .insert_developer(account, "Bob 2", app::model::DeveloperStatus::Pending, true)
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::AlreadyExists));
}

#[tokio::test]
async fn an_expired_session_identifies_no_one() {
    if skipped_on_workers(STORE_ONLY) {
        return;
    }
    let app = TestApp::spawn().await;
    let email = Email::parse("bob@example.com").unwrap();
    let account = NewAccount {
        email: &email,
        password_hash: "x".into(),
    };
    let id = app
        .store()
        .insert_developer(account, "Bob", app::model::DeveloperStatus::Pending, true)
        .await
        .unwrap();
    app.store()
        .start_session(
            "live",
            SessionOwner::Developer(&id),
            60_000,
            "127.0.0.1",
            None,
        )
        .await
        .unwrap();
    app.store()
        .start_session("dead", SessionOwner::Developer(&id), -1, "127.0.0.1", None)
        .await
        .unwrap();
    assert!(matches!(
        app.store().session_viewer("live").await.unwrap(),
        Viewer::Developer { .. }
    ));
    assert_eq!(
        app.store().session_viewer("dead").await.unwrap(),
        Viewer::Anonymous
    );
    assert_eq!(app.store().delete_expired_sessions().await.unwrap(), 1);
}

#[tokio::test]
async fn sign_up_is_written_to_the_audit_log() {
    if skipped_on_workers(STORE_ONLY) {
        return;
    }
    let app = TestApp::spawn().await;
    app.sign_up("Ada", "ada@example.com", "analytical engine")
        .await;
    let id: String = app.store().developer_ids().await.unwrap().remove(0);
    assert_eq!(
        app.store().audit_actions_for(&id).await.unwrap(),
        vec!["developer.signed_up"]
    );
}

/// The PostgreSQL schema is the SQLite one in PostgreSQL's terms: the same tables and
/// columns, and triggers that keep the tab counts and the gateway version the same way.
#[tokio::test]
async fn the_postgresql_schema_matches_the_sqlite_one() {
    if skipped_on_workers(STORE_ONLY) {
        return;
    }
    use gatehouse_db::{Db, Migrations, Stmt};
    let Ok(server) = std::env::var("TEST_POSTGRES_URL") else {
        eprintln!("TEST_POSTGRES_URL is not set: PostgreSQL schema not checked");
        return;
    };
    let migrations = || Migrations {
        sqlite: &sqlx::migrate!("./migrations/sqlite"),
        postgres: &sqlx::migrate!("./migrations/postgres"),
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Db::connect(&format!(
        "sqlite://{}",
        dir.path().join("schema.db").display()
    ))
    .await
    .unwrap();
    sqlite.migrate(migrations()).await.unwrap();
    let admin = Db::connect(&server).await.unwrap();
    let name = format!("schema_{}", uuid::Uuid::new_v4().simple());
    admin
        .run(Stmt::new(format!("CREATE DATABASE {name}")))
        .await
        .unwrap();
    let postgres = Db::connect(&format!("{}/{name}", server.rsplit_once('/').unwrap().0))
        .await
        .unwrap();
    postgres.migrate(migrations()).await.unwrap();
    postgres.migrate(migrations()).await.unwrap();

    let columns = |rows: Vec<gatehouse_db::Row>| {
        let mut columns: Vec<String> = rows
            .iter()
            .map(|row| format!("{}.{}", row.get::<String>("t"), row.get::<String>("c")))
            .collect();
        columns.sort();
        columns
    };
    let on_sqlite = columns(
        sqlite
            .all(Stmt::new(
                "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
                   AND m.name NOT IN ('_sqlx_migrations', 'batch_applied')",
            ))
            .await
            .unwrap(),
    );
    let on_postgres = columns(
        postgres
            .all(Stmt::new(
                "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns
                 WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
            ))
            .await
            .unwrap(),
    );
    assert!(on_sqlite.len() > 100, "{on_sqlite:?}");
    assert_eq!(on_postgres, on_sqlite);

    for db in [&sqlite, &postgres] {
        db.run(Stmt::new(
            "INSERT INTO developers (id, email, email_normalized, full_name, name_normalized, password_hash, status, created_at, updated_at)
             VALUES ('d1', 'Ada@example.com', 'ada@example.com', 'Ada', 'ada', 'x', 'pending', 1, 1)",
        ))
        .await
        .unwrap();
        db.run(Stmt::new(
            "UPDATE developers SET status = 'approved' WHERE id = 'd1'",
        ))
        .await
        .unwrap();
        let counts = db
            .all(Stmt::new(
                "SELECT status, n FROM developer_counts ORDER BY status",
            ))
            .await
            .unwrap();
        let counts: Vec<(String, i64)> = counts
            .iter()
            .map(|row| (row.get("status"), row.get("n")))
            .collect();
        assert_eq!(
            counts,
            [
                ("approved".to_owned(), 1),
                ("pending".to_owned(), 0),
                ("rejected".to_owned(), 0),
                ("revoked".to_owned(), 0)
            ]
        );
        let version: Option<i64> = db
            .scalar(Stmt::new("SELECT version FROM gateway_version"))
            .await
            .unwrap();
        assert_eq!(
            version,
            Some(1),
            "the status change bumped the gateway version"
        );
    }
}

/// Workers on several instances claim due e-mail with leases: each message goes to one of
/// them, and a message whose worker died goes to another once the lease runs out.
#[tokio::test]
async fn each_due_message_is_claimed_by_one_worker() {
    if skipped_on_workers(STORE_ONLY) {
        return;
    }
    let app = TestApp::spawn().await;
    let letter = |n: usize| gatehouse_core::mail::Letter {
        kind: "test.lease",
        recipient: format!("reader{n}@example.com"),
        subject: "Leases".into(),
        body: "Hello".into(),
        sealed_link: None,
    };
    for n in 0..30 {
        app.store().enqueue(&letter(n)).await.unwrap();
    }
    // No SMTP server is configured, so nothing but these workers claims the messages.
    let workers: Vec<_> = (0..3)
        .map(|_| {
            let store = app.store().clone();
            tokio::spawn(async move { store.claim_due_mail(100, 60_000).await.unwrap() })
        })
        .collect();
    let mut claimed = Vec::new();
    for worker in workers {
        claimed.extend(worker.await.unwrap().into_iter().map(|mail| mail.id));
    }
    let total = claimed.len();
    claimed.sort_unstable();
    claimed.dedup();
    assert_eq!(claimed.len(), total, "no message was claimed twice");
    assert_eq!(
        total as i64,
        app.count("outbox").await,
        "every due message was claimed"
    );
    assert!(app
        .store()
        .claim_due_mail(100, 60_000)
        .await
        .unwrap()
        .is_empty());

    // A worker that died: its lease has run out, so the next worker takes the message.
    app.store().enqueue(&letter(99)).await.unwrap();
    let dead = app.store().claim_due_mail(100, -1).await.unwrap();
    assert_eq!(dead.len(), 1);
    let again = app.store().claim_due_mail(100, 60_000).await.unwrap();
    assert_eq!(
        again.iter().map(|mail| mail.id).collect::<Vec<_>>(),
        [dead[0].id]
    );
    // The slow worker comes back: its claim is gone, so it neither sends nor records.
    assert!(!app.store().renew_lease(&dead[0], 60_000).await.unwrap());
    app.store().mark_sent(&dead[0]).await.unwrap();
    assert!(app.store().renew_lease(&again[0], 60_000).await.unwrap());
    assert_eq!(
        app.count_where("outbox", "sent_at IS NOT NULL").await,
        0,
        "a lost claim records nothing"
    );
}

/// Instances started together on an empty database: each sees no admin, and exactly one
/// creates the first owner, whatever address each was configured with.
#[tokio::test]
async fn instances_started_together_create_one_first_owner() {
    if skipped_on_workers(STORE_ONLY) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::new_database(&dir).await;
    let store = Store::connect(&url, NativePlatform::shared(2))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let starts: Vec<_> = (0..5)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                let email = Email::parse(&format!("owner{n}@example.com")).unwrap();
                store
                    .insert_first_owner(NewAccount {
                        email: &email,
                        password_hash: "x".into(),
                    })
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut created = 0;
    for start in starts {
        created += usize::from(start.await.unwrap().is_some());
    }
    assert_eq!(created, 1, "one instance created the owner");
    assert_eq!(store.admin_count().await.unwrap(), 1);
    // A later start finds the owner and creates nothing.
    let late = Email::parse("late@example.com").unwrap();
    let again = store
        .insert_first_owner(NewAccount {
            email: &late,
            password_hash: "x".into(),
        })
        .await
        .unwrap();
    assert!(again.is_none());
}
