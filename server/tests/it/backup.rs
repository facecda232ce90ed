//! `gatehouse backup` while the portal keeps writing, and `gatehouse restore` into another
//! database: the copy is one consistent moment, whole, and serves again.

use std::process::Command;

use gatehouse_core::store::Store;
use server::platform::NativePlatform;

use crate::helpers::{new_database, skipped_on_workers, TestApp};

fn gatehouse(args: &[&str], database_url: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .args(args)
        .env("GATEHOUSE_DATABASE_URL", database_url)
        .env("GATEHOUSE_SECRET_KEY", "5e".repeat(32))
        .output()
        .expect("gatehouse runs")
}

#[tokio::test]
async fn a_backup_taken_while_developers_sign_up_restores_whole_into_another_database() {
    if skipped_on_workers("the command line opens the database itself") {
        return;
    }
    let app = TestApp::spawn_with(&[("GATEHOUSE_SIGN_UPS_PER_HOUR", "1000")]).await;
    let (_, url) = app.database();
    let url = url.to_string();
    // Writes go on the whole time: developers signing up one after another.
    let address = app.address.clone();
    let writes = tokio::spawn(async move {
        let client = reqwest::Client::new();
        for n in 0..150 {
            let response = client
                .post(format!("{address}/api/sign_up"))
                .header("Origin", &address)
                .header("Accept", "application/json")
                .form(&[
                    ("full_name", "Busy Dev"),
                    ("email", &format!("busy{n}@example.com")),
                    ("password", "a long password"),
                ])
                .send()
                .await
                .expect("the server answers");
            assert!(response.status().is_success(), "{}", response.status());
        }
    });
    while app.developer_count().await < 20 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gatehouse.backup");
    let file_arg = file.to_str().unwrap().to_string();
    let before = app.developer_count().await;
    let backup_url = url.clone();
    let output =
        tokio::task::spawn_blocking(move || gatehouse(&["backup", &file_arg], &backup_url))
            .await
            .unwrap();
    let after = app.developer_count().await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    writes.await.unwrap();
    // A second backup to the same file is refused: nothing is overwritten.
    let again = gatehouse(&["backup", file.to_str().unwrap()], &url);
    assert!(!again.status.success());

    let restored_url = new_database(&dir).await;
    let output = gatehouse(&["restore", file.to_str().unwrap()], &restored_url);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let restored = Store::connect(&restored_url, NativePlatform::shared(1))
        .await
        .unwrap();
    restored
        .migrate()
        .await
        .expect("the copy is at the current schema");
    let count = restored.developer_count().await.unwrap();
    assert!(
        (before..=after).contains(&count),
        "the copy is one moment during the backup: {before} ≤ {count} ≤ {after}"
    );
    assert_eq!(restored.admin_count().await.unwrap(), 1);
    assert!(
        after < 150,
        "writes went on after the backup ({after} by then)"
    );

    // Not a backup: refused, and the database is untouched.
    let junk = dir.path().join("junk");
    std::fs::write(&junk, "not a database").unwrap();
    let refused = gatehouse(&["restore", junk.to_str().unwrap()], &restored_url);
    assert!(!refused.status.success());
    assert_eq!(restored.developer_count().await.unwrap(), count);
}
