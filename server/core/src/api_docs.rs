//! OpenAPI 3 documents: checked when an admin saves a service (JSON or YAML, 3.0 or 3.1,
//! parsed by the `openapiv3` crate), and distilled into the [`ApiDoc`] the portal renders,
//! split by tag ([`sections`]) so that a page reads one tag of a large document at a time.

use std::collections::{BTreeSet, HashMap};

use app::model::{
    ApiDoc, ApiDocIndex, ApiField, ApiOperation, ApiParameter, ApiResponse, ApiSchema, ApiSection,
    ApiTag,
};
use openapiv3::{
    Components, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type,
};
use serde_json::Value;

/// Parses and checks a document; the error says what is wrong and where.
pub fn parse(document: &str) -> Result<OpenAPI, String> {
    let trimmed = document.trim_start();
    let mut value: Value = if trimmed.starts_with('{') {
        serde_json::from_str(document).map_err(|e| format!("This is not valid JSON: {e}."))?
    } else {
        serde_norway::from_str(document)
            .map_err(|e| format!("This is neither valid JSON nor valid YAML: {e}."))?
    };
    let Some(object) = value.as_object() else {
        return Err("An OpenAPI document is an object with openapi, info and paths.".into());
    };
    match object.get("openapi").and_then(|v| v.as_str()) {
        Some(version) if version.starts_with("3.") => {}
        Some(version) => {
            return Err(format!(
                "This is OpenAPI {version}; Gatehouse reads OpenAPI 3 documents (openapi: 3.0.x or 3.1.x)."
            ))
        }
        None if object.contains_key("swagger") => {
            return Err("This is a Swagger 2.0 document; convert it to OpenAPI 3 first.".into())
        }
        None => return Err("The document has no \"openapi\" field with its version (such as 3.0.3).".into()),
    }
    read_as_30(&mut value);
    let parsed: OpenAPI = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            format!("The document is not valid OpenAPI 3: {}.", e.inner())
        } else {
            format!(
                "The document is not valid OpenAPI 3 at {path}: {}.",
                e.inner()
            )
        }
    })?;
    if let Some(path) = parsed.paths.paths.keys().find(|p| !p.starts_with('/')) {
        return Err(format!("The path \"{path}\" does not start with /."));
    }
    Ok(parsed)
}

/// Keys whose object maps names to things (schemas, paths, media types…): their keys are
/// names, not keywords, so a property called `const` or `type` is left alone.
const NAME_MAPS: [&str; 22] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
    "paths",
    "webhooks",
    "content",
    "encoding",
    "mapping",
    "variables",
    "dependentSchemas",
    "scopes",
];

/// OpenAPI 3.1 writes schemas in JSON Schema 2020-12, the reader below knows 3.0's dialect:
/// the 3.1 forms met in real documents are rewritten, in place, into their 3.0 equals.
/// - `type: [T, "null"]` → `type: T, nullable: true`; several types → any type;
/// - numeric `exclusiveMinimum`/`exclusiveMaximum` → `minimum`/`maximum` and the flag;
/// - `const: v` → `enum: [v]`; `examples: [a, …]` in a schema → `example: a`;
/// - a document without `paths` (3.1 allows webhooks only) gets an empty one, and one
///   without a title an empty title (the page shows the service's name instead).
fn read_as_30(document: &mut Value) {
    if let Some(object) = document.as_object_mut() {
        object
            .entry("paths")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(info) = object.get_mut("info").and_then(Value::as_object_mut) {
            info.entry("title")
                .or_insert_with(|| Value::String(String::new()));
        }
    }
    rewrite_31_forms(document, false);
}

/// Keys whose value is data (an example, a default), never rewritten.
const DATA: [&str; 5] = ["example", "default", "enum", "const", "value"];

