//! A service's API documentation, distilled from its OpenAPI document on the server so the
//! browser renders it without an OpenAPI parser.

use serde::{Deserialize, Serialize};

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
