//! porten's configuration: Rocket's Figment under the `PORTEN_` prefix, read
//! once into a typed `Config` and validated before anything starts.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use rocket::figment::providers::{Env, Format, Serialized, Toml};
use rocket::figment::{Figment, Profile};
use serde::{Deserialize, Serialize};

use crate::domain::Acr;

pub const PROFILES: &[&str] = &["dev", "ver1", "ver2", "yt2", "prod"];

/// Which login method earns which `acr`: an assurance level is a promise the
/// operator makes, so `prod` must set it explicitly.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Levels {
    pub password: Acr,
    pub password_otp: Acr,
}

impl Default for Levels {
    fn default() -> Self {
        Levels {
            password: Acr::Level3,
            password_otp: Acr::Level4,
        }
    }
}

impl Levels {
    pub fn lowest(&self) -> Acr {
        self.password.min(self.password_otp)
    }

    /// Whether password alone reaches `acr`, or the one-time code is needed too.
    pub fn needs_otp(&self, acr: Acr) -> bool {
        self.password < acr
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct Config {
    pub issuer: String,
    pub address: IpAddr,
    pub port: u16,
    pub database_url: String,
    pub test_users: Option<bool>,
    pub secret_key: Option<String>,
    pub pairwise_salt: Option<String>,
    pub key_passphrase: Option<String>,
    pub levels: Option<Levels>,
    pub locales_dir: Option<PathBuf>,
    pub static_dir: Option<PathBuf>,
    /// A PEM bundle of the CA certificates whose business certificates
    /// (`x5c`) clients may sign assertions with; none are accepted without it.
    pub trust_store: Option<PathBuf>,
    /// Revocation lists (PEM or DER) of the CAs in `trust_store`.
    pub crl_files: Vec<PathBuf>,
    /// Seconds an SSO session survives without use, and at most.
    pub session_idle_timeout: i64,
    pub session_max_lifetime: i64,
    /// Seconds a rotated-in key is published before it signs.
    pub key_publish_delay: i64,
    /// Seconds between purges of what has ended.
    pub purge_interval: u64,
    /// The header a trusted reverse proxy puts the citizen's address in
    /// (e.g. `X-Real-IP`); without it the connection's address counts, since
    /// anyone can send such a header to a provider that is not behind one.
    pub ip_header: Option<String>,
    /// Threads that check passwords (default: one per core), and how many
    /// milliseconds a login waits for one before it is turned away (429).
    pub login_threads: Option<usize>,
    pub login_wait_ms: u64,
    pub log_level: String,
    /// `text` (default) or `json`: one JSON object a line.
    pub log_format: String,
    /// Where `/metrics` is served, apart from the issuer's listener; empty
    /// turns it off.
    pub metrics_address: String,
    #[serde(skip)]
    pub profile: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            issuer: "http://127.0.0.1:8080/idporten-oidc-provider/".into(),
            address: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8080,
            database_url: "sqlite://porten.db?mode=rwc".into(),
            test_users: None,
            secret_key: None,
            pairwise_salt: None,
            key_passphrase: None,
            levels: None,
            locales_dir: None,
            static_dir: None,
            trust_store: None,
            crl_files: Vec::new(),
            session_idle_timeout: 30 * 60,
            session_max_lifetime: 120 * 60,
            key_publish_delay: 3600,
            purge_interval: 300,
            ip_header: None,
            login_threads: None,
            login_wait_ms: 2000,
            log_level: "info".into(),
            log_format: "text".into(),
            metrics_address: "127.0.0.1:9464".into(),
            profile: "dev".into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Figment(#[from] Box<rocket::figment::Error>),
    #[error("configuration: {0}")]
    Invalid(String),
}

impl Config {
    /// Reads `Porten.toml` (or `PORTEN_CONFIG`), then `PORTEN_*` variables, for
    /// the profile named by `PORTEN_PROFILE`.
    pub fn load() -> Result<Config, ConfigError> {
        let profile = std::env::var("PORTEN_PROFILE").unwrap_or_else(|_| "dev".into());
        let file = std::env::var("PORTEN_CONFIG").unwrap_or_else(|_| "Porten.toml".into());
        let figment = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(file).nested())
            .merge(Env::prefixed("PORTEN_").ignore(&["PROFILE", "CONFIG"]).global());
        Config::from_figment(figment, &profile)
    }

    pub fn from_figment(figment: Figment, profile: &str) -> Result<Config, ConfigError> {
        if !PROFILES.contains(&profile) {
            return Err(ConfigError::Invalid(format!(
                "unknown profile {profile:?}; use one of {}",
                PROFILES.join(", ")
            )));
        }
        let mut config: Config = figment.select(Profile::new(profile)).extract().map_err(Box::new)?;
        config.profile = profile.to_owned();
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |message: String| Err(ConfigError::Invalid(message));
        let issuer = match url::Url::parse(&self.issuer) {
            Ok(url) => url,
            Err(e) => return invalid(format!("issuer {:?} is not a URL: {e}", self.issuer)),
        };
        if !matches!(issuer.scheme(), "http" | "https")
            || !self.issuer.ends_with('/')
            || issuer.query().is_some()
            || issuer.fragment().is_some()
        {
            return invalid(format!(
                "issuer {:?} must be an http(s) URL ending in '/', without query or fragment",
                self.issuer
            ));
        }
        if self.is_prod() {
            if issuer.scheme() != "https" {
                return invalid("prod needs an https issuer (PORTEN_ISSUER)".into());
            }
            let missing: Vec<&str> = [
                ("secret_key (PORTEN_SECRET_KEY)", &self.secret_key),
                ("pairwise_salt (PORTEN_PAIRWISE_SALT)", &self.pairwise_salt),
                ("key_passphrase (PORTEN_KEY_PASSPHRASE)", &self.key_passphrase),
            ]
            .iter()
            .filter(|(_, value)| value.as_deref().is_none_or(|v| v.len() < 16))
            .map(|(name, _)| *name)
            .collect();
            if !missing.is_empty() {
                return invalid(format!(
                    "prod needs these secrets, each at least 16 characters: {}",
                    missing.join(", ")
                ));
            }
            if self.levels.is_none() {
                return invalid(
                    "prod needs the login levels set explicitly, e.g. [prod.levels] password = \"Level3\", password_otp = \"Level4\"".into(),
                );
            }
            if self.test_users == Some(true) {
                return invalid("test users and TestID are not allowed in prod".into());
            }
        }
        if self.session_idle_timeout <= 0
            || self.session_max_lifetime <= 0
            || self.key_publish_delay < 0
            || self.purge_interval == 0
        {
            return invalid(
                "session timeouts and purge_interval must be positive and key_publish_delay not negative".into(),
            );
        }
        if !matches!(self.log_format.as_str(), "text" | "json") {
            return invalid(format!("log_format {:?} must be text or json", self.log_format));
        }
        if !self.metrics_address.is_empty() && self.metrics_address.parse::<std::net::SocketAddr>().is_err() {
            return invalid(format!(
                "metrics_address {:?} must be an address and port such as 127.0.0.1:9464, or empty to turn metrics off",
                self.metrics_address
            ));
        }
        Ok(())
    }

    /// The address of the metrics listener, unless it is off.
    pub fn metrics_address(&self) -> Option<std::net::SocketAddr> {
        self.metrics_address.parse().ok()
    }

    pub fn is_prod(&self) -> bool {
        self.profile == "prod"
    }

    pub fn is_dev(&self) -> bool {
        self.profile == "dev"
    }

    pub fn test_users(&self) -> bool {
        self.test_users.unwrap_or(!self.is_prod())
    }

    pub fn levels(&self) -> Levels {
        self.levels.clone().unwrap_or_default()
    }

    /// The issuer's path, where the provider's routes mount: `/idporten-oidc-provider/`.
    pub fn issuer_path(&self) -> String {
        url::Url::parse(&self.issuer)
            .map(|u| u.path().to_owned())
            .unwrap_or_else(|_| "/".into())
    }

    /// An absolute URL of one of the provider's endpoints.
    pub fn endpoint(&self, name: &str) -> String {
        format!("{}{name}", self.issuer)
    }

    /// The issuer's origin, for the contact register's URLs.
    pub fn origin(&self) -> String {
        url::Url::parse(&self.issuer)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(pairs: &[(&str, &str)], profile: &str) -> Result<Config, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        for (key, value) in pairs {
            figment = figment.merge((*key, *value));
        }
        Config::from_figment(figment, profile)
    }

    #[test]
    fn dev_starts_with_defaults() {
        let config = load(&[], "dev").unwrap();
        assert_eq!(config.issuer_path(), "/idporten-oidc-provider/");
        assert!(config.test_users());
    }

    #[test]
    fn prod_refuses_missing_secrets_and_http_issuer() {
        let error = load(&[], "prod").unwrap_err().to_string();
        assert!(error.contains("https"), "{error}");
        let error = load(&[("issuer", "https://login.example/")], "prod")
            .unwrap_err()
            .to_string();
        assert!(error.contains("secret_key"), "{error}");
    }

    #[test]
    fn unknown_profiles_are_refused() {
        assert!(load(&[], "staging").is_err());
    }
}
