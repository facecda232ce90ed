//! `/admin/services` and the catalog: checked OpenAPI documents, unique routes, publishing.

use reqwest::StatusCode;

use crate::helpers::TestApp;

const PETSTORE: &str = r##"{
  "openapi": "3.0.3",
  "info": { "title": "Petstore", "version": "1.0.0", "description": "Pets for everyone." },
  "paths": {
    "/pets": {
      "get": {
        "summary": "List pets",
        "parameters": [{ "name": "limit", "in": "query", "schema": { "type": "integer", "format": "int32" } }],
        "responses": { "200": { "description": "A page of pets",
          "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Pet" } } } } } }
      }
    }
  },
  "components": { "schemas": { "Pet": { "type": "object", "required": ["id"],
    "properties": { "id": { "type": "integer", "format": "int64" }, "name": { "type": "string" } } } } }
}"##;

async fn save(app: &TestApp, admin: &str, fields: &[(&str, &str)]) -> crate::helpers::Reply {
    let mut form = vec![
        ("form[id]", ""),
        ("form[name]", "Orders"),
        ("form[version]", "1.0"),
        ("form[description]", ""),
        ("form[route_prefix]", "/orders"),
        ("form[host]", ""),
        ("form[acl_groups]", ""),
        ("form[openapi]", ""),
    ];
    for (key, value) in fields {
        form.retain(|(k, _)| k != key);
        form.push((key, value));
    }
    app.call("save_service", &form, Some(admin)).await
}

#[tokio::test]
async fn bad_openapi_documents_are_refused_with_a_clear_message_and_nothing_saved() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    for (document, says) in [
        ("{ \"openapi\": ", "not valid JSON"),
        ("swagger: '2.0'\ninfo: {title: x, version: '1'}\n", "Swagger 2.0"),
        ("openapi: 3.0.0\ninfo: {title: x}\npaths: {}\n", "info"),
        (
            "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n",
            "paths",
        ),
        ("just some text", "object"),
    ] {
        let reply = save(&app, &admin, &[("form[openapi]", document)]).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{document}");
        let message = reply.body.to_string();
        assert!(message.contains("openapi"), "the field is named: {message}");
        assert!(message.contains(says), "{document}: {message}");
    }
    assert_eq!(app.count("services").await, 0);
}

#[tokio::test]
async fn routes_are_checked_and_unique_and_viewers_change_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let no_route = save(&app, &admin, &[("form[route_prefix]", "")]).await;
    assert_eq!(no_route.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad = save(&app, &admin, &[("form[route_prefix]", "orders/")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(save(&app, &admin, &[]).await.status, StatusCode::OK);
    let same_prefix = save(&app, &admin, &[("form[name]", "Other")]).await;
    assert_eq!(same_prefix.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(same_prefix.body.to_string().contains("route prefix"));
    let same_name = save(&app, &admin, &[("form[route_prefix]", "/other")]).await;
    assert!(same_name.body.to_string().contains("name"));

    app.call(
        "add_admin",
        &[
            ("email", "viewer@example.com"),
            ("password", "viewer password 1"),
            ("role", "viewer"),
        ],
        Some(&admin),
    )
    .await;
    let viewer = app
        .sign_in("console", "viewer@example.com", "viewer password 1", None)
        .await
        .session
        .unwrap();
    let refused = save(
        &app,
        &viewer,
        &[("form[name]", "Viewer's"), ("form[route_prefix]", "/v")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("services").await, 1);
}

#[tokio::test]
async fn the_catalog_lists_published_services_with_their_documentation() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let id = app.service(&admin, "Petstore", "/petstore", PETSTORE).await;
    let catalog = app.call("catalog", &[], None).await.body;
    assert_eq!(catalog[0]["name"], "Petstore");
    let page = app.call("get_service", &[("service_id", &id)], None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body["route"], "/petstore");
    // A small document without tags: one section, shown whole on the service's page.
    let doc = &page.body["doc"];
    assert_eq!(doc["compact"], true);
    assert_eq!(doc["tags"][0]["name"], "Operations");
    let section = &page.body["sections"][0];
    assert_eq!(section["operations"][0]["method"], "GET");
    assert_eq!(
        section["operations"][0]["parameters"][0]["schema"],
        "integer (int32)"
    );
    assert_eq!(
        section["operations"][0]["responses"][0]["schema"],
        "application/json: array of Pet"
    );
    assert_eq!(section["schemas"][0]["fields"][0]["required"], true);

    let unpublished = app
        .call(
            "publish_service",
            &[("service_id", &id), ("published", "false")],
            Some(&admin),
        )
        .await;
    assert_eq!(unpublished.status, StatusCode::OK);
    assert_eq!(
        app.call("catalog", &[], None).await.body,
        serde_json::json!([])
    );
    let hidden = app.call("get_service", &[("service_id", &id)], None).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    // Admins still see it, and its form comes back as saved.
    let form = app
        .call("get_service_form", &[("service_id", &id)], Some(&admin))
        .await
        .body;
    assert_eq!(form["openapi"], PETSTORE.trim());
}
