//! E-mail from a Worker: the outbox handed to an HTTP e-mail API with `fetch` (Workers cannot
//! reach port 25). The request is the JSON most such APIs take (Resend's shape): `from`, `to`,
//! `subject`, `text`, with the token as a bearer. Delivery runs right after a request that
//! may have queued mail, and from the Cron Trigger for retries.

use gatehouse_core::mail::delivery::{Message, Transport};
use wasm_bindgen::JsValue;
use worker::{send::SendFuture, Fetch, Headers, Method, Request, RequestInit};

pub struct HttpMail {
    /// The API's endpoint, e.g. `https://api.resend.com/emails`.
    pub url: String,
    /// Sent as `Authorization: Bearer …` when set.
    pub token: Option<String>,
    pub from: String,
}

#[async_trait::async_trait]
impl Transport for HttpMail {
    async fn send(&self, message: Message<'_>) -> Result<(), String> {
        let body = serde_json::json!({
            "from": self.from,
            "to": [message.to],
            "subject": message.subject,
            "text": message.body,
        })
        .to_string();
        SendFuture::new(post(&self.url, self.token.as_deref(), body)).await
    }
}

async fn post(url: &str, token: Option<&str>, body: String) -> Result<(), String> {
    let headers = Headers::new();
    let failed = |e: worker::Error| format!("the e-mail API could not be reached: {e}");
    headers
        .set("content-type", "application/json")
        .map_err(failed)?;
    if let Some(token) = token {
        headers
            .set("authorization", &format!("Bearer {token}"))
            .map_err(failed)?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(JsValue::from_str(&body)));
    let request = Request::new_with_init(url, &init).map_err(failed)?;
    let mut response = Fetch::Request(request).send().await.map_err(failed)?;
    let status = response.status_code();
    if (200..300).contains(&status) {
        return Ok(());
    }
    let answer = response.text().await.unwrap_or_default();
    let answer: String = answer.chars().take(300).collect();
    Err(format!("the e-mail API answered {status}: {answer}"))
}
