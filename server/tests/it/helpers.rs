//! A Gatehouse on a free port with its own database, and a client that speaks to it. The
//! database is a new SQLite file, or, when `TEST_DATABASE=postgres`, a new database on the
//! PostgreSQL server `TEST_POSTGRES_URL` names. With `TEST_TARGET=workers` the app is the
//! Worker `TEST_WORKER_URL` names (`wrangler dev` on a local D1, started by `scripts/test`
//! with test routes): one database for the whole run, put back as it was before each test,
//! so tests run one at a time (`--test-threads=1`).

use std::path::PathBuf;
use std::sync::Arc;

use gatehouse_core::portal::Portal;
use gatehouse_core::store::Store;
use reqwest::{header, Response, StatusCode};
use serde_json::Value;
use server::{config::Settings, gateway::Gateway, startup::Application};
use tempfile::TempDir;

pub const ADMIN_EMAIL: &str = "owner@example.com";
pub const ADMIN_PASSWORD: &str = "owner password 1";

pub struct TestApp {
    pub address: String,
    pub(crate) target: Target,
    _dir: TempDir,
}

pub(crate) enum Target {
    /// The native server, in this process.
    InProcess {
        portal: Arc<Portal>,
        gateway: Arc<Gateway>,
        /// The SQLite file (absent when the tests run on PostgreSQL).
        database_path: PathBuf,
        database_url: String,
    },
    /// The Worker; held by one test at a time.
    Worker {
        _alone: tokio::sync::OwnedMutexGuard<()>,
    },
}

/// Whether this run's apps use PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("TEST_DATABASE").is_ok_and(|db| db == "postgres")
}

/// Whether this run's app is the Worker on a local D1.
pub fn on_workers() -> bool {
    std::env::var("TEST_TARGET").is_ok_and(|target| target == "workers")
}

/// For a test (or the part of one) that cannot apply to the Worker: says why, in the
/// test's output, and answers whether to skip.
pub fn skipped_on_workers(why: &str) -> bool {
    if on_workers() {
        println!("not on the Worker: {why}");
    }
    on_workers()
}

