//! Parameters are written once, SQLite-style (`?1`, `?2` or a bare `?`); PostgreSQL gets
//! them renumbered as `$1`, `$2`. Text inside quotes and comments is left alone.

/// A piece of a statement: text to keep, or a placeholder with its number.
enum Piece<'a> {
    Text(&'a str),
    Placeholder(usize),
}

/// Splits `sql` into text and placeholders, numbering each placeholder by SQLite's rule (a
/// bare `?` is one more than the highest number so far).
fn pieces(sql: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let bytes = sql.as_bytes();
    let mut highest = 0;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'\'' | b'"') => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == quote {
                        // A doubled quote is an escaped quote inside the literal.
                        if bytes.get(i + 1) == Some(&quote) {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 2;
            }
            b'?' => {
                pieces.push(Piece::Text(&sql[start..i]));
                let digits_end = i
                    + 1
                    + bytes[i + 1..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                let number = match sql[i + 1..digits_end].parse::<usize>() {
                    Ok(n) => n,
                    Err(_) => highest + 1,
                };
                highest = highest.max(number);
                pieces.push(Piece::Placeholder(number));
                i = digits_end;
                start = i;
            }
            _ => i += 1,
        }
    }
    pieces.push(Piece::Text(&sql[start.min(sql.len())..]));
    pieces
}

/// The statement with PostgreSQL's `$N` placeholders.
#[cfg(any(feature = "postgres", test))]
pub(crate) fn for_postgres(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    for piece in pieces(sql) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Placeholder(n) => {
                out.push('$');
                out.push_str(&n.to_string());
            }
        }
    }
    out
}

/// The highest placeholder number in `sql` (0 when it has none).
/// Whether any placeholder is a bare `?` (numbered by position rather than written out).
pub(crate) fn has_bare(sql: &str) -> bool {
    let bytes = sql.as_bytes();
    let mut at = 0;
    pieces(sql).iter().any(|piece| match piece {
        Piece::Text(text) => {
            at += text.len();
            false
        }
        Piece::Placeholder(_) => {
            let bare = !bytes.get(at + 1).is_some_and(u8::is_ascii_digit);
            at += 1 + bytes[at + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            bare
        }
    })
}

pub(crate) fn highest(sql: &str) -> usize {
    pieces(sql)
        .iter()
        .filter_map(|piece| match piece {
            Piece::Placeholder(n) => Some(*n),
            Piece::Text(_) => None,
        })
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_and_bare_placeholders_become_dollars() {
        assert_eq!(
            for_postgres("SELECT a FROM t WHERE b = ?2 AND c = ?1 AND d = ?"),
            "SELECT a FROM t WHERE b = $2 AND c = $1 AND d = $3"
        );
        assert_eq!(for_postgres("VALUES (?, ?, ?)"), "VALUES ($1, $2, $3)");
        assert_eq!(highest("VALUES (?, ?3, ?)"), 4);
    }

    #[test]
    fn quotes_and_comments_are_left_alone() {
        assert_eq!(
            for_postgres("SELECT '?1', \"a?\" -- why?\n, 'it''s ?' /* ? */ FROM t WHERE x = ?1"),
            "SELECT '?1', \"a?\" -- why?\n, 'it''s ?' /* ? */ FROM t WHERE x = $1"
        );
        assert_eq!(highest("SELECT '?7'"), 0);
    }

    #[test]
    fn an_unterminated_literal_does_not_panic() {
        assert_eq!(for_postgres("SELECT 'open ?1"), "SELECT 'open ?1");
        assert_eq!(for_postgres("SELECT /* open ?1"), "SELECT /* open ?1");
        assert_eq!(for_postgres("?"), "$1");
    }
}
