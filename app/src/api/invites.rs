//! Inviting developers by e-mail (the console's "Invite developers").

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::model::Email;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invited {
    pub count: usize,
    /// Kong's way: one message from the admin's own mail app, everyone in BCC. Empty when
    /// too long to carry back to a page without JavaScript.
    pub mailto: String,
}

/// Splits a comma (or space or line) separated list into addresses, naming each bad one.
#[cfg(feature = "ssr")]
pub fn parse_invitees(input: &str) -> Result<Vec<Email>, AppError> {
    let mut emails: Vec<Email> = Vec::new();
    let mut bad = Vec::new();
    for part in input
        .split([',', ';', '\n', ' ', '\t'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match Email::parse(part) {
            Ok(email) if emails.contains(&email) => {}
            Ok(email) => emails.push(email),
            Err(_) => bad.push(format!("\u{201c}{part}\u{201d} is not an email address.")),
        }
    }
    if !bad.is_empty() {
        return Err(AppError::field("emails", bad.join(" ")));
    }
    if emails.is_empty() {
        return Err(AppError::field(
            "emails",
            "Enter at least one email address.",
        ));
    }
    if emails.len() > 500 {
        return Err(AppError::field(
            "emails",
            "Invite at most 500 developers at a time.",
        ));
    }
    Ok(emails)
}

/// The longest BCC link an outcome carried in the address may hold.
#[cfg(feature = "ssr")]
const MAX_MAILTO_IN_ADDRESS: usize = 1_500;

#[server(endpoint = "invite_developers")]
pub async fn invite_developers(emails: String) -> Result<Invited, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let emails = parse_invitees(&emails)?;
            let request = request_info().await?;
            let writer = request
                .viewer
                .console_writer()
                .map_err(AppError::Forbidden)?;
            let mailto = format!(
                "mailto:?bcc={}",
                emails
                    .iter()
                    .map(|e| e.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            );
            // A plain post carries the outcome in the address: a long BCC list stays out of it.
            let mailto = if plain_form_post() && mailto.len() > MAX_MAILTO_IN_ADDRESS {
                String::new()
            } else {
                mailto
            };
            let count = emails.len();
            backend()?
                .invite_developers(&writer, emails, &request)
                .await?;
            Ok(Invited { count, mailto })
        }
        .await,
    )
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::parse_invitees;

    #[test]
    fn each_bad_address_is_named_and_duplicates_are_dropped() {
        let emails = parse_invitees("a@example.com, b@example.com,\nA@example.com").unwrap();
        assert_eq!(emails.len(), 2);
        let error = parse_invitees("a@example.com, nope, also bad").unwrap_err();
        assert_eq!(
            error.message_for("emails").unwrap(),
            "\u{201c}nope\u{201d} is not an email address. \u{201c}also\u{201d} is not an email address. \u{201c}bad\u{201d} is not an email address."
        );
    }
}
