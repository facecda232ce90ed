//! Large OpenAPI documents: uploaded as a file or fetched from an address (up to 25 MB),
//! stored parsed and split by tag, read one tag at a time; refusals change nothing.

use gatehouse_core::sample_document::sample_document;
use reqwest::{header, StatusCode};
use serde_json::Value;

use crate::helpers::{skipped_on_workers, Reply, TestApp};

const BOUNDARY: &str = "gatehouse-test-boundary";

/// Posts the upload form as a browser would, without JavaScript: a file, an address, or both.
async fn upload(
    app: &TestApp,
    admin: &str,
    service_id: &str,
    file: Option<&[u8]>,
    url: &str,
    accept: &str,
) -> reqwest::Response {
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"openapi.json\"\r\nContent-Type: application/json\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(file.unwrap_or_default());
    body.extend_from_slice(
        format!("\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"url\"\r\n\r\n{url}\r\n--{BOUNDARY}--\r\n").as_bytes(),
    );
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!(
            "{}/admin/services/{service_id}/document",
            app.address
        ))
        .header(header::ORIGIN, &app.address)
        .header(header::ACCEPT, accept)
        .header(header::COOKIE, format!("gatehouse_session={admin}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .expect("the server answers")
}

async fn message(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or_default();
    (
        status,
        body["message"].as_str().unwrap_or_default().to_string(),
    )
}

async fn page(app: &TestApp, service_id: &str, tag: Option<&str>) -> Reply {
    let mut form = vec![("service_id", service_id)];
    if let Some(tag) = tag {
        form.push(("tag", tag));
    }
    app.call("get_service", &form, None).await
}

/// Saves the service as "Bigger" 2.0 with nothing pasted, the Keep box ticked or not.
async fn save_keeping(app: &TestApp, admin: &str, id: &str, keep: bool) -> Reply {
    let mut form = vec![
        ("form[id]", id),
        ("form[name]", "Bigger"),
        ("form[version]", "2.0"),
        ("form[description]", ""),
        ("form[route_prefix]", "/big"),
        ("form[host]", ""),
        ("form[acl_groups]", ""),
        ("form[openapi]", ""),
    ];
    if keep {
        form.push(("form[keep_document]", "true"));
    }
    app.call("save_service", &form, Some(admin)).await
}

#[tokio::test]
async fn a_large_document_is_uploaded_and_read_one_tag_at_a_time() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let id = app.service(&admin, "Big", "/big", "").await;
    let document = sample_document(10_000_000);

    let saved = upload(&app, &admin, &id, Some(document.as_bytes()), "", "*/*").await;
    assert_eq!(message(saved).await.0, StatusCode::OK);

    // The page lists the tags; no tag is open until one is asked for.
    let overview = page(&app, &id, None).await;
    assert_eq!(overview.status, StatusCode::OK);
    let doc = &overview.body["doc"];
    assert_eq!(doc["compact"], false);
    assert_eq!(doc["source_bytes"], document.len());
    let tags = doc["tags"].as_array().unwrap();
    assert!(tags.len() > 100, "{} tags", tags.len());
    assert_eq!(tags[0]["name"], "Area 0000");
    assert_eq!(tags[0]["operations"], 50);
    assert_eq!(overview.body["sections"], serde_json::json!([]));

    let slug = tags[7]["slug"].as_str().unwrap();
    let opened = page(&app, &id, Some(slug)).await.body;
    let section = &opened["sections"][0];
    assert_eq!(section["slug"], slug);
    assert_eq!(section["operations"].as_array().unwrap().len(), 50);
    assert_eq!(
        section["operations"][0]["summary"],
        "Read thing 0 of area 7"
    );
    let schemas: Vec<&str> = section["schemas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(schemas, ["Item0007", "ItemPage0007"]);

    // Server-rendered pages stay light: the overview and one tag.
    let first = app
        .get(&format!("/services/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(first.contains("Area 0123"), "every tag is listed");
    assert!(
        first.len() < 300_000,
        "the first page is {} bytes",
        first.len()
    );
    let tag_page = app
        .get(&format!("/services/{id}?tag={slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(tag_page.contains("Read thing 24 of area 7"));
    assert!(
        tag_page.len() < 300_000,
        "a tag's page is {} bytes",
        tag_page.len()
    );

    // The document comes back as it was given; the edit form keeps it without carrying it.
    let download = reqwest::Client::new()
        .get(format!("{}/admin/services/{id}/document", app.address))
        .header(header::COOKIE, format!("gatehouse_session={admin}"))
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.text().await.unwrap(), document);
    let form = app
        .call("get_service_form", &[("service_id", &id)], Some(&admin))
        .await
        .body;
    assert_eq!(form["openapi"], "");
    assert_eq!(form["keep_document"], true);
    assert_eq!(form["kept_document"]["operations"], doc["operations"]);
    let renamed = save_keeping(&app, &admin, &id, true).await;
    assert_eq!(renamed.status, StatusCode::OK, "{:?}", renamed.body);
    let kept = page(&app, &id, None).await.body;
    assert_eq!(kept["name"], "Bigger");
    assert_eq!(kept["doc"]["source_bytes"], document.len());
    // Saved without the box ticked, and nothing pasted, the document is removed.
    let removed = save_keeping(&app, &admin, &id, false).await;
    assert_eq!(removed.status, StatusCode::OK, "{:?}", removed.body);
    assert_eq!(page(&app, &id, None).await.body["doc"], Value::Null);
    assert_eq!(app.count("service_documents").await, 0);
}

#[tokio::test]
async fn bad_uploads_are_refused_with_a_message_and_change_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let petstore = r#"{"openapi": "3.0.3", "info": {"title": "Petstore", "version": "1"},
        "paths": {"/pets": {"get": {"tags": ["pets"], "responses": {"200": {"description": "ok"}}}}}}"#;
    let id = app.service(&admin, "Pets", "/pets", petstore).await;
    let oversized = "x".repeat(25 * 1024 * 1024 + 1);
    let cases: [(Option<&[u8]>, &str, &str); 5] = [
        (Some(b"{ \"openapi\": "), "", "not valid JSON"),
        (Some(br#"{"swagger": "2.0"}"#), "", "Swagger 2.0"),
        (None, "", "Choose an OpenAPI file"),
        (None, "ftp://example.com/openapi.json", "http or https"),
        (Some(oversized.as_bytes()), "", "larger than 25 MB"),
    ];
    for (file, url, expected) in cases {
        let (status, text) = message(upload(&app, &admin, &id, file, url, "*/*").await).await;
        assert!(status.is_client_error(), "{expected}: {status}");
        assert!(text.contains(expected), "{expected}: {text}");
    }
    // Far over the limit, a browser is sent back with the message before the body is read.
    let far_over = "x".repeat(27 * 1024 * 1024);
    let refused = upload(
        &app,
        &admin,
        &id,
        Some(far_over.as_bytes()),
        "",
        "text/html",
    )
    .await;
    assert_eq!(refused.status(), StatusCode::SEE_OTHER);
    let location = refused.headers()[header::LOCATION].to_str().unwrap();
    assert!(
        location.contains("document_error=The+document+is+larger+than+25+MB"),
        "{location}"
    );
    let refused = upload(&app, &admin, &id, Some(far_over.as_bytes()), "", "*/*").await;
    assert_eq!(refused.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // A browser goes back to the edit page with the message.
    let back = upload(&app, &admin, &id, Some(b"[1]"), "", "text/html").await;
    assert_eq!(back.status(), StatusCode::SEE_OTHER);
    let location = back.headers()[header::LOCATION].to_str().unwrap();
    assert!(location.starts_with(&format!("/admin/services?edit={id}&document_error=")));
    // Whatever the address names, the way back is a well-formed address.
    let odd = upload(&app, &admin, "a%0D%0Ab&c", Some(b"[1]"), "", "text/html").await;
    assert_eq!(odd.status(), StatusCode::SEE_OTHER);
    let location = odd.headers()[header::LOCATION].to_str().unwrap();
    assert!(
        location.starts_with("/admin/services?edit=a%0D%0Ab%26c&document_error="),
        "{location}"
    );
    // Only console writers upload.
    let (status, _) = message(
        upload(
            &app,
            "not-a-session",
            &id,
            Some(petstore.as_bytes()),
            "",
            "*/*",
        )
        .await,
    )
    .await;
    assert!(
        status == StatusCode::FORBIDDEN || status == StatusCode::UNAUTHORIZED,
        "{status}"
    );

    let unchanged = page(&app, &id, None).await.body;
    assert_eq!(unchanged["doc"]["title"], "Petstore");
    assert_eq!(unchanged["sections"][0]["operations"][0]["path"], "/pets");
}

#[tokio::test]
async fn a_document_is_fetched_from_the_address_given() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let id = app.service(&admin, "Fetched", "/fetched", "").await;
    let document = sample_document(1_000_000);
    let served = document.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let routes = axum::Router::new().route(
        "/openapi.json",
        axum::routing::get(move || {
            let served = served.clone();
            async move { served }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, routes).await });

    let missing = upload(&app, &admin, &id, None, &format!("{origin}/nothing"), "*/*").await;
    let (status, text) = message(missing).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text.contains("answered 404"), "{text}");
    assert_eq!(page(&app, &id, None).await.body["doc"], Value::Null);

    let fetched = upload(
        &app,
        &admin,
        &id,
        None,
        &format!("{origin}/openapi.json"),
        "*/*",
    )
    .await;
    assert_eq!(message(fetched).await.0, StatusCode::OK);
    let doc = page(&app, &id, None).await.body["doc"].clone();
    assert_eq!(doc["title"], "Sample API");
    assert_eq!(doc["source_bytes"], document.len());
}

#[tokio::test]
async fn a_document_saved_before_documents_were_split_is_moved_when_read() {
    if skipped_on_workers("writes the database directly") {
        return;
    }
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let id = app.service(&admin, "Old", "/old", "").await;
    let legacy = r#"{"openapi": "3.0.3", "info": {"title": "Old API", "version": "1"},
        "paths": {"/things": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#;
    app.store().set_legacy_document(&id, legacy).await.unwrap();
    let first = page(&app, &id, None).await.body;
    assert_eq!(first["doc"]["title"], "Old API");
    assert_eq!(first["sections"][0]["operations"][0]["path"], "/things");
    let store = app.store();
    assert_eq!(
        store.service(&id).await.unwrap().unwrap().legacy_openapi,
        ""
    );
    assert_eq!(
        store.document_source(&id).await.unwrap().as_deref(),
        Some(legacy)
    );
}
