//! The text of each message. Every one says what happened and what comes next.

use super::Letter;

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
    }
}

/// An admin's decision about a developer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Approved,
    Rejected,
    Revoked,
}

/// Tells a developer what an admin decided, and what they can do now.
pub fn decision(decision: Decision, name: &str, email: &str, public_url: &str) -> Letter {
    let (kind, subject, body) = match decision {
        Decision::Approved => (
            "developer.approved",
            "Your developer account is approved",
            format!(
                "Hello {name},\n\nyour request for access was approved. Sign in to create \
                 applications and credentials:\n{public_url}/login\n"
            ),
        ),
        Decision::Rejected => (
            "developer.rejected",
            "Your developer account request was declined",
            format!(
                "Hello {name},\n\nyour request for access to the developer portal was declined. \
                 If you think this is a mistake, reply to the team that runs the portal.\n"
            ),
        ),
        Decision::Revoked => (
            "developer.revoked",
            "Your developer access was revoked",
            format!(
                "Hello {name},\n\nyour access to the developer portal was revoked: your \
                 credentials no longer work. Contact the team that runs the portal to have it \
                 restored.\n"
            ),
        ),
    };
    Letter {
        kind,
        recipient: email.to_string(),
        subject: subject.to_string(),
        body,
    }
}

/// A single-use link to choose a new password.
pub fn password_reset(name: &str, email: &str, link: &str) -> Letter {
    Letter {
        kind: "developer.password_reset",
        recipient: email.to_string(),
        subject: "Reset your developer portal password".to_string(),
        body: format!(
            "Hello {name},\n\nsomeone (hopefully you) asked to reset your password. Choose a new \
             one here within the next hour:\n{link}\n\nThe link works once. If you did not ask \
             for it, ignore this message: your password stays as it is.\n"
        ),
    }
}

/// The link that confirms a new sign-up's address.
pub fn email_confirmation(name: &str, email: &str, link: &str) -> Letter {
    Letter {
        kind: "developer.confirm_email",
        recipient: email.to_string(),
        subject: "Confirm your email for the developer portal".to_string(),
        body: format!(
            "Hello {name},\n\nplease confirm your email address with this link (it works for 48 \
             hours):\n{link}\n\nOnce you confirm, your request goes to the admins, and we will \
             e-mail you their decision. If you did not sign up, ignore this message.\n"
        ),
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_approval_links_to_the_sign_in_page() {
        let letter = decision(
            Decision::Approved,
            "Ada",
            "ada@example.com",
            "https://dev.example.com",
        );
        assert_eq!(letter.recipient, "ada@example.com");
        assert!(letter.body.contains("https://dev.example.com/login"));
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
