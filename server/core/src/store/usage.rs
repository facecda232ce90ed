//! Gateway usage: the request counters every instance shares (added in batches, read back as
//! totals) and the hourly requests by outcome that the usage pages chart.

use std::collections::HashMap;

use app::model::{LimitUse, LimitWindow, PlanUsage, UsagePoint};
use gatehouse_db::{Batch, Row, Stmt};

use super::plans::{limits_of, LIMIT_COLUMNS};
use super::{rfc3339, Store, StoreError};

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 86_400_000;
/// A window start no counter reaches, for limits a read does not want (2^53 − 1: D1 takes
/// no larger integer).
const NO_WINDOW: i64 = (1 << 53) - 1;
/// Statements per transaction or read: well within D1's 1,000 per request.
const CHUNK: usize = 200;
/// The windows a counter read looks at: each limit's current and previous one (`?3`–`?6`).
const WINDOWS: &str =
    "((span = 'second' AND window_start >= ?3) OR (span = 'minute' AND window_start >= ?4)
    OR (span = 'day' AND window_start >= ?5) OR (span = 'month' AND window_start >= ?6))";

/// An application's use of a service.
pub type UsageKey = (String, String);

/// What one instance counted for one application and service since its last batch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CountedUse {
    /// Requests by outcome, per hour (the hour's start).
    pub hours: HashMap<i64, Outcomes>,
    /// Requests let through per limited window: (window, its start) → count.
    pub windows: HashMap<(LimitWindow, i64), u64>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcomes {
    pub allowed: u64,
    pub refused: u64,
    pub over_limit: u64,
}

/// One window's shared counter, as an instance reads it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counter {
    /// Requests every instance let through and has added.
    pub n: u64,
    /// What the other instances may still let through on their live claims.
    pub claimed_by_others: u64,
}

/// Every instance's counters: (key, window, window start) → counter.
pub type CounterTotals = HashMap<(UsageKey, LimitWindow, i64), Counter>;

/// The shares of limits one instance holds, each written whole: what it may still let
/// through per application, service and window, until `until` (ms) unless renewed.
#[derive(Clone, Debug, Default)]
pub struct Claims {
    pub instance: String,
    pub until: i64,
    pub shares: Vec<(UsageKey, LimitWindow, i64, u64)>,
}

impl Store {
    /// Adds one instance's counts and writes its claims (rows in key order, so batches from
    /// several instances never wait on each other in a cycle), in transactions of at most
    /// [`CHUNK`] statements.
    pub async fn add_gateway_counts(
        &self,
        counted: &[(UsageKey, CountedUse)],
        claims: &Claims,
    ) -> Result<(), StoreError> {
        let mut ordered: Vec<&(UsageKey, CountedUse)> = counted.iter().collect();
        ordered.sort_by(|a, b| a.0.cmp(&b.0));
        let mut writes = Vec::new();
        for ((application, service), used) in ordered {
            let mut windows: Vec<_> = used.windows.iter().filter(|(_, n)| **n > 0).collect();
            windows.sort();
            for ((window, start), n) in windows {
                writes.push(
                    Stmt::new(
                        "INSERT INTO rate_counters (application_id, service_id, span, window_start, n)
                         VALUES (?1, ?2, ?3, ?4, ?5)
                         ON CONFLICT (application_id, service_id, span, window_start)
                         DO UPDATE SET n = rate_counters.n + excluded.n",
                    )
                    .bind(application)
                    .bind(service)
                    .bind(window.as_str())
                    .bind(*start)
                    .bind(*n as i64),
                );
            }
            let mut hours: Vec<_> = used.hours.iter().collect();
            hours.sort_by_key(|(hour, _)| **hour);
            for (hour, outcomes) in hours {
                writes.push(
                    Stmt::new(
                        "INSERT INTO usage_hours (application_id, service_id, hour, allowed, refused, over_limit)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                         ON CONFLICT (application_id, service_id, hour) DO UPDATE SET
                             allowed = usage_hours.allowed + excluded.allowed,
                             refused = usage_hours.refused + excluded.refused,
                             over_limit = usage_hours.over_limit + excluded.over_limit",
                    )
                    .bind(application)
                    .bind(service)
                    .bind(*hour)
                    .bind(outcomes.allowed as i64)
                    .bind(outcomes.refused as i64)
                    .bind(outcomes.over_limit as i64),
                );
            }
        }
        let mut shares: Vec<_> = claims.shares.iter().collect();
        shares.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
        for ((application, service), window, start, n) in shares {
            writes.push(
                Stmt::new(
                    "INSERT INTO rate_claims (application_id, service_id, span, window_start, instance, n, held_until)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (application_id, service_id, span, window_start, instance)
                     DO UPDATE SET n = excluded.n, held_until = excluded.held_until",
                )
                .bind(application)
                .bind(service)
                .bind(window.as_str())
                .bind(*start)
                .bind(claims.instance.as_str())
                .bind(*n as i64)
                .bind(claims.until),
            );
        }
        for chunk in writes.chunks(CHUNK) {
            let mut batch = Batch::new();
            for stmt in chunk {
                batch.push(stmt.clone());
            }
            self.db.batch(batch).await?;
        }
        Ok(())
    }

