//! `gatehouse import kong <file>`: Kong consumers and their credentials, from a decK dump
//! (YAML or JSON), brought in with their secrets so keys issued by Kong keep working.
//!
//! A consumer whose `username` or `custom_id` is an e-mail address becomes that developer
//! (created approved if new) with one application, "Imported from Kong"; a consumer tagged
//! `owner:<email>` is an application of that developer, named after its oauth2 credential or
//! its username. Each credential goes through the same rule as an admin's import in the
//! console or the API. What cannot come over is skipped with the reason: a consumer without
//! an address, a basic-auth password Kong stored hashed, a hashed oauth2 secret, a jwt
//! algorithm Gatehouse does not verify. Running it again finds everything there and changes
//! nothing.

mod deck;

use app::api::{Applications, RequestInfo};
use app::error::AppError;
use app::model::{
    AppName, AppOwner, ConsoleWriter, CredentialKind, CredentialRequest, CredentialSpec,
    DeveloperStatus, Email, JwtAlgorithm,
};

use gatehouse_core::portal::{ImportedSecret, Portal};

/// The application a developer consumer's credentials go to.
const IMPORTED_APPLICATION: &str = "Imported from Kong";

/// What an import did, line by line, and the totals.
#[derive(Debug, Default)]
pub struct Report {
    pub lines: Vec<String>,
    pub developers: usize,
    pub applications: usize,
    pub credentials: usize,
    pub unchanged: usize,
    pub skipped: usize,
}

impl Report {
    fn imported(&mut self, what: String) {
        self.lines.push(format!("imported   {what}"));
    }
    fn unchanged(&mut self, what: String) {
        self.unchanged += 1;
        self.lines.push(format!("unchanged  {what}"));
    }
    fn skipped(&mut self, what: String, why: &str) {
        self.skipped += 1;
        self.lines.push(format!("skipped    {what}: {why}"));
    }

    pub fn summary(&self) -> String {
        format!(
            "Imported {} developers, {} applications and {} credentials; {} already there; {} skipped.",
            self.developers, self.applications, self.credentials, self.unchanged, self.skipped
        )
    }
}

/// Imports `text` (a decK dump) for the admin `writer`.
pub async fn import(
    portal: &Portal,
    writer: &ConsoleWriter,
    request: &RequestInfo,
    text: &str,
) -> anyhow::Result<Report> {
    let file = deck::parse(text)?;
    let mut report = Report::default();
    for consumer in &file.consumers {
        import_consumer(portal, writer, request, consumer, &mut report).await?;
    }
    Ok(report)
}

async fn import_consumer(
    portal: &Portal,
    writer: &ConsoleWriter,
    request: &RequestInfo,
    consumer: &deck::Consumer,
    report: &mut Report,
) -> anyhow::Result<()> {
    let label = format!("consumer {}", consumer.label());
    let owner_tag = consumer.owner_tag();
    let address = owner_tag
        .or(consumer.username.as_deref())
        .and_then(|text| Email::parse(text).ok())
        .or_else(|| {
            consumer
                .custom_id
                .as_deref()
                .and_then(|text| Email::parse(text).ok())
        });
    let Some(email) = address else {
        report.skipped(
            label,
            "no e-mail address in its username, custom_id or an owner:<email> tag",
        );
        return Ok(());
    };
    let full_name = match owner_tag {
        Some(_) => email
            .as_str()
            .split('@')
            .next()
            .unwrap_or_default()
            .to_string(),
        None => [consumer.username.as_deref(), consumer.custom_id.as_deref()]
            .into_iter()
            .flatten()
            .find(|text| Email::parse(text).is_err())
            .unwrap_or_else(|| email.as_str().split('@').next().unwrap_or_default())
            .to_string(),
    };
    let developer = portal
        .import_developer(writer, &email, &full_name, request)
        .await
        .map_err(|e| anyhow::anyhow!("{label}: {e}"))?;
    if developer.created {
        report.developers += 1;
        report.imported(format!("developer {email} (approved)"));
    }
    if developer.status != DeveloperStatus::Approved {
        report.skipped(
            label,
            &format!(
                "the developer {email} is {} here: approve them, then import again",
                developer.status.label().to_lowercase()
            ),
        );
        return Ok(());
    }
    let owner = writer
        .acting_for(&developer.id, email.as_str(), developer.status)
        .map_err(anyhow::Error::msg)?;
    let application_name = match owner_tag {
        Some(_) => consumer
            .oauth2_credentials
            .iter()
            .find_map(|oauth| oauth.name.clone())
            .unwrap_or_else(|| consumer.label()),
        None => IMPORTED_APPLICATION.to_string(),
    };
    let application = application(portal, &owner, &application_name, request, report).await?;
    for (what, credential) in credentials(consumer) {
        let what = format!("{what} of {email}");
        match credential {
            Err(why) => report.skipped(what, why),
            Ok((spec, secret)) => {
                match portal
                    .import_credential(&owner, &application, spec, secret, request)
                    .await
                {
                    Ok(_) => {
                        report.credentials += 1;
                        report.imported(what);
                    }
                    Err(error) if imported_before(&error) => report.unchanged(what),
                    Err(error) => report.skipped(what, &error.to_string()),
                }
            }
        }
    }
    Ok(())
}