fn rewrite_31_forms(value: &mut Value, keys_are_names: bool) {
    match value {
        Value::Object(map) => {
            if !keys_are_names {
                rewrite_schema_keywords(map);
            }
            for (key, child) in map.iter_mut() {
                if !keys_are_names && (DATA.contains(&key.as_str()) || key.starts_with("x-")) {
                    continue;
                }
                let names =
                    !keys_are_names && NAME_MAPS.contains(&key.as_str()) && child.is_object();
                rewrite_31_forms(child, names);
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| rewrite_31_forms(item, false)),
        _ => {}
    }
}

fn rewrite_schema_keywords(map: &mut serde_json::Map<String, Value>) {
    let null = Value::String("null".into());
    match map.get("type") {
        Some(Value::Array(types)) => {
            let nullable = types.contains(&null);
            let others: Vec<Value> = types.iter().filter(|t| **t != null).cloned().collect();
            match others.as_slice() {
                [only] => {
                    map.insert("type".into(), only.clone());
                }
                _ => {
                    map.remove("type");
                }
            }
            if nullable {
                map.insert("nullable".into(), Value::Bool(true));
            }
        }
        Some(t) if *t == null => {
            map.remove("type");
            map.insert("nullable".into(), Value::Bool(true));
        }
        _ => {}
    }
    // 3.1's exclusive bound is a number; 3.0's a flag on `minimum`/`maximum`. Of an
    // exclusive bound and an inclusive one, the stricter stays.
    for (exclusive, bound, stricter) in [
        ("exclusiveMinimum", "minimum", 1.0),
        ("exclusiveMaximum", "maximum", -1.0),
    ] {
        let Some(limit) = map.get(exclusive).and_then(Value::as_f64) else {
            continue;
        };
        let inclusive = map.get(bound).and_then(Value::as_f64);
        if inclusive.is_some_and(|inclusive| (inclusive - limit) * stricter > 0.0) {
            map.remove(exclusive);
        } else {
            let number = map.get(exclusive).cloned().unwrap_or(Value::Null);
            map.insert(bound.into(), number);
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
    if let Some(value) = map.remove("const") {
        map.entry("enum")
            .or_insert_with(|| Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = map.get("examples") {
        let first = examples.first().cloned();
        map.remove("examples");
        if let Some(first) = first {
            map.entry("example").or_insert(first);
        }
    }
}

/// What the portal shows of a document.
pub fn distill(doc: &OpenAPI) -> ApiDoc {
    distill_with_links(doc).0
}

/// Of each operation: its first tag (empty when it has none) and the schemas it names.
struct OperationLinks {
    tag: String,
    schemas: BTreeSet<String>,
}

fn distill_with_links(doc: &OpenAPI) -> (ApiDoc, Vec<OperationLinks>) {
    let components = doc.components.as_ref();
    let mut operations = Vec::new();
    let mut links = Vec::new();
    for (path, item) in doc.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            links.push(OperationLinks {
                tag: op.tags.first().cloned().unwrap_or_default(),
                schemas: operation_schemas(item, op, components),
            });
            let parameters = item
                .parameters
                .iter()
                .chain(&op.parameters)
                .filter_map(|p| resolve_parameter(p, components))
                .map(describe_parameter)
                .collect();
            let request_body = op
                .request_body
                .as_ref()
                .and_then(|body| match body {
                    ReferenceOr::Item(body) => Some(body),
                    ReferenceOr::Reference { reference } => components
                        .and_then(|c| c.request_bodies.get(ref_name(reference)))
                        .and_then(ReferenceOr::as_item),
                })
                .and_then(|body| {
                    body.content
                        .iter()
                        .next()
                        .map(|(media, content)| match &content.schema {
                            Some(schema) => format!("{media}: {}", schema_label(schema)),
                            None => media.clone(),
                        })
                });
            let mut responses: Vec<ApiResponse> = op
                .responses
                .responses
                .iter()
                .map(|(status, response)| {
                    describe_response(status.to_string(), response, components)
                })
                .collect();
            if let Some(default) = &op.responses.default {
                responses.push(describe_response("default".into(), default, components));
            }
            operations.push(ApiOperation {
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                summary: op.summary.clone().unwrap_or_default(),
                description: op.description.clone().unwrap_or_default(),
                deprecated: op.deprecated,
                parameters,
                request_body,
                responses,
            });
        }
    }
    let schemas = components
        .map(|c| {
            c.schemas
                .iter()
                .map(|(name, schema)| describe_schema(name, schema))
                .collect()
        })
        .unwrap_or_default();
    let distilled = ApiDoc {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone().unwrap_or_default(),
        servers: doc.servers.iter().map(|s| s.url.clone()).collect(),
        operations,
        schemas,
    };
    (distilled, links)
}

/// Sections whose JSON adds up to at most this are all shown on the service's page.
const COMPACT_BYTES: usize = 100_000;

/// The document's table of contents and its sections: one per tag (an operation belongs to
/// its first tag; the untagged ones to "Other operations", or "Operations" when no operation
/// has a tag), in the order the document declares its tags, each with the schemas its
/// operations name, directly or through other schemas. Schemas no operation names make a
/// last section of their own.
pub fn sections(doc: &OpenAPI, source_bytes: usize) -> (ApiDocIndex, Vec<ApiSection>) {
    let (distilled, links) = distill_with_links(doc);
    let mut order: Vec<String> = doc.tags.iter().map(|t| t.name.clone()).collect();
    for link in &links {
        if !order.contains(&link.tag) {
            order.push(link.tag.clone());
        }
    }
    // Untagged operations last.
    if let Some(at) = order.iter().position(String::is_empty) {
        let untagged = order.remove(at);
        order.push(untagged);
    }
    let refs = schema_refs_by_name(doc);
    let mut slugs = Vec::new();
    let mut tags = Vec::new();
    let mut sections = Vec::new();
    let mut named_anywhere = BTreeSet::new();
    let mut operations: Vec<Option<ApiOperation>> =
        distilled.operations.into_iter().map(Some).collect();
    let all_untagged = links.iter().all(|l| l.tag.is_empty());
    for tag in order {
        let members: Vec<usize> = (0..links.len()).filter(|&i| links[i].tag == tag).collect();
        if members.is_empty() {
            continue;
        }
        let named = closure(members.iter().flat_map(|&i| &links[i].schemas), &refs);
        named_anywhere.extend(named.iter().cloned());
        let name = match tag.as_str() {
            "" if all_untagged => "Operations".to_string(),
            "" => "Other operations".to_string(),
            _ => tag.clone(),
        };
        let slug = unique_slug(&name, &mut slugs);
        tags.push(ApiTag {
            slug: slug.clone(),
            description: doc
                .tags
                .iter()
                .find(|t| t.name == tag)
                .and_then(|t| t.description.clone())
                .unwrap_or_default(),
            name,
            operations: members.len(),
        });
        sections.push(ApiSection {
            slug,
            operations: members
                .iter()
                .filter_map(|&i| operations[i].take())
                .collect(),
            schemas: distilled
                .schemas
                .iter()
                .filter(|s| named.contains(&s.name))
                .cloned()
                .collect(),
        });
    }
    let unnamed: Vec<ApiSchema> = distilled
        .schemas
        .iter()
        .filter(|s| !named_anywhere.contains(&s.name))
        .cloned()
        .collect();
    if !unnamed.is_empty() {
        let name = "Other schemas".to_string();
        let slug = unique_slug(&name, &mut slugs);
        tags.push(ApiTag {
            slug: slug.clone(),
            name,
            description: "Schemas no operation names.".into(),
            operations: 0,
        });
        sections.push(ApiSection {
            slug,
            operations: Vec::new(),
            schemas: unnamed,
        });
    }
    let section_bytes: usize = sections
        .iter()
        .map(|s| serde_json::to_string(s).map_or(0, |json| json.len()))
        .sum();
    let index = ApiDocIndex {
        title: distilled.title,
        version: distilled.version,
        description: distilled.description,
        servers: distilled.servers,
        operations: links.len(),
        schemas: distilled.schemas.len(),
        tags,
        source_bytes,
        compact: section_bytes <= COMPACT_BYTES,
    };
    (index, sections)
}

/// A tag's name as it goes in an address: lower case letters, digits and `-`, unique.
fn unique_slug(name: &str, taken: &mut Vec<String>) -> String {
    let mut base = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            base.push(c);
        } else if !base.ends_with('-') && !base.is_empty() {
            base.push('-');
        }
    }
    let base = match base.trim_end_matches('-') {
        "" => "operations".to_string(),
        trimmed => trimmed.chars().take(60).collect(),
    };
    let mut slug = base.clone();
    let mut n = 2;
    while taken.contains(&slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    taken.push(slug.clone());
    slug
}

/// The schemas `start` names, and every schema those name, transitively.
fn closure<'a>(
    start: impl IntoIterator<Item = &'a String>,
    refs: &HashMap<String, BTreeSet<String>>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut queue: Vec<String> = start.into_iter().cloned().collect();
    while let Some(name) = queue.pop() {
        if seen.insert(name.clone()) {
            if let Some(next) = refs.get(&name) {
                queue.extend(next.iter().filter(|n| !seen.contains(*n)).cloned());
            }
        }
    }
    seen
}

/// Of each component schema, the schemas it names.
fn schema_refs_by_name(doc: &OpenAPI) -> HashMap<String, BTreeSet<String>> {
    let Some(components) = &doc.components else {
        return HashMap::new();
    };
    components
        .schemas
        .iter()
        .map(|(name, schema)| {
            let mut names = BTreeSet::new();
            named_schemas(schema, &mut names);
            (name.clone(), names)
        })
        .collect()
}

/// The schemas an operation names in its parameters, request body and responses.
fn operation_schemas(
    item: &openapiv3::PathItem,
    op: &openapiv3::Operation,
    components: Option<&Components>,
) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for parameter in item.parameters.iter().chain(&op.parameters) {
        if let Some(parameter) = resolve_parameter(parameter, components) {
            if let ParameterSchemaOrContent::Schema(schema) = &parameter.parameter_data_ref().format
            {
                named_schemas(schema, &mut names);
            }
        }
    }
    let mut media = Vec::new();
    if let Some(body) = &op.request_body {
        let body = match body {
            ReferenceOr::Item(body) => Some(body),
            ReferenceOr::Reference { reference } => components
                .and_then(|c| c.request_bodies.get(ref_name(reference)))
                .and_then(ReferenceOr::as_item),
        };
        media.extend(body.into_iter().flat_map(|b| b.content.values()));
    }
    let responses = op.responses.responses.values().chain(&op.responses.default);
    for response in responses {
        let response = match response {
            ReferenceOr::Item(response) => Some(response),
            ReferenceOr::Reference { reference } => components
                .and_then(|c| c.responses.get(ref_name(reference)))
                .and_then(ReferenceOr::as_item),
        };
        media.extend(response.into_iter().flat_map(|r| r.content.values()));
    }
    for content in media {
        if let Some(schema) = &content.schema {
            named_schemas(schema, &mut names);
        }
    }
    names
}

