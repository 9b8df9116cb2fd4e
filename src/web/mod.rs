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

use std::sync::Arc;

use crate::config::Config;
use crate::crypto::x509::TrustStore;
use crate::i18n::Locales;
use crate::keys::Keys;
use crate::store::Store;

/// The secrets every node shares: from the configuration in `prod`, else
/// generated once and kept in the database.
pub struct Secrets {
    pub secret_key: Vec<u8>,
    pub pairwise_salt: Vec<u8>,
}

/// Everything a handler needs, managed by Rocket.
pub struct App {
    pub config: Config,
    pub store: Store,
    pub locales: Locales,
    pub keys: Keys,
    pub secrets: Secrets,
    pub metrics: metrics::Metrics,
    /// The CAs of clients' business certificates.
    pub trust: Arc<TrustStore>,
}

/// Unix seconds now; the protocol core takes it as an argument.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
