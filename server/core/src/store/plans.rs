//! Plans: each service's plans and its default, and the plan a registration follows.

use app::model::{Limits, Plan, PlanChoice, ServicePlans, ValidPlan};
use gatehouse_db::{Batch, Row, Stmt};

use super::usage::{first_day_of, per_day};
use super::{AuditEntry, Store, StoreError};

/// How many days of a service's usage the Plans page charts.
pub const SERVICE_USAGE_DAYS: u32 = 14;

/// The four limit columns, in the order [`limits_of`] reads them.
pub(super) const LIMIT_COLUMNS: &str = "per_second, per_minute, per_day, per_month";

pub(super) fn limits_of(row: &Row) -> Limits {
    let get = |column: &str| row.get::<Option<i64>>(column).map(|n| n.max(0) as u64);
    Limits {
        per_second: get("per_second"),
        per_minute: get("per_minute"),
        per_day: get("per_day"),
        per_month: get("per_month"),
    }
}

fn bind_limits(stmt: Stmt, limits: &Limits) -> Stmt {
    let value = |n: Option<u64>| n.map(|n| n as i64);
    stmt.bind(value(limits.per_second))
        .bind(value(limits.per_minute))
        .bind(value(limits.per_day))
        .bind(value(limits.per_month))
}

impl Store {
    /// Every service with its plans (the default first, then by name) and, with `usage`, its
    /// requests per day from every application over the last [`SERVICE_USAGE_DAYS`] (else
    /// `days` is empty: those sums read every hourly row of the period).
    pub async fn service_plans(&self, usage: bool) -> Result<Vec<ServicePlans>, StoreError> {
        let first_day = first_day_of(self.now(), SERVICE_USAGE_DAYS);
        let mut statements = vec![
            Stmt::new("SELECT id, name FROM services ORDER BY name_normalized"),
            Stmt::new(format!(
                "SELECT p.id, p.service_id, s.name AS service_name, p.name, {LIMIT_COLUMNS}, p.is_default,
                        (SELECT COUNT(*) FROM registrations r WHERE r.plan_id = p.id) AS registrations
                 FROM plans p JOIN services s ON s.id = p.service_id
                 ORDER BY p.is_default DESC, lower(p.name)"
            )),
        ];
        if usage {
            statements.push(
                Stmt::new(
                    "SELECT service_id, hour, CAST(SUM(allowed) AS BIGINT) AS allowed,
                            CAST(SUM(refused) AS BIGINT) AS refused,
                            CAST(SUM(over_limit) AS BIGINT) AS over_limit
                     FROM usage_hours WHERE hour >= ?1 GROUP BY service_id, hour",
                )
                .bind(first_day),
            );
        }
        let mut reads = self.db.snapshot(statements).await?.into_iter();
        let services = reads.next().unwrap_or_default();
        let plans: Vec<Plan> = reads
            .next()
            .unwrap_or_default()
            .iter()
            .map(|row| Plan {
                id: row.get("id"),
                service_id: row.get("service_id"),
                service_name: row.get("service_name"),
                name: row.get("name"),
                limits: limits_of(row),
                is_default: row.get("is_default"),
                registrations: row.get::<i64>("registrations").max(0) as u64,
            })
            .collect();
        let hours = reads.next().unwrap_or_default();
        Ok(services
            .iter()
            .map(|row| {
                let service_id: String = row.get("id");
                let days = if usage {
                    per_day(
                        hours
                            .iter()
                            .filter(|h| h.get::<String>("service_id") == service_id),
                        first_day,
                        SERVICE_USAGE_DAYS,
                    )
                } else {
                    Vec::new()
                };
                ServicePlans {
                    days,
                    plans: plans
                        .iter()
                        .filter(|p| p.service_id == service_id)
                        .cloned()
                        .collect(),
                    service_id,
                    service_name: row.get("name"),
                }
            })
            .collect())
    }

