//! Messages about applications: registration requests and decisions, expiring credentials.

use super::Letter;
use crate::events::Event;

/// Tells an admin that an application asks for access to a service.
pub fn registration_requested(
    admin: &str,
    application: &str,
    service: &str,
    developer: &str,
    public_url: &str,
) -> Letter {
    Letter {
        kind: "registration.requested",
        recipient: admin.to_string(),
        subject: format!("New application registration: {application} → {service}"),
        body: format!(
            "{developer} registered the application \"{application}\" with the service \
             {service}.\n\nApprove or reject it on the Requests page, tab Applications:\n\
             {public_url}/admin/requests\n"
        ),
        sealed_link: None,
    }
}

/// Tells a developer that a registration was approved or rejected; `None` for the
/// decisions they are not written about (revoke, delete).
pub fn registration_decision(
    event: &Event,
    name: &str,
    email: &str,
    application: &str,
    service: &str,
    public_url: &str,
) -> Option<Letter> {
    let (kind, subject, body) = match event {
        Event::RegistrationApproved => (
            "registration.approved",
            format!("{application} can now call {service}"),
            format!(
                "Hello {name},\n\nyour application \"{application}\" was approved for the \
                 service {service}. Its credentials work with the service now:\n\
                 {public_url}/apps\n"
            ),
        ),
        Event::RegistrationRejected => (
            "registration.rejected",
            format!("{application} was not approved for {service}"),
            format!(
                "Hello {name},\n\nthe registration of your application \"{application}\" with \
                 the service {service} was declined. If you think this is a mistake, contact \
                 the team that runs the portal.\n"
            ),
        ),
        _ => return None,
    };
    Some(Letter {
        kind,
        recipient: email.to_string(),
        subject,
        body,
        sealed_link: None,
    })
}

/// Announces that a credential stops working soon.
pub fn credential_expiring(
    name: &str,
    email: &str,
    credential: &str,
    application: &str,
    expires_at: &str,
    public_url: &str,
) -> Letter {
    Letter {
        kind: "credential.expiring",
        recipient: email.to_string(),
        subject: format!("Credential \"{credential}\" of {application} expires soon"),
        body: format!(
            "Hello {name},\n\nthe credential \"{credential}\" of your application \
             \"{application}\" expires at {expires_at} (UTC) and then stops working. Generate \
             a new credential before then and switch your clients to it:\n{public_url}/apps\n"
        ),
        sealed_link: None,
    }
}
