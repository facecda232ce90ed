//! Building and reading links: percent-encoding of query values (shared by pages and
//! e-mail), and form-encoded values read back.

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

/// `path` with the query `pairs`, percent-encoded; `path` alone when there are none.
pub fn address(path: &str, pairs: &[(String, String)]) -> String {
    let pairs = pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode_component(name), encode_component(value)))
        .collect::<Vec<_>>();
    if pairs.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", pairs.join("&"))
    }
}

/// The name/value pairs of a form-encoded string (`a=1&b=x+y`), decoded. Written here rather
/// than taken from a crate, to keep the browser bundles small.
pub fn decode_form(encoded: &str) -> Vec<(String, String)> {
    encoded
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(name), decode_component(value))
        })
        .collect()
}

/// Undoes form encoding: `+` is a space, `%XX` a byte; malformed escapes stay as they are.
fn decode_component(encoded: &str) -> String {
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| {
            bytes
                .get(at)
                .and_then(|b| (*b as char).to_digit(16))
                .map(|d| d as u8)
        };
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push(high * 16 + low);
                i += 3;
            }
            (b'+', ..) => {
                out.push(b' ');
                i += 1;
            }
            (byte, ..) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn form_encoding_is_decoded() {
        assert_eq!(
            super::decode_form("email=ada%40example.com&name=Ada+L%C3%B6we&bad=%zz&flag"),
            [
                ("email".to_string(), "ada@example.com".to_string()),
                ("name".to_string(), "Ada Löwe".to_string()),
                ("bad".to_string(), "%zz".to_string()),
                ("flag".to_string(), String::new()),
            ]
        );
    }

    #[test]
    fn reserved_characters_are_encoded() {
        assert_eq!(
            super::encode_component("ada lovelace+x@y"),
            "ada%20lovelace%2Bx%40y"
        );
    }
}
