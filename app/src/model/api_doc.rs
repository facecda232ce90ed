//! A service's API documentation, distilled from its OpenAPI document on the server so the
//! browser renders it without an OpenAPI parser: a table of contents ([`ApiDocIndex`]) and
//! one [`ApiSection`] per tag, each read only when its tag is opened.

use serde::{Deserialize, Serialize};

/// What the reference page always shows: the document's title and servers and its tags.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiDocIndex {
    pub title: String,
    pub version: String,
    pub description: String,
    pub servers: Vec<String>,
    pub tags: Vec<ApiTag>,
    pub operations: usize,
    pub schemas: usize,
    /// The size of the document as it was given, in bytes.
    pub source_bytes: usize,
    /// Small enough that every section is shown at once, without opening tags.
    pub compact: bool,
}

/// A tag of the reference: its operations and the schemas they use are one section.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiTag {
    /// The tag in an address: `?tag=<slug>`.
    pub slug: String,
    pub name: String,
    pub description: String,
    pub operations: usize,
}

/// One tag's operations, and the schemas they name (directly or through other schemas).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiSection {
    pub slug: String,
    pub operations: Vec<ApiOperation>,
    pub schemas: Vec<ApiSchema>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiDoc {
    pub title: String,
    pub version: String,
    pub description: String,
    pub servers: Vec<String>,
    pub operations: Vec<ApiOperation>,
    pub schemas: Vec<ApiSchema>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiOperation {
    /// Upper case: GET, POST…
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    pub deprecated: bool,
    pub parameters: Vec<ApiParameter>,
    /// The request body's media type and schema, e.g. "application/json: Pet".
    pub request_body: Option<String>,
    pub responses: Vec<ApiResponse>,
}

impl ApiOperation {
    /// A stable anchor for links to the operation.
    pub fn anchor(&self) -> String {
        let mut anchor = format!("op-{}", self.method.to_ascii_lowercase());
        for c in self.path.chars() {
            anchor.push(if c.is_ascii_alphanumeric() { c } else { '-' });
        }
        anchor
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiParameter {
    pub name: String,
    /// path, query, header or cookie.
    pub location: String,
    pub required: bool,
    /// A short type such as "integer (int64)" or "array of Pet".
    pub schema: String,
    pub description: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiResponse {
    pub status: String,
    pub description: String,
    pub schema: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiSchema {
    pub name: String,
    pub description: String,
    /// "object", or the type for schemas that are not objects.
    pub kind: String,
    pub fields: Vec<ApiField>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiField {
    pub name: String,
    pub schema: String,
    pub required: bool,
    pub description: String,
}
