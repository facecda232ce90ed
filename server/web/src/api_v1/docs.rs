//! `/api/v1/docs`: the OpenAPI document as a page people read — each operation with its
//! method, path, summary, parameters and answers — rendered once on the server.

use serde_json::Value;

/// The whole page for `document`.
pub fn render(document: &utoipa::openapi::OpenApi) -> String {
    let json = serde_json::to_value(document).unwrap_or(Value::Null);
    let title = text(&json["info"]["title"]);
    let description = text(&json["info"]["description"]);
    let mut body = String::new();
    if let Some(paths) = json["paths"].as_object() {
        for (path, item) in paths {
            let Some(operations) = item.as_object() else {
                continue;
            };
            for (method, operation) in operations {
                body.push_str(&operation_section(method, path, operation));
            }
        }
    }
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} — Gatehouse</title><style>{STYLE}</style></head><body><main>\
         <h1>{title}</h1><p>{description}</p>\
         <p><a href=\"/api/v1/openapi.json\">OpenAPI 3.1 document (JSON)</a> · <a href=\"/admin/tokens\">API tokens</a></p>\
         {body}</main></body></html>"
    )
}

fn operation_section(method: &str, path: &str, operation: &Value) -> String {
    let summary = text(&operation["summary"]);
    let description = text(&operation["description"]);
    let parameters: String = operation["parameters"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|parameter| {
                    format!(
                        "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        text(&parameter["name"]),
                        text(&parameter["in"]),
                        if parameter["required"].as_bool() == Some(true) {
                            "yes"
                        } else {
                            "no"
                        },
                        text(&parameter["description"]),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let parameters = if parameters.is_empty() {
        String::new()
    } else {
        format!(
            "<table><caption>Parameters</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">In</th><th scope=\"col\">Required</th><th scope=\"col\">Description</th></tr></thead><tbody>{parameters}</tbody></table>"
        )
    };
    let responses: String = operation["responses"]
        .as_object()
        .map(|answers| {
            answers
                .iter()
                .map(|(status, answer)| {
                    format!(
                        "<li><code>{}</code> {}</li>",
                        escape(status),
                        text(&answer["description"])
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    format!(
        "<section><h2><span class=\"method\">{}</span> <code>{}</code></h2><p>{summary}</p>{}{parameters}<h3>Answers</h3><ul>{responses}</ul></section>",
        escape(&method.to_uppercase()),
        escape(path),
        if description.is_empty() || description == summary {
            String::new()
        } else {
            format!("<p>{description}</p>")
        },
    )
}

fn text(value: &Value) -> String {
    escape(value.as_str().unwrap_or_default())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;color:#1a1a2e;background:#fafafa}\
main{max-width:60rem;margin:0 auto;padding:1rem}section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:0.5rem 1rem;margin:1rem 0}\
h2{font-size:1.1rem;overflow-wrap:anywhere}.method{background:#1d4ed8;color:#fff;border-radius:4px;padding:0 0.4rem}\
table{border-collapse:collapse;width:100%;display:block;overflow-x:auto}td,th{border-bottom:1px solid #eee;padding:0.25rem 0.5rem;text-align:left;vertical-align:top}\
caption{text-align:left;font-weight:600}code{overflow-wrap:anywhere}a{color:#1d4ed8}";
