//! Webhooks from a Worker: each signed request posted with `fetch`. Delivery runs right after
//! a request that may have changed something, and from the Cron Trigger for retries.

use gatehouse_core::webhooks::{Request, Sender};
use wasm_bindgen::JsValue;
use worker::{send::SendFuture, Fetch, Headers, Method, RequestInit};

pub struct FetchSender;

#[async_trait::async_trait]
impl Sender for FetchSender {
    async fn post(&self, request: Request<'_>) -> Result<u16, String> {
        let headers: Vec<(&'static str, String)> = request.headers;
        SendFuture::new(post(
            request.url.to_string(),
            headers,
            request.body.to_string(),
        ))
        .await
    }
}

async fn post(
    url: String,
    pairs: Vec<(&'static str, String)>,
    body: String,
) -> Result<u16, String> {
    let failed = |e: worker::Error| format!("the receiver could not be reached: {e}");
    let headers = Headers::new();
    for (name, value) in pairs {
        headers.set(name, &value).map_err(failed)?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(JsValue::from_str(&body)));
    let request = worker::Request::new_with_init(&url, &init).map_err(failed)?;
    let response = Fetch::Request(request).send().await.map_err(failed)?;
    Ok(response.status_code())
}