/// Adds the names of the component schemas `schema` refers to, looking through inline
/// schemas (items, properties, compositions) but not into the named ones.
fn named_schemas(schema: &ReferenceOr<Schema>, names: &mut BTreeSet<String>) {
    match schema {
        ReferenceOr::Reference { reference } => add_named(reference, names),
        ReferenceOr::Item(schema) => named_in(schema, names),
    }
}

fn named_boxed(schema: &ReferenceOr<Box<Schema>>, names: &mut BTreeSet<String>) {
    match schema {
        ReferenceOr::Reference { reference } => add_named(reference, names),
        ReferenceOr::Item(schema) => named_in(schema, names),
    }
}

fn add_named(reference: &str, names: &mut BTreeSet<String>) {
    if reference.starts_with("#/components/schemas/") {
        names.insert(ref_name(reference).to_string());
    }
}

fn named_in(schema: &Schema, names: &mut BTreeSet<String>) {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            for property in object.properties.values() {
                named_boxed(property, names);
            }
            if let Some(openapiv3::AdditionalProperties::Schema(extra)) =
                &object.additional_properties
            {
                named_schemas(extra, names);
            }
        }
        SchemaKind::Type(Type::Array(array)) => {
            if let Some(items) = &array.items {
                named_boxed(items, names);
            }
        }
        SchemaKind::OneOf { one_of: list }
        | SchemaKind::AnyOf { any_of: list }
        | SchemaKind::AllOf { all_of: list } => {
            for schema in list {
                named_schemas(schema, names);
            }
        }
        SchemaKind::Not { not } => named_schemas(not, names),
        SchemaKind::Any(any) => {
            for property in any.properties.values() {
                named_boxed(property, names);
            }
            if let Some(items) = &any.items {
                named_boxed(items, names);
            }
            for schema in any.one_of.iter().chain(&any.any_of).chain(&any.all_of) {
                named_schemas(schema, names);
            }
        }
        _ => {}
    }
}