/// The id of `owner`'s application called `name`, created if there is none.
async fn application(
    portal: &Portal,
    owner: &AppOwner,
    name: &str,
    request: &RequestInfo,
    report: &mut Report,
) -> anyhow::Result<String> {
    let existing = portal
        .store()
        .developer_applications(owner.developer_id())
        .await?
        .into_iter()
        .find(|(row, _)| row.name == name);
    if let Some((row, _)) = existing {
        return Ok(row.id);
    }
    let app_name =
        AppName::parse(name).map_err(|e| anyhow::anyhow!("application {name:?}: {e}"))?;
    let id = portal
        .create_application(owner, app_name, "Imported from Kong.".into(), request)
        .await
        .map_err(|e| anyhow::anyhow!("application {name:?}: {e}"))?;
    report.applications += 1;
    report.imported(format!("application {name:?} of {}", owner.email()));
    Ok(id)
}

/// A refusal that says the credential is here already (a second run).
fn imported_before(error: &AppError) -> bool {
    let message = error.to_string();
    message.contains("imported before") || message.contains("username is taken")
}

type Importable = Result<(CredentialSpec, ImportedSecret), &'static str>;

/// Each credential of a consumer, described for the report, as Gatehouse would import it or
/// with why it cannot be.
fn credentials(consumer: &deck::Consumer) -> Vec<(String, Importable)> {
    let mut found = Vec::new();
    for key in &consumer.keyauth_credentials {
        let days = key.ttl.map_or(0, |ttl| ttl.div_ceil(86_400) as u32);
        found.push((
            format!("key-auth key {}…", prefix(&key.key)),
            spec(CredentialKind::KeyAuth, "", None, None, days)
                .map(|spec| (spec, secret(&key.key, None))),
        ));
    }
    for basic in &consumer.basicauth_credentials {
        let what = format!("basic-auth {}", basic.username);
        if deck::looks_hashed(&basic.password) {
            found.push((
                what,
                Err("the dump holds Kong's hash of the password, not the password: the developer makes a new one"),
            ));
            continue;
        }
        found.push((
            what,
            spec(CredentialKind::BasicAuth, &basic.username, None, None, 0)
                .map(|spec| (spec, secret(&basic.password, None))),
        ));
    }
    for hmac in &consumer.hmacauth_credentials {
        found.push((
            format!("hmac-auth {}", hmac.username),
            spec(CredentialKind::HmacAuth, &hmac.username, None, None, 0)
                .map(|spec| (spec, secret(&hmac.secret, None))),
        ));
    }
    for jwt in &consumer.jwt_secrets {
        found.push((format!("jwt {}", jwt.key), jwt_credential(jwt)));
    }
    for oauth in &consumer.oauth2_credentials {
        let what = format!("oauth2 client {}", oauth.client_id);
        if oauth.hash_secret || oauth.client_secret.starts_with('$') {
            found.push((
                what,
                Err("Kong stored the client secret hashed: issue the client a new one"),
            ));
            continue;
        }
        found.push((
            what,
            spec(CredentialKind::OAuth2, "", None, None, 0)
                .map(|spec| (spec, secret(&oauth.client_secret, Some(&oauth.client_id)))),
        ));
    }
    found
}

fn jwt_credential(jwt: &deck::JwtSecret) -> Importable {
    let algorithm = JwtAlgorithm::parse(jwt.algorithm.as_deref().unwrap_or("HS256"))
        .ok_or("Gatehouse verifies HS256, HS384, HS512, RS256 and ES256 tokens only")?;
    let public_key = algorithm
        .uses_public_key()
        .then(|| jwt.rsa_public_key.clone().unwrap_or_default());
    // Kong keeps a random secret beside a public key; Gatehouse stores what it is given.
    let secret_text = jwt
        .secret
        .as_deref()
        .ok_or("the dump has no secret for this jwt credential")?;
    spec(CredentialKind::Jwt, "", Some(algorithm), public_key, 0)
        .map(|spec| (spec, secret(secret_text, Some(&jwt.key))))
}

fn spec(
    kind: CredentialKind,
    username: &str,
    algorithm: Option<JwtAlgorithm>,
    public_key: Option<String>,
    days: u32,
) -> Result<CredentialSpec, &'static str> {
    CredentialSpec::try_from(CredentialRequest {
        kind,
        name: format!("{} (from Kong)", kind.as_str()),
        username: username.to_string(),
        algorithm,
        public_key: public_key.unwrap_or_default(),
        expires_in_days: if days == 0 { String::new() } else { days.to_string() },
    })
    .map_err(|_| "its fields do not fit Gatehouse's rules (a username of 3–64 letters, digits, \".\", \"_\", \"@\" or \"-\")")
}

fn secret(value: &str, identifier: Option<&str>) -> ImportedSecret {
    ImportedSecret {
        secret: value.to_string(),
        identifier: identifier.map(str::to_string),
    }
}

/// The first characters of a key, for the report (never the whole secret).
fn prefix(key: &str) -> String {
    key.chars().take(6).collect()
}
