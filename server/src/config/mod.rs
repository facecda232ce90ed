//! Typed settings from `GATEHOUSE_*` environment variables and an optional TOML file,
//! validated before anything starts: a bad setting stops the start with its name.

use std::{collections::BTreeMap, net::SocketAddr, path::PathBuf};

use app::model::{Email, Password};
use gatehouse_core::portal::{defaults, PortalConfig};
use ipnet::IpNet;

use crate::gateway::{GatewayHeaders, GatewayStyle};

mod connection_url;

pub use connection_url::ConnectionUrl;

#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    /// `sqlite://PATH`
    pub database_url: ConnectionUrl,
    /// The first owner, created on a start when no admin exists.
    pub admin_email: Option<Email>,
    pub admin_password: Option<Password>,
    /// Where people reach the portal, e.g. `https://developers.example.com`. Used for links
    /// in e-mails, the Origin check and the `Secure` cookie flag; defaults to `http://LISTEN`.
    pub public_url: String,
    pub session_hours: u32,
    pub sign_in_attempts_per_minute: u32,
    pub sign_ups_per_hour: u32,
    /// `smtp://HOST:PORT`, `smtps://USER:PASS@HOST` or `smtp://…?tls=required`; without it
    /// e-mail stays in the outbox and is shown in the console and the log.
    pub smtp_url: Option<ConnectionUrl>,
    /// The `From` of every message.
    pub mail_from: String,
    /// The server key sealing HMAC and JWT secrets (64 hex digits). Without it, the key is
    /// read from `secret_key_file`, which is created with a new key on first start.
    pub secret_key: Option<gatehouse_core::auth::SecretKey>,
    /// Defaults to `gatehouse.key` beside the SQLite database.
    pub secret_key_file: PathBuf,
    /// Which headers the gateway in front describes the client's request with, and the one
    /// header the client's host is read from.
    pub gateway_headers: GatewayHeaders,
    /// Peers (the TLS proxy in front) whose `X-Forwarded-For`/`Forwarded` names the client.
    pub trusted_proxies: Vec<IpNet>,
    /// Sign-in attempts per client address, whichever accounts they name.
    pub sign_in_address_attempts_per_minute: u32,
    /// Failed sign-ins on one account, from all addresses, within 15 minutes, after which
    /// an address that failed on it waits for the window to pass.
    pub sign_in_account_failures: u32,
    /// Password hashes computed at once (each takes 19 MiB); defaults to the cores.
    pub password_hashes_at_once: u32,
    /// Failed basic-auth passwords per username per minute at `/gateway/verify`.
    pub gateway_basic_failures_per_minute: u32,
    /// Above this many credentials the gateway's index holds none and looks each one up
    /// (unset: it holds them all, which a server's memory affords).
    pub gateway_index_limit: Option<u32>,
}

/// A setting that is missing, malformed or unknown; names it and says what is expected.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {problem}")]
pub struct SettingError {
    pub name: String,
    pub problem: String,
}

fn bad(name: &str, problem: impl Into<String>) -> SettingError {
    SettingError {
        name: name.to_string(),
        problem: problem.into(),
    }
}

/// The keys a settings file may hold; each is also `GATEHOUSE_<KEY>` in the environment.
const KEYS: [&str; 20] = [
    "listen",
    "database_url",
    "admin_email",
    "admin_password",
    "public_url",
    "session_hours",
    "sign_in_attempts_per_minute",
    "sign_ups_per_hour",
    "smtp_url",
    "mail_from",
    "secret_key",
    "secret_key_file",
    "gateway_headers",
    "gateway_host_header",
    "trusted_proxies",
    "sign_in_address_attempts_per_minute",
    "sign_in_account_failures",
    "password_hashes_at_once",
    "gateway_basic_failures_per_minute",
    "gateway_index_limit",
];

