//! The text of each message. Every one says what happened and what comes next.

use super::secret_link::{SecretLink, WITHHELD};
use super::Letter;
use crate::events::Event;
use app::model::DeveloperStatus;

/// Tells the admins that a developer asks for access.
pub fn new_request(admin: &str, name: &str, email: &str, public_url: &str) -> Letter {
    Letter {
        kind: "developer.requested",
        recipient: admin.to_string(),
        subject: format!("New developer request: {name}"),
        body: format!(
            "{name} <{email}> asked for access to the developer portal.\n\n\
             Approve or reject the request on the Requests page:\n{public_url}/admin/requests\n"
        ),
        sealed_link: None,
    }
}

/// Tells a developer their request is with the admins, and what happens next.
pub fn request_received(name: &str, email: &str) -> Letter {
    Letter {
        kind: "developer.request_received",
        recipient: email.to_string(),
        subject: "We received your developer account request".to_string(),
        body: format!(
            "Hello {name},\n\nyour request for access to the developer portal is now waiting \
             for an admin's approval. We will e-mail you as soon as it is decided. Until then \
             you can sign in to see your request's status.\n"
        ),
        sealed_link: None,
    }
}

/// Tells a developer what an admin decided about them, and what they can do now; `None`
/// for an event the developer is not written about (a deletion).
pub fn developer_decision(
    event: &Event,
    name: &str,
    email: &str,
    public_url: &str,
) -> Option<Letter> {
    let (kind, subject, body) = match event {
        Event::DeveloperApproved => (
            "developer.approved",
            "Your developer account is approved",
            format!(
                "Hello {name},\n\nyour request for access was approved. Sign in to create \
                 applications and credentials:\n{public_url}/login\n"
            ),
        ),
        Event::DeveloperRejected => (
            "developer.rejected",
            "Your developer account request was declined",
            format!(
                "Hello {name},\n\nyour request for access to the developer portal was declined. \
                 If you think this is a mistake, reply to the team that runs the portal.\n"
            ),
        ),
        Event::DeveloperRevoked => (
            "developer.revoked",
            "Your developer access was revoked",
            format!(
                "Hello {name},\n\nyour access to the developer portal was revoked: your \
                 credentials no longer work. Contact the team that runs the portal to have it \
                 restored.\n"
            ),
        ),
        _ => return None,
    };
    Some(Letter {
        kind,
        recipient: email.to_string(),
        subject: subject.to_string(),
        body,
        sealed_link: None,
    })
}

/// A single-use link to choose a new password.
pub fn password_reset(name: &str, email: &str, link: SecretLink) -> Letter {
    Letter {
        kind: "developer.password_reset",
        recipient: email.to_string(),
        subject: "Reset your developer portal password".to_string(),
        body: format!(
            "Hello {name},\n\nsomeone (hopefully you) asked to reset your password. Choose a new \
             one here within the next hour:\n{WITHHELD}\n\nThe link works once. If you did not ask \
             for it, ignore this message: your password stays as it is.\n"
        ),
        sealed_link: Some(link.into_sealed()),
    }
}

/// The link that confirms a new sign-up's address.
pub fn email_confirmation(name: &str, email: &str, link: SecretLink) -> Letter {
    Letter {
        kind: "developer.confirm_email",
        recipient: email.to_string(),
        subject: "Confirm your email for the developer portal".to_string(),
        body: format!(
            "Hello {name},\n\nplease confirm your email address with this link (it works for 48 \
             hours):\n{WITHHELD}\n\nOnce you confirm, your request goes to the admins, and we will \
             e-mail you their decision. If you did not sign up, ignore this message.\n"
        ),
        sealed_link: Some(link.into_sealed()),
    }
}

