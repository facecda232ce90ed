//! What an admin typed into a search box, read once: trimmed, lower-cased and at most as
//! long as anything it can match, so storage receives a value it can use as is.

use serde::{Deserialize, Serialize};

/// A search by the start of a name or an address. It deserializes only through
/// [`Search::parse`], which never fails: text beyond [`Search::MAX_CHARS`] could match
/// nothing and is dropped.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub struct Search(String);

impl Search {
    /// The longest e-mail address (and more than any name).
    pub const MAX_CHARS: usize = 254;

    pub fn parse(text: &str) -> Self {
        Self(
            text.trim()
                .chars()
                .take(Self::MAX_CHARS)
                .collect::<String>()
                .to_lowercase(),
        )
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Search {
    fn from(text: String) -> Self {
        Self::parse(&text)
    }
}

impl From<Search> for String {
    fn from(search: Search) -> Self {
        search.0
    }
}

#[cfg(test)]
mod tests {
    use super::Search;

    #[test]
    fn a_search_is_trimmed_lowered_and_cut_on_a_character_boundary() {
        assert_eq!(Search::parse("  Ada@Example ").as_str(), "ada@example");
        let long = "é".repeat(300);
        let search = Search::parse(&long);
        assert_eq!(search.as_str().chars().count(), Search::MAX_CHARS);
        let read: Search = serde_json::from_str(&format!("\"{long}\"")).unwrap();
        assert_eq!(read, search);
        assert!(Search::parse("   ").is_empty());
    }
}
