//! Times as people read them in tables.

use leptos::prelude::*;

/// `2026-11-22T20:17:29.75Z` → `2026-11-22 20:17 UTC`, with the exact time kept for machines
/// and, to the second, in the title a pointer shows.
#[component]
pub fn Time(#[prop(into)] rfc3339: String) -> impl IntoView {
    let readable = readable_time(&rfc3339);
    let exact = exact_time(&rfc3339);
    view! { <time datetime=rfc3339 title=exact>{readable}</time> }
}

/// `2026-11-22T20:17:29.75Z` → `2026-11-22 20:17:29 UTC`.
pub fn exact_time(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..19)) {
        (Some(date), Some(time)) => format!("{date} {time} UTC"),
        _ => rfc3339.to_string(),
    }
}

pub fn readable_time(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(date), Some(time)) => format!("{date} {time} UTC"),
        _ => rfc3339.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_read_to_the_minute_in_utc() {
        assert_eq!(
            super::readable_time("2026-11-22T20:17:29.75Z"),
            "2026-11-22 20:17 UTC"
        );
        assert_eq!(super::readable_time("garbage"), "garbage");
        assert_eq!(
            super::exact_time("2026-11-22T20:17:29.75Z"),
            "2026-11-22 20:17:29 UTC"
        );
    }
}
