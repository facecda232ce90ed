//! The console's Applications page, a keyset page at a time, newest first. A search with
//! few matches is read through its own indexes and sorted; a broad one walks the
//! applications by time and tests each row; a status walks its registrations in their
//! applications' order. Either way a page costs about the same at a million.

use app::model::{
    ApplicationListPage, ApplicationQuery, ConsoleApplication, QueueCount, RegistrationStatus,
    ServiceRegistration, REQUEST_COUNT_CAP,
};
use gatehouse_db::{Row, Stmt, ToValue, Value};
use std::collections::HashMap;

use super::prefix_search::{disjoint_prefix_union, push_prefix_search, Ranges, SearchPart};
use super::requests::{page, push_position};
use super::{rfc3339, Store, StoreError};

/// The columns a page shows, `created_at` and `id` being its position.
const SHOWN: &str =
    "a.name, a.developer_id, d.full_name AS developer_name, d.email AS developer_email";

/// Applications and their developers, for a few matches read and sorted.
const FROM: &str = "FROM applications a, developers d WHERE d.id = a.developer_id";

/// The same, for a page that walks the applications newest first and tests each row (no
/// search, or a broad one): SQLite keeps the tables of a `CROSS JOIN` in the order written,
/// so its planner cannot start from the developers and sort every match.
const WALKED: &str = "FROM applications a CROSS JOIN developers d WHERE d.id = a.developer_id";

/// A registration `r` that stands for its application in its status: the first, by
/// service, of the application's registrations in that status, so that an application
/// registered with several services in one status is listed and counted once, without
/// gathering every row to remove repeats (`registrations_by_application_status` answers it
/// without reading the table).
const FIRST_IN_STATUS: &str = "NOT EXISTS (SELECT 1 FROM registrations e
     WHERE e.application_id = r.application_id AND e.status = r.status
       AND e.service_id < r.service_id)";

/// Applications in a status, through their registrations in the status in the applications'
/// order (`registrations_by_status_application_time`): a page costs the same however rare
/// the status.
const IN_STATUS: &str = "FROM registrations r CROSS JOIN applications a CROSS JOIN developers d
     WHERE r.status = ? AND a.id = r.application_id AND d.id = a.developer_id";

/// The position of a page read newest first through the applications' own index, or
/// through their registrations' copy of the applications' time and id.
const BY_APPLICATION: Position = ("a.created_at", "a.id");
const BY_REGISTRATION: Position = ("r.application_created_at", "r.application_id");

/// A page's ordering columns: time and id.
type Position = (&'static str, &'static str);

/// The searched columns, for a broad search tested row by row.
const SEARCHED: [&str; 3] = [
    "a.name_normalized",
    "d.email_normalized",
    "d.name_normalized",
];

impl Store {
    pub async fn application_list_page(
        &self,
        query: &ApplicationQuery,
    ) -> Result<ApplicationListPage, StoreError> {
        let search = query.search.as_str();
        // A search with few matches (up to the count's cap) is read through its indexes.
        let mut narrow = None;
        let mut search_count = QueueCount::default();
        if !search.is_empty() {
            // Counted as `1`s, which the indexes hold without reading the applications.
            let (matching, args) = searched(search, "1", Some(REQUEST_COUNT_CAP + 1));
            search_count = self.capped_count(&matching, &args).await?;
            if !search_count.more {
                narrow = Some(searched(search, "a.id", None));
            }
        }
        let status = query.status.map(|status| status.as_str().to_value());
        let (count, filter, args, position) = match (narrow, status) {
            (Some((matching, mut args)), status) => {
                // Few enough to read them all and sort them by time.
                let mut filter = format!("{FROM} AND a.id IN ({matching})");
                if let Some(status) = status {
                    filter.push_str(
                        " AND EXISTS (SELECT 1 FROM registrations r
                                      WHERE r.application_id = a.id AND r.status = ?)",
                    );
                    args.push(status);
                }
                let count = if query.status.is_some() {
                    self.capped_count(&format!("SELECT 1 {filter}"), &args)
                        .await?
                } else {
                    search_count
                };
                (count, filter, args, BY_APPLICATION)
            }
            (None, Some(status)) => {
                let mut args = vec![status.clone()];
                let mut filter = format!("{IN_STATUS} AND {FIRST_IN_STATUS}");
                push_prefix_search(&mut filter, &mut args, search, &SEARCHED, Ranges::Tested);
                let count = if search.is_empty() {
                    // Every application has its developer: the registrations alone count,
                    // in the index's order, where an application's repeats lie together.
                    self.capped_count(
                        "SELECT DISTINCT application_created_at, application_id
                         FROM registrations WHERE status = ?",
                        &[status],
                    )
                    .await?
                } else {
                    self.capped_count(&format!("SELECT 1 {filter}"), &args)
                        .await?
                };
                (count, filter, args, BY_REGISTRATION)
            }
            (None, None) => {
                let mut args = Vec::new();
                let mut filter = WALKED.to_string();
                push_prefix_search(&mut filter, &mut args, search, &SEARCHED, Ranges::Tested);
                let count = if search.is_empty() {
                    // Every application has its developer (NOT NULL, cascading).
                    self.capped_count("SELECT 1 FROM applications", &[]).await?
                } else {
                    search_count
                };
                (count, filter, args, BY_APPLICATION)
            }
        };
        let rows = self
            .applications_after(&filter, args, position, &query.after)
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

    /// A page of `from_where`'s applications, newest first by `position`, after `after`.
    async fn applications_after(
        &self,
        from_where: &str,
        mut args: Vec<Value>,
        position: Position,
        after: &str,
    ) -> Result<Vec<Row>, StoreError> {
        let (time, id) = position;
        let mut filter = from_where.to_string();
        push_position(&mut filter, &mut args, after, position, "<");
        self.page_rows(
            &format!(
                "SELECT {time} AS created_at, {id} AS id, {SHOWN} {filter}
                 ORDER BY {time} DESC, {id} DESC LIMIT ?"
            ),
            args,
        )
        .await
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

/// `selected` for each application whose name, or whose developer's e-mail or name, starts
/// with `search`, each read through its own index and never twice. The developers come first in
/// their parts (`CROSS JOIN`, kept in that order by SQLite): from the applications, SQLite's
/// planner scanned them all for a broad search (41 ms at a million, 5 ms this way).
fn searched(search: &str, selected: &str, limit: Option<u64>) -> (String, Vec<Value>) {
    let by_developer = "FROM developers d CROSS JOIN applications a";
    disjoint_prefix_union(
        selected,
        search,
        &[
            SearchPart {
                from: "FROM applications a",
                filter: "",
                column: "a.name_normalized",
            },
            SearchPart {
                from: by_developer,
                filter: "a.developer_id = d.id",
                column: "d.email_normalized",
            },
            SearchPart {
                from: by_developer,
                filter: "a.developer_id = d.id",
                column: "d.name_normalized",
            },
        ],
        limit,
    )
}