fn ref_name(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

fn resolve_parameter<'a>(
    parameter: &'a ReferenceOr<Parameter>,
    components: Option<&'a Components>,
) -> Option<&'a Parameter> {
    match parameter {
        ReferenceOr::Item(parameter) => Some(parameter),
        ReferenceOr::Reference { reference } => components
            .and_then(|c| c.parameters.get(ref_name(reference)))
            .and_then(ReferenceOr::as_item),
    }
}

fn describe_parameter(parameter: &Parameter) -> ApiParameter {
    let location = match parameter {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    };
    let data = parameter.parameter_data_ref();
    let schema = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => schema_label(schema),
        ParameterSchemaOrContent::Content(content) => {
            content.keys().next().cloned().unwrap_or_default()
        }
    };
    ApiParameter {
        name: data.name.clone(),
        location: location.into(),
        required: data.required,
        schema,
        description: data.description.clone().unwrap_or_default(),
    }
}

fn describe_response(
    status: String,
    response: &ReferenceOr<openapiv3::Response>,
    components: Option<&Components>,
) -> ApiResponse {
    let response = match response {
        ReferenceOr::Item(response) => Some(response),
        ReferenceOr::Reference { reference } => components
            .and_then(|c| c.responses.get(ref_name(reference)))
            .and_then(ReferenceOr::as_item),
    };
    ApiResponse {
        status,
        description: response.map(|r| r.description.clone()).unwrap_or_default(),
        schema: response.and_then(|r| {
            r.content.iter().next().and_then(|(media, content)| {
                content
                    .schema
                    .as_ref()
                    .map(|schema| format!("{media}: {}", schema_label(schema)))
            })
        }),
    }
}

