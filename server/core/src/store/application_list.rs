//! The console's Applications page, a keyset page at a time, newest first. A search or a
//! status with few matches is read through its own index and sorted; with many, the page
//! walks the applications by time and tests each row, so either way a page costs about the
//! same at a million.

use app::model::{
    parse_request_cursor, ApplicationListPage, ApplicationQuery, ConsoleApplication, QueueCount,
    RegistrationStatus, ServiceRegistration,
};
use gatehouse_db::{Stmt, ToValue, Value};
use std::collections::HashMap;

use super::requests::{page, push_prefix_search, Ranges};
use super::{rfc3339, Store, StoreError};

/// Applications and their developers, as every query here reads them (the join's condition
/// opens every filter: [`JOINED`]).
const FROM: &str = "FROM applications a, developers d";

/// The same, for a page that walks the applications newest first and tests each row (no
/// search, or a broad one): SQLite keeps the tables of a `CROSS JOIN` in the order written,
/// so its planner cannot start from the developers and sort every match.
const WALKED: &str = "FROM applications a CROSS JOIN developers d";

const JOINED: &str = "WHERE d.id = a.developer_id";

/// Up to this many matches, a search or a status is read through its own index and the
/// matches sorted by time; beyond, the page walks the applications by time and tests each
/// row (with this many matches among a million, a page finds its 51 rows within about
/// 51,000: both ways stay in the tens of milliseconds at worst).
const READ_AND_SORT_AT_MOST: u64 = 1_000;

/// Whether a capped count found few enough rows to read through their index and sort.
fn few(count: QueueCount) -> bool {
    !count.more && count.counted <= READ_AND_SORT_AT_MOST
}

impl Store {
    pub async fn application_list_page(
        &self,
        query: &ApplicationQuery,
    ) -> Result<ApplicationListPage, StoreError> {
        let search = query.search.as_str();
        let mut filter = String::from(JOINED);
        // Newest first through the index on time, unless a narrow search or a rare status
        // names few enough rows to read through their own index and sort.
        let mut walk = true;
        let mut args: Vec<Value> = Vec::new();
        let mut count = QueueCount::default();
        if !search.is_empty() {
            let (matching, matching_args) = searched_ids(search);
            // Exact (the three parts never repeat a row) and cheap: it stops at the cap.
            count = self.capped_count(&matching, &matching_args).await?;
            if few(count) {
                walk = false;
                filter.push_str(&format!(" AND a.id IN ({matching})"));
                args.extend(matching_args);
            } else {
                push_prefix_search(
                    &mut filter,
                    &mut args,
                    search,
                    &[
                        "a.name_normalized",
                        "d.email_normalized",
                        "d.name_normalized",
                    ],
                    Ranges::Tested,
                );
            }
        }
        if let Some(status) = query.status {
            // An application registered with several services in the status counts once.
            let registered =
                "SELECT DISTINCT application_id FROM registrations WHERE status = ?".to_string();
            let status_arg = vec![status.as_str().to_value()];
            let registered_count = self.capped_count(&registered, &status_arg).await?;
            if search.is_empty() {
                // Every application has its developer: the registrations alone give the count.
                count = registered_count;
            }
            if few(registered_count) {
                walk = false;
                filter.push_str(&format!(" AND a.id IN ({registered})"));
            } else {
                // The status is wrapped in an expression so that SQLite reads the row's
                // registrations by application, not every registration in the status for each
                // application (it chose that, at 10,000: over a second a page).
                filter.push_str(
                    " AND EXISTS (SELECT 1 FROM registrations r \
                     WHERE r.application_id = a.id AND (r.status || '') = ?)",
                );
            }
            args.extend(status_arg);
        }
        if search.is_empty() && query.status.is_none() {
            // Every application has its developer (NOT NULL, cascading): no join to count.
            count = self.capped_count("SELECT 1 FROM applications", &[]).await?;
        } else if !search.is_empty() && query.status.is_some() {
            count = self
                .capped_count(&format!("SELECT 1 {FROM} {filter}"), &args)
                .await?;
        }
        if let Some((at, last_id)) = parse_request_cursor(&query.after) {
            filter.push_str(" AND (a.created_at, a.id) < (?, ?)");
            args.push(at.to_value());
            args.push(last_id.to_value());
        }
        let from = if walk { WALKED } else { FROM };
        let rows = self
            .page_rows(
                &format!(
                    "SELECT a.id, a.name, a.created_at, a.developer_id,
                            d.full_name AS developer_name, d.email AS developer_email
                     {from} {filter} ORDER BY a.created_at DESC, a.id DESC LIMIT ?"
                ),
                args,
            )
            .await?;
        let mut listed = page(rows, count, "created_at", |row| ConsoleApplication {
            id: row.get("id"),
            name: row.get("name"),
            developer_id: row.get("developer_id"),
            developer_name: row.get("developer_name"),
            developer_email: row.get("developer_email"),
            registrations: Vec::new(),
            credentials: 0,
            created_at: rfc3339(row.get("created_at")),
        });
        self.fill_registrations_and_credentials(&mut listed.rows)
            .await?;
        Ok(listed)
    }

