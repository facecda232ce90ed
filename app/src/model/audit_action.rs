//! What an audit entry's action code (`credential.created`) reads as in the console
//! ("Credential created"). The code stays the entry's identity: filters and exports use it.

/// The label for an action code; an unknown code reads as its words ("thing.was_done" →
/// "Thing was done").
pub fn action_label(code: &str) -> String {
    let known = match code {
        "session.signed_in" => "Signed in",
        "developer.signed_up" => "Developer signed up",
        "developer.email_confirmed" => "Email address confirmed",
        "developer.email_change_requested" => "Email change requested",
        "developer.email_changed" => "Email address changed",
        "developer.deleted_own_account" => "Developer deleted their account",
        "developer.password_reset" => "Password reset by email",
        "application.groups_set" => "ACL groups set",
        "registration.auto_approved" => "Registration approved automatically",
        "registration.plan_changed" => "Plan of registration changed",
        "service.plan_created" => "Plan added",
        "service.plan_updated" => "Plan changed",
        "service.plan_deleted" => "Plan deleted",
        "api_token.created" => "API token created",
        "api_token.revoked" => "API token revoked",
        "settings.saved" => "Settings saved",
        "admin.added_as_owner" => "Admin added as owner",
        "admin.added_as_admin" => "Admin added",
        "admin.added_as_viewer" => "Admin added as viewer",
        "admin.role_changed_to_owner" => "Admin made owner",
        "admin.role_changed_to_admin" => "Admin made admin",
        "admin.role_changed_to_viewer" => "Admin made viewer",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    let words = code.replace(['.', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::action_label;

    #[test]
    fn codes_read_as_sentences() {
        assert_eq!(action_label("credential.created"), "Credential created");
        assert_eq!(action_label("developer.approved"), "Developer approved");
        assert_eq!(action_label("session.signed_in"), "Signed in");
        assert_eq!(action_label("api_token.created"), "API token created");
        assert_eq!(action_label("service.plan_created"), "Plan added");
        assert_eq!(action_label(""), "");
    }
}
