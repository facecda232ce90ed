//! The SQLite store itself: the file, migrations, the first admin, sessions.

use app::model::{Email, Viewer};
use server::store::{NewAccount, SessionOwner, Store, StoreError};

use crate::helpers::TestApp;

#[tokio::test]
async fn the_database_file_is_created_and_migrated_and_a_restart_keeps_it() {
    let app = TestApp::spawn().await;
    assert!(app.database_path.exists());
    app.sign_up("Ada", "ada@example.com", "analytical engine")
        .await;
    // A second process on the same file: migrations are idempotent, nothing is lost,
    // and the first admin is not created twice.
    let again = Store::connect(&format!("sqlite://{}", app.database_path.display()))
        .await
        .unwrap();
    again.migrate().await.unwrap();
    assert_eq!(again.developer_count().await.unwrap(), 1);
    assert_eq!(again.admin_count().await.unwrap(), 1);
}

#[tokio::test]
async fn emails_are_unique_whatever_their_case() {
    let app = TestApp::spawn().await;
    let email = Email::parse("Bob@Example.com").unwrap();
    let account = NewAccount {
        email: &email,
        password_hash: "x".into(),
    };
    app.store
        .insert_developer(account, "Bob", app::model::DeveloperStatus::Pending, true)
        .await
        .unwrap();
    let same = Email::parse("bob@example.COM").unwrap();
    let account = NewAccount {
        email: &same,
        password_hash: "x".into(),
    };
    let error = app
        .store
        .insert_developer(account, "Bob 2", app::model::DeveloperStatus::Pending, true)
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::AlreadyExists));
}

#[tokio::test]
async fn an_expired_session_identifies_no_one() {
    let app = TestApp::spawn().await;
    let email = Email::parse("bob@example.com").unwrap();
    let account = NewAccount {
        email: &email,
        password_hash: "x".into(),
    };
    let id = app
        .store
        .insert_developer(account, "Bob", app::model::DeveloperStatus::Pending, true)
        .await
        .unwrap();
    app.store
        .start_session(
            "live",
            SessionOwner::Developer(&id),
            60_000,
            "127.0.0.1",
            None,
        )
        .await
        .unwrap();
    app.store
        .start_session("dead", SessionOwner::Developer(&id), -1, "127.0.0.1", None)
        .await
        .unwrap();
    assert!(matches!(
        app.store.session_viewer("live").await.unwrap(),
        Viewer::Developer { .. }
    ));
    assert_eq!(
        app.store.session_viewer("dead").await.unwrap(),
        Viewer::Anonymous
    );
    assert_eq!(app.store.delete_expired_sessions().await.unwrap(), 1);
}

#[tokio::test]
async fn sign_up_is_written_to_the_audit_log() {
    let app = TestApp::spawn().await;
    app.sign_up("Ada", "ada@example.com", "analytical engine")
        .await;
    let id: String = app.store.developer_ids().await.unwrap().remove(0);
    assert_eq!(
        app.store.audit_actions_for(&id).await.unwrap(),
        vec!["developer.signed_up"]
    );
}
