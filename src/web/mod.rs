//! The HTTP edge shared by every feature: application state, request guards,
//! cookies, security and CORS headers, page rendering, catchers and metrics.

pub mod assets;
pub mod catchers;
pub mod cookies;
pub mod cors;
pub mod guards;
pub mod headers;
pub mod metrics;
pub mod page;
pub mod trace;

use std::sync::Arc;

use crate::config::Config;
use crate::crypto::x509::SharedTrust;
use crate::hashing::HashPool;
use crate::i18n::Locales;
use crate::keys::Keys;
use crate::store::Store;

/// The secrets every node shares: from the configuration in `prod`, else
/// generated once and kept in the database.
pub struct Secrets {
    pub secret_key: Vec<u8>,
    pub pairwise_salt: Vec<u8>,
    /// Encrypts citizens' TOTP secrets at rest; derived from `secret_key`.
    pub otp_key: Vec<u8>,
}

impl Secrets {
    pub fn new(secret_key: Vec<u8>, pairwise_salt: Vec<u8>) -> Secrets {
        Secrets {
            otp_key: crate::crypto::derive_key(&secret_key, "totp secrets"),
            secret_key,
            pairwise_salt,
        }
    }

    /// A citizen's TOTP secret as stored: encrypted, bound to their pid.
    pub fn seal_otp(&self, pid: &str, secret: &str) -> Result<String, crate::crypto::CryptoError> {
        crate::crypto::seal(&self.otp_key, pid, secret.as_bytes())
    }

    /// A stored TOTP secret in clear; a row from before encryption reads as
    /// it is (the next start encrypts it).
    pub fn open_otp(&self, pid: &str, stored: &str) -> Option<String> {
        if !crate::crypto::is_sealed(stored) {
            return Some(stored.to_owned());
        }
        let opened = crate::crypto::open(&self.otp_key, pid, stored).and_then(|clear| String::from_utf8(clear).ok());
        if opened.is_none() {
            // Every one-time code of this citizen would fail as if mistyped.
            tracing::error!("a stored TOTP secret does not open: was secret_key changed?");
        }
        opened
    }
}

/// Everything a handler needs, managed by Rocket.
pub struct App {
    pub config: Config,
    pub store: Store,
    pub locales: Locales,
    pub keys: Keys,
    pub secrets: Secrets,
    /// Shared with the metrics listener.
    pub metrics: Arc<metrics::Metrics>,
    /// The CAs of clients' business certificates and their revocation
    /// lists, read again on SIGHUP.
    pub trust: Arc<SharedTrust>,
    /// Where passwords are checked, a bounded number at a time.
    pub hashing: HashPool,
}

/// One of the provider's JSON endpoints under the issuer.
pub struct JsonEndpoint {
    pub name: &'static str,
    /// For `Allow`, and a 405 to any other method.
    pub methods: &'static str,
    /// Browsers of other origins may call it: it reads no cookie.
    pub cross_origin: bool,
}

const fn endpoint(name: &'static str, methods: &'static str, cross_origin: bool) -> JsonEndpoint {
    JsonEndpoint {
        name,
        methods,
        cross_origin,
    }
}

pub const JSON_ENDPOINTS: &[JsonEndpoint] = &[
    endpoint(".well-known/openid-configuration", "GET", true),
    endpoint(".well-known/oauth-authorization-server", "GET", true),
    endpoint("jwk", "GET", true),
    endpoint("token", "POST", true),
    endpoint("revoke", "POST", true),
    endpoint("userinfo", "GET, POST", true),
    endpoint("tokeninfo", "POST", false),
    endpoint("par", "POST", false),
];

/// The JSON endpoint a request path names, if any.
pub fn json_endpoint(app: &App, path: &str) -> Option<&'static JsonEndpoint> {
    let name = path.strip_prefix(app.config.issuer_path().as_str())?;
    JSON_ENDPOINTS.iter().find(|endpoint| endpoint.name == name)
}

/// Unix seconds now; the protocol core takes it as an argument.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
