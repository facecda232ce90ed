//! The Requests page's queues: a search and a position in, a page of rows and a count out.

use serde::{Deserialize, Serialize};

use super::Search;

/// Rows per page of a request queue.
pub const REQUESTS_PER_PAGE: usize = 50;

/// Counts stop here: beyond it the page says "1,000+" instead of counting every row (more
/// than a person works through by hand, and cheap to count at a million rows).
pub const REQUEST_COUNT_CAP: u64 = 1_000;

/// Which page of a queue to show: the rows matching `search`, after `after`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestQuery {
    /// Matches the start of a name or an e-mail address (and, for registrations, of the
    /// application's name).
    #[serde(default)]
    pub search: Search,
    /// Opaque position from the previous page's `next`; empty for the first page.
    #[serde(default)]
    pub after: String,
}

/// One page of a queue, oldest request first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestPage<T> {
    pub rows: Vec<T>,
    /// The position to ask for the next page, when there is one.
    pub next: Option<String>,
    /// How many requests match, up to [`REQUEST_COUNT_CAP`].
    pub count: QueueCount,
}

/// A count that stops at a cap, so counting stays cheap however long the queue grows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueCount {
    pub counted: u64,
    /// More than `counted` match.
    pub more: bool,
}

impl QueueCount {
    /// From the number of rows a count capped at `REQUEST_COUNT_CAP + 1` found.
    pub fn from_capped(found: u64) -> Self {
        Self {
            counted: found.min(REQUEST_COUNT_CAP),
            more: found > REQUEST_COUNT_CAP,
        }
    }

    /// As a tab shows it: "12", "1,000+".
    pub fn label(self) -> String {
        let digits = self.counted.to_string();
        let mut grouped = String::new();
        for (n, digit) in digits.chars().enumerate() {
            if n > 0 && (digits.len() - n).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        if self.more {
            grouped.push('+');
        }
        grouped
    }
}

/// A keyset position: the last row's request time and id.
pub fn request_cursor(requested_at_millis: i64, id: &str) -> String {
    format!("{requested_at_millis}\t{id}")
}

/// Reads a position made by [`request_cursor`]; anything else starts at the beginning.
pub fn parse_request_cursor(after: &str) -> Option<(i64, &str)> {
    let (at, id) = after.split_once('\t')?;
    Some((at.parse().ok()?, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_people_write_them() {
        assert_eq!(QueueCount::from_capped(7).label(), "7");
        assert_eq!(QueueCount::from_capped(999).label(), "999");
        assert_eq!(
            QueueCount::from_capped(REQUEST_COUNT_CAP + 1).label(),
            "1,000+"
        );
    }

    #[test]
    fn positions_read_back_and_garbage_starts_over() {
        let cursor = request_cursor(1700000000000, "abc");
        assert_eq!(parse_request_cursor(&cursor), Some((1700000000000, "abc")));
        assert_eq!(parse_request_cursor("nonsense"), None);
        assert_eq!(parse_request_cursor("x\ty"), None);
    }
}
