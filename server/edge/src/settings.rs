//! The Worker's settings, from its bindings: `GATEHOUSE_*` variables (`[vars]` in
//! wrangler.toml, or `--var` locally) and secrets (`wrangler secret put`). A missing or
//! malformed one is named in the error, which the Worker answers every request with.

use app::model::{Email, Password};
use gatehouse_core::auth::SecretKey;
use gatehouse_core::portal::{defaults, PortalConfig};
use worker::Env;

use crate::mail::HttpMail;
use gatehouse_gateway::{GatewayHeaders, GatewayStyle};

/// The D1 binding's name in wrangler.toml.
pub const DATABASE_BINDING: &str = "DB";

pub struct Settings {
    pub public_url: String,
    pub secret_key: SecretKey,
    pub admin_email: Option<Email>,
    pub admin_password: Option<Password>,
    pub portal: PortalConfig,
    /// Which headers the gateway in front describes the client's request with.
    pub gateway_headers: GatewayHeaders,
    pub gateway_basic_failures_per_minute: u32,
    /// Above this many credentials the gateway's index holds none and each is looked up:
    /// an isolate has 128 MB.
    pub gateway_index_limit: u32,
    /// Where e-mail goes; without `GATEHOUSE_MAIL_API_URL` it stays in the outbox (the
    /// console's e-mail log shows it).
    pub mail: Option<HttpMail>,
    /// `GATEHOUSE_TEST_ROUTES=1` adds routes only tests use (`/__test/panic`). Never set it
    /// on a deployed Worker.
    pub test_routes: bool,
}

/// A binding or setting that is missing or malformed, named.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {problem}")]
pub struct SettingError {
    pub name: &'static str,
    pub problem: String,
}

fn bad(name: &'static str, problem: impl Into<String>) -> SettingError {
    SettingError {
        name,
        problem: problem.into(),
    }
}

/// Where settings are read: the Worker's bindings, under the values a test set through
/// `/__test/reset` (only with `GATEHOUSE_TEST_ROUTES=1`).
pub struct Vars<'a> {
    pub env: &'a Env,
    pub overrides: &'a [(String, String)],
}

impl Vars<'_> {
    /// A variable or secret as text, if set and not blank.
    fn text(&self, name: &str) -> Option<String> {
        let overridden = self
            .overrides
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone());
        overridden
            .or_else(|| self.env.secret(name).map(|s| s.to_string()).ok())
            .or_else(|| self.env.var(name).map(|v| v.to_string()).ok())
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    }
}

fn number(vars: &Vars, name: &'static str, default: u32) -> Result<u32, SettingError> {
    match vars.text(name) {
        None => Ok(default),
        Some(value) => value
            .parse()
            .map_err(|_| bad(name, format!("expected a whole number, got {value:?}"))),
    }
}

