//! A service's OpenAPI document beyond what a form post carries: `POST
//! /admin/services/{id}/document` takes it as an uploaded file (multipart, up to 25 MB) or
//! fetches it from the address the admin gives; `GET` hands back the document as it was
//! given. The upload form posts without JavaScript: a browser is sent back to the service's
//! edit page with the outcome; any other client gets JSON.

use std::sync::Arc;

use app::api::RequestInfo;
use app::error::AppError;
use app::model::MAX_DOCUMENT_BYTES;
use axum::{
    extract::{Multipart, Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Extension,
};
use gatehouse_core::portal::Portal;

/// Fetches a document from an address an admin gave: the native server with `reqwest`, a
/// Worker with `fetch`.
#[async_trait::async_trait]
pub trait FetchDocument: Send + Sync {
    /// The body of a `GET` of `url`, at most `max_bytes`; the error says what went wrong.
    async fn get(&self, url: &str, max_bytes: usize) -> Result<String, String>;
}

pub type DocumentFetcher = Arc<dyn FetchDocument>;

/// The one-shot query parameters the edit page reads the outcome from.
pub const SAVED_PARAM: &str = "document_saved";
pub const ERROR_PARAM: &str = "document_error";

#[derive(Clone)]
pub struct DocumentState {
    pub portal: Arc<Portal>,
    pub fetcher: DocumentFetcher,
}

pub async fn upload_document(
    State(state): State<DocumentState>,
    Extension(request): Extension<RequestInfo>,
    Path(service_id): Path<String>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let outcome = save(&state, &request, &service_id, multipart).await;
    let wants_page = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if wants_page {
        return back_to_edit_page(&service_id, outcome);
    }
    match outcome {
        Ok(name) => json_message(StatusCode::OK, format!("The document of {name} is saved.")),
        Err(error) => json_message(
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST),
            error.to_string(),
        ),
    }
}

/// The service's edit page, saying the document was saved or why it was refused. (The id
/// comes from the address as it was sent: it is encoded again, whatever it holds.)
pub fn back_to_edit_page(service_id: &str, outcome: Result<String, AppError>) -> Response {
    let encode = |text: &str| form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    let edit = format!("/admin/services?edit={}", encode(service_id));
    let back = match outcome {
        Ok(_) => format!("{edit}&{SAVED_PARAM}=1"),
        Err(error) => format!("{edit}&{ERROR_PARAM}={}", encode(&error.to_string())),
    };
    Redirect::to(&back).into_response()
}

/// The stored document, as it was given.
pub async fn download_document(
    State(state): State<DocumentState>,
    Extension(request): Extension<RequestInfo>,
    Path(service_id): Path<String>,
) -> Response {
    let Some(reader) = request.viewer.console_reader() else {
        return (
            StatusCode::UNAUTHORIZED,
            "Sign in to the console to download documents.",
        )
            .into_response();
    };
    match state.portal.document_source(&reader, &service_id).await {
        Ok(Some(source)) => {
            let (kind, extension) = if source.trim_start().starts_with('{') {
                ("application/json", "json")
            } else {
                ("application/yaml", "yaml")
            };
            (
                [
                    (header::CONTENT_TYPE, kind.to_string()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"openapi.{extension}\""),
                    ),
                ],
                source,
            )
                .into_response()
        }
        Ok(None) => (StatusCode::NOT_FOUND, "This service has no document.").into_response(),
        Err(error) => (
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::NOT_FOUND),
            error.to_string(),
        )
            .into_response(),
    }
}

async fn save(
    state: &DocumentState,
    request: &RequestInfo,
    service_id: &str,
    multipart: Multipart,
) -> Result<String, AppError> {
    let writer = request
        .viewer
        .console_writer()
        .map_err(AppError::Forbidden)?;
    let source = match read_form(multipart).await? {
        Given::File(bytes) => text(bytes)?,
        Given::Address(url) => fetch(state, &url).await?,
    };
    if source.trim().is_empty() {
        return Err(AppError::field("document", "The document is empty."));
    }
    state
        .portal
        .replace_document(&writer, service_id, source, request)
        .await
        .map_err(|error| match error.message_for("openapi") {
            Some(message) => AppError::field("document", message),
            None => error,
        })
}

enum Given {
    File(Vec<u8>),
    Address(String),
}

/// The chosen file, or else the address; a form with neither is refused.
async fn read_form(mut multipart: Multipart) -> Result<Given, AppError> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        AppError::BadRequest(format!("the form could not be read: {}", e.body_text()))
    };
    let mut file = None;
    let mut address = String::new();
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("file") => {
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                    if bytes.len() + chunk.len() > MAX_DOCUMENT_BYTES {
                        return Err(too_big());
                    }
                    bytes.extend_from_slice(&chunk);
                }
                if !bytes.is_empty() {
                    file = Some(bytes);
                }
            }
            Some("url") => address = field.text().await.map_err(unreadable)?.trim().to_string(),
            _ => {}
        }
    }
    match (file, address.is_empty()) {
        (Some(bytes), _) => Ok(Given::File(bytes)),
        (None, false) => Ok(Given::Address(address)),
        (None, true) => Err(AppError::field(
            "document",
            "Choose an OpenAPI file, or give the address to fetch it from.",
        )),
    }
}

pub fn too_big() -> AppError {
    AppError::field(
        "document",
        "The document is larger than 25 MB, the most Gatehouse accepts.",
    )
}

fn text(bytes: Vec<u8>) -> Result<String, AppError> {
    String::from_utf8(bytes)
        .map(|text| text.trim_start_matches('\u{feff}').to_string())
        .map_err(|_| AppError::field("document", "The file is not UTF-8 text (JSON or YAML)."))
}

async fn fetch(state: &DocumentState, url: &str) -> Result<String, AppError> {
    let parsed = url::Url::parse(url).map_err(|_| {
        AppError::field(
            "document",
            "Enter the document's full address, such as https://api.example.com/openapi.json.",
        )
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(AppError::field(
            "document",
            "Gatehouse fetches documents over http or https only.",
        ));
    }
    state
        .fetcher
        .get(parsed.as_str(), MAX_DOCUMENT_BYTES)
        .await
        .map(|text| text.trim_start_matches('\u{feff}').to_string())
        .map_err(|why| {
            AppError::field(
                "document",
                format!("The document could not be fetched: {why}."),
            )
        })
}

fn json_message(status: StatusCode, message: String) -> Response {
    (
        status,
        axum::Json(serde_json::json!({ "message": message })),
    )
        .into_response()
}