/// A new, empty database for one test app.
pub async fn new_database(dir: &TempDir) -> String {
    if !on_postgres() {
        return format!("sqlite://{}", dir.path().join("gatehouse.db").display());
    }
    let server = std::env::var("TEST_POSTGRES_URL")
        .expect("TEST_POSTGRES_URL names the PostgreSQL server to test on");
    let name = format!("it_{}", uuid::Uuid::new_v4().simple());
    gatehouse_db::Db::create_postgres_database(&server, &name)
        .await
        .expect("a test database is created")
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(&[]).await
    }

    /// An app that sends its e-mail to `sink` and requires sign-ups to confirm their address.
    pub async fn spawn_verifying_with(sink: &crate::mail_sink::MailSink) -> Self {
        let app = Self::spawn_with(&[sink.setting()]).await;
        app.set_flag("require_email_verification", true).await;
        app
    }

    pub async fn spawn_with(extra: &[(&str, &str)]) -> Self {
        let mut vars = vec![
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
        let app = if on_workers() {
            Self::reset_worker(vars).await
        } else {
            Self::start_in_process(vars).await
        };
        // Most tests are about what happens after sign-up; the confirmation step has its own.
        app.set_flag("require_email_verification", false).await;
        app
    }

    async fn start_in_process(mut vars: Vec<(String, String)>) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let database_path = dir.path().join("gatehouse.db");
        let url = new_database(&dir).await;
        vars.push(("GATEHOUSE_LISTEN".to_string(), "127.0.0.1:0".to_string()));
        vars.push(("GATEHOUSE_DATABASE_URL".to_string(), url.clone()));
        if on_postgres() {
            // Instances sharing a database share the sealing key (required there).
            vars.push(("GATEHOUSE_SECRET_KEY".to_string(), "5e".repeat(32)));
        }
        let settings = Settings::from_vars(vars).expect("valid test settings");
        let app = Application::build(&settings).await.expect("the app builds");
        let address = format!("http://{}", app.local_addr());
        let portal = app.portal();
        let gateway = app.gateway();
        tokio::spawn(app.run_until_stopped());
        Self {
            address,
            target: Target::InProcess {
                portal,
                gateway,
                database_path,
                database_url: url,
            },
            _dir: dir,
        }
    }

    /// The Worker, its database put back as it was and its isolate built again with
    /// `vars` over its bindings.
    async fn reset_worker(vars: Vec<(String, String)>) -> Self {
        static ONE_AT_A_TIME: std::sync::LazyLock<Arc<tokio::sync::Mutex<()>>> =
            std::sync::LazyLock::new(Default::default);
        let alone = ONE_AT_A_TIME.clone().try_lock_owned().expect(
            "one app at a time on the Worker: run with --test-threads=1, one TestApp per test",
        );
        for (name, _) in &vars {
            assert!(
                !matches!(
                    name.as_str(),
                    "GATEHOUSE_SMTP_URL" | "GATEHOUSE_TRUSTED_PROXIES"
                ),
                "{name} is not a Worker setting"
            );
        }
        let address = std::env::var("TEST_WORKER_URL")
            .expect("TEST_WORKER_URL names the Worker under test (scripts/test starts one)");
        worker_log::mark_start();
        let settings: serde_json::Map<String, Value> = vars
            .into_iter()
            .map(|(name, value)| (name, Value::String(value)))
            .collect();
        let reset = client()
            .post(format!("{address}/__test/reset"))
            .json(&settings)
            .send()
            .await
            .expect("the Worker answers");
        let status = reset.status();
        assert_eq!(
            status,
            StatusCode::NO_CONTENT,
            "the Worker was not reset (is GATEHOUSE_TEST_ROUTES=1 set?): {}",
            reset.text().await.unwrap_or_default()
        );
        // The isolate is built again on this request, with the test's settings.
        let health = client()
            .get(format!("{address}/healthz"))
            .send()
            .await
            .expect("the Worker answers");
        let status = health.status();
        assert_eq!(
            status,
            StatusCode::OK,
            "the Worker did not start: {}",
            health.text().await.unwrap_or_default()
        );
        Self {
            address,
            target: Target::Worker { _alone: alone },
            _dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    /// The store of the native server in this process; tests of the store itself use it.
    pub fn store(&self) -> &Store {
        match &self.target {
            Target::InProcess { portal, .. } => portal.store(),
            Target::Worker { .. } => panic!("the Worker's store is not in this process"),
        }
    }

    /// The native server's database: its SQLite file (if any) and its URL.
    pub fn database(&self) -> (&PathBuf, &str) {
        match &self.target {
            Target::InProcess {
                database_path,
                database_url,
                ..
            } => (database_path, database_url),
            Target::Worker { .. } => panic!("the Worker's database is not in this process"),
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

#[derive(Debug)]
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

impl TestApp {
    pub async fn admin_session(&self) -> String {
        self.sign_in("console", ADMIN_EMAIL, ADMIN_PASSWORD, None)
            .await
            .session
            .expect("the owner signs in")
    }

    /// Signs up a developer, has the owner approve them; returns (id, their session).
    pub async fn approved_developer(&self, email: &str, admin: &str) -> (String, String) {
        let session = self
            .sign_up("Dev", email, "a long password")
            .await
            .session
            .expect("signed up");
        let id = self.viewer(&session).await["Developer"]["id"]
            .as_str()
            .expect("a developer id")
            .to_string();
        let approved = self
            .call(
                "act_on_developer",
                &[
                    ("developer_id", &id),
                    ("action", "approve"),
                    ("expected", "pending"),
                ],
                Some(admin),
            )
            .await;
        assert_eq!(approved.status, StatusCode::OK, "{:?}", approved.body);
        (id, session)
    }

    /// Creates a published service with an optional OpenAPI document; returns its id.
    pub async fn service(&self, admin: &str, name: &str, prefix: &str, openapi: &str) -> String {
        self.service_at(admin, name, prefix, "", openapi).await
    }

    /// Creates a published service found by a route prefix, a host or both; returns its id.
    pub async fn service_at(
        &self,
        admin: &str,
        name: &str,
        prefix: &str,
        host: &str,
        openapi: &str,
    ) -> String {
        let saved = self
            .call(
                "save_service",
                &[
                    ("form[id]", ""),
                    ("form[name]", name),
                    ("form[version]", "1.0"),
                    ("form[description]", "A test service"),
                    ("form[route_prefix]", prefix),
                    ("form[host]", host),
                    ("form[acl_groups]", ""),
                    ("form[openapi]", openapi),
                ],
                Some(admin),
            )
            .await;
        assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
        let services = self.call("list_services", &[], Some(admin)).await.body;
        services
            .as_array()
            .and_then(|all| all.iter().find(|s| s["name"] == name))
            .and_then(|s| s["id"].as_str())
            .expect("the service is listed")
            .to_string()
    }

    /// Creates an application for the developer; returns its id.
    pub async fn application(&self, developer: &str, name: &str) -> String {
        let created = self
            .call(
                "create_application",
                &[("name", name), ("description", "")],
                Some(developer),
            )
            .await;
        assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);
        created.body.as_str().expect("the new id").to_string()
    }

    /// Registers the developer's application with the service and approves it as `admin`
    /// (the only registration waiting); returns the registration's id.
    pub async fn approved_registration(
        &self,
        admin: &str,
        developer: &str,
        application: &str,
        service: &str,
    ) -> String {
        self.call(
            "register_application",
            &[("application_id", application), ("service_id", service)],
            Some(developer),
        )
        .await;
        let queue = self
            .call("registration_requests", &[], Some(admin))
            .await
            .body["rows"]
            .clone();
        let registration = queue[0]["id"].as_str().unwrap().to_string();
        let approved = self
            .call(
                "act_on_registration",
                &[
                    ("registration_id", &registration),
                    ("action", "approve"),
                    ("expected", "pending"),
                ],
                Some(admin),
            )
            .await;
        assert_eq!(approved.status, StatusCode::OK);
        registration
    }

    /// Generates a credential; extra fields are `credential[...]` values.
    pub async fn credential(
        &self,
        developer: &str,
        application: &str,
        kind: &str,
        extra: &[(&str, &str)],
    ) -> Reply {
        let mut form = vec![
            ("application_id", application),
            ("credential[kind]", kind),
            ("credential[name]", ""),
            ("credential[username]", ""),
            ("credential[public_key]", ""),
            ("credential[expires_in_days]", "0"),
        ];
        for (key, value) in extra {
            form.retain(|(k, _)| k != key);
            form.push((key, value));
        }
        self.call("generate_credential", &form, Some(developer))
            .await
    }
}

/// Everything the server logged in this test process, from the first call on; on the
/// Worker, what it logged since this test's app was reset.
pub fn captured_log() -> String {
    if on_workers() {
        return worker_log::since_start();
    }
    String::from_utf8_lossy(&log_buffer().lock().unwrap()).into_owned()
}

/// The Worker's log: the file `TEST_WORKER_LOG` that `wrangler dev`'s output goes to.
mod worker_log {
    use std::sync::atomic::{AtomicU64, Ordering};

    static START: AtomicU64 = AtomicU64::new(0);

    fn path() -> String {
        std::env::var("TEST_WORKER_LOG").expect("TEST_WORKER_LOG names the Worker's log file")
    }

    /// This test's part of the log starts here.
    pub fn mark_start() {
        let length = std::fs::metadata(path()).map(|m| m.len()).unwrap_or(0);
        START.store(length, Ordering::SeqCst);
    }

    pub fn since_start() -> String {
        // wrangler passes the Worker's lines on a moment after the request ends.
        std::thread::sleep(std::time::Duration::from_millis(500));
        let log = std::fs::read(path()).expect("the Worker's log file");
        let start = (START.load(Ordering::SeqCst) as usize).min(log.len());
        String::from_utf8_lossy(&log[start..]).into_owned()
    }
}

/// Installs (once) a subscriber that keeps every log line at debug level and above.
pub fn capture_log() {
    let _ = log_buffer();
}

fn log_buffer() -> &'static std::sync::Arc<std::sync::Mutex<Vec<u8>>> {
    use std::sync::{Arc, Mutex, OnceLock};
    static BUFFER: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUFFER.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(move || LogWriter(sink.clone()))
            .finish();
        let _ = tracing::subscriber::set_global_default(subscriber);
        buffer
    })
}

