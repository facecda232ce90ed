//! A synthetic OpenAPI 3.0 document of about a given size, for the tests and benchmarks of
//! large documents: tags of 25 paths with two operations each (path, query and body
//! parameters, documented responses naming the tag's schemas), as large public APIs are built.

use serde_json::{json, Map, Value};

/// Operations per tag.
const PER_TAG: usize = 25;

/// A JSON document of at least `bytes` bytes (within one tag's worth above it).
pub fn sample_document(bytes: usize) -> String {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    let mut tags = Vec::new();
    let mut size = 0;
    let mut tag = 0;
    while size < bytes {
        let name = format!("Area {tag:04}");
        tags.push(json!({ "name": name, "description": format!("Everything about area {tag}.") }));
        let item = format!("Item{tag:04}");
        let page = format!("ItemPage{tag:04}");
        let item_fields = item_schema(tag);
        // The item and its page, about twice the item.
        size += item_fields.to_string().len() * 2;
        schemas.insert(item.clone(), item_fields);
        schemas.insert(
            page.clone(),
            json!({
                "type": "object",
                "properties": {
                    "items": { "type": "array", "items": { "$ref": format!("#/components/schemas/{item}") } },
                    "next": { "type": "string", "nullable": true, "description": "The next page's cursor." }
                }
            }),
        );
        for op in 0..PER_TAG {
            let path = format!("/areas/{tag}/things{op}/{{thingId}}");
            let operation = operation(&name, &item, &page, tag, op);
            size += path.len() + operation.to_string().len();
            paths.insert(path, operation);
        }
        tag += 1;
    }
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Sample API", "version": "1.0.0", "description": "A synthetic document." },
        "servers": [{ "url": "https://api.example.com/v1" }],
        "tags": tags,
        "paths": paths,
        "components": { "schemas": schemas }
    })
    .to_string()
}

fn item_schema(tag: usize) -> Value {
    let mut properties = Map::new();
    for field in 0..12 {
        properties.insert(
            format!("field{field}"),
            json!({
                "type": if field % 3 == 0 { "integer" } else { "string" },
                "description": format!("Field {field} of an item in area {tag}: what it holds and when it changes."),
            }),
        );
    }
    json!({ "type": "object", "required": ["field0"], "properties": properties })
}

fn operation(tag_name: &str, item: &str, page: &str, tag: usize, op: usize) -> Value {
    let item_ref = json!({ "$ref": format!("#/components/schemas/{item}") });
    json!({
        "get": {
            "tags": [tag_name],
            "operationId": format!("getThing{tag}x{op}"),
            "summary": format!("Read thing {op} of area {tag}"),
            "description": "Returns the thing with its fields. The answer is cached for a minute; a changed thing shows its new fields at the latest a minute after the change.",
            "parameters": [
                { "name": "thingId", "in": "path", "required": true, "schema": { "type": "integer", "format": "int64" }, "description": "The thing's id." },
                { "name": "expand", "in": "query", "schema": { "type": "string" }, "description": "Related things to include." }
            ],
            "responses": {
                "200": { "description": "The thing.", "content": { "application/json": { "schema": item_ref } } },
                "404": { "description": "No such thing." }
            }
        },
        "put": {
            "tags": [tag_name],
            "operationId": format!("putThing{tag}x{op}"),
            "summary": format!("Replace thing {op} of area {tag}"),
            "parameters": [
                { "name": "thingId", "in": "path", "required": true, "schema": { "type": "integer", "format": "int64" } }
            ],
            "requestBody": { "content": { "application/json": { "schema": item_ref } } },
            "responses": {
                "200": { "description": "The things of the area.", "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{page}") } } } }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_about_the_size_asked_and_reads_as_openapi() {
        let document = sample_document(300_000);
        assert!(document.len() >= 300_000, "{}", document.len());
        assert!(document.len() < 450_000, "{}", document.len());
        let parsed = crate::api_docs::parse(&document).unwrap();
        let (index, sections) = crate::api_docs::sections(&parsed, document.len());
        assert_eq!(index.tags.len(), sections.len());
        assert_eq!(sections[0].operations.len(), 2 * PER_TAG);
        let schemas: Vec<&str> = sections[0]
            .schemas
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(schemas, ["Item0000", "ItemPage0000"]);
        assert!(!index.compact);
    }
}
