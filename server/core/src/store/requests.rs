//! The Requests page's queues, a keyset page at a time: developers who confirmed their
//! address and wait for a decision, and registrations waiting for one. Each query is served
//! by an index of its own (partial where the queue is a slice of a table), so a page costs
//! the same with a million developers, however many unconfirmed sign-ups lie about.

use app::model::{
    parse_request_cursor, request_cursor, DeveloperRequest, QueueCount, RegistrationRequest,
    RequestPage, RequestQuery, REQUESTS_PER_PAGE, REQUEST_COUNT_CAP,
};
use gatehouse_db::{Row, Stmt, ToValue, Value};

use super::prefix_search::{disjoint_prefix_union, push_prefix_search, Ranges, SearchPart};
use super::{rfc3339, Store, StoreError};

/// The developers' queue: pending and confirmed (the partial indexes of migration 0012).
const DEVELOPER_QUEUE: &str = "status = 'pending' AND email_verified_at IS NOT NULL";

/// The registrations' queue, and the tables its searches read.
const REGISTRATION_QUEUE: &str = "r.status = 'pending'";
const REGISTRATION_JOINS: &str = "FROM registrations r
     JOIN applications a ON a.id = r.application_id
     JOIN developers d ON d.id = a.developer_id";

/// A queue of requests, as its page and its count read it.
struct Queue<'a> {
    /// The tables the count reads, and the queue's condition on them.
    from: &'a str,
    condition: &'a str,
    /// The page's columns and tables: the count's, and any it shows besides.
    select: &'a str,
    /// The columns a search matches the start of.
    columns: &'a [&'a str],
    /// The page's order: time and id, oldest first.
    position: (&'a str, &'a str),
}

impl Store {
    /// A page of developers waiting for a decision, oldest first.
    pub async fn developer_request_page(
        &self,
        query: &RequestQuery,
    ) -> Result<RequestPage<DeveloperRequest>, StoreError> {
        let queue = Queue {
            from: "FROM developers",
            condition: DEVELOPER_QUEUE,
            select: "SELECT id, full_name, email, created_at FROM developers",
            columns: &["email_normalized", "name_normalized"],
            position: ("created_at", "id"),
        };
        let (rows, count) = self.queue_rows(&queue, query).await?;
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
        let select = format!(
            "SELECT r.id, r.application_id, a.name AS application_name, d.id AS developer_id,
                    d.email AS developer_email, r.service_id, s.name AS service_name, r.plan_id,
                    r.created_at
             {REGISTRATION_JOINS} JOIN services s ON s.id = r.service_id"
        );
        let queue = Queue {
            from: REGISTRATION_JOINS,
            condition: REGISTRATION_QUEUE,
            select: &select,
            columns: &[
                "a.name_normalized",
                "d.email_normalized",
                "d.name_normalized",
            ],
            position: ("r.created_at", "r.id"),
        };
        let (rows, count) = self.queue_rows(&queue, query).await?;
        Ok(page(rows, count, "created_at", |row| RegistrationRequest {
            id: row.get("id"),
            application_id: row.get("application_id"),
            application_name: row.get("application_name"),
            developer_id: row.get("developer_id"),
            developer_email: row.get("developer_email"),
            service_id: row.get("service_id"),
            service_name: row.get("service_name"),
            plan_id: row.get("plan_id"),
            requested_at: rfc3339(row.get("created_at")),
        }))
    }

    /// A page of `queue`'s rows matching the query's search, oldest first after its
    /// position (and one more, which tells whether another page follows), and their count.
    async fn queue_rows(
        &self,
        queue: &Queue<'_>,
        query: &RequestQuery,
    ) -> Result<(Vec<Row>, QueueCount), StoreError> {
        let search = query.search.as_str();
        let count = self
            .queue_count(queue.from, queue.condition, queue.columns, search)
            .await?;
        let mut filter = format!("{} WHERE {}", queue.select, queue.condition);
        let mut args = Vec::new();
        push_prefix_search(
            &mut filter,
            &mut args,
            search,
            queue.columns,
            ranges_for(count),
        );
        push_position(&mut filter, &mut args, &query.after, queue.position, ">");
        let (time, id) = queue.position;
        let rows = self
            .page_rows(&format!("{filter} ORDER BY {time}, {id} LIMIT ?"), args)
            .await?;
        Ok((rows, count))
    }

    /// How many rows of `from` in the queue `queue` match `search` in one of `columns`,
    /// counting no further than the cap: the columns' disjoint parts, so that the count
    /// stops early however broad the search.
    async fn queue_count(
        &self,
        from: &str,
        queue: &str,
        columns: &[&str],
        search: &str,
    ) -> Result<QueueCount, StoreError> {
        if search.is_empty() {
            return self
                .capped_count(&format!("SELECT 1 {from} WHERE {queue}"), &[])
                .await;
        }
        let parts: Vec<SearchPart> = columns
            .iter()
            .map(|&column| SearchPart {
                from,
                filter: queue,
                column,
            })
            .collect();
        let (matching, args) =
            disjoint_prefix_union("1", search, &parts, Some(REQUEST_COUNT_CAP + 1));
        self.capped_count(&matching, &args).await
    }

    /// How many rows `select` (a `SELECT` with `?` placeholders) finds, counting no
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

/// How to read a search's ranges for a page, given how many rows match: a broad search
/// (more than the cap) walks the queue in time order and tests each row, which finds a page
/// at once, where reading the matches through the searched columns' indexes would sort them
/// all by time first.
fn ranges_for(count: QueueCount) -> Ranges {
    if count.more {
        Ranges::Tested
    } else {
        Ranges::Indexed
    }
}

/// Continues past the position `after` names, if it names one, in the direction `beyond`
/// (`>` oldest first, `<` newest first). The time is also compared alone, a plain range
/// that every planner starts an index scan at.
pub(super) fn push_position(
    filter: &mut String,
    args: &mut Vec<Value>,
    after: &str,
    (time, id): (&str, &str),
    beyond: &str,
) {
    if let Some((at, last_id)) = parse_request_cursor(after) {
        filter.push_str(&format!(
            " AND {time} {beyond}= ? AND ({time}, {id}) {beyond} (?, ?)"
        ));
        args.push(at.to_value());
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
