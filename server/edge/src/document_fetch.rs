//! Fetches an OpenAPI document from the address an admin gave, with the Worker's `fetch`.

use gatehouse_web::FetchDocument;
use worker::{send::SendFuture, Fetch, Url};

pub struct WorkerFetcher;

#[async_trait::async_trait]
impl FetchDocument for WorkerFetcher {
    async fn get(&self, url: &str, max_bytes: usize) -> Result<String, String> {
        SendFuture::new(get(url.to_string(), max_bytes)).await
    }
}

async fn get(url: String, max_bytes: usize) -> Result<String, String> {
    let failed = |e: worker::Error| format!("the address could not be reached: {e}");
    let url = Url::parse(&url).map_err(|e| e.to_string())?;
    let mut response = Fetch::Url(url).send().await.map_err(failed)?;
    let status = response.status_code();
    if !(200..300).contains(&status) {
        return Err(format!("the address answered {status}"));
    }
    let body = response.bytes().await.map_err(failed)?;
    if body.len() > max_bytes {
        return Err("it is larger than 25 MB, the most Gatehouse accepts".into());
    }
    String::from_utf8(body).map_err(|_| "it is not UTF-8 text (JSON or YAML)".to_string())
}