impl Settings {
    /// Reads the process environment (and `GATEHOUSE_CONFIG`, a TOML file, if set).
    pub fn from_env() -> Result<Self, SettingError> {
        Self::from_vars(std::env::vars())
    }

    /// Reads settings from the given variables; environment values win over the file's.
    pub fn from_vars(
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, SettingError> {
        let mut raw: BTreeMap<String, String> = BTreeMap::new();
        let mut env = BTreeMap::new();
        for (name, value) in vars {
            if let Some(key) = name.strip_prefix("GATEHOUSE_") {
                env.insert(key.to_ascii_lowercase(), (name.clone(), value));
            }
        }
        if let Some((_, path)) = env.remove("config") {
            for (key, value) in read_file(&PathBuf::from(path))? {
                raw.insert(key, value);
            }
        }
        for (key, (name, value)) in env {
            if !KEYS.contains(&key.as_str()) {
                return Err(bad(
                    &name,
                    format!(
                        "unknown setting; known ones are GATEHOUSE_CONFIG and {}",
                        known_names()
                    ),
                ));
            }
            raw.insert(key, value);
        }
        Self::from_raw(raw)
    }

    fn from_raw(raw: BTreeMap<String, String>) -> Result<Self, SettingError> {
        let get = |key: &str| raw.get(key).map(|v| v.trim()).filter(|v| !v.is_empty());
        let listen: SocketAddr =
            get("listen")
                .unwrap_or("127.0.0.1:3000")
                .parse()
                .map_err(|_| {
                    bad(
                        "GATEHOUSE_LISTEN",
                        "expected an address and port such as 127.0.0.1:3000",
                    )
                })?;
        let database_url = match get("database_url") {
            Some(url) => parse_database_url(url)?,
            None => ConnectionUrl::new("sqlite://data/gatehouse.db"),
        };
        let admin_email = get("admin_email")
            .map(Email::parse)
            .transpose()
            .map_err(|e| bad("GATEHOUSE_ADMIN_EMAIL", e))?;
        let admin_password = raw
            .get("admin_password")
            .filter(|v| !v.is_empty())
            .map(|v| Password::parse_new(v))
            .transpose()
            .map_err(|e| bad("GATEHOUSE_ADMIN_PASSWORD", e))?;
        if admin_password.is_some() && admin_email.is_none() {
            return Err(bad(
                "GATEHOUSE_ADMIN_EMAIL",
                "required when GATEHOUSE_ADMIN_PASSWORD is set",
            ));
        }
        let public_url = match get("public_url") {
            Some(url) => parse_public_url(url)?,
            None => format!("http://{listen}"),
        };
        let smtp_url = get("smtp_url").map(parse_smtp_url).transpose()?;
        let mail_from = get("mail_from").unwrap_or("Gatehouse <no-reply@gatehouse.localhost>");
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(bad(
                "GATEHOUSE_MAIL_FROM",
                "expected an address such as \"API team <api@example.com>\"",
            ));
        }
        let secret_key = get("secret_key")
            .map(gatehouse_core::auth::SecretKey::from_hex)
            .transpose()
            .map_err(|e| bad("GATEHOUSE_SECRET_KEY", e))?;
        let shared_database = !database_url.is_sqlite();
        if shared_database && secret_key.is_none() && get("secret_key_file").is_none() {
            // Every instance on a shared database must seal and open with the same key; a
            // key file each instance created for itself would differ.
            return Err(bad(
                "GATEHOUSE_SECRET_KEY",
                "required with PostgreSQL: the same 64 hexadecimal digits on every instance (e.g. from `openssl rand -hex 32`)",
            ));
        }
        let secret_key_file = match get("secret_key_file") {
            Some(path) => PathBuf::from(path),
            None => PathBuf::from(
                database_url
                    .expose()
                    .trim_start_matches("sqlite://")
                    .split('?')
                    .next()
                    .unwrap_or_default(),
            )
            .parent()
            .map(|dir| dir.join("gatehouse.key"))
            .unwrap_or_else(|| PathBuf::from("gatehouse.key")),
        };
        let style = match get("gateway_headers") {
            None => GatewayStyle::Nginx,
            Some(value) => GatewayStyle::parse(value).ok_or_else(|| {
                bad(
                    "GATEHOUSE_GATEWAY_HEADERS",
                    "expected nginx, forwarded (Caddy, Traefik) or envoy",
                )
            })?,
        };
        let host_header = match get("gateway_host_header") {
            None => style.default_host_header().to_string(),
            Some(name) => axum::http::HeaderName::from_bytes(name.as_bytes())
                .map(|n| n.as_str().to_string())
                .map_err(|_| {
                    bad(
                        "GATEHOUSE_GATEWAY_HOST_HEADER",
                        "expected a header name such as X-Forwarded-Host",
                    )
                })?,
        };
        let trusted_proxies = get("trusted_proxies")
            .map(parse_proxies)
            .transpose()?
            .unwrap_or_default();
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get() as u32);
        Ok(Self {
            gateway_headers: GatewayHeaders { style, host_header },
            trusted_proxies,
            sign_in_address_attempts_per_minute: number(
                get("sign_in_address_attempts_per_minute"),
                "GATEHOUSE_SIGN_IN_ADDRESS_ATTEMPTS_PER_MINUTE",
                defaults::SIGN_IN_ADDRESS_ATTEMPTS_PER_MINUTE,
                1..=100_000,
            )?,
            sign_in_account_failures: number(
                get("sign_in_account_failures"),
                "GATEHOUSE_SIGN_IN_ACCOUNT_FAILURES",
                defaults::SIGN_IN_ACCOUNT_FAILURES,
                1..=100_000,
            )?,
            password_hashes_at_once: number(
                get("password_hashes_at_once"),
                "GATEHOUSE_PASSWORD_HASHES_AT_ONCE",
                cores.clamp(1, 64),
                1..=256,
            )?,
            gateway_basic_failures_per_minute: number(
                get("gateway_basic_failures_per_minute"),
                "GATEHOUSE_GATEWAY_BASIC_FAILURES_PER_MINUTE",
                gatehouse_gateway::DEFAULT_BASIC_FAILURES_PER_MINUTE,
                1..=100_000,
            )?,
            gateway_index_limit: get("gateway_index_limit")
                .map(|value| {
                    number(
                        Some(value),
                        "GATEHOUSE_GATEWAY_INDEX_LIMIT",
                        0,
                        0..=u32::MAX,
                    )
                })
                .transpose()?,
            secret_key,
            secret_key_file,
            smtp_url,
            mail_from: mail_from.to_string(),
            listen,
            database_url,
            admin_email,
            admin_password,
            public_url,
            session_hours: number(
                get("session_hours"),
                "GATEHOUSE_SESSION_HOURS",
                defaults::SESSION_HOURS,
                1..=24 * 90,
            )?,
            sign_in_attempts_per_minute: number(
                get("sign_in_attempts_per_minute"),
                "GATEHOUSE_SIGN_IN_ATTEMPTS_PER_MINUTE",
                defaults::SIGN_IN_ATTEMPTS_PER_MINUTE,
                1..=10_000,
            )?,
            sign_ups_per_hour: number(
                get("sign_ups_per_hour"),
                "GATEHOUSE_SIGN_UPS_PER_HOUR",
                defaults::SIGN_UPS_PER_HOUR,
                1..=100_000,
            )?,
        })
    }

    /// Cookies get `Secure` when the portal is reached over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// What the rules need of these settings.
    pub fn portal_config(&self) -> PortalConfig {
        PortalConfig {
            public_url: self.public_url.clone(),
            session_hours: self.session_hours,
            sign_in_attempts_per_minute: self.sign_in_attempts_per_minute,
            sign_in_address_attempts_per_minute: self.sign_in_address_attempts_per_minute,
            sign_in_account_failures: self.sign_in_account_failures,
            sign_ups_per_hour: self.sign_ups_per_hour,
            mail_delivered: self.smtp_url.is_some(),
        }
    }
}

