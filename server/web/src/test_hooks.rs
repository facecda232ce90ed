//! What the integration tests arrange and inspect besides the pages: a setting flipped, a
//! credential expired now, the audit trail of one record, many developers at once. Written
//! once, so the tests reach every target alike: in the native server's process they call
//! [`apply`]; a Worker started with `GATEHOUSE_TEST_ROUTES=1` answers the same [`Hook`] at
//! `POST /__test/hook` (never set that on a deployed Worker).

use std::sync::Arc;

use axum::{extract::State, http::StatusCode, routing::post, Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use app::model::{AdminRole, Email, Password};
use gatehouse_core::auth::hash_password;
use gatehouse_core::portal::Portal;
use gatehouse_core::store::NewAccount;
use gatehouse_gateway::Gateway;

/// One thing a test asks of the portal, answered as JSON.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Hook {
    /// A setting written as the console would store it (`"true"`, `"10"`, …).
    SetSetting {
        key: String,
        value: String,
    },
    /// How many developers there are.
    DeveloperCount,
    /// How many rows a table holds, or those matching an SQL condition.
    Count {
        table: String,
        condition: Option<String>,
    },
    /// The benchmark's generated developers (`USER0000001@…`).
    FillDevelopers {
        count: i64,
    },
    /// The benchmark's generated applications, one per generated developer.
    FillApplications,
    /// The newest messages of the outbox.
    RecentMail {
        limit: i64,
    },
    /// Every audit event about one record, oldest first: `[action, detail]`.
    AuditEvents {
        target_id: String,
    },
    /// Makes a credential's expiry now; `true` if there was one.
    ExpireCredentialNow {
        credential_id: String,
    },
    DeveloperStatus {
        email: String,
    },
    /// Another console account.
    CreateAdmin {
        email: String,
        password: String,
        role: AdminRole,
    },
    /// The daily notice of credentials about to expire; how many were announced.
    AnnounceExpiringCredentials,
    /// Writes the gateway's buffered last-used times now.
    FlushUsage,
    /// Makes an API token's expiry now; `true` if there was one.
    ExpireApiTokenNow {
        token_id: String,
    },
}

/// Runs `hook` against this portal and gateway.
pub async fn apply(hook: Hook, portal: &Portal, gateway: &Gateway) -> Result<Value, String> {
    let store = portal.store();
    let text = |e: &dyn std::fmt::Display| e.to_string();
    Ok(match hook {
        Hook::SetSetting { key, value } => {
            store.set_text(&key, &value).await.map_err(|e| text(&e))?;
            Value::Null
        }
        Hook::DeveloperCount => json!(store.developer_count().await.map_err(|e| text(&e))?),
        Hook::Count { table, condition } => {
            if !table.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                return Err(format!("{table:?} is not a table name"));
            }
            json!(store
                .row_count(&table, condition.as_deref())
                .await
                .map_err(|e| text(&e))?)
        }
        Hook::FillDevelopers { count } => {
            store
                .bench_fill_developers(count)
                .await
                .map_err(|e| text(&e))?;
            Value::Null
        }
        Hook::FillApplications => {
            store
                .bench_fill_applications()
                .await
                .map_err(|e| text(&e))?;
            Value::Null
        }
        Hook::RecentMail { limit } => {
            json!(store.recent_mail(limit).await.map_err(|e| text(&e))?)
        }
        Hook::AuditEvents { target_id } => {
            json!(store
                .audit_events_for(&target_id)
                .await
                .map_err(|e| text(&e))?)
        }
        Hook::ExpireCredentialNow { credential_id } => {
            json!(store
                .expire_credential_now(&credential_id)
                .await
                .map_err(|e| text(&e))?)
        }
        Hook::DeveloperStatus { email } => {
            let email = Email::parse(&email).map_err(|e| text(&e))?;
            json!(store
                .developer_status_by_email(&email)
                .await
                .map_err(|e| text(&e))?)
        }
        Hook::CreateAdmin {
            email,
            password,
            role,
        } => {
            let email = Email::parse(&email).map_err(|e| text(&e))?;
            let password = Password::parse_new(&password).map_err(|e| text(&e))?;
            let password_hash = hash_password(store.platform().as_ref(), password)
                .await
                .map_err(|e| text(&e))?;
            let account = NewAccount {
                email: &email,
                password_hash,
            };
            store
                .insert_admin(account, role)
                .await
                .map_err(|e| text(&e))?;
            Value::Null
        }
        Hook::AnnounceExpiringCredentials => {
            json!(portal
                .announce_expiring_credentials()
                .await
                .map_err(|e| text(&e))?)
        }
        Hook::FlushUsage => {
            gateway.sync_limits().await.map_err(|e| text(&e))?;
            gateway.flush_usage().await.map_err(|e| text(&e))?;
            Value::Null
        }
        Hook::ExpireApiTokenNow { token_id } => {
            json!(store
                .expire_api_token_now(&token_id)
                .await
                .map_err(|e| text(&e))?)
        }
    })
}

/// `POST /__test/hook`: a [`Hook`] as JSON in, its answer as JSON out (422 with the reason
/// when it failed).
pub fn routes(portal: Arc<Portal>, gateway: Arc<Gateway>) -> Router {
    Router::new()
        .route("/__test/hook", post(answer))
        .with_state((portal, gateway))
}

async fn answer(
    State((portal, gateway)): State<(Arc<Portal>, Arc<Gateway>)>,
    Json(hook): Json<Hook>,
) -> Result<Json<Value>, (StatusCode, String)> {
    apply(hook, &portal, &gateway)
        .await
        .map(Json)
        .map_err(|problem| (StatusCode::UNPROCESSABLE_ENTITY, problem))
}
