//! Services (APIs) in the catalog, as admins edit them and developers read them.

use serde::{Deserialize, Serialize};

use super::{ApiDocIndex, ApiSection};
use crate::error::{AppError, FieldError};

/// What the console's service form sends; `id` is empty for a new service.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceForm {
    pub id: String,
    pub name: String,
    pub version: String,
    pub description: String,
    pub route_prefix: String,
    pub host: String,
    /// Comma-separated.
    pub acl_groups: String,
    /// OpenAPI 3, JSON or YAML, pasted; may be empty.
    pub openapi: String,
    /// With an empty `openapi`, keep the stored document (one too large to put in the form)
    /// instead of removing it.
    #[serde(default)]
    pub keep_document: bool,
    /// The stored document, described, when it is kept (for the form's hint).
    #[serde(default)]
    pub kept_document: Option<DocumentSummary>,
}

/// A stored document in a sentence's worth of facts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub title: String,
    pub bytes: usize,
    pub operations: usize,
}

impl DocumentSummary {
    /// "Petstore, 1.2 MB, 240 operations".
    pub fn describe(&self) -> String {
        let size = if self.bytes >= 1_000_000 {
            format!("{:.1} MB", self.bytes as f64 / 1_000_000.0)
        } else {
            format!("{} KB", self.bytes.div_ceil(1000))
        };
        let operations = match self.operations {
            1 => "1 operation".to_string(),
            n => format!("{n} operations"),
        };
        format!("{}, {size}, {operations}", self.title)
    }
}

/// What a save does with the stored document.
#[derive(Clone, Debug, PartialEq)]
pub enum DocumentChange {
    Keep,
    Remove,
    /// The new document's text, not yet parsed.
    Replace(String),
}

impl ServiceForm {
    /// The form for a new service: version "1.0" offered, everything else empty.
    pub fn blank() -> Self {
        Self {
            version: "1.0".into(),
            ..Self::default()
        }
    }
}

/// A service form parsed by `ValidService::try_from(&form)`: every field checked at once,
/// all errors named together. The OpenAPI document is checked further by the rule, which
/// has the parser.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidService {
    pub name: String,
    pub version: String,
    pub description: String,
    pub route_prefix: Option<String>,
    pub host: Option<String>,
    pub acl_groups: Vec<String>,
    pub document: DocumentChange,
}

/// The largest OpenAPI document accepted, uploaded or fetched, in bytes (Microsoft Graph's
/// is about 20 MB).
pub const MAX_DOCUMENT_BYTES: usize = 25 * 1024 * 1024;

/// A document pasted into the service form travels in the form's post: at most this.
pub const MAX_PASTED_BYTES: usize = 2 * 1000 * 1000;

/// A stored document up to this size comes back in the edit form's text area; a larger one
/// is kept unless another replaces it.
pub const MAX_EDITABLE_BYTES: usize = 256 * 1024;

impl TryFrom<&ServiceForm> for ValidService {
    type Error = AppError;

