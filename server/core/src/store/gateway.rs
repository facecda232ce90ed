//! What gateway verification reads: everything that decides access, in one pass, and the
//! version counter that says when to read it again.

use app::model::Limits;
use gatehouse_db::{Batch, Stmt};

use super::plans::limits_of;
use super::{Store, StoreError};

/// An application's registration with a service, and the limits of the plan it follows
/// (its own, or the service's default; `None`: no plan, no limit).
#[derive(Debug)]
pub struct GatewayRegistration {
    pub application_id: String,
    pub service_id: String,
    pub status: String,
    pub limits: Option<Limits>,
}

/// The registrations' columns with their plan's limits; `{}` is the condition.
const REGISTRATIONS: &str = "SELECT r.application_id, r.service_id, r.status, p.id AS plan_id,
        p.per_second, p.per_minute, p.per_day, p.per_month
     FROM registrations r
     LEFT JOIN plans p ON p.id = COALESCE(r.plan_id,
         (SELECT d.id FROM plans d WHERE d.service_id = r.service_id AND d.is_default = 1))";

/// One credential with everything a decision needs.
#[derive(Debug)]
pub struct GatewayCredential {
    pub id: String,
    pub kind: String,
    pub identifier: Option<String>,
    pub secret_hash: Option<String>,
    pub secret_sealed: Option<String>,
    pub algorithm: Option<String>,
    pub public_key: Option<String>,
    pub previous_secret_hash: Option<String>,
    pub previous_secret_sealed: Option<String>,
    pub previous_valid_until: Option<i64>,
    pub expires_at: Option<i64>,
    pub application_id: String,
    pub application_groups: String,
    pub developer_id: String,
    pub developer_email: String,
    pub developer_status: String,
}

#[derive(Debug)]
pub struct GatewayService {
    pub id: String,
    pub name: String,
    pub route_prefix: Option<String>,
    pub host: Option<String>,
    pub acl_groups: String,
}

/// Which credentials a read of the gateway's data brings.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Wanted {
    All,
    None,
    /// A key-auth key, by the hex SHA-256 of its current or previous secret.
    SecretHash(String),
    /// A username, client id or JWT key, within its credential type.
    Identifier {
        kind: String,
        identifier: String,
    },
    Id(String),
}

impl Wanted {
    /// The condition on `credentials c` (through their indexes), its values bound from ?1.
    fn condition(&self) -> &'static str {
        match self {
            Self::All => "1 = 1",
            Self::None => "1 = 0",
            Self::SecretHash(_) => {
                "((c.kind = 'key-auth' AND c.secret_hash = ?1) OR c.previous_secret_hash = ?1)"
            }
            Self::Identifier { .. } => "(c.kind = ?1 AND c.identifier = ?2)",
            Self::Id(_) => "c.id = ?1",
        }
    }

    fn bind(&self, stmt: Stmt) -> Stmt {
        match self {
            Self::All | Self::None => stmt,
            Self::SecretHash(value) | Self::Id(value) => stmt.bind(value.as_str()),
            Self::Identifier { kind, identifier } => {
                stmt.bind(kind.as_str()).bind(identifier.as_str())
            }
        }
    }
}

/// Everything, read in one transaction so it is consistent.
#[derive(Debug, Default)]
pub struct GatewayData {
    pub version: i64,
    pub services: Vec<GatewayService>,
    pub credentials: Vec<GatewayCredential>,
    pub registrations: Vec<GatewayRegistration>,
    /// Settings rows (for the enabled credential types).
    pub settings: Vec<(String, String)>,
}

