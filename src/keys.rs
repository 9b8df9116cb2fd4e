//! Signing keys: generated at first start, kept encrypted in the database so
//! every node signs with the same key, rotated with a publish delay (SPEC §6).

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::RwLock;

use crate::crypto::{self, Jwk, SigningKey};
use crate::store::{Store, StoredKey};

/// How long a node trusts its copy of the key table.
const CACHE_FOR: Duration = Duration::from_secs(30);

/// How long after its successor activates a key stays published: the longest
/// lifetime of anything it signed.
pub const RETIRE_AFTER: i64 = 24 * 3600;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("key: {0}")]
    Crypto(#[from] crypto::CryptoError),
    #[error("no signing key is active")]
    NoActiveKey,
    #[error("key task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

struct Loaded {
    at: Instant,
    keys: Vec<(StoredKey, Arc<SigningKey>)>,
}

pub struct Keys {
    store: Store,
    passphrase: String,
    loaded: RwLock<Option<Loaded>>,
}

/// One line of `porten keys list`.
#[derive(Serialize)]
pub struct KeyInfo {
    pub kid: String,
    pub alg: String,
    pub state: &'static str,
    pub created_at: i64,
    pub activates_at: i64,
    pub retires_at: Option<i64>,
}

impl Keys {
    pub fn new(store: Store, passphrase: String) -> Keys {
        Keys {
            store,
            passphrase,
            loaded: RwLock::new(None),
        }
    }

    /// Generates the first key when the database has none.
    pub async fn ensure(&self, now: i64) -> Result<(), KeyError> {
        if self.store.all_keys().await?.is_empty() {
            self.add_key(now, now).await?;
        }
        Ok(())
    }

    async fn add_key(&self, now: i64, activates_at: i64) -> Result<StoredKey, KeyError> {
        let passphrase = self.passphrase.clone();
        let (key, pem) = tokio::task::spawn_blocking(move || -> Result<_, crypto::CryptoError> {
            let key = SigningKey::generate()?;
            let pem = key.to_encrypted_pem(&passphrase)?;
            Ok((key, pem))
        })
        .await??;
        let stored = StoredKey {
            kid: key.kid.clone(),
            alg: "RS256".into(),
            private_pem: pem,
            public_jwk: serde_json::to_string(&key.jwk()?).unwrap_or_default(),
            created_at: now,
            activates_at,
            retires_at: None,
        };
        self.store.insert_signing_key(stored.clone()).await?;
        *self.loaded.write().await = None;
        Ok(stored)
    }

    /// Publishes a new key now; it signs after `publish_delay`, and the old
    /// keys leave `jwk` once what they signed has expired.
    pub async fn rotate(&self, now: i64, publish_delay: i64) -> Result<KeyInfo, KeyError> {
        let stored = self.add_key(now, now + publish_delay).await?;
        self.store
            .retire_keys_except(&stored.kid, now + publish_delay + RETIRE_AFTER)
            .await?;
        Ok(info(&stored, now))
    }

    pub async fn list(&self, now: i64) -> Result<Vec<KeyInfo>, KeyError> {
        Ok(self.store.all_keys().await?.iter().map(|k| info(k, now)).collect())
    }

    async fn current(&self, now: i64) -> Result<Vec<(StoredKey, Arc<SigningKey>)>, KeyError> {
        if let Some(loaded) = self.loaded.read().await.as_ref().filter(|l| l.at.elapsed() < CACHE_FOR) {
            return Ok(loaded.keys.clone());
        }
        let stored = self.store.published_keys(now).await?;
        let passphrase = self.passphrase.clone();
        let keys = tokio::task::spawn_blocking(move || -> Result<Vec<_>, crypto::CryptoError> {
            stored
                .into_iter()
                .map(|s| {
                    let key = SigningKey::from_encrypted_pem(&s.kid, &s.private_pem, &passphrase)?;
                    Ok((s, Arc::new(key)))
                })
                .collect()
        })
        .await??;
        *self.loaded.write().await = Some(Loaded {
            at: Instant::now(),
            keys: keys.clone(),
        });
        Ok(keys)
    }

    /// The key that signs now: the newest active one.
    pub async fn signer(&self, now: i64) -> Result<Arc<SigningKey>, KeyError> {
        let keys = self.current(now).await?;
        keys.iter()
            .filter(|(s, _)| s.activates_at <= now)
            .max_by_key(|(s, _)| s.activates_at)
            .map(|(_, k)| k.clone())
            .ok_or(KeyError::NoActiveKey)
    }

    /// The public keys for `jwk`, and for checking what porten signed.
    pub async fn jwks(&self, now: i64) -> Result<Vec<Jwk>, KeyError> {
        let keys = self.current(now).await?;
        keys.iter().map(|(_, k)| k.jwk().map_err(KeyError::from)).collect()
    }

    /// Signs claims off the async executor.
    pub async fn sign(&self, typ: &'static str, claims: serde_json::Value, now: i64) -> Result<String, KeyError> {
        let key = self.signer(now).await?;
        Ok(tokio::task::spawn_blocking(move || key.sign(typ, &claims)).await??)
    }
}

fn info(key: &StoredKey, now: i64) -> KeyInfo {
    let state = match key.retires_at {
        Some(at) if at <= now => "retired",
        _ if key.activates_at > now => "published",
        Some(_) => "retiring",
        None => "active",
    };
    KeyInfo {
        kid: key.kid.clone(),
        alg: key.alg.clone(),
        state,
        created_at: key.created_at,
        activates_at: key.activates_at,
        retires_at: key.retires_at,
    }
}