struct LogWriter(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl TestApp {
    /// Everything the database holds at rest, as bytes: the SQLite file and its WAL, a
    /// `pg_dump` of the PostgreSQL database, or every file of the Worker's local D1.
    pub fn stored_bytes(&self) -> Vec<u8> {
        let (path, url) = match &self.target {
            Target::Worker { .. } => {
                let state = std::env::var("TEST_WORKER_STATE")
                    .expect("TEST_WORKER_STATE names the Worker's local state");
                let mut bytes = Vec::new();
                read_tree(std::path::Path::new(&state), &mut bytes);
                return bytes;
            }
            Target::InProcess { .. } => self.database(),
        };
        if on_postgres() {
            let dump = std::process::Command::new("pg_dump")
                .arg("--data-only")
                .arg(url)
                .output()
                .expect("pg_dump runs");
            assert!(
                dump.status.success(),
                "{}",
                String::from_utf8_lossy(&dump.stderr)
            );
            return dump.stdout;
        }
        let mut bytes = std::fs::read(path).expect("the database file");
        if let Ok(more) = std::fs::read(path.with_extension("db-wal")) {
            bytes.extend(more);
        }
        bytes
    }
}

/// Appends every file under `dir`.
fn read_tree(dir: &std::path::Path, bytes: &mut Vec<u8>) {
    for entry in std::fs::read_dir(dir)
        .expect("a readable directory")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            read_tree(&path, bytes);
        } else if let Ok(more) = std::fs::read(&path) {
            bytes.extend(more);
        }
    }
}