impl Store {
    pub async fn gateway_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .db
            .scalar(Stmt::new(
                "SELECT version FROM gateway_version WHERE id = 1",
            ))
            .await?
            .unwrap_or(0))
    }

    /// How many credentials there are: whether an index of all of them is worth holding.
    pub async fn gateway_credential_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .db
            .scalar(Stmt::new("SELECT COUNT(*) FROM credentials"))
            .await?
            .unwrap_or(0))
    }

    /// The version and the credentials `wanted` names with their applications'
    /// registrations, and, unless one credential is looked up, the services and settings:
    /// read in one transaction so they agree.
    pub async fn gateway_data(&self, wanted: &Wanted) -> Result<GatewayData, StoreError> {
        let credentials = Stmt::new(format!(
            "SELECT c.id, c.kind, c.identifier, c.secret_hash, c.secret_sealed, c.algorithm, c.public_key,
                    c.previous_secret_hash, c.previous_secret_sealed, c.previous_valid_until, c.expires_at,
                    a.id AS application_id, a.acl_groups AS application_groups,
                    d.id AS developer_id, d.email AS developer_email, d.status AS developer_status
             FROM credentials c
             JOIN applications a ON a.id = c.application_id
             JOIN developers d ON d.id = a.developer_id
             WHERE {}",
            wanted.condition()
        ));
        let registrations = Stmt::new(match wanted {
            Wanted::All => REGISTRATIONS.to_owned(),
            _ => format!(
                "{REGISTRATIONS}
                 WHERE r.application_id IN (SELECT c.application_id FROM credentials c WHERE {})",
                wanted.condition()
            ),
        });
        let mut reads = vec![
            Stmt::new("SELECT version FROM gateway_version WHERE id = 1"),
            wanted.bind(credentials),
            wanted.bind(registrations),
        ];
        // A look-up of one credential leaves the services and settings to the index.
        if matches!(wanted, Wanted::All | Wanted::None) {
            reads.push(Stmt::new(
                "SELECT id, name, route_prefix, host, acl_groups FROM services WHERE published = 1",
            ));
            reads.push(Stmt::new("SELECT key, value FROM settings"));
        }
        let mut reads = self.db.snapshot(reads).await?.into_iter();
        let mut next = || reads.next().unwrap_or_default();
        let version = next().first().map_or(0, |row| row.get("version"));
        let credentials = next()
            .iter()
            .map(|row| GatewayCredential {
                id: row.get("id"),
                kind: row.get("kind"),
                identifier: row.get("identifier"),
                secret_hash: row.get("secret_hash"),
                secret_sealed: row.get("secret_sealed"),
                algorithm: row.get("algorithm"),
                public_key: row.get("public_key"),
                previous_secret_hash: row.get("previous_secret_hash"),
                previous_secret_sealed: row.get("previous_secret_sealed"),
                previous_valid_until: row.get("previous_valid_until"),
                expires_at: row.get("expires_at"),
                application_id: row.get("application_id"),
                application_groups: row.get("application_groups"),
                developer_id: row.get("developer_id"),
                developer_email: row.get("developer_email"),
                developer_status: row.get("developer_status"),
            })
            .collect();
        let registrations = next()
            .iter()
            .map(|row| GatewayRegistration {
                application_id: row.get("application_id"),
                service_id: row.get("service_id"),
                status: row.get("status"),
                limits: row.get::<Option<String>>("plan_id").map(|_| limits_of(row)),
            })
            .collect();
        let services = next()
            .iter()
            .map(|row| GatewayService {
                id: row.get("id"),
                name: row.get("name"),
                route_prefix: row.get("route_prefix"),
                host: row.get("host"),
                acl_groups: row.get("acl_groups"),
            })
            .collect();
        let settings = next()
            .iter()
            .map(|row| (row.get("key"), row.get("value")))
            .collect();
        Ok(GatewayData {
            version,
            services,
            credentials,
            registrations,
            settings,
        })
    }

    /// Stores a new OAuth access token (its hash) for a credential.
    pub async fn insert_access_token(
        &self,
        token_hash: &str,
        credential_id: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        self.db
            .run(
                Stmt::new(
                    "INSERT INTO access_tokens (token_hash, credential_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
                )
                .bind(token_hash)
                .bind(credential_id)
                .bind(self.now())
                .bind(expires_at),
            )
            .await?;
        Ok(())
    }

    /// The credential and expiry of an access token, if it exists and has not expired.
    pub async fn access_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<(String, i64)>, StoreError> {
        let row = self
            .db
            .one(
                Stmt::new(
                    "SELECT credential_id, expires_at FROM access_tokens WHERE token_hash = ?1 AND expires_at > ?2",
                )
                .bind(token_hash)
                .bind(self.now()),
            )
            .await?;
        Ok(row.map(|row| (row.get("credential_id"), row.get("expires_at"))))
    }

    pub async fn delete_expired_access_tokens(&self) -> Result<u64, StoreError> {
        Ok(self
            .db
            .run(Stmt::new("DELETE FROM access_tokens WHERE expires_at <= ?1").bind(self.now()))
            .await?)
    }

    /// Records when credentials were last used, in one batch; a time never moves back. Rows
    /// are written in id order, so flushes from several instances never wait on each other.
    pub async fn record_credential_use(&self, uses: &[(String, i64)]) -> Result<(), StoreError> {
        // A time at or before the epoch is no use (it would read "1970").
        let mut uses: Vec<&(String, i64)> = uses.iter().filter(|(_, at)| *at > 0).collect();
        if uses.is_empty() {
            return Ok(());
        }
        uses.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut batch = Batch::new();
        for (id, at) in uses {
            batch.push(
                Stmt::new(
                    "UPDATE credentials SET last_used_at = ?1
                     WHERE id = ?2 AND (last_used_at IS NULL OR last_used_at < ?1)",
                )
                .bind(*at)
                .bind(id),
            );
        }
        self.db.batch(batch).await?;
        Ok(())
    }
}

impl Store {
    /// Ends a credential's life now (tests and operators fixing a leak).
    pub async fn expire_credential_now(&self, credential_id: &str) -> Result<bool, StoreError> {
        Ok(self
            .db
            .run(
                Stmt::new("UPDATE credentials SET expires_at = ?1 WHERE id = ?2")
                    .bind(self.now())
                    .bind(credential_id),
            )
            .await?
            == 1)
    }
}
