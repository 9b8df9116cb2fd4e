//! porten: an OpenID Connect provider for citizen login, compatible with
//! ID-porten. `build` assembles the application from its stages; `main` and
//! the tests use the same builder.

pub mod audit;
pub mod cli;
pub mod config;
pub mod core;
pub mod crypto;
pub mod domain;
pub mod hashing;
pub mod i18n;
pub mod keys;
pub mod krr;
pub mod logging;
pub mod oidc;
pub mod preview;
pub mod seed;
pub mod store;
pub mod web;

use std::sync::Arc;

use rocket::{Build, Rocket};

use crate::config::Config;
use crate::crypto::x509::{SharedTrust, TrustStore};
use crate::i18n::{LocaleSource, Locales};
use crate::keys::Keys;
use crate::store::Store;
use crate::web::{App, Secrets};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("keys: {0}")]
    Keys(#[from] keys::KeyError),
    #[error("translations: {0}")]
    Locales(#[from] i18n::LocaleError),
    #[error("seed: {0}")]
    Seed(#[from] seed::SeedError),
    #[error("trust_store {path}: {reason}")]
    TrustStore { path: String, reason: String },
    #[error("crl_files {path}: {reason}")]
    Crl { path: String, reason: String },
}

/// The secrets of this deployment: configured in `prod`, else generated
/// once and kept in the database, so restarts keep every `sub` and cookie.
pub async fn secrets(config: &Config, store: &Store) -> Result<(Secrets, String), sea_orm::DbErr> {
    let get = |name: &'static str, configured: Option<String>| async move {
        match configured {
            Some(value) => Ok(value),
            None => store.setting_or_create(name, crypto::random_token).await,
        }
    };
    let secret_key = get("secret_key", config.secret_key.clone()).await?;
    let pairwise_salt = get("pairwise_salt", config.pairwise_salt.clone()).await?;
    let passphrase = get("key_passphrase", config.key_passphrase.clone()).await?;
    Ok((
        Secrets::new(secret_key.into_bytes(), pairwise_salt.into_bytes()),
        passphrase,
    ))
}

/// Where translations come from: `locales_dir`, else `./locales`, else the built-in copies.
pub fn locale_source(config: &Config) -> LocaleSource {
    match &config.locales_dir {
        Some(dir) => LocaleSource::Dir(dir.clone()),
        None if std::path::Path::new("locales/nb").is_dir() => LocaleSource::Dir("locales".into()),
        None => LocaleSource::Embedded,
    }
}

/// The CAs of clients' business certificates, from `trust_store`, with the
/// revocation lists of `crl_files`.
pub fn trust_store(config: &Config) -> Result<TrustStore, StartError> {
    let Some(path) = &config.trust_store else {
        return Ok(TrustStore::none());
    };
    let failed = |reason: String| StartError::TrustStore {
        path: path.display().to_string(),
        reason,
    };
    let pem = std::fs::read(path).map_err(|e| failed(e.to_string()))?;
    let trust = TrustStore::from_pem(&pem).map_err(|e| failed(format!("not a PEM bundle of CA certificates: {e}")))?;
    let mut crls = Vec::new();
    for path in &config.crl_files {
        let failed = |reason: String| StartError::Crl {
            path: path.display().to_string(),
            reason,
        };
        let bytes = std::fs::read(path).map_err(|e| failed(e.to_string()))?;
        crls.extend(crypto::x509::parse_crls(&bytes).map_err(|e| failed(format!("not a CRL in PEM or DER: {e}")))?);
    }
    let trust = trust.with_crls(crls);
    tracing::info!(cas = trust.len(), crls = trust.crls(), path = %path.display(), "trust store loaded");
    Ok(trust)
}

/// Reads `trust_store` and `crl_files` again (on SIGHUP); a file that no
/// longer reads keeps the ones in use.
pub fn reload_trust(app: &App) -> Result<(), StartError> {
    let trust = trust_store(&app.config)?;
    app.trust.replace(trust);
    Ok(())
}

/// Connects and migrates the database.
pub async fn open_store(config: &Config) -> Result<Store, StartError> {
    let store = Store::connect(&config.database_url).await?;
    store.migrate().await?;
    Ok(store)
}

/// The ready application state: database migrated, secrets and keys loaded,
/// test citizens seeded where the profile wants them.
pub async fn app(config: Config) -> Result<App, StartError> {
    let trust = Arc::new(SharedTrust::new(trust_store(&config)?));
    let store = open_store(&config).await?;
    // Registrations stored before the rules they break: named at every start.
    let rules = core::client::UriRules::for_prod(config.is_prod());
    for client in store.clients().await? {
        if let Err(problem) = client.validate(rules) {
            tracing::error!(client_id = %client.client_id, %problem, "a registered client breaks the registration rules: update it");
        }
    }
    let (secrets, passphrase) = secrets(&config, &store).await?;
    let keys = Keys::new(store.clone(), passphrase);
    keys.ensure(web::now()).await?;
    seal_otp_secrets(&store, &secrets).await?;
    if config.test_users() {
        seed::test_citizens(&store, &secrets).await?;
        seed::krr_persons(&store, web::now()).await?;
    }
    if config.is_dev() {
        seed::demo_client(&store, &config.issuer).await?;
    }
    // Outside dev a broken translation stops the start; in dev edits reload.
    let locales = Locales::load(locale_source(&config), config.is_dev())?;
    let login_wait = std::time::Duration::from_millis(config.login_wait_ms);
    let hashing = match config.login_threads {
        Some(threads) => hashing::HashPool::new(threads, login_wait),
        None => hashing::HashPool::per_core(login_wait),
    };
    Ok(App {
        config,
        store,
        locales,
        keys,
        secrets,
        metrics: Arc::new(web::metrics::Metrics::default()),
        trust,
        hashing,
    })
}

/// Encrypts TOTP secrets stored in clear by earlier versions.
async fn seal_otp_secrets(store: &Store, secrets: &Secrets) -> Result<(), StartError> {
    let plain = store.plain_otp_secrets().await?;
    for (pid, secret) in &plain {
        let sealed = secrets.seal_otp(pid, secret).map_err(seed::SeedError::from)?;
        store.set_otp_secret(pid, &sealed).await?;
    }
    if !plain.is_empty() {
        tracing::info!(citizens = plain.len(), "TOTP secrets encrypted at rest");
    }
    Ok(())
}

/// Rocket with every stage attached.
pub fn rocket(app: App) -> Rocket<Build> {
    let config = &app.config;
    let figment = rocket::Config::figment()
        .merge(("address", config.address))
        .merge(("port", config.port))
        .merge(("ident", "porten"))
        .merge(("log_level", rocket::config::LogLevel::Off))
        .merge(("cli_colors", false))
        .merge(match &config.ip_header {
            Some(header) => ("ip_header", rocket::figment::value::Value::from(header.as_str())),
            None => ("ip_header", rocket::figment::value::Value::from(false)),
        });
    let issuer_path = config.issuer_path();
    let hsts = !config.is_dev();
    let preview = !config.is_prod();
    let rocket = rocket::custom(figment)
        .attach(web::headers::SecurityHeaders { hsts })
        .attach(web::metrics::RequestMetrics)
        .attach(web::metrics::MetricsListener)
        .attach(web::cors::Cors)
        .attach(oidc::stage(issuer_path.clone(), config.is_dev()))
        .attach(krr::stage())
        .attach(rocket::fairing::AdHoc::on_liftoff("purge", |rocket| {
            Box::pin(start_purge(rocket))
        }))
        .attach(rocket::fairing::AdHoc::on_liftoff("reload on SIGHUP", |rocket| {
            Box::pin(reload_on_hangup(rocket))
        }))
        .mount(
            issuer_path.as_str(),
            web::trace::traced(rocket::routes![web::assets::asset, web::cors::preflight]),
        )
        .register("/", rocket::catchers![web::catchers::default]);
    // The translators' gallery shows sample data only, but still: not in prod.
    if preview {
        rocket.attach(preview::stage(issuer_path)).manage(app)
    } else {
        rocket.manage(app)
    }
}

/// Purges what has ended every `purge_interval` seconds until shutdown.
async fn start_purge(rocket: &Rocket<rocket::Orbit>) {
    let Some(app) = rocket.state::<App>() else { return };
    let store = app.store.clone();
    let idle_timeout = app.config.session_idle_timeout;
    let every = std::time::Duration::from_secs(app.config.purge_interval);
    let mut shutdown = rocket.shutdown();
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = &mut shutdown => break,
            }
            match store.purge(web::now(), idle_timeout).await {
                Ok(deleted) => tracing::debug!(deleted, "purged ended rows"),
                Err(error) => tracing::error!(%error, "purge failed"),
            }
        }
    });
}

/// Reads the trust store and revocation lists again on every SIGHUP.
async fn reload_on_hangup(rocket: &Rocket<rocket::Orbit>) {
    use tokio::signal::unix::{SignalKind, signal};
    let Some(app) = rocket.state::<App>() else { return };
    if app.config.trust_store.is_none() {
        return;
    }
    let (config, shared) = (app.config.clone(), app.trust.clone());
    let Ok(mut hangups) = signal(SignalKind::hangup()) else {
        tracing::warn!("SIGHUP cannot be caught: revocation lists are read at start only");
        return;
    };
    let mut shutdown = rocket.shutdown();
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = hangups.recv() => {}
                _ = &mut shutdown => break,
            }
            match trust_store(&config) {
                Ok(trust) => shared.replace(trust),
                Err(error) => tracing::error!(%error, "SIGHUP: kept the trust store in use"),
            }
        }
    });
}

pub async fn build(config: Config) -> Result<Rocket<Build>, StartError> {
    Ok(rocket(app(config).await?))
}
