//! The Requests page's queues, a keyset page at a time: developers who confirmed their
//! address and wait for a decision, and registrations waiting for one. Each query is served
//! by an index of its own (partial where the queue is a slice of a table), so a page costs
//! the same with a million developers, however many unconfirmed sign-ups lie about.

use app::model::{
    parse_request_cursor, request_cursor, DeveloperRequest, QueueCount, RegistrationRequest,
    RequestPage, RequestQuery, REQUESTS_PER_PAGE, REQUEST_COUNT_CAP,
};
use gatehouse_db::{Row, Stmt, ToValue, Value};

use super::{rfc3339, Store, StoreError};

/// The developers' queue: pending and confirmed (the partial indexes of migration 0012).
const DEVELOPER_QUEUE: &str = "status = 'pending' AND email_verified_at IS NOT NULL";

impl Store {
    /// A page of developers waiting for a decision, oldest first.
    pub async fn developer_request_page(
        &self,
        query: &RequestQuery,
    ) -> Result<RequestPage<DeveloperRequest>, StoreError> {
        let search = query.search.as_str();
        let columns = ["email_normalized", "name_normalized"];
        let mut filter = format!("WHERE {DEVELOPER_QUEUE}");
        let mut args = Vec::new();
        push_prefix_search(&mut filter, &mut args, search, &columns, Ranges::Indexed);
        let count = self
            .capped_count(&format!("SELECT 1 FROM developers {filter}"), &args)
            .await?;
        if count.more {
            // A broad search (more matches than the cap): walking the queue in time order
            // and testing each row finds a page at once, where reading the matches by name
            // or e-mail would sort them all by time first.
            filter = format!("WHERE {DEVELOPER_QUEUE}");
            args.clear();
            push_prefix_search(&mut filter, &mut args, search, &columns, Ranges::Tested);
        }
        push_after(&mut filter, &mut args, &query.after, "created_at", "id");
        let rows = self
            .page_rows(
                &format!(
                    "SELECT id, full_name, email, created_at FROM developers {filter}
                     ORDER BY created_at, id LIMIT ?"
                ),
                args,
            )
            .await?;
        Ok(page(rows, count, "created_at", |row| DeveloperRequest {
            id: row.get("id"),
            full_name: row.get("full_name"),
            email: row.get("email"),
            requested_at: rfc3339(row.get("created_at")),
        }))
    }

    /// A page of registrations waiting for a decision, oldest first.
    pub async fn registration_request_page(
        &self,
        query: &RequestQuery,
    ) -> Result<RequestPage<RegistrationRequest>, StoreError> {
        let mut filter = String::from(
            "FROM registrations r
             JOIN applications a ON a.id = r.application_id
             JOIN developers d ON d.id = a.developer_id
             JOIN services s ON s.id = r.service_id
             WHERE r.status = 'pending'",
        );
        let mut args = Vec::new();
        push_prefix_search(
            &mut filter,
            &mut args,
            query.search.as_str(),
            &[
                "a.name_normalized",
                "d.email_normalized",
                "d.name_normalized",
            ],
            Ranges::Indexed,
        );
        let count = self
            .capped_count(&format!("SELECT 1 {filter}"), &args)
            .await?;
        push_after(&mut filter, &mut args, &query.after, "r.created_at", "r.id");
        let rows = self
            .page_rows(
                &format!(
                    "SELECT r.id, r.application_id, a.name AS application_name, d.id AS developer_id,
                            d.email AS developer_email, s.name AS service_name, r.created_at
                     {filter} ORDER BY r.created_at, r.id LIMIT ?"
                ),
                args,
            )
            .await?;
        Ok(page(rows, count, "created_at", |row| RegistrationRequest {
            id: row.get("id"),
            application_id: row.get("application_id"),
            application_name: row.get("application_name"),
            developer_id: row.get("developer_id"),
            developer_email: row.get("developer_email"),
            service_name: row.get("service_name"),
            requested_at: rfc3339(row.get("created_at")),
        }))
    }

    /// How many rows `select` (a `SELECT 1 …` with `?` placeholders) finds, counting no
    /// further than the cap.
    pub(super) async fn capped_count(
        &self,
        select: &str,
        args: &[Value],
    ) -> Result<QueueCount, StoreError> {
        let mut stmt = Stmt::new(format!(
            "SELECT COUNT(*) AS n FROM ({select} LIMIT {}) AS matching",
            REQUEST_COUNT_CAP + 1
        ));
        for arg in args {
            stmt.push(arg.clone());
        }
        let found: i64 = self.db.scalar(stmt).await?.unwrap_or(0);
        Ok(QueueCount::from_capped(found.max(0) as u64))
    }

    /// The rows of a page and one more, which tells whether another page follows.
    pub(super) async fn page_rows(
        &self,
        sql: &str,
        mut args: Vec<Value>,
    ) -> Result<Vec<Row>, StoreError> {
        args.push((REQUESTS_PER_PAGE as i64 + 1).to_value());
        let mut stmt = Stmt::new(sql.to_string());
        for arg in args {
            stmt.push(arg);
        }
        Ok(self.db.all(stmt).await?)
    }
}

/// How a prefix search's ranges are meant to be read.
#[derive(Clone, Copy)]
pub(super) enum Ranges {
    /// Through the indexes on the searched columns.
    Indexed,
    /// Tested row by row while another index gives the order (the columns are wrapped in an
    /// expression, which both databases' planners read as "no index here").
    Tested,
}

/// Narrows `filter` to rows where one of `columns` (normalized, lower-case) starts with
/// `search`: a range on each, never a `LIKE`.
pub(super) fn push_prefix_search(
    filter: &mut String,
    args: &mut Vec<Value>,
    search: &str,
    columns: &[&str],
    ranges: Ranges,
) {
    if search.is_empty() {
        return;
    }
    let end = format!("{search}\u{10FFFF}");
    let ranges: Vec<String> = columns
        .iter()
        .map(|column| match ranges {
            Ranges::Indexed => format!("({column} >= ? AND {column} < ?)"),
            Ranges::Tested => format!("(({column} || '') >= ? AND ({column} || '') < ?)"),
        })
        .collect();
    filter.push_str(&format!(" AND ({})", ranges.join(" OR ")));
    for _ in columns {
        args.push(search.to_value());
        args.push(end.as_str().to_value());
    }
}

/// Continues after the position `after` names, if it names one.
fn push_after(filter: &mut String, args: &mut Vec<Value>, after: &str, time: &str, id: &str) {
    if let Some((at, last_id)) = parse_request_cursor(after) {
        filter.push_str(&format!(" AND ({time}, {id}) > (?, ?)"));
        args.push(at.to_value());
        args.push(last_id.to_value());
    }
}

/// The page from its rows (one more than a page when another follows).
pub(super) fn page<T>(
    mut rows: Vec<Row>,
    count: QueueCount,
    time: &str,
    read: impl Fn(&Row) -> T,
) -> RequestPage<T> {
    let next = if rows.len() > REQUESTS_PER_PAGE {
        rows.truncate(REQUESTS_PER_PAGE);
        rows.last()
            .map(|row| request_cursor(row.get(time), &row.get::<String>("id")))
    } else {
        None
    };
    RequestPage {
        rows: rows.iter().map(read).collect(),
        next,
        count,
    }
}