    /// The current and previous window's totals of each limit `wanted` names, with the live
    /// claims of every instance but `instance`, read together.
    pub async fn counter_totals(
        &self,
        wanted: &[(UsageKey, Vec<LimitWindow>)],
        now: i64,
        instance: &str,
    ) -> Result<CounterTotals, StoreError> {
        let mut totals = CounterTotals::new();
        if wanted.is_empty() {
            return Ok(totals);
        }
        let reads: Vec<Stmt> = wanted
            .iter()
            .map(|((application, service), windows)| {
                let since = |window: LimitWindow| {
                    if windows.contains(&window) {
                        window.previous(window.start(now))
                    } else {
                        NO_WINDOW
                    }
                };
                Stmt::new(format!(
                    "SELECT span, window_start, n, CAST(0 AS BIGINT) AS claimed FROM rate_counters
                     WHERE application_id = ?1 AND service_id = ?2 AND {WINDOWS}
                     UNION ALL
                     SELECT span, window_start, CAST(0 AS BIGINT), CAST(SUM(n) AS BIGINT) FROM rate_claims
                     WHERE application_id = ?1 AND service_id = ?2 AND {WINDOWS}
                       AND held_until > ?7 AND instance <> ?8
                     GROUP BY span, window_start"
                ))
                .bind(application)
                .bind(service)
                .bind(since(LimitWindow::Second))
                .bind(since(LimitWindow::Minute))
                .bind(since(LimitWindow::Day))
                .bind(since(LimitWindow::Month))
                .bind(now)
                .bind(instance)
            })
            .collect();
        let mut rows = Vec::with_capacity(reads.len());
        for chunk in reads.chunks(CHUNK) {
            rows.extend(self.db.snapshot(chunk.to_vec()).await?);
        }
        for ((key, _), rows) in wanted.iter().zip(rows) {
            for row in rows {
                let Some(window) = LimitWindow::parse(&row.get::<String>("span")) else {
                    continue;
                };
                let counter = totals
                    .entry((key.clone(), window, row.get("window_start")))
                    .or_default();
                counter.n += row.get::<i64>("n").max(0) as u64;
                counter.claimed_by_others += row.get::<i64>("claimed").max(0) as u64;
            }
        }
        Ok(totals)
    }