    fn try_from(form: &ServiceForm) -> Result<Self, AppError> {
        let mut errors = Vec::new();
        let mut check = |field: &str, result: Result<(), String>| {
            if let Err(message) = result {
                errors.push(FieldError {
                    field: field.into(),
                    message,
                });
            }
        };
        let name = form.name.trim();
        check("name", text(name, "a name", 80, true));
        let version = form.version.trim();
        check("version", text(version, "a version such as 1.0", 40, true));
        let description = form.description.trim();
        check(
            "description",
            text(description, "a description", 4000, false),
        );
        let route_prefix = form.route_prefix.trim();
        let host = form.host.trim().to_ascii_lowercase();
        if route_prefix.is_empty() && host.is_empty() {
            check(
                "route_prefix",
                Err("Enter a route prefix such as /petstore, or a host, so gateways can find the service.".into()),
            );
        }
        if !route_prefix.is_empty() {
            check("route_prefix", valid_prefix(route_prefix));
        }
        if !host.is_empty() {
            check("host", valid_host(&host));
        }
        let acl_groups = match parse_groups(&form.acl_groups) {
            Ok(groups) => groups,
            Err(message) => {
                check("acl_groups", Err(message));
                Vec::new()
            }
        };
        if form.openapi.len() > MAX_PASTED_BYTES {
            check(
                "openapi",
                Err(
                    "A pasted document can be up to 2 MB: upload the file instead (up to 25 MB)."
                        .into(),
                ),
            );
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        Ok(ValidService {
            name: name.to_string(),
            version: version.to_string(),
            description: description.to_string(),
            route_prefix: (!route_prefix.is_empty()).then(|| route_prefix.to_string()),
            host: (!host.is_empty()).then_some(host),
            acl_groups,
            document: match form.openapi.trim() {
                "" if form.keep_document => DocumentChange::Keep,
                "" => DocumentChange::Remove,
                text => DocumentChange::Replace(text.to_string()),
            },
        })
    }
}

fn text(value: &str, what: &str, max: usize, required: bool) -> Result<(), String> {
    if required && value.is_empty() {
        return Err(format!("Enter {what}."));
    }
    if value.chars().count() > max {
        return Err(format!("Use at most {max} characters."));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err("This contains characters that cannot be shown.".into());
    }
    Ok(())
}

fn valid_prefix(prefix: &str) -> Result<(), String> {
    let ok_chars = prefix
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/-._~".contains(c));
    if !prefix.starts_with('/') || prefix == "/" || prefix.ends_with('/') || !ok_chars {
        return Err("A route prefix starts with / and is a path such as /petstore or /v1/orders (letters, digits, - . _ ~), without a trailing /.".into());
    }
    if prefix.contains("//") || prefix.split('/').any(|s| s == ".." || s == ".") {
        return Err("A route prefix cannot contain empty, . or .. segments.".into());
    }
    if prefix.len() > 200 {
        return Err("Use at most 200 characters.".into());
    }
    Ok(())
}

fn valid_host(host: &str) -> Result<(), String> {
    let labels_ok = host.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    if !labels_ok || host.len() > 253 {
        return Err("Enter a host name such as api.example.com (no scheme, port or path).".into());
    }
    Ok(())
}

/// Parses comma-separated ACL group names: letters, digits, `-` and `_`.
pub fn parse_groups(input: &str) -> Result<Vec<String>, String> {
    let mut groups: Vec<String> = Vec::new();
    for group in input.split(',').map(str::trim).filter(|g| !g.is_empty()) {
        if group.len() > 64
            || !group
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!(
                "\"{group}\" is not a group name: use letters, digits, - and _ (at most 64), separated by commas."
            ));
        }
        if !groups.iter().any(|g| g == group) {
            groups.push(group.to_string());
        }
    }
    if groups.len() > 50 {
        return Err("Use at most 50 groups.".into());
    }
    Ok(groups)
}

/// One service in the console's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceRow {
    pub id: String,
    pub name: String,
    pub version: String,
    pub route_prefix: Option<String>,
    pub host: Option<String>,
    pub acl_groups: Vec<String>,
    pub published: bool,
    /// How many registrations wait for a decision.
    pub registrations: i64,
    pub updated_at: String,
}

/// One published service in the portal's catalog.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogEntry {
    pub id: String,
    pub name: String,
    pub version: String,
    pub description: String,
}

/// A service's page in the portal: its description and API documentation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServicePage {
    pub id: String,
    pub name: String,
    pub version: String,
    pub description: String,
    /// Where the gateway serves it: the route prefix or the host.
    pub route: String,
    pub address: super::ServiceAddress,
    /// The credential types the portal issues: how a caller may authenticate.
    pub credential_types: Vec<super::CredentialKind>,
    /// The reference's table of contents, when the service has a document.
    pub doc: Option<ApiDocIndex>,
    /// The sections shown: every one for a compact document, else the opened tag's.
    pub sections: Vec<ApiSection>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ServiceForm {
        ServiceForm {
            name: "Petstore".into(),
            version: "1.0".into(),
            route_prefix: "/petstore".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_service_needs_a_route_prefix_or_a_host() {
        let mut no_route = form();
        no_route.route_prefix.clear();
        let error = ValidService::try_from(&no_route).unwrap_err();
        assert!(error.message_for("route_prefix").is_some());
        let mut by_host = no_route.clone();
        by_host.host = "API.example.com".into();
        assert_eq!(
            ValidService::try_from(&by_host).unwrap().host.as_deref(),
            Some("api.example.com")
        );
    }

    #[test]
    fn bad_prefixes_hosts_and_groups_are_named() {
        for prefix in ["petstore", "/", "/pets/", "/a//b", "/a/../b", "/a b"] {
            let mut bad = form();
            bad.route_prefix = prefix.into();
            assert!(ValidService::try_from(&bad).is_err(), "{prefix} accepted");
        }
        let mut bad_host = form();
        bad_host.host = "https://api.example.com".into();
        assert!(ValidService::try_from(&bad_host)
            .unwrap_err()
            .message_for("host")
            .is_some());
        assert_eq!(
            parse_groups(" gold, silver ,gold,").unwrap(),
            vec!["gold", "silver"]
        );
        assert!(parse_groups("gold; drop").is_err());
    }
}