/// The link that confirms the new address a developer asked to use.
pub fn email_change_confirmation(name: &str, new_email: &str, link: SecretLink) -> Letter {
    Letter {
        kind: "developer.confirm_email_change",
        recipient: new_email.to_string(),
        subject: "Confirm your new email for the developer portal".to_string(),
        body: format!(
            "Hello {name},\n\nplease confirm that this is your new address for the developer \
             portal (the link works for 48 hours):\n{WITHHELD}\n\nUntil you confirm, your account \
             keeps its current address. If you did not ask for this, ignore this message.\n"
        ),
        sealed_link: Some(link.into_sealed()),
    }
}

/// Tells the owner of an address that someone asked to move another account to it.
pub fn email_change_to_taken_address(email: &str) -> Letter {
    Letter {
        kind: "developer.email_change_refused",
        recipient: email.to_string(),
        subject: "Someone tried to move a developer account to your email".to_string(),
        body: "Hello,\n\nsomeone signed in to the developer portal asked to use this address \
               for their account. It already belongs to an account, so nothing was changed. \
               If it was you, sign in with this address instead.\n"
            .to_string(),
        sealed_link: None,
    }
}

/// Tells the current address that a change to another one was asked for.
pub fn email_change_requested(name: &str, email: &str, new_email: &str) -> Letter {
    Letter {
        kind: "developer.email_change_requested",
        recipient: email.to_string(),
        subject: "A change of your developer portal email was requested".to_string(),
        body: format!(
            "Hello {name},\n\nsomeone signed in to your developer account asked to change its \
             email to {new_email}. The change happens only when the link sent to that address is \
             opened. If this was not you, change your password now: that also signs out every \
             other session.\n"
        ),
        sealed_link: None,
    }
}

/// Tells the owner of an address that someone tried to sign up with it again. (The form
/// answers every sign-up alike, so this is how the person learns what to do.)
pub fn sign_up_attempted(email: &str, status: DeveloperStatus, public_url: &str) -> Letter {
    let next = match status {
        DeveloperStatus::Rejected | DeveloperStatus::Revoked => {
            "This address cannot be used to sign up again. If you think this is a mistake, \
             reply to the team that runs the portal."
                .to_string()
        }
        _ => format!(
            "You already have an account: sign in at {public_url}/login, or choose a new \
             password at {public_url}/forgot-password."
        ),
    };
    Letter {
        kind: "developer.sign_up_attempted",
        recipient: email.to_string(),
        subject: "Someone tried to sign up with your email".to_string(),
        body: format!(
            "Hello,\n\nsomeone (hopefully you) tried to create a developer account with this \
             address. {next}\n\nIf it was not you, ignore this message: nothing was changed.\n"
        ),
        sealed_link: None,
    }
}

/// An invitation to sign up, with the address filled in.
pub fn invitation(email: &str, link: &str) -> Letter {
    Letter {
        kind: "developer.invited",
        recipient: email.to_string(),
        subject: "You are invited to our developer portal".to_string(),
        body: format!(
            "Hello,\n\nyou are invited to use our APIs. Create your developer account here:\n\
             {link}\n\nAfter you sign up, an admin approves your account and you can create \
             applications and credentials.\n"
        ),
        sealed_link: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_approval_links_to_the_sign_in_page() {
        let letter = developer_decision(
            &Event::DeveloperApproved,
            "Ada",
            "ada@example.com",
            "https://dev.example.com",
        )
        .expect("an approval is written about");
        assert_eq!(letter.kind, "developer.approved");
        assert_eq!(letter.recipient, "ada@example.com");
        assert!(letter.body.contains("https://dev.example.com/login"));
    }

    #[test]
    fn a_deletion_sends_no_letter() {
        let letter = developer_decision(&Event::DeveloperDeleted, "Ada", "ada@example.com", "");
        assert_eq!(letter, None);
    }

    #[test]
    fn a_new_request_links_admins_to_the_queue() {
        let letter = new_request(
            "ops@example.com",
            "Ada",
            "ada@example.com",
            "http://127.0.0.1:3000",
        );
        assert!(letter.subject.contains("Ada"));
        assert!(letter.body.contains("http://127.0.0.1:3000/admin/requests"));
    }
}
