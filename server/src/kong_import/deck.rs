//! A Kong declarative configuration as decK writes it (`deck gateway dump`, format 3.0 or
//! 1.1), in YAML or JSON: the consumers and their credentials. Everything else in the file
//! (services, routes, plugins) is read past.

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct DeckFile {
    #[serde(rename = "_format_version")]
    pub format_version: Option<String>,
    #[serde(default)]
    pub consumers: Vec<Consumer>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Consumer {
    pub username: Option<String>,
    pub custom_id: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub keyauth_credentials: Vec<KeyAuth>,
    #[serde(default)]
    pub basicauth_credentials: Vec<BasicAuth>,
    #[serde(default)]
    pub hmacauth_credentials: Vec<HmacAuth>,
    #[serde(default)]
    pub jwt_secrets: Vec<JwtSecret>,
    #[serde(default)]
    pub oauth2_credentials: Vec<OAuth2>,
}

#[derive(Debug, Deserialize)]
pub struct KeyAuth {
    pub key: String,
    /// Seconds left when the dump was taken.
    pub ttl: Option<u64>,
}

#[derive(Debug, Deserialize)]
pub struct BasicAuth {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Deserialize)]
pub struct HmacAuth {
    pub username: String,
    pub secret: String,
}

#[derive(Debug, Deserialize)]
pub struct JwtSecret {
    /// What tokens carry in `iss`.
    pub key: String,
    pub secret: Option<String>,
    pub algorithm: Option<String>,
    pub rsa_public_key: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct OAuth2 {
    pub name: Option<String>,
    pub client_id: String,
    pub client_secret: String,
    #[serde(default)]
    pub hash_secret: bool,
}

/// Reads a decK file; JSON is YAML too, so one parser takes both.
pub fn parse(text: &str) -> anyhow::Result<DeckFile> {
    let file: DeckFile = serde_norway::from_str(text)
        .map_err(|error| anyhow::anyhow!("not a Kong declarative configuration: {error}"))?;
    match file.format_version.as_deref() {
        Some("3.0" | "1.1" | "2.1") => Ok(file),
        Some(other) => anyhow::bail!("_format_version {other:?}: expected \"3.0\" or \"1.1\""),
        None => anyhow::bail!("no _format_version: is this a decK file (deck gateway dump)?"),
    }
}

impl Consumer {
    /// The name the report gives the consumer.
    pub fn label(&self) -> String {
        self.username
            .clone()
            .or_else(|| self.custom_id.clone())
            .unwrap_or_else(|| "(a consumer without username or custom_id)".into())
    }

    /// The developer an `owner:<email>` tag names (an application kept as its own consumer).
    pub fn owner_tag(&self) -> Option<&str> {
        self.tags.iter().find_map(|tag| tag.strip_prefix("owner:"))
    }
}

/// Whether a basic-auth password in a dump is Kong's hash of it (hex SHA-1 or SHA-256),
/// which cannot be turned back into the password.
pub fn looks_hashed(password: &str) -> bool {
    matches!(password.len(), 40 | 64) && password.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_json_dumps_read_alike() {
        let yaml = "_format_version: \"3.0\"\nconsumers:\n- username: a@example.com\n  keyauth_credentials:\n  - key: k1\n";
        let json = r#"{"_format_version":"3.0","consumers":[{"username":"a@example.com","keyauth_credentials":[{"key":"k1"}]}]}"#;
        for text in [yaml, json] {
            let file = parse(text).expect("a dump");
            assert_eq!(file.consumers[0].keyauth_credentials[0].key, "k1");
        }
        assert!(parse("consumers: []").is_err());
        assert!(looks_hashed("0157963fab74d7d97914c56329de34872bd5eb90"));
        assert!(!looks_hashed("Fjord-Lantern-2718"));
    }
}