impl Settings {
    pub fn read(vars: &Vars) -> Result<Self, SettingError> {
        let public_url = vars.text("GATEHOUSE_PUBLIC_URL")
            .ok_or_else(|| {
                bad(
                    "GATEHOUSE_PUBLIC_URL",
                    "set it (a [vars] entry) to the address people reach the portal at, e.g. https://developers.example.com",
                )
            })?
            .trim_end_matches('/')
            .to_owned();
        if !(public_url.starts_with("https://") || public_url.starts_with("http://")) {
            return Err(bad(
                "GATEHOUSE_PUBLIC_URL",
                "expected an http:// or https:// address",
            ));
        }
        let secret_key = vars.text("GATEHOUSE_SECRET_KEY")
            .ok_or_else(|| {
                bad(
                    "GATEHOUSE_SECRET_KEY",
                    "set this secret (wrangler secret put GATEHOUSE_SECRET_KEY) to 64 hex digits, e.g. from `openssl rand -hex 32`",
                )
            })
            .and_then(|hex| {
                SecretKey::from_hex(&hex).map_err(|problem| bad("GATEHOUSE_SECRET_KEY", problem))
            })?;
        let admin_email = vars
            .text("GATEHOUSE_ADMIN_EMAIL")
            .map(|email| Email::parse(&email).map_err(|p| bad("GATEHOUSE_ADMIN_EMAIL", p)))
            .transpose()?;
        let admin_password = vars
            .text("GATEHOUSE_ADMIN_PASSWORD")
            .map(|password| {
                Password::parse_new(&password).map_err(|p| bad("GATEHOUSE_ADMIN_PASSWORD", p))
            })
            .transpose()?;
        let mail = vars.text("GATEHOUSE_MAIL_API_URL").map(|url| HttpMail {
            url,
            token: vars.text("GATEHOUSE_MAIL_API_TOKEN"),
            from: vars
                .text("GATEHOUSE_MAIL_FROM")
                .unwrap_or_else(|| "Gatehouse <no-reply@gatehouse.localhost>".into()),
        });
        if let Some(mail) = &mail {
            if !mail.url.starts_with("https://") && !mail.url.starts_with("http://") {
                return Err(bad(
                    "GATEHOUSE_MAIL_API_URL",
                    "expected the e-mail API's https:// address",
                ));
            }
        }
        let portal = PortalConfig {
            public_url: public_url.clone(),
            session_hours: number(vars, "GATEHOUSE_SESSION_HOURS", defaults::SESSION_HOURS)?,
            sign_in_attempts_per_minute: number(
                vars,
                "GATEHOUSE_SIGN_IN_ATTEMPTS_PER_MINUTE",
                defaults::SIGN_IN_ATTEMPTS_PER_MINUTE,
            )?,
            sign_in_address_attempts_per_minute: number(
                vars,
                "GATEHOUSE_SIGN_IN_ADDRESS_ATTEMPTS_PER_MINUTE",
                defaults::SIGN_IN_ADDRESS_ATTEMPTS_PER_MINUTE,
            )?,
            sign_in_account_failures: number(
                vars,
                "GATEHOUSE_SIGN_IN_ACCOUNT_FAILURES",
                defaults::SIGN_IN_ACCOUNT_FAILURES,
            )?,
            sign_ups_per_hour: number(
                vars,
                "GATEHOUSE_SIGN_UPS_PER_HOUR",
                defaults::SIGN_UPS_PER_HOUR,
            )?,
            mail_delivered: mail.is_some(),
        };
        let style = match vars.text("GATEHOUSE_GATEWAY_HEADERS") {
            None => GatewayStyle::Nginx,
            Some(value) => GatewayStyle::parse(&value).ok_or_else(|| {
                bad(
                    "GATEHOUSE_GATEWAY_HEADERS",
                    "expected nginx, forwarded (Caddy, Traefik) or envoy",
                )
            })?,
        };
        let gateway_headers = GatewayHeaders {
            style,
            host_header: vars
                .text("GATEHOUSE_GATEWAY_HOST_HEADER")
                .map(|name| name.to_ascii_lowercase())
                .unwrap_or_else(|| style.default_host_header().to_owned()),
        };
        let test_routes = vars.text("GATEHOUSE_TEST_ROUTES").as_deref() == Some("1");
        Ok(Self {
            test_routes,
            public_url,
            secret_key,
            admin_email,
            admin_password,
            portal,
            gateway_headers,
            gateway_basic_failures_per_minute: number(
                vars,
                "GATEHOUSE_GATEWAY_BASIC_FAILURES_PER_MINUTE",
                gatehouse_gateway::DEFAULT_BASIC_FAILURES_PER_MINUTE,
            )?,
            gateway_index_limit: number(
                vars,
                "GATEHOUSE_GATEWAY_INDEX_LIMIT",
                gatehouse_gateway::ISOLATE_INDEX_LIMIT,
            )?,
            mail,
        })
    }
}