    /// Each listed application's registrations and credential count: two queries for the
    /// whole page, not two per row.
    async fn fill_registrations_and_credentials(
        &self,
        rows: &mut [ConsoleApplication],
    ) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let marks = vec!["?"; rows.len()].join(", ");
        let ids: Vec<Value> = rows.iter().map(|row| row.id.as_str().to_value()).collect();
        let mut registrations = Stmt::new(format!(
            "SELECT r.application_id, s.name, r.status FROM registrations r
             JOIN services s ON s.id = r.service_id
             WHERE r.application_id IN ({marks}) ORDER BY s.name_normalized, s.id"
        ));
        let mut credentials = Stmt::new(format!(
            "SELECT application_id, COUNT(*) AS n FROM credentials
             WHERE application_id IN ({marks}) GROUP BY application_id"
        ));
        for id in &ids {
            registrations.push(id.clone());
            credentials.push(id.clone());
        }
        let mut by_application: HashMap<String, Vec<ServiceRegistration>> = HashMap::new();
        for row in self.db.all(registrations).await? {
            let status: String = row.get("status");
            if let Some(status) = RegistrationStatus::parse(&status) {
                by_application
                    .entry(row.get("application_id"))
                    .or_default()
                    .push(ServiceRegistration {
                        service_name: row.get("name"),
                        status,
                    });
            }
        }
        let counts: HashMap<String, i64> = self
            .db
            .all(credentials)
            .await?
            .iter()
            .map(|row| (row.get("application_id"), row.get("n")))
            .collect();
        for row in rows {
            row.registrations = by_application.remove(&row.id).unwrap_or_default();
            row.credentials = counts.get(&row.id).copied().unwrap_or(0).max(0) as u64;
        }
        Ok(())
    }
}

/// The ids of applications whose name, or whose developer's name or e-mail, starts with
/// `search`: each part read through its own index, and each leaving out what an earlier part
/// found, so that `UNION ALL` (which stops at a count's cap, unlike `UNION`, which gathers
/// every match to remove repeats) never repeats an application. The developers come first
/// in their parts (`CROSS JOIN`, kept in that order by SQLite): from the applications,
/// SQLite's planner scanned them all for a broad search (41 ms at a million, 5 ms this way).
fn searched_ids(search: &str) -> (String, Vec<Value>) {
    let end = format!("{search}\u{10FFFF}");
    let starts = |column: &str| format!("({column} >= ? AND {column} < ?)");
    let sql = format!(
        "SELECT a.id FROM applications a WHERE {app}
         UNION ALL SELECT a.id FROM developers d CROSS JOIN applications a
               WHERE a.developer_id = d.id AND {email} AND NOT {app}
         UNION ALL SELECT a.id FROM developers d CROSS JOIN applications a
               WHERE a.developer_id = d.id AND {name} AND NOT {email} AND NOT {app}",
        app = starts("a.name_normalized"),
        email = starts("d.email_normalized"),
        name = starts("d.name_normalized"),
    );
    // Each range's two bounds, as often as the ranges appear, in order.
    let mut args = Vec::new();
    for _ in 0..6 {
        args.push(search.to_value());
        args.push(end.as_str().to_value());
    }
    (sql, args)
}
