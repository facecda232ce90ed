//! What tests arrange and inspect besides the pages (a setting flipped, a credential expired
//! now, one record's audit trail, many developers at once), through the shared test hooks:
//! in this process for the native server, over `POST /__test/hook` for the Worker.

use app::model::{AdminRole, DeveloperStatus, EmailRecord};
use gatehouse_web::test_hooks::{apply, Hook};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::helpers::{Target, TestApp};

impl TestApp {
    async fn hook<T: DeserializeOwned>(&self, hook: Hook) -> T {
        let what = format!("{hook:?}");
        let answer = match &self.target {
            Target::InProcess {
                portal, gateway, ..
            } => apply(hook, portal, gateway).await,
            Target::Worker { .. } => {
                let response = reqwest::Client::new()
                    .post(format!("{}/__test/hook", self.address))
                    .json(&hook)
                    .send()
                    .await
                    .expect("the Worker answers");
                if response.status().is_success() {
                    Ok(response.json().await.expect("a JSON answer"))
                } else {
                    Err(response.text().await.unwrap_or_default())
                }
            }
        };
        let answer: Value = answer.unwrap_or_else(|problem| panic!("{what}: {problem}"));
        serde_json::from_value(answer).unwrap_or_else(|e| panic!("{what}: {e}"))
    }

    pub async fn set_flag(&self, key: &str, value: bool) {
        self.set_setting(key, if value { "true" } else { "false" })
            .await
    }

    pub async fn set_setting(&self, key: &str, value: &str) {
        let hook = Hook::SetSetting {
            key: key.into(),
            value: value.into(),
        };
        self.hook::<Value>(hook).await;
    }

    pub async fn developer_count(&self) -> i64 {
        self.hook(Hook::DeveloperCount).await
    }

    /// How many rows `table` holds, read straight from the database.
    pub async fn count(&self, table: &str) -> i64 {
        self.hook(Hook::Count {
            table: table.into(),
            condition: None,
        })
        .await
    }

    /// How many rows of `table` match `condition` (SQL).
    pub async fn count_where(&self, table: &str, condition: &str) -> i64 {
        self.hook(Hook::Count {
            table: table.into(),
            condition: Some(condition.into()),
        })
        .await
    }

    /// The benchmark's generated developers, `count` of them.
    pub async fn fill_developers(&self, count: i64) {
        self.hook::<Value>(Hook::FillDevelopers { count }).await;
    }

    /// One generated application per generated developer.
    pub async fn fill_applications(&self) {
        self.hook::<Value>(Hook::FillApplications).await;
    }

    pub async fn recent_mail(&self, limit: i64) -> Vec<EmailRecord> {
        self.hook(Hook::RecentMail { limit }).await
    }

    /// Every audit event about one record, oldest first: (action, detail).
    pub async fn audit_events_for(&self, id: &str) -> Vec<(String, Value)> {
        self.hook(Hook::AuditEvents {
            target_id: id.into(),
        })
        .await
    }

    pub async fn audit_actions_for(&self, id: &str) -> Vec<String> {
        let events = self.audit_events_for(id).await;
        events.into_iter().map(|(action, _)| action).collect()
    }

    /// Makes the credential's expiry now; whether it had one.
    pub async fn expire_credential_now(&self, id: &str) -> bool {
        self.hook(Hook::ExpireCredentialNow {
            credential_id: id.into(),
        })
        .await
    }

    /// Makes an API token's expiry now; whether it existed.
    pub async fn expire_api_token_now(&self, id: &str) -> bool {
        self.hook(Hook::ExpireApiTokenNow {
            token_id: id.into(),
        })
        .await
    }

    pub async fn developer_status_by_email(&self, email: &str) -> Option<DeveloperStatus> {
        self.hook(Hook::DeveloperStatus {
            email: email.into(),
        })
        .await
    }

    /// Another console account, as `gatehouse admin create` makes one.
    pub async fn create_admin(&self, email: &str, password: &str, role: AdminRole) {
        let hook = Hook::CreateAdmin {
            email: email.into(),
            password: password.into(),
            role,
        };
        self.hook::<Value>(hook).await;
    }

    /// The daily notice of credentials about to expire; how many were announced.
    pub async fn announce_expiring_credentials(&self) -> usize {
        self.hook(Hook::AnnounceExpiringCredentials).await
    }

    /// Writes the gateway's buffered last-used times now.
    pub async fn flush_usage(&self) {
        self.hook::<Value>(Hook::FlushUsage).await;
    }
}