    /// Forgets counters whose windows no limit looks at any more (each window and the one
    /// before it are read), and claims that have lapsed.
    pub async fn delete_old_counters(&self, now: i64) -> Result<u64, StoreError> {
        let before = |window: LimitWindow| window.previous(window.start(now));
        let outcome = self
            .db
            .batch(
                Batch::new()
                    .then(
                        Stmt::new(
                            "DELETE FROM rate_counters WHERE window_start < ?1 AND (
                                (span = 'second' AND window_start < ?1) OR (span = 'minute' AND window_start < ?2)
                             OR (span = 'day' AND window_start < ?3) OR (span = 'month' AND window_start < ?4))",
                        )
                        .bind(before(LimitWindow::Second))
                        .bind(before(LimitWindow::Minute))
                        .bind(before(LimitWindow::Day))
                        .bind(before(LimitWindow::Month)),
                    )
                    .then(Stmt::new("DELETE FROM rate_claims WHERE held_until < ?1").bind(now)),
            )
            .await?;
        Ok(outcome.changed.iter().sum())
    }

    /// Forgets hourly usage older than `days`.
    pub async fn delete_old_usage(&self, days: u32) -> Result<u64, StoreError> {
        let before = self.now() - i64::from(days) * DAY_MS;
        Ok(self
            .db
            .run(Stmt::new("DELETE FROM usage_hours WHERE hour < ?1").bind(before))
            .await?)
    }

    /// Each registration of an application with the plan it follows, what it used in its
    /// limits' current windows, and its requests per day over the last `days` days.
    pub async fn application_usage(
        &self,
        application_id: &str,
        days: u32,
    ) -> Result<Vec<PlanUsage>, StoreError> {
        let now = self.now();
        let first_day = first_day_of(now, days);
        let mut reads = self
            .db
            .snapshot(vec![
                Stmt::new(format!(
                    "SELECT r.id, r.service_id, s.name AS service_name, p.name AS plan_name,
                            CASE WHEN r.plan_id IS NULL THEN 1 ELSE 0 END AS by_default, {LIMIT_COLUMNS}
                     FROM registrations r
                     JOIN services s ON s.id = r.service_id
                     LEFT JOIN plans p ON p.id = COALESCE(r.plan_id,
                         (SELECT d.id FROM plans d WHERE d.service_id = r.service_id AND d.is_default = 1))
                     WHERE r.application_id = ?1
                     ORDER BY s.name_normalized"
                ))
                .bind(application_id),
                Stmt::new(
                    "SELECT service_id, hour, allowed, refused, over_limit FROM usage_hours
                     WHERE application_id = ?1 AND hour >= ?2 ORDER BY hour",
                )
                .bind(application_id)
                .bind(first_day),
            ])
            .await?
            .into_iter();
        let registrations = reads.next().unwrap_or_default();
        let hours = reads.next().unwrap_or_default();
        let wanted: Vec<(UsageKey, Vec<LimitWindow>)> = registrations
            .iter()
            .map(|row| {
                (
                    (application_id.to_owned(), row.get::<String>("service_id")),
                    LimitWindow::ALL.to_vec(),
                )
            })
            .collect();
        let totals = self.counter_totals(&wanted, now, "").await?;
        Ok(registrations
            .iter()
            .map(|row| {
                let service_id: String = row.get("service_id");
                let limits = limits_of(row);
                let key = (application_id.to_owned(), service_id.clone());
                let current = limits
                    .set()
                    .map(|(window, limit)| LimitUse {
                        window,
                        used: totals
                            .get(&(key.clone(), window, window.start(now)))
                            .map_or(0, |counter| counter.n),
                        limit,
                    })
                    .collect();
                let by_day = per_day(
                    hours
                        .iter()
                        .filter(|h| h.get::<String>("service_id") == service_id),
                    first_day,
                    days,
                );
                PlanUsage {
                    registration_id: row.get("id"),
                    service_id,
                    service_name: row.get("service_name"),
                    plan_name: row.get("plan_name"),
                    by_default: row.get("by_default"),
                    limits,
                    current,
                    days: by_day,
                }
            })
            .collect())
    }

    /// Hourly requests by outcome from `since`, oldest first, for the CSV export;
    /// `application_id` narrows it to one application.
    pub async fn usage_rows(
        &self,
        application_id: Option<&str>,
        since: i64,
    ) -> Result<Vec<UsageRow>, StoreError> {
        let rows = self
            .db
            .all(
                Stmt::new(
                    "SELECT u.hour, u.application_id, COALESCE(a.name, '') AS application, u.service_id,
                            COALESCE(s.name, '') AS service, u.allowed, u.refused, u.over_limit
                     FROM usage_hours u
                     LEFT JOIN applications a ON a.id = u.application_id
                     LEFT JOIN services s ON s.id = u.service_id
                     WHERE u.hour >= ?1 AND (?2 IS NULL OR u.application_id = ?2)
                     ORDER BY u.hour, u.application_id, u.service_id",
                )
                .bind(since - since.rem_euclid(HOUR_MS))
                .bind(application_id),
            )
            .await?;
        Ok(rows
            .iter()
            .map(|row| UsageRow {
                hour: rfc3339(row.get("hour")),
                application_id: row.get("application_id"),
                application: row.get("application"),
                service_id: row.get("service_id"),
                service: row.get("service"),
                outcomes: Outcomes {
                    allowed: row.get::<i64>("allowed").max(0) as u64,
                    refused: row.get::<i64>("refused").max(0) as u64,
                    over_limit: row.get::<i64>("over_limit").max(0) as u64,
                },
            })
            .collect())
    }
}

/// One hour of one application's requests to one service, for the CSV export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageRow {
    /// RFC 3339, UTC.
    pub hour: String,
    pub application_id: String,
    /// Empty once the application is deleted.
    pub application: String,
    pub service_id: String,
    pub service: String,
    pub outcomes: Outcomes,
}

/// The start of the first of the last `days` UTC days (today the last).
pub(super) fn first_day_of(now: i64, days: u32) -> i64 {
    LimitWindow::Day.start(now) - i64::from(days.max(1) - 1) * DAY_MS
}

/// Hourly rows (`hour`, `allowed`, `refused`, `over_limit`) added up per UTC day, for the
/// `days` days from `first_day`, oldest first; a day without rows is a day of none.
pub(super) fn per_day<'a>(
    hours: impl Iterator<Item = &'a Row>,
    first_day: i64,
    days: u32,
) -> Vec<UsagePoint> {
    let mut by_day: Vec<UsagePoint> = (0..i64::from(days.max(1)))
        .map(|i| UsagePoint {
            at: rfc3339(first_day + i * DAY_MS),
            allowed: 0,
            refused: 0,
            over_limit: 0,
        })
        .collect();
    for hour in hours {
        let at: i64 = hour.get("hour");
        let Some(point) = usize::try_from((at - first_day).div_euclid(DAY_MS))
            .ok()
            .and_then(|day| by_day.get_mut(day))
        else {
            continue;
        };
        point.allowed += hour.get::<i64>("allowed").max(0) as u64;
        point.refused += hour.get::<i64>("refused").max(0) as u64;
        point.over_limit += hour.get::<i64>("over_limit").max(0) as u64;
    }
    by_day
}

/// The hour `at` falls in.
pub fn hour_of(at: i64) -> i64 {
    at - at.rem_euclid(HOUR_MS)
}