fn describe_schema(name: &str, schema: &ReferenceOr<Schema>) -> ApiSchema {
    let Some(schema) = schema.as_item() else {
        return ApiSchema {
            name: name.into(),
            kind: schema_label(schema),
            ..Default::default()
        };
    };
    let fields = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => object
            .properties
            .iter()
            .map(|(field, property)| ApiField {
                name: field.clone(),
                schema: boxed_label(property),
                required: object.required.contains(field),
                description: match property {
                    ReferenceOr::Item(p) => p.schema_data.description.clone().unwrap_or_default(),
                    ReferenceOr::Reference { .. } => String::new(),
                },
            })
            .collect(),
        _ => Vec::new(),
    };
    ApiSchema {
        name: name.into(),
        description: schema.schema_data.description.clone().unwrap_or_default(),
        kind: kind_label(schema),
        fields,
    }
}

/// A short type: "string (date-time)", "array of Pet", "Pet", "one of A, B".
fn schema_label(schema: &ReferenceOr<Schema>) -> String {
    match schema {
        ReferenceOr::Reference { reference } => ref_name(reference).to_string(),
        ReferenceOr::Item(schema) => kind_label(schema),
    }
}

fn boxed_label(schema: &ReferenceOr<Box<Schema>>) -> String {
    match schema {
        ReferenceOr::Reference { reference } => ref_name(reference).to_string(),
        ReferenceOr::Item(schema) => kind_label(schema),
    }
}