fn known_names() -> String {
    KEYS.iter()
        .map(|k| format!("GATEHOUSE_{}", k.to_ascii_uppercase()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn read_file(path: &PathBuf) -> Result<BTreeMap<String, String>, SettingError> {
    let name = "GATEHOUSE_CONFIG";
    let text = std::fs::read_to_string(path)
        .map_err(|e| bad(name, format!("cannot read {}: {e}", path.display())))?;
    let file: BTreeMap<String, toml::Value> =
        toml::from_str(&text).map_err(|e| bad(name, format!("{}: {e}", path.display())))?;
    let mut out = BTreeMap::new();
    for (key, value) in file {
        if !KEYS.contains(&key.as_str()) {
            return Err(bad(
                name,
                format!("{}: unknown setting `{key}`", path.display()),
            ));
        }
        let value = match value {
            toml::Value::String(s) => s,
            other => other.to_string(),
        };
        out.insert(key, value);
    }
    Ok(out)
}

fn parse_database_url(url: &str) -> Result<ConnectionUrl, SettingError> {
    let name = "GATEHOUSE_DATABASE_URL";
    match url.split_once("://") {
        Some(("sqlite", path)) if !path.is_empty() => Ok(ConnectionUrl::new(url)),
        Some(("postgres" | "postgresql", rest)) if !rest.is_empty() => Ok(ConnectionUrl::new(url)),
        _ => Err(bad(
            name,
            "expected sqlite://PATH (e.g. sqlite://data/gatehouse.db) or postgres://USER:PASSWORD@HOST/DATABASE",
        )),
    }
}

fn parse_smtp_url(url: &str) -> Result<ConnectionUrl, SettingError> {
    use lettre::{AsyncSmtpTransport, Tokio1Executor};
    AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
        .map(|_| ConnectionUrl::new(url))
        .map_err(|e| {
            bad(
                "GATEHOUSE_SMTP_URL",
                format!("expected smtp://HOST:PORT or smtps://USER:PASSWORD@HOST ({e})"),
            )
        })
}

fn parse_public_url(url: &str) -> Result<String, SettingError> {
    let trimmed = url.trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains('/') => Ok(trimmed.to_string()),
        _ => Err(bad(
            "GATEHOUSE_PUBLIC_URL",
            "expected an origin such as https://developers.example.com (no path)",
        )),
    }
}

/// Comma-separated addresses or CIDR blocks (`127.0.0.1, 10.0.0.0/8, ::1`).
fn parse_proxies(value: &str) -> Result<Vec<IpNet>, SettingError> {
    value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| {
            v.parse::<IpNet>()
                .or_else(|_| v.parse::<std::net::IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    bad(
                        "GATEHOUSE_TRUSTED_PROXIES",
                        format!("`{v}` is not an address or CIDR block such as 10.0.0.0/8"),
                    )
                })
        })
        .collect()
}

