//! Links that carry a single-use token (password reset, address confirmation). The outbox
//! never holds one readably: the body keeps a placeholder, the link itself is sealed with the
//! server key, and only the delivery worker opens it, for the recipient's copy. So the
//! console's e-mail log (which viewers may read) and a copy of the database without the
//! server key show no live link.

use crate::auth::Sealer;

/// What the stored body says where the link goes.
pub const WITHHELD: &str = "[single-use link: it is only in the copy delivered to the recipient]";

/// A sealed link, bound to the recipient it was written for.
pub struct SecretLink(String);

impl SecretLink {
    pub fn seal(sealer: &Sealer, link: &str, recipient: &str) -> Self {
        Self(sealer.seal(link, &bound_to(recipient)))
    }

    pub(super) fn into_sealed(self) -> String {
        self.0
    }
}

/// The body as delivered: the placeholder replaced by the opened link.
pub fn delivered_body(
    sealer: &Sealer,
    body: &str,
    sealed: Option<&str>,
    recipient: &str,
) -> anyhow::Result<String> {
    match sealed {
        None => Ok(body.to_string()),
        Some(sealed) => {
            let link = sealer.open(sealed, &bound_to(recipient))?;
            Ok(body.replace(WITHHELD, &link))
        }
    }
}

fn bound_to(recipient: &str) -> String {
    format!("mail-link:{recipient}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::SecretKey;

    #[test]
    fn the_link_opens_for_its_recipient_only() {
        let sealer = Sealer::new(&SecretKey::generate());
        let link = SecretLink::seal(
            &sealer,
            "https://dev.example/reset?token=abc",
            "ada@example.com",
        );
        let sealed = link.into_sealed();
        assert!(!sealed.contains("abc"));
        let body = format!("Reset here:\n{WITHHELD}\n");
        assert_eq!(
            delivered_body(&sealer, &body, Some(&sealed), "ada@example.com").unwrap(),
            "Reset here:\nhttps://dev.example/reset?token=abc\n"
        );
        assert!(delivered_body(&sealer, &body, Some(&sealed), "eve@example.com").is_err());
        assert_eq!(delivered_body(&sealer, &body, None, "x").unwrap(), body);
    }
}
