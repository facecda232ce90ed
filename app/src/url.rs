//! Building links: percent-encoding of query values (shared by pages and e-mail).

/// Percent-encodes a query parameter value (RFC 3986 unreserved characters stay).
pub fn encode_component(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reserved_characters_are_encoded() {
        assert_eq!(
            super::encode_component("ada lovelace+x@y"),
            "ada%20lovelace%2Bx%40y"
        );
    }
}
