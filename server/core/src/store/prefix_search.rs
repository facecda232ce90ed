//! Prefix searches over normalized (lower-case) columns: a range per column, never a `LIKE`,
//! read through the columns' indexes, tested row by row, or split into disjoint parts that
//! a capped count can stop early.

use gatehouse_db::{ToValue, Value};

/// How a prefix search's ranges are meant to be read.
#[derive(Clone, Copy)]
pub(super) enum Ranges {
    /// Through the indexes on the searched columns.
    Indexed,
    /// Tested row by row while another index gives the order (the columns are wrapped in an
    /// expression, which both databases' planners read as "no index here").
    Tested,
}

/// Narrows `filter` to rows where one of `columns` starts with `search`.
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
    let tested: Vec<String>;
    let columns: Vec<&str> = match ranges {
        Ranges::Indexed => columns.to_vec(),
        Ranges::Tested => {
            tested = columns
                .iter()
                .map(|column| format!("({column} || '')"))
                .collect();
            tested.iter().map(String::as_str).collect()
        }
    };
    let ranges: Vec<String> = columns.iter().map(|column| starts_with(column)).collect();
    filter.push_str(&format!(" AND ({})", ranges.join(" OR ")));
    for _ in &columns {
        push_bounds(args, search);
    }
}

/// One part of a [`disjoint_prefix_union`]: the rows of `from` (tables and joins) meeting
/// `filter` (conditions without placeholders; empty for none) whose `column` starts with the
/// search.
pub(super) struct SearchPart<'a> {
    pub from: &'a str,
    pub filter: &'a str,
    pub column: &'a str,
}

/// `SELECT {selected}` from each part, narrowed to its column's range and away from every
/// earlier part's, joined by `UNION ALL`: each part is read through its column's index and
/// no row comes twice, so a count wrapped around it with a `LIMIT` stops at its cap. An `OR`
/// of the ranges (or a `UNION`) gathers every match first, to remove repeats: at a million
/// rows, every row for a broad search. With `limit`, each part stops there too, which
/// PostgreSQL needs to plan each part for a few rows (it hashed a million developers for a
/// part that the outer `LIMIT` alone bounded).
pub(super) fn disjoint_prefix_union(
    selected: &str,
    search: &str,
    parts: &[SearchPart],
    limit: Option<u64>,
) -> (String, Vec<Value>) {
    let mut selects = Vec::new();
    let mut args = Vec::new();
    for (n, part) in parts.iter().enumerate() {
        let mut sql = format!(
            "SELECT {selected} {} WHERE {}",
            part.from,
            starts_with(part.column)
        );
        push_bounds(&mut args, search);
        if !part.filter.is_empty() {
            sql.push_str(&format!(" AND {}", part.filter));
        }
        for earlier in &parts[..n] {
            sql.push_str(&format!(" AND NOT {}", starts_with(earlier.column)));
            push_bounds(&mut args, search);
        }
        if let Some(limit) = limit {
            sql = format!("SELECT * FROM ({sql} LIMIT {limit}) AS part_{n}");
        }
        selects.push(sql);
    }
    (selects.join(" UNION ALL "), args)
}

/// `column` starts with the search: between two bound placeholders.
fn starts_with(column: &str) -> String {
    format!("({column} >= ? AND {column} < ?)")
}

/// The bounds of the range of strings starting with `search`, for [`starts_with`].
fn push_bounds(args: &mut Vec<Value>, search: &str) {
    args.push(search.to_value());
    args.push(format!("{search}\u{10FFFF}").to_value());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_part_leaves_out_what_an_earlier_part_found() {
        let parts = [
            SearchPart {
                from: "FROM t",
                filter: "",
                column: "a",
            },
            SearchPart {
                from: "FROM t",
                filter: "live = 1",
                column: "b",
            },
        ];
        let (sql, args) = disjoint_prefix_union("id", "ad", &parts, None);
        assert_eq!(
            sql,
            "SELECT id FROM t WHERE (a >= ? AND a < ?) UNION ALL \
             SELECT id FROM t WHERE (b >= ? AND b < ?) AND live = 1 AND NOT (a >= ? AND a < ?)"
        );
        assert_eq!(args.len(), 6);
        let (limited, _) = disjoint_prefix_union("id", "ad", &parts[..1], Some(3));
        assert_eq!(
            limited,
            "SELECT * FROM (SELECT id FROM t WHERE (a >= ? AND a < ?) LIMIT 3) AS part_0"
        );
    }
}
