//! Fetches an OpenAPI document from the address an admin gave, with reqwest: a `GET`
//! following up to five redirects, given 30 seconds, read no further than the size limit.

use std::time::Duration;

use gatehouse_web::FetchDocument;

const TIMEOUT: Duration = Duration::from_secs(30);

pub struct HttpFetcher {
    client: reqwest::Client,
}

impl HttpFetcher {
    pub fn new() -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::limited(5))
            .build()?;
        Ok(Self { client })
    }
}

#[async_trait::async_trait]
impl FetchDocument for HttpFetcher {
    async fn get(&self, url: &str, max_bytes: usize) -> Result<String, String> {
        let reached = |error: reqwest::Error| {
            if error.is_timeout() {
                format!("no answer within {} seconds", TIMEOUT.as_secs())
            } else if error.is_connect() {
                "the address could not be reached".to_string()
            } else {
                error.to_string()
            }
        };
        let mut response = self.client.get(url).send().await.map_err(reached)?;
        if !response.status().is_success() {
            return Err(format!("the address answered {}", response.status()));
        }
        let too_big = || "it is larger than 25 MB, the most Gatehouse accepts".to_string();
        if response
            .content_length()
            .is_some_and(|n| n > max_bytes as u64)
        {
            return Err(too_big());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(reached)? {
            if body.len() + chunk.len() > max_bytes {
                return Err(too_big());
            }
            body.extend_from_slice(&chunk);
        }
        String::from_utf8(body).map_err(|_| "it is not UTF-8 text (JSON or YAML)".to_string())
    }
}
