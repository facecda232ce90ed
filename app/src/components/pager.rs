//! Where a paged list stands ("21–40 of 1,204 developers") and the links to its first and
//! next pages; a list that fits on one page shows its count and no buttons.

use leptos::prelude::*;

use crate::model::{thousands, QueueCount};

/// The furthest `from=` is believed: beyond it the address was made up.
const MOST_FROM: u64 = 1_000_000_000;

#[component]
pub fn Pager(
    /// How many rows come before the first one shown; `None` when the address does not say
    /// (a link made before it did): then the range is not shown.
    from: Option<u64>,
    /// How many rows this page shows.
    shown: usize,
    /// How many rows the whole list has (counted up to a cap).
    total: QueueCount,
    /// What the rows are, in the plural: "developers".
    noun: &'static str,
    /// The first page's address, when this is not it.
    first: Option<String>,
    /// The next page's address, when there is one.
    next: Option<String>,
) -> impl IntoView {
    let range = from.and_then(|from| range_label(from, shown, total, noun));
    let links = (first.is_some() || next.is_some()).then(|| {
        view! {
            <nav class="pager" aria-label="Pages">
                {first.map(|href| view! { <a class="button button-ghost button-small" href=href>"First page"</a> })}
                {next.map(|href| view! { <a class="button button-ghost button-small" href=href>"Next page"</a> })}
            </nav>
        }
    });
    view! {
        {range.map(|range| view! { <p class="muted pager-range">{range}</p> })}
        {links}
    }
}

/// "1–20 of 1,204 developers"; a count a little behind the rows shown gives way to them. No
/// rows, or a position beyond the whole count (a made-up address): no range.
pub fn range_label(from: u64, shown: usize, total: QueueCount, noun: &str) -> Option<String> {
    if shown == 0 || (!total.more && from > total.counted) {
        return None;
    }
    let last = from.saturating_add(shown as u64);
    let total = if total.more {
        total
    } else {
        QueueCount {
            counted: total.counted.max(last),
            more: false,
        }
    };
    Some(format!(
        "{}–{} of {} {noun}",
        thousands(from + 1),
        thousands(last),
        total.label()
    ))
}

/// Where a page starts: 0 on the first page (no `after=`); otherwise its `from=`, a whole
/// number up to a billion, or `None` when absent or garbled.
pub fn parse_from(after: &str, from: Option<String>) -> Option<u64> {
    if after.is_empty() {
        return Some(0);
    }
    from.and_then(|v| v.parse().ok())
        .filter(|n| *n <= MOST_FROM)
}

/// The next page's `from=`, when this page's is known.
pub fn next_from(from: Option<u64>, shown: usize) -> Option<u64> {
    from.map(|from| from.saturating_add(shown as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_as_people_write_them() {
        let total = QueueCount::from_capped(1204);
        assert_eq!(range_label(0, 20, total, "x").unwrap(), "1–20 of 1,000+ x");
        let exact = QueueCount {
            counted: 1204,
            more: false,
        };
        assert_eq!(
            range_label(20, 20, exact, "developers").unwrap(),
            "21–40 of 1,204 developers"
        );
        assert_eq!(range_label(5_000, 20, exact, "x"), None, "made up");
        assert_eq!(range_label(0, 0, exact, "x"), None);
        let behind = QueueCount {
            counted: 3,
            more: false,
        };
        assert_eq!(range_label(0, 4, behind, "x").unwrap(), "1–4 of 4 x");
        assert_eq!(parse_from("", Some("40".into())), Some(0));
        assert_eq!(parse_from("c", Some("40".into())), Some(40));
        assert_eq!(parse_from("c", None), None);
        assert_eq!(parse_from("c", Some("-1".into())), None);
        assert_eq!(parse_from("c", Some("18446744073709551615".into())), None);
    }
}