fn number(
    value: Option<&str>,
    name: &str,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) -> Result<u32, SettingError> {
    let Some(value) = value else {
        return Ok(default);
    };
    value
        .parse::<u32>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            bad(
                name,
                format!(
                    "expected a whole number from {} to {}",
                    range.start(),
                    range.end()
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_need_no_setting() {
        let settings = Settings::from_vars(vars(&[("HOME", "/root")])).unwrap();
        assert_eq!(settings.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(settings.database_url.expose(), "sqlite://data/gatehouse.db");
        assert_eq!(settings.public_url, "http://127.0.0.1:3000");
        assert!(!settings.secure_cookies());
    }

    #[test]
    fn postgresql_needs_the_shared_secret_key() {
        let url = (
            "GATEHOUSE_DATABASE_URL",
            "postgres://gatehouse@db.internal/gatehouse",
        );
        let error = Settings::from_vars(vars(&[url])).unwrap_err();
        assert_eq!(error.name, "GATEHOUSE_SECRET_KEY");
        let key = "ab".repeat(32);
        let settings =
            Settings::from_vars(vars(&[url, ("GATEHOUSE_SECRET_KEY", key.as_str())])).unwrap();
        assert_eq!(settings.database_url.expose(), url.1);
        let error =
            Settings::from_vars(vars(&[("GATEHOUSE_DATABASE_URL", "mysql://db/x")])).unwrap_err();
        assert_eq!(error.name, "GATEHOUSE_DATABASE_URL");
    }

    #[test]
    fn a_bad_setting_is_named() {
        let error = Settings::from_vars(vars(&[("GATEHOUSE_LISTEN", "everywhere")])).unwrap_err();
        assert_eq!(error.name, "GATEHOUSE_LISTEN");
        let error =
            Settings::from_vars(vars(&[("GATEHOUSE_DATABASE_URL", "mysql://x")])).unwrap_err();
        assert_eq!(error.name, "GATEHOUSE_DATABASE_URL");
        let error = Settings::from_vars(vars(&[("GATEHOUSE_ADMIN_EMAIL", "nobody")])).unwrap_err();
        assert_eq!(error.name, "GATEHOUSE_ADMIN_EMAIL");
        let error = Settings::from_vars(vars(&[
            ("GATEHOUSE_ADMIN_EMAIL", "a@example.com"),
            ("GATEHOUSE_ADMIN_PASSWORD", "short"),
        ]))
        .unwrap_err();
        assert_eq!(error.name, "GATEHOUSE_ADMIN_PASSWORD");
    }

    #[test]
    fn gateway_and_proxy_settings_are_checked() {
        let settings = Settings::from_vars(vars(&[
            ("GATEHOUSE_GATEWAY_HEADERS", "envoy"),
            ("GATEHOUSE_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,::1"),
        ]))
        .unwrap();
        assert_eq!(settings.gateway_headers.style, GatewayStyle::Envoy);
        assert_eq!(settings.gateway_headers.host_header, "host");
        assert_eq!(settings.trusted_proxies.len(), 3);
        let defaults = Settings::from_vars(vars(&[])).unwrap();
        assert_eq!(defaults.gateway_headers, GatewayHeaders::default());
        assert!(defaults.trusted_proxies.is_empty());
        for (name, value) in [
            ("GATEHOUSE_GATEWAY_HEADERS", "apache"),
            ("GATEHOUSE_GATEWAY_HOST_HEADER", "bad header"),
            ("GATEHOUSE_TRUSTED_PROXIES", "10.0.0.0/99"),
        ] {
            assert_eq!(
                Settings::from_vars(vars(&[(name, value)]))
                    .unwrap_err()
                    .name,
                name
            );
        }
    }

    #[test]
    fn a_misspelt_setting_is_refused() {
        let error = Settings::from_vars(vars(&[("GATEHOUSE_LISTN", "127.0.0.1:1")])).unwrap_err();
        assert_eq!(error.name, "GATEHOUSE_LISTN");
        assert!(error.problem.contains("GATEHOUSE_LISTEN"));
    }

    #[test]
    fn the_environment_wins_over_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gatehouse.toml");
        std::fs::write(&path, "listen = \"127.0.0.1:4000\"\nsession_hours = 2\n").unwrap();
        let settings = Settings::from_vars(vars(&[
            ("GATEHOUSE_CONFIG", path.to_str().unwrap()),
            ("GATEHOUSE_LISTEN", "127.0.0.1:5000"),
        ]))
        .unwrap();
        assert_eq!(settings.listen.to_string(), "127.0.0.1:5000");
        assert_eq!(settings.session_hours, 2);
    }
}
