//! A Gatehouse on a free port with its own SQLite file, and a client that speaks to it.

use reqwest::{header, Response, StatusCode};
use serde_json::Value;
use server::{config::Settings, startup::Application, store::Store};
use tempfile::TempDir;

pub const ADMIN_EMAIL: &str = "owner@example.com";
pub const ADMIN_PASSWORD: &str = "owner password 1";

pub struct TestApp {
    pub address: String,
    pub store: Store,
    pub database_path: std::path::PathBuf,
    _dir: TempDir,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(&[]).await
    }

    pub async fn spawn_with(extra: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let database_path = dir.path().join("gatehouse.db");
        let url = format!("sqlite://{}", database_path.display());
        let mut vars = vec![
            ("GATEHOUSE_LISTEN".to_string(), "127.0.0.1:0".to_string()),
            ("GATEHOUSE_DATABASE_URL".to_string(), url),
            ("GATEHOUSE_ADMIN_EMAIL".to_string(), ADMIN_EMAIL.to_string()),
            (
                "GATEHOUSE_ADMIN_PASSWORD".to_string(),
                ADMIN_PASSWORD.to_string(),
            ),
            (
                "GATEHOUSE_PUBLIC_URL".to_string(),
                "http://127.0.0.1:9".to_string(),
            ),
        ];
        vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let settings = Settings::from_vars(vars).expect("valid test settings");
        let app = Application::build(&settings).await.expect("the app builds");
        let address = format!("http://{}", app.local_addr());
        let store = app.portal().store().clone();
        // Most tests are about what happens after sign-up; the confirmation step has its own.
        store
            .set_flag("require_email_verification", false)
            .await
            .expect("settings are writable");
        tokio::spawn(app.run_until_stopped());
        Self {
            address,
            store,
            database_path,
            _dir: dir,
        }
    }

    /// Calls a server function the way the browser does: a URL-encoded form post from our origin.
    pub async fn call(
        &self,
        function: &str,
        form: &[(&str, &str)],
        session: Option<&str>,
    ) -> Reply {
        let mut request = client()
            .post(format!("{}/api/{function}", self.address))
            .header(header::ORIGIN, &self.address)
            .header(header::ACCEPT, "application/json")
            .form(form);
        if let Some(token) = session {
            request = request.header(header::COOKIE, format!("gatehouse_session={token}"));
        }
        Reply::read(request.send().await.expect("the server answers")).await
    }

    pub async fn get(&self, path: &str) -> Response {
        client()
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the server answers")
    }

    pub async fn sign_up(&self, name: &str, email: &str, password: &str) -> Reply {
        self.call(
            "sign_up",
            &[
                ("full_name", name),
                ("email", email),
                ("password", password),
            ],
            None,
        )
        .await
    }

    pub async fn sign_in(
        &self,
        realm: &str,
        email: &str,
        password: &str,
        session: Option<&str>,
    ) -> Reply {
        self.call(
            "sign_in",
            &[("email", email), ("password", password), ("realm", realm)],
            session,
        )
        .await
    }

    pub async fn viewer(&self, session: &str) -> Value {
        self.call("current_viewer", &[], Some(session)).await.body
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    /// The session token the response set, if any ("" when it cleared the cookie).
    pub session: Option<String>,
}

impl Reply {
    async fn read(response: Response) -> Self {
        let status = response.status();
        let session = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.strip_prefix("gatehouse_session="))
            .map(|v| v.split(';').next().unwrap_or_default().to_string());
        let text = response.text().await.expect("a body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Self {
            status,
            body,
            session,
        }
    }
}