    /// The plans of one service, as choices for a registration.
    pub async fn plan_choices(&self, service_id: &str) -> Result<Vec<PlanChoice>, StoreError> {
        let rows = self
            .db
            .all(
                Stmt::new(format!(
                    "SELECT id, name, is_default, {LIMIT_COLUMNS} FROM plans WHERE service_id = ?1
                     ORDER BY is_default DESC, lower(name)"
                ))
                .bind(service_id),
            )
            .await?;
        Ok(rows
            .iter()
            .map(|row| PlanChoice {
                id: row.get("id"),
                name: row.get("name"),
                is_default: row.get("is_default"),
                summary: limits_of(row).describe(),
            })
            .collect())
    }

    /// Adds a plan to `service_id` (no `id`) or changes one; a plan made the default takes
    /// that from the service's previous default in the same transaction. Returns its id, or
    /// `None` when there is no such plan (or service). Another plan of the service with the
    /// name: [`StoreError::AlreadyExists`].
    pub async fn save_plan(
        &self,
        id: Option<&str>,
        service_id: &str,
        plan: &ValidPlan,
        audit: AuditEntry<'_>,
    ) -> Result<Option<String>, StoreError> {
        let now = self.now();
        let saved = id.map_or_else(super::new_id, str::to_owned);
        let guard = match id {
            None => bind_limits(
                Stmt::new(
                    "INSERT INTO plans (id, service_id, name, per_second, per_minute, per_day, per_month, is_default, created_at, updated_at)
                     SELECT ?1, id, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?8 FROM services WHERE id = ?2 RETURNING id",
                )
                .bind(&saved)
                .bind(service_id)
                .bind(&plan.name),
                &plan.limits,
            ),
            Some(_) => bind_limits(
                Stmt::new(
                    "UPDATE plans SET name = ?3, per_second = ?4, per_minute = ?5, per_day = ?6, per_month = ?7, updated_at = ?8
                     WHERE id = ?1 AND service_id = ?2 RETURNING id",
                )
                .bind(&saved)
                .bind(service_id)
                .bind(&plan.name),
                &plan.limits,
            ),
        }
        .bind(now);
        let mut batch = Batch::guarded(guard);
        if plan.is_default {
            batch.push(
                Stmt::new(
                    "UPDATE plans SET is_default = 0, updated_at = ?1
                     WHERE service_id = ?2 AND id <> ?3 AND is_default = 1 AND {applied}",
                )
                .bind(now)
                .bind(service_id)
                .bind(&saved),
            );
        }
        batch.push(
            Stmt::new("UPDATE plans SET is_default = ?1 WHERE id = ?2 AND {applied}")
                .bind(plan.is_default)
                .bind(&saved),
        );
        let audit = AuditEntry {
            target_id: Some(&saved),
            target_label: &plan.name,
            ..audit
        };
        batch.push(audit.step(now));
        Ok(self.db.batch(batch).await?.applied.then_some(saved))
    }

    /// The service a plan belongs to and its name.
    pub async fn plan_owner(&self, id: &str) -> Result<Option<(String, String)>, StoreError> {
        let row = self
            .db
            .one(Stmt::new("SELECT service_id, name FROM plans WHERE id = ?1").bind(id))
            .await?;
        Ok(row.map(|row| (row.get("service_id"), row.get("name"))))
    }

    /// Deletes a plan; the registrations that chose it follow the service's default from
    /// then on. False when there is no such plan.
    pub async fn delete_plan(&self, id: &str, audit: AuditEntry<'_>) -> Result<bool, StoreError> {
        self.decide_audited(
            Stmt::new("DELETE FROM plans WHERE id = ?1 RETURNING id").bind(id),
            audit,
        )
        .await
    }

    /// Gives a registration a plan of its service, or `None`: the service's default. False
    /// when the registration is gone or the plan is not one of its service's.
    pub async fn set_registration_plan(
        &self,
        registration_id: &str,
        plan_id: Option<&str>,
        audit: AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let guard = Stmt::new(
            "UPDATE registrations SET plan_id = ?2
             WHERE id = ?1
               AND (?2 IS NULL OR EXISTS (SELECT 1 FROM plans p WHERE p.id = ?2 AND p.service_id = registrations.service_id))
             RETURNING id",
        )
        .bind(registration_id)
        .bind(plan_id);
        self.decide_audited(guard, audit).await
    }
}