fn kind_label(schema: &Schema) -> String {
    let with_format = |base: &str, format: serde_json::Value| match format.as_str() {
        Some(format) if !format.is_empty() => format!("{base} ({format})"),
        _ => base.to_string(),
    };
    let list = |schemas: &[ReferenceOr<Schema>]| {
        schemas
            .iter()
            .map(schema_label)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let label = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => with_format(
            "string",
            serde_json::to_value(&s.format).unwrap_or_default(),
        ),
        SchemaKind::Type(Type::Number(n)) => with_format(
            "number",
            serde_json::to_value(&n.format).unwrap_or_default(),
        ),
        SchemaKind::Type(Type::Integer(i)) => with_format(
            "integer",
            serde_json::to_value(&i.format).unwrap_or_default(),
        ),
        SchemaKind::Type(Type::Boolean(_)) => "boolean".into(),
        SchemaKind::Type(Type::Object(_)) => "object".into(),
        SchemaKind::Type(Type::Array(array)) => match &array.items {
            Some(items) => format!("array of {}", boxed_label(items)),
            None => "array".into(),
        },
        SchemaKind::OneOf { one_of } => format!("one of {}", list(one_of)),
        SchemaKind::AnyOf { any_of } => format!("any of {}", list(any_of)),
        SchemaKind::AllOf { all_of } => format!("all of {}", list(all_of)),
        SchemaKind::Not { .. } => "not …".into(),
        SchemaKind::Any(any) => any.typ.clone().unwrap_or_else(|| "any".into()),
    };
    if schema.schema_data.nullable {
        format!("{label} or null")
    } else {
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PETSTORE: &str = r#"
openapi: 3.0.3
info:
  title: Petstore
  version: "1.0"
paths:
  /pets/{petId}:
    parameters:
      - name: petId
        in: path
        required: true
        schema: { type: integer, format: int64 }
    get:
      summary: Info for a pet
      parameters:
        - $ref: '#/components/parameters/Verbose'
      responses:
        "200":
          description: The pet
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Pet' }
components:
  parameters:
    Verbose:
      name: verbose
      in: query
      schema: { type: boolean }
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: { type: integer, format: int64 }
        tags: { type: array, items: { type: string } }
"#;

    #[test]
    fn a_yaml_document_is_distilled_with_refs_resolved() {
        let doc = distill(&parse(PETSTORE).unwrap());
        assert_eq!(doc.title, "Petstore");
        let op = &doc.operations[0];
        assert_eq!(
            (op.method.as_str(), op.path.as_str()),
            ("GET", "/pets/{petId}")
        );
        assert_eq!(op.parameters.len(), 2);
        assert_eq!(op.parameters[0].schema, "integer (int64)");
        assert_eq!(op.parameters[1].name, "verbose");
        assert_eq!(
            op.responses[0].schema.as_deref(),
            Some("application/json: Pet")
        );
        assert_eq!(doc.schemas[0].fields[1].schema, "array of string");
        assert!(doc.schemas[0].fields[0].required);
    }

    #[test]
    fn openapi_31_schemas_are_read_in_their_30_equals() {
        let document = r##"{
          "openapi": "3.1.0",
          "info": {"title": "", "version": "2", "license": {"name": "MIT", "identifier": "MIT"}},
          "paths": {"/things": {"get": {"responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
          "webhooks": {"made": {"post": {"responses": {"200": {"description": "ok"}}}}},
          "components": {"schemas": {"Thing": {
            "type": "object",
            "required": ["id"],
            "properties": {
              "id": {"type": "integer", "exclusiveMinimum": 0},
              "size": {"type": "number", "minimum": 10, "exclusiveMinimum": 5, "exclusiveMaximum": 100},
              "note": {"type": ["string", "null"], "examples": ["a note"]},
              "kind": {"const": "thing"},
              "either": {"type": ["string", "integer"]},
              "const": {"type": "null"}
            },
            "example": {"const": [1, 2]}
          }}}
        }"##;
        let doc = distill(&parse(document).unwrap());
        assert_eq!(
            doc.title, "",
            "an empty title is the service's name to the page"
        );
        let thing = &doc.schemas[0];
        let field = |name: &str| thing.fields.iter().find(|f| f.name == name).unwrap();
        assert_eq!(field("id").schema, "integer");
        assert_eq!(field("note").schema, "string or null");
        assert_eq!(
            thing.fields.len(),
            6,
            "a property named const is a property"
        );
        let mut bounds: Value = serde_json::from_str(
            r#"{"minimum": 10, "exclusiveMinimum": 5, "maximum": 50, "exclusiveMaximum": 20}"#,
        )
        .unwrap();
        rewrite_31_forms(&mut bounds, false);
        assert_eq!(
            bounds,
            serde_json::json!({"minimum": 10, "maximum": 20, "exclusiveMaximum": true}),
            "the stricter bound of each side stays"
        );
        // Without paths (webhooks only) or a title, a 3.1 document is still read.
        let webhooks_only = r#"{"openapi": "3.1.0", "info": {"version": "1"}, "webhooks": {}}"#;
        assert!(parse(webhooks_only).is_ok());
    }

    #[test]
    fn bad_documents_say_what_is_wrong() {
        assert!(parse("{ not json").unwrap_err().contains("JSON"));
        assert!(parse(r#"{"swagger": "2.0"}"#)
            .unwrap_err()
            .contains("Swagger 2.0"));
        assert!(parse("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n")
            .unwrap_err()
            .contains("paths"));
        assert!(parse("[1, 2]").unwrap_err().contains("object"));
    }
}
