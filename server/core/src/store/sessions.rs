//! Server-side sessions: the cookie carries a random token, the table only its hash.

use app::model::{AdminRole, DeveloperStatus, Viewer};
use gatehouse_db::{Batch, Stmt};

use super::{Store, StoreError};

impl Store {
    /// Starts a session for a developer or an admin (by realm), replacing `previous` if given,
    /// in one transaction: the old token stops working the moment the new one exists.
    pub async fn start_session(
        &self,
        token_hash: &str,
        principal: SessionOwner<'_>,
        lifetime_ms: i64,
        client_addr: &str,
        previous: Option<&str>,
    ) -> Result<(), StoreError> {
        let now = self.now();
        let (developer_id, admin_id) = match principal {
            SessionOwner::Developer(id) => (Some(id), None),
            SessionOwner::Admin(id) => (None, Some(id)),
        };
        let mut batch = Batch::new();
        if let Some(previous) = previous {
            batch.push(Stmt::new("DELETE FROM sessions WHERE token_hash = ?1").bind(previous));
        }
        batch.push(
            Stmt::new(
                "INSERT INTO sessions (token_hash, developer_id, admin_id, created_at, expires_at, client_addr)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .bind(token_hash)
            .bind(developer_id)
            .bind(admin_id)
            .bind(now)
            .bind(now + lifetime_ms)
            .bind(client_addr),
        );
        self.db.batch(batch).await?;
        Ok(())
    }

    pub async fn end_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.db
            .run(Stmt::new("DELETE FROM sessions WHERE token_hash = ?1").bind(token_hash))
            .await?;
        Ok(())
    }

    /// Who the unexpired session with this token hash belongs to: one indexed look-up.
    pub async fn session_viewer(&self, token_hash: &str) -> Result<Viewer, StoreError> {
        let row = self
            .db
            .one(
                Stmt::new(
                    "SELECT s.developer_id, d.full_name, d.email AS developer_email, d.status, d.email_verified_at,
                            s.admin_id, a.email AS admin_email, a.role
                     FROM sessions s
                     LEFT JOIN developers d ON d.id = s.developer_id
                     LEFT JOIN admins a ON a.id = s.admin_id
                     WHERE s.token_hash = ?1 AND s.expires_at > ?2",
                )
                .bind(token_hash)
                .bind(self.now()),
            )
            .await?;
        let Some(row) = row else {
            return Ok(Viewer::Anonymous);
        };
        let developer_id: Option<String> = row.get("developer_id");
        let admin_id: Option<String> = row.get("admin_id");
        let viewer = match (developer_id, admin_id) {
            (Some(id), _) => {
                let status: String = row.get("status");
                Viewer::Developer {
                    id,
                    full_name: row.get("full_name"),
                    email: row.get("developer_email"),
                    status: DeveloperStatus::parse(&status).unwrap_or(DeveloperStatus::Pending),
                    email_verified: row.get::<Option<i64>>("email_verified_at").is_some(),
                }
            }
            (None, Some(id)) => {
                let role: String = row.get("role");
                Viewer::Admin {
                    id,
                    email: row.get("admin_email"),
                    // An unknown role grants the least.
                    role: AdminRole::parse(&role).unwrap_or(AdminRole::Viewer),
                }
            }
            (None, None) => Viewer::Anonymous,
        };
        Ok(viewer)
    }

    /// Removes expired sessions; returns how many.
    pub async fn delete_expired_sessions(&self) -> Result<u64, StoreError> {
        Ok(self
            .db
            .run(Stmt::new("DELETE FROM sessions WHERE expires_at <= ?1").bind(self.now()))
            .await?)
    }
}

#[derive(Clone, Copy, Debug)]
pub enum SessionOwner<'a> {
    Developer(&'a str),
    Admin(&'a str),
}
